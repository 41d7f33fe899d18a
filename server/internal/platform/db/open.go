package db

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// sqliteFile is the database file's name inside DataDir when no URL is configured.
const sqliteFile = "vouch.db"

// pgConnectTimeout bounds one connection attempt when the URL sets no connect_timeout, so
// that a black-holed server fails a request instead of hanging it.
const pgConnectTimeout = 5 * time.Second

// target is a parsed Config.URL.
type target struct {
	dialect Dialect
	path    string     // SQLite file
	query   url.Values // extra SQLite DSN parameters given in the URL
	pg      *pgx.ConnConfig
	where   string
}

// parseTarget works out the dialect and connection settings from cfg.
func parseTarget(cfg Config) (target, error) {
	raw := strings.TrimSpace(cfg.URL)
	if raw == "" {
		if cfg.DataDir == "" {
			return target{}, fmt.Errorf("database: no URL and no data dir: %w", errs.ErrInvalid)
		}
		p := filepath.Join(cfg.DataDir, sqliteFile)
		return target{dialect: SQLite, path: p, where: "sqlite at " + p}, nil
	}
	scheme, rest, ok := strings.Cut(raw, ":")
	if !ok {
		return target{}, fmt.Errorf("database url: missing scheme, want postgres://…, sqlite:/path or empty for SQLite in the data dir: %w", errs.ErrInvalid)
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		return parsePostgres(raw)
	case "sqlite", "file":
		return parseSQLite(rest)
	default:
		return target{}, fmt.Errorf("database url: unsupported scheme %q, want postgres://…, sqlite:/path or empty for SQLite in the data dir: %w", scheme, errs.ErrInvalid)
	}
}

// parseSQLite reads the part after "sqlite:" or "file:": a path, optionally behind "//",
// optionally followed by "?" and extra driver parameters.
func parseSQLite(rest string) (target, error) {
	path, rawQuery, _ := strings.Cut(rest, "?")
	if strings.HasPrefix(path, "//") { // sqlite:///abs/path or sqlite://localhost/abs/path
		path = strings.TrimPrefix(path, "//")
		if i := strings.IndexByte(path, '/'); i > 0 {
			path = path[i:]
		}
	}
	if path == "" {
		return target{}, fmt.Errorf("database url: sqlite needs a file path (sqlite:/path/to/vouch.db): %w", errs.ErrInvalid)
	}
	if path == ":memory:" || strings.Contains(rawQuery, "mode=memory") {
		// Every pooled connection would see its own empty database.
		return target{}, fmt.Errorf("database url: in-memory sqlite is not supported, use a file: %w", errs.ErrInvalid)
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return target{}, fmt.Errorf("database url: sqlite parameters: %w: %w", errs.ErrInvalid, err)
	}
	return target{dialect: SQLite, path: path, query: q, where: "sqlite at " + path}, nil
}

// parsePostgres parses a postgres:// URL with pgx, which redacts passwords in its errors.
func parsePostgres(raw string) (target, error) {
	cc, err := pgx.ParseConfig(raw)
	if err != nil {
		return target{}, fmt.Errorf("database url: postgres: %w: %w", errs.ErrInvalid, err)
	}
	if cc.ConnectTimeout == 0 {
		cc.ConnectTimeout = pgConnectTimeout
	}
	if _, ok := cc.RuntimeParams["application_name"]; !ok {
		cc.RuntimeParams["application_name"] = "vouch"
	}
	where := "postgres at " + net.JoinHostPort(cc.Host, strconv.Itoa(int(cc.Port)))
	return target{dialect: Postgres, pg: cc, where: where}, nil
}

// openSQLite opens the pool for a SQLite file.
//
// SQLite allows one writer at a time. We keep a small pool (readers run in parallel under
// WAL) and make every read-write transaction BEGIN IMMEDIATE (_txlock=immediate): the
// write lock is then taken at BEGIN, where busy_timeout makes a second writer wait,
// instead of at the first write inside a deferred transaction, where SQLite must fail
// at once with SQLITE_BUSY to avoid a deadlock. Single statements outside a transaction
// wait on busy_timeout as well. A single-connection pool would also avoid SQLITE_BUSY,
// but it would serialise reads too and deadlock for good whenever code inside WithTx
// reached for the pool with a context that lacks the transaction; with a pool that case
// fails after busy_timeout with ErrUnavailable instead.
//
// Times are written as UTC text in SQLite's own format (_time_format=sqlite,
// _timezone=UTC) and DATETIME columns scan back into time.Time in UTC.
func openSQLite(t target, maxOpen int) (*DB, error) {
	q := url.Values{}
	for k, v := range t.query {
		q[k] = v
	}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")
	q.Set("_timezone", "UTC")
	sqlDB, err := sql.Open("sqlite", t.path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", t.where, err)
	}
	if maxOpen <= 0 {
		maxOpen = max(4, runtime.GOMAXPROCS(0))
	}
	sqlDB.SetMaxOpenConns(maxOpen)
	sqlDB.SetMaxIdleConns(maxOpen) // keep connections (and their page caches) around
	sqlDB.SetConnMaxLifetime(0)
	// sqlx knows "sqlite3", not "sqlite", as a '?' driver; the name only drives Rebind.
	return &DB{x: sqlx.NewDb(sqlDB, "sqlite3"), dialect: SQLite, where: t.where}, nil
}

// openPostgres opens the pool for PostgreSQL through pgx's database/sql driver.
// database/sql drops broken connections and dials new ones, so the server recovers on its
// own when PostgreSQL comes back; ConnMaxLifetime also moves connections over after a
// failover.
func openPostgres(t target, maxOpen int) (*DB, error) {
	sqlDB := stdlib.OpenDB(*t.pg, stdlib.OptionAfterConnect(scanTimesInUTC))
	if maxOpen <= 0 {
		maxOpen = 20
	}
	sqlDB.SetMaxOpenConns(maxOpen)
	sqlDB.SetMaxIdleConns(min(maxOpen, 10))
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	sqlDB.SetConnMaxLifetime(30 * time.Minute)
	return &DB{x: sqlx.NewDb(sqlDB, "pgx"), dialect: Postgres, where: t.where}, nil
}

// scanTimesInUTC makes timestamptz values scan in UTC, as on SQLite, instead of the
// process's local zone; the instant is the same either way.
func scanTimesInUTC(_ context.Context, c *pgx.Conn) error {
	c.TypeMap().RegisterType(&pgtype.Type{
		Name:  "timestamptz",
		OID:   pgtype.TimestamptzOID,
		Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC},
	})
	return nil
}
