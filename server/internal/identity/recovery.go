package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Recovery timings (docs/decisions/0017).
const (
	// RecoveryLinkTTL is how long an e-mailed recovery link may start a recovery.
	RecoveryLinkTTL = time.Hour
	// DefaultRecoveryWait is the waiting period when VOUCH_RECOVERY_WAIT is unset.
	DefaultRecoveryWait = 24 * time.Hour
	// RecoveryCompleteWindow is how long after ready_at the link still completes: a
	// forgotten recovery must not stay armed for ever.
	RecoveryCompleteWindow = 7 * 24 * time.Hour
	maxCancelReasonLen     = 500
)

// The public answers of the recovery flow.
var (
	// ErrRecoveryLinkInvalid is a link that is unknown, expired, already completed or
	// belongs to a user who can no longer recover.
	ErrRecoveryLinkInvalid = &errs.Coded{Kind: errs.ErrInvalid, Code: "recovery_link_invalid",
		Detail: "This recovery link has expired or was already used. Ask for a new one."}
	// ErrRecoveryCancelled is a link whose recovery was cancelled.
	ErrRecoveryCancelled = &errs.Coded{Kind: errs.ErrConflict, Code: "recovery_cancelled",
		Detail: "This recovery was cancelled, by you or an administrator. Talk to your administrator before starting again."}
	// ErrRecoveryPending is a second recovery for a user who already has one waiting.
	ErrRecoveryPending = &errs.Coded{Kind: errs.ErrConflict, Code: "recovery_pending",
		Detail: "A recovery of this account is already under way. Use the link that started it."}
	errRecoveryWaiting = &errs.Coded{Kind: errs.ErrConflict, Code: "recovery_waiting",
		Detail: "The waiting period is not over yet."}
	errRecoveryNotFound = &errs.Coded{Kind: errs.ErrNotFound, Code: "recovery_not_found",
		Detail: "There is no such recovery waiting."}
)

// RecoveryWaitingError is a completion tried before the waiting period ended.
type RecoveryWaitingError struct {
	ReadyAt time.Time
}

// Error says when the recovery will be ready.
func (e *RecoveryWaitingError) Error() string {
	return "recovery_waiting: ready at " + e.ReadyAt.Format(time.RFC3339)
}

// Unwrap exposes the coded conflict to errors.Is and errors.As.
func (e *RecoveryWaitingError) Unwrap() error { return errRecoveryWaiting }

// recoveryLink is what kv keeps under the hash of a link that has not started yet.
type recoveryLink struct {
	UserID    string    `json:"user_id"`
	ExpiresAt time.Time `json:"expires_at"`
}

// RecoveryDeps are what Recoveries are built from.
type RecoveryDeps struct {
	Service  *Service
	KV       kv.Store
	Sessions *Sessions     // ended when a recovery completes
	Wait     time.Duration // 0: DefaultRecoveryWait
}

// Recoveries lets a user who lost every passkey remove them: an e-mailed link, then a
// waiting period their admins are told about and may cancel, then completion by the same
// link. Links are 256 random bits; only their SHA-256 is stored.
type Recoveries struct {
	svc      *Service
	kv       kv.Store
	sessions *Sessions
	wait     time.Duration
	now      func() time.Time
}

// NewRecoveries builds the recovery flow.
func NewRecoveries(d RecoveryDeps) *Recoveries {
	if d.Wait <= 0 {
		d.Wait = DefaultRecoveryWait
	}
	return &Recoveries{svc: d.Service, kv: d.KV, sessions: d.Sessions, wait: d.Wait, now: time.Now}
}

// SetClock replaces the clock that decides waiting periods and expiry (tests).
func (r *Recoveries) SetClock(now func() time.Time) { r.now = now }

// Wait is the configured waiting period.
func (r *Recoveries) Wait() time.Duration { return r.wait }

