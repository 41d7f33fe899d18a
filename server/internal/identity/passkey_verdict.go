package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// lookupFailure turns a failed load during a finish into the answer: a user or handle
// that vanished since begin is an invalid passkey, an outage stays an outage.
func (p *Passkeys) lookupFailure(err error) error {
	if errors.Is(err, errs.ErrNotFound) {
		return ErrPasskeyInvalid
	}
	return fmt.Errorf("finish passkey ceremony: %w", err)
}

// verifyAssertion checks an assertion against u's own passkeys (a ceremony bound to a
// known user): a load that fails is answered by lookupFailure, an assertion that does not
// verify is refused and audited as failAction.
func (p *Passkeys) verifyAssertion(ctx context.Context, actor Actor, u User, data webauthn.SessionData,
	parsed *protocol.ParsedCredentialAssertionData, failAction string) (*webauthnUser, *webauthn.Credential, error) {
	w, err := p.loadUser(ctx, u, false)
	if err != nil {
		return nil, nil, p.lookupFailure(err)
	}
	cred, err := p.wa.ValidateLogin(w, data, parsed)
	if err != nil {
		return nil, nil, p.refuse(ctx, actor, w, failAction, err)
	}
	return w, cred, nil
}

// refuse logs why a ceremony failed, audits it when the account is known, and answers
// ErrPasskeyInvalid.
func (p *Passkeys) refuse(ctx context.Context, actor Actor, w *webauthnUser, action string, cause error) error {
	userID := ""
	if w != nil {
		userID = w.user.ID
	}
	p.logRefusal(ctx, "passkey assertion refused", userID, cause)
	if w == nil {
		return ErrPasskeyInvalid
	}
	actor.UserID, actor.Role = w.user.ID, primaryRole(w.user)
	ev := actor.event(action, "user", w.user.ID, w.user.PrimaryOrg())
	ev.Details = map[string]any{"method": "passkey"}
	if _, err := p.svc.audit.Record(ctx, ev); err != nil {
		return fmt.Errorf("record passkey refusal: %w", err)
	}
	return ErrPasskeyInvalid
}

// accept finishes a verified assertion: it refuses disabled users and passkeys whose
// counter went backwards (flagging and auditing the first time), and otherwise writes
// back the counter, flags and time of use and audits action, in one transaction.
func (p *Passkeys) accept(ctx context.Context, actor Actor, w *webauthnUser, cred *webauthn.Credential,
	parsed *protocol.ParsedCredentialAssertionData, action string, details map[string]any) error {
	row, ok := w.row(cred.ID)
	if !ok {
		return p.refuse(ctx, actor, w, failedAction(action), errors.New("credential not among the user's passkeys"))
	}
	if w.user.Status != StatusActive {
		return p.refuse(ctx, actor, w, failedAction(action), errors.New("user is not active"))
	}
	actor.UserID, actor.Role = w.user.ID, primaryRole(w.user)
	if cred.Authenticator.CloneWarning {
		// The authenticator's counter did not move forward: two copies of the private key
		// may be in use. WebAuthn leaves the reaction to us; money moves here, so the
		// passkey is refused until its owner removes it and registers a new one.
		p.log.WarnContext(ctx, "passkey counter went backwards", "user_id", w.user.ID, "passkey_id", row.ID)
		err := p.store.DB().WithTx(ctx, func(ctx context.Context) error {
			if row.CloneWarning {
				return nil // already flagged and audited
			}
			if err := p.store.flagPasskeyClone(ctx, row.ID); err != nil {
				return err
			}
			ev := actor.event("passkey.clone_suspected", "passkey", row.ID, w.user.PrimaryOrg())
			ev.Details = map[string]any{"stored_count": row.SignCount,
				"received_count": int64(parsed.Response.AuthenticatorData.Counter), "during": action}
			_, err := p.svc.audit.Record(ctx, ev)
			return err
		})
		if err != nil {
			return fmt.Errorf("flag cloned passkey: %w", err)
		}
		return ErrPasskeyInvalid
	}
	now := p.now()
	err := p.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if err := p.store.recordPasskeyUse(ctx, row.ID, cred.Authenticator.SignCount,
			int(cred.Flags.ProtocolValue()), cred.Flags.BackupState, now); err != nil {
			return err
		}
		ev := actor.event(action, "user", w.user.ID, w.user.PrimaryOrg())
		ev.Details = map[string]any{"method": "passkey", "passkey_id": row.ID}
		for k, v := range details {
			ev.Details[k] = v
		}
		_, err := p.svc.audit.Record(ctx, ev)
		return err
	})
	if err != nil {
		return fmt.Errorf("record passkey use: %w", err)
	}
	return nil
}

// failedAction names the failure event of a success action.
func failedAction(action string) string {
	if action == "auth.step_up" {
		return "auth.step_up_failed"
	}
	if action == actionSecondFactor {
		return actionSecondFactorFailed
	}
	return "auth.login_failed"
}

// logRefusal records why a ceremony failed, for operators: go-webauthn's error type,
// text and diagnostic (which check failed, e.g. the origin that was presented), never
// the payload itself.
func (p *Passkeys) logRefusal(ctx context.Context, msg, userID string, err error) {
	reason := err.Error()
	var perr *protocol.Error
	if errors.As(err, &perr) {
		reason = perr.Type + ": " + perr.Details
		if perr.DevInfo != "" {
			reason += " (" + perr.DevInfo + ")"
		}
	}
	p.log.InfoContext(ctx, msg, "user_id", userID, "reason", truncate(reason, 300))
}
