package ownermatch

// jaroWinkler returns the Jaro-Winkler similarity of a and b, 0 (nothing in common) to
// 1 (equal), with the usual prefix scale 0.1 over at most four runes.
//
// screening has an exported JaroWinkler, but screening is a service with a store and
// an audit trail; a pure comparison should not pull those in for forty lines.
func jaroWinkler(a, b []rune) float64 {
	j := jaro(a, b)
	if j == 0 {
		return 0
	}
	prefix := 0
	for prefix < 4 && prefix < len(a) && prefix < len(b) && a[prefix] == b[prefix] {
		prefix++
	}
	return j + float64(prefix)*0.1*(1-j)
}

// jaro is the plain Jaro similarity: matching runes within a window of half the longer
// length, less half the transpositions among them.
func jaro(a, b []rune) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(max(la, lb)/2-1, 0)
	ma, mb := make([]bool, la), make([]bool, lb)
	matches := 0
	for i := range la {
		for k := max(0, i-window); k < min(lb, i+window+1); k++ {
			if !mb[k] && a[i] == b[k] {
				ma[i], mb[k] = true, true
				matches++
				break
			}
		}
	}
	if matches == 0 {
		return 0
	}
	half, k := 0, 0
	for i := range la {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			half++
		}
		k++
	}
	m := float64(matches)
	return (m/float64(la) + m/float64(lb) + (m-float64(half/2))/m) / 3
}
