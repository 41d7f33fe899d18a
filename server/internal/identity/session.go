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
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Stage says how far a session's sign-in has come. Only StageFull may use the product;
// the others may do exactly the one thing that completes the sign-in.
type Stage string

// The session stages.
const (
	// StageFull is a completed sign-in.
	StageFull Stage = "full"
	// StageChangePassword may only change the password (a forced reset is pending).
	StageChangePassword Stage = "change_password"
	// StagePasskey may only prove a passkey as the second factor (after a password).
	StagePasskey Stage = "passkey"
	// StagePasskeySetup may only register a passkey: one is required and the user has none.
	StagePasskeySetup Stage = "passkey_setup"
)

// StageFor is the session stage a sign-in's next step implies.
func StageFor(next Next) Stage {
	switch next {
	case NextChangePassword:
		return StageChangePassword
	case NextPasskey:
		return StagePasskey
	case NextPasskeySetup:
		return StagePasskeySetup
	}
	return StageFull
}

// Session is one signed-in browser or device. It lives in kv under the hash of its token,
// so a kv dump does not hand out working sessions.
type Session struct {
	ID         string    `json:"id"` // public id: the first 16 hex chars of the token hash
	UserID     string    `json:"user_id"`
	Stage      Stage     `json:"stage"`
	Generation int64     `json:"generation"` // the user's session generation at creation
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"` // absolute end, whatever the activity
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	// StepUpAt is when the person last re-proved presence in this session (a fresh
	// passkey assertion or e-mailed code); see RecentStepUp.
	StepUpAt *time.Time `json:"step_up_at,omitempty"`
}

// SessionMeta is what the edge knows about the client that signs in.
type SessionMeta struct {
	IP        string
	UserAgent string
}

// SessionConfig sets the timeouts (ASVS 7.3: idle and absolute).
type SessionConfig struct {
	Idle     time.Duration // default 30 min
	Absolute time.Duration // default 12 h
}

// Sessions creates, finds and revokes sessions in kv.
type Sessions struct {
	kv  kv.Store
	cfg SessionConfig
	now func() time.Time
}

// NewSessions builds the session manager; zero timeouts take the defaults.
func NewSessions(store kv.Store, cfg SessionConfig) *Sessions {
	if cfg.Idle <= 0 {
		cfg.Idle = 30 * time.Minute
	}
	if cfg.Absolute <= 0 {
		cfg.Absolute = 12 * time.Hour
	}
	return &Sessions{kv: store, cfg: cfg, now: time.Now}
}

// SecondFactorWindow bounds a session that only passed the password and still owes its
// passkey (StagePasskey, StagePasskeySetup): what a stolen password opens ends soon.
const SecondFactorWindow = 15 * time.Minute

// touchEvery limits idle-timeout refreshes to one kv write a minute per session.
const touchEvery = time.Minute

// Create starts a session and returns its secret token (for the cookie) and the session.
// The token is 256 random bits; only its SHA-256 is stored.
func (s *Sessions) Create(ctx context.Context, userID string, stage Stage, meta SessionMeta) (string, Session, error) {
	gen, err := s.generation(ctx, userID)
	if err != nil {
		return "", Session{}, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", Session{}, fmt.Errorf("session token: %w", err)
	}
	// The user id rides in front of the secret, so a request can fetch the session and
	// everything it needs about its user in one kv round trip (decision 0020); the id is
	// checked against the stored session, so editing it gains nothing.
	token := userID + "." + base64.RawURLEncoding.EncodeToString(raw)
	now := s.now().UTC()
	lifetime := s.cfg.Absolute
	if stage == StagePasskey || stage == StagePasskeySetup {
		lifetime = min(lifetime, SecondFactorWindow)
	}
	sess := Session{
		ID: publicID(token), UserID: userID, Stage: stage, Generation: gen,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(lifetime),
		IP: meta.IP, UserAgent: truncate(meta.UserAgent, 256),
	}
	hash := tokenHash(token)
	if err := s.save(ctx, hash, sess); err != nil {
		return "", Session{}, err
	}
	// The index lists a user's sessions; it lives as long as the longest session could.
	if err := s.kv.SAdd(ctx, indexKey(userID), s.cfg.Absolute, hash); err != nil {
		return "", Session{}, fmt.Errorf("index session: %w", err)
	}
	return token, sess, nil
}

