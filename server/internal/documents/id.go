package documents

import (
	"fmt"
	"strings"
)

// MaxIDLen bounds a blob id, well above db.NewID's ("doc_" and 26 characters).
const MaxIDLen = 64

// ValidID checks a blob id: 3 to MaxIDLen of a–z, 0–9 and '_', starting with a letter
// or digit, and at least two characters after its last '_'. Ids become file names, so the
// alphabet leaves no room for "..", separators, dot files or case-folding clashes; the
// two characters after the last '_' pick the shard directory. Errors wrap ErrInvalidID
// and do not quote the id, which may be anything.
func ValidID(id string) error {
	if len(id) < 3 || len(id) > MaxIDLen {
		return fmt.Errorf("blob id of %d bytes: %w", len(id), ErrInvalidID)
	}
	if id[0] == '_' {
		return fmt.Errorf("blob id starts with '_': %w", ErrInvalidID)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return fmt.Errorf("blob id has a byte outside [a-z0-9_] at %d: %w", i, ErrInvalidID)
		}
	}
	if len(shardOf(id)) < 2 {
		return fmt.Errorf("blob id has fewer than two characters after its last '_': %w", ErrInvalidID)
	}
	return nil
}

// shardOf returns the random part of an id: what follows its last '_' (db.NewID ids are
// "<prefix>_<random>"), or the whole id when it has none.
func shardOf(id string) string {
	return id[strings.LastIndexByte(id, '_')+1:]
}
