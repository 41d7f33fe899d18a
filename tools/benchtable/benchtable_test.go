package main

import (
	"strings"
	"testing"
)

func TestParseLine(t *testing.T) {
	tests := []struct {
		line string
		ok   bool
		name string
		figs map[string]float64
	}{
		{"BenchmarkPasswordSignIn-2   \t     150\t  13960494 ns/op", true, "PasswordSignIn", map[string]float64{"ns/op": 13960494}},
		{"BenchmarkSessionRequestP99-2  3000  1000123 ns/op  0.41 p50-ms  1.7 p99-ms  5120 B/op  61 allocs/op", true, "SessionRequestP99",
			map[string]float64{"ns/op": 1000123, "p50-ms": 0.41, "p99-ms": 1.7, "B/op": 5120, "allocs/op": 61}},
		{"BenchmarkScreen/full-list-2  10  5 ns/op", true, "Screen/full-list", map[string]float64{"ns/op": 5}},
		{"BenchmarkX-2   --- FAIL: something", false, "", nil},
		{"ok  \tgithub.com/vouchhq/vouch/server/internal/httpapi\t2.340s", false, "", nil},
		{"goos: linux", false, "", nil},
	}
	for _, tt := range tests {
		got, ok := parseLine(tt.line)
		if ok != tt.ok {
			t.Fatalf("parseLine(%q) ok = %v, want %v", tt.line, ok, tt.ok)
		}
		if !ok {
			continue
		}
		if got.name != tt.name {
			t.Errorf("name = %q, want %q", got.name, tt.name)
		}
		for unit, v := range tt.figs {
			if got.figures[unit] != v {
				t.Errorf("%s: %s = %v, want %v", tt.line, unit, got.figures[unit], v)
			}
		}
	}
}

func TestReportVerdicts(t *testing.T) {
	results := []result{
		{name: "HashParallel", figures: map[string]float64{"ns/op": 10e6}},   // 100/s
		{name: "PasswordSignIn", figures: map[string]float64{"ns/op": 11e6}}, // 90.9/s = 91%
		{name: "SessionRequestP99", figures: map[string]float64{"ns/op": 1e6, "p99-ms": 2.5}},
		{name: "Lookup", figures: map[string]float64{"lookups/s": 900}},
	}
	tests := []struct {
		name    string
		targets []target
		ok      bool
		want    string
	}{
		{"share met", targets[:1], true, "met"},
		{"ceiling missed", targets[1:2], false, "MISSED"},
		{"floor missed", []target{{bench: "Lookup", figure: "lookups/s", min: 1000}}, false, "MISSED"},
		{"floor met", []target{{bench: "Lookup", figure: "lookups/s", min: 800}}, true, "lookups/s >= 800"},
		{"benchmark absent", []target{{bench: "Nope", figure: "p99-ms", max: 1}}, false, "NOT RUN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if got := report(&b, results, tt.targets); got != tt.ok {
				t.Errorf("report ok = %v, want %v\n%s", got, tt.ok, b.String())
			}
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("table lacks %q:\n%s", tt.want, b.String())
			}
		})
	}
}

func TestRepeatedRunsTakeTheMedian(t *testing.T) {
	var results []result
	for _, line := range []string{
		"BenchmarkBankVerificationP99-2  1000  5000000 ns/op  2.7 p50-ms  37.7 p99-ms",
		"BenchmarkBankVerificationP99-2  1000  5000000 ns/op  2.8 p50-ms  6.1 p99-ms",
		"BenchmarkBankVerificationP99-2  1000  5000000 ns/op  2.6 p50-ms  5.4 p99-ms",
	} {
		r, ok := parseLine(line)
		if !ok {
			t.Fatalf("parseLine(%q) failed", line)
		}
		results = append(results, r)
	}
	tests := []struct {
		name string
		max  float64
		ok   bool
		want string
	}{
		{"one slow run does not fail the target", 15, true, "p99-ms 6.1 (median of 3 runs: 37.7, 6.1, 5.4)"},
		{"the median itself is held to it", 6, false, "MISSED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			got := report(&b, results, []target{{bench: "BankVerificationP99", figure: "p99-ms", max: tt.max}})
			if got != tt.ok {
				t.Errorf("report ok = %v, want %v\n%s", got, tt.ok, b.String())
			}
			if !strings.Contains(b.String(), tt.want) {
				t.Errorf("table lacks %q:\n%s", tt.want, b.String())
			}
		})
	}
}
