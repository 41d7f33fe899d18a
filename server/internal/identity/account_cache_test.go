package identity_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// TestLookupAccountCache shows what the account cache promises: a signed-in request sees
// every change made through the Store at once, and reuses the cached account otherwise
// (a rename made behind the Store's back stays unseen until the next change).
func TestLookupAccountCache(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d *db.DB, store kv.Store) {
		ctx := t.Context()
		users := identity.NewStore(d).CacheAccounts(store)
		h := identity.NewHasherWithParams(identity.Params{Memory: 1024, Time: 1, Threads: 1}, 0)
		svc := identity.NewService(identity.Deps{Store: users, Hasher: h, Audit: audit.New(d), KV: store})
		u, err := svc.CreateUser(ctx, identity.CreateUserInput{Email: "ap@acme.example", Name: "Ada", Password: sfPW,
			Role: identity.RoleCustomerAdmin, OrgName: "Acme"})
		require.NoError(t, err)
		sessions := identity.NewSessions(store, identity.SessionConfig{})
		token, _, err := sessions.Create(ctx, u.ID, identity.StageFull, identity.SessionMeta{})
		require.NoError(t, err)
		lookup := func() identity.Account {
			t.Helper()
			_, acct, err := sessions.LookupAccount(ctx, token, users)
			require.NoError(t, err)
			return acct
		}

		first := lookup()
		assert.Equal(t, "Ada", first.User.Name)
		assert.Empty(t, first.User.PasswordHash, "the cached account carries no password hash")
		require.Len(t, first.Orgs, 1)
		assert.Equal(t, "Acme", first.Orgs[0].Name)
		assert.False(t, first.Passkey.Required())

		_, err = d.Exec(ctx, `UPDATE users SET name = 'Renamed behind the store' WHERE id = ?`, u.ID)
		require.NoError(t, err)
		assert.Equal(t, "Ada", lookup().User.Name, "served from the cache, not the database")

		require.NoError(t, users.SetMustChangePassword(ctx, u.ID, true))
		got := lookup()
		assert.True(t, got.User.MustChangePassword, "a Store change is seen at once")
		assert.Equal(t, "Renamed behind the store", got.User.Name, "and the account is read afresh")

		require.NoError(t, users.SetOrgRequirePasskey(ctx, first.Orgs[0].ID, true))
		assert.True(t, lookup().Passkey.Required(), "an org policy change reaches its members at once")

		require.NoError(t, d.WithTx(ctx, func(ctx context.Context) error {
			return users.SetUserRequirePasskey(ctx, u.ID, true)
		}))
		assert.True(t, lookup().Passkey.User, "a change inside a transaction is seen after the commit")

		require.NoError(t, sessions.RevokeAll(ctx, u.ID))
		_, _, err = sessions.LookupAccount(ctx, token, users)
		require.ErrorIs(t, err, errs.ErrUnauthenticated, "revoking every session still ends this one")
	})
}

// TestLookupAccountWithoutCache covers a store with no kv cache: the account is read from
// the database every time.
func TestLookupAccountWithoutCache(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d *db.DB, store kv.Store) {
		ctx := t.Context()
		users := identity.NewStore(d)
		u, err := users.CreateUser(ctx, identity.NewUser{Email: "s@supplier.example", Name: "Sam"})
		require.NoError(t, err)
		sessions := identity.NewSessions(store, identity.SessionConfig{})
		token, _, err := sessions.Create(ctx, u.ID, identity.StageFull, identity.SessionMeta{})
		require.NoError(t, err)
		_, err = d.Exec(ctx, `UPDATE users SET name = 'Samuel' WHERE id = ?`, u.ID)
		require.NoError(t, err)
		_, acct, err := sessions.LookupAccount(ctx, token, users)
		require.NoError(t, err)
		assert.Equal(t, "Samuel", acct.User.Name)
		_, _, err = sessions.LookupAccount(ctx, "not-a-token", users)
		require.ErrorIs(t, err, errs.ErrUnauthenticated)
	})
}
