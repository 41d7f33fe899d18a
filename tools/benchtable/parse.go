package main

import (
	"strconv"
	"strings"
)

// result is one benchmark line: its name without the "Benchmark" prefix and the -GOMAXPROCS
// suffix, and each figure by unit ("ns/op", "B/op", "p99-ms", ...). With -count > 1 the
// lines of one name are combined by median (see combine), and runs keeps each line's.
type result struct {
	name    string
	figures map[string]float64
	runs    []map[string]float64 // every run's figures, when there were several
}

// parseLine reads "BenchmarkName-2  150  13960494 ns/op  12 B/op ..." lines; any other
// line is not a result.
func parseLine(line string) (result, bool) {
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
		return result{}, false
	}
	if _, err := strconv.Atoi(f[1]); err != nil {
		return result{}, false
	}
	name := strings.TrimPrefix(f[0], "Benchmark")
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name = name[:i]
		}
	}
	res := result{name: name, figures: map[string]float64{}}
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return result{}, false
		}
		res.figures[f[i+1]] = v
	}
	return res, true
}
