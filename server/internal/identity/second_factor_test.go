package identity_test

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/identity/passkeytest"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

const sfPW = "quiet-otter-maps-harbor"

// sfRig is a service and passkey ceremonies on the same public URL, as app wires them.
type sfRig struct {
	svc *identity.Service
	pks *identity.Passkeys
}

func newSFRig(t *testing.T, d *db.DB, store kv.Store, publicURL string) sfRig {
	t.Helper()
	h := identity.NewHasherWithParams(identity.Params{Memory: 1024, Time: 1, Threads: 1}, 0)
	svc := identity.NewService(identity.Deps{Store: identity.NewStore(d), Hasher: h, Audit: audit.New(d), KV: store, PublicURL: publicURL})
	pub, err := url.Parse(publicURL)
	require.NoError(t, err)
	pks, err := identity.NewPasskeys(identity.PasskeyDeps{Service: svc, KV: store, PublicURL: pub})
	require.NoError(t, err)
	return sfRig{svc: svc, pks: pks}
}

// register adds a passkey for u through pks and returns the authenticator holding it.
func (r sfRig) register(t *testing.T, u identity.User) *passkeytest.Authenticator {
	t.Helper()
	a := passkeytest.New(r.pks.Origin())
	b := identity.CeremonyBinding{User: u, SessionID: "setup"}
	creation, id, err := r.pks.BeginRegistration(t.Context(), b)
	require.NoError(t, err)
	body, _, err := a.Create(mustJSON(t, creation))
	require.NoError(t, err)
	_, err = r.pks.FinishRegistration(t.Context(), identity.Actor{}, b, id, "Key", body)
	require.NoError(t, err)
	return a
}

func TestNextAfterPassword(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d *db.DB, store kv.Store) {
		r := newSFRig(t, d, store, "http://localhost:8080")
		st := r.svc.Store()
		mk := func(email, org string) identity.User {
			u, err := r.svc.CreateUser(t.Context(), identity.CreateUserInput{Email: email, Password: sfPW, Role: identity.RoleSupplierUser, OrgName: org})
			require.NoError(t, err)
			return u
		}
		next := func(email string) identity.Next {
			_, n, err := r.svc.Authenticate(t.Context(), identity.Actor{IP: "192.0.2.1"}, email, sfPW)
			require.NoError(t, err)
			return n
		}

		plain := mk("plain@s.example", "Plain Co")
		assert.Equal(t, identity.NextDone, next("plain@s.example"))
		require.NoError(t, st.SetMustChangePassword(t.Context(), plain.ID, true))
		assert.Equal(t, identity.NextChangePassword, next("plain@s.example"))

		own := mk("own@s.example", "Own Co")
		require.NoError(t, st.SetUserRequirePasskey(t.Context(), own.ID, true))
		assert.Equal(t, identity.NextPasskeySetup, next("own@s.example"), "required, but no passkey yet")
		r.register(t, own)
		assert.Equal(t, identity.NextPasskey, next("own@s.example"))
		require.NoError(t, st.SetMustChangePassword(t.Context(), own.ID, true))
		assert.Equal(t, identity.NextPasskey, next("own@s.example"), "the second factor comes before the forced change")

		member := mk("member@s.example", "Strict Co")
		org, err := st.GetOrgByName(t.Context(), identity.OrgSupplier, "Strict Co")
		require.NoError(t, err)
		require.NoError(t, st.SetOrgRequirePasskey(t.Context(), org.ID, true))
		req, err := st.PasskeyRequirement(t.Context(), member.ID)
		require.NoError(t, err)
		assert.Equal(t, identity.PasskeyRequirement{Orgs: []string{org.ID}}, req)
		assert.Equal(t, identity.NextPasskeySetup, next("member@s.example"))

		// A passkey registered for another RP ID (an old public URL) cannot answer here.
		elsewhere := newSFRig(t, d, store, "http://vouch.test:8080")
		elsewhere.register(t, member)
		assert.Equal(t, identity.NextPasskeySetup, next("member@s.example"))
		r.register(t, member)
		assert.Equal(t, identity.NextPasskey, next("member@s.example"))

		// A staff change needs a reason.
		var fe errs.FieldErrors
		assert.ErrorAs(t, r.svc.SetUserRequirePasskey(t.Context(), identity.Actor{}, plain, true), &fe)
		assert.ErrorAs(t, r.svc.SetOrgRequirePasskey(t.Context(), identity.Actor{Reason: " "}, org, false), &fe)
		req, err = st.PasskeyRequirement(t.Context(), plain.ID)
		require.NoError(t, err)
		assert.False(t, req.Required(), "nothing stored")
	})
}

func TestFinishSecondFactor(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d *db.DB, store kv.Store) {
		r := newSFRig(t, d, store, "http://localhost:8080")
		mk := func(email string) identity.User {
			u, err := r.svc.CreateUser(t.Context(), identity.CreateUserInput{Email: email, Password: sfPW, Role: identity.RoleSupplierUser, OrgName: "SF Co"})
			require.NoError(t, err)
			return u
		}
		u, other := mk("sf@s.example"), mk("sf-other@s.example")
		mine, theirs := r.register(t, u), r.register(t, other)
		b := identity.CeremonyBinding{User: u, SessionID: "half"}

		finish := func(a *passkeytest.Authenticator, bind identity.CeremonyBinding, opts ...passkeytest.Option) (identity.Next, error) {
			assertion, id, err := r.pks.BeginSecondFactor(t.Context(), b)
			require.NoError(t, err)
			body, _, err := a.Get(mustJSON(t, assertion), opts...)
			require.NoError(t, err)
			return r.pks.FinishSecondFactor(t.Context(), identity.Actor{}, bind, id, body)
		}

		_, err := finish(theirs, b, passkeytest.WithCredential(theirs.Credentials()[0]))
		assert.ErrorIs(t, err, identity.ErrPasskeyInvalid, "another user's passkey")
		_, err = finish(mine, identity.CeremonyBinding{User: u, SessionID: "another"})
		assert.ErrorIs(t, err, identity.ErrCeremonyExpired, "a ceremony of another session")

		// A sign-in ceremony cannot finish a second factor.
		login, id, err := r.pks.BeginLogin(t.Context(), "")
		require.NoError(t, err)
		body, _, err := mine.Get(mustJSON(t, login))
		require.NoError(t, err)
		_, err = r.pks.FinishSecondFactor(t.Context(), identity.Actor{}, b, id, body)
		assert.ErrorIs(t, err, identity.ErrCeremonyExpired)

		n, err := finish(mine, b)
		require.NoError(t, err)
		assert.Equal(t, identity.NextDone, n)

		u.MustChangePassword = true
		b.User = u
		n, err = finish(mine, b)
		require.NoError(t, err)
		assert.Equal(t, identity.NextChangePassword, n)

		// Nobody without a passkey can begin.
		none := mk("none@s.example")
		_, _, err = r.pks.BeginSecondFactor(t.Context(), identity.CeremonyBinding{User: none, SessionID: "x"})
		assert.Equal(t, "no_passkeys", codeOf(err))
	})
}
