package identity

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// TokenPrefix starts every bearer token, so leaked tokens are easy to find by scanners
// and easy to tell from other secrets.
const TokenPrefix = "vch_"

// Token kinds.
const (
	TokenAPIKey = "api_key" // a customer system calling the API
	TokenDevice = "device"  // the desktop app of one person
)

// Scopes a token may carry; routes declare which one they need.
const (
	ScopeProfile       = "profile"        // read who the token acts for
	ScopePaymentsCheck = "payments:check" // pre-check payments (Risk)
)

var knownScopes = []string{ScopeProfile, ScopePaymentsCheck}

// Token is a bearer credential as listed (never with its secret).
type Token struct {
	ID         string     `db:"id" json:"id"`
	UserID     string     `db:"user_id" json:"user_id"`
	OrgID      *string    `db:"org_id" json:"org_id,omitempty"`
	Kind       string     `db:"kind" json:"kind"`
	Name       string     `db:"name" json:"name"`
	Hash       string     `db:"token_hash" json:"-"`
	ScopeList  string     `db:"scopes" json:"-"`
	Scopes     []string   `db:"-" json:"scopes"`
	CreatedAt  time.Time  `db:"created_at" json:"created_at"`
	LastUsedAt *time.Time `db:"last_used_at" json:"last_used_at"`
	RevokedAt  *time.Time `db:"revoked_at" json:"revoked_at,omitempty"`
}

// HasScope reports whether the token carries the scope.
func (t Token) HasScope(scope string) bool { return slices.Contains(t.Scopes, scope) }

const tokenColumns = `id, user_id, org_id, kind, name, token_hash, scopes, created_at, last_used_at, revoked_at`

// ErrTokenInvalid is the one answer to an unknown, revoked or malformed bearer token.
var ErrTokenInvalid = &errs.Coded{Kind: errs.ErrUnauthenticated, Code: "invalid_token", Detail: "The bearer token is not valid."}

// IssueToken creates a token for a user and returns it with its secret, shown only now.
func (s *Service) IssueToken(ctx context.Context, actor Actor, u User, kind, name string, scopes []string) (Token, string, error) {
	var fe errs.FieldErrors
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		fe = fe.Add("name", "is required, at most 100 characters")
	}
	for _, sc := range scopes {
		if !slices.Contains(knownScopes, sc) {
			fe = fe.Add("scopes", "unknown scope "+sc+"; known: "+strings.Join(knownScopes, ", "))
		}
	}
	if err := fe.OrNil(); err != nil {
		return Token{}, "", fmt.Errorf("issue token: %w", err)
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return Token{}, "", fmt.Errorf("issue token: %w", err)
	}
	secret := TokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	t := Token{ID: db.NewID("tok"), UserID: u.ID, Kind: kind, Name: name, Hash: hashToken(secret),
		Scopes: slices.Compact(slices.Sorted(slices.Values(scopes))), CreatedAt: db.NormalizeTime(time.Now())}
	if org := u.PrimaryOrg(); org != "" {
		t.OrgID = &org
	}
	t.ScopeList = strings.Join(t.Scopes, " ")
	err := s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.store.DB().Exec(ctx, `INSERT INTO api_tokens (`+tokenColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			t.ID, t.UserID, t.OrgID, t.Kind, t.Name, t.Hash, t.ScopeList, t.CreatedAt, nil, nil); err != nil {
			return err
		}
		ev := actor.event("token.issued", "token", t.ID, u.PrimaryOrg())
		ev.Details = map[string]any{"kind": kind, "name": name, "scopes": t.ScopeList}
		_, err := s.audit.Record(ctx, ev)
		return err
	})
	if err != nil {
		return Token{}, "", fmt.Errorf("issue token: %w", err)
	}
	return t, secret, nil
}

// AuthenticateToken finds the live token for a bearer secret and the user it acts for.
func (s *Service) AuthenticateToken(ctx context.Context, secret string) (Token, User, error) {
	if !strings.HasPrefix(secret, TokenPrefix) || len(secret) != len(TokenPrefix)+43 {
		return Token{}, User{}, ErrTokenInvalid
	}
	var t Token
	err := s.store.DB().Get(ctx, &t, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL`, hashToken(secret))
	if errors.Is(err, errs.ErrNotFound) {
		return Token{}, User{}, ErrTokenInvalid
	}
	if err != nil {
		return Token{}, User{}, fmt.Errorf("authenticate token: %w", err)
	}
	t.Scopes = strings.Fields(t.ScopeList)
	u, err := s.store.GetUser(ctx, t.UserID)
	if err != nil {
		return Token{}, User{}, fmt.Errorf("authenticate token: %w", err)
	}
	if u.Status != StatusActive {
		return Token{}, User{}, ErrTokenInvalid
	}
	// Last use at minute resolution: enough to spot a stale key, without a write per call.
	now := db.NormalizeTime(time.Now())
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		_, _ = s.store.DB().Exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now, t.ID)
	}
	return t, u, nil
}

// ListTokens returns the live API keys of an org (or, with orgID "", of a user), newest
// first; device tokens are each person's own (ListDevices).
func (s *Service) ListTokens(ctx context.Context, orgID, userID string) ([]Token, error) {
	q, arg := `SELECT `+tokenColumns+` FROM api_tokens WHERE revoked_at IS NULL AND kind = 'api_key' AND org_id = ? ORDER BY created_at DESC, id`, orgID
	if orgID == "" {
		q, arg = `SELECT `+tokenColumns+` FROM api_tokens WHERE revoked_at IS NULL AND kind = 'api_key' AND user_id = ? ORDER BY created_at DESC, id`, userID
	}
	var out []Token
	if err := s.store.DB().Select(ctx, &out, q, arg); err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	for i := range out {
		out[i].Scopes = strings.Fields(out[i].ScopeList)
	}
	if out == nil {
		out = []Token{}
	}
	return out, nil
}

// RevokeToken ends an API key of the org (or user); it is refused from its next request on.
func (s *Service) RevokeToken(ctx context.Context, actor Actor, orgID, userID, id string) error {
	err := s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		q, args := `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND org_id = ? AND kind = 'api_key' AND revoked_at IS NULL`, []any{db.NormalizeTime(time.Now()), id, orgID}
		if orgID == "" {
			q, args = `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND kind = 'api_key' AND revoked_at IS NULL`, []any{db.NormalizeTime(time.Now()), id, userID}
		}
		res, err := s.store.DB().Exec(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &errs.Coded{Kind: errs.ErrNotFound, Code: "token_not_found", Detail: "No such key."}
		}
		_, err = s.audit.Record(ctx, actor.event("token.revoked", "token", id, orgID))
		return err
	})
	if err != nil {
		return fmt.Errorf("revoke token: %w", err)
	}
	return nil
}

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
