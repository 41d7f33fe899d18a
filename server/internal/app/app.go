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

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/config"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/iprules"
	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
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
	a, err := OpenStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if a.KV, err = kv.Open(ctx, cfg.RedisURL); err != nil {
		_ = a.DB.Close()
		return nil, fmt.Errorf("open kv (VOUCH_REDIS_URL): %w", err)
	}
	return a, nil
}

// OpenStore opens the database only, for commands that need no kv (admin, seed).
func OpenStore(ctx context.Context, cfg config.Config, log *slog.Logger) (*App, error) {
	d, err := OpenDB(ctx, cfg, cfg.Migrate)
	if err != nil {
		return nil, err
	}
	mailer, err := notify.New(notify.SMTPConfig{URL: cfg.SMTPURL, From: cfg.MailFrom}, cfg.Env == config.EnvProd, log)
	if err != nil {
		_ = d.Close()
		return nil, fmt.Errorf("mail (VOUCH_SMTP_URL): %w", err)
	}
	return New(cfg, log, d, nil, mailer), nil
}

// New builds the services on backends that are already open (tests use it directly);
// store may be nil for commands that need no kv, mailer nil logs mail instead of sending.
func New(cfg config.Config, log *slog.Logger, d *db.DB, store kv.Store, mailer notify.Mailer) *App {
	a := &App{Config: cfg, Log: log, DB: d, KV: store, Audit: audit.New(d)}
	a.IPRules = iprules.New(d, a.Audit)
	a.Identity = identity.NewService(identity.Deps{
		Store: identity.NewStore(d), Hasher: identity.NewHasher(0), Audit: a.Audit, KV: store,
		Mailer: mailer, PublicURL: cfg.PublicURL.String(), Log: log,
	})
	return a
}

// Close releases the backends.
func (a *App) Close() error {
	var err error
	if a.KV != nil {
		err = a.KV.Close()
	}
	return errors.Join(err, a.DB.Close())
}
