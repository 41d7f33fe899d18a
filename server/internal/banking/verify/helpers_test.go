package verify_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/banking/verify"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// planted is an account number that must never show up in an error or a log line.
const planted = "987654321012"

// request returns a valid request for the account number acct.
func request(acct string) verify.Request {
	return verify.Request{
		RoutingNumber: "021000021",
		AccountNumber: vault.NewSecret(acct),
		AccountType:   verify.Checking,
		HolderName:    "Acme Widgets",
		LegalName:     "ACME WIDGETS LLC",
		DBA:           "Acme",
	}
}

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// sleeper records the waits asked for and returns at once.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) Sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeper) Waits() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// maxJitter makes full jitter always pick the ceiling, so waits are predictable.
func maxJitter(n int64) int64 { return n - 1 }

// fakeVendor is a vendor whose every answer the test scripts. handle gets the 1-based
// number of the request.
type fakeVendor struct {
	handle func(n int, w http.ResponseWriter, r *http.Request)

	mu      sync.Mutex
	hits    int
	bodies  []map[string]any
	headers []http.Header
}

func (f *fakeVendor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	var body map[string]any
	_ = json.Unmarshal(raw, &body)
	f.mu.Lock()
	f.hits++
	n := f.hits
	f.bodies = append(f.bodies, body)
	f.headers = append(f.headers, r.Header.Clone())
	f.mu.Unlock()
	if r.Method != http.MethodPost || r.URL.Path != "/v1/account-verifications" {
		http.Error(w, "wrong route "+r.Method+" "+r.URL.Path, http.StatusNotFound)
		return
	}
	f.handle(n, w, r)
}

func (f *fakeVendor) Hits() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits
}

// serve starts the vendor on a loopback httptest server.
func serve(t *testing.T, f *fakeVendor) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(f)
	t.Cleanup(ts.Close)
	return ts
}

// jsonAnswer writes a 200 application/json body.
func jsonAnswer(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, body)
}

// status writes a bare status with a body that echoes the account number, as a careless
// vendor might.
func status(code int) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = io.WriteString(w, `{"error":"bad account `+planted+`"}`)
	}
}

const okBody = `{"reference":"vnd_123","status":"OPEN","owner_name":" ACME WIDGETS LLC ","codes":{"R":"00","match":"exact"}}`

// harness is an HTTP adapter wired to a fake vendor with a hand-moved clock and a
// sleeper that does not sleep.
type harness struct {
	p      *verify.HTTP
	vendor *fakeVendor
	clock  *fakeClock
	sleep  *sleeper
}

// newHarness builds the adapter against handle; tune may adjust the config.
func newHarness(t *testing.T, handle func(int, http.ResponseWriter, *http.Request), tune func(*verify.Config)) *harness {
	t.Helper()
	f := &fakeVendor{handle: handle}
	ts := serve(t, f)
	cfg := verify.Config{
		Provider:        verify.ProviderHTTP,
		Name:            "acmeverify",
		URL:             ts.URL,
		APIKey:          vault.NewSecret("sk_test_123"),
		MaxAttempts:     3,
		BackoffBase:     100 * time.Millisecond,
		BackoffMax:      time.Second,
		BreakerFailures: 100,
	}
	if tune != nil {
		tune(&cfg)
	}
	p, err := verify.NewHTTP(cfg)
	require.NoError(t, err)
	h := &harness{p: p, vendor: f, clock: newFakeClock(), sleep: &sleeper{}}
	p.SetClock(h.clock.Now, h.sleep.Sleep, maxJitter)
	return h
}

// sha256Of is the hex SHA-256 of s.
func sha256Of(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
