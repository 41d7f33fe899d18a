package identity

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// passkeyIDPrefix starts every passkey id ("pk_…").
const passkeyIDPrefix = "pk"

// webauthnHandleLen is the size of a user handle: the 64 bytes WebAuthn allows, all random.
const webauthnHandleLen = 64

// Passkey is one registered WebAuthn credential of a user, as stored. The public key and
// attestation are what the authenticator sent at registration; the counter, flags and
// last use move with every sign-in.
type Passkey struct {
	ID                string     `db:"id"`
	UserID            string     `db:"user_id"`
	RPID              string     `db:"rp_id"`
	CredentialID      []byte     `db:"credential_id"`
	PublicKey         []byte     `db:"public_key"`
	AttestationType   string     `db:"attestation_type"`
	AttestationFormat string     `db:"attestation_format"`
	Attestation       []byte     `db:"attestation"`
	AAGUID            []byte     `db:"aaguid"`
	SignCount         int64      `db:"sign_count"`
	Flags             int        `db:"flags"`
	BackupEligible    bool       `db:"backup_eligible"`
	BackupState       bool       `db:"backup_state"`
	CloneWarning      bool       `db:"clone_warning"`
	Transports        string     `db:"transports"`
	Attachment        string     `db:"attachment"`
	Name              string     `db:"name"`
	CreatedAt         time.Time  `db:"created_at"`
	LastUsedAt        *time.Time `db:"last_used_at"`
}

// passkeyColumns is the column list that scans into Passkey.
const passkeyColumns = `id, user_id, rp_id, credential_id, public_key, attestation_type, attestation_format,
	attestation, aaguid, sign_count, flags, backup_eligible, backup_state, clone_warning, transports,
	attachment, name, created_at, last_used_at`

// ListPasskeys returns a user's passkeys, oldest first. A non-empty rpID keeps only those
// registered for that relying party (a changed VOUCH_PUBLIC_URL orphans the others).
func (s *Store) ListPasskeys(ctx context.Context, userID, rpID string) ([]Passkey, error) {
	q := `SELECT ` + passkeyColumns + ` FROM passkeys WHERE user_id = ?`
	args := []any{userID}
	if rpID != "" {
		q += ` AND rp_id = ?`
		args = append(args, rpID)
	}
	var out []Passkey
	if err := s.db.Select(ctx, &out, q+` ORDER BY created_at, id`, args...); err != nil {
		return nil, fmt.Errorf("list passkeys of user %s: %w", userID, err)
	}
	return out, nil
}

// getPasskey loads one passkey of a user; another user's id is errs.ErrNotFound.
func (s *Store) getPasskey(ctx context.Context, userID, id string) (Passkey, error) {
	var pk Passkey
	if err := s.db.Get(ctx, &pk, `SELECT `+passkeyColumns+` FROM passkeys WHERE id = ? AND user_id = ?`, id, userID); err != nil {
		return Passkey{}, fmt.Errorf("load passkey %s: %w", id, err)
	}
	return pk, nil
}

// countPasskeys returns how many passkeys a user has.
func (s *Store) countPasskeys(ctx context.Context, userID string) (int, error) {
	var n int
	if err := s.db.Get(ctx, &n, `SELECT count(*) FROM passkeys WHERE user_id = ?`, userID); err != nil {
		return 0, fmt.Errorf("count passkeys of user %s: %w", userID, err)
	}
	return n, nil
}

// insertPasskey stores a new passkey; a credential id already registered (to anyone) is
// errs.ErrConflict.
func (s *Store) insertPasskey(ctx context.Context, pk Passkey) error {
	_, err := s.db.Exec(ctx, `INSERT INTO passkeys (`+passkeyColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		pk.ID, pk.UserID, pk.RPID, pk.CredentialID, pk.PublicKey, pk.AttestationType, pk.AttestationFormat,
		pk.Attestation, pk.AAGUID, pk.SignCount, pk.Flags, pk.BackupEligible, pk.BackupState, pk.CloneWarning,
		pk.Transports, pk.Attachment, pk.Name, pk.CreatedAt, pk.LastUsedAt)
	if err != nil {
		return fmt.Errorf("insert passkey: %w", err)
	}
	return nil
}

