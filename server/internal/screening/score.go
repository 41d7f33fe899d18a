package screening

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/vouchhq/vouch/server/internal/platform/textsim"
)

// Scoring weights, tuned on the OFAC corpus (decision record 0021).
const (
	// pairFloor is the token similarity under which two tokens count as unrelated: below
	// it, Jaro-Winkler mostly measures shared letters, not a shared name.
	pairFloor = 0.90
	// typePenalty multiplies the score when the query says person and the entry is an
	// organisation, or the other way round. Mild on purpose: sole proprietors trade under
	// their own names.
	typePenalty = 0.90
)

// tokenPair is one query token matched to one list-name token.
type tokenPair struct {
	q, c int
	sim  float64
}

// tokenSim is the similarity of two tokens as scoring counts it: Jaro-Winkler, or 0 under
// pairFloor.
func tokenSim(a, b string) float64 {
	s := textsim.JaroWinkler(a, b)
	if s < pairFloor {
		return 0
	}
	return s
}

// assign scores query tokens against list-name tokens given their similarities (sims is
// len(qLens) rows of len(cLens)): the best one-to-one token pairing (greedy on
// similarity), each side's coverage weighted by token length, then the mean of both
// coverages. Word order does not matter; a missing or extra word costs in proportion to
// its length.
func assign(qLens, cLens []int, sims []float64, pairs []tokenPair) (float64, []tokenPair) {
	pairs = pairs[:0]
	nq, nc := len(qLens), len(cLens)
	if nq == 0 || nc == 0 {
		return 0, pairs
	}
	var usedQStack, usedCStack [64]bool
	var usedQ, usedC []bool
	if nq > 64 || nc > 64 {
		usedQ, usedC = make([]bool, nq), make([]bool, nc)
	} else {
		usedQ, usedC = usedQStack[:nq], usedCStack[:nc]
	}
	for range min(nq, nc) {
		best, bi, bj := 0.0, -1, -1
		for i := range nq {
			if usedQ[i] {
				continue
			}
			row := sims[i*nc : (i+1)*nc]
			for j, s := range row {
				if !usedC[j] && s > best {
					best, bi, bj = s, i, j
				}
			}
		}
		if bi < 0 {
			break
		}
		usedQ[bi], usedC[bj] = true, true
		pairs = append(pairs, tokenPair{q: bi, c: bj, sim: best})
	}
	var qHit, qAll, cHit, cAll float64
	for _, l := range qLens {
		qAll += float64(l)
	}
	for _, l := range cLens {
		cAll += float64(l)
	}
	for _, p := range pairs {
		qHit += float64(qLens[p.q]) * p.sim
		cHit += float64(cLens[p.c]) * p.sim
	}
	return (qHit/qAll + cHit/cAll) / 2, pairs
}

// match scores two token lists directly (no index): for explanations and tests.
func match(q, c []string) (float64, []tokenPair) {
	sims := make([]float64, 0, len(q)*len(c))
	for _, qt := range q {
		for _, ct := range c {
			sims = append(sims, tokenSim(qt, ct))
		}
	}
	return assign(runeLens(q), runeLens(c), sims, nil)
}

func runeLens(toks []string) []int {
	out := make([]int, len(toks))
	for i, t := range toks {
		out[i] = utf8.RuneCountInString(t)
	}
	return out
}

// typeFactor is the multiplier for screening a subject of type want against an entry of
// type got, and the reason when it is not 1.
func typeFactor(want, got EntityType) (float64, string) {
	if want == Unknown || want.person() == got.person() {
		return 1, ""
	}
	return typePenalty, fmt.Sprintf("type differs: screened as %s, entry is %s (score × %.1f)", want, got, typePenalty)
}

// explain describes a scored match in words, for the hit's reasons.
func explain(q, c []string, pairs []tokenPair) []string {
	var out []string
	usedQ := make([]bool, len(q))
	usedC := make([]bool, len(c))
	var same, near []string
	for _, p := range pairs {
		usedQ[p.q], usedC[p.c] = true, true
		if p.sim == 1 {
			same = append(same, q[p.q])
		} else {
			near = append(near, fmt.Sprintf("%q ≈ %q (%.2f)", q[p.q], c[p.c], p.sim))
		}
	}
	if len(same) > 0 {
		out = append(out, "same words: "+strings.Join(same, ", "))
	}
	if len(near) > 0 {
		out = append(out, "similar words: "+strings.Join(near, ", "))
	}
	if miss := unused(q, usedQ); miss != "" {
		out = append(out, "query words not in the list name: "+miss)
	}
	if miss := unused(c, usedC); miss != "" {
		out = append(out, "list-name words not in the query: "+miss)
	}
	return out
}

func unused(toks []string, used []bool) string {
	var out []string
	for i, t := range toks {
		if !used[i] {
			out = append(out, t)
		}
	}
	return strings.Join(out, ", ")
}
