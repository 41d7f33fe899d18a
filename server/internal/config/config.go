// Package config reads, defaults and validates the server's configuration once, at start.
// Everything else receives a Config; nothing reads the environment on its own.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Env names the deployment kind.
type Env string

// The deployment kinds.
const (
	EnvDev  Env = "dev"
	EnvProd Env = "prod"
)

// Config is the whole server configuration.
type Config struct {
	Env            Env            // dev or prod
	Addr           string         // listen address, host:port
	PublicURL      *url.URL       // what users see; WebAuthn RP ID and origin come from it
	DataDir        string         // SQLite file, documents, key files
	DatabaseURL    string         // "" => SQLite in DataDir
	RedisURL       string         // "" => in-process kv
	TrustedProxies []netip.Prefix // peers allowed to set X-Forwarded-For
	SMTPURL        string         // "" in dev => mail goes to the log
	MailFrom       string         // sender of every e-mail
	Keys           string         // field-encryption key ring (VOUCH_KEYS)
	BankProvider   string         // sandbox, http or micro_deposits (VOUCH_BANK_PROVIDER)
	Verify         Verify         // the http provider's vendor (VOUCH_VERIFY_*)
	HTTP           HTTP           // timeouts and limits of the HTTP edge
	Jobs           Jobs           // background job workers
	Migrate        bool           // run migrations on start
	LogLevel       string         // debug, info, warn, error
	LogFormat      string         // text or json
	RecoveryWait   time.Duration  // passkey recovery waiting period (VOUCH_RECOVERY_WAIT)
}

// HTTP holds the limits of the HTTP edge.
type HTTP struct {
	ReadTimeout     time.Duration
	WriteTimeout    time.Duration
	IdleTimeout     time.Duration
	BodyLimit       int           // bytes
	ShutdownTimeout time.Duration // drain deadline on SIGTERM
}

// Verify points the http bank-verification provider at a vendor.
type Verify struct {
	URL      string        // VOUCH_VERIFY_URL
	APIKey   string        // VOUCH_VERIFY_API_KEY; never logged
	CertFile string        // VOUCH_VERIFY_CERT: client certificate PEM, for mTLS
	KeyFile  string        // VOUCH_VERIFY_KEY: its private key PEM
	CAFile   string        // VOUCH_VERIFY_CA: CA PEM to trust instead of the system roots
	Timeout  time.Duration // VOUCH_VERIFY_TIMEOUT: per attempt
	// SandboxLatency is the sandbox's answer time, "50ms-150ms" (the default when empty)
	// or one duration such as "0" (VOUCH_VERIFY_SANDBOX_LATENCY).
	SandboxLatency string
}

// Jobs tunes the background job workers (package jobs) that `vouch serve` runs.
type Jobs struct {
	Workers      int           // jobs run at once per process (VOUCH_JOB_WORKERS)
	PollInterval time.Duration // how often idle workers look for due jobs; local enqueues wake them at once
	RetryBase    time.Duration // delay before a failed job's first retry, doubled per attempt
}

// Error names the variable that is wrong, so an operator can fix it at once.
type Error struct {
	Var    string
	Value  string
	Reason string
}

func (e *Error) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("config %s: %s", e.Var, e.Reason)
	}
	return fmt.Sprintf("config %s=%q: %s", e.Var, e.Value, e.Reason)
}

// Lookup returns an environment value and whether it is set (os.LookupEnv in production,
// a map in tests).
type Lookup func(name string) (string, bool)

// Defaults returns the configuration with no variable set.
func Defaults() Config {
	return Config{
		Env:          EnvDev,
		Addr:         "127.0.0.1:8080",
		DataDir:      "./data",
		BankProvider: "sandbox",
		MailFrom:     "Vouch <no-reply@vouch.localhost>",
		Migrate:      true,
		PublicURL:    &url.URL{Scheme: "http", Host: "localhost:8080"},
		LogLevel:     "info",
		LogFormat:    "text",
		RecoveryWait: 24 * time.Hour,
		HTTP: HTTP{
			ReadTimeout:     15 * time.Second,
			WriteTimeout:    30 * time.Second,
			IdleTimeout:     120 * time.Second,
			BodyLimit:       12 << 20, // a 10 MiB document in a multipart form
			ShutdownTimeout: 10 * time.Second,
		},
		Jobs: Jobs{Workers: 4, PollInterval: time.Second, RetryBase: time.Second},
	}
}

