package kv_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
	"github.com/vouchhq/vouch/server/internal/platform/kv/kvtest"
)

// envRedisURL names the Redis the tests may use, e.g. redis://127.0.0.1:6379/0. Each
// test works under its own random key prefix and deletes its keys afterwards.
const envRedisURL = "VOUCH_TEST_REDIS_URL"

// cleanupTimeout bounds deleting a test's keys; t.Context is already done by then.
const cleanupTimeout = 30 * time.Second

func TestMemory(t *testing.T) {
	t.Parallel()
	kvtest.Run(t, func(t *testing.T) kv.Store { return newMemory(t) })
}

func TestRedis(t *testing.T) {
	t.Parallel()
	url := redisURL(t)
	kvtest.Run(t, func(t *testing.T) kv.Store { return newRedis(t, url) })
}

// TestRedisKeysStayUnderPrefix checks that nothing the Redis store writes escapes its
// prefix, limiter state included, so deployments and tests can share one Redis.
func TestRedisKeysStayUnderPrefix(t *testing.T) {
	t.Parallel()
	url := redisURL(t)
	prefix := randomPrefix(t)
	client, _, err := kv.NewRedisClient(url)
	require.NoError(t, err)
	s := kv.NewRedis(client, prefix)
	t.Cleanup(func() { deletePrefix(t, url, prefix) })
	t.Cleanup(func() { _ = s.Close() })
	ctx := t.Context()

	require.NoError(t, s.Set(ctx, "a", []byte("1"), time.Minute))
	_, err = s.Incr(ctx, "b", 1, time.Minute)
	require.NoError(t, err)
	_, err = s.Allow(ctx, "c", kv.Limit{Rate: 1, Period: time.Minute})
	require.NoError(t, err)

	raw, _, err := kv.NewRedisClient(url)
	require.NoError(t, err)
	defer raw.Close()
	keys, err := raw.Keys(ctx, prefix+"*").Result()
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{prefix + "a", prefix + "b", prefix + "rate:c"}, keys)
}

// TestRedisUnreachableIsUnavailable checks that every operation on a Redis that does not
// answer fails with errs.ErrUnavailable, which the HTTP edge turns into 503.
func TestRedisUnreachableIsUnavailable(t *testing.T) {
	t.Parallel()
	// Port 1 refuses at once; no retries keep the test quick.
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialerRetries: 1})
	s := kv.NewRedis(client, randomPrefix(t))
	t.Cleanup(func() { _ = s.Close() })
	ctx := t.Context()

	_, err := s.Get(ctx, "k")
	assert.ErrorIs(t, err, errs.ErrUnavailable, "get")
	assert.ErrorIs(t, s.Set(ctx, "k", []byte("v"), 0), errs.ErrUnavailable, "set")
	_, err = s.Incr(ctx, "k", 1, time.Minute)
	assert.ErrorIs(t, err, errs.ErrUnavailable, "incr")
	_, err = s.Allow(ctx, "k", kv.Limit{Rate: 1, Period: time.Second})
	assert.ErrorIs(t, err, errs.ErrUnavailable, "allow")
	assert.ErrorIs(t, s.Publish(ctx, "ch", []byte("x")), errs.ErrUnavailable, "publish")
	_, err = s.Subscribe(ctx, "ch")
	assert.ErrorIs(t, err, errs.ErrUnavailable, "subscribe")
	assert.ErrorIs(t, s.Ping(ctx), errs.ErrUnavailable, "ping")
	assert.NotErrorIs(t, err, errs.ErrNotFound)
}

func BenchmarkAllow(b *testing.B) {
	lim := kv.Limit{Rate: 1_000_000, Period: time.Second} // never denies: measure the path
	forEachBackend(b, func(b *testing.B, s kv.Store) {
		ctx := b.Context()
		var i int
		for b.Loop() {
			// A handful of keys, as many client addresses would give.
			if _, err := s.Allow(ctx, "ip:"+strconv.Itoa(i%64), lim); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

func BenchmarkGetSet(b *testing.B) {
	value := make([]byte, 256) // about a serialised session
	forEachBackend(b, func(b *testing.B, s kv.Store) {
		ctx := b.Context()
		var i int
		for b.Loop() {
			k := "session:" + strconv.Itoa(i%1024)
			if err := s.Set(ctx, k, value, time.Minute); err != nil {
				b.Fatal(err)
			}
			if _, err := s.Get(ctx, k); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// forEachBackend runs a benchmark on Memory, and on Redis when envRedisURL is set.
func forEachBackend(b *testing.B, fn func(b *testing.B, s kv.Store)) {
	b.Run("memory", func(b *testing.B) { fn(b, newMemory(b)) })
	b.Run("redis", func(b *testing.B) {
		url := os.Getenv(envRedisURL)
		if url == "" {
			b.Skipf("%s is not set", envRedisURL)
		}
		fn(b, newRedis(b, url))
	})
}

// newMemory returns a Memory store closed when the test ends.
func newMemory(tb testing.TB) *kv.Memory {
	m := kv.NewMemory()
	tb.Cleanup(func() { _ = m.Close() })
	return m
}

// newRedis returns a Redis store under a fresh random prefix; when the test ends it is
// closed and every key under the prefix is deleted.
func newRedis(tb testing.TB, url string) *kv.Redis {
	tb.Helper()
	prefix := randomPrefix(tb)
	client, _, err := kv.NewRedisClient(url)
	if err != nil {
		tb.Fatalf("%s: %v", envRedisURL, err)
	}
	s := kv.NewRedis(client, prefix)
	tb.Cleanup(func() { deletePrefix(tb, url, prefix) }) // runs after Close below
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// redisURL returns envRedisURL, skipping the test when it is unset, or failing it when
// CI=true: CI must not pass by silently testing one backend.
func redisURL(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv(envRedisURL)
	if url == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("CI=true but %s is not set: CI must run the kv tests on Redis too "+
				"(e.g. %s=redis://127.0.0.1:6379/0)", envRedisURL, envRedisURL)
		}
		tb.Skipf("%s is not set; skipping the Redis run", envRedisURL)
	}
	return url
}

// randomPrefix returns a key prefix no other test uses.
func randomPrefix(tb testing.TB) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatalf("random: %v", err)
	}
	return "vouchtest:" + hex.EncodeToString(b[:]) + ":"
}

// deletePrefix deletes every key under prefix, on every master of a cluster.
func deletePrefix(tb testing.TB, url, prefix string) {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	client, _, err := kv.NewRedisClient(url)
	if err != nil {
		tb.Errorf("cleanup: %v", err)
		return
	}
	defer client.Close()
	sweep := func(ctx context.Context, c *redis.Client) error {
		iter := c.Scan(ctx, 0, prefix+"*", 500).Iterator()
		for iter.Next(ctx) {
			if err := c.Del(ctx, iter.Val()).Err(); err != nil {
				return err
			}
		}
		return iter.Err()
	}
	switch c := client.(type) {
	case *redis.ClusterClient:
		err = c.ForEachMaster(ctx, sweep)
	case *redis.Client:
		err = sweep(ctx, c)
	}
	if err != nil {
		tb.Errorf("cleanup: delete keys under %s: %v", prefix, err)
	}
}
