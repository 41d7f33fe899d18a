// Package passkeytest is a software WebAuthn authenticator for tests and benchmarks. It
// answers the server's creation and request options (the JSON a begin endpoint returns)
// with what a browser's PublicKeyCredential.toJSON() would send: ES256 (P-256) keys, "none"
// attestation, discoverable credentials, user verification. Options bend it into the
// failures a real attacker or a broken authenticator would produce: another origin or RP
// ID, a tampered signature, a counter that goes backwards.
package passkeytest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/protocol/webauthncbor"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"
)

// Authenticator flags (WebAuthn §6.1 authenticator data).
const (
	flagUP = 0x01 // user present
	flagUV = 0x04 // user verified
	flagBE = 0x08 // backup eligible
	flagBS = 0x10 // backed up
	flagAT = 0x40 // attested credential data included
)

// ErrExcluded is what create() fails with when the authenticator already holds one of the
// excluded credentials (a browser's InvalidStateError).
var ErrExcluded = errors.New("passkeytest: authenticator already holds an excluded credential")

// ErrNoCredential is what get() fails with when no credential fits the request.
var ErrNoCredential = errors.New("passkeytest: no credential for this request")

// Credential is one key pair the authenticator holds.
type Credential struct {
	ID         []byte
	Key        *ecdsa.PrivateKey
	RPID       string
	UserHandle []byte
	UserName   string
	// SignCount is the last counter value the authenticator reported.
	SignCount uint32
}

// Authenticator is a platform authenticator with user verification (like a phone or a
// laptop with a fingerprint reader) whose keys live in memory. It is safe for concurrent
// use.
type Authenticator struct {
	// Origin is where the "browser" runs, e.g. http://localhost:8080.
	Origin string
	// RPID is the default RP ID when options name none.
	RPID string
	// AAGUID identifies the authenticator model (zero for "none" attestation is usual).
	AAGUID [16]byte
	// BackupEligible and BackupState set the BE and BS flags (a synced passkey has both).
	BackupEligible, BackupState bool
	// Transports are reported at registration.
	Transports []string

	mu    sync.Mutex
	creds []*Credential
}

// New returns an authenticator for pages at origin, e.g. "http://localhost:8080"; the
// RP ID defaults to the origin's host.
func New(origin string) *Authenticator {
	rpID := origin
	if u, err := url.Parse(origin); err == nil && u.Hostname() != "" {
		rpID = u.Hostname()
	}
	return &Authenticator{Origin: origin, RPID: rpID, Transports: []string{"internal", "hybrid"}}
}

// Credentials returns the credentials the authenticator holds, oldest first.
func (a *Authenticator) Credentials() []*Credential {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.creds)
}

// Option bends one ceremony.
type Option func(*ceremony)

type ceremony struct {
	origin        string
	rpID          string // from the options: which credentials fit
	hashRPID      string // what the authenticator data hashes, when not rpID
	typ           string
	challenge     []byte
	counter       *uint32
	tamper        bool
	cred          *Credential
	userHandle    []byte
	omitHandle    bool
	noUV          bool
	crossOrigin   bool
	transformBody func(map[string]any)
}

// WithOrigin reports another origin in clientDataJSON (a phishing page).
func WithOrigin(origin string) Option { return func(c *ceremony) { c.origin = origin } }

// WithRPID hashes another RP ID into the authenticator data.
func WithRPID(rpID string) Option { return func(c *ceremony) { c.hashRPID = rpID } }

// WithType reports another clientDataJSON type (e.g. "webauthn.create" for an assertion).
func WithType(typ string) Option { return func(c *ceremony) { c.typ = typ } }

// WithChallenge signs another challenge than the options carry.
func WithChallenge(challenge []byte) Option { return func(c *ceremony) { c.challenge = challenge } }

// WithCounter reports this signature counter (and remembers it) instead of the next one.
// A value at or below the last one is what a cloned authenticator produces.
func WithCounter(n uint32) Option { return func(c *ceremony) { c.counter = &n } }

// WithTamperedSignature flips a bit of the signature after signing.
func WithTamperedSignature() Option { return func(c *ceremony) { c.tamper = true } }

// WithCredential asserts with this credential, whatever the options allow.
func WithCredential(cred *Credential) Option { return func(c *ceremony) { c.cred = cred } }

// WithUserHandle reports another user handle in the assertion.
func WithUserHandle(h []byte) Option { return func(c *ceremony) { c.userHandle = h } }

// WithoutUserHandle leaves the user handle out of the assertion (as a non-discoverable
// credential would).
func WithoutUserHandle() Option { return func(c *ceremony) { c.omitHandle = true } }

