package verify_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/banking/verify"
)

// flaky is a vendor that answers 503 while down is set, and okBody otherwise.
func flaky(down *atomic.Bool) func(int, http.ResponseWriter, *http.Request) {
	return func(n int, w http.ResponseWriter, r *http.Request) {
		if down.Load() {
			status(http.StatusServiceUnavailable)(n, w, r)
			return
		}
		jsonAnswer(w, okBody)
	}
}

func TestHTTPBreakerOpensAndRecovers(t *testing.T) {
	t.Parallel()
	var down atomic.Bool
	down.Store(true)
	h := newHarness(t, flaky(&down), func(c *verify.Config) {
		c.MaxAttempts, c.BreakerFailures, c.BreakerCooldown = 1, 3, 30*time.Second
	})
	ctx := t.Context()

	for range 3 {
		_, err := h.p.Verify(ctx, request(planted))
		require.ErrorIs(t, err, verify.ErrNoAnswer)
	}
	require.Equal(t, 3, h.vendor.Hits())

	// Open: fail fast, without calling the vendor.
	_, err := h.p.Verify(ctx, request(planted))
	require.ErrorIs(t, err, verify.ErrNoAnswer)
	assert.Contains(t, err.Error(), "circuit open")
	assert.Equal(t, 3, h.vendor.Hits())

	h.clock.Advance(29 * time.Second)
	_, err = h.p.Verify(ctx, request(planted))
	require.ErrorIs(t, err, verify.ErrNoAnswer)
	assert.Equal(t, 3, h.vendor.Hits(), "still cooling down")

	// Half-open, vendor still down: the one trial fails and the circuit reopens.
	h.clock.Advance(time.Second)
	_, err = h.p.Verify(ctx, request(planted))
	require.ErrorIs(t, err, verify.ErrNoAnswer)
	assert.Equal(t, 4, h.vendor.Hits(), "one trial request")
	_, err = h.p.Verify(ctx, request(planted))
	assert.Contains(t, err.Error(), "circuit open")
	assert.Equal(t, 4, h.vendor.Hits())

	// Half-open again, vendor back: the trial succeeds and the circuit closes.
	down.Store(false)
	h.clock.Advance(30 * time.Second)
	a, err := h.p.Verify(ctx, request(planted))
	require.NoError(t, err)
	assert.Equal(t, verify.StatusOpen, a.AccountStatus)
	for range 3 {
		_, err = h.p.Verify(ctx, request(planted))
		require.NoError(t, err)
	}
	assert.Equal(t, 8, h.vendor.Hits())
}

func TestHTTPBreakerCountsAttempts(t *testing.T) {
	t.Parallel()
	var down atomic.Bool
	down.Store(true)
	h := newHarness(t, flaky(&down), func(c *verify.Config) {
		c.MaxAttempts, c.BreakerFailures = 3, 2
	})
	_, err := h.p.Verify(t.Context(), request(planted))
	require.ErrorIs(t, err, verify.ErrNoAnswer)
	assert.Contains(t, err.Error(), "circuit open", "the third attempt finds the circuit open")
	assert.Equal(t, 2, h.vendor.Hits())
}

func TestHTTPBreakerIgnores4xx(t *testing.T) {
	t.Parallel()
	h := newHarness(t, status(http.StatusBadRequest), func(c *verify.Config) { c.BreakerFailures = 2 })
	for range 5 {
		_, err := h.p.Verify(t.Context(), request(planted))
		require.ErrorIs(t, err, verify.ErrBadAnswer)
	}
	assert.Equal(t, 5, h.vendor.Hits(), "a vendor that refuses requests is up")
}

func TestHTTPBreakerSuccessResetsTheCount(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n%2 == 1 {
			status(http.StatusBadGateway)(n, w, r)
			return
		}
		jsonAnswer(w, okBody)
	}, func(c *verify.Config) { c.MaxAttempts, c.BreakerFailures = 2, 2 })
	for range 4 {
		_, err := h.p.Verify(t.Context(), request(planted))
		require.NoError(t, err, "fail, succeed: never two failures in a row")
	}
	assert.Equal(t, 8, h.vendor.Hits())
}
