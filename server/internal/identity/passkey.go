package identity

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Passkey limits.
const (
	// CeremonyTTL is how long a begun ceremony may be finished: the kv entry's TTL and the
	// timeout the browser is told.
	CeremonyTTL = 5 * time.Minute
	// MaxPasskeysPerUser bounds a user's passkeys, and so every allowCredentials list.
	MaxPasskeysPerUser = 20
	// MaxPasskeyNameLen bounds a passkey's name, in characters.
	MaxPasskeyNameLen = 64
	// defaultPasskeyName names a passkey registered without ?name=.
	defaultPasskeyName = "Passkey"
	// rpDisplayName is what authenticators show as the relying party.
	rpDisplayName = "Vouch"
)

// The public answers of the passkey ceremonies. Every verification failure collapses to
// ErrPasskeyInvalid (the reason is logged, never sent): telling a caller which check
// failed helps an attacker tune a forgery and helps nobody else.
var (
	// ErrPasskeyInvalid is any assertion or attestation that does not verify.
	ErrPasskeyInvalid = &errs.Coded{Kind: errs.ErrUnauthenticated, Code: "passkey_invalid",
		Detail: "The passkey could not be verified."}
	// ErrCeremonyExpired is a finish without a live ceremony: expired, already used, begun
	// by another session or never begun.
	ErrCeremonyExpired = &errs.Coded{Kind: errs.ErrUnauthenticated, Code: "ceremony_expired",
		Detail: "This passkey request has expired or was already used. Start again."}
	// ErrMalformedWebAuthn is a finish body that is not a WebAuthn credential in JSON.
	ErrMalformedWebAuthn = &errs.Coded{Kind: errs.ErrInvalid, Code: "malformed_webauthn",
		Detail: "The body is not a WebAuthn credential (PublicKeyCredential.toJSON())."}
	errNoPasskeys = &errs.Coded{Kind: errs.ErrConflict, Code: "no_passkeys",
		Detail: "You have no passkey yet; add one first."}
	errTooManyPasskeys = &errs.Coded{Kind: errs.ErrConflict, Code: "too_many_passkeys",
		Detail: fmt.Sprintf("You already have %d passkeys; remove one first.", MaxPasskeysPerUser)}
	errPasskeyExists = &errs.Coded{Kind: errs.ErrConflict, Code: "passkey_exists",
		Detail: "This passkey is already registered."}
	errPasskeyNotFound = &errs.Coded{Kind: errs.ErrNotFound, Code: "passkey_not_found",
		Detail: "There is no such passkey."}
)

// Passkeys runs the WebAuthn ceremonies: registering a passkey to a signed-in user,
// signing in with one (discoverable or for a given e-mail) and re-proving presence
// (step-up). Ceremony state lives in kv under an opaque random id for CeremonyTTL and is
// taken exactly once (GetDel), so a finish cannot be replayed.
type Passkeys struct {
	svc    *Service
	store  *Store
	kv     kv.Store
	wa     *webauthn.WebAuthn
	rpID   string
	origin string
	ttl    time.Duration
	log    *slog.Logger
	now    func() time.Time

	decoyMu  sync.Mutex
	decoyKey []byte
}

// PasskeyDeps are what Passkeys is built from.
type PasskeyDeps struct {
	Service *Service
	KV      kv.Store
	// PublicURL is VOUCH_PUBLIC_URL: its host is the RP ID, its scheme and host the one
	// origin accepted.
	PublicURL *url.URL
	// CeremonyTTL overrides CeremonyTTL (tests).
	CeremonyTTL time.Duration
}

