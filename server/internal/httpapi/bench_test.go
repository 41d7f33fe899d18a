package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/banking/fedach"
	"github.com/vouchhq/vouch/server/internal/banking/fedach/fedachtest"
	"github.com/vouchhq/vouch/server/internal/config"
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

// BenchmarkSessionRequestP99 sends session-authenticated GET /api/v1/me over a real socket
// at a steady 1,000 requests a second on PostgreSQL and Redis, as a busy portal would, and
// reports the latency percentiles. The target is a p99 under 2 ms; ns/op here is
// only the pacing interval. Run it with enough requests for a stable tail
// (-benchtime=3000x, as `go tool task bench` does).
func BenchmarkSessionRequestP99(b *testing.B) {
	e := apitest.NewEnv(b, apitest.OnPostgresRedis(), productionJobs)
	const pw = "benchmark passphrase for sessions"
	e.CreateUser(b, "load@acme.example", pw, identity.RoleCustomerAdmin, "Acme")
	c := e.Client()
	c.SignIn(b, "load@acme.example", pw)
	base := serveTCP(b, e)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 5 * time.Second}
	get := func() (time.Duration, error) {
		req, err := http.NewRequest(http.MethodGet, base+"/api/v1/me", nil)
		if err != nil {
			return 0, err
		}
		req.AddCookie(&http.Cookie{Name: "vouch_session", Value: c.Cookie("vouch_session")})
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("me: %d", resp.StatusCode)
		}
		return time.Since(start), nil
	}
	for range 200 { // warm the connection pool, the database's plans and the JIT-less Go caches
		if _, err := get(); err != nil {
			b.Fatal(err)
		}
	}

	paced(b, 1000, func(int) (time.Duration, error) { return get() })
}

// paced runs b.N calls of fn at a steady rate per second, each in its own goroutine as
// independent clients would, and reports the p50 and p99 of the latencies fn measured.
// A failed call fails the benchmark.
func paced(b *testing.B, rate int, fn func(i int) (time.Duration, error)) {
	lat := make([]time.Duration, b.N)
	var failed atomic.Value
	var wg sync.WaitGroup
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	b.ResetTimer()
	for i := range b.N {
		<-tick.C
		wg.Go(func() {
			d, err := fn(i)
			if err != nil {
				failed.Store(err)
			}
			lat[i] = d
		})
	}
	wg.Wait()
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	slices.Sort(lat)
	ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}

// productionJobs runs the job workers as `vouch serve` does (idle polls once a second),
// not at the tests' 50 ms, which would add a database poll every few milliseconds to what
// a latency benchmark measures.
var productionJobs = apitest.WithConfig(func(c *config.Config) { c.Jobs = config.Defaults().Jobs })

// serveTCP serves e on a loopback socket until the benchmark ends and returns its base URL.
func serveTCP(b testing.TB, e *apitest.Env) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = e.Server.Serve(ctx, ln)
	}()
	b.Cleanup(func() { cancel(); <-done })
	return "http://" + ln.Addr().String()
}

// BenchmarkBankVerificationP99 adds bank accounts through the whole API (session, CSRF,
// step-up, routing checks, the sandbox provider with its latency set to 0, owner match,
// sealing, audit, the notices of a guarded change) over a real socket at a steady 200 a
// second on PostgreSQL and Redis, and reports the latency percentiles. The banking
// issue's target is a p99 under 15 ms. Each supplier adds at most 15 accounts, inside
// its rate limit; run it with -benchtime=1000x, as `go tool task bench` does.
func BenchmarkBankVerificationP99(b *testing.B) {
	e := apitest.NewEnv(b, apitest.OnPostgresRedis(), productionJobs, apitest.WithConfig(func(c *config.Config) { c.Verify.SandboxLatency = "0" }))
	e.CreateUser(b, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
	admin := e.Client()
	admin.SignIn(b, "ap@acme.example", adminPW)
	// A deployment has the FedACH directory loaded; here it holds the one bank used.
	dir, err := fedach.Parse(strings.NewReader(fedachtest.File(fedachtest.Record{RoutingNumber: testRTN, Name: "JPMORGAN CHASE BANK, NA", City: "TAMPA", State: "FL"})))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := e.App.Directory.Import(b.Context(), dir, "bench.txt", nil); err != nil {
		b.Fatal(err)
	}
	const perSupplier = 15
	var suppliers []*apitest.Client
	for i := range (b.N + perSupplier - 1) / perSupplier {
		c, _ := supplierWithProfile(b, e, admin, fmt.Sprintf("s%d@bolt.example", i))
		stepUp(b, e, c) // every account after the first is a guarded change
		suppliers = append(suppliers, c)
	}
	base := serveTCP(b, e)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 10 * time.Second}
	add := func(i int) (time.Duration, error) {
		c := suppliers[i%len(suppliers)] // many suppliers at once, as on a busy morning
		body := fmt.Sprintf(`{"routing_number":%q,"account_number":"%08d%04d","account_type":"checking","holder_name":"Bolt and Nut LLC"}`,
			testRTN, 10000000+i, 5000+i%4000)
		req, err := http.NewRequest(http.MethodPost, base+"/api/v1/supplier/bank-accounts", strings.NewReader(body))
		if err != nil {
			return 0, err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", c.Cookie("vouch_csrf"))
		req.AddCookie(&http.Cookie{Name: "vouch_session", Value: c.Cookie("vouch_session")})
		req.AddCookie(&http.Cookie{Name: "vouch_csrf", Value: c.Cookie("vouch_csrf")})
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return 0, fmt.Errorf("add account %d: %d", i, resp.StatusCode)
		}
		return time.Since(start), nil
	}
	const rate = 200
	paced(b, rate, add)
	b.ReportMetric(rate, "verifications/s")
}
