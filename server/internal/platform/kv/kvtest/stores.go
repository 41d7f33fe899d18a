package kvtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// EnvRedisURL names the Redis the tests may use, e.g. redis://127.0.0.1:6379/0. Each
// test works under its own random key prefix and deletes its keys afterwards.
const EnvRedisURL = "VOUCH_TEST_REDIS_URL"

// cleanupTimeout bounds deleting a test's keys; t.Context is already done by then.
const cleanupTimeout = 30 * time.Second

// NewMemory returns a Memory store closed when the test ends.
func NewMemory(tb testing.TB) *kv.Memory {
	m := kv.NewMemory()
	tb.Cleanup(func() { _ = m.Close() })
	return m
}

// NewRedis returns a Redis store under a fresh random prefix; when the test ends it is
// closed and every key under the prefix is deleted.
func NewRedis(tb testing.TB, url string) *kv.Redis {
	tb.Helper()
	prefix := RandomPrefix(tb)
	client, _, err := kv.NewRedisClient(url)
	if err != nil {
		tb.Fatalf("%s: %v", EnvRedisURL, err)
	}
	s := kv.NewRedis(client, prefix)
	tb.Cleanup(func() { DeletePrefix(tb, url, prefix) }) // runs after Close below
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// RedisURL returns EnvRedisURL, skipping the test when it is unset, or failing it when
// CI=true: CI must not pass by silently testing one backend.
func RedisURL(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv(EnvRedisURL)
	if url == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("CI=true but %s is not set: CI must run the kv tests on Redis too "+
				"(e.g. %s=redis://127.0.0.1:6379/0)", EnvRedisURL, EnvRedisURL)
		}
		tb.Skipf("%s is not set; skipping the Redis run", EnvRedisURL)
	}
	return url
}

// RandomPrefix returns a key prefix no other test uses.
func RandomPrefix(tb testing.TB) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatalf("random: %v", err)
	}
	return "vouchtest:" + hex.EncodeToString(b[:]) + ":"
}

// DeletePrefix deletes every key under prefix, on every master of a cluster.
func DeletePrefix(tb testing.TB, url, prefix string) {
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
