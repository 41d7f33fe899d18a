package verify

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// Provider names Config.Provider accepts.
const (
	ProviderSandbox = "sandbox" // the deterministic sandbox, the default
	ProviderHTTP    = "http"    // a real vendor through the HTTP adapter
)

// HTTP adapter defaults, used where Config leaves a field zero.
const (
	DefaultTimeout          = 3 * time.Second        // per attempt
	DefaultDeadline         = 8 * time.Second        // for a whole Verify call, retries included
	DefaultMaxAttempts      = 3                      // first try plus two retries
	DefaultBackoffBase      = 200 * time.Millisecond // jitter ceiling of the first retry
	DefaultBackoffMax       = 2 * time.Second        // largest jitter ceiling
	DefaultBreakerFailures  = 5                      // consecutive failed attempts that open the circuit
	DefaultBreakerCooldown  = 30 * time.Second       // open time before one trial request
	DefaultMaxResponseBytes = 64 << 10               // an answer is a few hundred bytes
	DefaultAPIKeyHeader     = "Authorization"        // sent as "Bearer <key>"; other headers get the bare key
)

// maxAttemptsLimit keeps a typo in VOUCH_VERIFY_ATTEMPTS from turning one check into a flood.
const maxAttemptsLimit = 10

// Config chooses and tunes the provider. Each field names the environment variable that
// fills it; reading the environment is package config's job. Zero durations and counts
// of the HTTP adapter mean their defaults; the sandbox's zero latency means none, so
// start from DefaultConfig for the realistic delay.
type Config struct {
	Provider string // VOUCH_BANK_PROVIDER: "sandbox" (or empty) or "http"

	SandboxMinLatency time.Duration // VOUCH_VERIFY_SANDBOX_MIN_LATENCY
	SandboxMaxLatency time.Duration // VOUCH_VERIFY_SANDBOX_MAX_LATENCY
	SandboxTimeout    time.Duration // VOUCH_VERIFY_SANDBOX_TIMEOUT: how long …9999 hangs

	Name             string        // VOUCH_VERIFY_NAME: the vendor's name for Answer.Provider; default "http"
	URL              string        // VOUCH_VERIFY_URL: the vendor's base URL, https (http only to loopback)
	APIKey           vault.Secret  // VOUCH_VERIFY_API_KEY: a Secret so a printed Config shows nothing
	APIKeyHeader     string        // VOUCH_VERIFY_API_KEY_HEADER: default Authorization, sent as "Bearer <key>"
	CertFile         string        // VOUCH_VERIFY_CERT: client certificate PEM, for mTLS
	KeyFile          string        // VOUCH_VERIFY_KEY: client private key PEM, for mTLS
	CAFile           string        // VOUCH_VERIFY_CA: CA PEM to trust instead of the system roots
	Timeout          time.Duration // VOUCH_VERIFY_TIMEOUT: per attempt
	Deadline         time.Duration // VOUCH_VERIFY_DEADLINE: per Verify call, retries included
	MaxAttempts      int           // VOUCH_VERIFY_ATTEMPTS: tries per call, 1 to 10
	BackoffBase      time.Duration // VOUCH_VERIFY_BACKOFF: first retry's jitter ceiling
	BackoffMax       time.Duration // VOUCH_VERIFY_BACKOFF_MAX: largest jitter ceiling
	BreakerFailures  int           // VOUCH_VERIFY_BREAKER_FAILURES: consecutive failures that open the circuit
	BreakerCooldown  time.Duration // VOUCH_VERIFY_BREAKER_COOLDOWN: open time before a trial request
	MaxResponseBytes int64         // VOUCH_VERIFY_MAX_RESPONSE_BYTES: larger answers are ErrBadAnswer

	Log *slog.Logger // not a setting: where attempts and breaker changes are logged; nil discards
}

