package identity

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// BeginRegistration starts adding a passkey for the signed-in user: creation options
// that exclude the user's existing passkeys (so one authenticator is not registered
// twice), and the ceremony id.
func (p *Passkeys) BeginRegistration(ctx context.Context, b CeremonyBinding) (*protocol.CredentialCreation, string, error) {
	w, err := p.loadUser(ctx, b.User, true)
	if err != nil {
		return nil, "", fmt.Errorf("begin passkey registration: %w", err)
	}
	if len(w.rows) >= MaxPasskeysPerUser {
		return nil, "", errTooManyPasskeys
	}
	creation, data, err := p.wa.BeginRegistration(w,
		webauthn.WithExclusions(webauthn.Credentials(w.creds).CredentialDescriptors()),
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementRequired))
	if err != nil {
		return nil, "", fmt.Errorf("begin passkey registration: %w", err)
	}
	id, err := p.saveCeremony(ctx, ceremony{Kind: ceremonyRegister, UserID: b.User.ID, SessionID: b.SessionID, Data: *data})
	if err != nil {
		return nil, "", err
	}
	return creation, id, nil
}

// NormalizePasskeyName trims a passkey's name, applies the default and checks it: at most
// MaxPasskeyNameLen characters, printable.
func NormalizePasskeyName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return defaultPasskeyName, nil
	}
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxPasskeyNameLen {
		return "", errs.FieldErrors{}.Add("name", fmt.Sprintf("must be at most %d characters", MaxPasskeyNameLen))
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return "", errs.FieldErrors{}.Add("name", "must be printable text")
		}
	}
	return name, nil
}

// FinishRegistration verifies the authenticator's answer to BeginRegistration (body is
// PublicKeyCredential.toJSON()) and stores the passkey under name, audited.
func (p *Passkeys) FinishRegistration(ctx context.Context, actor Actor, b CeremonyBinding, ceremonyID, name string, body []byte) (Passkey, error) {
	name, err := NormalizePasskeyName(name)
	if err != nil {
		return Passkey{}, err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(body)
	if err != nil {
		p.logRefusal(ctx, "passkey registration malformed", b.User.ID, err)
		return Passkey{}, ErrMalformedWebAuthn
	}
	c, err := p.takeCeremony(ctx, ceremonyID, ceremonyRegister)
	if err != nil {
		return Passkey{}, err
	}
	if err := b.check(c); err != nil {
		return Passkey{}, err
	}
	w, err := p.loadUser(ctx, b.User, false)
	if err != nil {
		return Passkey{}, fmt.Errorf("finish passkey registration: %w", err)
	}
	cred, err := p.wa.CreateCredential(w, c.Data, parsed)
	if err != nil {
		p.logRefusal(ctx, "passkey registration refused", b.User.ID, err)
		return Passkey{}, ErrPasskeyInvalid
	}
	attestation, err := json.Marshal(cred.Attestation)
	if err != nil {
		return Passkey{}, fmt.Errorf("encode attestation: %w", err)
	}
	transports := make([]string, 0, len(cred.Transport))
	for _, t := range cred.Transport {
		transports = append(transports, string(t))
	}
	pk := Passkey{
		ID: db.NewID(passkeyIDPrefix), UserID: b.User.ID, RPID: p.rpID,
		CredentialID: cred.ID, PublicKey: cred.PublicKey,
		AttestationType: cred.AttestationType, AttestationFormat: cred.AttestationFormat, Attestation: attestation,
		AAGUID: cred.Authenticator.AAGUID, SignCount: int64(cred.Authenticator.SignCount),
		Flags:          int(cred.Flags.ProtocolValue()),
		BackupEligible: cred.Flags.BackupEligible, BackupState: cred.Flags.BackupState,
		Transports: strings.Join(transports, ","), Attachment: string(cred.Authenticator.Attachment),
		Name: name, CreatedAt: db.NormalizeTime(p.now()),
	}
	if pk.AAGUID == nil {
		pk.AAGUID = []byte{}
	}
	actor.UserID, actor.Role = b.User.ID, primaryRole(b.User)
	err = p.store.DB().WithTx(ctx, func(ctx context.Context) error {
		n, err := p.store.countPasskeys(ctx, b.User.ID)
		if err != nil {
			return err
		}
		if n >= MaxPasskeysPerUser {
			return errTooManyPasskeys
		}
		if err := p.store.insertPasskey(ctx, pk); err != nil {
			if errors.Is(err, errs.ErrConflict) {
				return errPasskeyExists
			}
			return err
		}
		ev := actor.event("passkey.registered", "passkey", pk.ID, b.User.PrimaryOrg())
		ev.Details = map[string]any{"name": pk.Name, "backup_eligible": pk.BackupEligible, "attachment": pk.Attachment}
		_, err = p.svc.audit.Record(ctx, ev)
		return err
	})
	if err != nil {
		return Passkey{}, fmt.Errorf("finish passkey registration: %w", err)
	}
	p.log.InfoContext(ctx, "passkey registered", "user_id", b.User.ID, "passkey_id", pk.ID)
	return pk, nil
}
