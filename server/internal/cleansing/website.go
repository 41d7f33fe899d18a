package cleansing

import (
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// maxURLLen bounds a website address; browsers and proxies cope with about 2,000.
const maxURLLen = 2048

// Website returns s as an absolute http or https URL: https:// added when there is no
// scheme, scheme and host lowercased, the default port and trailing slashes dropped. The
// error's text is a message for the field.
func Website(s string) (string, error) {
	s, err := cleanText(s)
	if err != nil {
		return "", err
	}
	switch {
	case s == "":
		return "", problem("is required")
	case len(s) > maxURLLen:
		return "", problemf("must be at most %d characters", maxURLLen)
	case strings.ContainsFunc(s, unicode.IsSpace):
		return "", problem("must not contain spaces")
	}
	if i := strings.Index(s, "://"); i >= 0 {
		if scheme := strings.ToLower(s[:i]); scheme != "http" && scheme != "https" {
			// javascript:, data:, file: and friends would run or open something in the
			// browser of the customer who clicks the supplier's link.
			return "", problem("must be an http or https address")
		}
	} else if hasScheme(s) {
		return "", problem("must be an http or https address")
	} else {
		s = "https://" + strings.TrimPrefix(s, "//")
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" || u.Host == "" {
		return "", problem("is not a web address, like https://example.com")
	}
	if u.User != nil {
		// "https://yourbank.com@evil.example" reads as the bank and opens the other host.
		return "", problem("must not contain a user name or password")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if why := checkHostname(host); why != "" {
		return "", problem("has a host name that " + why)
	}
	port := u.Port()
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", problem("has a port that is not a number from 1 to 65535")
		}
		port = strconv.Itoa(n)
		if (u.Scheme == "https" && n == 443) || (u.Scheme == "http" && n == 80) {
			port = ""
		}
	}
	u.Host = host
	if port != "" {
		u.Host += ":" + port
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u.String(), nil
}

// hasScheme reports whether s starts with a scheme other than a host with a port:
// "mailto:a@b" and "javascript:x" do, "example.com:8080" and "localhost:3000" do not.
func hasScheme(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return false
	}
	for j, r := range s[:i] {
		isAlpha := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !isAlpha && (j == 0 || !(r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')) {
			return false
		}
	}
	if strings.Contains(s[:i], ".") {
		return false // a host name
	}
	rest := s[i+1:]
	return rest == "" || !isDigit(rest[0])
}
