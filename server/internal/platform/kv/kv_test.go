package kv_test

import (
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

func TestMemory(t *testing.T) {
	t.Parallel()
	kvtest.Run(t, func(t *testing.T) kv.Store { return kvtest.NewMemory(t) })
}

func TestRedis(t *testing.T) {
	t.Parallel()
	url := kvtest.RedisURL(t)
	kvtest.Run(t, func(t *testing.T) kv.Store { return kvtest.NewRedis(t, url) })
}

// TestRedisKeysStayUnderPrefix checks that nothing the Redis store writes escapes its
// prefix, limiter state included, so deployments and tests can share one Redis.
func TestRedisKeysStayUnderPrefix(t *testing.T) {
	t.Parallel()
	url := kvtest.RedisURL(t)
	prefix := kvtest.RandomPrefix(t)
	client, _, err := kv.NewRedisClient(url)
	require.NoError(t, err)
	s := kv.NewRedis(client, prefix)
	t.Cleanup(func() { kvtest.DeletePrefix(t, url, prefix) })
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
	s := kv.NewRedis(client, kvtest.RandomPrefix(t))
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

// forEachBackend runs a benchmark on Memory, and on Redis when kvtest.EnvRedisURL is set.
func forEachBackend(b *testing.B, fn func(b *testing.B, s kv.Store)) {
	b.Run("memory", func(b *testing.B) { fn(b, kvtest.NewMemory(b)) })
	b.Run("redis", func(b *testing.B) {
		url := os.Getenv(kvtest.EnvRedisURL)
		if url == "" {
			b.Skipf("%s is not set", kvtest.EnvRedisURL)
		}
		fn(b, kvtest.NewRedis(b, url))
	})
}