// NewPasskeys builds the passkey service. The public URL's host must be a domain name
// (browsers refuse IP addresses as RP IDs: use http://localhost:PORT in development).
func NewPasskeys(d PasskeyDeps) (*Passkeys, error) {
	if d.Service == nil || d.KV == nil || d.PublicURL == nil {
		return nil, errors.New("passkeys: service, kv and public URL are required")
	}
	rpID := strings.ToLower(d.PublicURL.Hostname())
	if net.ParseIP(rpID) != nil {
		return nil, fmt.Errorf("passkeys: the public URL's host %q is an IP address; WebAuthn needs a domain name (use localhost in development)", rpID)
	}
	origin := RPOrigin(d.PublicURL)
	ttl := d.CeremonyTTL
	if ttl <= 0 {
		ttl = CeremonyTTL
	}
	timeout := webauthn.TimeoutConfig{Enforce: true, Timeout: ttl, TimeoutUVD: ttl}
	wa, err := webauthn.New(&webauthn.Config{
		RPID:          rpID,
		RPDisplayName: rpDisplayName,
		RPOrigins:     []string{origin},
		// No attestation: we do not restrict authenticator models, and asking for
		// attestation only adds a privacy prompt in some browsers.
		AttestationPreference: protocol.PreferNoAttestation,
		// Passkeys, not second-factor keys: the credential must be discoverable (so the
		// e-mail-less sign-in finds it) and the authenticator must verify the person
		// (PIN or biometric), which makes one passkey a full sign-in on its own.
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey:        protocol.ResidentKeyRequirementRequired,
			RequireResidentKey: protocol.ResidentKeyRequired(),
			UserVerification:   protocol.VerificationRequired,
		},
		Timeouts: webauthn.TimeoutsConfig{Login: timeout, Registration: timeout},
	})
	if err != nil {
		return nil, fmt.Errorf("passkeys: %w", err)
	}
	return &Passkeys{svc: d.Service, store: d.Service.store, kv: d.KV, wa: wa, rpID: rpID, origin: origin,
		ttl: ttl, log: d.Service.log, now: time.Now}, nil
}

// RPOrigin is the one origin a public URL's pages have: scheme and host, with a default
// port left out as browsers do.
func RPOrigin(u *url.URL) string {
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	port := u.Port()
	if (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		port = ""
	}
	if port != "" {
		host += ":" + port
	}
	return strings.ToLower(u.Scheme) + "://" + host
}

// RPID returns the relying party id (the public URL's host).
func (p *Passkeys) RPID() string { return p.rpID }

// Origin returns the origin ceremonies must come from.
func (p *Passkeys) Origin() string { return p.origin }

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

// loadUser builds the webauthn view of a user; withHandle creates the handle if missing.
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

// ceremonyKind says which finish a ceremony belongs to, so a login challenge cannot
// complete a step-up or a registration.
type ceremonyKind string

const (
	ceremonyRegister ceremonyKind = "register"
	ceremonyLogin    ceremonyKind = "login"
	ceremonyStepUp   ceremonyKind = "step_up"
)

// ceremony is what kv keeps between begin and finish.
type ceremony struct {
	Kind ceremonyKind `json:"kind"`
	// UserID is our user id for registration, step-up and e-mail sign-in; empty for a
	// discoverable sign-in.
	UserID string `json:"user_id,omitempty"`
	// SessionID binds registration and step-up to the session that began them, so a
	// ceremony id that leaks cannot be finished from another sign-in.
	SessionID string `json:"session_id,omitempty"`
	// Decoy marks a sign-in begun for an e-mail without passkeys: it never succeeds.
	Decoy bool                 `json:"decoy,omitempty"`
	Data  webauthn.SessionData `json:"data"`
}

// ceremonyKey is where a ceremony lives in kv: the hash of its id, so a kv dump holds no
// id that could be finished.
func ceremonyKey(id string) string {
	sum := sha256.Sum256([]byte(id))
	return "webauthn:" + hex.EncodeToString(sum[:])
}

// saveCeremony stores c under a fresh 256-bit id and returns the id.
func (p *Passkeys) saveCeremony(ctx context.Context, c ceremony) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("ceremony id: %w", err)
	}
	id := base64.RawURLEncoding.EncodeToString(raw)
	b, err := json.Marshal(c)
	if err != nil {
		return "", fmt.Errorf("encode ceremony: %w", err)
	}
	if err := p.kv.Set(ctx, ceremonyKey(id), b, p.ttl); err != nil {
		return "", fmt.Errorf("save ceremony: %w", err)
	}
	return id, nil
}

