package identity

import (
	"bytes"
	"context"
	"strings"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
)

// webauthnUser is a user as go-webauthn sees them: the random handle, never the e-mail,
// and the credentials registered for this RP ID.
type webauthnUser struct {
	user   User
	handle []byte
	rows   []Passkey
	creds  []webauthn.Credential
}

func (w *webauthnUser) WebAuthnID() []byte   { return w.handle }
func (w *webauthnUser) WebAuthnName() string { return w.user.Email }
func (w *webauthnUser) WebAuthnDisplayName() string {
	if w.user.Name != "" {
		return w.user.Name
	}
	return w.user.Email
}
func (w *webauthnUser) WebAuthnCredentials() []webauthn.Credential { return w.creds }

// row returns the stored passkey with this credential id.
func (w *webauthnUser) row(credentialID []byte) (Passkey, bool) {
	for _, r := range w.rows {
		if bytes.Equal(r.CredentialID, credentialID) {
			return r, true
		}
	}
	return Passkey{}, false
}

// credential turns a stored passkey into go-webauthn's credential record.
func (pk Passkey) credential() webauthn.Credential {
	var transports []protocol.AuthenticatorTransport
	for _, t := range strings.Split(pk.Transports, ",") {
		if t != "" {
			transports = append(transports, protocol.AuthenticatorTransport(t))
		}
	}
	return webauthn.Credential{
		ID:                pk.CredentialID,
		PublicKey:         pk.PublicKey,
		AttestationType:   pk.AttestationType,
		AttestationFormat: pk.AttestationFormat,
		Transport:         transports,
		Flags:             webauthn.NewCredentialFlags(protocol.AuthenticatorFlags(pk.Flags)),
		Authenticator: webauthn.Authenticator{
			AAGUID:       pk.AAGUID,
			SignCount:    uint32(pk.SignCount), //nolint:gosec // the column holds a uint32 (CHECK)
			CloneWarning: pk.CloneWarning,
			Attachment:   protocol.AuthenticatorAttachment(pk.Attachment),
		},
	}
}

// loadUser builds the webauthn view of a user; createHandle creates the handle if missing.
func (p *Passkeys) loadUser(ctx context.Context, u User, createHandle bool) (*webauthnUser, error) {
	var handle []byte
	var err error
	if createHandle {
		handle, err = p.store.ensureWebAuthnHandle(ctx, u.ID)
	} else {
		handle, err = p.store.webauthnHandle(ctx, u.ID)
	}
	if err != nil {
		return nil, err
	}
	rows, err := p.store.ListPasskeys(ctx, u.ID, p.rpID)
	if err != nil {
		return nil, err
	}
	w := &webauthnUser{user: u, handle: handle, rows: rows}
	for _, r := range rows {
		w.creds = append(w.creds, r.credential())
	}
	return w, nil
}
