package ownermatch_test

import (
	"testing"
	"unicode"

	om "github.com/vouchhq/vouch/server/internal/banking/ownermatch"
)

// FuzzCompare checks the properties every comparison keeps: no panic, a score within
// 0–100 that agrees with the verdict, symmetry of Score, a name always matching
// itself, and an extra candidate never lowering the result.
func FuzzCompare(f *testing.F) {
	for _, s := range [][2]string{
		{"ACME WIDGETS LLC", "Acme Widgets"},
		{"JOHN Q DOE", "Doe, John"},
		{"JOHN DOE DBA DOE PLUMBING", "Doe Plumbing L.L.C."},
		{"MÜLLER & SÖHNE GMBH", "the muller and sohne"},
		{"", "Acme"},
		{"ACME", ""},
		{"\xff\xfe", "a b c"},
		{"ʼ", "ʼ"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		r := om.Compare(a, om.Candidates{LegalName: b})
		if r.Score < 0 || r.Score > 100 {
			t.Fatalf("score %d out of range for %q vs %q", r.Score, a, b)
		}
		if r.Verdict != om.Unknown && r.Verdict != om.VerdictFor(r.Score) {
			t.Fatalf("verdict %s disagrees with score %d", r.Verdict, r.Score)
		}
		if len(r.Reasons) == 0 || len(r.PublicReasons) == 0 {
			t.Fatalf("no reason for %q vs %q: %+v", a, b, r)
		}
		if ab, ba := om.Score(a, b), om.Score(b, a); ab != ba {
			t.Fatalf("Score(%q, %q) = %d but Score(%q, %q) = %d", a, b, ab, b, a, ba)
		}
		if om.Normalize(a) != "" || hasASCIILetter(a) {
			self := om.Compare(a, om.Candidates{LegalName: a})
			if self.Verdict != om.Match || self.Score != 100 || self.Against != om.LegalName {
				t.Fatalf("%q against itself: %+v", a, self)
			}
		}
		more := om.Compare(a, om.Candidates{LegalName: b, DBA: a, HolderName: b})
		if more.Score < r.Score {
			t.Fatalf("adding candidates lowered the score from %d to %d", r.Score, more.Score)
		}
	})
}

func hasASCIILetter(s string) bool {
	for _, r := range s {
		if r < unicode.MaxASCII && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
