package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/jobs/mailjob"
	"github.com/vouchhq/vouch/server/internal/notify"
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
	// NextPasskey means a passkey is required as a second factor: prove one of yours.
	NextPasskey Next = "passkey"
	// NextPasskeySetup means a passkey is required but the user has none: register one.
	NextPasskeySetup Next = "passkey_setup"
)

// dummy returns a hash to verify against when the e-mail is unknown, so that answer takes
// as long as a wrong password (ASVS 6.3: no account enumeration by timing).
func (s *Service) dummy(ctx context.Context) string {
	s.dummyOnce.Do(func() {
		h, err := s.hasher.Hash(ctx, "vouch-dummy-password-for-timing")
		if err == nil {
			s.dummyHash = h
		}
	})
	return s.dummyHash
}

// Authenticate checks an e-mail and password. Any failure is ErrInvalidCredentials, but
// a backend outage is passed on as such (the client should retry, not distrust itself).
// Sign-ins to a known account, good or bad, are audited.
func (s *Service) Authenticate(ctx context.Context, actor Actor, email, password string) (User, Next, error) {
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
	if u.LockedUntil != nil && s.lock.now().Before(*u.LockedUntil) {
		// No password check while locked: the answer must not tell a guesser when they
		// are right.
		return User{}, "", &LockedError{Until: *u.LockedUntil}
	}
	ok, err := s.hasher.Verify(ctx, password, u.PasswordHash)
	if err != nil && !errors.Is(err, ErrMalformedHash) {
		return User{}, "", fmt.Errorf("authenticate: %w", err)
	}
	actor.UserID, actor.Role = u.ID, primaryRole(u)
	if !ok || u.Status != StatusActive {
		if err := s.failedSignIn(ctx, actor, u); err != nil {
			return User{}, "", fmt.Errorf("authenticate: %w", err)
		}
		return User{}, "", ErrInvalidCredentials
	}
	if err := s.lock.succeeded(ctx, u.ID); err != nil {
		return User{}, "", fmt.Errorf("authenticate: %w", err)
	}
	if s.hasher.NeedsRehash(u.PasswordHash) {
		s.rehash(ctx, u, password)
	}
	next, err := s.nextAfterPassword(ctx, u)
	if err != nil {
		return User{}, "", fmt.Errorf("authenticate: %w", err)
	}
	ev := actor.event("auth.login_succeeded", "user", u.ID, u.PrimaryOrg())
	ev.Details = map[string]any{"next": string(next)}
	if _, err := s.audit.Record(ctx, ev); err != nil {
		return User{}, "", fmt.Errorf("authenticate: %w", err)
	}
	return u, next, nil
}

// primaryRole is the role a user acts in by default: their first grant.
func primaryRole(u User) Role {
	if len(u.Roles) == 0 {
		return ""
	}
	return u.Roles[0].Role
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

// ChangePassword replaces the actor's password after checking the current one, clears a
// pending forced reset, audits it and tells the user by e-mail. The caller ends the
// user's other sessions.
func (s *Service) ChangePassword(ctx context.Context, actor Actor, current, next string) error {
	u, err := s.store.GetUser(ctx, actor.UserID)
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
	return s.setPassword(ctx, actor, u, next, "user.password_changed")
}

// setPassword checks a new password against the policy, stores its hash, clears a pending
// forced reset, audits it under action and tells the user by e-mail.
func (s *Service) setPassword(ctx context.Context, actor Actor, u User, next, action string) error {
	if err := s.checkPassword(ctx, u, next); err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	hash, err := s.hasher.Hash(ctx, next)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	err = s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetPasswordHash(ctx, u.ID, hash, false); err != nil {
			return err
		}
		ev := actor.event(action, "user", u.ID, u.PrimaryOrg())
		ev.Details = map[string]any{"was_forced": u.MustChangePassword}
		if _, err := s.audit.Record(ctx, ev); err != nil {
			return err
		}
		// The takeover alarm commits with the change: no new password without its e-mail.
		return s.queueMail(ctx, u.Email, notify.TemplatePasswordChanged, notify.PasswordChangedData{
			Name: u.Name, ChangedAt: time.Now().UTC(), ResetURL: s.publicURL + "/forgot-password",
		})
	})
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	s.log.InfoContext(ctx, "password set", "user_id", u.ID, "action", action)
	return nil
}

// checkPassword applies the password policy to a user's new password, with what we know
// of them (a password made of your own e-mail or company is the first one guessed).
func (s *Service) checkPassword(ctx context.Context, u User, pw string) error {
	pc := PasswordContext{Email: u.Email, Name: u.Name}
	for _, g := range u.Roles {
		if g.OrgID == "" {
			continue
		}
		org, err := s.store.GetOrg(ctx, g.OrgID)
		if err != nil {
			return err
		}
		pc.OrgName = org.Name
		break
	}
	return CheckPassword(pw, pc)
}