// Request e-mails a recovery link when the address belongs to an active user with at
// least one passkey. It returns nil in every other case too, so the caller cannot learn
// which accounts exist; only a backend outage is an error.
func (r *Recoveries) Request(ctx context.Context, actor Actor, email string) error {
	u, err := r.svc.store.GetUserByEmail(ctx, email)
	if errors.Is(err, errs.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("request recovery: %w", err)
	}
	if u.Status != StatusActive {
		return nil
	}
	n, err := r.svc.store.countPasskeys(ctx, u.ID)
	if err != nil {
		return fmt.Errorf("request recovery: %w", err)
	}
	if n == 0 {
		return nil // nothing to recover: a password reset is what they need
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("recovery token: %w", err)
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	b, _ := json.Marshal(recoveryLink{UserID: u.ID, ExpiresAt: r.now().UTC().Add(RecoveryLinkTTL)})
	if err := r.kv.Set(ctx, recoveryLinkKey(token), b, RecoveryLinkTTL); err != nil {
		return fmt.Errorf("store recovery link: %w", err)
	}
	actor.UserID, actor.Role = u.ID, primaryRole(u)
	if _, err := r.svc.audit.Record(ctx, actor.event("passkey.recovery_link_sent", "user", u.ID, u.PrimaryOrg())); err != nil {
		return fmt.Errorf("request recovery: %w", err)
	}
	r.svc.send(ctx, u.Email, notify.TemplateRecoveryLink, notify.RecoveryLinkData{
		Name: u.Name, RecoverURL: r.svc.publicURL + "/recover?token=" + url.QueryEscape(token), ValidFor: RecoveryLinkTTL,
	})
	return nil
}

// Start begins the waiting period for a link, tells the user's admins and the user, and
// returns the recovery. Starting the same link again returns the same recovery, so a
// reloaded page does no harm.
func (r *Recoveries) Start(ctx context.Context, actor Actor, token string) (Recovery, error) {
	if len(token) != 43 {
		return Recovery{}, ErrRecoveryLinkInvalid
	}
	hash := tokenDigest(token)
	if rec, err := r.byToken(ctx, hash); err == nil || !errors.Is(err, errs.ErrNotFound) {
		return rec, err
	}
	b, err := r.kv.Get(ctx, recoveryLinkKey(token))
	if errors.Is(err, errs.ErrNotFound) {
		return Recovery{}, ErrRecoveryLinkInvalid
	}
	if err != nil {
		return Recovery{}, fmt.Errorf("read recovery link: %w", err)
	}
	var link recoveryLink
	now := r.now().UTC()
	if json.Unmarshal(b, &link) != nil || !now.Before(link.ExpiresAt) {
		return Recovery{}, ErrRecoveryLinkInvalid
	}
	u, err := r.svc.store.GetUser(ctx, link.UserID)
	if errors.Is(err, errs.ErrNotFound) || (err == nil && u.Status != StatusActive) {
		return Recovery{}, ErrRecoveryLinkInvalid
	}
	if err != nil {
		return Recovery{}, fmt.Errorf("start recovery: %w", err)
	}
	rec := Recovery{
		ID: db.NewID(recoveryIDPrefix), UserID: u.ID, Status: RecoveryWaiting,
		RequestedIP: actor.IP, RequestedUA: truncate(actor.UserAgent, 256),
		CreatedAt: db.NormalizeTime(now), ReadyAt: db.NormalizeTime(now.Add(r.wait)),
		ExpiresAt: db.NormalizeTime(now.Add(r.wait + RecoveryCompleteWindow)),
		UserEmail: u.Email, UserName: u.Name,
	}
	if org := u.PrimaryOrg(); org != "" {
		rec.OrgID = sql.NullString{String: org, Valid: true}
	}
	actor.UserID, actor.Role = u.ID, primaryRole(u)
	err = r.svc.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if _, err := r.svc.store.waitingRecovery(ctx, u.ID); err == nil {
			return ErrRecoveryPending
		} else if !errors.Is(err, errs.ErrNotFound) {
			return err
		}
		if err := r.svc.store.insertRecovery(ctx, rec, hash); err != nil {
			return err
		}
		ev := actor.event("passkey.recovery_started", "user", u.ID, u.PrimaryOrg())
		ev.Details = map[string]any{"recovery_id": rec.ID, "ready_at": rec.ReadyAt.Format(time.RFC3339)}
		_, err := r.svc.audit.Record(ctx, ev)
		return err
	})
	if errors.Is(err, errs.ErrConflict) && !errors.Is(err, ErrRecoveryPending) {
		return r.byToken(ctx, hash) // the same link, started twice at once
	}
	if err != nil {
		return Recovery{}, fmt.Errorf("start recovery: %w", err)
	}
	_ = r.kv.Delete(ctx, recoveryLinkKey(token)) // the row carries the link from here on
	r.announce(ctx, u, rec)
	return rec, nil
}

