package directory_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/banking/directory"
	"github.com/vouchhq/vouch/server/internal/banking/fedach"
	"github.com/vouchhq/vouch/server/internal/banking/fedach/fedachtest"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
	"github.com/vouchhq/vouch/shared/routing"
)

const realFile = "../../../../../shared/data/fedach/FedACHdir.txt"

func parse(t testing.TB, records ...fedachtest.Record) *fedach.Directory {
	t.Helper()
	dir, err := fedach.Parse(strings.NewReader(fedachtest.File(records...)))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

var (
	boston  = fedachtest.Record{RoutingNumber: "011000015", Name: "FEDERAL RESERVE BANK", Type: '0', City: "ATLANTA", State: "GA"}
	chase   = fedachtest.Record{RoutingNumber: "021000021", Name: "JPMORGAN CHASE BANK, NA", City: "TAMPA", State: "FL"}
	cathay  = fedachtest.Record{RoutingNumber: "011001962", Name: "CATHAY BANK", Type: '2', NewRoutingNumber: "122203950", City: "ROSEMEAD", State: "CA"}
	wells   = fedachtest.Record{RoutingNumber: "121000248", Name: "WELLS FARGO BANK NA", City: "MINNEAPOLIS", State: "MN"}
	unknown = "122000661" // valid, in no fixture
)

func lookup(t *testing.T, s *directory.Service, rtn string) directory.Result {
	t.Helper()
	r, err := s.Lookup(t.Context(), rtn)
	if err != nil {
		t.Fatalf("Lookup(%s): %v", rtn, err)
	}
	return r
}

func TestImportAndLookup(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		log := audit.New(d)
		s := directory.New(d, log, nil)

		// Before any import, a valid number is simply not found; invalid ones say why.
		if r := lookup(t, s, chase.RoutingNumber); r.Status != directory.NotFound || !r.Valid() {
			t.Fatalf("before import: %+v", r)
		}
		var progress []int
		res, err := s.Import(ctx, parse(t, boston, chase, cathay), "test.txt", func(done, total int) {
			progress = append(progress, done)
			if total != 3 {
				t.Errorf("total %d", total)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		if res.Unchanged || res.Version.Rows != 3 || res.Version.Source != "test.txt" || len(res.Version.SHA256) != 64 {
			t.Fatalf("result %+v", res)
		}
		if len(progress) == 0 || progress[len(progress)-1] != 3 {
			t.Fatalf("progress %v", progress)
		}

		tests := []struct {
			rtn    string
			reason error
			status directory.Status
			bank   string
			newRTN string
		}{
			{chase.RoutingNumber, nil, directory.Active, "JPMORGAN CHASE BANK, NA", ""},
			{boston.RoutingNumber, nil, directory.Active, "FEDERAL RESERVE BANK", ""},
			{cathay.RoutingNumber, nil, directory.Replaced, "CATHAY BANK", "122203950"},
			{unknown, nil, directory.NotFound, "", ""},
			{"02100002", routing.ErrLength, "", "", ""},
			{"02100002X", routing.ErrNotDigits, "", "", ""},
			{"021000022", routing.ErrChecksum, "", "", ""},
			{"991000028", routing.ErrPrefix, "", "", ""},
		}
		for _, tc := range tests {
			r := lookup(t, s, tc.rtn)
			if !errors.Is(r.Reason, tc.reason) || (tc.reason == nil) != r.Valid() || r.Status != tc.status ||
				r.BankName != tc.bank || r.NewRoutingNumber != tc.newRTN {
				t.Errorf("Lookup(%s) = %+v", tc.rtn, r)
			}
		}
		if r := lookup(t, s, chase.RoutingNumber); r.City != "TAMPA" || r.State != "FL" {
			t.Errorf("place %+v", r)
		}

		// The same content again writes nothing.
		again, err := s.Import(ctx, parse(t, boston, chase, cathay), "again.txt", nil)
		if err != nil || !again.Unchanged || again.Version.ID != res.Version.ID {
			t.Fatalf("re-import: %+v, %v", again, err)
		}

		// A new release replaces the whole directory: gone numbers are gone at once.
		res2, err := s.Import(ctx, parse(t, chase, wells), "second.txt", nil)
		if err != nil {
			t.Fatal(err)
		}
		if r := lookup(t, s, cathay.RoutingNumber); r.Status != directory.NotFound {
			t.Fatalf("after second import cathay %+v", r)
		}
		if r := lookup(t, s, wells.RoutingNumber); r.Status != directory.Active {
			t.Fatalf("after second import wells %+v", r)
		}
		cur, err := s.Current(ctx)
		if err != nil || cur.ID != res2.Version.ID || cur.Rows != 2 {
			t.Fatalf("current %+v, %v", cur, err)
		}
		var n int
		if err := d.Get(ctx, &n, `SELECT COUNT(*) FROM fedach_participants`); err != nil || n != 2 {
			t.Fatalf("rows %d, %v", n, err)
		}
		events, err := log.List(ctx, audit.Filter{Action: "fedach_directory."})
		if err != nil || len(events) != 2 {
			t.Fatalf("audit events %d, %v", len(events), err)
		}
	})
}

// TestImportFailureKeepsDirectory: an import that fails half-way (here a duplicate row
// the parser would have refused, so the database refuses it on the second batch) leaves
// the previous directory and version untouched.
func TestImportFailureKeepsDirectory(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		s := directory.New(d, audit.New(d), nil)
		first, err := s.Import(ctx, parse(t, chase, cathay), "good.txt", nil)
		if err != nil {
			t.Fatal(err)
		}
		bad := parse(t, wells)
		for len(bad.Participants) < 700 {
			bad.Participants = append(bad.Participants, bad.Participants[0])
		}
		bad.SHA256 = strings.Repeat("b", 64)
		if _, err := s.Import(ctx, bad, "bad.txt", nil); err == nil || !strings.Contains(err.Error(), "previous directory is unchanged") {
			t.Fatalf("import of duplicates: %v", err)
		}
		if _, err := s.Import(ctx, &fedach.Directory{SHA256: "x"}, "empty.txt", nil); !errors.Is(err, fedach.ErrEmpty) {
			t.Fatalf("import of nothing: %v", err)
		}
		cur, err := s.Current(ctx)
		if err != nil || cur.ID != first.Version.ID {
			t.Fatalf("current %+v, %v", cur, err)
		}
		if r := lookup(t, s, cathay.RoutingNumber); r.Status != directory.Replaced {
			t.Fatalf("old directory lost: %+v", r)
		}
		if r := lookup(t, s, wells.RoutingNumber); r.Status != directory.NotFound {
			t.Fatalf("half an import visible: %+v", r)
		}
	})
}

