package identity

import (
	"context"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Lockout policy (Keycloak's "temporary lockout", made safe against one attacker):
//   - failed passwords count per account over a 15-minute window;
//   - one address adds at most perAddressCap failures to that count, so no single address
//     can lock anybody out: it takes several (a distributed guess, exactly what lockout is
//     for), and one address alone is held by the sign-in rate limits instead;
//   - at lockThreshold failures the account is locked for a wait that doubles with each
//     lockout in a day (1, 2, 4, … minutes, at most 30), never for ever: support can
//     unlock at once.
const (
	lockWindow    = 15 * time.Minute
	lockThreshold = 5
	perAddressCap = 3
	firstLockWait = time.Minute
	maxLockWait   = 30 * time.Minute
	lockMemory    = 24 * time.Hour
)

// LockedError says an account is locked and until when.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string { return "account_locked: until " + e.Until.Format(time.RFC3339) }

// Unwrap makes it an errs.Coded of kind ErrLocked for the edge.
func (e *LockedError) Unwrap() error {
	return &errs.Coded{Kind: errs.ErrLocked, Code: "account_locked",
		Detail: "Too many failed sign-ins. This account is locked for a while; try again later or ask support to unlock it."}
}

// lockout counts failures in kv and locks accounts in the database.
type lockout struct {
	kv  kv.Store
	now func() time.Time
}

// failed records a failed password from addr and returns the new lock end, if this
// failure locks the account.
func (l *lockout) failed(ctx context.Context, userID, addr string) (time.Time, error) {
	if l.kv == nil { // command-line use: nobody signs in there
		return time.Time{}, nil
	}
	perAddr, err := l.kv.Incr(ctx, "lockfail:"+userID+":"+addr, 1, lockWindow)
	if err != nil {
		return time.Time{}, fmt.Errorf("count failed sign-in: %w", err)
	}
	if perAddr > perAddressCap {
		return time.Time{}, nil
	}
	total, err := l.kv.Incr(ctx, "lockfail:"+userID, 1, lockWindow)
	if err != nil {
		return time.Time{}, fmt.Errorf("count failed sign-in: %w", err)
	}
	if total < lockThreshold {
		return time.Time{}, nil
	}
	n, err := l.kv.Incr(ctx, "lockcount:"+userID, 1, lockMemory)
	if err != nil {
		return time.Time{}, fmt.Errorf("count lockouts: %w", err)
	}
	wait := firstLockWait << min(n-1, 10)
	wait = min(wait, maxLockWait)
	// A fresh count starts after the lock, so the next lock needs new failures.
	if err := l.kv.Delete(ctx, "lockfail:"+userID); err != nil {
		return time.Time{}, fmt.Errorf("reset failed sign-ins: %w", err)
	}
	return l.now().Add(wait).UTC(), nil
}

// succeeded forgets the failures of an account after a good sign-in.
func (l *lockout) succeeded(ctx context.Context, userID string) error {
	if l.kv == nil { // command-line use: nobody signs in there
		return nil
	}
	if err := l.kv.Delete(ctx, "lockfail:"+userID); err != nil {
		return fmt.Errorf("reset failed sign-ins: %w", err)
	}
	return nil
}

// clear forgets failures and the lockout history (support unlocked the account).
func (l *lockout) clear(ctx context.Context, userID string) error {
	if l.kv == nil { // command-line use: nobody signs in there
		return nil
	}
	if err := l.kv.Delete(ctx, "lockfail:"+userID, "lockcount:"+userID); err != nil {
		return fmt.Errorf("clear lockout: %w", err)
	}
	return nil
}
