package identity

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// TestSessionTokenNamesItsUser: a token carries its user's id, so a request reads the
// session and the user's state in one round trip; editing the id ends the session, and a
// token from before ids were added still works.
func TestSessionTokenNamesItsUser(t *testing.T) {
	ctx := context.Background()
	d := dbtest.Open(t, db.SQLite)
	store := kv.NewMemory()
	t.Cleanup(func() { _ = store.Close() })
	users := NewStore(d).CacheAccounts(store)
	u, err := users.CreateUser(ctx, NewUser{Email: "ann@acme.example", Name: "Ann"})
	require.NoError(t, err)
	other, err := users.CreateUser(ctx, NewUser{Email: "bo@acme.example", Name: "Bo"})
	require.NoError(t, err)
	s := NewSessions(store, SessionConfig{})

	token, _, err := s.Create(ctx, u.ID, StageFull, SessionMeta{})
	require.NoError(t, err)
	uid, ok := splitToken(token)
	require.True(t, ok)
	assert.Equal(t, u.ID, uid)
	_, acct, err := s.LookupAccount(ctx, token, users)
	require.NoError(t, err)
	assert.Equal(t, "Ann", acct.User.Name)

	forged := other.ID + token[strings.Index(token, "."):]
	_, _, err = s.LookupAccount(ctx, forged, users)
	require.ErrorIs(t, err, errs.ErrUnauthenticated, "another user's id in front of a secret opens nothing")

	legacy := strings.Repeat("L", 43)
	now := time.Now().UTC()
	require.NoError(t, s.save(ctx, tokenHash(legacy), Session{ID: publicID(legacy), UserID: u.ID, Stage: StageFull,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}))
	_, acct, err = s.LookupAccount(ctx, legacy, users)
	require.NoError(t, err, "a session issued before the id was part of the token")
	assert.Equal(t, u.ID, acct.User.ID)

	for _, bad := range []string{"", "x", "usr_1." + strings.Repeat("A", 42), "USR_1." + strings.Repeat("A", 43), "." + strings.Repeat("A", 43)} {
		_, _, err = s.LookupAccount(ctx, bad, users)
		assert.ErrorIs(t, err, errs.ErrUnauthenticated, "%q", bad)
	}
}
