package identity

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-webauthn/webauthn/protocol"

	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// ceremonySecondFactor is a passkey proved after a password (StagePasskey sessions): its
// own kind, so neither a sign-in nor a step-up challenge can finish it.
const ceremonySecondFactor ceremonyKind = "second_factor"

// The audit actions of the second factor.
const (
	actionSecondFactor       = "auth.second_factor"
	actionSecondFactorFailed = "auth.second_factor_failed"
)

// BeginSecondFactor starts an assertion by one of the user's own passkeys, bound to the
// session that passed the password check. A user without a usable passkey gets
// errNoPasskeys (they should be at StagePasskeySetup instead).
func (p *Passkeys) BeginSecondFactor(ctx context.Context, b CeremonyBinding) (*protocol.CredentialAssertion, string, error) {
	w, err := p.loadUser(ctx, b.User, false)
	if errors.Is(err, errs.ErrNotFound) || (err == nil && len(w.creds) == 0) {
		return nil, "", errNoPasskeys
	}
	if err != nil {
		return nil, "", fmt.Errorf("begin second factor: %w", err)
	}
	assertion, data, err := p.wa.BeginLogin(w)
	if err != nil {
		return nil, "", fmt.Errorf("begin second factor: %w", err)
	}
	id, err := p.saveCeremony(ctx, ceremony{Kind: ceremonySecondFactor, UserID: b.User.ID, SessionID: b.SessionID, Data: *data})
	if err != nil {
		return nil, "", err
	}
	return assertion, id, nil
}

// FinishSecondFactor verifies the assertion against the session user's own passkeys
// (a passkey of anyone else is refused) and returns what the user must do next: done, or
// change_password when a forced reset is pending. Failures are audited.
func (p *Passkeys) FinishSecondFactor(ctx context.Context, actor Actor, b CeremonyBinding, ceremonyID string, body []byte) (Next, error) {
	parsed, err := protocol.ParseCredentialRequestResponseBytes(body)
	if err != nil {
		p.logRefusal(ctx, "passkey second factor malformed", b.User.ID, err)
		return "", ErrMalformedWebAuthn
	}
	c, err := p.takeCeremony(ctx, ceremonyID, ceremonySecondFactor)
	if err != nil {
		return "", err
	}
	if err := b.check(c); err != nil {
		return "", err
	}
	w, cred, err := p.verifyAssertion(ctx, actor, b.User, c.Data, parsed, actionSecondFactorFailed)
	if err != nil {
		return "", err
	}
	next := nextAfterSecondFactor(b.User)
	if err := p.accept(ctx, actor, w, cred, parsed, actionSecondFactor, map[string]any{"next": string(next)}); err != nil {
		return "", err
	}
	return next, nil
}

// NextAfterSetup is what follows registering the required passkey: the user proved a
// fresh passkey, so only a pending forced reset remains.
func NextAfterSetup(u User) Next { return nextAfterSecondFactor(u) }

// NotifyPasskeyAdded tells the owner a passkey was added to their account, so that a
// stranger who enrolled one with a stolen password does not go unnoticed.
func (p *Passkeys) NotifyPasskeyAdded(ctx context.Context, u User, pk Passkey) {
	p.svc.send(ctx, u.Email, notify.TemplatePasskeyAdded, notify.PasskeyAddedData{
		Name: u.Name, PasskeyName: pk.Name, AddedAt: pk.CreatedAt.UTC().Truncate(time.Second),
		ResetURL: p.svc.publicURL + "/forgot-password",
	})
}
