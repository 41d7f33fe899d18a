package ownermatch

import (
	"cmp"
	"slices"
	"strings"

	"github.com/vouchhq/vouch/server/internal/platform/textsim"
)

// Scores of the comparisons that need no fuzzy matching. Only equal words earn 100;
// the same words reordered ("DOE JOHN", as many banks hold persons) or run together
// ("WAL MART") are still a match, a little below.
const (
	scoreEqual     = 100
	scoreReordered = 97
	scoreJoined    = 95
	maxFuzzy       = 99
)

// Token similarity. Below pairThreshold two words are different words; above it they
// earn their similarity squared, so a one-letter slip in a long word ("WIDGTES") stays
// a match while one in a short first name ("JOHN"/"JOAN") falls to partial.
const (
	pairThreshold = 0.85
	initialSim    = pairThreshold // "J" against "JOHN": likely, far from certain
	strongSim     = 0.9           // a word this close counts as present for the subset rule
)

// Word weights: a name is mostly its distinctive words.
const (
	weightWord      = 1.0
	weightGeneric   = 0.5
	weightInitial   = 0.3
	weightConnector = 0.2
)

// subsetFloor is the least score of a name whose words all appear in the other
// ("ACME" and "ACME WIDGETS"): maybe truncated by the bank, worth a review.
const subsetFloor = 70

// kind says how two parts were found alike.
type kind int

const (
	kindNone kind = iota
	kindFuzzy
	kindJoined
	kindReordered
	kindEqual
)

// pair is two aligned words, a from the first part (at index i) and b from the second.
type pair struct {
	a, b string
	i    int
	sim  float64
}

// comparison is the score of two parts and what explains it.
type comparison struct {
	score        int
	kind         kind
	pairs        []pair   // aligned words, in the order of the first part (fuzzy only)
	onlyA, onlyB []string // words left without a partner, connectors aside (fuzzy only)
}

// Score returns how alike two names are, from 0 to 100, with the normalisation and
// scoring of Compare. It is symmetric: Score(a, b) == Score(b, a).
func Score(a, b string) int {
	return bestOf(parseName(a), parseName(b)).cmp.score
}

// best is the strongest comparison between two names and the parts that gave it.
type best struct {
	cmp  comparison
	a, b int // indexes of the parts compared
}

// bestOf compares every part of a with every part of b; the earliest pair wins ties.
func bestOf(a, b name) best {
	out := best{cmp: comparison{kind: kindNone}, a: -1, b: -1}
	for i, pa := range a.parts {
		for j, pb := range b.parts {
			c := compareParts(pa, pb)
			if out.a < 0 || c.score > out.cmp.score {
				out = best{cmp: c, a: i, b: j}
			}
		}
	}
	return out
}

// compareParts scores two parts.
func compareParts(a, b part) comparison {
	if len(a.tokens) == 0 || len(b.tokens) == 0 {
		return comparison{}
	}
	if slices.Equal(a.tokens, b.tokens) {
		return comparison{score: scoreEqual, kind: kindEqual}
	}
	if sameWords(a.tokens, b.tokens) {
		return comparison{score: scoreReordered, kind: kindReordered}
	}
	c := fuzzy(a.tokens, b.tokens)
	if c.score < scoreJoined && strings.Join(a.tokens, "") == strings.Join(b.tokens, "") {
		return comparison{score: scoreJoined, kind: kindJoined}
	}
	return c
}

// sameWords reports whether a and b hold the same words, counted, in any order.
func sameWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	sa, sb := slices.Clone(a), slices.Clone(b)
	slices.Sort(sa)
	slices.Sort(sb)
	return slices.Equal(sa, sb)
}