// ForcePasswordReset makes a user choose a new password at next sign-in, audits who did
// it and why, and tells the user by e-mail. The caller ends the user's sessions.
func (s *Service) ForcePasswordReset(ctx context.Context, actor Actor, u User) error {
	if strings.TrimSpace(actor.Reason) == "" {
		return fmt.Errorf("force password reset: %w", errs.FieldErrors{}.Add("reason", "is required"))
	}
	err := s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetMustChangePassword(ctx, u.ID, true); err != nil {
			return err
		}
		if _, err := s.audit.Record(ctx, actor.event("user.password_reset_forced", "user", u.ID, u.PrimaryOrg())); err != nil {
			return err
		}
		return s.queueMail(ctx, u.Email, notify.TemplatePasswordResetForced, notify.PasswordResetForcedData{
			Name: u.Name, SignInURL: s.publicURL + "/sign-in",
		})
	})
	if err != nil {
		return fmt.Errorf("force password reset: %w", err)
	}
	return nil
}

// mailTimeout bounds one direct notification (no outbox) so a slow relay cannot hold a
// request for long.
const mailTimeout = 10 * time.Second

// send e-mails a notification through the outbox, like queueMail, but logs a failure to
// queue it instead of returning it: for mail that is nice to have. Called inside the
// change's WithTx, the mail goes out only if the change commits.
func (s *Service) send(ctx context.Context, to, template string, data any) {
	if err := s.queueMail(ctx, to, template, data); err != nil {
		s.log.WarnContext(ctx, "notification not queued", "template", template, "err", err)
	}
}

// queueMail renders template with data for to and enqueues it as a mail.send job in the
// transaction ctx carries (see package mailjob): a worker delivers it once the change
// commits, retrying while the relay is down. Call it inside the change's WithTx and
// return its error, so that a change the user must hear about cannot commit silently.
// Without an outbox (a bare Service in unit tests) the mail is sent after the commit,
// best effort.
func (s *Service) queueMail(ctx context.Context, to, template string, data any) error {
	msg, err := notify.Render(template, data)
	if err != nil {
		return fmt.Errorf("mail %s: %w", template, err)
	}
	msg.To = to
	if s.outbox == nil {
		s.store.DB().AfterCommit(ctx, func() { s.sendNow(context.WithoutCancel(ctx), template, msg) })
		return nil
	}
	m := mailjob.Mail{Message: msg, Template: template}
	if d, ok := data.(notify.PasswordResetData); ok && d.ValidFor > 0 {
		m.ExpiresAt = time.Now().Add(d.ValidFor)
	}
	if _, err := s.outbox.Send(ctx, m); err != nil {
		return err
	}
	return nil
}

// sendNow delivers msg at once through the mailer, logging a failure.
func (s *Service) sendNow(ctx context.Context, template string, msg notify.Message) {
	ctx, cancel := context.WithTimeout(ctx, mailTimeout)
	defer cancel()
	if err := s.mailer.Send(ctx, msg); err != nil {
		s.log.WarnContext(ctx, "notification not sent", "template", template, "err", err)
	}
}

// RecordSessionsRevoked audits that staff ended every session of a user.
func (s *Service) RecordSessionsRevoked(ctx context.Context, actor Actor, u User) error {
	if _, err := s.audit.Record(ctx, actor.event("user.sessions_revoked", "user", u.ID, u.PrimaryOrg())); err != nil {
		return fmt.Errorf("record sessions revoked: %w", err)
	}
	return nil
}

// RecordLoginDeniedIP audits a right password from an address outside the user's allowlist.
func (s *Service) RecordLoginDeniedIP(ctx context.Context, actor Actor, u User) error {
	actor.UserID, actor.Role = u.ID, primaryRole(u)
	if _, err := s.audit.Record(ctx, actor.event("auth.login_denied_ip", "user", u.ID, u.PrimaryOrg())); err != nil {
		return fmt.Errorf("record ip denial: %w", err)
	}
	return nil
}

// failedSignIn audits a wrong password and locks the account when failures from several
// addresses pile up (see lockout.go).
func (s *Service) failedSignIn(ctx context.Context, actor Actor, u User) error {
	until, err := s.lock.failed(ctx, u.ID, actor.IP)
	if err != nil {
		return err
	}
	return s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.audit.Record(ctx, actor.event("auth.login_failed", "user", u.ID, u.PrimaryOrg())); err != nil {
			return err
		}
		if until.IsZero() {
			return nil
		}
		if err := s.store.SetLockedUntil(ctx, u.ID, &until); err != nil {
			return err
		}
		ev := Actor{}.event("user.locked", "user", u.ID, u.PrimaryOrg())
		ev.Details = map[string]any{"until": until.Format(time.RFC3339)}
		_, err := s.audit.Record(ctx, ev)
		return err
	})
}

// Unlock lifts a lockout at once and forgets the failures that led to it.
func (s *Service) Unlock(ctx context.Context, actor Actor, u User) error {
	err := s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetLockedUntil(ctx, u.ID, nil); err != nil {
			return err
		}
		_, err := s.audit.Record(ctx, actor.event("user.unlocked", "user", u.ID, u.PrimaryOrg()))
		return err
	})
	if err != nil {
		return fmt.Errorf("unlock: %w", err)
	}
	return s.lock.clear(ctx, u.ID)
}
