// Package dbtest gives tests throwaway, migrated databases: a SQLite file in a temp dir
// always, and a fresh PostgreSQL database when VOUCH_TEST_POSTGRES_URL points at a server
// the tests may create databases on. ForEachDatabase runs one test body on each, so every
// store is held to the same contract on both backends.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/db"
)

// EnvPostgresURL names the variable holding an admin URL of a PostgreSQL server for tests,
// e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable. Each test database is
// created on it and dropped after the test.
const EnvPostgresURL = "VOUCH_TEST_POSTGRES_URL"

// cleanupTimeout bounds closing and dropping a test database; t.Context is already
// cancelled when cleanups run.
const cleanupTimeout = 30 * time.Second

// ForEachDatabase runs fn as subtest "sqlite" on a fresh migrated SQLite database, then as
// subtest "postgres" on a fresh migrated PostgreSQL database when EnvPostgresURL is set
// (the subtest is skipped otherwise). With CI=true an unset EnvPostgresURL fails the test:
// CI must not pass by silently testing one backend.
func ForEachDatabase(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	requirePostgresInCI(t)
	t.Run(string(db.SQLite), func(t *testing.T) {
		fn(t, Open(t, db.SQLite))
	})
	t.Run(string(db.Postgres), func(t *testing.T) {
		fn(t, Open(t, db.Postgres))
	})
}

// Open returns a fresh, migrated database of the given dialect, closed (and for PostgreSQL
// dropped) when the test ends. For PostgreSQL without EnvPostgresURL it skips the test, or
// fails it under CI=true.
func Open(t testing.TB, dialect db.Dialect) *db.DB {
	t.Helper()
	var cfg db.Config
	switch dialect {
	case db.SQLite:
		cfg.DataDir = t.TempDir()
	case db.Postgres:
		cfg.URL = PostgresURL(t)
	default:
		t.Fatalf("dbtest: unknown dialect %q", dialect)
	}
	d, err := db.Open(t.Context(), cfg)
	if err != nil {
		t.Fatalf("dbtest: open %s: %v", dialect, err)
	}
	// Registered after PostgresURL's drop, so it runs before it.
	t.Cleanup(func() { _ = d.Close() })
	if err := d.Migrate(t.Context()); err != nil {
		t.Fatalf("dbtest: migrate %s: %v", dialect, err)
	}
	return d
}

// PostgresURL creates an empty PostgreSQL database named vouch_t_<random hex> on the
// server of EnvPostgresURL and returns its URL; the database is dropped (WITH (FORCE))
// when the test ends. Without EnvPostgresURL it skips the test, or fails it under CI=true.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgresURL)
	if admin == "" {
		requirePostgresInCI(t)
		t.Skipf("dbtest: %s is not set; skipping the PostgreSQL run", EnvPostgresURL)
	}
	u, err := url.Parse(admin)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("dbtest: %s must be a postgres:// URL", EnvPostgresURL)
	}
	adminDB, err := db.Open(t.Context(), db.Config{URL: admin, MaxOpenConns: 2})
	if err != nil {
		t.Fatalf("dbtest: open admin connection (%s): %v", EnvPostgresURL, err)
	}
	name := "vouch_t_" + randomHex(t)
	// The name is ours (fixed prefix, hex), so quoting it is enough.
	if _, err := adminDB.Exec(t.Context(), `CREATE DATABASE "`+name+`"`); err != nil {
		_ = adminDB.Close()
		t.Fatalf("dbtest: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		defer func() { _ = adminDB.Close() }()
		if _, err := adminDB.Exec(ctx, `DROP DATABASE IF EXISTS "`+name+`" WITH (FORCE)`); err != nil {
			t.Errorf("dbtest: drop database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// requirePostgresInCI fails the test when CI=true and EnvPostgresURL is unset.
func requirePostgresInCI(t testing.TB) {
	t.Helper()
	if os.Getenv("CI") == "true" && os.Getenv(EnvPostgresURL) == "" {
		t.Fatalf("dbtest: CI=true but %s is not set: CI must run the store tests on PostgreSQL too "+
			"(e.g. %s='postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable')", EnvPostgresURL, EnvPostgresURL)
	}
}

// randomHex returns 16 random hex characters for a database name.
func randomHex(t testing.TB) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("dbtest: random: %v", err)
	}
	return hex.EncodeToString(b[:])
}
