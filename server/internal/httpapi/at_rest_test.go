package httpapi_test

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
)

// lockedBuffer collects a log written from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestNoPlantedNumberAtRest plants an account number and a TIN through every path that
// handles them (add, verify, micro-deposits, review, lists, history, audit), then reads
// the database as an attacker with a copy would (the SQLite files, a pg_dump of
// PostgreSQL), the uploaded documents and the server's log, and finds neither.
func TestNoPlantedNumberAtRest(t *testing.T) {
	const account, fallback, tin = "918273645546", "5544332219999", "987654321"
	for _, backend := range []string{"sqlite+memory", "postgres+redis"} {
		t.Run(backend, func(t *testing.T) {
			var logs lockedBuffer
			opts := []apitest.Option{apitest.WithLog(&logs)}
			if backend == "postgres+redis" {
				opts = append(opts, apitest.OnPostgresRedis())
			}
			e := apitest.NewEnv(t, opts...)
			e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
			admin := e.Client()
			admin.SignIn(t, "ap@acme.example", adminPW)
			supplier, supplierID := enroll(t, e, invite(t, admin, "sales@bolt.example", "Bolt"), "sales@bolt.example", "Bolt and Nut LLC")
			p := map[string]any{}
			for k, v := range completeProfile {
				p[k] = v
			}
			p["tin"] = "98-7654321"
			require.Equal(t, http.StatusOK, supplier.Do(t, "PUT", "/api/v1/supplier/profile", p).Status)
			require.Equal(t, http.StatusAccepted, supplier.Do(t, "POST", "/api/v1/supplier/kyc/submit", nil).Status)

			seen := []*apitest.Response{addAccount(t, supplier, account)}
			stepUp(t, e, supplier)
			seen = append(seen, addAccount(t, supplier, fallback))
			seen = append(seen, supplier.Do(t, "GET", "/api/v1/supplier/bank-accounts", nil))
			seen = append(seen, admin.Do(t, "GET", "/api/v1/reviews/"+supplierID+"/bank-accounts", nil))
			seen = append(seen, admin.Do(t, "GET", "/api/v1/reviews/"+supplierID, nil))
			seen = append(seen, admin.Do(t, "GET", "/api/v1/admin/audit", nil))
			deposits, err := e.App.Accounts.PendingDeposits(t.Context())
			require.NoError(t, err)
			require.Len(t, deposits, 1, "the fallback account waits for micro-deposits")
			assert.Equal(t, fallback, deposits[0].AccountNumber.Reveal(), "the export can open it")
			for _, r := range seen {
				for _, secret := range []string{account, fallback, tin} {
					assert.NotContains(t, string(r.Body), secret, "a response shows a full number")
				}
			}

			dump := databaseBytes(t, e)
			docs := filesUnder(t, e.App.Config.DataDir)
			for _, secret := range []string{account, fallback, tin} {
				assert.NotContains(t, dump, secret, "the database holds %s in the clear", secret)
				assert.NotContains(t, docs, secret, "the data dir holds %s in the clear", secret)
				assert.NotContains(t, logs.String(), secret, "the log holds %s", secret)
			}
			assert.Contains(t, dump, "5546", "the scan does read the data (the last four are stored)")
		})
	}
}

// databaseBytes returns everything the database holds, as a copy of it would.
func databaseBytes(t *testing.T, e *apitest.Env) string {
	t.Helper()
	if e.App.DB.Dialect() == db.SQLite {
		var files []struct {
			Seq  int    `db:"seq"`
			Name string `db:"name"`
			File string `db:"file"`
		}
		require.NoError(t, e.App.DB.Select(t.Context(), &files, `PRAGMA database_list`))
		require.NotEmpty(t, files)
		var out strings.Builder
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if b, err := os.ReadFile(files[0].File + suffix); err == nil {
				out.Write(b)
			}
		}
		require.NotZero(t, out.Len())
		return out.String()
	}
	var name string
	require.NoError(t, e.App.DB.Get(t.Context(), &name, `SELECT current_database()`))
	u, err := url.Parse(dbtest.PostgresURL(t))
	require.NoError(t, err)
	u.Path = "/" + name
	out, err := exec.CommandContext(t.Context(), "pg_dump", "--data-only", u.String()).Output()
	require.NoError(t, err, "pg_dump (postgresql-client) is needed for this test")
	require.NotEmpty(t, out)
	return string(out)
}

// filesUnder returns the bytes of every file under dir.
func filesUnder(t *testing.T, dir string) string {
	t.Helper()
	var out strings.Builder
	require.NoError(t, filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out.Write(b)
		return err
	}))
	return out.String()
}
