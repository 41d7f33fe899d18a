package ownermatch_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	om "github.com/vouchhq/vouch/server/internal/banking/ownermatch"
)

func TestCompare(t *testing.T) {
	t.Parallel()
	legal := func(s string) om.Candidates { return om.Candidates{LegalName: s} }
	tests := []struct {
		name     string
		owner    string
		cands    om.Candidates
		verdict  om.Verdict
		against  om.Field
		min, max int    // score bounds, inclusive
		reason   string // a substring of one of the reasons
	}{
		// Suffixes.
		{"same name", "ACME WIDGETS LLC", legal("Acme Widgets LLC"), om.Match, om.LegalName, 100, 100, "matches the legal name exactly"},
		{"suffix on one side", "ACME WIDGETS LLC", legal("Acme Widgets"), om.Match, om.LegalName, 100, 100, "after removing the suffix LLC"},
		{"spelt-out suffix", "ACME WIDGETS INCORPORATED", legal("Acme Widgets, Inc."), om.Match, om.LegalName, 100, 100, "once case, accents and punctuation"},
		{"dotted suffix", "ACME WIDGETS L.L.C.", legal("Acme Widgets LLC"), om.Match, om.LegalName, 100, 100, "exactly"},
		{"different legal forms", "ACME WIDGETS LLC", legal("Acme Widgets Inc"), om.Match, om.LegalName, 100, 100, "the legal forms differ: the bank has LLC, the legal name has INC"},
		{"stacked suffixes", "ACME CO INC", legal("Acme"), om.Match, om.LegalName, 100, 100, "removing the suffixes CO and INC"},
		{"foreign suffix", "MÜLLER MASCHINENBAU GMBH", legal("Muller Maschinenbau"), om.Match, om.LegalName, 100, 100, "suffix GMBH"},
		// & and AND, THE.
		{"ampersand", "BOLT & NUT LLC", legal("Bolt and Nut LLC"), om.Match, om.LegalName, 100, 100, "exactly"},
		{"the", "THE ACME COMPANY", legal("Acme Co"), om.Match, om.LegalName, 100, 100, "ignoring THE"},
		{"missing and", "BOLT NUT SUPPLY", legal("Bolt & Nut Supply"), om.Match, om.LegalName, 90, 99, "nearly matches"},
		// Abbreviations.
		{"intl mfg", "ACME INTL MFG CORP", legal("Acme International Manufacturing Corporation"), om.Match, om.LegalName, 100, 100, "reading INTL as INTERNATIONAL and reading MFG as MANUFACTURING"},
		{"bros svcs", "SMITH BROS SVCS", legal("Smith Brothers Services"), om.Match, om.LegalName, 100, 100, "reading BROS as BROTHERS"},
		{"natl tech assoc", "NATL TECH ASSOC", legal("National Technology Associates"), om.Match, om.LegalName, 100, 100, "reading NATL as NATIONAL"},
		// Word order and spacing.
		{"person reordered", "DOE JOHN", legal("John Doe"), om.Match, om.LegalName, 97, 97, "same words as the legal name in a different order"},
		{"comma order", "DOE, JOHN", legal("John Doe"), om.Match, om.LegalName, 97, 97, "different order"},
		{"run together", "WAL MART STORES", legal("Walmart Stores"), om.Match, om.LegalName, 95, 95, "when spaces are ignored"},
		{"initials run together", "A B C SUPPLY", legal("ABC Supply"), om.Match, om.LegalName, 95, 95, "spaces are ignored"},
		// Typos.
		{"transposed letters", "ACME WIDGTES", legal("Acme Widgets"), om.Match, om.LegalName, 90, 99, "reads 'WIDGTES' as 'WIDGETS'"},
		{"wrong letter", "ACME WIDGITS", legal("Acme Widgets"), om.Match, om.LegalName, 90, 99, "likely typo"},
		{"typo in a short word", "ACNE WIDGETS", legal("Acme Widgets"), om.Partial, om.LegalName, 70, 89, "reads 'ACNE' as 'ACME'"},
		// Persons (sole proprietors).
		{"middle initial at the bank", "JOHN Q DOE", legal("John Doe"), om.Match, om.LegalName, 90, 99, "the bank also has 'Q'"},
		{"middle initial typed", "JOHN DOE", legal("John Q. Doe"), om.Match, om.LegalName, 90, 99, "the legal name also has 'Q'"},
		{"different middle initials", "JOHN R DOE", legal("John Q Doe"), om.Partial, om.LegalName, 70, 89, "only 'JOHN' and 'DOE' are shared"},
		{"first name as initial", "J DOE", legal("John Doe"), om.Partial, om.LegalName, 70, 89, "reads 'J' as the initial of 'JOHN'"},
		{"another first name", "JOAN DOE", legal("John Doe"), om.Partial, om.LegalName, 70, 89, "only 'DOE' is shared"},
		{"surname only", "SMITH", legal("John Smith"), om.Partial, om.LegalName, 70, 89, "only 'SMITH' is shared"},
		{"owner dba business", "JOHN DOE DBA DOE PLUMBING", legal("Doe Plumbing LLC"), om.Match, om.LegalName, 100, 100, "the part of the bank's name after DBA"},
		{"owner dba person", "JOHN DOE DBA DOE PLUMBING", legal("John Doe"), om.Match, om.LegalName, 100, 100, "before DBA"},
		// Partial names.
		{"bank truncated", "ACME", legal("Acme Widgets"), om.Partial, om.LegalName, 70, 89, "only 'ACME' is shared with the legal name"},
		{"extra generic word", "ACME HOLDINGS", legal("Acme"), om.Partial, om.LegalName, 70, 89, "the bank also has 'HOLDINGS'"},
		// Different names.
		{"completely different", "JOHN DOE HOLDINGS LLC", legal("Bolt and Nut LLC"), om.NoMatch, om.LegalName, 0, 0, "the bank has JOHN DOE HOLDINGS LLC, unlike the legal name BOLT AND NUT LLC"},
		{"only a generic word shared", "ACME SUPPLY", legal("Zeta Supply"), om.NoMatch, om.LegalName, 0, 69, "only 'SUPPLY' is shared"},
		{"different person", "JANE ROE", legal("John Doe"), om.NoMatch, om.LegalName, 0, 0, "unlike the legal name JOHN DOE"},
		// Candidates.
		{"dba wins", "ACME WIDGETS", om.Candidates{LegalName: "Johnson Industrial Holdings LLC", DBA: "Acme Widgets"}, om.Match, om.DBA, 100, 100, "matches the DBA exactly"},
		{"legal name wins ties", "ACME", om.Candidates{LegalName: "Acme LLC", DBA: "Acme", HolderName: "ACME"}, om.Match, om.LegalName, 100, 100, "suffix LLC"},
		{"holder name only", "JANE ROE", om.Candidates{LegalName: "Acme LLC", HolderName: "Jane Roe"}, om.Match, om.HolderName, 100, 100, "the holder name the supplier typed matches better than the legal name"},
		{"holder name when alone", "JANE ROE", om.Candidates{HolderName: "Jane Roe"}, om.Match, om.HolderName, 100, 100, "matches the account holder name exactly"},
		// Empty inputs.
		{"no owner", "", legal("Acme"), om.Unknown, "", 0, 0, "the bank returned no owner name"},
		{"blank owner", "   ", legal("Acme"), om.Unknown, "", 0, 0, "no owner name"},
		{"owner without letters", "***", legal("Acme"), om.Unknown, "", 0, 0, "no letters or digits"},
		{"no candidates", "ACME", om.Candidates{}, om.Unknown, "", 0, 0, "no legal name, DBA or holder name"},
		{"blank candidates", "ACME", om.Candidates{LegalName: " ", DBA: "--"}, om.Unknown, "", 0, 0, "no legal name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := om.Compare(tt.owner, tt.cands)
			assert.Equal(t, tt.verdict, r.Verdict, "verdict, %+v", r)
			assert.Equal(t, tt.against, r.Against, "against, %+v", r)
			assert.GreaterOrEqual(t, r.Score, tt.min, "score, %+v", r)
			assert.LessOrEqual(t, r.Score, tt.max, "score, %+v", r)
			assert.True(t, hasReason(r, tt.reason), "reason %q not in %q", tt.reason, r.Reasons)
			assert.NotEmpty(t, r.PublicReasons)
			for _, word := range strings.Fields(om.Normalize(tt.owner)) {
				if len(word) < 3 || r.Verdict == om.Match {
					continue
				}
				for _, p := range r.PublicReasons {
					assert.NotContains(t, strings.ToUpper(p), word, "public reasons never quote the owner of record")
				}
			}
		})
	}
}

