package verify

import (
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/shared/routing"
)

// Account numbers are 4 to 17 digits: 17 is the width of the NACHA DFI account number
// field, and fewer than 4 cannot be told apart by their last four.
const (
	minAccountDigits = 4
	maxAccountDigits = 17
)

// Validate reports every field a provider cannot send, as errs.FieldErrors (an
// errs.ErrInvalid). Messages never quote the account number.
func (r Request) Validate() error {
	var fe errs.FieldErrors
	if err := routing.Validate(r.RoutingNumber); err != nil {
		fe = fe.Add("routing_number", err.Error())
	}
	if n := len(r.AccountNumber.Reveal()); n < minAccountDigits || n > maxAccountDigits || !digits(r.AccountNumber.Reveal()) {
		fe = fe.Add("account_number", "must be 4 to 17 digits")
	}
	if r.AccountType != Checking && r.AccountType != Savings {
		fe = fe.Add("account_type", "must be checking or savings")
	}
	if r.HolderName == "" && r.LegalName == "" {
		fe = fe.Add("holder_name", "a holder name or legal name is required")
	}
	return fe.OrNil()
}

// digits reports whether s is all ASCII digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// last4 is the tail the sandbox keys its outcomes on.
func (r Request) last4() string {
	a := r.AccountNumber.Reveal()
	return a[len(a)-minAccountDigits:]
}

// ownerName is the name a vendor should match against: what the supplier typed as the
// holder, else the legal name.
func (r Request) ownerName() string {
	if r.HolderName != "" {
		return r.HolderName
	}
	return r.LegalName
}
