package identity

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// ErrInvalidCredentials is the one answer to every failed password sign-in: unknown
// e-mail, wrong password and disabled account look the same to the caller.
var ErrInvalidCredentials = &errs.Coded{
	Kind:   errs.ErrUnauthenticated,
	Code:   "invalid_credentials",
	Detail: "The e-mail address or password is not right.",
}

// Next says what a person must do after a successful password check.
type Next string

// The steps after a password check.
const (
	// NextDone means signed in.
	NextDone Next = "done"
	// NextChangePassword means a forced reset is pending: change the password first.
	NextChangePassword Next = "change_password"
)

// dummyHash is verified against when the e-mail is unknown, so that answer takes as long
// as a wrong password (ASVS 6.3: no account enumeration by timing).
var (
	dummyOnce sync.Once
	dummyHash string
)

func (s *Service) dummy(ctx context.Context) string {
	dummyOnce.Do(func() {
		h, err := s.hasher.Hash(ctx, "vouch-dummy-password-for-timing")
		if err == nil {
			dummyHash = h
		}
	})
	return dummyHash
}

// Authenticate checks an e-mail and password. Any failure is ErrInvalidCredentials, but
// a backend outage is passed on as such (the client should retry, not distrust itself).
func (s *Service) Authenticate(ctx context.Context, email, password string) (User, Next, error) {
	if len(password) > 4*MaxPasswordLen {
		// Refuse before hashing: an oversized password is only ever an attack on our CPU.
		return User{}, "", ErrInvalidCredentials
	}
	u, err := s.store.GetUserByEmail(ctx, email)
	if errors.Is(err, errs.ErrNotFound) {
		_, _ = s.hasher.Verify(ctx, password, s.dummy(ctx))
		return User{}, "", ErrInvalidCredentials
	}
	if err != nil {
		return User{}, "", fmt.Errorf("authenticate: %w", err)
	}
	ok, err := s.hasher.Verify(ctx, password, u.PasswordHash)
	if err != nil && !errors.Is(err, ErrMalformedHash) {
		return User{}, "", fmt.Errorf("authenticate: %w", err)
	}
	if !ok || u.Status != StatusActive {
		return User{}, "", ErrInvalidCredentials
	}
	if s.hasher.NeedsRehash(u.PasswordHash) {
		s.rehash(ctx, u, password)
	}
	if u.MustChangePassword {
		return u, NextChangePassword, nil
	}
	return u, NextDone, nil
}

// rehash upgrades a stored hash to the current parameters; failure is logged, not fatal,
// since the sign-in itself was correct.
func (s *Service) rehash(ctx context.Context, u User, password string) {
	h, err := s.hasher.Hash(ctx, password)
	if err == nil {
		err = s.store.SetPasswordHash(ctx, u.ID, h, u.MustChangePassword)
	}
	if err != nil {
		s.log.WarnContext(ctx, "password rehash failed", "user_id", u.ID, "err", err)
	}
}

// ChangePassword replaces a user's password after checking the current one, and clears a
// pending forced reset. The caller ends the user's other sessions.
func (s *Service) ChangePassword(ctx context.Context, userID, current, next string) error {
	u, err := s.store.GetUser(ctx, userID)
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	ok, err := s.hasher.Verify(ctx, current, u.PasswordHash)
	if err != nil && !errors.Is(err, ErrMalformedHash) {
		return fmt.Errorf("change password: %w", err)
	}
	if !ok {
		return fmt.Errorf("change password: %w", errs.FieldErrors{}.Add("current_password", "is not your current password"))
	}
	if current == next {
		return &errs.Coded{Kind: errs.ErrInvalid, Code: "weak_password", Detail: "The new password must differ from the current one."}
	}
	if err := s.checkPassword(ctx, u, next); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	hash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	if err := s.store.SetPasswordHash(ctx, u.ID, hash, false); err != nil {
		return fmt.Errorf("change password: %w", err)
	}
	s.log.InfoContext(ctx, "password changed", "user_id", u.ID)
	return nil
}

// checkPassword applies the password policy to a user's new password.
func (s *Service) checkPassword(_ context.Context, _ User, pw string) error {
	return ValidatePassword(pw)
}

// ForcePasswordReset makes a user choose a new password at next sign-in. The caller ends
// the user's sessions.
func (s *Service) ForcePasswordReset(ctx context.Context, userID string) error {
	if err := s.store.SetMustChangePassword(ctx, userID, true); err != nil {
		return fmt.Errorf("force password reset: %w", err)
	}
	return nil
}
