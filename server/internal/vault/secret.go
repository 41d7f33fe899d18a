package vault

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
)

// Redacted is what a Secret prints as, through every route by which values reach logs,
// errors and JSON.
const Redacted = "[redacted]"

// maskPrefix stands for the hidden digits in Mask; always four, so the mask does not tell
// the value's length.
const maskPrefix = "••••"

// Secret holds a sensitive value (an account number, a TIN) in memory and refuses to show
// it by accident: fmt (every verb, %#v included), slog, encoding/json and encoding.Text
// all print Redacted. Reveal is the one way out, and easy to grep for.
//
// The value sits behind a pointer on purpose. fmt prints a struct's unexported fields by
// reflection without calling their methods, so a `type Secret string` inside a struct
// would leak through `%+v`; a pointer there prints as an address. The price is that ==
// compares identities, not values: use Equal. Secret has no database/sql Valuer, so it
// cannot be written to a column in the clear; store EncryptSecret's result instead.
type Secret struct {
	p *string
}

// NewSecret wraps a sensitive value.
func NewSecret(value string) Secret {
	if value == "" {
		return Secret{}
	}
	return Secret{p: &value}
}

// Reveal returns the plaintext. Call it only where the value must leave: encryption, the
// verification provider, a blind index.
func (s Secret) Reveal() string {
	if s.p == nil {
		return ""
	}
	return *s.p
}

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.p == nil || *s.p == "" }

// Equal compares two secrets' values in constant time (for their length), so comparing
// a typed account number with a stored one leaks no prefix through timing.
func (s Secret) Equal(other Secret) bool {
	return subtle.ConstantTimeCompare([]byte(s.Reveal()), []byte(other.Reveal())) == 1
}

// Last4 returns the value's display tail; see the function Last4.
func (s Secret) Last4() string { return Last4(s.Reveal()) }

// Masked returns the value's display form; see the function Mask.
func (s Secret) Masked() string { return Mask(s.Reveal()) }

// String returns Redacted.
func (s Secret) String() string { return Redacted }

// GoString returns a redacted Go form, for %#v.
func (s Secret) GoString() string { return "vault.Secret{" + Redacted + "}" }

// Format prints Redacted for every verb. Without it a verb that does not fit a Stringer
// (%d, %t) makes fmt print the raw fields by reflection.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = f.Write([]byte(s.GoString()))
		return
	}
	_, _ = f.Write([]byte(Redacted))
}

// LogValue makes slog log Redacted, whichever handler formats the record.
func (s Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalJSON encodes Redacted, so a Secret in a response or an audit detail shows
// nothing; a response that should show the tail sends Masked() as a field of its own.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// MarshalText encodes Redacted for text encoders (map keys in JSON, XML, YAML, TOML).
func (s Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// Last4 returns the end of a value shown to people: its last four characters, or fewer
// when the value is shorter than eight, so at least half of it always stays hidden (a
// four-digit account number is not shown whole). Pass the normalized value (digits
// only); it counts runes, so it never splits a character.
func Last4(value string) string {
	r := []rune(value)
	n := min(4, len(r)/2)
	return string(r[len(r)-n:])
}

// Mask returns the display form of a value, "••••" and its Last4 ("••••6789"); it is what
// the masked column stores and what responses show, since nobody but the holder (and a
// separate, audited decryption) may see more.
func Mask(value string) string { return maskPrefix + Last4(value) }
