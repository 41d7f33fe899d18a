package identity_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/identity/passkeytest"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
	"github.com/vouchhq/vouch/server/internal/platform/kv/kvtest"
)

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) take() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.buf.String()
	b.buf.Reset()
	return s
}

type passkeyRig struct {
	svc  *identity.Service
	pks  *identity.Passkeys
	user identity.User
	bind identity.CeremonyBinding
	auth *passkeytest.Authenticator
	log  *syncBuffer
}

func newPasskeyRig(t *testing.T, d *db.DB, store kv.Store, ttl time.Duration) *passkeyRig {
	t.Helper()
	logs := &syncBuffer{}
	h := identity.NewHasherWithParams(identity.Params{Memory: 1024, Time: 1, Threads: 1}, 0)
	svc := identity.NewService(identity.Deps{Store: identity.NewStore(d), Hasher: h, Audit: audit.New(d), KV: store,
		Log: slog.New(slog.NewTextHandler(logs, nil))})
	pub, err := url.Parse("http://localhost:8080")
	require.NoError(t, err)
	pks, err := identity.NewPasskeys(identity.PasskeyDeps{Service: svc, KV: store, PublicURL: pub, CeremonyTTL: ttl})
	require.NoError(t, err)
	u, err := svc.CreateUser(t.Context(), identity.CreateUserInput{Email: "rig@s.example", Password: "quiet-otter-maps-harbor",
		Role: identity.RoleSupplierUser, OrgName: "Rig Supplies"})
	require.NoError(t, err)
	return &passkeyRig{svc: svc, pks: pks, user: u, bind: identity.CeremonyBinding{User: u, SessionID: "sess1"},
		auth: passkeytest.New(pks.Origin()), log: logs}
}

func (r *passkeyRig) register(t *testing.T) identity.Passkey {
	t.Helper()
	creation, id, err := r.pks.BeginRegistration(t.Context(), r.bind)
	require.NoError(t, err)
	body, _, err := r.auth.Create(mustJSON(t, creation))
	require.NoError(t, err)
	pk, err := r.pks.FinishRegistration(t.Context(), identity.Actor{}, r.bind, id, "Rig", body)
	require.NoError(t, err)
	return pk
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

// forEachBackend runs fn on SQLite with the in-process kv and on PostgreSQL with Redis.
func forEachBackend(t *testing.T, fn func(t *testing.T, d *db.DB, store kv.Store)) {
	t.Run("sqlite+memory", func(t *testing.T) {
		fn(t, dbtest.Open(t, db.SQLite), kvtest.NewMemory(t))
	})
	t.Run("postgres+redis", func(t *testing.T) {
		url := kvtest.RedisURL(t)
		fn(t, dbtest.Open(t, db.Postgres), kvtest.NewRedis(t, url))
	})
}

func TestPasskeyCeremonyExpires(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d *db.DB, store kv.Store) {
		rig := newPasskeyRig(t, d, store, 200*time.Millisecond)
		rig.register(t)

		creation, regID, err := rig.pks.BeginRegistration(t.Context(), rig.bind)
		require.NoError(t, err)
		regBody, _, err := passkeytest.New(rig.pks.Origin()).Create(mustJSON(t, creation))
		require.NoError(t, err)
		assertion, loginID, err := rig.pks.BeginLogin(t.Context(), "")
		require.NoError(t, err)
		loginBody, _, err := rig.auth.Get(mustJSON(t, assertion))
		require.NoError(t, err)
		assert.Equal(t, 200, assertion.Response.Timeout, "the browser is told the same timeout")

		time.Sleep(400 * time.Millisecond)
		_, err = rig.pks.FinishRegistration(t.Context(), identity.Actor{}, rig.bind, regID, "", regBody)
		assert.ErrorIs(t, err, identity.ErrCeremonyExpired)
		_, _, err = rig.pks.FinishLogin(t.Context(), identity.Actor{}, loginID, loginBody)
		assert.ErrorIs(t, err, identity.ErrCeremonyExpired)

		// A fresh ceremony still works.
		assertion, loginID, err = rig.pks.BeginLogin(t.Context(), "rig@s.example")
		require.NoError(t, err)
		loginBody, _, err = rig.auth.Get(mustJSON(t, assertion))
		require.NoError(t, err)
		u, next, err := rig.pks.FinishLogin(t.Context(), identity.Actor{}, loginID, loginBody)
		require.NoError(t, err)
		assert.Equal(t, rig.user.ID, u.ID)
		assert.Equal(t, identity.NextDone, next)
	})
}

