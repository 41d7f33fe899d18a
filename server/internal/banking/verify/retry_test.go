package verify_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/vouchhq/vouch/server/internal/banking/verify"
)

func TestBackoffFullJitter(t *testing.T) {
	t.Parallel()
	base, ceiling := 100*time.Millisecond, time.Second
	var asked []int64
	record := func(n int64) int64 { asked = append(asked, n); return n - 1 }
	var got []time.Duration
	for n := 1; n <= 6; n++ {
		got = append(got, verify.Backoff(n, base, ceiling, 0, record))
	}
	ms := time.Millisecond
	assert.Equal(t, []time.Duration{100 * ms, 200 * ms, 400 * ms, 800 * ms, time.Second, time.Second}, got)
	assert.Equal(t, int64(100*ms)+1, asked[0], "jitter is drawn from [0, ceiling]")

	zero := func(int64) int64 { return 0 }
	assert.Equal(t, time.Duration(0), verify.Backoff(3, base, ceiling, 0, zero), "full jitter may retry at once")
	assert.Equal(t, 3*time.Second, verify.Backoff(3, base, ceiling, 3*time.Second, zero), "Retry-After is a floor")
}

func TestRetryAfterHeader(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			// An HTTP date 3 seconds after the harness clock's now.
			w.Header().Set("Retry-After", newFakeClock().Now().Add(3*time.Second).Format(http.TimeFormat))
			status(http.StatusServiceUnavailable)(n, w, r)
			return
		}
		if n == 2 {
			w.Header().Set("Retry-After", "soon")
			status(http.StatusServiceUnavailable)(n, w, r)
			return
		}
		jsonAnswer(w, okBody)
	}, nil)
	_, err := h.p.Verify(t.Context(), request(planted))
	assert.NoError(t, err)
	assert.Equal(t, []time.Duration{3 * time.Second, 200 * time.Millisecond}, h.sleep.Waits(),
		"a date is honoured; garbage falls back to the backoff")
}
