package identity

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// E-mailed step-up code limits.
const (
	// EmailCodeTTL is how long an e-mailed step-up code works.
	EmailCodeTTL = 10 * time.Minute
	// EmailCodeMaxTries is how many wrong guesses kill a code: with 6 digits, five tries
	// per code leave an attacker a 1 in 200,000 chance.
	EmailCodeMaxTries = 5
	emailCodeDigits   = 6
)

// The public answers of the e-mailed step-up.
var (
	// ErrInvalidCode is a well-formed code that is not the one sent, or a malformed one.
	ErrInvalidCode = &errs.Coded{Kind: errs.ErrInvalid, Code: "invalid_code",
		Detail: "That code is not right. Check the latest e-mail and try again."}
	// ErrCodeExpired is a code that expired, was used, died of too many wrong tries, was
	// replaced by a newer one, or was never sent to this session.
	ErrCodeExpired = &errs.Coded{Kind: errs.ErrInvalid, Code: "code_expired",
		Detail: "This code has expired or was already used. Ask for a new one."}
	// ErrPasskeyStepUpRequired answers a request for an e-mailed code from a user who has a
	// passkey: they confirm with it (see docs/decisions/0017).
	ErrPasskeyStepUpRequired = &errs.Coded{Kind: errs.ErrConflict, Code: "passkey_step_up_required",
		Detail: "You have a passkey: confirm it's you with your passkey instead."}
)

// emailCodeTicket is what kv keeps for the code e-mailed to one session.
type emailCodeTicket struct {
	UserID string `json:"user_id"`
	// Nonce names this code: its wrong-try counter lives under it, so a new code starts
	// with a fresh count and an old counter cannot be reused.
	Nonce     string    `json:"nonce"`
	Hash      string    `json:"hash"` // HMAC-SHA256 of the code keyed by the nonce
	ExpiresAt time.Time `json:"expires_at"`
}

// EmailCodes issues and checks the 6-digit codes that let a signed-in person without a
// usable passkey step up. A code is bound to the session that asked for it, kept hashed
// in kv for EmailCodeTTL, single use, and dies after EmailCodeMaxTries wrong guesses.
type EmailCodes struct {
	svc      *Service
	passkeys *Store
	kv       kv.Store
	now      func() time.Time
}

// NewEmailCodes builds the e-mailed step-up on a service and kv.
func NewEmailCodes(svc *Service, store kv.Store) *EmailCodes {
	return &EmailCodes{svc: svc, passkeys: svc.store, kv: store, now: time.Now}
}

// SetClock replaces the clock that decides expiry (tests).
func (e *EmailCodes) SetClock(now func() time.Time) { e.now = now }

// HasUsablePasskey reports whether the user has a passkey that can still sign in (one
// not flagged as cloned). Such users step up with it and never by e-mail.
func HasUsablePasskey(ctx context.Context, store *Store, userID string) (bool, error) {
	pks, err := store.ListPasskeys(ctx, userID, "")
	if err != nil {
		return false, fmt.Errorf("list passkeys: %w", err)
	}
	for _, pk := range pks {
		if !pk.CloneWarning {
			return true, nil
		}
	}
	return false, nil
}

// Begin e-mails u a fresh code for the session sessionID, replacing any earlier one.
func (e *EmailCodes) Begin(ctx context.Context, u User, sessionID string) error {
	has, err := HasUsablePasskey(ctx, e.passkeys, u.ID)
	if err != nil {
		return fmt.Errorf("begin e-mail step-up: %w", err)
	}
	if has {
		return ErrPasskeyStepUpRequired
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return fmt.Errorf("step-up code: %w", err)
	}
	code := fmt.Sprintf("%0*d", emailCodeDigits, n.Int64())
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return fmt.Errorf("step-up code nonce: %w", err)
	}
	t := emailCodeTicket{UserID: u.ID, Nonce: hex.EncodeToString(nonce), ExpiresAt: e.now().UTC().Add(EmailCodeTTL)}
	t.Hash = codeHash(t.Nonce, code)
	b, _ := json.Marshal(t)
	if err := e.kv.Set(ctx, emailCodeKey(sessionID), b, EmailCodeTTL); err != nil {
		return fmt.Errorf("store step-up code: %w", err)
	}
	e.svc.send(ctx, u.Email, notify.TemplateStepUpCode, notify.StepUpCodeData{Name: u.Name, Code: code, ValidFor: EmailCodeTTL})
	return nil
}

