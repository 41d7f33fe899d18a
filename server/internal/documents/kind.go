package documents

import (
	"fmt"
	"strings"
)

// Kind says what a document is for; it decides which review step looks at it.
type Kind string

// The document kinds.
const (
	// KindW9 is an IRS Form W-9 (the supplier's TIN certification).
	KindW9 Kind = "w9"
	// KindCertificateOfIncorporation proves the supplier exists as a company.
	KindCertificateOfIncorporation Kind = "certificate_of_incorporation"
	// KindBankLetter is a bank's letter confirming the supplier's account.
	KindBankLetter Kind = "bank_letter"
	// KindOther is anything else the customer asks for.
	KindOther Kind = "other"
)

// Kinds returns every kind, in the order a form lists them.
func Kinds() []Kind {
	return []Kind{KindW9, KindCertificateOfIncorporation, KindBankLetter, KindOther}
}

// Valid reports whether k is one of Kinds().
func (k Kind) Valid() bool {
	switch k {
	case KindW9, KindCertificateOfIncorporation, KindBankLetter, KindOther:
		return true
	}
	return false
}

// ParseKind reads a kind, ignoring case and surrounding space. An unknown kind wraps
// ErrInvalidKind.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	if !k.Valid() {
		// %q of at most 40 bytes: the value is the caller's input, logged but bounded.
		return "", fmt.Errorf("document kind %q: %w", truncate(s, 40), ErrInvalidKind)
	}
	return k, nil
}

// truncate cuts s to at most n bytes, for quoting input in error text.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
