package identity

import (
	"context"
	"fmt"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// LookupAccount is Lookup plus the session's account, for the HTTP edge's every request.
// It reads the session, the user's session generation, account version and cached
// account in one MGet (the token names the user): one kv round trip and, on a warm
// cache, no SQL. Tokens issued before the id was part of them take two round trips. users must cache
// in the same kv as s (Store.CacheAccounts); without a cache the account comes from the
// database.
func (s *Sessions) LookupAccount(ctx context.Context, token string, users *Store) (Session, Account, error) {
	hash, err := hashOf(token)
	if err != nil {
		return Session{}, Account{}, err
	}
	uid, _ := splitToken(token)
	var sess Session
	var vals [][]byte
	if uid != "" {
		// One round trip: the session and its user's state, by the id the token names.
		if vals, err = s.kv.MGet(ctx, append([]string{hashKey(hash)}, s.userKeys(uid, users)...)...); err != nil {
			return Session{}, Account{}, fmt.Errorf("load session: %w", err)
		}
		if sess, err = s.decodeLive(ctx, hash, vals[0]); err != nil {
			return Session{}, Account{}, err
		}
		if sess.UserID != uid {
			return Session{}, Account{}, fmt.Errorf("session of another user: %w", errs.ErrUnauthenticated)
		}
		vals = vals[1:]
	} else {
		// A token from before ids were added: the session first, then its user's state.
		if sess, err = s.loadUnchecked(ctx, hash); err != nil {
			return Session{}, Account{}, err
		}
		uid = sess.UserID
		if vals, err = s.kv.MGet(ctx, s.userKeys(uid, users)...); err != nil {
			return Session{}, Account{}, fmt.Errorf("load session state: %w", err)
		}
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

// userKeys are the kv keys of a user's session generation and, with a cache, account
// version and cached account, in the order LookupAccount reads them.
func (s *Sessions) userKeys(uid string, users *Store) []string {
	keys := []string{generationKey(uid)}
	if users.cache != nil {
		keys = append(keys, accountVersionKey(uid), accountKey(uid))
	}
	return keys
}
