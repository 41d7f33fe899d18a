package cleansing

import (
	"net"
	"strings"
)

// checkHostname reports why a lowercase host is not a DNS name a business could use for
// mail or a website, or "" when it is. It is a syntax check, no lookup: labels of letters,
// digits and inner hyphens, at least two of them, and a top-level domain of letters (or
// its xn-- form). That refuses IP literals, which hide who runs a server, and localhost.
// Reserved names such as .example and .test pass: they are DNS syntax, and the project's
// own fixtures use them.
func checkHostname(host string) string {
	switch {
	case host == "":
		return "is empty"
	case net.ParseIP(strings.Trim(host, "[]")) != nil:
		return "is an IP address: use a domain name, like example.com"
	case len(host) > 253:
		return "is longer than 253 characters"
	case strings.ContainsFunc(host, func(r rune) bool { return r >= 0x80 }):
		return "has non-ASCII letters: write an international name in its xn-- form"
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return "needs a dot and a top-level domain, like example.com"
	}
	for _, l := range labels {
		switch {
		case l == "":
			return "has an empty part between dots"
		case len(l) > 63:
			return "has a part longer than 63 characters"
		case l[0] == '-' || l[len(l)-1] == '-':
			return "has a part that starts or ends with a hyphen"
		case strings.Trim(l, "abcdefghijklmnopqrstuvwxyz0123456789-") != "":
			return "may contain only letters, digits, hyphens and dots"
		}
	}
	tld := labels[len(labels)-1]
	switch {
	case strings.HasPrefix(tld, "xn--"):
	case len(tld) < 2 || strings.Trim(tld, "abcdefghijklmnopqrstuvwxyz") != "":
		return "has a top-level domain that is not letters, like .com"
	case tld == "localhost":
		return "is a local name, not one on the internet"
	}
	return ""
}
