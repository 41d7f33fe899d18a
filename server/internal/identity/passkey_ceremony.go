package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

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