// Finish checks code against the one e-mailed to the session. A right code is used up
// and audited as auth.step_up (method email); the caller then records the step-up on
// the session. A wrong one is audited as auth.step_up_failed and counts towards the
// limit, after which the code is gone.
func (e *EmailCodes) Finish(ctx context.Context, actor Actor, u User, sessionID, code string) error {
	actor.UserID, actor.Role = u.ID, primaryRole(u)
	key := emailCodeKey(sessionID)
	t, err := e.ticket(ctx, key, u.ID)
	if err != nil {
		return err
	}
	if !validCodeFormat(code) {
		return ErrInvalidCode
	}
	tries, err := e.kv.Incr(ctx, emailTriesKey(t.Nonce), 1, EmailCodeTTL)
	if err != nil {
		return fmt.Errorf("count step-up tries: %w", err)
	}
	if tries > EmailCodeMaxTries {
		_ = e.kv.Delete(ctx, key)
		return ErrCodeExpired
	}
	if !hmac.Equal([]byte(codeHash(t.Nonce, code)), []byte(t.Hash)) {
		if tries == EmailCodeMaxTries {
			if err := e.kv.Delete(ctx, key); err != nil {
				return fmt.Errorf("drop step-up code: %w", err)
			}
		}
		ev := actor.event("auth.step_up_failed", "user", u.ID, u.PrimaryOrg())
		ev.Details = map[string]any{"method": "email", "tries": tries}
		if _, err := e.svc.audit.Record(ctx, ev); err != nil {
			return fmt.Errorf("record step-up failure: %w", err)
		}
		return ErrInvalidCode
	}
	// GetDel makes the code single use even when two right answers race.
	b, err := e.kv.GetDel(ctx, key)
	if errors.Is(err, errs.ErrNotFound) {
		return ErrCodeExpired
	}
	if err != nil {
		return fmt.Errorf("use step-up code: %w", err)
	}
	var taken emailCodeTicket
	if json.Unmarshal(b, &taken) != nil || taken.Nonce != t.Nonce {
		return ErrCodeExpired // replaced by a newer code between the read and the take
	}
	_ = e.kv.Delete(ctx, emailTriesKey(t.Nonce))
	ev := actor.event("auth.step_up", "user", u.ID, u.PrimaryOrg())
	ev.Details = map[string]any{"method": "email"}
	if _, err := e.svc.audit.Record(ctx, ev); err != nil {
		return fmt.Errorf("record step-up: %w", err)
	}
	return nil
}

// ticket reads the live code of a session, for this user.
func (e *EmailCodes) ticket(ctx context.Context, key, userID string) (emailCodeTicket, error) {
	b, err := e.kv.Get(ctx, key)
	if errors.Is(err, errs.ErrNotFound) {
		return emailCodeTicket{}, ErrCodeExpired
	}
	if err != nil {
		return emailCodeTicket{}, fmt.Errorf("read step-up code: %w", err)
	}
	var t emailCodeTicket
	if json.Unmarshal(b, &t) != nil || t.UserID != userID {
		return emailCodeTicket{}, ErrCodeExpired
	}
	if !e.now().Before(t.ExpiresAt) {
		_ = e.kv.Delete(ctx, key)
		return emailCodeTicket{}, ErrCodeExpired
	}
	return t, nil
}

// validCodeFormat reports whether code is exactly six ASCII digits.
func validCodeFormat(code string) bool {
	if len(code) != emailCodeDigits {
		return false
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// codeHash keys the code's hash with its nonce, so equal codes never hash alike.
func codeHash(nonce, code string) string {
	m := hmac.New(sha256.New, []byte(nonce))
	m.Write([]byte(code))
	return hex.EncodeToString(m.Sum(nil))
}

func emailCodeKey(sessionID string) string { return "stepup:email:" + sessionID }

func emailTriesKey(nonce string) string { return "stepup:email-tries:" + nonce }
