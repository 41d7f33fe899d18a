package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/banking/directory"
	"github.com/vouchhq/vouch/server/internal/banking/fedach/fedachtest"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
)

// realFedACH is the Federal Reserve's directory in the shared test data, read in place.
const realFedACH = "../../../../shared/data/fedach/FedACHdir.txt"

func TestFedACHCommandExplainsItself(t *testing.T) {
	for _, args := range [][]string{{"fedach", "--help"}, {"fedach", "import", "--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, _, err := run(t, t.Context(), "", nil, args...)
			require.NoError(t, err)
			assert.Contains(t, out, "Usage:")
			assert.Contains(t, out, "FedACH")
		})
	}
	_, _, err := run(t, t.Context(), "", map[string]string{"VOUCH_DATA_DIR": t.TempDir()}, "fedach", "import")
	require.ErrorContains(t, err, `"file" not set`)
}

func TestFedACHImport(t *testing.T) {
	if _, err := os.Stat(realFedACH); err != nil {
		t.Skipf("real FedACH directory not available: %v", err)
	}
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
			tmp := t.TempDir()
			garbled := filepath.Join(tmp, "garbled.txt")
			good := fedachtest.Record{RoutingNumber: "021000021", Name: "JPMORGAN CHASE"}.Line()
			require.NoError(t, os.WriteFile(garbled, []byte(good+"\r\n"+good[:60]+"\r\n"), 0o600))
			small := filepath.Join(tmp, "small.txt")
			require.NoError(t, os.WriteFile(small, []byte(good+"\r\n"), 0o600))

			out, _, err := run(t, t.Context(), "", env, "fedach", "import", "--file", realFedACH)
			require.NoError(t, err)
			assert.Contains(t, out, "18198 routing numbers")
			assert.Contains(t, out, "stored 18198/18198 (100%)")
			assert.Contains(t, out, "imported 18198 routing numbers as directory fed_")

			out, _, err = run(t, t.Context(), "", env, "fedach", "import", "--file", realFedACH)
			require.NoError(t, err)
			assert.Contains(t, out, "unchanged")

			_, _, err = run(t, t.Context(), "", env, "fedach", "import", "--file", garbled)
			require.Error(t, err)
			assert.Contains(t, err.Error(), "line 2: ")
			assert.Contains(t, err.Error(), "the directory is unchanged")

			_, _, err = run(t, t.Context(), "", env, "fedach", "import", "--file", filepath.Join(tmp, "missing.txt"))
			require.ErrorContains(t, err, "open FedACH file")

			d, err := db.Open(t.Context(), dbCfg)
			require.NoError(t, err)
			t.Cleanup(func() { _ = d.Close() })
			s := directory.New(d, audit.New(d), nil)
			v, err := s.Current(t.Context())
			require.NoError(t, err)
			assert.Equal(t, 18198, v.Rows)
			assert.Equal(t, "FedACHdir.txt", v.Source)
			r, err := s.Lookup(t.Context(), "011000138")
			require.NoError(t, err)
			assert.Equal(t, "BANK OF AMERICA, N.A.", r.BankName)

			// A smaller release replaces the whole directory.
			out, _, err = run(t, t.Context(), "", env, "fedach", "import", "--file", small)
			require.NoError(t, err)
			assert.Contains(t, out, "imported 1 routing numbers")
			var n int
			require.NoError(t, d.Get(t.Context(), &n, `SELECT COUNT(*) FROM fedach_participants`))
			assert.Equal(t, 1, n)
		})
	}
}