// WithoutUserVerification clears the UV flag (the person was present but not verified).
func WithoutUserVerification() Option { return func(c *ceremony) { c.noUV = true } }

// WithCrossOrigin marks clientDataJSON as collected in a cross-origin iframe.
func WithCrossOrigin() Option { return func(c *ceremony) { c.crossOrigin = true } }

// WithBody edits the JSON body before it is encoded, for malformed-input tests.
func WithBody(f func(body map[string]any)) Option { return func(c *ceremony) { c.transformBody = f } }

func (a *Authenticator) newCeremony(typ, rpID string, opts []Option) *ceremony {
	c := &ceremony{origin: a.Origin, rpID: rpID, typ: typ}
	if c.rpID == "" {
		c.rpID = a.RPID
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Create answers creation options (the JSON of {publicKey: …}) like
// navigator.credentials.create() followed by toJSON(), and keeps the new credential.
func (a *Authenticator) Create(optionsJSON []byte, opts ...Option) ([]byte, *Credential, error) {
	var cc protocol.CredentialCreation
	if err := json.Unmarshal(optionsJSON, &cc); err != nil {
		return nil, nil, fmt.Errorf("passkeytest: creation options: %w", err)
	}
	o := cc.Response
	if !slices.ContainsFunc(o.Parameters, func(p protocol.CredentialParameter) bool {
		return p.Algorithm == webauthncose.AlgES256
	}) {
		return nil, nil, errors.New("passkeytest: the server does not accept ES256")
	}
	userID, err := userHandle(o.User.ID)
	if err != nil {
		return nil, nil, err
	}
	c := a.newCeremony("webauthn.create", o.RelyingParty.ID, opts)
	a.mu.Lock()
	for _, ex := range o.CredentialExcludeList {
		for _, held := range a.creds {
			if held.RPID == c.rpID && bytes.Equal(held.ID, ex.CredentialID) {
				a.mu.Unlock()
				return nil, nil, ErrExcluded
			}
		}
	}
	a.mu.Unlock()

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	cred := &Credential{ID: make([]byte, 32), Key: key, RPID: c.rpID, UserHandle: userID, UserName: o.User.Name}
	if _, err := rand.Read(cred.ID); err != nil {
		return nil, nil, err
	}
	cose, err := coseKey(&key.PublicKey)
	if err != nil {
		return nil, nil, err
	}
	attested := make([]byte, 0, 18+len(cred.ID)+len(cose))
	attested = append(attested, a.AAGUID[:]...)
	attested = binary.BigEndian.AppendUint16(attested, uint16(len(cred.ID))) //nolint:gosec // 32 bytes
	attested = append(attested, cred.ID...)
	attested = append(attested, cose...)
	counter := uint32(0)
	if c.counter != nil {
		counter = *c.counter
	}
	cred.SignCount = counter
	authData := a.authData(c, flagAT, counter, attested)
	clientData := c.clientData(o.Challenge)
	attObj, err := webauthncbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": authData})
	if err != nil {
		return nil, nil, err
	}
	spki, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, nil, err
	}
	id := b64(cred.ID)
	body := map[string]any{
		"id": id, "rawId": id, "type": "public-key", "authenticatorAttachment": "platform",
		"clientExtensionResults": map[string]any{},
		"response": map[string]any{
			"clientDataJSON":     b64(clientData),
			"attestationObject":  b64(attObj),
			"authenticatorData":  b64(authData),
			"publicKey":          b64(spki),
			"publicKeyAlgorithm": int64(webauthncose.AlgES256),
			"transports":         a.Transports,
		},
	}
	out, err := encode(body, c)
	if err != nil {
		return nil, nil, err
	}
	a.mu.Lock()
	a.creds = append(a.creds, cred)
	a.mu.Unlock()
	return out, cred, nil
}

// Get answers request options (the JSON of {publicKey: …}) like
// navigator.credentials.get() followed by toJSON(). It uses the first held credential that
// allowCredentials names, or for a discoverable request (no list) the newest one for the
// RP ID; WithCredential overrides the choice. The counter moves on by one unless
// WithCounter says otherwise.
func (a *Authenticator) Get(optionsJSON []byte, opts ...Option) ([]byte, *Credential, error) {
	var ca protocol.CredentialAssertion
	if err := json.Unmarshal(optionsJSON, &ca); err != nil {
		return nil, nil, fmt.Errorf("passkeytest: request options: %w", err)
	}
	o := ca.Response
	c := a.newCeremony("webauthn.get", o.RelyingPartyID, opts)
	a.mu.Lock()
	cred := c.cred
	if cred == nil {
		cred = a.pick(o, c.rpID)
	}
	if cred == nil {
		a.mu.Unlock()
		return nil, nil, ErrNoCredential
	}
	counter := cred.SignCount + 1
	if c.counter != nil {
		counter = *c.counter
	}
	cred.SignCount = counter
	a.mu.Unlock()

	authData := a.authData(c, 0, counter, nil)
	clientData := c.clientData(o.Challenge)
	sig, err := sign(cred.Key, authData, clientData)
	if err != nil {
		return nil, nil, err
	}
	if c.tamper {
		sig[len(sig)-1] ^= 0x01
	}
	handle := cred.UserHandle
	if c.userHandle != nil {
		handle = c.userHandle
	}
	response := map[string]any{
		"clientDataJSON":    b64(clientData),
		"authenticatorData": b64(authData),
		"signature":         b64(sig),
	}
	if !c.omitHandle {
		response["userHandle"] = b64(handle)
	}
	id := b64(cred.ID)
	body := map[string]any{
		"id": id, "rawId": id, "type": "public-key", "authenticatorAttachment": "platform",
		"clientExtensionResults": map[string]any{}, "response": response,
	}
	out, err := encode(body, c)
	if err != nil {
		return nil, nil, err
	}
	return out, cred, nil
}

// pick chooses the credential for a request; a.mu is held.
func (a *Authenticator) pick(o protocol.PublicKeyCredentialRequestOptions, rpID string) *Credential {
	if len(o.AllowedCredentials) > 0 {
		for _, allowed := range o.AllowedCredentials {
			for _, held := range a.creds {
				if held.RPID == rpID && bytes.Equal(held.ID, allowed.CredentialID) {
					return held
				}
			}
		}
		return nil
	}
	for i := len(a.creds) - 1; i >= 0; i-- {
		if a.creds[i].RPID == rpID {
			return a.creds[i]
		}
	}
	return nil
}

// authData builds authenticator data: rpIdHash, flags, counter, attested credential data.
func (a *Authenticator) authData(c *ceremony, extra byte, counter uint32, attested []byte) []byte {
	flags := byte(flagUP|flagUV) | extra
	if c.noUV {
		flags &^= flagUV
	}
	if a.BackupEligible {
		flags |= flagBE
	}
	if a.BackupState {
		flags |= flagBS
	}
	rpID := c.rpID
	if c.hashRPID != "" {
		rpID = c.hashRPID
	}
	hash := sha256.Sum256([]byte(rpID))
	out := make([]byte, 0, 37+len(attested))
	out = append(out, hash[:]...)
	out = append(out, flags)
	out = binary.BigEndian.AppendUint32(out, counter)
	return append(out, attested...)
}

// clientData builds clientDataJSON as a browser does.
func (c *ceremony) clientData(challenge []byte) []byte {
	if c.challenge != nil {
		challenge = c.challenge
	}
	m := map[string]any{"type": c.typ, "challenge": b64(challenge), "origin": c.origin, "crossOrigin": c.crossOrigin}
	if c.crossOrigin {
		m["topOrigin"] = "https://elsewhere.example"
	}
	b, _ := json.Marshal(m)
	return b
}

// sign makes the ES256 assertion signature over authData || SHA-256(clientDataJSON).
func sign(key *ecdsa.PrivateKey, authData, clientData []byte) ([]byte, error) {
	cdh := sha256.Sum256(clientData)
	digest := sha256.Sum256(append(slices.Clone(authData), cdh[:]...))
	return ecdsa.SignASN1(rand.Reader, key, digest[:])
}

// coseKey encodes a P-256 public key as a COSE_Key (RFC 9053: kty EC2, alg ES256, crv P-256).
func coseKey(pub *ecdsa.PublicKey) ([]byte, error) {
	raw, err := pub.Bytes() // 0x04 || X || Y
	if err != nil {
		return nil, err
	}
	return webauthncbor.Marshal(map[int64]any{
		1:  int64(webauthncose.EllipticKey),
		3:  int64(webauthncose.AlgES256),
		-1: int64(webauthncose.P256),
		-2: raw[1:33],
		-3: raw[33:65],
	})
}

// userHandle decodes the user.id of creation options (base64url text in JSON).
func userHandle(v any) ([]byte, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("passkeytest: user.id is %T, want base64url text", v)
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil {
		return nil, fmt.Errorf("passkeytest: user.id: %w", err)
	}
	return b, nil
}

func encode(body map[string]any, c *ceremony) ([]byte, error) {
	if c.transformBody != nil {
		c.transformBody(body)
	}
	return json.Marshal(body)
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