// TestPasskeyRefusalReasons checks that each forged assertion fails at the check meant to
// catch it (the log says which), not at some earlier accident of the test.
func TestPasskeyRefusalReasons(t *testing.T) {
	forEachBackend(t, func(t *testing.T, d *db.DB, store kv.Store) {
		rig := newPasskeyRig(t, d, store, 0)
		rig.register(t)
		cases := []struct {
			name   string
			opts   []passkeytest.Option
			reason string
		}{
			{"origin", []passkeytest.Option{passkeytest.WithOrigin("https://evil.example")}, "Error validating origin"},
			{"rp id", []passkeytest.Option{passkeytest.WithRPID("evil.example")}, "RP Hash mismatch"},
			{"signature", []passkeytest.Option{passkeytest.WithTamperedSignature()}, "Error validating the assertion signature"},
			{"user verification", []passkeytest.Option{passkeytest.WithoutUserVerification()}, "User verification required"},
			{"type", []passkeytest.Option{passkeytest.WithType("webauthn.create")}, "Error validating ceremony type"},
			{"challenge", []passkeytest.Option{passkeytest.WithChallenge([]byte("0123456789abcdef0123456789abcdef"))}, "Error validating challenge"},
		}
		for _, tc := range cases {
			assertion, id, err := rig.pks.BeginLogin(t.Context(), "")
			require.NoError(t, err)
			body, _, err := rig.auth.Get(mustJSON(t, assertion), tc.opts...)
			require.NoError(t, err)
			rig.log.take()
			_, _, err = rig.pks.FinishLogin(t.Context(), identity.Actor{}, id, body)
			assert.ErrorIs(t, err, identity.ErrPasskeyInvalid, tc.name)
			assert.Contains(t, rig.log.take(), tc.reason, tc.name)
		}
	})
}

func TestPasskeyHelpers(t *testing.T) {
	for in, want := range map[string]string{
		"https://vouch.example":      "https://vouch.example",
		"https://Vouch.Example:443":  "https://vouch.example",
		"http://localhost:8080":      "http://localhost:8080",
		"http://localhost:80":        "http://localhost",
		"https://vouch.example:8443": "https://vouch.example:8443",
	} {
		u, err := url.Parse(in)
		require.NoError(t, err)
		assert.Equal(t, want, identity.RPOrigin(u), in)
	}

	for in, want := range map[string]string{"": "Passkey", "  My   phone ": "My phone", "Ключ 🔑": "Ключ 🔑"} {
		got, err := identity.NormalizePasskeyName(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got)
	}
	for _, bad := range []string{string(make([]rune, 65)), "a\u0000b", "bell\u0007", "x\xff"} {
		_, err := identity.NormalizePasskeyName(bad)
		assert.Error(t, err, "%q", bad)
	}

	now := time.Now()
	assert.False(t, identity.RecentStepUp(identity.Session{}, now))
	for age, want := range map[time.Duration]bool{0: true, 4 * time.Minute: true, identity.StepUpWindow: true,
		identity.StepUpWindow + time.Second: false, -10 * time.Second: true, -time.Hour: false} {
		at := now.Add(-age)
		assert.Equal(t, want, identity.RecentStepUp(identity.Session{StepUpAt: &at}, now), "age %s", age)
	}

	d := dbtest.Open(t, db.SQLite)
	svc := newService(d)
	for _, host := range []string{"http://127.0.0.1:8080", "http://[::1]:8080"} {
		u, err := url.Parse(host)
		require.NoError(t, err)
		_, err = identity.NewPasskeys(identity.PasskeyDeps{Service: svc, KV: kvtest.NewMemory(t), PublicURL: u})
		assert.ErrorContains(t, err, "IP address", host)
	}
}
