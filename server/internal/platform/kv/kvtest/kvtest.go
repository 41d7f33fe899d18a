// Package kvtest is the contract of kv.Store as one test suite. Every backend runs it
// (kv's own tests run it on Memory always and on Redis when configured), so the code
// above kv can rely on the same behaviour whichever backend a deployment picks.
//
// The suite is written for a loaded machine under -race: TTLs are short but every
// "has expired" check polls with a generous deadline, and every "has not expired yet"
// check allows for the test having been descheduled.
package kvtest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Timing of the suite.
const (
	shortTTL = 100 * time.Millisecond // a ttl meant to run out during the test
	wait     = 5 * time.Second        // how long to wait for something that must happen
	tick     = 10 * time.Millisecond  // how often to look
	workers  = 20                     // goroutines racing in the concurrency tests
)

// Run runs the contract against fresh stores from newStore, one per subtest. newStore
// must return an empty store (or an isolated namespace of one) and close it when t ends;
// Close may also be called by the suite, so it must be idempotent.
func Run(t *testing.T, newStore func(t *testing.T) kv.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s kv.Store)
	}{
		{"get missing", testGetMissing},
		{"set and get", testSetGet},
		{"values are copies", testValuesAreCopies},
		{"mget", testMGet},
		{"ttl expiry", testTTLExpiry},
		{"negative ttl is invalid", testNegativeTTL},
		{"setnx", testSetNX},
		{"setnx under concurrency", testSetNXConcurrent},
		{"getdel", testGetDel},
		{"getdel is single use under concurrency", testGetDelConcurrent},
		{"delete", testDelete},
		{"expire", testExpire},
		{"incr", testIncr},
		{"incr under concurrency", testIncrConcurrent},
		{"incr ttl only at creation", testIncrTTL},
		{"incr on a non-integer", testIncrNotInteger},
		{"allow burst then deny", testAllowBurst},
		{"allow burst above rate", testAllowBurstAboveRate},
		{"allow keys are independent", testAllowIndependent},
		{"allow recovers after the interval", testAllowRecovers},
		{"allow under concurrency", testAllowConcurrent},
		{"allow rejects invalid limits", testAllowInvalid},
		{"pubsub fan-out in order", testPubSubFanOut},
		{"pubsub without subscribers", testPubSubNoSubscribers},
		{"pubsub close", testPubSubClose},
		{"pubsub context end", testPubSubContext},
		{"pubsub slow subscriber drops and counts", testPubSubSlow},
		{"sets", testSets},
		{"sets under concurrency", testSetsConcurrent},
		{"ping", testPing},
		{"closed store", testClosedStore},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t, newStore(t))
		})
	}
}

func testGetMissing(t *testing.T, s kv.Store) {
	_, err := s.Get(t.Context(), "nope")
	require.ErrorIs(t, err, errs.ErrNotFound)
}

func testSetGet(t *testing.T, s kv.Store) {
	ctx := t.Context()
	require.NoError(t, s.Set(ctx, "k", []byte("v1"), 0))
	got, err := s.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, []byte("v1"), got)

	require.NoError(t, s.Set(ctx, "k", []byte("v2"), 0), "overwrite")
	got, err = s.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, []byte("v2"), got)

	bin := []byte{0, 1, 2, 0xff, '\n', 0}
	require.NoError(t, s.Set(ctx, "bin", bin, 0))
	got, err = s.Get(ctx, "bin")
	require.NoError(t, err)
	assert.Equal(t, bin, got, "binary values round-trip")

	require.NoError(t, s.Set(ctx, "empty", []byte{}, 0))
	got, err = s.Get(ctx, "empty")
	require.NoError(t, err, "an empty value is a value, not a missing key")
	assert.Empty(t, got)

	require.NoError(t, s.Set(ctx, "session:{odd} key/with spaces", []byte("x"), 0))
	got, err = s.Get(ctx, "session:{odd} key/with spaces")
	require.NoError(t, err)
	assert.Equal(t, []byte("x"), got)
}