// FromEnv reads every VOUCH_* variable over the defaults and validates the result.
func FromEnv(lookup Lookup) (Config, error) {
	c := Defaults()
	var errs []error
	str := func(name string, dst *string) {
		if v, ok := lookup(name); ok && strings.TrimSpace(v) != "" {
			*dst = strings.TrimSpace(v)
		}
	}
	dur := func(name string, dst *time.Duration) {
		if v, ok := lookup(name); ok && v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				errs = append(errs, &Error{name, v, "want a positive duration such as 30s"})
				return
			}
			*dst = d
		}
	}
	var env, publicURL, proxies, migrate, bodyLimit, jobWorkers string
	str("VOUCH_ENV", &env)
	str("VOUCH_ADDR", &c.Addr)
	str("VOUCH_PUBLIC_URL", &publicURL)
	str("VOUCH_DATA_DIR", &c.DataDir)
	str("VOUCH_DATABASE_URL", &c.DatabaseURL)
	str("VOUCH_REDIS_URL", &c.RedisURL)
	str("VOUCH_TRUSTED_PROXIES", &proxies)
	str("VOUCH_SMTP_URL", &c.SMTPURL)
	str("VOUCH_MAIL_FROM", &c.MailFrom)
	str("VOUCH_KEYS", &c.Keys)
	str("VOUCH_BANK_PROVIDER", &c.BankProvider)
	str("VOUCH_VERIFY_URL", &c.Verify.URL)
	str("VOUCH_VERIFY_API_KEY", &c.Verify.APIKey)
	str("VOUCH_VERIFY_CERT", &c.Verify.CertFile)
	str("VOUCH_VERIFY_KEY", &c.Verify.KeyFile)
	str("VOUCH_VERIFY_CA", &c.Verify.CAFile)
	dur("VOUCH_VERIFY_TIMEOUT", &c.Verify.Timeout)
	str("VOUCH_VERIFY_SANDBOX_LATENCY", &c.Verify.SandboxLatency)
	str("VOUCH_MIGRATE", &migrate)
	str("VOUCH_LOG_LEVEL", &c.LogLevel)
	str("VOUCH_LOG_FORMAT", &c.LogFormat)
	str("VOUCH_BODY_LIMIT", &bodyLimit)
	str("VOUCH_JOB_WORKERS", &jobWorkers)
	dur("VOUCH_READ_TIMEOUT", &c.HTTP.ReadTimeout)
	dur("VOUCH_WRITE_TIMEOUT", &c.HTTP.WriteTimeout)
	dur("VOUCH_IDLE_TIMEOUT", &c.HTTP.IdleTimeout)
	dur("VOUCH_SHUTDOWN_TIMEOUT", &c.HTTP.ShutdownTimeout)
	dur("VOUCH_RECOVERY_WAIT", &c.RecoveryWait)
	if env != "" {
		c.Env = Env(env)
	}
	if migrate != "" {
		b, err := strconv.ParseBool(migrate)
		if err != nil {
			errs = append(errs, &Error{"VOUCH_MIGRATE", migrate, "want true or false"})
		}
		c.Migrate = b
	}
	if bodyLimit != "" {
		n, err := strconv.Atoi(bodyLimit)
		if err != nil || n < 1024 {
			errs = append(errs, &Error{"VOUCH_BODY_LIMIT", bodyLimit, "want a byte count of at least 1024"})
		}
		c.HTTP.BodyLimit = n
	}
	if jobWorkers != "" {
		n, err := strconv.Atoi(jobWorkers)
		if err != nil || n < 1 || n > 64 {
			errs = append(errs, &Error{"VOUCH_JOB_WORKERS", jobWorkers, "want a number of workers from 1 to 64"})
		}
		c.Jobs.Workers = n
	}
	if proxies != "" {
		p, err := ParseCIDRs(proxies)
		if err != nil {
			errs = append(errs, &Error{"VOUCH_TRUSTED_PROXIES", proxies, err.Error()})
		}
		c.TrustedProxies = p
	}
	if err := c.resolvePublicURL(publicURL); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return c, errors.Join(errs...)
	}
	return c, c.Validate()
}

// resolvePublicURL parses VOUCH_PUBLIC_URL or derives http://localhost:<port> from Addr.
func (c *Config) resolvePublicURL(raw string) error {
	if raw == "" {
		_, port, err := net.SplitHostPort(c.Addr)
		if err != nil {
			return nil // Validate reports the bad address
		}
		raw = "http://localhost:" + port
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return &Error{"VOUCH_PUBLIC_URL", raw, "want an absolute http(s) URL with no path, such as https://vouch.example.com"}
	}
	u.Path = ""
	c.PublicURL = u
	return nil
}

