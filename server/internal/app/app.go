// Package app is the composition root: the one place that opens the backends, builds the
// domain services and the HTTP edge, and hands them to the commands of cmd/vouch.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/abuse"
	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/banking/accounts"
	"github.com/vouchhq/vouch/server/internal/banking/directory"
	"github.com/vouchhq/vouch/server/internal/banking/verify"
	"github.com/vouchhq/vouch/server/internal/config"
	"github.com/vouchhq/vouch/server/internal/documents"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/iprules"
	"github.com/vouchhq/vouch/server/internal/jobs"
	"github.com/vouchhq/vouch/server/internal/jobs/mailjob"
	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/onboarding"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
	"github.com/vouchhq/vouch/server/internal/risk"
	"github.com/vouchhq/vouch/server/internal/screening"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// App holds the opened backends and the services built on them.
type App struct {
	Config   config.Config
	Log      *slog.Logger
	DB       *db.DB
	KV       kv.Store
	Identity *identity.Service
	Audit    *audit.Log
	IPRules  *iprules.Service
	// Abuse blocks addresses that trip the rate limits repeatedly (nil without kv).
	Abuse *abuse.Guard
	// Jobs is the background job queue; Serve runs its workers, Close flushes what a
	// command enqueued without them.
	Jobs *jobs.Queue
	// Outbox queues e-mail as jobs (kind mail.send).
	Outbox *mailjob.Outbox
	// Recoveries and EmailCodes are built with the HTTP edge (they need its sessions);
	// tests reach them here to move their clocks.
	Recoveries *identity.Recoveries
	EmailCodes *identity.EmailCodes
	// Screening screens names against the current sanctions list (Serve keeps it fresh).
	Screening *screening.Screener
	// Directory is the FedACH routing-number directory (imports and lookups).
	Directory *directory.Service
	// Onboarding runs invitations, enrollment, supplier profiles and reviews.
	Onboarding *onboarding.Service
	// Accounts keeps and verifies suppliers' bank accounts.
	Accounts *accounts.Service
	// Risk keeps customers' high-risk alerts and streams new ones live.
	Risk *risk.Service
}

// NewLogger builds the process logger from the configuration.
func NewLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// OpenDB opens the configured database (and creates the data dir for SQLite); withMigrate
// brings the schema up to date first.
func OpenDB(ctx context.Context, cfg config.Config, withMigrate bool) (*db.DB, error) {
	if cfg.DatabaseURL == "" || strings.HasPrefix(cfg.DatabaseURL, "sqlite:") || strings.HasPrefix(cfg.DatabaseURL, "file:") {
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("create data dir %s (VOUCH_DATA_DIR): %w", cfg.DataDir, err)
		}
	}
	d, err := db.Open(ctx, db.Config{URL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		return nil, fmt.Errorf("open database (VOUCH_DATABASE_URL): %w", err)
	}
	if withMigrate {
		if err := d.Migrate(ctx); err != nil {
			_ = d.Close()
			return nil, fmt.Errorf("migrate database: %w", err)
		}
	}
	return d, nil
}

// Open opens every backend and builds the services. The caller closes the App.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	return open(ctx, cfg, log, true)
}

// OpenStore opens the database only, for commands that need no kv (admin, seed).
func OpenStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	return open(ctx, cfg, log, false)
}

// open opens the backends and only then builds the services: a service built before
// the kv is open would keep a nil store (the sign-in lockout and address blocks were
// silently off in `vouch serve` that way).
func open(ctx context.Context, cfg config.Config, log *slog.Logger, withKV bool) (*App, error) {
	d, err := OpenDB(ctx, cfg, cfg.Migrate)
	if err != nil {
		return nil, err
	}
	mailer, err := notify.New(notify.SMTPConfig{URL: cfg.SMTPURL, From: cfg.MailFrom}, cfg.Env == config.EnvProd, log)
	if err != nil {
		_ = d.Close()
		return nil, fmt.Errorf("mail (VOUCH_SMTP_URL): %w", err)
	}
	var store kv.Store
	if withKV {
		if store, err = kv.Open(ctx, cfg.RedisURL); err != nil {
			_ = d.Close()
			return nil, fmt.Errorf("open kv (VOUCH_REDIS_URL): %w", err)
		}
	}
	a, err := New(cfg, log, d, store, mailer)
	if err != nil {
		_ = d.Close()
		if store != nil {
			_ = store.Close()
		}
		return nil, err
	}
	return a, nil
}

