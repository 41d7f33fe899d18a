package httpapi_test

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
)

// BenchmarkPasswordSignIn measures whole-stack password sign-ins (CSRF, rate limits, argon2id,
// audit event, session in kv) on SQLite and the in-process kv, on every core. Its reference
// is identity's BenchmarkHashParallel: the target is at least 85% of that rate.
func BenchmarkPasswordSignIn(b *testing.B) {
	e := apitest.NewEnv(b)
	const pw = "benchmark passphrase for sign-ins"
	e.CreateUser(b, "load@acme.example", pw, identity.RoleCustomerAdmin, "Acme")
	var n atomic.Uint32
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			// Each sign-in from its own address, as many people would: the per-address
			// limits are not what this measures.
			i := n.Add(1)
			c := e.ClientFrom(fmt.Sprintf("10.%d.%d.%d", byte(i>>16), byte(i>>8), byte(i)))
			r := c.Do(b, "POST", "/api/v1/auth/login", map[string]string{"email": "load@acme.example", "password": pw})
			if r.Status != http.StatusOK {
				b.Fatalf("sign-in: %d %s", r.Status, r.Body)
			}
		}
	})
}

// BenchmarkSessionRequest measures a session-authenticated GET /api/v1/me.
func BenchmarkSessionRequest(b *testing.B) {
	e := apitest.NewEnv(b)
	const pw = "benchmark passphrase for sessions"
	e.CreateUser(b, "load@acme.example", pw, identity.RoleCustomerAdmin, "Acme")
	c := e.Client()
	c.SignIn(b, "load@acme.example", pw)
	b.ResetTimer()
	for b.Loop() {
		if r := c.Do(b, "GET", "/api/v1/me", nil); r.Status != http.StatusOK {
			b.Fatalf("me: %d %s", r.Status, r.Body)
		}
	}
}