// TestPublicReasons keeps the bank's owner name from the person who typed the account
// number, whatever the verdict.
func TestPublicReasons(t *testing.T) {
	t.Parallel()
	r := om.Compare("JOHN DOE HOLDINGS LLC", om.Candidates{LegalName: "Bolt and Nut LLC", HolderName: "Bolt & Nut"})
	assert.Equal(t, []string{"the name the bank holds for this account matches none of the legal name, the account holder name"}, r.PublicReasons)
	r = om.Compare("ACME", om.Candidates{LegalName: "Acme Widgets"})
	assert.Equal(t, []string{"the name the bank holds for this account partly matches the legal name"}, r.PublicReasons)
	r = om.Compare("ACME WIDGETS LLC", om.Candidates{DBA: "Acme Widgets"})
	assert.Equal(t, []string{"the name the bank holds for this account matches the DBA"}, r.PublicReasons)
	r = om.Compare("", om.Candidates{DBA: "Acme Widgets"})
	assert.Equal(t, r.Reasons, r.PublicReasons)
}

func hasReason(r om.Result, sub string) bool {
	for _, s := range r.Reasons {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestVerdictFor(t *testing.T) {
	t.Parallel()
	for score, want := range map[int]om.Verdict{
		100: om.Match, 90: om.Match, 89: om.Partial, 70: om.Partial, 69: om.NoMatch, 0: om.NoMatch,
	} {
		assert.Equal(t, want, om.VerdictFor(score), "score %d", score)
	}
}

// TestScoreSymmetric checks by example what FuzzCompare checks at random.
func TestScoreSymmetric(t *testing.T) {
	t.Parallel()
	names := []string{"John Q Doe", "DOE JOHN", "Acme Widgets", "ACME", "Acne Widgits Intl", "Bolt & Nut", "J DOE", "aa aa a", "a aa aa"}
	for _, a := range names {
		for _, b := range names {
			assert.Equal(t, om.Score(a, b), om.Score(b, a), "%q vs %q", a, b)
		}
	}
}

// TestLongInput keeps a hostile provider answer cheap and bounded.
func TestLongInput(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("ACME WIDGETS ", 10_000)
	r := om.Compare(long, om.Candidates{LegalName: long})
	assert.Equal(t, om.Match, r.Verdict)
	r = om.Compare(long, om.Candidates{LegalName: "Acme Widgets"})
	assert.NotEqual(t, om.Unknown, r.Verdict)
}
