package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
)

// runAudit runs "vouch audit args…" in-process like run, in the VOUCH_* environment a
// previous run call set up (t.Setenv lasts for the rest of the test).
func runAudit(t *testing.T, ctx context.Context, args ...string) (string, error) {
	t.Helper()
	var out, errw syncBuffer
	root := newRootCmd(strings.NewReader(""), &out, &errw)
	root.SetArgs(append([]string{"audit"}, args...))
	err := root.ExecuteContext(ctx)
	return out.String(), err
}

func TestAuditCommandExplainsItself(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"verify", "--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			_, _, err := run(t, t.Context(), "", nil, "version") // a clean environment
			require.NoError(t, err)
			out, err := runAudit(t, t.Context(), args...)
			require.NoError(t, err)
			assert.Contains(t, out, "Usage:")
			assert.Contains(t, out, "hash")
		})
	}
}

func TestAuditVerify(t *testing.T) {
	backends := []struct {
		name string
		env  func(t *testing.T) (map[string]string, db.Config)
	}{
		{"sqlite", func(t *testing.T) (map[string]string, db.Config) {
			dir := t.TempDir()
			return map[string]string{"VOUCH_DATA_DIR": dir}, db.Config{DataDir: dir}
		}},
		{"postgres", func(t *testing.T) (map[string]string, db.Config) {
			url := dbtest.PostgresURL(t) // skips without VOUCH_TEST_POSTGRES_URL
			return map[string]string{"VOUCH_DATA_DIR": t.TempDir(), "VOUCH_DATABASE_URL": url}, db.Config{URL: url}
		}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			env, dbCfg := b.env(t)
			_, _, err := run(t, t.Context(), "", env, "migrate", "up")
			require.NoError(t, err)
			d, err := db.Open(t.Context(), dbCfg)
			require.NoError(t, err)
			t.Cleanup(func() { _ = d.Close() })
			log := audit.New(d)

			steps := []struct {
				name    string
				setup   func(t *testing.T)
				wantOut []string
				wantErr bool
			}{
				{"empty log", nil, []string{"audit chain OK: 0 events verified"}, false},
				{"three events", func(t *testing.T) {
					for _, target := range []string{"usr_1", "usr_2", "usr_3"} {
						_, err := log.Record(t.Context(), audit.Event{
							ActorID: "usr_ops", ActorRole: "support", Action: "user.unlocked",
							TargetType: "user", TargetID: target, Reason: "locked out",
						})
						require.NoError(t, err)
					}
				}, []string{"audit chain OK: 3 events verified", "last event: seq 3, hash "}, false},
				{"tampered", func(t *testing.T) {
					on := ""
					if d.Dialect() == db.Postgres {
						on = " ON audit_events"
					}
					// Test-only: an attacker with DDL rights drops the guard and edits a row.
					_, err := d.Exec(t.Context(), "DROP TRIGGER audit_events_no_update"+on)
					require.NoError(t, err)
					_, err = d.Exec(t.Context(), "UPDATE audit_events SET reason = 'routine' WHERE seq = 2")
					require.NoError(t, err)
				}, []string{"audit chain BROKEN at seq 2 (event aud_", "): hash mismatch", "1 events verified before the break"}, true},
			}
			for _, s := range steps {
				t.Run(s.name, func(t *testing.T) {
					if s.setup != nil {
						s.setup(t)
					}
					out, err := runAudit(t, t.Context(), "verify")
					if s.wantErr {
						require.Error(t, err)
						assert.Contains(t, err.Error(), "verification failed")
					} else {
						require.NoError(t, err)
					}
					for _, w := range s.wantOut {
						assert.Contains(t, out, w)
					}
				})
			}
		})
	}
}

func TestAuditVerifyUnmigrated(t *testing.T) {
	_, _, err := run(t, t.Context(), "", map[string]string{"VOUCH_DATA_DIR": t.TempDir()}, "version")
	require.NoError(t, err)
	_, err = runAudit(t, t.Context(), "verify")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "verify audit chain on sqlite at")
	assert.Contains(t, err.Error(), `run "vouch migrate up" first`)
}
