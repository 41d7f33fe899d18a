package verify

import (
	"context"
	"time"
)

// SetClock replaces the adapter's clock, sleeper and jitter source, so tests of retries
// and of the circuit breaker's cool-down need no real waiting. Call before first use.
func (h *HTTP) SetClock(now func() time.Time, sleep func(context.Context, time.Duration) error, jitter func(int64) int64) {
	if now != nil {
		h.now = now
	}
	if sleep != nil {
		h.sleep = sleep
	}
	if jitter != nil {
		h.jitter = jitter
	}
}

// Backoff exposes backoff to the external tests.
var Backoff = backoff
