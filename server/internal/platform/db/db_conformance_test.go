package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// TestConformance holds both backends to one contract: migrations, transactions in the
// context, error kinds, time round-trips, placeholders and concurrent writers.
func TestConformance(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		t.Run("migrations apply and status lists them", func(t *testing.T) {
			ms, err := d.MigrationStatus(t.Context())
			require.NoError(t, err)
			require.NotEmpty(t, ms)
			assert.Equal(t, int64(1), ms[0].Version)
			assert.Equal(t, "00001_identity.sql", ms[0].Name)
			for _, m := range ms {
				assert.True(t, m.Applied, "migration %s applied", m.Name)
				assert.False(t, m.AppliedAt.IsZero(), "migration %s has a time", m.Name)
			}
			require.NoError(t, d.Migrate(t.Context()), "migrating again is a no-op")
		})

		t.Run("WithTx commits", func(t *testing.T) {
			tbl := newTable(t, d)
			err := d.WithTx(t.Context(), func(ctx context.Context) error {
				assert.True(t, d.InTx(ctx))
				return insert(ctx, d, tbl, "a")
			})
			require.NoError(t, err)
			assert.Equal(t, 1, count(t, d, tbl))
		})

		t.Run("rollback on error leaves nothing", func(t *testing.T) {
			tbl := newTable(t, d)
			boom := errors.New("boom")
			err := d.WithTx(t.Context(), func(ctx context.Context) error {
				require.NoError(t, insert(ctx, d, tbl, "a"))
				return boom
			})
			require.ErrorIs(t, err, boom)
			assert.Equal(t, 0, count(t, d, tbl))
		})

		t.Run("rollback on panic re-panics", func(t *testing.T) {
			tbl := newTable(t, d)
			var recovered any
			func() {
				defer func() { recovered = recover() }()
				_ = d.WithTx(t.Context(), func(ctx context.Context) error {
					require.NoError(t, insert(ctx, d, tbl, "a"))
					panic("kaboom")
				})
			}()
			assert.Equal(t, "kaboom", recovered)
			assert.Equal(t, 0, count(t, d, tbl))
		})

		t.Run("nested WithTx reuses the outer tx", func(t *testing.T) {
			tbl := newTable(t, d)
			assert.False(t, d.InTx(t.Context()))
			boom := errors.New("outer fails after inner succeeded")
			err := d.WithTx(t.Context(), func(outer context.Context) error {
				require.NoError(t, d.WithTx(outer, func(inner context.Context) error {
					assert.Same(t, d.Q(outer), d.Q(inner), "inner runs in the outer tx")
					return insert(inner, d, tbl, "inner")
				}))
				var n int
				require.NoError(t, d.Get(outer, &n, "SELECT count(*) FROM "+tbl))
				assert.Equal(t, 1, n, "the outer tx sees the inner write")
				return boom
			})
			require.ErrorIs(t, err, boom)
			assert.Equal(t, 0, count(t, d, tbl), "the outer rollback undoes the inner write")
		})

		t.Run("AfterCommit runs only after a commit", func(t *testing.T) {
			var ran []string
			require.NoError(t, d.WithTx(t.Context(), func(ctx context.Context) error {
				d.AfterCommit(ctx, func() { ran = append(ran, "committed") })
				assert.Empty(t, ran, "not before the commit")
				return nil
			}))
			_ = d.WithTx(t.Context(), func(ctx context.Context) error {
				d.AfterCommit(ctx, func() { ran = append(ran, "rolled back") })
				return errors.New("no")
			})
			d.AfterCommit(t.Context(), func() { ran = append(ran, "no tx") })
			assert.Equal(t, []string{"committed", "no tx"}, ran)
		})

		t.Run("Get on a missing row is ErrNotFound", func(t *testing.T) {
			tbl := newTable(t, d)
			var name string
			err := d.Get(t.Context(), &name, "SELECT name FROM "+tbl+" WHERE id = ?", "nope")
			require.ErrorIs(t, err, errs.ErrNotFound)
			require.ErrorIs(t, err, sql.ErrNoRows, "the driver error stays reachable")

			var names []string
			require.NoError(t, d.Select(t.Context(), &names, "SELECT name FROM "+tbl))
			assert.Empty(t, names, "Select of nothing is no error")
		})

		t.Run("unique violation is ErrConflict", func(t *testing.T) {
			tbl := newTable(t, d)
			require.NoError(t, insert(t.Context(), d, tbl, "dup"))
			err := insert(t.Context(), d, tbl, "dup")
			require.ErrorIs(t, err, errs.ErrConflict)
			assert.False(t, db.IsUnavailable(err))

			err = d.WithTx(t.Context(), func(ctx context.Context) error { return insert(ctx, d, tbl, "dup") })
			require.ErrorIs(t, err, errs.ErrConflict, "inside a transaction too")

			_, err = d.Exec(t.Context(), "INSERT INTO "+tbl+" (id, name) VALUES (?, ?)", "same-id", "x")
			require.NoError(t, err)
			_, err = d.Exec(t.Context(), "INSERT INTO "+tbl+" (id, name) VALUES (?, ?)", "same-id", "y")
			require.ErrorIs(t, err, errs.ErrConflict, "primary key too")
		})

		t.Run("times round-trip in UTC to the microsecond", func(t *testing.T) {
			tbl := newTable(t, d)
			zone := time.FixedZone("UTC-5", -5*3600)
			at := time.Date(2026, 3, 14, 15, 9, 26, 535897932, zone)
			_, err := d.Exec(t.Context(), "INSERT INTO "+tbl+" (id, name, flag, at) VALUES (?, ?, ?, ?)",
				"t1", "t1", true, db.NormalizeTime(at))
			require.NoError(t, err)

			var row struct {
				At        time.Time    `db:"at"`
				CreatedAt time.Time    `db:"created_at"`
				Flag      bool         `db:"flag"`
				Null      sql.NullTime `db:"null_at"`
				NullPtr   *time.Time   `db:"null_ptr"`
			}
			require.NoError(t, d.Get(t.Context(), &row,
				"SELECT at, created_at, flag, at_null AS null_at, at_null AS null_ptr FROM "+tbl+" WHERE id = ?", "t1"))
			assert.Equal(t, time.UTC, row.At.Location())
			assert.True(t, row.At.Equal(at.Truncate(time.Microsecond)), "got %s want %s", row.At, at)
			assert.Equal(t, db.NormalizeTime(at), row.At, "same value, same zone")
			assert.Equal(t, 535897000, row.At.Nanosecond(), "microseconds kept")
			assert.WithinDuration(t, time.Now(), row.CreatedAt, time.Minute, "database default scans too")
			assert.True(t, row.Flag)
			assert.False(t, row.Null.Valid)
			assert.Nil(t, row.NullPtr)

			// Order and compare by time in SQL (SQLite compares the text).
			base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			for i, off := range []time.Duration{time.Second, 500 * time.Millisecond, 1500 * time.Millisecond, 0, 10 * time.Microsecond} {
				_, err := d.Exec(t.Context(), "INSERT INTO "+tbl+" (id, name, at) VALUES (?, ?, ?)",
					fmt.Sprint("o", i), fmt.Sprint("o", i), db.NormalizeTime(base.Add(off)))
				require.NoError(t, err)
			}
			var got []time.Time
			require.NoError(t, d.Select(t.Context(), &got,
				"SELECT at FROM "+tbl+" WHERE at >= ? AND at < ? ORDER BY at", base, base.Add(time.Hour)))
			want := []time.Time{base, base.Add(10 * time.Microsecond), base.Add(500 * time.Millisecond), base.Add(time.Second), base.Add(1500 * time.Millisecond)}
			assert.Equal(t, want, got)
		})

		t.Run("Rebind", func(t *testing.T) {
			q := "SELECT a FROM t WHERE a = ? AND b = ?"
			switch d.Dialect() {
			case db.Postgres:
				assert.Equal(t, "SELECT a FROM t WHERE a = $1 AND b = $2", d.Rebind(q))
			case db.SQLite:
				assert.Equal(t, q, d.Rebind(q))
			}
		})

		t.Run("Ping", func(t *testing.T) {
			require.NoError(t, d.Ping(t.Context()))
		})

		t.Run("concurrent writers succeed", func(t *testing.T) {
			tbl := newTable(t, d)
			const writers = 20
			var wg sync.WaitGroup
			var failed atomic.Int32
			for i := range writers {
				wg.Go(func() {
					var err error
					if i%2 == 0 {
						// Read, then write, in one transaction: the pattern that breaks
						// with SQLITE_BUSY under deferred transactions.
						err = d.WithTx(t.Context(), func(ctx context.Context) error {
							var n int
							if err := d.Get(ctx, &n, "SELECT count(*) FROM "+tbl); err != nil {
								return err
							}
							return insert(ctx, d, tbl, fmt.Sprint("tx-", i, "-", n))
						})
					} else {
						err = insert(t.Context(), d, tbl, fmt.Sprint("plain-", i))
					}
					if err != nil {
						failed.Add(1)
						t.Errorf("writer %d: %v", i, err)
					}
				})
			}
			wg.Wait()
			assert.Zero(t, failed.Load())
			assert.Equal(t, writers, count(t, d, tbl))
		})

		if d.Dialect() == db.Postgres {
			t.Run("recovers after the server drops its connections", func(t *testing.T) {
				// Warm the pool, then have the server terminate every other session
				// of this database, as a restart would.
				for range 3 {
					require.NoError(t, d.Ping(t.Context()))
				}
				var killed []bool
				require.NoError(t, d.Select(t.Context(), &killed, `SELECT pg_terminate_backend(pid)
					FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`))
				require.Eventually(t, func() bool {
					var one int
					err := d.Get(t.Context(), &one, "SELECT 1")
					if err != nil {
						assert.True(t, db.IsUnavailable(err), "a dropped connection classifies as unavailable: %v", err)
					}
					return err == nil
				}, 10*time.Second, 50*time.Millisecond)
			})
		}

		t.Run("a closed DB is unavailable", func(t *testing.T) {
			// Last: it closes the shared handle.
			require.NoError(t, d.Close())
			var n int
			err := d.Get(t.Context(), &n, "SELECT 1")
			require.Error(t, err)
			assert.True(t, db.IsUnavailable(err), "%v", err)
			assert.ErrorIs(t, d.Ping(t.Context()), errs.ErrUnavailable)
		})
	})
}

