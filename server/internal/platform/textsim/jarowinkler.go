package textsim

// JaroWinkler returns the Jaro-Winkler similarity of a and b, from 0 (nothing in common)
// to 1 (equal), with the usual prefix scale 0.1 over at most four characters. It compares
// runes, so names in any script work; ASCII (the common case after Normalize) avoids the
// conversion.
func JaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	if isASCII(a) && isASCII(b) {
		return jaroWinkler([]byte(a), []byte(b))
	}
	return jaroWinkler([]rune(a), []rune(b))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// maxStackLen is the longest token whose match flags fit the stack arrays.
const maxStackLen = 64

func jaroWinkler[T byte | rune](a, b []T) float64 {
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

func jaro[T byte | rune](a, b []T) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	window := max(la, lb)/2 - 1
	window = max(window, 0)
	var stackA, stackB [maxStackLen]bool
	var ma, mb []bool
	if la <= maxStackLen && lb <= maxStackLen {
		ma, mb = stackA[:la], stackB[:lb]
	} else {
		ma, mb = make([]bool, la), make([]bool, lb)
	}
	matches := 0
	for i := range la {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for k := lo; k < hi; k++ {
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
	transpositions, k := 0, 0
	for i := range la {
		if !ma[i] {
			continue
		}
		for !mb[k] {
			k++
		}
		if a[i] != b[k] {
			transpositions++
		}
		k++
	}
	m := float64(matches)
	return (m/float64(la) + m/float64(lb) + (m-float64(transpositions/2))/m) / 3
}