func testMGet(t *testing.T, s kv.Store) {
	ctx := t.Context()
	require.NoError(t, s.Set(ctx, "a", []byte("1"), 0))
	require.NoError(t, s.Set(ctx, "c", []byte{}, 0))
	require.NoError(t, s.Set(ctx, "gone", []byte("x"), time.Millisecond))
	time.Sleep(5 * time.Millisecond)
	got, err := s.MGet(ctx, "a", "b", "c", "gone", "a")
	require.NoError(t, err)
	require.Len(t, got, 5, "one entry per key, in order")
	assert.Equal(t, []byte("1"), got[0])
	assert.Nil(t, got[1], "a missing key is nil")
	assert.NotNil(t, got[2], "an empty value is a value")
	assert.Empty(t, got[2])
	assert.Nil(t, got[3], "an expired key is nil")
	assert.Equal(t, []byte("1"), got[4])

	got[0][0] = 'X'
	again, err := s.MGet(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, []byte("1"), again[0], "values are copies")

	none, err := s.MGet(ctx)
	require.NoError(t, err)
	assert.Empty(t, none)
}

func testValuesAreCopies(t *testing.T, s kv.Store) {
	ctx := t.Context()
	in := []byte("abc")
	require.NoError(t, s.Set(ctx, "k", in, 0))
	in[0] = 'X'
	got, err := s.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, []byte("abc"), got, "changing the slice given to Set changes nothing")
	got[1] = 'Y'
	again, err := s.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, []byte("abc"), again, "changing a slice from Get changes nothing")
}

func testTTLExpiry(t *testing.T, s kv.Store) {
	ctx := t.Context()
	start := time.Now()
	require.NoError(t, s.Set(ctx, "short", []byte("v"), shortTTL))
	require.NoError(t, s.Set(ctx, "forever", []byte("v"), 0))
	require.NoError(t, s.Set(ctx, "replaced", []byte("v"), shortTTL))
	require.NoError(t, s.Set(ctx, "replaced", []byte("v2"), 0), "Set replaces the ttl too")

	_, err := s.Get(ctx, "short")
	if err != nil {
		require.ErrorIs(t, err, errs.ErrNotFound)
		require.GreaterOrEqual(t, time.Since(start), shortTTL, "expired before its ttl")
	}
	waitNotFound(t, s, "short")
	assert.GreaterOrEqual(t, time.Since(start), shortTTL, "expired before its ttl")

	_, err = s.Get(ctx, "forever")
	require.NoError(t, err, "ttl 0 never expires")
	got, err := s.Get(ctx, "replaced")
	require.NoError(t, err, "the ttl of a replaced value is gone")
	assert.Equal(t, []byte("v2"), got)
}

func testNegativeTTL(t *testing.T, s kv.Store) {
	ctx := t.Context()
	require.ErrorIs(t, s.Set(ctx, "k", []byte("v"), -time.Second), errs.ErrInvalid)
	_, err := s.SetNX(ctx, "k", []byte("v"), -time.Second)
	require.ErrorIs(t, err, errs.ErrInvalid)
	_, err = s.Incr(ctx, "k", 1, -time.Second)
	require.ErrorIs(t, err, errs.ErrInvalid)
	_, err = s.Expire(ctx, "k", -time.Second)
	require.ErrorIs(t, err, errs.ErrInvalid)
	_, err = s.Get(ctx, "k")
	require.ErrorIs(t, err, errs.ErrNotFound, "nothing was written")
}

