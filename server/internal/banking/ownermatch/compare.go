package ownermatch

import "strings"

// Verdict is the answer for one account, as the API's owner_match reports it.
type Verdict string

// The verdicts.
const (
	// Match: the bank's owner is the supplier (score ≥ MatchScore).
	Match Verdict = "match"
	// Partial: maybe the supplier; a person should look (score ≥ PartialScore).
	Partial Verdict = "partial"
	// NoMatch: the bank's owner is someone else, as far as names tell.
	NoMatch Verdict = "no_match"
	// Unknown: there was nothing to compare (no owner of record, or no supplier name).
	Unknown Verdict = "unknown"
)

// The thresholds of the verdicts.
const (
	// MatchScore is the lowest score of a match.
	MatchScore = 90
	// PartialScore is the lowest score of a partial match.
	PartialScore = 70
)

// Field names the supplier name the owner of record was compared with.
type Field string

// The fields, in the order they are tried; on equal scores the earlier one wins,
// because the legal name is the strongest evidence and the typed holder name the
// weakest.
const (
	// LegalName is the supplier's registered legal name.
	LegalName Field = "legal_name"
	// DBA is the name the supplier trades under.
	DBA Field = "dba"
	// HolderName is the account holder name the supplier typed with the account.
	HolderName Field = "holder_name"
)

// Candidates are the supplier's names; empty ones are skipped.
type Candidates struct {
	LegalName  string
	DBA        string
	HolderName string
}

// Result is the outcome of Compare.
type Result struct {
	Verdict Verdict
	Score   int   // 0–100; 0 when the verdict is Unknown
	Against Field // the name that matched best; "" when the verdict is Unknown
	// Reasons explain the score word by word for a reviewer; they quote the owner of
	// record.
	Reasons []string
	// PublicReasons say the same without ever quoting the owner of record, for the
	// person who typed the account number: a no_match must not tell them whose account
	// it is.
	PublicReasons []string
}

// VerdictFor returns the verdict of a score of a real comparison.
func VerdictFor(score int) Verdict {
	switch {
	case score >= MatchScore:
		return Match
	case score >= PartialScore:
		return Partial
	}
	return NoMatch
}

// Compare compares the owner of record a verification provider returned with each of
// the supplier's names and reports the best.
func Compare(ownerOfRecord string, c Candidates) Result {
	owner := parseName(ownerOfRecord)
	if len(owner.parts) == 0 {
		why := "the bank returned no owner name"
		if strings.TrimSpace(ownerOfRecord) != "" {
			why = "the bank's owner name has no letters or digits to compare"
		}
		return Result{Verdict: Unknown, Reasons: []string{why}, PublicReasons: []string{why}}
	}

	fields := [...]struct {
		field Field
		value string
	}{{LegalName, c.LegalName}, {DBA, c.DBA}, {HolderName, c.HolderName}}
	var (
		win      best
		winField Field
		winName  name
		others   []string // the supplier's names other than the holder name, by label
		compared []string // every name compared, by label
	)
	for _, f := range fields {
		n := parseName(f.value)
		if len(n.parts) == 0 {
			continue
		}
		b := bestOf(owner, n)
		if f.field != HolderName {
			others = append(others, label(f.field))
		}
		compared = append(compared, label(f.field))
		if winField == "" || b.cmp.score > win.cmp.score {
			win, winField, winName = b, f.field, n
		}
	}
	if winField == "" {
		why := "the supplier has no legal name, DBA or holder name to compare"
		return Result{Verdict: Unknown, Reasons: []string{why}, PublicReasons: []string{why}}
	}

	r := Result{Verdict: VerdictFor(win.cmp.score), Score: win.cmp.score, Against: winField}
	r.Reasons = explain(owner, winName, win, label(winField), r.Verdict)
	r.PublicReasons = []string{publicReason(r.Verdict, label(winField), compared)}
	if winField == HolderName && r.Verdict != NoMatch {
		// The holder name is whatever the supplier typed next to the account number;
		// matching it best proves the supplier knows the bank's name, not that the
		// business owns the account.
		if len(others) > 0 {
			r.Reasons = append(r.Reasons, "the holder name the supplier typed matches better than "+strings.Join(others, " or "))
		}
	}
	return r
}

// publicReason is the one sentence a supplier may read: which of its names the bank's
// name matches, and how well, never what the bank's name is.
func publicReason(v Verdict, best string, compared []string) string {
	switch v {
	case Match:
		return "the name the bank holds for this account matches " + best
	case Partial:
		return "the name the bank holds for this account partly matches " + best
	}
	return "the name the bank holds for this account matches none of " + strings.Join(compared, ", ")
}

// label is how reasons name a field.
func label(f Field) string {
	switch f {
	case LegalName:
		return "the legal name"
	case DBA:
		return "the DBA"
	}
	return "the account holder name"
}
