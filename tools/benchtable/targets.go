package main

import "fmt"

// target is a goal an issue sets for one benchmark: either a ceiling on one of its
// figures, or a share of a reference benchmark's rate (ops per second).
type target struct {
	bench string
	// ceiling: figure must stay at or under max; floor: at or over min (when min is set).
	figure string
	max    float64
	min    float64
	// share: bench's ops/s must reach minShare of reference's ops/s.
	reference string
	minShare  float64
	why       string
}

// targets are the issues' speed goals.
var targets = []target{
	{bench: "PasswordSignIn", reference: "HashParallel", minShare: 0.85,
		why: "identity issue: sign-ins reach 85% of raw argon2id"},
	{bench: "SessionRequestP99", figure: "p99-ms", max: 2,
		why: "identity issue: session requests p99 < 2 ms on Redis at 1,000 rps"},
	{bench: "Rescreen100k", figure: "s/100k", max: 30,
		why: "screening issue: rescreening 100,000 suppliers < 30 s on 2 cores"},
	{bench: "SanctionsImport", figure: "s/import", max: 2,
		why: "screening issue: importing the full OFAC list < 2 s"},
	{bench: "RoutingLookup", figure: "lookups/s", min: 1e6,
		why: "banking issue: routing lookups over 1 million a second in-process"},
	{bench: "BankVerificationP99", figure: "p99-ms", max: 15,
		why: "banking issue: verifications p99 < 15 ms at 200/s on PostgreSQL+Redis, sandbox latency 0"},
}

// describe says what the target asks, for the table.
func (t target) describe() string {
	if t.reference != "" {
		return fmt.Sprintf(">= %.0f%% of %s", t.minShare*100, t.reference)
	}
	if t.min > 0 {
		return fmt.Sprintf("%s >= %g", t.figure, t.min)
	}
	return fmt.Sprintf("%s <= %g", t.figure, t.max)
}