// Lookup returns the live session for a token and slides its idle timeout. An unknown,
// expired or revoked token is errs.ErrUnauthenticated.
func (s *Sessions) Lookup(ctx context.Context, token string) (Session, error) {
	hash, err := hashOf(token)
	if err != nil {
		return Session{}, err
	}
	sess, err := s.load(ctx, hash)
	if err != nil {
		return Session{}, err
	}
	return s.touch(ctx, hash, sess)
}

// hashOf is the kv key material of a session token; a token of the wrong shape is
// refused before any kv traffic.
func hashOf(token string) (string, error) {
	if _, ok := splitToken(token); !ok {
		return "", fmt.Errorf("session: %w", errs.ErrUnauthenticated)
	}
	return tokenHash(token), nil
}

// splitToken returns the user id a token names, "" for a token from before ids were
// added (43 characters of secret alone), and whether the token has either shape.
func splitToken(token string) (userID string, ok bool) {
	if len(token) == 43 {
		return "", true
	}
	uid, secret, found := strings.Cut(token, ".")
	if !found || len(secret) != 43 || uid == "" || len(uid) > 64 {
		return "", false
	}
	for _, r := range uid {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return "", false
		}
	}
	return uid, true
}

// touch slides the idle timeout, at most once a minute.
func (s *Sessions) touch(ctx context.Context, hash string, sess Session) (Session, error) {
	if now := s.now().UTC(); now.Sub(sess.LastSeenAt) >= touchEvery {
		sess.LastSeenAt = now
		if err := s.save(ctx, hash, sess); err != nil {
			return Session{}, err
		}
	}
	return sess, nil
}

// load reads the session stored under a token hash and checks that it is still alive:
// not idle too long, not past its absolute end, not revoked by a newer generation. A dead
// session is deleted on the way.
func (s *Sessions) load(ctx context.Context, hash string) (Session, error) {
	sess, err := s.loadUnchecked(ctx, hash)
	if err != nil {
		return Session{}, err
	}
	gen, err := s.generation(ctx, sess.UserID)
	if err != nil {
		return Session{}, err
	}
	return s.checkGeneration(ctx, hash, sess, gen)
}

// loadUnchecked reads a session and checks its timeouts, but not its generation: the
// caller reads that itself (LookupAccount does, together with the account).
func (s *Sessions) loadUnchecked(ctx context.Context, hash string) (Session, error) {
	b, err := s.kv.Get(ctx, hashKey(hash))
	if errors.Is(err, errs.ErrNotFound) {
		return Session{}, fmt.Errorf("session: %w", errs.ErrUnauthenticated)
	}
	if err != nil {
		return Session{}, fmt.Errorf("load session: %w", err)
	}
	return s.decodeLive(ctx, hash, b)
}

// decodeLive decodes a stored session (nil: none) and checks its timeouts, deleting a
// dead one.
func (s *Sessions) decodeLive(ctx context.Context, hash string, b []byte) (Session, error) {
	if b == nil {
		return Session{}, fmt.Errorf("session: %w", errs.ErrUnauthenticated)
	}
	var sess Session
	if err := json.Unmarshal(b, &sess); err != nil {
		return Session{}, fmt.Errorf("session: %w", errs.ErrUnauthenticated)
	}
	now := s.now().UTC()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) >= s.cfg.Idle {
		_ = s.kv.Delete(ctx, hashKey(hash))
		return Session{}, fmt.Errorf("session expired: %w", errs.ErrUnauthenticated)
	}
	return sess, nil
}

// checkGeneration refuses (and deletes) a session begun before its user's sessions were
// all revoked.
func (s *Sessions) checkGeneration(ctx context.Context, hash string, sess Session, gen int64) (Session, error) {
	if gen != sess.Generation {
		_ = s.kv.Delete(ctx, hashKey(hash))
		return Session{}, fmt.Errorf("session revoked: %w", errs.ErrUnauthenticated)
	}
	return sess, nil
}

