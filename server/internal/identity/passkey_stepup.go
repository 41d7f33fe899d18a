package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-webauthn/webauthn/protocol"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// StepUpWindow is how long a step-up counts: sensitive changes (a second bank account)
// need one this recent.
const StepUpWindow = 5 * time.Minute

// stepUpSkew tolerates instance clocks that disagree a little: a step-up recorded by an
// instance slightly ahead still counts.
const stepUpSkew = 30 * time.Second

// RecordStepUp marks the session behind token as having just re-proved presence and
// returns it. The token must name a live session (errs.ErrUnauthenticated otherwise).
func (s *Sessions) RecordStepUp(ctx context.Context, token string) (Session, error) {
	sess, err := s.Lookup(ctx, token)
	if err != nil {
		return Session{}, err
	}
	now := s.now().UTC()
	sess.StepUpAt = &now
	sess.LastSeenAt = now
	if err := s.save(ctx, tokenHash(token), sess); err != nil {
		return Session{}, fmt.Errorf("record step-up: %w", err)
	}
	return sess, nil
}

// RecentStepUp reports whether the session stepped up within StepUpWindow of now.
func RecentStepUp(sess Session, now time.Time) bool {
	if sess.StepUpAt == nil {
		return false
	}
	age := now.Sub(*sess.StepUpAt)
	return age >= -stepUpSkew && age <= StepUpWindow
}

// BeginStepUp starts a fresh assertion by one of the signed-in user's own passkeys.
func (p *Passkeys) BeginStepUp(ctx context.Context, b CeremonyBinding) (*protocol.CredentialAssertion, string, error) {
	w, err := p.loadUser(ctx, b.User, false)
	if errors.Is(err, errs.ErrNotFound) || (err == nil && len(w.creds) == 0) {
		return nil, "", errNoPasskeys
	}
	if err != nil {
		return nil, "", fmt.Errorf("begin step-up: %w", err)
	}
	assertion, data, err := p.wa.BeginLogin(w)
	if err != nil {
		return nil, "", fmt.Errorf("begin step-up: %w", err)
	}
	id, err := p.saveCeremony(ctx, ceremony{Kind: ceremonyStepUp, UserID: b.User.ID, SessionID: b.SessionID, Data: *data})
	if err != nil {
		return nil, "", err
	}
	return assertion, id, nil
}

// FinishStepUp verifies the step-up assertion; the caller then records the step-up on
// the session (Sessions.RecordStepUp).
func (p *Passkeys) FinishStepUp(ctx context.Context, actor Actor, b CeremonyBinding, ceremonyID string, body []byte) error {
	parsed, err := protocol.ParseCredentialRequestResponseBytes(body)
	if err != nil {
		p.logRefusal(ctx, "passkey step-up malformed", b.User.ID, err)
		return ErrMalformedWebAuthn
	}
	c, err := p.takeCeremony(ctx, ceremonyID, ceremonyStepUp)
	if err != nil {
		return err
	}
	if err := b.check(c); err != nil {
		return err
	}
	w, cred, err := p.verifyAssertion(ctx, actor, b.User, c.Data, parsed, "auth.step_up_failed")
	if err != nil {
		return err
	}
	return p.accept(ctx, actor, w, cred, parsed, "auth.step_up", nil)
}