// TestOpenErrors checks that bad configurations fail fast with a clear message.
func TestOpenErrors(t *testing.T) {
	t.Parallel()
	t.Run("closed postgres port is unavailable and named", func(t *testing.T) {
		start := time.Now()
		_, err := db.Open(t.Context(), db.Config{URL: "postgres://postgres:s3cret-pw@127.0.0.1:1/x?sslmode=disable"})
		require.ErrorIs(t, err, errs.ErrUnavailable)
		assert.True(t, db.IsUnavailable(err))
		assert.Contains(t, err.Error(), "postgres at 127.0.0.1:1")
		assert.NotContains(t, err.Error(), "s3cret-pw", "never the password")
		assert.Less(t, time.Since(start), 3*time.Second, "fails fast")
	})
	t.Run("unsupported scheme", func(t *testing.T) {
		_, err := db.Open(t.Context(), db.Config{URL: "mysql://root:pw@localhost/x"})
		require.ErrorIs(t, err, errs.ErrInvalid)
		assert.Contains(t, err.Error(), `unsupported scheme "mysql"`)
		assert.NotContains(t, err.Error(), "pw@")
	})
	t.Run("bad postgres url hides the password", func(t *testing.T) {
		_, err := db.Open(t.Context(), db.Config{URL: "postgres://u:s3cret-pw@127.0.0.1:notaport/x"})
		require.ErrorIs(t, err, errs.ErrInvalid)
		assert.NotContains(t, err.Error(), "s3cret-pw")
	})
	t.Run("in-memory sqlite is refused", func(t *testing.T) {
		_, err := db.Open(t.Context(), db.Config{URL: "sqlite::memory:"})
		require.ErrorIs(t, err, errs.ErrInvalid)
	})
	t.Run("no url and no data dir", func(t *testing.T) {
		_, err := db.Open(t.Context(), db.Config{})
		require.ErrorIs(t, err, errs.ErrInvalid)
	})
	t.Run("missing data dir names sqlite", func(t *testing.T) {
		_, err := db.Open(t.Context(), db.Config{DataDir: "/nonexistent/vouch-test-dir"})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "sqlite at /nonexistent/vouch-test-dir/vouch.db")
	})
}