// DefaultConfig is the sandbox with realistic latency and every HTTP default filled in.
func DefaultConfig() Config {
	return Config{
		Provider:          ProviderSandbox,
		SandboxMinLatency: DefaultSandboxMinLatency,
		SandboxMaxLatency: DefaultSandboxMaxLatency,
		SandboxTimeout:    DefaultSandboxTimeout,
		Name:              ProviderHTTP,
		APIKeyHeader:      DefaultAPIKeyHeader,
		Timeout:           DefaultTimeout,
		Deadline:          DefaultDeadline,
		MaxAttempts:       DefaultMaxAttempts,
		BackoffBase:       DefaultBackoffBase,
		BackoffMax:        DefaultBackoffMax,
		BreakerFailures:   DefaultBreakerFailures,
		BreakerCooldown:   DefaultBreakerCooldown,
		MaxResponseBytes:  DefaultMaxResponseBytes,
	}
}

// SettingError names the setting that is wrong and why; it is an errs.ErrInvalid. It
// never quotes the value, since some settings are secrets.
type SettingError struct {
	Setting string // the environment variable, e.g. VOUCH_VERIFY_URL
	Reason  string // what is wrong, in plain words
}

// Error names the setting and the reason.
func (e *SettingError) Error() string { return "verify config " + e.Setting + ": " + e.Reason }

// Unwrap makes errors.Is(err, errs.ErrInvalid) true.
func (e *SettingError) Unwrap() error { return errs.ErrInvalid }

// New builds the provider cfg chooses, refusing a bad configuration with a SettingError
// per problem (joined), so a deployment fails at start, not on the first supplier.
func New(cfg Config) (Provider, error) {
	switch strings.ToLower(strings.TrimSpace(cfg.Provider)) {
	case "", ProviderSandbox:
		s, err := newSandbox(cfg)
		if err != nil {
			return nil, err
		}
		return s, nil
	case ProviderHTTP:
		h, err := NewHTTP(cfg)
		if err != nil {
			return nil, err
		}
		return h, nil
	default:
		return nil, &SettingError{"VOUCH_BANK_PROVIDER", "want sandbox or http"}
	}
}

// newSandbox checks the sandbox settings.
func newSandbox(cfg Config) (*Sandbox, error) {
	var bad []error
	if cfg.SandboxMinLatency < 0 {
		bad = append(bad, &SettingError{"VOUCH_VERIFY_SANDBOX_MIN_LATENCY", "must not be negative"})
	}
	if cfg.SandboxMaxLatency < cfg.SandboxMinLatency {
		bad = append(bad, &SettingError{"VOUCH_VERIFY_SANDBOX_MAX_LATENCY", "must not be less than VOUCH_VERIFY_SANDBOX_MIN_LATENCY"})
	}
	if cfg.SandboxTimeout < 0 {
		bad = append(bad, &SettingError{"VOUCH_VERIFY_SANDBOX_TIMEOUT", "must not be negative"})
	}
	if len(bad) > 0 {
		return nil, errors.Join(bad...)
	}
	return &Sandbox{MinLatency: cfg.SandboxMinLatency, MaxLatency: cfg.SandboxMaxLatency, Timeout: cfg.SandboxTimeout}, nil
}

// withDefaults fills the HTTP adapter's zero fields.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Name == "" {
		c.Name = d.Name
	}
	if c.APIKeyHeader == "" {
		c.APIKeyHeader = d.APIKeyHeader
	}
	if c.Deadline == 0 {
		c.Deadline = d.Deadline
	}
	if c.Timeout == 0 {
		// An unset per-attempt timeout fits inside a short deadline rather than clash with it.
		c.Timeout = min(d.Timeout, max(c.Deadline, 0))
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = d.MaxAttempts
	}
	if c.BackoffBase == 0 {
		c.BackoffBase = d.BackoffBase
	}
	if c.BackoffMax == 0 {
		c.BackoffMax = d.BackoffMax
	}
	if c.BreakerFailures == 0 {
		c.BreakerFailures = d.BreakerFailures
	}
	if c.BreakerCooldown == 0 {
		c.BreakerCooldown = d.BreakerCooldown
	}
	if c.MaxResponseBytes == 0 {
		c.MaxResponseBytes = d.MaxResponseBytes
	}
	return c
}