// Revoke ends one session; an unknown token is not an error (sign-out is idempotent).
func (s *Sessions) Revoke(ctx context.Context, token string) error {
	hash := tokenHash(token)
	if b, err := s.kv.Get(ctx, hashKey(hash)); err == nil {
		var sess Session
		if json.Unmarshal(b, &sess) == nil {
			_ = s.kv.SRem(ctx, indexKey(sess.UserID), hash)
		}
	}
	if err := s.kv.Delete(ctx, hashKey(hash)); err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	return nil
}

// RevokeAll ends every session of a user at once by moving the user's session
// generation on: sessions of an older generation are refused on their next request, so
// this holds even if the index below were incomplete.
func (s *Sessions) RevokeAll(ctx context.Context, userID string) error {
	if _, err := s.kv.Incr(ctx, generationKey(userID), 1, 0); err != nil {
		return fmt.Errorf("revoke sessions of %s: %w", userID, err)
	}
	if err := s.kv.Delete(ctx, indexKey(userID)); err != nil {
		return fmt.Errorf("revoke sessions of %s: %w", userID, err)
	}
	return nil
}

// List returns a user's live sessions, newest first, and forgets dead ones from the index.
func (s *Sessions) List(ctx context.Context, userID string) ([]Session, error) {
	hashes, err := s.kv.SMembers(ctx, indexKey(userID))
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	out := make([]Session, 0, len(hashes))
	for _, h := range hashes {
		sess, err := s.load(ctx, h)
		if errors.Is(err, errs.ErrUnauthenticated) {
			_ = s.kv.SRem(ctx, indexKey(userID), h)
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, sess)
	}
	slices.SortFunc(out, func(a, b Session) int { return b.CreatedAt.Compare(a.CreatedAt) })
	return out, nil
}

// ErrSessionNotFound answers a revoke of a session the user does not have.
var ErrSessionNotFound = &errs.Coded{Kind: errs.ErrNotFound, Code: "session_not_found", Detail: "No such session."}

// RevokeID ends one of the user's own sessions by its public id.
func (s *Sessions) RevokeID(ctx context.Context, userID, id string) error {
	hashes, err := s.kv.SMembers(ctx, indexKey(userID))
	if err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	for _, h := range hashes {
		if len(id) == 16 && h[:16] == id {
			if err := s.kv.Delete(ctx, hashKey(h)); err != nil {
				return fmt.Errorf("revoke session: %w", err)
			}
			return s.kv.SRem(ctx, indexKey(userID), h)
		}
	}
	return ErrSessionNotFound
}

// save writes the session with a TTL that ends at the idle or absolute limit, whichever
// comes first, so kv forgets dead sessions by itself.
func (s *Sessions) save(ctx context.Context, hash string, sess Session) error {
	ttl := min(s.cfg.Idle, sess.ExpiresAt.Sub(s.now()))
	if ttl <= 0 {
		return fmt.Errorf("session expired: %w", errs.ErrUnauthenticated)
	}
	b, err := json.Marshal(sess)
	if err != nil {
		return fmt.Errorf("encode session: %w", err)
	}
	if err := s.kv.Set(ctx, hashKey(hash), b, ttl); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	return nil
}

func (s *Sessions) generation(ctx context.Context, userID string) (int64, error) {
	b, err := s.kv.Get(ctx, generationKey(userID))
	if errors.Is(err, errs.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("load session generation: %w", err)
	}
	return parseGeneration(userID, b)
}

// parseGeneration reads a stored generation; nil (no revocation yet) is 0.
func parseGeneration(userID string, b []byte) (int64, error) {
	if b == nil {
		return 0, nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("session generation of %s is %q: %w", userID, b, errs.ErrConflict)
	}
	return n, nil
}

func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func hashKey(hash string) string         { return "sess:" + hash }
func indexKey(userID string) string      { return "usess:" + userID }
func generationKey(userID string) string { return "sessgen:" + userID }
func publicID(token string) string       { return tokenHash(token)[:16] }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