// TestOpenSQLiteURLs checks the sqlite: and file: URL forms and the default file name.
func TestOpenSQLiteURLs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, u := range []string{"sqlite:" + dir + "/a.db", "sqlite://" + dir + "/b.db", "file:" + dir + "/c.db", ""} {
		t.Run(u, func(t *testing.T) {
			d, err := db.Open(t.Context(), db.Config{URL: u, DataDir: dir})
			require.NoError(t, err)
			defer func() { require.NoError(t, d.Close()) }()
			assert.Equal(t, db.SQLite, d.Dialect())
			var mode string
			require.NoError(t, d.Get(t.Context(), &mode, "PRAGMA journal_mode"))
			assert.Equal(t, "wal", mode)
			var fk, busy, sync int
			require.NoError(t, d.Get(t.Context(), &fk, "PRAGMA foreign_keys"))
			require.NoError(t, d.Get(t.Context(), &busy, "PRAGMA busy_timeout"))
			require.NoError(t, d.Get(t.Context(), &sync, "PRAGMA synchronous"))
			assert.Equal(t, 1, fk)
			assert.Equal(t, 5000, busy)
			assert.Equal(t, 1, sync, "NORMAL")
		})
	}
	assert.FileExists(t, dir+"/vouch.db")
}

// tableSeq makes scratch table names unique within the process.
var tableSeq atomic.Int64

