package screening_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
	"github.com/vouchhq/vouch/server/internal/screening"
)

// The benchmarks below run on the full July 2021 SDN list (8,976 entries and their
// alternate names), read in place from ../shared/data; they skip when it is absent.
// tools/benchtable holds Rescreen100k and Import to the targets.

// BenchmarkScreen is one screening as the API runs it (Screener.Screen: validate, search,
// explain) on the full list, on every core at once. The queries mix what a screening
// service sees: exact list names (primary and alternate), the same names with one typo,
// and ordinary company names that should not match. It reports the throughput
// ("queries/s") and the 99th percentile of one query's latency ("p99-ms").
func BenchmarkScreen(b *testing.B) {
	files := release(b, "ofac-2021")
	s := importedScreener(b, files)
	list, err := screening.ParseFiles(files)
	if err != nil {
		b.Fatal(err)
	}
	queries := queryMix(list.Entries, 1024)
	checkMix(b, s, queries)

	b.Run("full-list", func(b *testing.B) {
		ctx := b.Context()
		var (
			mu  sync.Mutex
			lat []time.Duration
			bad atomic.Value
			idx atomic.Int64
		)
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			// Each goroutine walks the mix from its own offset so the cores do not screen
			// the same name at the same moment.
			i := int(idx.Add(1)) * 257
			mine := make([]time.Duration, 0, 4096)
			for pb.Next() {
				q := queries[i%len(queries)]
				i++
				start := time.Now()
				if _, err := s.Screen(ctx, screening.Subject{Name: q.name}); err != nil {
					bad.Store(fmt.Errorf("screen %q: %w", q.name, err))
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
		b.StopTimer()
		if err, _ := bad.Load().(error); err != nil {
			b.Fatal(err)
		}
		slices.Sort(lat)
		ms := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "queries/s")
		b.ReportMetric(ms(0.50), "p50-ms")
		b.ReportMetric(ms(0.99), "p99-ms")
	})
}

// BenchmarkRescreen100k screens 100,000 supplier names (varied generated company names
// with a list name every 500) through ScreenBatch, the path rescreening after an import
// runs on, with a worker per core. It reports the seconds one pass takes ("s/100k"; the
// issue's target: under 30 s on this 2-core machine) and how many names it flagged.
func BenchmarkRescreen100k(b *testing.B) {
	const n = 100_000
	files := release(b, "ofac-2021")
	s := importedScreener(b, files)
	list, err := screening.ParseFiles(files)
	if err != nil {
		b.Fatal(err)
	}
	names := supplierNames(n, list.Entries)
	subs := make([]screening.Subject, n)
	for i, name := range names {
		subs[i] = screening.Subject{Name: name, Type: screening.Entity, MinScore: screening.DefaultMinScore}
	}
	hits := make([]int, n)
	var failed atomic.Value
	for b.Loop() {
		clear(hits)
		err := s.ScreenBatch(b.Context(), subs, func(i int, r screening.Result, err error) {
			if err != nil {
				failed.Store(fmt.Errorf("screen %q: %w", subs[i].Name, err))
				return
			}
			hits[i] = len(r.Hits) // each i is written by one worker only
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	var flagged, listHits int
	for i, h := range hits {
		if h > 0 {
			flagged++
			if i%listNameEvery == 0 {
				listHits++
			}
		}
	}
	// The list names planted in the batch must be found, or the pass measured nothing.
	if planted := (n + listNameEvery - 1) / listNameEvery; listHits < planted*9/10 {
		b.Fatalf("only %d of %d planted list names were flagged", listHits, planted)
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/100k")
	b.ReportMetric(float64(flagged), "flagged/100k")
}

// BenchmarkSanctionsImport is `vouch sanctions import` of the full list into a fresh SQLite
// database: parse the three files, build the index, store the version with its audit
// event in one transaction, and swap the index in. It reports seconds per import
// ("s/import"; the target: under 2 s) and the share of each stage.
func BenchmarkSanctionsImport(b *testing.B) {
	files := release(b, "ofac-2021")
	var parse, index, store time.Duration
	for b.Loop() {
		// A fresh database each time: importing the same files twice stores nothing.
		b.StopTimer()
		d := dbtest.Open(b, db.SQLite)
		s := screening.New(d, audit.New(d), nil)
		b.StartTimer()
		res, err := s.Import(b.Context(), files, screening.SourceOFAC, "bench")
		if err != nil {
			b.Fatal(err)
		}
		if res.Unchanged || s.Current() == nil {
			b.Fatalf("import stored nothing: %+v", res)
		}
		parse, index, store = parse+res.Parse, index+res.Index, store+res.Store
	}
	per := func(d time.Duration) float64 { return float64(d.Milliseconds()) / float64(b.N) }
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/import")
	b.ReportMetric(per(parse), "parse-ms")
	b.ReportMetric(per(index), "index-ms")
	b.ReportMetric(per(store), "store-ms")
}

// importedScreener returns a Screener over a fresh SQLite database with files imported
// and in use.
func importedScreener(b *testing.B, files screening.Files) *screening.Screener {
	b.Helper()
	d := dbtest.Open(b, db.SQLite)
	s := screening.New(d, audit.New(d), nil)
	if _, err := s.Import(b.Context(), files, screening.SourceOFAC, "bench"); err != nil {
		b.Fatal(err)
	}
	if ix := s.Current(); ix == nil || ix.Len() < 5000 {
		b.Fatal("the full list is not in use after the import")
	}
	return s
}

// query is one name of the Screen mix and what kind it is.
type query struct {
	name string
	kind string // "exact", "typo" or "clean"
}

// queryMix returns n deterministic queries: 30% exact list names (every third one an
// alternate name when the entry has one), 30% list names with one typo, 40% ordinary
// company names.
func queryMix(entries []screening.Entry, n int) []query {
	rng := rand.New(rand.NewPCG(21, 7))
	clean := supplierNames(n, nil)
	out := make([]query, 0, n)
	for i := range n {
		e := entries[rng.IntN(len(entries))]
		name := e.Name
		if len(e.AltNames) > 0 && i%3 == 0 {
			name = e.AltNames[rng.IntN(len(e.AltNames))].Name
		}
		switch r := i % 10; {
		case r < 3:
			out = append(out, query{name, "exact"})
		case r < 6:
			out = append(out, query{typo(rng, name), "typo"})
		default:
			out = append(out, query{clean[i], "clean"})
		}
	}
	return out
}

// checkMix screens each query once and fails when the exact list names do not find their
// entries, since the timings would then measure a search that finds nothing; it logs how
// often each kind of query was flagged.
func checkMix(b *testing.B, s *screening.Screener, queries []query) {
	b.Helper()
	total, flagged := map[string]int{}, map[string]int{}
	for _, q := range queries {
		r, err := s.Screen(b.Context(), screening.Subject{Name: q.name})
		if err != nil {
			b.Fatalf("screen %q: %v", q.name, err)
		}
		total[q.kind]++
		if len(r.Hits) > 0 {
			flagged[q.kind]++
		}
	}
	if flagged["exact"] < total["exact"]*9/10 {
		b.Fatalf("only %d of %d exact list names were flagged", flagged["exact"], total["exact"])
	}
	b.Logf("flagged: exact %d/%d, typo %d/%d, clean %d/%d", flagged["exact"], total["exact"],
		flagged["typo"], total["typo"], flagged["clean"], total["clean"])
}

// typo makes one keying mistake in the longest word of name: two letters swapped, one
// dropped, one doubled or one replaced.
func typo(rng *rand.Rand, name string) string {
	words := strings.Fields(name)
	w := 0
	for i, word := range words {
		if len([]rune(word)) > len([]rune(words[w])) {
			w = i
		}
	}
	r := []rune(words[w])
	if len(r) < 4 {
		return name
	}
	p := 1 + rng.IntN(len(r)-2) // keep the first letter, as people mostly do
	switch rng.IntN(4) {
	case 0:
		r[p], r[p+1] = r[p+1], r[p]
	case 1:
		r = slices.Delete(r, p, p+1)
	case 2:
		r = slices.Insert(r, p, r[p])
	default:
		c := rune('a' + rng.IntN(26))
		if unicode.IsUpper(r[p]) {
			c = unicode.ToUpper(c)
		}
		r[p] = c
	}
	words[w] = string(r)
	return strings.Join(words, " ")
}

// listNameEvery places a list name among the generated supplier names.
const listNameEvery = 500

// supplierNames returns n deterministic, varied company names of the kind a supplier
// master file holds ("Harbor Valley Office Supplies LLC", "Okafor & Lindqvist
// Engineering"); with entries, every listNameEvery-th name is an SDN entry's name.
func supplierNames(n int, entries []screening.Entry) []string {
	rng := rand.New(rand.NewPCG(2026, 12))
	pick := func(words []string) string { return words[rng.IntN(len(words))] }
	out := make([]string, n)
	for i := range out {
		if len(entries) > 0 && i%listNameEvery == 0 {
			out[i] = entries[rng.IntN(len(entries))].Name
			continue
		}
		switch rng.IntN(5) {
		case 0:
			out[i] = pick(places) + " " + pick(nouns) + " " + pick(trades) + " " + pick(forms)
		case 1:
			out[i] = pick(surnames) + " & " + pick(surnames) + " " + pick(trades)
		case 2:
			out[i] = pick(surnames) + " " + pick(trades) + " " + pick(forms)
		case 3:
			out[i] = pick(adjectives) + " " + pick(nouns) + " " + pick(forms)
		default:
			out[i] = pick(places) + " " + pick(trades) + " " + pick(nouns) + " " + pick(forms)
		}
	}
	return out
}

// Word lists for supplierNames: common English business words and surnames from many
// countries, as a supplier file has.
var (
	places = strings.Fields(`Harbor Valley Summit Lakeside Riverside Northgate Southfield
		Westbrook Eastwood Pinecrest Oakridge Maple Cedar Granite Coastal Prairie Highland
		Meadow Brookline Fairview Clearwater Ironwood Silverlake Redstone Bluewater Greenfield
		Stonebridge Hillcrest Bayview Canyon Willow Aspen Sierra Atlantic Pacific Midland
		Central Metro Capital Pioneer`)
	nouns = strings.Fields(`Office Industrial Supply Systems Solutions Logistics Freight
		Packaging Foods Paper Tools Fasteners Electrical Plumbing Printing Textiles Lumber
		Chemicals Components Machinery Labs Analytics Networks Media Software Hardware Parts
		Materials Equipment Containers Coatings Optics Sensors Controls Fabrication Metals
		Plastics Bearings Valves Pumps`)
	trades = strings.Fields(`Supplies Services Distributors Partners Consulting Engineering
		Manufacturing Trading Wholesale Contractors Associates Technologies Imports Outfitters
		Providers Makers Works Brothers Builders Staffing Maintenance Transport Catering
		Cleaning Security Design Marketing Advisory Installations Rentals`)
	adjectives = strings.Fields(`Reliable Premier Precision Allied United Superior Quality
		Advanced Integrated Modern Bright Swift Prime Trusted Apex Keystone Evergreen Sterling
		Golden Crystal Liberty Heritage Vanguard Frontier Horizon Landmark Nimble Summit
		Sunrise Harmony`)
	surnames = strings.Fields(`Smith Johnson Okafor Lindqvist Nakamura Fernandes Kowalski
		Schneider Dubois Rossi Murphy O'Brien Nguyen Patel Haddad Jensen Novak Silva Moreau
		Becker Tanaka Hughes Walsh Petrov Costa Andersen Lopez Garcia Klein Fischer Brennan
		Carter Whitfield Abernathy Delgado Ivanova Mbeki Oyelaran Sato Kaur`)
	forms = strings.Fields(`LLC Inc Ltd Corp Co GmbH LLP PLC Limited Company`)
)
