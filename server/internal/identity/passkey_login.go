package identity

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// BeginLogin starts a passkey sign-in. With no e-mail it is discoverable (no
// allowCredentials: the authenticator offers whatever passkeys it holds for us). With an
// e-mail the options list that user's passkeys; an unknown e-mail, or one without
// passkeys, gets a decoy list shaped like a real one (stable per e-mail) so the answer
// does not tell who has an account.
func (p *Passkeys) BeginLogin(ctx context.Context, email string) (*protocol.CredentialAssertion, string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		assertion, data, err := p.wa.BeginDiscoverableLogin()
		if err != nil {
			return nil, "", fmt.Errorf("begin passkey sign-in: %w", err)
		}
		id, err := p.saveCeremony(ctx, ceremony{Kind: ceremonyLogin, Data: *data})
		return assertion, id, err
	}
	w, err := p.userForEmail(ctx, email)
	if err != nil {
		return nil, "", fmt.Errorf("begin passkey sign-in: %w", err)
	}
	c := ceremony{Kind: ceremonyLogin}
	if w == nil {
		if w, err = p.decoyUser(ctx, email); err != nil {
			return nil, "", fmt.Errorf("begin passkey sign-in: %w", err)
		}
		c.Decoy = true
	} else {
		c.UserID = w.user.ID
	}
	assertion, data, err := p.wa.BeginLogin(w)
	if err != nil {
		return nil, "", fmt.Errorf("begin passkey sign-in: %w", err)
	}
	c.Data = *data
	id, err := p.saveCeremony(ctx, c)
	return assertion, id, err
}

// userForEmail loads the webauthn view of the user with this e-mail, or nil when there
// is none or they have no passkey for this RP ID.
func (p *Passkeys) userForEmail(ctx context.Context, email string) (*webauthnUser, error) {
	u, err := p.store.GetUserByEmail(ctx, email)
	if errors.Is(err, errs.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	w, err := p.loadUser(ctx, u, false)
	if errors.Is(err, errs.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if len(w.creds) == 0 {
		return nil, nil
	}
	return w, nil
}

// decoyUser makes a stand-in with one credential id derived from the e-mail under a
// secret key, so asking twice gives the same list, as it would for a real account.
func (p *Passkeys) decoyUser(ctx context.Context, email string) (*webauthnUser, error) {
	key, err := p.decoySecret(ctx)
	if err != nil {
		return nil, err
	}
	mac := func(label string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(label + "\x00" + email))
		return h.Sum(nil)
	}
	handle := append(mac("handle"), mac("handle2")...)
	return &webauthnUser{
		user:   User{Email: email},
		handle: handle,
		creds: []webauthn.Credential{{
			ID:        mac("credential"),
			Transport: []protocol.AuthenticatorTransport{protocol.Internal, protocol.Hybrid},
		}},
	}, nil
}

// decoySecret is a random key shared by every instance through kv (created once), so
// decoys look the same whichever instance answers.
func (p *Passkeys) decoySecret(ctx context.Context) ([]byte, error) {
	p.decoyMu.Lock()
	defer p.decoyMu.Unlock()
	if p.decoyKey != nil {
		return p.decoyKey, nil
	}
	const key = "webauthn-decoy-key"
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("decoy key: %w", err)
	}
	if _, err := p.kv.SetNX(ctx, key, fresh, 0); err != nil {
		return nil, fmt.Errorf("decoy key: %w", err)
	}
	b, err := p.kv.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("decoy key: %w", err)
	}
	p.decoyKey = b
	return b, nil
}

// FinishLogin verifies a sign-in assertion and returns the user and what they must do
// next. A counter that went backwards flags the passkey as possibly cloned and refuses
// it from then on. Sign-ins to known accounts are audited, good and bad.
func (p *Passkeys) FinishLogin(ctx context.Context, actor Actor, ceremonyID string, body []byte) (User, Next, error) {
	parsed, err := protocol.ParseCredentialRequestResponseBytes(body)
	if err != nil {
		p.logRefusal(ctx, "passkey sign-in malformed", "", err)
		return User{}, "", ErrMalformedWebAuthn
	}
	c, err := p.takeCeremony(ctx, ceremonyID, ceremonyLogin)
	if err != nil {
		return User{}, "", err
	}
	if c.Decoy {
		return User{}, "", ErrPasskeyInvalid
	}
	var (
		w    *webauthnUser
		cred *webauthn.Credential
	)
	if c.UserID != "" {
		u, err := p.store.GetUser(ctx, c.UserID)
		if err != nil {
			return User{}, "", p.lookupFailure(err)
		}
		if w, cred, err = p.verifyAssertion(ctx, actor, u, c.Data, parsed, "auth.login_failed"); err != nil {
			return User{}, "", err
		}
	} else {
		var lookupErr error
		handler := func(_, userHandle []byte) (webauthn.User, error) {
			id, err := p.store.userIDByWebAuthnHandle(ctx, userHandle)
			if err == nil {
				var u User
				if u, err = p.store.GetUser(ctx, id); err == nil {
					w, err = p.loadUser(ctx, u, false)
				}
			}
			if err != nil && !errors.Is(err, errs.ErrNotFound) {
				lookupErr = err
			}
			if err != nil {
				return nil, err
			}
			return w, nil
		}
		_, cred, err = p.wa.ValidatePasskeyLogin(handler, c.Data, parsed)
		if lookupErr != nil {
			// A database outage is a 503, never a misleading "invalid passkey".
			return User{}, "", fmt.Errorf("finish passkey sign-in: %w", lookupErr)
		}
		if err != nil {
			return User{}, "", p.refuse(ctx, actor, w, "auth.login_failed", err)
		}
	}
	next := NextDone
	if w.user.MustChangePassword {
		// A forced reset applies whatever the sign-in method: staff forced it because the
		// account may be in the wrong hands.
		next = NextChangePassword
	}
	if err := p.accept(ctx, actor, w, cred, parsed, "auth.login_succeeded", map[string]any{"next": string(next)}); err != nil {
		return User{}, "", err
	}
	return w.user, next, nil
}