// byToken returns the recovery a link started, or the error its state amounts to; a link
// that started nothing is errs.ErrNotFound.
func (r *Recoveries) byToken(ctx context.Context, hash string) (Recovery, error) {
	rec, err := r.svc.store.recoveryByToken(ctx, hash)
	if err != nil {
		return Recovery{}, err
	}
	switch rec.Status {
	case RecoveryCancelled:
		return Recovery{}, ErrRecoveryCancelled
	case RecoveryCompleted:
		return Recovery{}, ErrRecoveryLinkInvalid
	}
	if !r.now().Before(rec.ExpiresAt) {
		return Recovery{}, ErrRecoveryLinkInvalid
	}
	return rec, nil
}

// announce tells the admins who may cancel and the user; mail failures are logged.
func (r *Recoveries) announce(ctx context.Context, u User, rec Recovery) {
	admins, err := r.svc.store.recoveryAdmins(ctx, u.ID, rec.OrgID.String)
	if err != nil {
		r.svc.log.WarnContext(ctx, "recovery admins not told", "recovery_id", rec.ID, "err", err)
	}
	for _, a := range admins {
		r.svc.send(ctx, a.Email, notify.TemplateRecoveryAdmin, notify.RecoveryAdminData{
			Name: a.Name, UserName: u.Name, UserEmail: u.Email, StartedAt: rec.CreatedAt, ReadyAt: rec.ReadyAt,
			IP: rec.RequestedIP, RecoveriesURL: r.svc.publicURL + "/admin/recoveries",
		})
	}
	r.svc.send(ctx, u.Email, notify.TemplateRecoveryStarted, notify.RecoveryStartedData{
		Name: u.Name, StartedAt: rec.CreatedAt, ReadyAt: rec.ReadyAt, IP: rec.RequestedIP,
		AccountURL: r.svc.publicURL + "/account",
	})
}

// Status returns the recovery a link started, without changing it (the page that shows
// when it will be ready).
func (r *Recoveries) Status(ctx context.Context, token string) (Recovery, error) {
	if len(token) != 43 {
		return Recovery{}, ErrRecoveryLinkInvalid
	}
	rec, err := r.byToken(ctx, tokenDigest(token))
	if errors.Is(err, errs.ErrNotFound) {
		return Recovery{}, ErrRecoveryLinkInvalid
	}
	return rec, err
}

// Complete removes every passkey of the user once the waiting period is over, and ends
// their sessions; they then sign in with their password. It returns the user.
func (r *Recoveries) Complete(ctx context.Context, actor Actor, token string) (User, error) {
	rec, err := r.Status(ctx, token)
	if err != nil {
		return User{}, err
	}
	now := r.now().UTC()
	if now.Before(rec.ReadyAt) {
		return User{}, &RecoveryWaitingError{ReadyAt: rec.ReadyAt}
	}
	u, err := r.svc.store.GetUser(ctx, rec.UserID)
	if errors.Is(err, errs.ErrNotFound) || (err == nil && u.Status != StatusActive) {
		return User{}, ErrRecoveryLinkInvalid
	}
	if err != nil {
		return User{}, fmt.Errorf("complete recovery: %w", err)
	}
	actor.UserID, actor.Role = u.ID, primaryRole(u)
	err = r.svc.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if err := r.svc.store.finishRecovery(ctx, rec.ID, RecoveryCompleted, now, "", ""); err != nil {
			return err
		}
		n, err := r.svc.store.deletePasskeys(ctx, u.ID)
		if err != nil {
			return err
		}
		ev := actor.event("passkey.recovery_completed", "user", u.ID, u.PrimaryOrg())
		ev.Details = map[string]any{"recovery_id": rec.ID, "passkeys_removed": n}
		_, err = r.svc.audit.Record(ctx, ev)
		return err
	})
	if errors.Is(err, errs.ErrConflict) {
		return User{}, ErrRecoveryCancelled // cancelled between the read and the update
	}
	if err != nil {
		return User{}, fmt.Errorf("complete recovery: %w", err)
	}
	if r.sessions != nil {
		if err := r.sessions.RevokeAll(ctx, u.ID); err != nil {
			return User{}, fmt.Errorf("complete recovery: end sessions: %w", err)
		}
	}
	r.svc.send(ctx, u.Email, notify.TemplateRecoveryCompleted, notify.RecoveryCompletedData{
		Name: u.Name, CompletedAt: now, SignInURL: r.svc.publicURL + "/sign-in",
	})
	return u, nil
}