func testSetNX(t *testing.T, s kv.Store) {
	ctx := t.Context()
	ok, err := s.SetNX(ctx, "k", []byte("first"), 0)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = s.SetNX(ctx, "k", []byte("second"), 0)
	require.NoError(t, err)
	assert.False(t, ok)
	got, err := s.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, []byte("first"), got, "a failed SetNX leaves the value")

	ok, err = s.SetNX(ctx, "lease", []byte("a"), shortTTL)
	require.NoError(t, err)
	require.True(t, ok)
	require.Eventually(t, func() bool {
		ok, err := s.SetNX(ctx, "lease", []byte("b"), 0)
		require.NoError(t, err)
		return ok
	}, wait, tick, "SetNX succeeds again once the key has expired")
	got, err = s.Get(ctx, "lease")
	require.NoError(t, err)
	assert.Equal(t, []byte("b"), got)
}

func testSetNXConcurrent(t *testing.T, s kv.Store) {
	ctx := t.Context()
	var c tally
	race(t, func(i int) error {
		return c.add(s.SetNX(ctx, "lock", []byte(strconv.Itoa(i)), time.Minute))
	})
	assert.Equal(t, 1, c.yes, "exactly one SetNX wins")
	assert.Equal(t, workers-1, c.no)
}

func testGetDel(t *testing.T, s kv.Store) {
	ctx := t.Context()
	_, err := s.GetDel(ctx, "missing")
	require.ErrorIs(t, err, errs.ErrNotFound)

	require.NoError(t, s.Set(ctx, "challenge", []byte("c1"), time.Minute))
	got, err := s.GetDel(ctx, "challenge")
	require.NoError(t, err)
	assert.Equal(t, []byte("c1"), got)
	_, err = s.GetDel(ctx, "challenge")
	require.ErrorIs(t, err, errs.ErrNotFound, "taken once")
	_, err = s.Get(ctx, "challenge")
	require.ErrorIs(t, err, errs.ErrNotFound)

	require.NoError(t, s.Set(ctx, "stale", []byte("c2"), shortTTL))
	waitNotFound(t, s, "stale")
	_, err = s.GetDel(ctx, "stale")
	require.ErrorIs(t, err, errs.ErrNotFound, "an expired value cannot be taken")
}

func testGetDelConcurrent(t *testing.T, s kv.Store) {
	ctx := t.Context()
	require.NoError(t, s.Set(ctx, "ceremony", []byte("state"), time.Minute))
	var mu sync.Mutex
	var taken [][]byte
	notFound := 0
	race(t, func(int) error {
		v, err := s.GetDel(ctx, "ceremony")
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err == nil:
			taken = append(taken, v)
		case errors.Is(err, errs.ErrNotFound):
			notFound++
		default:
			return err
		}
		return nil
	})
	require.Len(t, taken, 1, "exactly one GetDel takes the value")
	assert.Equal(t, []byte("state"), taken[0])
	assert.Equal(t, workers-1, notFound)
}

func testDelete(t *testing.T, s kv.Store) {
	ctx := t.Context()
	for _, k := range []string{"a", "b", "c"} {
		require.NoError(t, s.Set(ctx, k, []byte(k), 0))
	}
	require.NoError(t, s.Delete(ctx, "a", "b", "missing"), "missing keys are no error")
	require.NoError(t, s.Delete(ctx), "no keys is a no-op")
	for _, k := range []string{"a", "b"} {
		_, err := s.Get(ctx, k)
		require.ErrorIs(t, err, errs.ErrNotFound, k)
	}
	_, err := s.Get(ctx, "c")
	require.NoError(t, err, "other keys stay")
}

