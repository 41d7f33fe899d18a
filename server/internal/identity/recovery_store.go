package identity

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// RecoveryStatus is where a passkey recovery stands.
type RecoveryStatus string

// The recovery statuses.
const (
	RecoveryWaiting   RecoveryStatus = "waiting"
	RecoveryCompleted RecoveryStatus = "completed"
	RecoveryCancelled RecoveryStatus = "cancelled"
)

// recoveryIDPrefix starts every recovery id ("rcv_…").
const recoveryIDPrefix = "rcv"

// Recovery is one started recovery of a user who lost every passkey, with the user's
// e-mail and name for the admins who review it.
type Recovery struct {
	ID           string         `db:"id"`
	UserID       string         `db:"user_id"`
	OrgID        sql.NullString `db:"org_id"`
	Status       RecoveryStatus `db:"status"`
	RequestedIP  string         `db:"requested_ip"`
	RequestedUA  string         `db:"requested_ua"`
	CreatedAt    time.Time      `db:"created_at"`
	ReadyAt      time.Time      `db:"ready_at"`
	ExpiresAt    time.Time      `db:"expires_at"`
	CompletedAt  *time.Time     `db:"completed_at"`
	CancelledAt  *time.Time     `db:"cancelled_at"`
	CancelledBy  sql.NullString `db:"cancelled_by"`
	CancelReason string         `db:"cancel_reason"`
	UserEmail    string         `db:"user_email"`
	UserName     string         `db:"user_name"`
}

// recoveryColumns is the column list that scans into Recovery (r is the recovery, u its user).
const recoveryColumns = `r.id, r.user_id, r.org_id, r.status, r.requested_ip, r.requested_ua, r.created_at,
	r.ready_at, r.expires_at, r.completed_at, r.cancelled_at, r.cancelled_by, r.cancel_reason,
	u.email AS user_email, u.name AS user_name`

const recoveryFrom = ` FROM passkey_recoveries r JOIN users u ON u.id = r.user_id `

// recoveryContact is an admin to tell about a recovery.
type recoveryContact struct {
	Email string `db:"email"`
	Name  string `db:"name"`
}

func (s *Store) insertRecovery(ctx context.Context, r Recovery, tokenHash string) error {
	_, err := s.db.Exec(ctx, `INSERT INTO passkey_recoveries (id, user_id, org_id, token_hash, status,
		requested_ip, requested_ua, created_at, ready_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.UserID, r.OrgID, tokenHash, r.Status, r.RequestedIP, r.RequestedUA,
		db.NormalizeTime(r.CreatedAt), db.NormalizeTime(r.ReadyAt), db.NormalizeTime(r.ExpiresAt))
	if err != nil {
		return fmt.Errorf("insert recovery: %w", err)
	}
	return nil
}

// recoveryByToken finds the recovery a link started; none is errs.ErrNotFound.
func (s *Store) recoveryByToken(ctx context.Context, tokenHash string) (Recovery, error) {
	var r Recovery
	if err := s.db.Get(ctx, &r, `SELECT `+recoveryColumns+recoveryFrom+`WHERE r.token_hash = ?`, tokenHash); err != nil {
		return Recovery{}, fmt.Errorf("load recovery: %w", err)
	}
	return r, nil
}

// recoveryByID finds a recovery by id; none is errs.ErrNotFound.
func (s *Store) recoveryByID(ctx context.Context, id string) (Recovery, error) {
	var r Recovery
	if err := s.db.Get(ctx, &r, `SELECT `+recoveryColumns+recoveryFrom+`WHERE r.id = ?`, id); err != nil {
		return Recovery{}, fmt.Errorf("load recovery %s: %w", id, err)
	}
	return r, nil
}

// waitingRecovery returns the user's waiting recovery, if any (errs.ErrNotFound if none).
func (s *Store) waitingRecovery(ctx context.Context, userID string) (Recovery, error) {
	var r Recovery
	if err := s.db.Get(ctx, &r, `SELECT `+recoveryColumns+recoveryFrom+`WHERE r.user_id = ? AND r.status = ?
		ORDER BY r.created_at DESC LIMIT 1`, userID, RecoveryWaiting); err != nil {
		return Recovery{}, fmt.Errorf("load waiting recovery: %w", err)
	}
	return r, nil
}

// listWaitingRecoveries lists waiting recoveries, oldest first; orgID "" lists every org's.
func (s *Store) listWaitingRecoveries(ctx context.Context, orgID string) ([]Recovery, error) {
	q, args := `SELECT `+recoveryColumns+recoveryFrom+`WHERE r.status = ?`, []any{RecoveryWaiting}
	if orgID != "" {
		q += ` AND r.org_id = ?`
		args = append(args, orgID)
	}
	out := []Recovery{}
	if err := s.db.Select(ctx, &out, q+` ORDER BY r.created_at, r.id LIMIT 500`, args...); err != nil {
		return nil, fmt.Errorf("list recoveries: %w", err)
	}
	return out, nil
}

// finishRecovery moves a waiting recovery to completed or cancelled; a recovery that is no
// longer waiting is errs.ErrConflict, so two racing finishes cannot both win.
func (s *Store) finishRecovery(ctx context.Context, id string, to RecoveryStatus, at time.Time, by, reason string) error {
	col := "completed_at"
	if to == RecoveryCancelled {
		col = "cancelled_at"
	}
	res, err := s.db.Exec(ctx, `UPDATE passkey_recoveries SET status = ?, `+col+` = ?, cancelled_by = ?, cancel_reason = ?
		WHERE id = ? AND status = ?`, to, db.NormalizeTime(at), db.NullIfEmpty(by), reason, id, RecoveryWaiting)
	if err != nil {
		return fmt.Errorf("update recovery %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("update recovery %s: %w", id, errs.ErrConflict)
	}
	return nil
}

// recoveryAdmins lists who is told about a recovery of userID: the active customer admins
// of orgID (never the user themselves), or the platform admins when there are none.
func (s *Store) recoveryAdmins(ctx context.Context, userID, orgID string) ([]recoveryContact, error) {
	var out []recoveryContact
	if orgID != "" {
		if err := s.db.Select(ctx, &out, `SELECT email, name FROM users WHERE status = 'active' AND id <> ?
			AND id IN (SELECT user_id FROM user_roles WHERE role = ? AND org_id = ?) ORDER BY email_lower`,
			userID, RoleCustomerAdmin, orgID); err != nil {
			return nil, fmt.Errorf("list org admins: %w", err)
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	if err := s.db.Select(ctx, &out, `SELECT email, name FROM users WHERE status = 'active' AND id <> ?
		AND id IN (SELECT user_id FROM user_roles WHERE role = ?) ORDER BY email_lower`,
		userID, RolePlatformAdmin); err != nil {
		return nil, fmt.Errorf("list platform admins: %w", err)
	}
	return out, nil
}
