package main

import (
	"slices"
	"sort"
)

// combine merges the results of one benchmark run several times (go test -count N) into
// one per name, each figure the median of its runs: a latency tail on a shared 2-core
// machine swings with whatever else the disk or the other core did, and one unlucky run
// should neither pass nor fail a target alone. Names keep their first appearance's order.
func combine(results []result) []result {
	byName := map[string][]map[string]float64{}
	var order []string
	for _, r := range results {
		if _, seen := byName[r.name]; !seen {
			order = append(order, r.name)
		}
		byName[r.name] = append(byName[r.name], r.figures)
	}
	out := make([]result, 0, len(order))
	for _, name := range order {
		runs := byName[name]
		if len(runs) == 1 {
			out = append(out, result{name: name, figures: runs[0]})
			continue
		}
		out = append(out, result{name: name, figures: medians(runs), runs: runs})
	}
	return out
}

// medians takes each unit's median over the runs that reported it (the lower middle of
// an even count, so that it is always a value some run measured).
func medians(runs []map[string]float64) map[string]float64 {
	values := map[string][]float64{}
	for _, figs := range runs {
		for unit, v := range figs {
			values[unit] = append(values[unit], v)
		}
	}
	out := make(map[string]float64, len(values))
	for unit, vs := range values {
		sort.Float64s(vs)
		out[unit] = vs[(len(vs)-1)/2]
	}
	return out
}

// runValues lists one unit's value in each run, in run order.
func (r result) runValues(unit string) []float64 {
	var out []float64
	for _, figs := range r.runs {
		if v, ok := figs[unit]; ok {
			out = append(out, v)
		}
	}
	return slices.Clip(out)
}
