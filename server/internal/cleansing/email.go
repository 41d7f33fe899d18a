package cleansing

import (
	"net/mail"
	"strings"
)

// E-mail length limits from RFC 5321: 64 octets of local part, 254 in all.
const (
	maxEmailLen = 254
	maxLocalLen = 64
)

// Email checks an address as typed and returns it with its domain lowercased. The local
// part keeps its case: RFC 5321 lets a mail server treat it as case-sensitive, so changing
// it could misdirect remittance advice. Only a bare address passes (no display name, no
// <>, no quoted parts), because the field holds one address and a display name is a
// phishing aid. The error's text is a message for the field.
func Email(s string) (string, error) {
	s, err := cleanText(s)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", problem("is required")
	}
	if len(s) > maxEmailLen {
		return "", problemf("must be at most %d characters", maxEmailLen)
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return "", problem("is not an e-mail address: write just the address, like name@example.com")
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if len(local) > maxLocalLen {
		return "", problemf("has more than %d characters before the @", maxLocalLen)
	}
	if why := checkHostname(domain); why != "" {
		return "", problem("has a domain that " + why)
	}
	return local + "@" + domain, nil
}
