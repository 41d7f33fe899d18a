package verify_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/banking/verify"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

func TestHTTPSuccessMapping(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(_ int, w http.ResponseWriter, _ *http.Request) { jsonAnswer(w, okBody) }, nil)
	a, err := h.p.Verify(t.Context(), request(planted))
	require.NoError(t, err)

	assert.Equal(t, verify.Answer{
		Provider:      "acmeverify",
		ProviderRef:   "vnd_123",
		AccountStatus: verify.StatusOpen,
		OwnerOfRecord: "ACME WIDGETS LLC",
		RawCodes:      map[string]string{"R": "00", "match": "exact"},
		RawSHA256:     sha256Of(okBody),
		CheckedAt:     h.clock.Now(),
	}, a)
	assert.Equal(t, "acmeverify", h.p.Name())

	// What the vendor was sent: the schema in the package documentation.
	require.Equal(t, 1, h.vendor.Hits())
	assert.Equal(t, map[string]any{
		"routing_number": "021000021",
		"account_number": planted,
		"account_type":   "checking",
		"name":           "Acme Widgets",
		"alt_names":      []any{"ACME WIDGETS LLC", "Acme"},
	}, h.vendor.bodies[0])
	hd := h.vendor.headers[0]
	assert.Equal(t, "Bearer sk_test_123", hd.Get("Authorization"))
	assert.Equal(t, "application/json", hd.Get("Content-Type"))
	assert.NotEmpty(t, hd.Get("Idempotency-Key"))
}

func TestHTTPRawSHA256IsOfTheBody(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		jsonAnswer(w, `{"reference":"r","status":"OPEN"}`)
	}, nil)
	a, err := h.p.Verify(t.Context(), request(planted))
	require.NoError(t, err)
	// printf '%s' '{"reference":"r","status":"OPEN"}' | sha256sum
	assert.Equal(t, "2b1163daf8940ae789eac745317397ded23f7d76e2c324122f42820056f9db0f", a.RawSHA256)
	assert.Empty(t, a.OwnerOfRecord)
	assert.Empty(t, a.RawCodes)
}

func TestHTTPStatusMapping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		vendor string
		want   verify.Status
	}{
		{"OPEN", verify.StatusOpen},
		{"CLOSED", verify.StatusClosed},
		{"CLOSED_FOR_CAUSE", verify.StatusClosedForCause},
		{"FROZEN", verify.StatusFrozen},
		{"NOT_FOUND", verify.StatusNotFound},
		{"DORMANT", verify.StatusUnknown},
		{"open", verify.StatusUnknown}, // the schema's statuses are upper case; no guessing
	}
	for _, tt := range tests {
		t.Run(tt.vendor, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				jsonAnswer(w, `{"reference":"vnd_1","status":"`+tt.vendor+`","owner_name":null,"codes":{}}`)
			}, nil)
			a, err := h.p.Verify(t.Context(), request(planted))
			require.NoError(t, err)
			assert.Equal(t, tt.want, a.AccountStatus)
			if tt.want == verify.StatusUnknown {
				assert.Equal(t, tt.vendor, a.RawCodes["vendor_status"], "an unknown status is kept as evidence")
			}
		})
	}
}

func TestHTTPRetriesA500(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			status(http.StatusInternalServerError)(n, w, r)
			return
		}
		jsonAnswer(w, okBody)
	}, nil)
	a, err := h.p.Verify(t.Context(), request(planted))
	require.NoError(t, err)
	assert.Equal(t, verify.StatusOpen, a.AccountStatus)
	assert.Equal(t, 2, h.vendor.Hits())
	assert.Equal(t, []time.Duration{100 * time.Millisecond}, h.sleep.Waits(), "first retry waits at most the base")
	assert.Equal(t, h.vendor.headers[0].Get("Idempotency-Key"), h.vendor.headers[1].Get("Idempotency-Key"),
		"retries of one check carry one idempotency key")
}

func TestHTTPGivesUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	h := newHarness(t, status(http.StatusBadGateway), nil)
	_, err := h.p.Verify(t.Context(), request(planted))
	require.ErrorIs(t, err, verify.ErrNoAnswer)
	assert.ErrorIs(t, err, errs.ErrUnavailable)
	assert.Contains(t, err.Error(), "attempt 3 of 3")
	assert.Equal(t, 3, h.vendor.Hits())
	assert.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond}, h.sleep.Waits(), "exponential ceilings")

	second := newHarness(t, status(http.StatusBadGateway), nil)
	_, err = second.p.Verify(t.Context(), request(planted))
	require.Error(t, err)
	assert.NotEqual(t, h.vendor.headers[0].Get("Idempotency-Key"), second.vendor.headers[0].Get("Idempotency-Key"),
		"each check has its own idempotency key")
}

func TestHTTPHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "2")
			status(http.StatusTooManyRequests)(n, w, r)
			return
		}
		jsonAnswer(w, okBody)
	}, nil)
	_, err := h.p.Verify(t.Context(), request(planted))
	require.NoError(t, err)
	assert.Equal(t, 2, h.vendor.Hits())
	assert.Equal(t, []time.Duration{2 * time.Second}, h.sleep.Waits(), "Retry-After beats a shorter backoff")
}

func TestHTTPRetryAfterBeyondTheDeadline(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(n int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		status(http.StatusServiceUnavailable)(n, w, r)
	}, func(c *verify.Config) { c.Deadline = 5 * time.Second })
	_, err := h.p.Verify(t.Context(), request(planted))
	require.ErrorIs(t, err, verify.ErrNoAnswer)
	assert.Contains(t, err.Error(), "no time left")
	assert.Equal(t, 1, h.vendor.Hits())
	assert.Empty(t, h.sleep.Waits(), "no sleeping into the deadline")
}

func TestHTTPDoesNotRetry4xx(t *testing.T) {
	t.Parallel()
	for _, code := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusNotFound, http.StatusUnprocessableEntity} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, status(code), nil)
			_, err := h.p.Verify(t.Context(), request(planted))
			require.ErrorIs(t, err, verify.ErrBadAnswer)
			assert.NotErrorIs(t, err, verify.ErrNoAnswer)
			assert.ErrorIs(t, err, errs.ErrUnavailable)
			assert.Equal(t, 1, h.vendor.Hits())
			assert.Empty(t, h.sleep.Waits())
		})
	}
}

func TestHTTPDoesNotFollowRedirects(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://elsewhere.example/steal", http.StatusTemporaryRedirect)
	}, nil)
	_, err := h.p.Verify(t.Context(), request(planted))
	require.ErrorIs(t, err, verify.ErrBadAnswer)
	assert.Equal(t, 1, h.vendor.Hits())
}

// slow answers only when the client gives up (or after a long fallback).
func slow(_ int, w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(5 * time.Second):
		jsonAnswer(w, okBody)
	}
}

func TestHTTPSlowVendor(t *testing.T) {
	t.Parallel()
	t.Run("each attempt times out, then no answer", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, slow, func(c *verify.Config) {
			c.Timeout, c.Deadline, c.MaxAttempts = 5*time.Millisecond, time.Second, 2
			c.BackoffBase, c.BackoffMax = time.Millisecond, time.Millisecond
		})
		start := time.Now()
		_, err := h.p.Verify(t.Context(), request(planted))
		require.ErrorIs(t, err, verify.ErrNoAnswer)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		// Counted on our side: with timeouts this short a request may die before the
		// vendor sees it.
		assert.Contains(t, err.Error(), "attempt 2 of 2", "a timed-out attempt is retried")
		assert.Len(t, h.sleep.Waits(), 1)
		assert.Less(t, time.Since(start), time.Second)
	})
	t.Run("the overall deadline stops the retries", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, slow, func(c *verify.Config) {
			c.Timeout, c.Deadline = 8*time.Millisecond, 8*time.Millisecond
		})
		_, err := h.p.Verify(t.Context(), request(planted))
		require.ErrorIs(t, err, verify.ErrNoAnswer)
		assert.Contains(t, err.Error(), "attempt 1 of 3")
		assert.Empty(t, h.sleep.Waits())
	})
	t.Run("the caller's deadline is honoured", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, slow, nil)
		ctx, cancel := context.WithTimeout(t.Context(), 8*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := h.p.Verify(ctx, request(planted))
		require.ErrorIs(t, err, verify.ErrNoAnswer)
		assert.Less(t, time.Since(start), time.Second)
	})
}

func TestHTTPBadAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, contentType, body, want string
	}{
		{"malformed JSON", "application/json", `{"reference":"r","status":`, "decode body"},
		{"not an object", "application/json", `["OPEN"]`, "decode body"},
		{"unknown field", "application/json", `{"reference":"r","status":"OPEN","score":99}`, "unknown field"},
		{"wrong type", "application/json", `{"reference":"r","status":"OPEN","codes":{"a":1}}`, "decode body"},
		{"trailing data", "application/json", `{"reference":"r","status":"OPEN"} {}`, "data after"},
		{"no reference", "application/json", `{"status":"OPEN"}`, "reference is missing"},
		{"no status", "application/json", `{"reference":"r"}`, "status is missing"},
		{"null", "application/json", `null`, "reference is missing"},
		{"empty", "application/json", ``, "decode body"},
		{"html", "text/html", `<html>maintenance</html>`, "not JSON"},
		{"no content type", "", okBody, "not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header()["Content-Type"] = []string{tt.contentType}
				_, _ = io.WriteString(w, tt.body)
			}, nil)
			_, err := h.p.Verify(t.Context(), request(planted))
			require.ErrorIs(t, err, verify.ErrBadAnswer)
			assert.NotErrorIs(t, err, verify.ErrNoAnswer)
			assert.Contains(t, err.Error(), tt.want)
			assert.Equal(t, 1, h.vendor.Hits(), "a bad answer is not retried")
		})
	}
}

func TestHTTPJSONMediaTypeParameters(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = io.WriteString(w, okBody)
	}, nil)
	_, err := h.p.Verify(t.Context(), request(planted))
	require.NoError(t, err)
}

func TestHTTPOversizedBody(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		jsonAnswer(w, `{"reference":"r","status":"OPEN","owner_name":"`+strings.Repeat("A", 2000)+`"}`)
	}, func(c *verify.Config) { c.MaxResponseBytes = 1024 })
	_, err := h.p.Verify(t.Context(), request(planted))
	require.ErrorIs(t, err, verify.ErrBadAnswer)
	assert.Contains(t, err.Error(), "larger than 1024 bytes")
	assert.Equal(t, 1, h.vendor.Hits())
}

func TestHTTPAPIKeyHeader(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(_ int, w http.ResponseWriter, _ *http.Request) { jsonAnswer(w, okBody) },
		func(c *verify.Config) { c.APIKeyHeader = "x-api-key" })
	_, err := h.p.Verify(t.Context(), request(planted))
	require.NoError(t, err)
	assert.Equal(t, "sk_test_123", h.vendor.headers[0].Get("X-Api-Key"))
	assert.Empty(t, h.vendor.headers[0].Get("Authorization"))
}

func TestHTTPRefusesInvalidRequests(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(_ int, w http.ResponseWriter, _ *http.Request) { jsonAnswer(w, okBody) }, nil)
	req := request(planted)
	req.AccountType = "brokerage"
	_, err := h.p.Verify(t.Context(), req)
	require.ErrorIs(t, err, errs.ErrInvalid)
	assert.Zero(t, h.vendor.Hits(), "an invalid request never leaves the process")
}

func TestHTTPNetworkErrorIsNoAnswer(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		// Hang up mid-answer: the client sees a broken connection.
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic("no hijacker")
		}
		c, _, err := hj.Hijack()
		if err == nil {
			_ = c.Close()
		}
	}, nil)
	_, err := h.p.Verify(t.Context(), request(planted))
	require.ErrorIs(t, err, verify.ErrNoAnswer)
	assert.Equal(t, 3, h.vendor.Hits())
	assert.Len(t, h.sleep.Waits(), 2)
}