// Validate checks the combined configuration; in prod it refuses an insecure start.
func (c Config) Validate() error {
	var errs []error
	if c.Env != EnvDev && c.Env != EnvProd {
		errs = append(errs, &Error{"VOUCH_ENV", string(c.Env), "want dev or prod"})
	}
	if _, port, err := net.SplitHostPort(c.Addr); err != nil || port == "" {
		errs = append(errs, &Error{"VOUCH_ADDR", c.Addr, "want host:port, such as 127.0.0.1:8080"})
	}
	if c.DatabaseURL != "" && !hasScheme(c.DatabaseURL, "postgres", "postgresql", "sqlite", "file") {
		errs = append(errs, &Error{"VOUCH_DATABASE_URL", redact(c.DatabaseURL), "want postgres://… or empty for SQLite"})
	}
	if c.RedisURL != "" && !hasScheme(c.RedisURL, "redis", "rediss") {
		errs = append(errs, &Error{"VOUCH_REDIS_URL", redact(c.RedisURL), "want redis://… or empty for the in-process store"})
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		errs = append(errs, &Error{"VOUCH_MAIL_FROM", c.MailFrom, "want an address such as Vouch <no-reply@example.com>"})
	}
	if c.SMTPURL != "" && !hasScheme(c.SMTPURL, "smtp", "smtps") {
		errs = append(errs, &Error{"VOUCH_SMTP_URL", redact(c.SMTPURL), "want smtp://host:port"})
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, &Error{"VOUCH_LOG_LEVEL", c.LogLevel, "want debug, info, warn or error"})
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, &Error{"VOUCH_LOG_FORMAT", c.LogFormat, "want text or json"})
	}
	if c.Env == EnvProd {
		errs = append(errs, c.validateProd()...)
	}
	return errors.Join(errs...)
}

// validateProd refuses the settings that are fine on a laptop and dangerous on the internet
// (moov-io's PREVENT_INSECURE_STARTUP idea): no plain-HTTP public URL, no TLS-terminating
// proxy left undeclared, no default or missing secrets.
func (c Config) validateProd() []error {
	var errs []error
	if c.PublicURL != nil && c.PublicURL.Scheme != "https" {
		errs = append(errs, &Error{"VOUCH_PUBLIC_URL", c.PublicURL.String(), "prod needs an https URL (TLS terminates at your proxy)"})
	}
	if len(c.TrustedProxies) == 0 {
		errs = append(errs, &Error{"VOUCH_TRUSTED_PROXIES", "", "prod needs the CIDRs of the TLS-terminating proxy in front of vouch"})
	}
	if c.Keys == "" || strings.Contains(strings.ToLower(c.Keys), "dev") {
		errs = append(errs, &Error{"VOUCH_KEYS", "", "prod needs its own field-encryption keys, never the dev default"})
	}
	if c.SMTPURL == "" {
		errs = append(errs, &Error{"VOUCH_SMTP_URL", "", "prod needs an SMTP server; mail must not go to the log"})
	}
	if c.BankProvider == "" || c.BankProvider == "sandbox" {
		errs = append(errs, &Error{"VOUCH_BANK_PROVIDER", c.BankProvider, "prod needs a real verification vendor (http) or micro_deposits; the sandbox verifies anything"})
	}
	if c.DatabaseURL != "" && strings.Contains(c.DatabaseURL, "sslmode=disable") && !isLoopbackURL(c.DatabaseURL) {
		errs = append(errs, &Error{"VOUCH_DATABASE_URL", redact(c.DatabaseURL), "prod refuses sslmode=disable to a remote database"})
	}
	return errs
}

// ParseCIDRs reads a comma- or space-separated list of CIDRs; a bare address means a /32 or /128.
func ParseCIDRs(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not a CIDR or IP address", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// Port returns the port of Addr.
func (c Config) Port() string {
	_, port, _ := net.SplitHostPort(c.Addr)
	return port
}

func hasScheme(raw string, schemes ...string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	for _, s := range schemes {
		if strings.EqualFold(u.Scheme, s) {
			return true
		}
	}
	return false
}

func isLoopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return false
	}
	h := u.Hostname()
	if h == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(h)
	return err == nil && a.IsLoopback()
}

// redact hides a URL's password so config errors are safe to log.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

// Redacted returns a URL with its password hidden, for logs.
func Redacted(raw string) string { return redact(raw) }
