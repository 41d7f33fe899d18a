package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// ResetLinkTTL is how long a password-reset link works.
const ResetLinkTTL = 30 * time.Minute

// ErrResetLinkInvalid is the one answer to a used, expired, unknown or stale reset link.
var ErrResetLinkInvalid = &errs.Coded{
	Kind:   errs.ErrInvalid,
	Code:   "reset_link_invalid",
	Detail: "This reset link has expired or was already used. Ask for a new one.",
}

// resetTicket is what kv keeps under the hash of a reset token.
type resetTicket struct {
	UserID string `json:"user_id"`
	// HashTag fingerprints the password hash at issue time: once the password changes, by
	// this link or any other way, every older link is dead.
	HashTag string `json:"hash_tag"`
}

// ResetLinks issues and redeems single-use password-reset links. Tokens are 256 random
// bits; kv keeps only their hash, for 30 minutes, and GetDel makes redemption single-use
// even when two requests race.
type ResetLinks struct {
	svc *Service
	kv  kv.Store
}

// NewResetLinks builds the reset-link flow on a service and kv.
func NewResetLinks(svc *Service, store kv.Store) *ResetLinks {
	return &ResetLinks{svc: svc, kv: store}
}

// Request e-mails a reset link when the address belongs to an active user. It returns
// nil for unknown addresses too, so the caller cannot learn which accounts exist; only a
// backend outage is an error.
func (r *ResetLinks) Request(ctx context.Context, actor Actor, email string) error {
	u, err := r.svc.store.GetUserByEmail(ctx, email)
	if errors.Is(err, errs.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("request reset link: %w", err)
	}
	if u.Status != StatusActive {
		return nil
	}
	return r.Send(ctx, actor, u)
}

// Send issues a link for a known user and e-mails it to them (support uses this; the
// link is never shown to the caller). The issue is audited.
func (r *ResetLinks) Send(ctx context.Context, actor Actor, u User) error {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("reset token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	b, _ := json.Marshal(resetTicket{UserID: u.ID, HashTag: hashTag(u.PasswordHash)})
	if err := r.kv.Set(ctx, resetKey(token), b, ResetLinkTTL); err != nil {
		return fmt.Errorf("store reset token: %w", err)
	}
	err := r.svc.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if _, err := r.svc.audit.Record(ctx, actor.event("user.password_reset_link_sent", "user", u.ID, u.PrimaryOrg())); err != nil {
			return err
		}
		return r.svc.queueMail(ctx, u.Email, notify.TemplatePasswordReset, notify.PasswordResetData{
			Name: u.Name, ResetURL: r.svc.publicURL + "/reset-password?token=" + url.QueryEscape(token), ValidFor: ResetLinkTTL,
		})
	})
	if err != nil {
		return fmt.Errorf("request reset link: %w", err)
	}
	return nil
}

// Confirm sets a new password with a reset link. A password the policy refuses leaves the
// link usable (the person tries another); any accepted use consumes it, atomically, so two
// racing requests cannot both succeed. The caller ends the user's sessions.
func (r *ResetLinks) Confirm(ctx context.Context, actor Actor, token, newPassword string) (User, error) {
	if len(token) != 43 {
		return User{}, ErrResetLinkInvalid
	}
	u, err := r.peek(ctx, token)
	if err != nil {
		return User{}, err
	}
	if err := r.svc.checkPassword(ctx, u, newPassword); err != nil {
		return User{}, fmt.Errorf("reset password: %w", err)
	}
	if _, err := r.kv.GetDel(ctx, resetKey(token)); errors.Is(err, errs.ErrNotFound) {
		return User{}, ErrResetLinkInvalid
	} else if err != nil {
		return User{}, fmt.Errorf("redeem reset link: %w", err)
	}
	actor.UserID, actor.Role = u.ID, primaryRole(u)
	if err := r.svc.setPassword(ctx, actor, u, newPassword, "user.password_reset_by_link"); err != nil {
		return User{}, err
	}
	return u, nil
}

// peek returns the user a live link belongs to, without using it up.
func (r *ResetLinks) peek(ctx context.Context, token string) (User, error) {
	b, err := r.kv.Get(ctx, resetKey(token))
	if errors.Is(err, errs.ErrNotFound) {
		return User{}, ErrResetLinkInvalid
	}
	if err != nil {
		return User{}, fmt.Errorf("read reset link: %w", err)
	}
	var t resetTicket
	if err := json.Unmarshal(b, &t); err != nil {
		return User{}, ErrResetLinkInvalid
	}
	u, err := r.svc.store.GetUser(ctx, t.UserID)
	if errors.Is(err, errs.ErrNotFound) || (err == nil && (u.Status != StatusActive || hashTag(u.PasswordHash) != t.HashTag)) {
		return User{}, ErrResetLinkInvalid
	}
	if err != nil {
		return User{}, fmt.Errorf("read reset link: %w", err)
	}
	return u, nil
}

func resetKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return "pwreset:" + hex.EncodeToString(sum[:])
}

// hashTag is a short fingerprint of a password hash; it reveals nothing of the password.
func hashTag(phc string) string {
	sum := sha256.Sum256([]byte(phc))
	return hex.EncodeToString(sum[:8])
}