// recordPasskeyUse writes back what a successful assertion moved: the counter, the flags
// (backup state may change, eligibility may not) and the time of use.
func (s *Store) recordPasskeyUse(ctx context.Context, id string, signCount uint32, flags int, backupState bool, at time.Time) error {
	_, err := s.db.Exec(ctx, `UPDATE passkeys SET sign_count = ?, flags = ?, backup_state = ?, last_used_at = ? WHERE id = ?`,
		int64(signCount), flags, backupState, db.NormalizeTime(at), id)
	if err != nil {
		return fmt.Errorf("record use of passkey %s: %w", id, err)
	}
	return nil
}

// flagPasskeyClone marks a passkey whose counter went backwards.
func (s *Store) flagPasskeyClone(ctx context.Context, id string) error {
	if _, err := s.db.Exec(ctx, `UPDATE passkeys SET clone_warning = ? WHERE id = ?`, true, id); err != nil {
		return fmt.Errorf("flag passkey %s: %w", id, err)
	}
	return nil
}

// deletePasskey removes one passkey of a user; another user's id is errs.ErrNotFound.
func (s *Store) deletePasskey(ctx context.Context, userID, id string) error {
	res, err := s.db.Exec(ctx, `DELETE FROM passkeys WHERE id = ? AND user_id = ?`, id, userID)
	if err != nil {
		return fmt.Errorf("delete passkey %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("delete passkey %s: %w", id, errs.ErrNotFound)
	}
	return nil
}

// deletePasskeys removes every passkey of a user and returns how many there were.
func (s *Store) deletePasskeys(ctx context.Context, userID string) (int64, error) {
	res, err := s.db.Exec(ctx, `DELETE FROM passkeys WHERE user_id = ?`, userID)
	if err != nil {
		return 0, fmt.Errorf("delete passkeys of user %s: %w", userID, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// webauthnHandle returns a user's WebAuthn user handle; none yet is errs.ErrNotFound.
func (s *Store) webauthnHandle(ctx context.Context, userID string) ([]byte, error) {
	var h []byte
	if err := s.db.Get(ctx, &h, `SELECT handle FROM webauthn_handles WHERE user_id = ?`, userID); err != nil {
		return nil, fmt.Errorf("load webauthn handle of user %s: %w", userID, err)
	}
	return h, nil
}

// ensureWebAuthnHandle returns a user's handle, creating a random one the first time. Two
// concurrent first registrations agree: the insert yields to the other through the
// primary key and both read back the one that won.
func (s *Store) ensureWebAuthnHandle(ctx context.Context, userID string) ([]byte, error) {
	h, err := s.webauthnHandle(ctx, userID)
	if err == nil || !errors.Is(err, errs.ErrNotFound) {
		return h, err
	}
	// Random, never derived from the e-mail: authenticators store the handle and may
	// show or sync it, and a handle must not identify the person outside Vouch.
	h = make([]byte, webauthnHandleLen)
	if _, err := rand.Read(h); err != nil {
		return nil, fmt.Errorf("webauthn handle: %w", err)
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO webauthn_handles (user_id, handle, created_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, userID, h, s.timestamp()); err != nil {
		return nil, fmt.Errorf("create webauthn handle of user %s: %w", userID, err)
	}
	return s.webauthnHandle(ctx, userID)
}

// userIDByWebAuthnHandle finds whose handle this is; an unknown one is errs.ErrNotFound.
func (s *Store) userIDByWebAuthnHandle(ctx context.Context, handle []byte) (string, error) {
	if len(handle) != webauthnHandleLen {
		return "", fmt.Errorf("webauthn handle of %d bytes: %w", len(handle), errs.ErrNotFound)
	}
	var id string
	if err := s.db.Get(ctx, &id, `SELECT user_id FROM webauthn_handles WHERE handle = ?`, handle); err != nil {
		return "", fmt.Errorf("find user by webauthn handle: %w", err)
	}
	return id, nil
}
