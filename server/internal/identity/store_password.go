package identity

import (
	"context"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// SetPasswordHash stores a new hash and sets or clears the forced-change flag.
func (s *Store) SetPasswordHash(ctx context.Context, userID, hash string, mustChange bool) error {
	return s.updateUser(ctx, userID, `password_hash = ?, must_change_password = ?`, hash, mustChange)
}

// SetMustChangePassword marks (or clears) a forced password change for the next sign-in.
func (s *Store) SetMustChangePassword(ctx context.Context, userID string, mustChange bool) error {
	return s.updateUser(ctx, userID, `must_change_password = ?`, mustChange)
}

// SetLockedUntil locks the user until a time, or unlocks them (nil).
func (s *Store) SetLockedUntil(ctx context.Context, userID string, until *time.Time) error {
	if until != nil {
		t := db.NormalizeTime(*until)
		until = &t
	}
	return s.updateUser(ctx, userID, `locked_until = ?`, until)
}

// updateUser applies a SET clause (a constant chosen by the caller) and bumps updated_at;
// a missing user is errs.ErrNotFound.
func (s *Store) updateUser(ctx context.Context, userID, set string, args ...any) error {
	args = append(args, s.timestamp(), userID)
	res, err := s.db.Exec(ctx, `UPDATE users SET `+set+`, updated_at = ? WHERE id = ?`, args...)
	if err != nil {
		return fmt.Errorf("update user %s: %w", userID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("update user %s: %w", userID, errs.ErrNotFound)
	}
	return s.accountsChanged(ctx, userID)
}
