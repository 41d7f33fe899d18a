package verify

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// backoff is the wait before retry number n (1 for the first retry): "full jitter",
// uniform in [0, min(max, base·2^(n-1))], so clients that failed together do not retry
// together. A vendor's Retry-After is a floor on top of that.
func backoff(n int, base, ceiling time.Duration, retryAfter time.Duration, jitter func(int64) int64) time.Duration {
	c := base
	for i := 1; i < n && c < ceiling; i++ {
		c *= 2
	}
	c = min(c, ceiling)
	var d time.Duration
	if c > 0 {
		d = time.Duration(jitter(int64(c) + 1))
	}
	return max(d, retryAfter)
}

// retryAfter reads a Retry-After header, in seconds or as an HTTP date, as a duration
// from now; 0 when absent, malformed or past.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		// Clamp rather than overflow; the deadline check turns a huge wait into giving up.
		return time.Duration(min(s, int64(24*time.Hour/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