// RecoveryScope is which recoveries a caller may see and cancel.
type RecoveryScope struct {
	All   bool   // platform staff
	OrgID string // a customer admin's org
}

// ListWaiting returns the waiting recoveries in scope, oldest first.
func (r *Recoveries) ListWaiting(ctx context.Context, scope RecoveryScope) ([]Recovery, error) {
	if !scope.All && scope.OrgID == "" {
		return []Recovery{}, nil
	}
	org := scope.OrgID
	if scope.All {
		org = ""
	}
	return r.svc.store.listWaitingRecoveries(ctx, org)
}

// Cancel stops a waiting recovery in the caller's scope with a reason, audited, and tells
// the user. A recovery out of scope is not found, exactly like one that does not exist.
func (r *Recoveries) Cancel(ctx context.Context, actor Actor, scope RecoveryScope, id string) error {
	actor.Reason = strings.TrimSpace(actor.Reason)
	var fe errs.FieldErrors
	if actor.Reason == "" {
		fe = fe.Add("reason", "is required")
	} else if len([]rune(actor.Reason)) > maxCancelReasonLen {
		fe = fe.Add("reason", fmt.Sprintf("must be at most %d characters", maxCancelReasonLen))
	}
	if err := fe.OrNil(); err != nil {
		return fmt.Errorf("cancel recovery: %w", err)
	}
	rec, err := r.svc.store.recoveryByID(ctx, id)
	if errors.Is(err, errs.ErrNotFound) || (err == nil && (rec.Status != RecoveryWaiting ||
		!(scope.All || (scope.OrgID != "" && rec.OrgID.String == scope.OrgID)))) {
		return errRecoveryNotFound
	}
	if err != nil {
		return fmt.Errorf("cancel recovery: %w", err)
	}
	return r.cancel(ctx, actor, rec, "an administrator")
}

// Mine returns the user's own waiting recovery; none is errs.ErrNotFound.
func (r *Recoveries) Mine(ctx context.Context, userID string) (Recovery, error) {
	return r.svc.store.waitingRecovery(ctx, userID)
}

// CancelMine stops the caller's own waiting recovery (a reason is optional).
func (r *Recoveries) CancelMine(ctx context.Context, actor Actor, u User) error {
	rec, err := r.svc.store.waitingRecovery(ctx, u.ID)
	if errors.Is(err, errs.ErrNotFound) {
		return errRecoveryNotFound
	}
	if err != nil {
		return fmt.Errorf("cancel recovery: %w", err)
	}
	return r.cancel(ctx, actor, rec, "you")
}

func (r *Recoveries) cancel(ctx context.Context, actor Actor, rec Recovery, by string) error {
	err := r.svc.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if err := r.svc.store.finishRecovery(ctx, rec.ID, RecoveryCancelled, r.now().UTC(), actor.UserID, actor.Reason); err != nil {
			return err
		}
		ev := actor.event("passkey.recovery_cancelled", "user", rec.UserID, rec.OrgID.String)
		ev.Details = map[string]any{"recovery_id": rec.ID}
		_, err := r.svc.audit.Record(ctx, ev)
		return err
	})
	if errors.Is(err, errs.ErrConflict) {
		return errRecoveryNotFound // completed or cancelled meanwhile
	}
	if err != nil {
		return fmt.Errorf("cancel recovery: %w", err)
	}
	r.svc.send(ctx, rec.UserEmail, notify.TemplateRecoveryCancelled, notify.RecoveryCancelledData{
		Name: rec.UserName, CancelledBy: by, Reason: actor.Reason, AccountURL: r.svc.publicURL + "/account",
	})
	return nil
}

func recoveryLinkKey(token string) string { return "recovery-link:" + tokenDigest(token) }

// tokenDigest is the hex SHA-256 of a link token, as stored.
func tokenDigest(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