// TestLookupSeesImportsFromElsewhere: a server picks up an import made by another
// process (another Service on the same database) once the refresh interval passes.
func TestLookupSeesImportsFromElsewhere(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		var clock atomic.Int64
		clock.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
		server := directory.New(d, audit.New(d), nil)
		server.SetNow(func() time.Time { return time.Unix(0, clock.Load()) })
		cli := directory.New(d, audit.New(d), nil)

		if r := lookup(t, server, chase.RoutingNumber); r.Status != directory.NotFound {
			t.Fatalf("%+v", r)
		}
		if _, err := cli.Import(ctx, parse(t, chase), "cli.txt", nil); err != nil {
			t.Fatal(err)
		}
		if r := lookup(t, server, chase.RoutingNumber); r.Status != directory.NotFound {
			t.Fatalf("refreshed before the interval: %+v", r)
		}
		clock.Add(int64(directory.DefaultRefresh + time.Second))
		if r := lookup(t, server, chase.RoutingNumber); r.Status != directory.Active {
			t.Fatalf("not refreshed after the interval: %+v", r)
		}

		// Refresh looks at once: a caller about to refuse a number asks it first.
		if _, err := cli.Import(ctx, parse(t, chase, wells), "cli2.txt", nil); err != nil {
			t.Fatal(err)
		}
		if r := lookup(t, server, wells.RoutingNumber); r.Status != directory.NotFound {
			t.Fatalf("refreshed before the interval: %+v", r)
		}
		if err := server.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if r := lookup(t, server, wells.RoutingNumber); r.Status != directory.Active {
			t.Fatalf("Refresh did not load the new import: %+v", r)
		}
	})
}