func testExpire(t *testing.T, s kv.Store) {
	ctx := t.Context()
	ok, err := s.Expire(ctx, "missing", time.Minute)
	require.NoError(t, err)
	assert.False(t, ok, "a missing key reports false")

	require.NoError(t, s.Set(ctx, "k", []byte("v"), 0))
	ok, err = s.Expire(ctx, "k", shortTTL)
	require.NoError(t, err)
	assert.True(t, ok)
	waitNotFound(t, s, "k")
	ok, err = s.Expire(ctx, "k", time.Minute)
	require.NoError(t, err)
	assert.False(t, ok, "an expired key is missing")

	// A sliding session: extending keeps the key past its first ttl.
	require.NoError(t, s.Set(ctx, "session", []byte("v"), shortTTL))
	ok, err = s.Expire(ctx, "session", time.Minute)
	require.NoError(t, err)
	if ok { // false only if the test was descheduled past shortTTL
		time.Sleep(2 * shortTTL)
		_, err = s.Get(ctx, "session")
		require.NoError(t, err, "Expire extended the ttl")
	}

	// Expire with ttl 0 removes the expiry.
	require.NoError(t, s.Set(ctx, "persist", []byte("v"), shortTTL))
	ok, err = s.Expire(ctx, "persist", 0)
	require.NoError(t, err)
	if ok {
		time.Sleep(2 * shortTTL)
		_, err = s.Get(ctx, "persist")
		require.NoError(t, err, "Expire(0) removed the ttl")
	}
	require.NoError(t, s.Set(ctx, "plain", []byte("v"), 0))
	ok, err = s.Expire(ctx, "plain", 0)
	require.NoError(t, err)
	assert.True(t, ok, "Expire(0) on a key without ttl reports that it exists")
}

func testIncr(t *testing.T, s kv.Store) {
	ctx := t.Context()
	n, err := s.Incr(ctx, "n", 1, 0)
	require.NoError(t, err)
	assert.Equal(t, int64(1), n, "a missing key counts from 0")
	n, err = s.Incr(ctx, "n", 5, 0)
	require.NoError(t, err)
	assert.Equal(t, int64(6), n)
	n, err = s.Incr(ctx, "n", -10, 0)
	require.NoError(t, err)
	assert.Equal(t, int64(-4), n)
	got, err := s.Get(ctx, "n")
	require.NoError(t, err)
	assert.Equal(t, []byte("-4"), got, "counters read back as decimal text")

	require.NoError(t, s.Set(ctx, "preset", []byte("41"), 0))
	n, err = s.Incr(ctx, "preset", 1, 0)
	require.NoError(t, err)
	assert.Equal(t, int64(42), n, "Incr continues a decimal value written by Set")
}

func testIncrConcurrent(t *testing.T, s kv.Store) {
	ctx := t.Context()
	const each = 25
	race(t, func(int) error {
		for range each {
			if _, err := s.Incr(ctx, "hits", 1, time.Minute); err != nil {
				return err
			}
		}
		return nil
	})
	got, err := s.Get(ctx, "hits")
	require.NoError(t, err)
	assert.Equal(t, strconv.Itoa(workers*each), string(got), "no increment is lost")
}

func testIncrTTL(t *testing.T, s kv.Store) {
	ctx := t.Context()
	created := time.Now()
	n, err := s.Incr(ctx, "window", 1, shortTTL)
	require.NoError(t, err)
	require.Equal(t, int64(1), n)
	// Later increments name a long ttl. Were it applied, the key would outlive the test;
	// since only the first ttl counts, the key expires and an Incr starts a new window
	// at 1, soon after shortTTL.
	require.Eventually(t, func() bool {
		n, err := s.Incr(ctx, "window", 1, time.Hour)
		require.NoError(t, err)
		return n == 1
	}, wait, tick, "the ttl of the first Incr holds; later ones do not extend it")
	assert.GreaterOrEqual(t, time.Since(created), shortTTL, "the window ended before its ttl")

	// A key created without ttl does not gain one from a later Incr.
	require.NoError(t, s.Set(ctx, "kept", []byte("5"), 0))
	n, err = s.Incr(ctx, "kept", 1, shortTTL)
	require.NoError(t, err)
	assert.Equal(t, int64(6), n)
	time.Sleep(2 * shortTTL)
	got, err := s.Get(ctx, "kept")
	require.NoError(t, err, "Incr on an existing key set no ttl")
	assert.Equal(t, []byte("6"), got)
}

