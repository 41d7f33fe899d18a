package directory_test

import (
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/banking/directory"
	"github.com/vouchhq/vouch/server/internal/banking/fedach"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
)

// BenchmarkRoutingLookup answers routing-number lookups from the full FedACH directory
// in-process on every core (checksum, then the loaded snapshot), the path of every
// account a supplier adds and of the lookup-as-you-type API. The banking issue's target
// is over 1 million lookups a second.
func BenchmarkRoutingLookup(b *testing.B) {
	f, err := os.Open(realFile)
	if err != nil {
		b.Skipf("real FedACH directory not available: %v", err)
	}
	dir, err := fedach.Parse(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	d := dbtest.Open(b, db.SQLite)
	s := directory.New(d, audit.New(d), nil)
	if _, err := s.Import(b.Context(), dir, "FedACHdir.txt", nil); err != nil {
		b.Fatal(err)
	}
	rtns := make([]string, 0, len(dir.Participants)+2)
	for _, p := range dir.Participants {
		rtns = append(rtns, p.RoutingNumber)
	}
	rtns = append(rtns, "122000661", "021000022") // valid but unlisted; bad checksum
	ctx := b.Context()
	if _, err := s.Lookup(ctx, rtns[0]); err != nil { // load the snapshot
		b.Fatal(err)
	}
	var n atomic.Uint64
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		i := int(n.Add(1)) * 7919
		for pb.Next() {
			if _, err := s.Lookup(ctx, rtns[i%len(rtns)]); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "lookups/s")
}