// New builds the services on backends that are already open (tests use it directly);
// store may be nil for commands that need no kv, mailer nil logs mail instead of sending.
func New(cfg config.Config, log *slog.Logger, d *db.DB, store kv.Store, mailer notify.Mailer) (*App, error) {
	ring, err := keyRing(cfg)
	if err != nil {
		return nil, err
	}
	blobs, err := documents.NewFS(cfg.DataDir)
	if err != nil {
		return nil, fmt.Errorf("document storage (VOUCH_DATA_DIR): %w", err)
	}
	a := &App{Config: cfg, Log: log, DB: d, KV: store, Audit: audit.New(d)}
	if mailer == nil {
		mailer = notify.NewLogMailer(log)
	}
	a.Jobs = jobs.New(d, jobs.Config{
		Workers: cfg.Jobs.Workers, PollInterval: cfg.Jobs.PollInterval, RetryBase: cfg.Jobs.RetryBase, Log: log,
	})
	a.Outbox = mailjob.New(a.Jobs, mailer)
	users := identity.NewStore(d)
	if store != nil {
		users.CacheAccounts(store)
	}
	a.IPRules = iprules.New(d, a.Audit)
	a.Screening = screening.New(d, a.Audit, log)
	a.Directory = directory.New(d, a.Audit, log)
	if store != nil {
		a.Abuse = abuse.New(abuse.Deps{KV: store, Audit: a.Audit, Users: users, Outbox: a.Outbox,
			PublicURL: cfg.PublicURL.String(), Log: log, Config: abuse.Config{Exempt: cfg.TrustedProxies}})
	}
	a.Identity = identity.NewService(identity.Deps{
		Store: users, Hasher: identity.NewHasher(0), Audit: a.Audit, KV: store,
		Mailer: mailer, Outbox: a.Outbox, PublicURL: cfg.PublicURL.String(), Log: log,
	})
	a.Onboarding = onboarding.New(onboarding.Deps{
		DB: d, Audit: a.Audit, Identity: a.Identity, Outbox: a.Outbox, Jobs: a.Jobs, Vault: ring,
		Documents: documents.NewVault(blobs, ring, documents.Options{}), Screener: a.Screening,
		PublicURL: cfg.PublicURL.String(), Log: log,
	})
	provider, err := bankProvider(cfg, log)
	if err != nil {
		return nil, err
	}
	a.Risk = risk.New(d, a.Audit, store, log)
	a.Accounts = accounts.New(accounts.Deps{
		DB: d, Audit: a.Audit, Vault: ring, Directory: a.Directory, Provider: provider, Suppliers: a.Onboarding, Alerts: a.Risk, Outbox: a.Outbox,
		PublicURL: cfg.PublicURL.String(), Log: log,
	})
	a.Screening.OnNewList(func(v screening.Version) {
		if err := a.Onboarding.QueueRescreen(context.Background(), v); err != nil {
			log.Warn("rescreen not queued", "list_number", v.Number, "err", err)
		}
	})
	return a, nil
}

// bankProvider builds the bank-verification provider VOUCH_BANK_PROVIDER names.
func bankProvider(cfg config.Config, log *slog.Logger) (verify.Provider, error) {
	if cfg.BankProvider == "micro_deposits" {
		return accounts.MicroDepositsOnly{}, nil
	}
	vc := verify.DefaultConfig()
	vc.Provider, vc.URL, vc.APIKey = cfg.BankProvider, cfg.Verify.URL, vault.NewSecret(cfg.Verify.APIKey)
	vc.CertFile, vc.KeyFile, vc.CAFile, vc.Log = cfg.Verify.CertFile, cfg.Verify.KeyFile, cfg.Verify.CAFile, log
	if cfg.Verify.Timeout > 0 {
		vc.Timeout = cfg.Verify.Timeout
	}
	if cfg.Verify.SandboxLatency != "" {
		lo, hi, ok := strings.Cut(cfg.Verify.SandboxLatency, "-")
		if !ok {
			hi = lo
		}
		var err error
		if vc.SandboxMinLatency, err = time.ParseDuration(strings.TrimSpace(lo)); err == nil {
			vc.SandboxMaxLatency, err = time.ParseDuration(strings.TrimSpace(hi))
		}
		if err != nil || vc.SandboxMinLatency < 0 || vc.SandboxMaxLatency < vc.SandboxMinLatency {
			return nil, fmt.Errorf("VOUCH_VERIFY_SANDBOX_LATENCY %q: want a duration or min-max, such as 50ms-150ms", cfg.Verify.SandboxLatency)
		}
	}
	p, err := verify.New(vc)
	if err != nil {
		return nil, fmt.Errorf("bank verification: %w", err)
	}
	return p, nil
}

// keyRing parses VOUCH_KEYS; without it (dev and tests) the public dev ring is used, which
// config refuses in prod.
func keyRing(cfg config.Config) (*vault.Ring, error) {
	if cfg.Keys == "" {
		if cfg.Env == config.EnvProd {
			return nil, fmt.Errorf("VOUCH_KEYS: prod needs its own field-encryption keys")
		}
		return vault.DevRing(), nil
	}
	ring, err := vault.ParseRing(cfg.Keys)
	if err != nil {
		return nil, fmt.Errorf("VOUCH_KEYS: %w", err)
	}
	if ring.IsDev() && cfg.Env == config.EnvProd {
		return nil, fmt.Errorf("VOUCH_KEYS: prod must not use the public dev keys")
	}
	return ring, nil
}

// flushTimeout bounds how long Close spends delivering a command's queued jobs.
const flushTimeout = 30 * time.Second

// Close first runs the jobs this process queued while no workers ran (a CLI command's
// e-mail goes out before it exits; what fails stays queued for `vouch serve`), then
// releases the backends.
func (a *App) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), flushTimeout)
	defer cancel()
	err := a.Jobs.Flush(ctx)
	if a.KV != nil {
		err = errors.Join(err, a.KV.Close())
	}
	return errors.Join(err, a.DB.Close())
}