func testIncrNotInteger(t *testing.T, s kv.Store) {
	ctx := t.Context()
	require.NoError(t, s.Set(ctx, "text", []byte("hello"), 0))
	_, err := s.Incr(ctx, "text", 1, 0)
	require.ErrorIs(t, err, errs.ErrConflict)
	got, err := s.Get(ctx, "text")
	require.NoError(t, err)
	assert.Equal(t, []byte("hello"), got, "the value is left alone")

	require.NoError(t, s.Set(ctx, "big", []byte("9223372036854775807"), 0))
	_, err = s.Incr(ctx, "big", 1, 0)
	require.ErrorIs(t, err, errs.ErrConflict, "overflow")
}

func testAllowBurst(t *testing.T, s kv.Store) {
	ctx := t.Context()
	lim := kv.Limit{Rate: 3, Period: time.Minute} // Burst 0 => 3; one event per 20s
	for i, wantRemaining := range []int{2, 1, 0} {
		d, err := s.Allow(ctx, "login:1.2.3.4", lim)
		require.NoError(t, err)
		require.True(t, d.Allowed, "event %d of the burst", i+1)
		assert.Equal(t, wantRemaining, d.Remaining, "event %d", i+1)
		assert.Zero(t, d.RetryAfter, "allowed events need no wait")
		assertAbout(t, time.Duration(i+1)*20*time.Second, d.ResetAfter, "ResetAfter of event %d", i+1)
	}
	for range 2 { // a denied event is not counted, so a second denial says the same
		d, err := s.Allow(ctx, "login:1.2.3.4", lim)
		require.NoError(t, err)
		assert.False(t, d.Allowed, "the event after the burst")
		assert.Zero(t, d.Remaining)
		assertAbout(t, 20*time.Second, d.RetryAfter, "RetryAfter is one emission interval")
		assertAbout(t, time.Minute, d.ResetAfter, "ResetAfter is the whole period")
	}
}

func testAllowBurstAboveRate(t *testing.T, s kv.Store) {
	ctx := t.Context()
	lim := kv.Limit{Rate: 1, Period: time.Hour, Burst: 5}
	for i := range 5 {
		d, err := s.Allow(ctx, "k", lim)
		require.NoError(t, err)
		require.True(t, d.Allowed, "event %d", i+1)
		assert.Equal(t, 4-i, d.Remaining)
	}
	d, err := s.Allow(ctx, "k", lim)
	require.NoError(t, err)
	assert.False(t, d.Allowed)
	assertAbout(t, time.Hour, d.RetryAfter, "RetryAfter")
}

func testAllowIndependent(t *testing.T, s kv.Store) {
	ctx := t.Context()
	lim := kv.Limit{Rate: 2, Period: time.Hour}
	for range 2 {
		d, err := s.Allow(ctx, "a", lim)
		require.NoError(t, err)
		require.True(t, d.Allowed)
	}
	d, err := s.Allow(ctx, "a", lim)
	require.NoError(t, err)
	require.False(t, d.Allowed, "a is exhausted")
	d, err = s.Allow(ctx, "b", lim)
	require.NoError(t, err)
	assert.True(t, d.Allowed, "b has its own limit")
	assert.Equal(t, 1, d.Remaining)

	// Limiter state is apart from values: a value under the same key is untouched.
	require.NoError(t, s.Set(ctx, "a", []byte("value"), 0))
	got, err := s.Get(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, []byte("value"), got)
	d, err = s.Allow(ctx, "a", lim)
	require.NoError(t, err)
	assert.False(t, d.Allowed, "Set on the same name did not reset the limiter")
}

