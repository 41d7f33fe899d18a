package verify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net/http"
	"time"

	"github.com/vouchhq/vouch/server/internal/vault"
)

// userAgent tells the vendor who is calling, for their logs and support.
const userAgent = "vouch-verify/1"

// HTTP is the adapter for a real instant-verification vendor speaking the schema in the
// package documentation. It is safe for concurrent use; one value per deployment keeps
// one connection pool and one circuit breaker.
type HTTP struct {
	name         string
	endpoint     string
	client       *http.Client
	apiKey       vault.Secret
	apiKeyHeader string
	timeout      time.Duration
	deadline     time.Duration
	attempts     int
	backoffBase  time.Duration
	backoffMax   time.Duration
	maxBody      int64
	breaker      *breaker
	log          *slog.Logger

	// Injectable for tests, so retries and the cool-down need no real waiting.
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
	jitter func(n int64) int64 // uniform in [0, n)
}

// NewHTTP builds the HTTP adapter from cfg's vendor settings, refusing a bad
// configuration with SettingErrors; zero tuning fields take their defaults.
func NewHTTP(cfg Config) (*HTTP, error) {
	cfg = cfg.withDefaults()
	endpoint, err := cfg.validateHTTP()
	if err != nil {
		return nil, err
	}
	tlsCfg, err := cfg.tlsConfig()
	if err != nil {
		return nil, err
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	if tlsCfg != nil {
		transport.TLSClientConfig = tlsCfg
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &HTTP{
		name:     cfg.Name,
		endpoint: endpoint.String(),
		client: &http.Client{
			Transport: transport,
			// A redirect would resend the account number to wherever the vendor points;
			// take the 3xx as an unusable answer instead.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		apiKey:       cfg.APIKey,
		apiKeyHeader: http.CanonicalHeaderKey(cfg.APIKeyHeader),
		timeout:      cfg.Timeout,
		deadline:     cfg.Deadline,
		attempts:     cfg.MaxAttempts,
		backoffBase:  cfg.BackoffBase,
		backoffMax:   cfg.BackoffMax,
		maxBody:      cfg.MaxResponseBytes,
		log:          log,
		now:          time.Now,
		sleep:        sleep,
		jitter:       mrand.Int64N,
	}
	h.breaker = &breaker{
		threshold: cfg.BreakerFailures,
		cooldown:  cfg.BreakerCooldown,
		now:       func() time.Time { return h.now() },
		changed: func(from, to breakerState) {
			h.log.Warn("bank verification circuit changed", "provider", h.name, "from", from.String(), "to", to.String())
		},
	}
	return h, nil
}

// Name returns the vendor's configured name.
func (h *HTTP) Name() string { return h.name }

// Verify asks the vendor about req, retrying while that can help and time allows.
func (h *HTTP) Verify(ctx context.Context, req Request) (Answer, error) {
	if err := req.Validate(); err != nil {
		return Answer{}, fmt.Errorf("verify with %s: %w", h.name, err)
	}
	body, err := json.Marshal(newVendorRequest(req))
	if err != nil {
		return Answer{}, fmt.Errorf("verify with %s: encode request: %w", h.name, err)
	}
	// One key for every attempt of this call, so a vendor that got a request whose
	// answer we lost does not run (and bill) the check twice.
	key := rand.Text()
	ctx, cancel := context.WithTimeout(ctx, h.deadline)
	defer cancel()

	for n := 1; ; n++ {
		t, ok := h.breaker.allow()
		if !ok {
			// Fail fast: waiting on a vendor that keeps failing only delays the fallback.
			return Answer{}, fmt.Errorf("verify with %s: circuit open, vendor not called: %w", h.name, ErrNoAnswer)
		}
		r := h.attempt(ctx, body, key)
		h.breaker.record(t, r.health)
		if r.err == nil {
			h.log.DebugContext(ctx, "bank verification answered", "provider", h.name, "attempt", n,
				"account_status", string(r.answer.AccountStatus), "provider_ref", r.answer.ProviderRef)
			return r.answer, nil
		}
		h.log.WarnContext(ctx, "bank verification attempt failed", "provider", h.name, "attempt", n,
			"http_status", r.status, "retry", r.retry && n < h.attempts, "err", r.err)
		if !r.retry || n >= h.attempts {
			return Answer{}, fmt.Errorf("verify with %s: attempt %d of %d: %w", h.name, n, h.attempts, r.err)
		}
		wait := backoff(n, h.backoffBase, h.backoffMax, r.retryAfter, h.jitter)
		if dl, ok := ctx.Deadline(); ok && wait >= time.Until(dl) {
			// The vendor asked for (or backoff chose) a wait we cannot afford; say so
			// now rather than sleep into the deadline.
			return Answer{}, fmt.Errorf("verify with %s: attempt %d of %d, no time left for a retry in %s: %w", h.name, n, h.attempts, wait, r.err)
		}
		if err := h.sleep(ctx, wait); err != nil {
			return Answer{}, fmt.Errorf("verify with %s: waiting to retry after attempt %d: %w: %w", h.name, n, ErrNoAnswer, err)
		}
	}
}

// attemptResult is what one request to the vendor came to.
type attemptResult struct {
	answer     Answer
	err        error         // wraps ErrNoAnswer or ErrBadAnswer
	retry      bool          // another attempt may get a verdict
	retryAfter time.Duration // the vendor's Retry-After, 0 if none
	health     outcome       // for the circuit breaker
	status     int           // the HTTP status, 0 when there was none
}

// attempt makes one request within the per-attempt timeout.
func (h *HTTP) attempt(ctx context.Context, body []byte, key string) attemptResult {
	actx, cancel := context.WithTimeout(ctx, h.timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(actx, http.MethodPost, h.endpoint, bytes.NewReader(body))
	if err != nil {
		return attemptResult{err: fmt.Errorf("%w: build request: %w", ErrBadAnswer, err), health: neutral}
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Accept", "application/json")
	hreq.Header.Set("User-Agent", userAgent)
	hreq.Header.Set("Idempotency-Key", key)
	if !h.apiKey.IsZero() {
		v := h.apiKey.Reveal()
		if h.apiKeyHeader == "Authorization" {
			v = "Bearer " + v
		}
		hreq.Header.Set(h.apiKeyHeader, v)
	}

	resp, err := h.client.Do(hreq)
	if err != nil {
		return h.noAnswer(ctx, 0, err)
	}
	defer func() { _ = resp.Body.Close() }()

	r := attemptResult{status: resp.StatusCode}
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests || code >= 500:
		h.drain(resp.Body)
		r.err = fmt.Errorf("%w: vendor answered %d", ErrNoAnswer, code)
		r.retry, r.health = true, unhealthy
		r.retryAfter = retryAfter(resp.Header, h.now())
		return r
	case code < 200 || code > 299:
		// 4xx: the vendor refused this request, and would again. Its body is not
		// quoted: it may echo the account number.
		h.drain(resp.Body)
		r.err = fmt.Errorf("%w: vendor answered %d", ErrBadAnswer, code)
		r.health = unhealthy
		if code >= 400 {
			r.health = healthy // the vendor is up; the request was the problem
		}
		return r
	}

	raw, err := io.ReadAll(io.LimitReader(resp.Body, h.maxBody+1))
	if err != nil {
		return h.noAnswer(ctx, resp.StatusCode, fmt.Errorf("read body: %w", err))
	}
	if int64(len(raw)) > h.maxBody {
		r.err = fmt.Errorf("%w: body larger than %d bytes", ErrBadAnswer, h.maxBody)
		r.health = unhealthy
		return r
	}
	a, err := decodeAnswer(resp.Header.Get("Content-Type"), raw)
	if err != nil {
		r.err = fmt.Errorf("%w: %w", ErrBadAnswer, err)
		r.health = unhealthy
		return r
	}
	a.Provider = h.name
	a.CheckedAt = h.now().UTC()
	r.answer, r.health = a, healthy
	return r
}

// noAnswer classifies a request that got no complete response. ctx is the whole call's.
func (h *HTTP) noAnswer(ctx context.Context, status int, err error) attemptResult {
	r := attemptResult{status: status, err: fmt.Errorf("%w: %w", ErrNoAnswer, err)}
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		r.health = neutral // the caller gave up; the vendor may be fine
	case ctx.Err() != nil:
		r.health = unhealthy // the whole deadline passed: the vendor is too slow
	case errors.As(err, &certErr):
		r.health = unhealthy // a certificate that fails now fails on retry too
	default:
		r.health, r.retry = unhealthy, true // this attempt timed out or the network broke
	}
	return r
}

// drain reads what is left of a body we do not use, up to the limit, so the connection
// can be reused.
func (h *HTTP) drain(body io.Reader) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, h.maxBody))
}
