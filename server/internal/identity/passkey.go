package identity

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

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