func testAllowRecovers(t *testing.T, s kv.Store) {
	ctx := t.Context()
	const interval = 200 * time.Millisecond
	lim := kv.Limit{Rate: 1, Period: interval, Burst: 1}
	first := time.Now()
	d, err := s.Allow(ctx, "k", lim)
	require.NoError(t, err)
	require.True(t, d.Allowed)
	d, err = s.Allow(ctx, "k", lim)
	require.NoError(t, err)
	if d.Allowed {
		// Only possible if the test was descheduled for a whole interval.
		require.GreaterOrEqual(t, time.Since(first), interval*3/4, "allowed again too early")
	} else {
		assert.Positive(t, d.RetryAfter)
		assert.LessOrEqual(t, d.RetryAfter, interval)
		time.Sleep(d.RetryAfter)
		require.Eventually(t, func() bool {
			d, err := s.Allow(ctx, "k", lim)
			require.NoError(t, err)
			return d.Allowed
		}, wait, tick, "allowed again after RetryAfter")
	}
}

func testAllowConcurrent(t *testing.T, s kv.Store) {
	ctx := t.Context()
	lim := kv.Limit{Rate: 7, Period: time.Hour}
	var c tally
	race(t, func(int) error {
		d, err := s.Allow(ctx, "shared", lim)
		return c.add(d.Allowed, err)
	})
	assert.Equal(t, 7, c.yes, "exactly the burst is allowed")
	assert.Equal(t, workers-7, c.no)
}

func testAllowInvalid(t *testing.T, s kv.Store) {
	ctx := t.Context()
	for _, lim := range []kv.Limit{
		{},
		{Rate: 0, Period: time.Second},
		{Rate: 1, Period: 0},
		{Rate: -1, Period: time.Second},
		{Rate: 1, Period: time.Second, Burst: -1},
		{Rate: 1 << 30, Period: time.Millisecond}, // finer than a microsecond
	} {
		_, err := s.Allow(ctx, "k", lim)
		require.ErrorIs(t, err, errs.ErrInvalid, "%+v", lim)
	}
}

func testPubSubFanOut(t *testing.T, s kv.Store) {
	ctx := t.Context()
	a := subscribe(t, s, "alerts")
	b := subscribe(t, s, "alerts")
	other := subscribe(t, s, "other")

	// No wait between Subscribe and Publish: a subscription is live when it returns.
	const n = 20
	for i := range n {
		require.NoError(t, s.Publish(ctx, "alerts", []byte("m"+strconv.Itoa(i))))
	}
	for name, sub := range map[string]kv.Subscription{"a": a, "b": b} {
		for i := range n {
			assert.Equal(t, "m"+strconv.Itoa(i), string(receive(t, sub)), "subscriber %s, message %d", name, i)
		}
	}
	// If "other" had received anything from "alerts", it would come before this marker.
	require.NoError(t, s.Publish(ctx, "other", []byte("marker")))
	assert.Equal(t, "marker", string(receive(t, other)), "a subscriber of another channel gets nothing else")

	// Each subscriber has its own copy of a message.
	require.NoError(t, s.Publish(ctx, "alerts", []byte("shared")))
	ma := receive(t, a)
	ma[0] = 'X'
	assert.Equal(t, "shared", string(receive(t, b)))
	assert.Zero(t, a.Dropped()+b.Dropped()+other.Dropped())
}

func testPubSubNoSubscribers(t *testing.T, s kv.Store) {
	require.NoError(t, s.Publish(t.Context(), "nobody", []byte("x")))
}

func testPubSubClose(t *testing.T, s kv.Store) {
	ctx := t.Context()
	gone := subscribe(t, s, "ch")
	stays := subscribe(t, s, "ch")
	require.NoError(t, gone.Close())
	requireClosed(t, gone)
	require.NoError(t, gone.Close(), "Close is idempotent")

	require.NoError(t, s.Publish(ctx, "ch", []byte("after")), "publishing past a closed subscriber is fine")
	assert.Equal(t, "after", string(receive(t, stays)))

	again := subscribe(t, s, "ch")
	require.NoError(t, s.Publish(ctx, "ch", []byte("again")))
	assert.Equal(t, "again", string(receive(t, again)), "a channel can be subscribed again")
	assert.Equal(t, "again", string(receive(t, stays)))
}

