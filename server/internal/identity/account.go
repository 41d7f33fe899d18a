package identity

import (
	"context"
	"fmt"
)

// Account is what a signed-in request needs of its user: the user with their grants, who
// requires a passkey of them, and the orgs they belong to. It is the unit the account
// cache keeps (see account_cache.go), so a request costs no SQL.
type Account struct {
	User    User               `json:"user"`
	Passkey PasskeyRequirement `json:"passkey"`
	Orgs    []Org              `json:"orgs"`
}

// Account loads a user's account from the database, bypassing the cache; a missing user
// is errs.ErrNotFound. It leaves out the password hash: an account is cached in kv, and
// checking a password reads the user afresh.
func (s *Store) Account(ctx context.Context, userID string) (Account, error) {
	u, err := s.GetUser(ctx, userID)
	if err != nil {
		return Account{}, err
	}
	u.PasswordHash = ""
	req, orgs, err := s.Memberships(ctx, userID)
	if err != nil {
		return Account{}, fmt.Errorf("account of %s: %w", userID, err)
	}
	return Account{User: u, Passkey: req, Orgs: orgs}, nil
}
