package identity

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// The account cache keeps each user's Account in kv beside a version counter, so every
// signed-in request reads its session, the session generation and the account in two kv
// round trips and no SQL (decision 0020). Every Store write that changes what an Account
// holds bumps the user's version (accountsChanged), which makes the cached copy stale at
// once on every instance. A reader tags what it caches with the version it read before
// going to the database, and a writer bumps both before and after its transaction
// commits, so a reader that raced a writer caches under a version that is already gone.

// accountTTL bounds how long a cached account lives. Changes made through the Store
// take effect at once; the TTL only limits how long a change made behind its back (an
// operator's hand-written SQL, a CLI run against the embedded kv of another process)
// can go unseen.
const accountTTL = time.Minute

// cachedAccount is the kv value: the account and the version it was read under.
type cachedAccount struct {
	Version int64   `json:"v"`
	Account Account `json:"a"`
}

func accountVersionKey(userID string) string { return "uver:" + userID }
func accountKey(userID string) string        { return "uacct:" + userID }

// CacheAccounts makes the store keep accounts in kv and invalidate them on every change.
// Without it (commands that open no kv) accounts are read from the database each time.
func (s *Store) CacheAccounts(store kv.Store) *Store {
	s.cache = store
	return s
}

// accountsChanged makes the cached accounts of these users stale. It bumps their versions
// now, so a failure aborts the caller's transaction before anything is committed, and
// once more after the commit, so a reader that loaded the old rows meanwhile caches them
// under a version that no longer counts.
func (s *Store) accountsChanged(ctx context.Context, userIDs ...string) error {
	if s.cache == nil || len(userIDs) == 0 {
		return nil
	}
	bump := func(ctx context.Context) error {
		for _, id := range userIDs {
			if _, err := s.cache.Incr(ctx, accountVersionKey(id), 1, 0); err != nil {
				return fmt.Errorf("invalidate cached account of %s: %w", id, err)
			}
		}
		return nil
	}
	if err := bump(ctx); err != nil {
		return err
	}
	if s.db.InTx(ctx) {
		after := context.WithoutCancel(ctx)
		s.db.AfterCommit(ctx, func() {
			if err := bump(after); err != nil {
				// The first bump happened; what is left is a reader that raced this
				// commit, and the TTL ends that.
				slog.Default().Warn("account cache: bump after commit failed", "err", err)
			}
		})
	}
	return nil
}

// cachedAccountOf returns the account of a user from what MGet read at its version and
// cache keys (either may be nil), loading and caching it on a miss.
func (s *Store) cachedAccountOf(ctx context.Context, userID string, version, cached []byte) (Account, error) {
	ver, err := parseVersion(version)
	if err != nil {
		return Account{}, fmt.Errorf("account version of %s: %w", userID, err)
	}
	if cached != nil {
		var c cachedAccount
		if json.Unmarshal(cached, &c) == nil && c.Version == ver {
			return c.Account, nil
		}
	}
	acct, err := s.Account(ctx, userID)
	if err != nil {
		return Account{}, err
	}
	if b, err := json.Marshal(cachedAccount{Version: ver, Account: acct}); err == nil {
		// A failed write only costs the next request a database read.
		_ = s.cache.Set(ctx, accountKey(userID), b, accountTTL)
	}
	return acct, nil
}

// parseVersion reads a version counter; nil (never changed) is 0.
func parseVersion(b []byte) (int64, error) {
	if b == nil {
		return 0, nil
	}
	return strconv.ParseInt(string(b), 10, 64)
}
