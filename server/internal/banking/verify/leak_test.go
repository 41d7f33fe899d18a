package verify_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/banking/verify"
)

// lockedBuffer is a log sink safe for concurrent writers.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestAccountNumberNeverLeaks drives every failure path with a vendor that echoes the
// account number wherever it can, and checks no error text or log line carries it, nor
// any four-digit piece of it beyond the last four.
func TestAccountNumberNeverLeaks(t *testing.T) {
	t.Parallel()
	logs := &lockedBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	withLog := func(c *verify.Config) { c.Log = logger }

	var mu sync.Mutex
	var texts []string
	keep := func(err error) {
		require.Error(t, err)
		mu.Lock()
		defer mu.Unlock()
		texts = append(texts, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
	}

	echo := func(contentType, body string) func(int, http.ResponseWriter, *http.Request) {
		return func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.Header()["Content-Type"] = []string{contentType}
			_, _ = io.WriteString(w, body)
		}
	}
	vendors := map[string]func(int, http.ResponseWriter, *http.Request){
		"400 echo":             status(http.StatusBadRequest),
		"500 echo":             status(http.StatusInternalServerError),
		"429 echo":             status(http.StatusTooManyRequests),
		"number in wrong type": echo("application/json", `{"reference":`+planted+`,"status":"OPEN"}`),
		"number as a key":      echo("application/json", `{"reference":"r","status":"OPEN","`+planted+`":1}`),
		"number in a code key": echo("application/json", `{"reference":"r","status":"OPEN","codes":{"`+planted+`":7}}`),
		"number as a token":    echo("application/json", `{"reference":"r","status":`+planted+`x}`),
		"number in type":       echo("application/x-"+planted, okBody),
		"oversized echo":       echo("application/json", strings.Repeat(planted, 200)),
		"redirect": func(_ int, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/x/"+planted, http.StatusFound)
		},
		"slow": slow,
	}
	for name, v := range vendors {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, v, func(c *verify.Config) {
				withLog(c)
				c.Timeout, c.Deadline = 20*time.Millisecond, 50*time.Millisecond
			})
			_, err := h.p.Verify(t.Context(), request(planted))
			keep(err)
		})
	}

	t.Run("circuit open", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, status(http.StatusServiceUnavailable), func(c *verify.Config) {
			withLog(c)
			c.MaxAttempts, c.BreakerFailures = 1, 1
		})
		_, err := h.p.Verify(t.Context(), request(planted))
		keep(err)
		_, err = h.p.Verify(t.Context(), request(planted))
		keep(err)
	})
	t.Run("invalid requests", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, status(http.StatusOK), withLog)
		for _, edit := range []func(*verify.Request){
			func(r *verify.Request) { r.RoutingNumber = "123" },
			func(r *verify.Request) { r.AccountNumber = secret(planted + "x") },
			func(r *verify.Request) { r.AccountNumber = secret(planted + planted) },
		} {
			req := request(planted)
			edit(&req)
			_, err := h.p.Verify(t.Context(), req)
			keep(err)
			_, err = (&verify.Sandbox{}).Verify(t.Context(), req)
			keep(err)
		}
	})
	t.Run("sandbox no answer", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(t.Context(), time.Millisecond)
		defer cancel()
		_, err := (&verify.Sandbox{}).Verify(ctx, request("98765432109999"))
		keep(err)
		_, err = (&verify.Sandbox{MinLatency: time.Hour, MaxLatency: time.Hour}).Verify(ctx, request(planted))
		keep(err)
	})

	t.Cleanup(func() {
		all := strings.Join(texts, "\n") + "\n" + logs.String()
		require.NotEmpty(t, texts)
		require.Contains(t, logs.String(), "bank verification attempt failed", "the log was exercised")
		for _, needle := range []string{planted, "98765432109999", planted[:8], planted[4:]} {
			assert.NotContains(t, all, needle)
		}
	})
}
