package screening_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/vouchhq/vouch/server/internal/screening"
)

// dataDir is the shared test corpus of real OFAC files (../shared/data from the repo
// root); it is read in place, never copied into the project.
var dataDir = filepath.Join("..", "..", "..", "..", "shared", "data")

// release reads one OFAC release of the corpus, skipping the test when the corpus is not
// on this machine.
func release(tb testing.TB, name string) screening.Files {
	tb.Helper()
	dir := filepath.Join(dataDir, name)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("OFAC corpus %s not found (%v): these tests and benchmarks need ../shared/data", dir, err)
	}
	read := func(f string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			tb.Fatalf("read %s: %v", f, err)
		}
		return b
	}
	return screening.Files{SDN: read("sdn.csv"), Alt: read("alt.csv"), Add: read("add.csv"),
		SDNName: name + "/sdn.csv", AltName: name + "/alt.csv", AddName: name + "/add.csv"}
}

var fullIndex = sync.OnceValues(func() (*screening.Index, error) {
	f := screening.Files{}
	dir := filepath.Join(dataDir, "ofac-2021")
	var err error
	if f.SDN, err = os.ReadFile(filepath.Join(dir, "sdn.csv")); err != nil {
		return nil, err
	}
	if f.Alt, err = os.ReadFile(filepath.Join(dir, "alt.csv")); err != nil {
		return nil, err
	}
	if f.Add, err = os.ReadFile(filepath.Join(dir, "add.csv")); err != nil {
		return nil, err
	}
	list, err := screening.ParseFiles(f)
	if err != nil {
		return nil, err
	}
	return screening.NewIndex(list, screening.Version{Number: 1, Source: screening.SourceOFAC}), nil
})

// ofac2021 returns the index of the full July 2021 SDN list, built once per test binary.
func ofac2021(tb testing.TB) *screening.Index {
	tb.Helper()
	release(tb, "ofac-2021") // skips when the corpus is absent
	ix, err := fullIndex()
	if err != nil {
		tb.Fatalf("index ofac-2021: %v", err)
	}
	return ix
}