// newTable creates a scratch table for one subtest: id, unique name, a flag, a nullable
// time, an unused nullable time and a created_at defaulted by the database.
func newTable(t *testing.T, d *db.DB) string {
	t.Helper()
	name := fmt.Sprintf("conformance_%d", tableSeq.Add(1))
	ts, now := "TIMESTAMPTZ", "now()"
	if d.Dialect() == db.SQLite {
		ts, now = "DATETIME", "(strftime('%Y-%m-%d %H:%M:%f+00:00', 'now'))"
	}
	ddl := strings.NewReplacer("{table}", name, "{ts}", ts, "{now}", now).Replace(`CREATE TABLE {table} (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL UNIQUE,
		flag BOOLEAN NOT NULL DEFAULT false,
		at {ts},
		at_null {ts},
		created_at {ts} NOT NULL DEFAULT {now})`)
	_, err := d.Exec(t.Context(), ddl)
	require.NoError(t, err)
	return name
}

// insert adds a row named name (id = name) to tbl through the transaction in ctx, if any.
func insert(ctx context.Context, d *db.DB, tbl, name string) error {
	_, err := d.Exec(ctx, "INSERT INTO "+tbl+" (id, name) VALUES (?, ?)", db.NewID("t"), name)
	return err
}

// count returns the number of rows in tbl.
func count(t *testing.T, d *db.DB, tbl string) int {
	t.Helper()
	var n int
	require.NoError(t, d.Get(t.Context(), &n, "SELECT count(*) FROM "+tbl))
	return n
}