// TestLookupKeepsSnapshotWhenDatabaseFails: a refresh that fails keeps the loaded copy.
func TestLookupKeepsSnapshotWhenDatabaseFails(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	s := directory.New(d, audit.New(d), nil)
	s.SetNow(func() time.Time { return time.Unix(0, clock.Load()) })
	if _, err := s.Import(t.Context(), parse(t, chase), "a.txt", nil); err != nil {
		t.Fatal(err)
	}
	if r := lookup(t, s, chase.RoutingNumber); r.Status != directory.Active {
		t.Fatalf("%+v", r)
	}
	_ = d.Close()
	clock.Add(int64(directory.DefaultRefresh * 2))
	if r := lookup(t, s, chase.RoutingNumber); r.Status != directory.Active {
		t.Fatalf("stale copy not used: %+v", r)
	}
	fresh := directory.New(d, audit.New(d), nil)
	if _, err := fresh.Lookup(context.Background(), chase.RoutingNumber); err == nil {
		t.Fatal("first load on a closed database succeeded")
	}
	// Format checks never need the database.
	if r, err := fresh.Lookup(context.Background(), "123"); err != nil || !errors.Is(r.Reason, routing.ErrLength) {
		t.Fatalf("%+v, %v", r, err)
	}
}

func TestImportRealDirectory(t *testing.T) {
	dir := parseReal(t)
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		s := directory.New(d, audit.New(d), nil)
		// How fast is BenchmarkFedACHImport's business, not a timed test's.
		if _, err := s.Import(t.Context(), dir, "FedACHdir.txt", nil); err != nil {
			t.Fatal(err)
		}
		if r := lookup(t, s, "011000138"); r.BankName != "BANK OF AMERICA, N.A." || r.Status != directory.Active || r.City != "HENRICO" {
			t.Fatalf("%+v", r)
		}
		if r := lookup(t, s, "011001962"); r.Status != directory.Replaced || r.NewRoutingNumber != "122203950" {
			t.Fatalf("%+v", r)
		}
	})
}

func parseReal(t testing.TB) *fedach.Directory {
	t.Helper()
	f, err := os.Open(realFile)
	if err != nil {
		t.Skipf("real FedACH directory not available: %v", err)
	}
	defer f.Close()
	dir, err := fedach.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// BenchmarkFedACHImport stores the real directory (18,198 rows) in one transaction.
func BenchmarkFedACHImport(b *testing.B) {
	dir := parseReal(b)
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		b.Run(string(dialect), func(b *testing.B) {
			d := dbtest.Open(b, dialect)
			s := directory.New(d, audit.New(d), nil)
			i := 0
			for b.Loop() {
				i++
				dir.SHA256 = strings.Repeat(string(rune('a'+i%26)), 64) // a new release each time
				if _, err := s.Import(b.Context(), dir, "bench", nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(dir.Participants)), "rows/op")
		})
	}
}

// BenchmarkLookup is the in-process lookup of a loaded directory (target: over a
// million per second).
func BenchmarkLookup(b *testing.B) {
	dir := parseReal(b)
	d := dbtest.Open(b, db.SQLite)
	s := directory.New(d, audit.New(d), nil)
	if _, err := s.Import(b.Context(), dir, "bench", nil); err != nil {
		b.Fatal(err)
	}
	rtns := make([]string, 0, 1024)
	for _, p := range dir.Participants[:1024] {
		rtns = append(rtns, p.RoutingNumber)
	}
	ctx := context.Background()
	if _, err := s.Lookup(ctx, rtns[0]); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			if r, _ := s.Lookup(ctx, rtns[i&1023]); r.Status == "" {
				b.Fatal("no status")
			}
			i++
		}
	})
}
