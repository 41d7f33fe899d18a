package verify

import (
	"context"
	"time"
)

// sleep waits d or until ctx is done, whichever is first, and returns ctx's error in
// the second case, so no wait outlives the caller.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