func testPubSubContext(t *testing.T, s kv.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	sub, err := s.Subscribe(ctx, "ch")
	require.NoError(t, err)
	t.Cleanup(func() { _ = sub.Close() })
	require.NoError(t, s.Publish(t.Context(), "ch", []byte("before")))
	assert.Equal(t, "before", string(receive(t, sub)))
	cancel()
	requireClosed(t, sub)
	require.NoError(t, sub.Close(), "Close after the context ended is fine")

	done, stop := context.WithCancel(t.Context())
	stop()
	if sub, err := s.Subscribe(done, "ch"); err == nil {
		requireClosed(t, sub) // or refused outright: both end at once
	}
}

func testPubSubSlow(t *testing.T, s kv.Store) {
	ctx := t.Context()
	slow := subscribe(t, s, "burst")
	fast := subscribe(t, s, "burst")
	const extra, chunk = 10, 32
	total := kv.SubscriptionBuffer + extra

	// The fast reader keeps up; it is paced in chunks, since a tight publishing loop
	// would outrun any reader's buffer.
	var fastGot []string
	var fastMu sync.Mutex
	go func() {
		for m := range fast.C() {
			fastMu.Lock()
			fastGot = append(fastGot, string(m))
			fastMu.Unlock()
		}
	}()
	fastCount := func() int {
		fastMu.Lock()
		defer fastMu.Unlock()
		return len(fastGot)
	}
	// The slow reader reads nothing; the publisher never waits for it.
	for i := range total {
		require.NoError(t, s.Publish(ctx, "burst", []byte(strconv.Itoa(i))))
		if (i+1)%chunk == 0 || i+1 == total {
			require.Eventually(t, func() bool { return fastCount() == i+1 }, wait, tick,
				"the fast subscriber keeps up (%d of %d)", fastCount(), i+1)
		}
	}
	require.Eventually(t, func() bool { return slow.Dropped() == extra }, wait, tick,
		"the messages past the buffer are dropped and counted (dropped %d)", slow.Dropped())
	for i := range kv.SubscriptionBuffer {
		require.Equal(t, strconv.Itoa(i), string(receive(t, slow)), "the buffered messages arrive in order")
	}
	want := make([]string, total)
	for i := range want {
		want[i] = strconv.Itoa(i)
	}
	fastMu.Lock()
	assert.Equal(t, want, fastGot, "the fast subscriber got every message in order")
	fastMu.Unlock()
	assert.Zero(t, fast.Dropped())
}

func testPing(t *testing.T, s kv.Store) {
	require.NoError(t, s.Ping(t.Context()))
}

func testClosedStore(t *testing.T, s kv.Store) {
	ctx := t.Context()
	require.NoError(t, s.Set(ctx, "k", []byte("v"), 0))
	sub := subscribe(t, s, "ch")
	require.NoError(t, s.Close())
	requireClosed(t, sub)
	require.NoError(t, s.Close(), "Close is idempotent")

	require.ErrorIs(t, s.Ping(ctx), errs.ErrUnavailable)
	_, err := s.Get(ctx, "k")
	require.ErrorIs(t, err, errs.ErrUnavailable)
	_, err = s.MGet(ctx, "k", "j")
	require.ErrorIs(t, err, errs.ErrUnavailable)
	require.ErrorIs(t, s.Set(ctx, "k", []byte("v"), 0), errs.ErrUnavailable)
	_, err = s.Allow(ctx, "k", kv.Limit{Rate: 1, Period: time.Second})
	require.ErrorIs(t, err, errs.ErrUnavailable)
	require.ErrorIs(t, s.Publish(ctx, "ch", []byte("x")), errs.ErrUnavailable)
	_, err = s.Subscribe(ctx, "ch")
	require.ErrorIs(t, err, errs.ErrUnavailable)
	require.NoError(t, sub.Close(), "closing a subscription of a closed store is fine")
}

