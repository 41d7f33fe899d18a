package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// report prints every result and then each target's verdict; it returns false when a
// target is missed or its benchmark did not run.
func report(w io.Writer, results []result, targets []target) bool {
	byName := map[string]result{}
	for _, r := range combine(results) {
		byName[r.name] = r
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)

	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "\nBENCHMARK\tNS/OP\tB/OP\tALLOCS/OP\tOTHER")
	for _, n := range names {
		r := byName[n]
		other := others(r)
		if len(r.runs) > 1 {
			other += fmt.Sprintf(" (medians of %d runs)", len(r.runs))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", n, num(r, "ns/op"), num(r, "B/op"), num(r, "allocs/op"), other)
	}
	fmt.Fprintln(tw, "\nTARGET\tRESULT\tGOAL\tVERDICT\tWHY")
	ok := true
	for _, t := range targets {
		got, pass, err := t.check(byName)
		verdict := "met"
		switch {
		case err != nil:
			got, verdict, ok = err.Error(), "NOT RUN", false
		case !pass:
			verdict, ok = "MISSED", false
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.bench, got, t.describe(), verdict, t.why)
	}
	_ = tw.Flush()
	return ok
}

// check measures one target against the results.
func (t target) check(byName map[string]result) (string, bool, error) {
	r, found := byName[t.bench]
	if !found {
		return "", false, fmt.Errorf("no result for %s", t.bench)
	}
	if t.reference == "" {
		v, found := r.figures[t.figure]
		if !found {
			return "", false, fmt.Errorf("%s reports no %s", t.bench, t.figure)
		}
		got := fmt.Sprintf("%s %g", t.figure, v)
		if runs := r.runValues(t.figure); len(runs) > 1 {
			got += fmt.Sprintf(" (median of %d runs: %s)", len(runs), list(runs))
		}
		if t.min > 0 {
			return got, v >= t.min, nil
		}
		return got, v <= t.max, nil
	}
	ref, found := byName[t.reference]
	if !found {
		return "", false, fmt.Errorf("no result for reference %s", t.reference)
	}
	rate, refRate := perSecond(r), perSecond(ref)
	if rate == 0 || refRate == 0 {
		return "", false, fmt.Errorf("no ns/op for %s or %s", t.bench, t.reference)
	}
	share := rate / refRate
	return fmt.Sprintf("%.1f/s vs %.1f/s = %.0f%%", rate, refRate, share*100), share >= t.minShare, nil
}

// list prints values as "1.2, 3.4, 5.6".
func list(vs []float64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprintf("%g", v)
	}
	return strings.Join(parts, ", ")
}

func perSecond(r result) float64 {
	if ns := r.figures["ns/op"]; ns > 0 {
		return 1e9 / ns
	}
	return 0
}

func num(r result, unit string) string {
	v, ok := r.figures[unit]
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.0f", v)
}

// others lists the custom figures (p99-ms and the like) a benchmark reported.
func others(r result) string {
	var out []string
	for unit, v := range r.figures {
		switch unit {
		case "ns/op", "B/op", "allocs/op":
			continue
		}
		out = append(out, fmt.Sprintf("%g %s", v, unit))
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