// takeCeremony removes and returns the ceremony of id, which must be of kind. GetDel makes
// it single use: of two finishes racing with one id, exactly one gets the ceremony.
func (p *Passkeys) takeCeremony(ctx context.Context, id string, kind ceremonyKind) (ceremony, error) {
	if len(id) != 43 {
		return ceremony{}, ErrCeremonyExpired
	}
	b, err := p.kv.GetDel(ctx, ceremonyKey(id))
	if errors.Is(err, errs.ErrNotFound) {
		return ceremony{}, ErrCeremonyExpired
	}
	if err != nil {
		return ceremony{}, fmt.Errorf("take ceremony: %w", err)
	}
	var c ceremony
	if err := json.Unmarshal(b, &c); err != nil || c.Kind != kind {
		return ceremony{}, ErrCeremonyExpired
	}
	if !c.Data.Expires.IsZero() && p.now().After(c.Data.Expires) {
		return ceremony{}, ErrCeremonyExpired
	}
	return c, nil
}

// CeremonyBinding ties a registration or step-up to who began it.
type CeremonyBinding struct {
	User      User
	SessionID string // the public id of the session (Session.ID)
}

// check refuses a ceremony begun by another user or session.
func (b CeremonyBinding) check(c ceremony) error {
	if c.UserID != b.User.ID || c.SessionID != b.SessionID {
		return ErrCeremonyExpired
	}
	return nil
}

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
		if w, err = p.loadUser(ctx, u, false); err != nil {
			return User{}, "", p.lookupFailure(err)
		}
		cred, err = p.wa.ValidateLogin(w, c.Data, parsed)
		if err != nil {
			return User{}, "", p.refuse(ctx, actor, w, "auth.login_failed", err)
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
	w, err := p.loadUser(ctx, b.User, false)
	if err != nil {
		return p.lookupFailure(err)
	}
	cred, err := p.wa.ValidateLogin(w, c.Data, parsed)
	if err != nil {
		return p.refuse(ctx, actor, w, "auth.step_up_failed", err)
	}
	return p.accept(ctx, actor, w, cred, parsed, "auth.step_up", nil)
}

// lookupFailure turns a failed load during a finish into the answer: a user or handle
// that vanished since begin is an invalid passkey, an outage stays an outage.
func (p *Passkeys) lookupFailure(err error) error {
	if errors.Is(err, errs.ErrNotFound) {
		return ErrPasskeyInvalid
	}
	return fmt.Errorf("finish passkey ceremony: %w", err)
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

// List returns a user's passkeys, oldest first.
func (p *Passkeys) List(ctx context.Context, userID string) ([]Passkey, error) {
	return p.store.ListPasskeys(ctx, userID, "")
}

// Delete removes one of the user's own passkeys, audited; another user's id is
// errs.ErrNotFound, exactly like an id that does not exist.
func (p *Passkeys) Delete(ctx context.Context, actor Actor, u User, id string) error {
	err := p.store.DB().WithTx(ctx, func(ctx context.Context) error {
		pk, err := p.store.getPasskey(ctx, u.ID, id)
		if err != nil {
			return err
		}
		if err := p.store.deletePasskey(ctx, u.ID, id); err != nil {
			return err
		}
		ev := actor.event("passkey.deleted", "passkey", pk.ID, u.PrimaryOrg())
		ev.Details = map[string]any{"name": pk.Name, "owner_id": u.ID}
		_, err = p.svc.audit.Record(ctx, ev)
		return err
	})
	if errors.Is(err, errs.ErrNotFound) {
		return errPasskeyNotFound
	}
	if err != nil {
		return fmt.Errorf("delete passkey: %w", err)
	}
	return nil
}

// DeleteAll removes every passkey of a user (staff acting on a lost device), audited with
// the actor's reason.
func (p *Passkeys) DeleteAll(ctx context.Context, actor Actor, u User) (int64, error) {
	if strings.TrimSpace(actor.Reason) == "" {
		return 0, fmt.Errorf("delete passkeys: %w", errs.FieldErrors{}.Add("reason", "is required"))
	}
	var n int64
	err := p.store.DB().WithTx(ctx, func(ctx context.Context) error {
		var err error
		if n, err = p.store.deletePasskeys(ctx, u.ID); err != nil {
			return err
		}
		ev := actor.event("passkey.deleted_all", "user", u.ID, u.PrimaryOrg())
		ev.Details = map[string]any{"count": n}
		_, err = p.svc.audit.Record(ctx, ev)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("delete passkeys: %w", err)
	}
	return n, nil
}