// waitNotFound polls until key reads as missing.
func waitNotFound(t *testing.T, s kv.Store, key string) {
	t.Helper()
	require.Eventually(t, func() bool {
		_, err := s.Get(t.Context(), key)
		if err == nil {
			return false
		}
		require.ErrorIs(t, err, errs.ErrNotFound)
		return true
	}, wait, tick, "key %q should expire", key)
}

// race runs fn on workers goroutines released at the same moment and fails the test on
// any error.
func race(t *testing.T, fn func(i int) error) {
	t.Helper()
	start := make(chan struct{})
	errc := make(chan error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Go(func() {
			<-start
			errc <- fn(i)
		})
	}
	close(start)
	wg.Wait()
	close(errc)
	for err := range errc {
		require.NoError(t, err)
	}
}

// tally counts the boolean outcomes of the goroutines of race.
type tally struct {
	mu      sync.Mutex
	yes, no int
}

// add counts ok, or passes err on.
func (c *tally) add(ok bool, err error) error {
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if ok {
		c.yes++
	} else {
		c.no++
	}
	return nil
}

// subscribe subscribes and closes the subscription when the test ends.
func subscribe(t *testing.T, s kv.Store, channel string) kv.Subscription {
	t.Helper()
	sub, err := s.Subscribe(t.Context(), channel)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sub.Close() })
	return sub
}

// receive returns the next message, failing the test if none comes in time.
func receive(t *testing.T, sub kv.Subscription) []byte {
	t.Helper()
	select {
	case m, ok := <-sub.C():
		require.True(t, ok, "subscription closed early")
		return m
	case <-time.After(wait):
		t.Fatal("no message arrived")
		return nil
	}
}

// requireClosed drains sub until its channel closes, failing the test if it does not.
func requireClosed(t *testing.T, sub kv.Subscription) {
	t.Helper()
	deadline := time.After(wait)
	for {
		select {
		case _, ok := <-sub.C():
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("subscription channel was not closed")
		}
	}
}

// assertAbout checks a duration computed from "now" inside the backend: at most want,
// and less only by the time a slow test machine may take between calls.
func assertAbout(t *testing.T, want, got time.Duration, msg string, args ...any) {
	t.Helper()
	const slack = 2 * time.Second
	what := fmt.Sprintf(msg, args...)
	assert.LessOrEqual(t, got, want, what)
	assert.Greater(t, got, want-slack, what)
}

func testSets(t *testing.T, s kv.Store) {
	ctx := t.Context()
	got, err := s.SMembers(ctx, "set")
	require.NoError(t, err)
	assert.Empty(t, got, "a missing set is empty")

	require.NoError(t, s.SAdd(ctx, "set", time.Minute, "a", "b"))
	require.NoError(t, s.SAdd(ctx, "set", time.Minute, "b", "c"))
	got, err = s.SMembers(ctx, "set")
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"a", "b", "c"}, got)

	require.NoError(t, s.SRem(ctx, "set", "b", "nope"))
	got, err = s.SMembers(ctx, "set")
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{"a", "c"}, got)

	require.NoError(t, s.Delete(ctx, "set"))
	got, err = s.SMembers(ctx, "set")
	require.NoError(t, err)
	assert.Empty(t, got)

	require.NoError(t, s.SAdd(ctx, "short", 80*time.Millisecond, "x"))
	require.Eventually(t, func() bool {
		got, err := s.SMembers(ctx, "short")
		return err == nil && len(got) == 0
	}, 5*time.Second, 20*time.Millisecond, "a set expires with its ttl")
	assert.ErrorIs(t, s.SAdd(ctx, "neg", -time.Second, "x"), errs.ErrInvalid)
}

func testSetsConcurrent(t *testing.T, s kv.Store) {
	ctx := t.Context()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			assert.NoError(t, s.SAdd(ctx, "many", time.Minute, fmt.Sprint(i)))
		}()
	}
	wg.Wait()
	got, err := s.SMembers(ctx, "many")
	require.NoError(t, err)
	assert.Len(t, got, 20)
}
