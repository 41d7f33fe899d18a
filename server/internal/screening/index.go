package screening

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Index answers queries against one list version. It is immutable once built, so any
// number of readers share it without locks; a new version gets a new Index.
//
// Candidate generation works on the vocabulary, not on names: a query token is compared
// (Jaro-Winkler) only with the distinct list tokens sharing a block key with it (see
// blockKeys), and only names containing a token that came close are scored, from the
// similarities already computed. A query thus costs a few hundred token comparisons, not
// one per name on the list.
type Index struct {
	version Version
	source  string
	entries []Entry
	names   []indexedName
	vocab   []string // distinct tokens
	vlen    []int    // rune length of each vocab token
	// blocks maps a block key to the vocab tokens having it.
	blocks map[string][]int32
	// tokenNames maps a vocab token to the names containing it.
	tokenNames [][]int32
	scratch    sync.Pool // *scratch
}

// indexedName is one primary or alternate name of an entry, normalised.
type indexedName struct {
	entry  int32
	alt    int32 // index in the entry's AltNames, or -1 for the primary name
	tokens []int32
}

// scratch is per-query working memory, pooled so a busy index does not allocate per query.
type scratch struct {
	seen   []uint32 // seen[name] == epoch: already a candidate this query
	vseen  []uint32 // vseen[token] == epoch: already compared with the current query token
	epoch  uint32
	cands  []int32
	keys   []string
	sims   []map[int32]float64 // per query token: vocab token → similarity (≥ pairFloor)
	matrix []float64
	pairs  []tokenPair
	qLens  []int
	cLens  []int
}

// NewIndex builds the index of a parsed list at a version.
func NewIndex(list List, v Version) *Index {
	ix := &Index{version: v, source: list.Source, entries: list.Entries, blocks: make(map[string][]int32, 1<<15)}
	vocabID := make(map[string]int32, 1<<15)
	var keys []string
	add := func(entry, alt int, name string) {
		toks := Normalize(name)
		if len(toks) == 0 {
			return
		}
		id := int32(len(ix.names))
		n := indexedName{entry: int32(entry), alt: int32(alt), tokens: make([]int32, len(toks))}
		for i, t := range toks {
			tid, ok := vocabID[t]
			if !ok {
				tid = int32(len(ix.vocab))
				vocabID[t] = tid
				ix.vocab = append(ix.vocab, t)
				ix.vlen = append(ix.vlen, utf8.RuneCountInString(t))
				ix.tokenNames = append(ix.tokenNames, nil)
				keys = blockKeys(t, keys[:0])
				for _, k := range keys {
					ix.blocks[k] = append(ix.blocks[k], tid)
				}
			}
			n.tokens[i] = tid
			if tn := ix.tokenNames[tid]; len(tn) == 0 || tn[len(tn)-1] != id {
				ix.tokenNames[tid] = append(tn, id)
			}
		}
		ix.names = append(ix.names, n)
	}
	for i, e := range list.Entries {
		add(i, -1, e.Name)
		for j, a := range e.AltNames {
			add(i, j, a.Name)
		}
	}
	ix.scratch.New = func() any {
		return &scratch{seen: make([]uint32, len(ix.names)), vseen: make([]uint32, len(ix.vocab))}
	}
	return ix
}

// Version is the list version the index was built from.
func (ix *Index) Version() Version { return ix.version }

// Len is the number of entries.
func (ix *Index) Len() int { return len(ix.entries) }

// Names is the number of indexed names, primary and alternate.
func (ix *Index) Names() int { return len(ix.names) }

// scored is the best name of one entry during a query.
type scored struct {
	name  int32
	score float64
}

// nextEpoch starts a new round of marks in sc.
func (sc *scratch) nextEpoch() uint32 {
	sc.epoch++
	if sc.epoch == 0 { // wrapped: forget every mark
		clear(sc.seen)
		clear(sc.vseen)
		sc.epoch = 1
	}
	return sc.epoch
}

