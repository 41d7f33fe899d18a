package identity

import (
	"fmt"
	"unicode/utf8"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Password length bounds, in characters (Unicode code points). The floor follows NIST
// SP 800-63B for passwords without other factors; the ceiling keeps hashing input bounded
// while leaving room for passphrases.
const (
	MinPasswordLen = 12
	MaxPasswordLen = 128
)

// ValidatePassword applies the password policy: valid UTF-8, between MinPasswordLen and
// MaxPasswordLen characters. A refusal is an errs.Coded of kind ErrInvalid with code
// "weak_password" whose detail is safe to show. No composition rules, by design (NIST).
func ValidatePassword(pw string) error {
	if !utf8.ValidString(pw) {
		return weak("password must be valid UTF-8 text")
	}
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return weak(fmt.Sprintf("password must be at least %d characters", MinPasswordLen))
	case n > MaxPasswordLen:
		return weak(fmt.Sprintf("password must be at most %d characters", MaxPasswordLen))
	}
	return nil
}

// weak builds the policy's refusal.
func weak(detail string) error {
	return &errs.Coded{Kind: errs.ErrInvalid, Code: "weak_password", Detail: detail}
}
