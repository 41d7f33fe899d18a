package screening

import (
	"context"
	"embed"
	"errors"
	"fmt"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// demoFiles is a handful of invented entries in OFAC's format, so a fresh install can
// try screening. Every name is fictional ("FICTITIOUS, Ivan Demonov", "EXAMPLE SHELL
// TRADING LTD."); real lists come from the operator through `vouch sanctions import`.
//
//go:embed demo/*.csv
var demoFiles embed.FS

// DemoFiles returns the demo list's files.
func DemoFiles() Files {
	read := func(name string) []byte {
		b, err := demoFiles.ReadFile("demo/" + name)
		if err != nil {
			panic(fmt.Sprintf("screening: embedded demo file %s: %v", name, err)) // a build defect
		}
		return b
	}
	return Files{SDN: read("sdn.csv"), Alt: read("alt.csv"), Add: read("add.csv"),
		SDNName: "demo/sdn.csv", AltName: "demo/alt.csv", AddName: "demo/add.csv"}
}

// SeedDemo imports the demo list when no list was ever imported, and reports whether it
// did; an operator's list is never replaced by the demo.
func (s *Screener) SeedDemo(ctx context.Context) (ImportResult, bool, error) {
	v, err := s.store.latest(ctx)
	if err == nil {
		return ImportResult{Version: v, Unchanged: true}, false, nil
	}
	if !errors.Is(err, errs.ErrNotFound) {
		return ImportResult{}, false, err
	}
	res, err := s.Import(ctx, DemoFiles(), SourceDemo, "seed demo")
	if err != nil {
		return res, false, fmt.Errorf("seed demo sanctions list: %w", err)
	}
	return res, true, nil
}