// fuzzy aligns the words of a and b, strongest pairs first, and scores the weight they
// cover: a Dice coefficient where each pair counts its similarity squared.
//
// The greedy alignment is ordered by similarity, then by the words themselves (never
// by position), so swapping a and b picks the same pairs and gives the same score.
func fuzzy(a, b []string) comparison {
	ra, rb := runesOf(a), runesOf(b)
	type cand struct {
		i, j int
		sim  float64
		lo   string
		hi   string
	}
	var cands []cand
	for i := range a {
		for j := range b {
			s := tokenSim(a[i], b[j], ra[i], rb[j])
			if s < pairThreshold {
				continue
			}
			lo, hi := min(a[i], b[j]), max(a[i], b[j])
			cands = append(cands, cand{i, j, s, lo, hi})
		}
	}
	slices.SortStableFunc(cands, func(x, y cand) int {
		return cmp.Or(cmp.Compare(y.sim, x.sim), strings.Compare(x.lo, y.lo), strings.Compare(x.hi, y.hi))
	})
	usedA, usedB := make([]bool, len(a)), make([]bool, len(b))
	c := comparison{kind: kindFuzzy}
	var covered float64
	for _, k := range cands {
		if usedA[k.i] || usedB[k.j] {
			continue
		}
		usedA[k.i], usedB[k.j] = true, true
		c.pairs = append(c.pairs, pair{a: a[k.i], b: b[k.j], i: k.i, sim: k.sim})
		covered += k.sim * k.sim * (weight(a[k.i]) + weight(b[k.j]))
	}
	total := totalWeight(a) + totalWeight(b)
	c.onlyA, c.onlyB = unused(a, usedA), unused(b, usedB)
	// Reasons list pairs in the order of the first name's words; the score is summed.
	slices.SortFunc(c.pairs, func(x, y pair) int { return cmp.Compare(x.i, y.i) })
	dice := covered / total
	c.score = min(maxFuzzy, int(dice*100+0.5))
	if len(c.pairs) == 0 {
		c.kind = kindNone
		return c
	}
	if (allCovered(a, usedA) || allCovered(b, usedB)) && hasStrongDistinctive(c.pairs) {
		c.score = max(c.score, subsetFloor+int(dice*10+0.5))
	}
	return c
}

// tokenSim is the similarity of two words, the same whichever comes first. A lone
// letter is an initial: it matches a word starting with it, and nothing else.
func tokenSim(a, b string, ra, rb []rune) float64 {
	switch {
	case a == b:
		return 1
	case len(ra) == 1 || len(rb) == 1:
		if len(ra) > 0 && len(rb) > 0 && ra[0] == rb[0] {
			return initialSim
		}
		return 0
	case a < b:
		return textsim.JaroWinkler(string(ra), string(rb))
	default:
		return textsim.JaroWinkler(string(rb), string(ra))
	}
}

// weight is how much a word says about who a name is.
func weight(t string) float64 {
	switch {
	case connectors[t]:
		return weightConnector
	case generic[t]:
		return weightGeneric
	case isInitial(t):
		return weightInitial
	}
	return weightWord
}

func isInitial(t string) bool {
	r := []rune(t)
	return len(r) == 1
}

func totalWeight(toks []string) float64 {
	var w float64
	for _, t := range toks {
		w += weight(t)
	}
	return w
}

func runesOf(toks []string) [][]rune {
	out := make([][]rune, len(toks))
	for i, t := range toks {
		out[i] = []rune(t)
	}
	return out
}

func unused(toks []string, used []bool) []string {
	var out []string
	for i, t := range toks {
		if !used[i] && !connectors[t] {
			out = append(out, t)
		}
	}
	return out
}

// allCovered reports whether every word of toks that names something (not a
// connector, not an initial) found a partner.
func allCovered(toks []string, used []bool) bool {
	for i, t := range toks {
		if !used[i] && weight(t) >= weightGeneric {
			return false
		}
	}
	return true
}

// hasStrongDistinctive reports whether some pair is a close match on a word that is
// neither generic nor an initial: sharing only "SERVICES" proves nothing.
func hasStrongDistinctive(pairs []pair) bool {
	for _, p := range pairs {
		if p.sim >= strongSim && weight(p.a) == weightWord && weight(p.b) == weightWord {
			return true
		}
	}
	return false
}
