package identity

import (
	"context"
	"fmt"
)

// LookupAccount is Lookup plus the session's account, for the HTTP edge's every request.
// It reads the session, then the user's session generation, account version and cached
// account in one MGet: two kv round trips and, on a warm cache, no SQL. users must cache
// in the same kv as s (Store.CacheAccounts); without a cache the account comes from the
// database.
func (s *Sessions) LookupAccount(ctx context.Context, token string, users *Store) (Session, Account, error) {
	hash, err := hashOf(token)
	if err != nil {
		return Session{}, Account{}, err
	}
	sess, err := s.loadUnchecked(ctx, hash)
	if err != nil {
		return Session{}, Account{}, err
	}
	uid := sess.UserID
	keys := []string{generationKey(uid)}
	if users.cache != nil {
		keys = append(keys, accountVersionKey(uid), accountKey(uid))
	}
	vals, err := s.kv.MGet(ctx, keys...)
	if err != nil {
		return Session{}, Account{}, fmt.Errorf("load session state: %w", err)
	}
	gen, err := parseGeneration(uid, vals[0])
	if err != nil {
		return Session{}, Account{}, err
	}
	if sess, err = s.checkGeneration(ctx, hash, sess, gen); err != nil {
		return Session{}, Account{}, err
	}
	var acct Account
	if users.cache != nil {
		acct, err = users.cachedAccountOf(ctx, uid, vals[1], vals[2])
	} else {
		acct, err = users.Account(ctx, uid)
	}
	if err != nil {
		return Session{}, Account{}, err
	}
	if sess, err = s.touch(ctx, hash, sess); err != nil {
		return Session{}, Account{}, err
	}
	return sess, acct, nil
}
