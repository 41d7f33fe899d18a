package db

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/vouchhq/vouch/migrations"
)

// Migration is one schema migration and whether this database has it.
type Migration struct {
	Version   int64     // the file's numeric prefix
	Name      string    // the file's name, e.g. "00001_identity.sql"
	Applied   bool      // whether the database has run it
	AppliedAt time.Time // when, in UTC; zero when not applied
}

// provider builds a goose Provider for d's dialect over the embedded migrations. It uses
// no goose global state: no global dialect, no registry of Go migrations.
func (d *DB) provider() (*goose.Provider, error) {
	var (
		dialect goose.Dialect
		fsys    fs.FS
		opts    = []goose.ProviderOption{
			goose.WithDisableGlobalRegistry(true),
			goose.WithSlog(d.log),
		}
	)
	switch d.dialect {
	case Postgres:
		dialect, fsys = goose.DialectPostgres, migrations.Postgres
		// An advisory lock lets several instances start at once: one migrates, the
		// others wait and then find nothing to do.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	case SQLite:
		// One process owns the file; IMMEDIATE transactions serialise the rest.
		dialect, fsys = goose.DialectSQLite3, migrations.SQLite
	default:
		return nil, fmt.Errorf("migrations: unknown dialect %q", d.dialect)
	}
	p, err := goose.NewProvider(dialect, d.x.DB, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations for %s: %w", d.dialect, err)
	}
	return p, nil
}

// Migrate applies every pending migration, oldest first, each in its own transaction.
func (d *DB) Migrate(ctx context.Context) error {
	p, err := d.provider()
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("migrate %s: %w", d.where, classify(err))
	}
	for _, r := range results {
		d.log.InfoContext(ctx, "migration applied",
			"version", r.Source.Version, "name", path.Base(r.Source.Path), "duration", r.Duration)
	}
	return nil
}

// MigrationStatus lists every known migration, oldest first, with whether it is applied.
func (d *DB) MigrationStatus(ctx context.Context) ([]Migration, error) {
	p, err := d.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status of %s: %w", d.where, classify(err))
	}
	out := make([]Migration, 0, len(st))
	for _, s := range st {
		m := Migration{
			Version: s.Source.Version,
			Name:    path.Base(s.Source.Path),
			Applied: s.State == goose.StateApplied,
		}
		if m.Applied {
			m.AppliedAt = s.AppliedAt.UTC()
		}
		out = append(out, m)
	}
	return out, nil
}