// Search scores the subject against the names sharing a close token with it and returns
// the entries scoring at least the subject's minimum, best first, each explained.
func (ix *Index) Search(s Subject) []Hit {
	minScore, limit := s.MinScore, s.Limit
	if minScore <= 0 {
		minScore = DefaultMinScore
	}
	if limit <= 0 {
		limit = DefaultLimit
	}
	q := Normalize(s.Name)
	if len(q) == 0 || len(q) > 64 {
		return []Hit{}
	}
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)
	for len(sc.sims) < len(q) {
		sc.sims = append(sc.sims, map[int32]float64{})
	}
	sc.qLens = sc.qLens[:0]
	// 1. Each query token against the vocabulary tokens in its blocks.
	for i, t := range q {
		sc.qLens = append(sc.qLens, utf8.RuneCountInString(t))
		m := sc.sims[i]
		clear(m)
		ep := sc.nextEpoch()
		sc.keys = blockKeys(t, sc.keys[:0])
		for _, k := range sc.keys {
			for _, tid := range ix.blocks[k] {
				if sc.vseen[tid] == ep {
					continue
				}
				sc.vseen[tid] = ep
				if sim := tokenSim(t, ix.vocab[tid]); sim > 0 {
					m[tid] = sim
				}
			}
		}
	}
	// 2. The names containing a close token are the candidates.
	ep := sc.nextEpoch()
	sc.cands = sc.cands[:0]
	for i := range q {
		for tid := range sc.sims[i] {
			for _, id := range ix.tokenNames[tid] {
				if sc.seen[id] != ep {
					sc.seen[id] = ep
					sc.cands = append(sc.cands, id)
				}
			}
		}
	}
	// 3. Score each candidate from the similarities at hand. Scores are compared before
	// rounding so that 84.6 is not reported at min_score 85.
	floor := float64(minScore) - 0.5
	best := map[int32]scored{}
	for _, id := range sc.cands {
		n := &ix.names[id]
		sc.matrix, sc.cLens = sc.matrix[:0], sc.cLens[:0]
		for _, tid := range n.tokens {
			sc.cLens = append(sc.cLens, ix.vlen[tid])
		}
		for i := range q {
			for _, tid := range n.tokens {
				sc.matrix = append(sc.matrix, sc.sims[i][tid])
			}
		}
		var raw float64
		raw, sc.pairs = assign(sc.qLens, sc.cLens, sc.matrix, sc.pairs)
		f, _ := typeFactor(s.Type, ix.entries[n.entry].Type)
		score := raw * f * 100
		if score < floor {
			continue
		}
		if b, ok := best[n.entry]; !ok || score > b.score {
			best[n.entry] = scored{name: id, score: score}
		}
	}
	// Only the hits returned are explained: explanations allocate.
	top := make([]scored, 0, len(best))
	for _, b := range best {
		top = append(top, b)
	}
	slices.SortFunc(top, func(a, b scored) int {
		if a.score != b.score {
			if a.score > b.score {
				return -1
			}
			return 1
		}
		return strings.Compare(ix.entries[ix.names[a.name].entry].ID, ix.entries[ix.names[b.name].entry].ID)
	})
	if len(top) > limit {
		top = top[:limit]
	}
	hits := make([]Hit, 0, len(top))
	for _, b := range top {
		hits = append(hits, ix.hit(q, s.Type, b))
	}
	return hits
}

// hit explains the best name of one entry.
func (ix *Index) hit(q []string, want EntityType, b scored) Hit {
	n := ix.names[b.name]
	e := ix.entries[n.entry]
	matched, reasons := e.Name, []string{"matched the primary name"}
	if n.alt >= 0 {
		a := e.AltNames[n.alt]
		matched = a.Name
		kind := a.Kind
		if kind == "" {
			kind = "aka"
		}
		reasons = []string{"matched an alternate name (" + kind + ")"}
	}
	toks := make([]string, len(n.tokens))
	for i, tid := range n.tokens {
		toks[i] = ix.vocab[tid]
	}
	_, pairs := match(q, toks)
	reasons = append(reasons, explain(q, toks, pairs)...)
	if _, why := typeFactor(want, e.Type); why != "" {
		reasons = append(reasons, why)
	}
	return Hit{
		List: ix.source, EntityID: e.ID, Name: e.Name, Score: int(math.Round(b.score)),
		MatchedName: matched, Type: e.Type, Programs: e.Programs, Reasons: reasons, EntryHash: entryHash(e),
	}
}

// entryHash is the hex SHA-256 of an entry's JSON form (only hits pay for it).
func entryHash(e Entry) string {
	b, _ := json.Marshal(e) // an Entry holds only strings and slices of them
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