// validateHTTP checks the HTTP adapter's settings (defaults already filled) and returns
// the vendor endpoint.
func (c Config) validateHTTP() (*url.URL, error) {
	var bad []error
	add := func(setting, reason string) { bad = append(bad, &SettingError{setting, reason}) }

	endpoint, err := vendorURL(c.URL, c.CertFile != "" || c.CAFile != "")
	if err != nil {
		add("VOUCH_VERIFY_URL", err.Error())
	}
	mtls := c.CertFile != "" || c.KeyFile != ""
	switch {
	case c.CertFile != "" && c.KeyFile == "":
		add("VOUCH_VERIFY_KEY", "required with VOUCH_VERIFY_CERT")
	case c.KeyFile != "" && c.CertFile == "":
		add("VOUCH_VERIFY_CERT", "required with VOUCH_VERIFY_KEY")
	case !mtls && c.APIKey.IsZero():
		// Vendors of bank data authenticate callers; refusing to start without
		// credentials beats sending account numbers to be rejected one by one.
		add("VOUCH_VERIFY_API_KEY", "set an API key, or a client certificate with VOUCH_VERIFY_CERT and VOUCH_VERIFY_KEY")
	}
	if strings.ContainsAny(c.APIKey.Reveal(), "\r\n\x00") {
		add("VOUCH_VERIFY_API_KEY", "contains control characters")
	}
	if !headerName(c.APIKeyHeader) {
		add("VOUCH_VERIFY_API_KEY_HEADER", "not a valid header name")
	}
	if c.Timeout < 0 {
		add("VOUCH_VERIFY_TIMEOUT", "must be positive")
	}
	if c.Deadline < 0 {
		add("VOUCH_VERIFY_DEADLINE", "must be positive")
	}
	if c.Timeout > c.Deadline {
		add("VOUCH_VERIFY_TIMEOUT", "must not exceed VOUCH_VERIFY_DEADLINE")
	}
	if c.MaxAttempts < 1 || c.MaxAttempts > maxAttemptsLimit {
		add("VOUCH_VERIFY_ATTEMPTS", fmt.Sprintf("want 1 to %d", maxAttemptsLimit))
	}
	if c.BackoffBase < 0 {
		add("VOUCH_VERIFY_BACKOFF", "must be positive")
	}
	if c.BackoffMax < c.BackoffBase {
		add("VOUCH_VERIFY_BACKOFF_MAX", "must not be less than VOUCH_VERIFY_BACKOFF")
	}
	if c.BreakerFailures < 1 {
		add("VOUCH_VERIFY_BREAKER_FAILURES", "must be at least 1")
	}
	if c.BreakerCooldown < 0 {
		add("VOUCH_VERIFY_BREAKER_COOLDOWN", "must be positive")
	}
	if c.MaxResponseBytes < 0 {
		add("VOUCH_VERIFY_MAX_RESPONSE_BYTES", "must be positive")
	}
	return endpoint, errors.Join(bad...)
}

// vendorURL checks the base URL and returns the verification endpoint under it.
// Plain http is allowed only to a loopback address (a local fake or sidecar): anywhere
// else the account number would cross a network in the clear.
func vendorURL(raw string, wantTLS bool) (*url.URL, error) {
	if raw == "" {
		return nil, errors.New("required when VOUCH_BANK_PROVIDER is http")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, errors.New("want an absolute https URL such as https://verify.example.com")
	}
	if u.User != nil {
		// url.Error quotes the URL; credentials there would end up in logs.
		return nil, errors.New("must not hold credentials; use VOUCH_VERIFY_API_KEY")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("must not have a query or fragment")
	}
	if u.Scheme == "http" {
		if wantTLS {
			return nil, errors.New("must be https when VOUCH_VERIFY_CERT or VOUCH_VERIFY_CA is set")
		}
		if !loopback(u.Hostname()) {
			return nil, errors.New("must be https (plain http only to localhost)")
		}
	}
	return u.JoinPath(vendorPath), nil
}

// loopback reports whether host is this machine.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// headerName reports whether s is an HTTP token (RFC 9110 section 5.6.2).
func headerName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}
