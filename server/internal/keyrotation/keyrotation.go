// Package keyrotation brings every sealed value under the key ring's current key, in
// batches, after a new key was put first in VOUCH_KEYS (`vouch keys rotate`). Each domain
// package that seals values offers a Field; the run is resumable because a Field picks
// only values still sealed with an older key, and idempotent because resealing a value
// already under the current key changes nothing.
package keyrotation

import (
	"context"
	"fmt"
)

// Field is one kind of sealed value (TINs, account numbers, documents).
type Field interface {
	// Name names the field in progress output.
	Name() string
	// Remaining counts the values still sealed with an older key.
	Remaining(ctx context.Context) (int, error)
	// ResealBatch re-encrypts up to n of them under the current key and returns how many
	// it handled; 0 means the field is done.
	ResealBatch(ctx context.Context, n int) (int, error)
}

// Progress is told after every batch: the field, values done so far and the total.
type Progress func(field string, done, total int)

// Result counts what a run resealed, per field.
type Result map[string]int

// Run reseals every field in turn, batch values at a time, until none is left.
func Run(ctx context.Context, fields []Field, batch int, progress Progress) (Result, error) {
	if batch <= 0 {
		batch = 500
	}
	out := Result{}
	for _, f := range fields {
		total, err := f.Remaining(ctx)
		if err != nil {
			return out, fmt.Errorf("rotate %s: %w", f.Name(), err)
		}
		done := 0
		if progress != nil {
			progress(f.Name(), 0, total)
		}
		for done < total {
			n, err := f.ResealBatch(ctx, batch)
			if err != nil {
				return out, fmt.Errorf("rotate %s after %d of %d: %w", f.Name(), done, total, err)
			}
			if n == 0 {
				break
			}
			done += n
			out[f.Name()] = done
			if progress != nil {
				progress(f.Name(), min(done, total), total)
			}
		}
	}
	return out, nil
}
