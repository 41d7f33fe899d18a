package audit

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

func TestWriteCSV(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		l := New(d)
		l.batch = 2 // page through several batches
		l.now = fixedClock(time.Date(2026, 3, 14, 15, 9, 26, 535897000, time.UTC), time.Second)
		evil := sample("user.unlocked", "usr_evil")
		evil.Reason = `=HYPERLINK("http://evil.example","click")`
		evil.UserAgent = "@SUM(1+1)"
		stored := record(t, l,
			sample("user.password_reset_forced", "usr_1"),
			sample("user.unlocked", "usr_2"),
			evil,
			sample("user.reset_link_sent", "usr_1"),
			sample("org.ip_rule_added", "usr_1"),
		)

		read := func(t *testing.T, f Filter) [][]string {
			t.Helper()
			var buf bytes.Buffer
			require.NoError(t, l.WriteCSV(t.Context(), &buf, f))
			recs, err := csv.NewReader(&buf).ReadAll()
			require.NoError(t, err)
			require.NotEmpty(t, recs)
			assert.Equal(t, csvHeader, recs[0], "header first")
			return recs[1:]
		}
		col := func(recs [][]string, name string) []string {
			i := slices.Index(csvHeader, name)
			out := []string{}
			for _, r := range recs {
				out = append(out, r[i])
			}
			return out
		}

		t.Run("every event, newest first, across batches", func(t *testing.T) {
			recs := read(t, Filter{})
			assert.Equal(t, []string{"5", "4", "3", "2", "1"}, col(recs, "seq"))
			first := recs[4]
			e := stored[0]
			assert.Equal(t, []string{
				"1", e.ID, "2026-03-14T15:09:26.535897Z", "usr_support", "support", "user.password_reset_forced",
				"user", "usr_1", "org_acme", "198.51.100.7", "Mozilla/5.0", "user called, locked out",
				"callback", "number on file", `{"sessions_ended":2}`, GenesisHash, e.Hash,
			}, first)
		})

		t.Run("formula cells are defused", func(t *testing.T) {
			recs := read(t, Filter{TargetID: "usr_evil"})
			require.Len(t, recs, 1)
			assert.Equal(t, `'=HYPERLINK("http://evil.example","click")`, recs[0][slices.Index(csvHeader, "reason")])
			assert.Equal(t, "'@SUM(1+1)", recs[0][slices.Index(csvHeader, "user_agent")])
		})

		t.Run("filters apply", func(t *testing.T) {
			assert.Equal(t, []string{"4", "1"}, col(read(t, Filter{TargetID: "usr_1", Action: "user."}), "seq"))
			assert.Equal(t, []string{"4", "3"}, col(read(t, Filter{BeforeSeq: 5, Limit: 2}), "seq"))
			assert.Equal(t, []string{"5", "4", "3"}, col(read(t, Filter{Limit: 3}), "seq"), "a limit spanning batches")
			assert.Empty(t, read(t, Filter{ActorID: "usr_nobody"}), "only the header")
		})

		t.Run("bad limit", func(t *testing.T) {
			err := l.WriteCSV(t.Context(), &bytes.Buffer{}, Filter{Limit: -1})
			require.ErrorIs(t, err, errs.ErrInvalid)
		})

		t.Run("a failing writer stops the export", func(t *testing.T) {
			err := l.WriteCSV(t.Context(), failingWriter{}, Filter{})
			require.Error(t, err)
			assert.True(t, strings.Contains(err.Error(), "disk full"), "%v", err)
		})
	})
}

// failingWriter refuses every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }
