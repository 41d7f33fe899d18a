package kv_test

import (
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
	"github.com/vouchhq/vouch/server/internal/platform/kv/kvtest"
)

func TestOpenEmptyIsMemory(t *testing.T) {
	t.Parallel()
	s, err := kv.Open(t.Context(), "")
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	assert.IsType(t, &kv.Memory{}, s)
	require.NoError(t, s.Ping(t.Context()))
}

func TestOpenRedis(t *testing.T) {
	t.Parallel()
	s, err := kv.Open(t.Context(), kvtest.RedisURL(t))
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	assert.IsType(t, &kv.Redis{}, s)
	require.NoError(t, s.Ping(t.Context()))
}

// TestOpenUnreachableFailsFast checks that a server pointed at a Redis that is not there
// stops at once with an error that says where it looked, and keeps the password out.
func TestOpenUnreachableFailsFast(t *testing.T) {
	t.Parallel()
	start := time.Now()
	s, err := kv.Open(t.Context(), "redis://vouch:s3cret-pw@127.0.0.1:1/0")
	require.Error(t, err)
	assert.Nil(t, s)
	assert.ErrorIs(t, err, errs.ErrUnavailable)
	assert.Contains(t, err.Error(), "redis at 127.0.0.1:1")
	assert.NotContains(t, err.Error(), "s3cret-pw")
	assert.Less(t, time.Since(start), 5*time.Second, "a refused connection fails fast")
}

func TestOpenBadURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ url, mention string }{
		{"memcache://x", `unsupported scheme "memcache"`},
		{"127.0.0.1:6379", "missing scheme"},
		{"redis://h:6379/0?bogus=1", "bogus"},
		{"redis://h:6379/zero", "database"},
		{"redis://h:6379/0?cluster=maybe", "cluster"},
		{"redis://user:pa ss%zz@h:6379/0", "userinfo"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			s, err := kv.Open(t.Context(), tc.url)
			require.Error(t, err)
			assert.Nil(t, s)
			assert.ErrorIs(t, err, errs.ErrInvalid)
			assert.Contains(t, err.Error(), tc.mention)
			assert.Contains(t, err.Error(), "redis://", "the error says what is accepted")
			assert.NotContains(t, err.Error(), "pa ss", "no password in errors")
		})
	}
}

// TestRedisTopologies checks which client each URL form builds, without connecting.
func TestRedisTopologies(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url, where string
		client     any
	}{
		{"redis://127.0.0.1:6379/2", "redis at 127.0.0.1:6379", &redis.Client{}},
		{"redis://:pw@cache", "redis at cache:6379", &redis.Client{}},
		{"rediss://cache.example.com:6380", "redis at cache.example.com:6380", &redis.Client{}},
		{"redis://a:7000,b:7001,c:7002", "redis cluster at a:7000,b:7001,c:7002", &redis.ClusterClient{}},
		{"redis://a:7000?addr=b:7001", "redis cluster at a:7000,b:7001", &redis.ClusterClient{}},
		{"redis://cfg.example.com:6379?cluster=true", "redis cluster at cfg.example.com:6379", &redis.ClusterClient{}},
		{"redis://s1:26379,s2:26379/1?master_name=main", "redis sentinel at s1:26379,s2:26379 (master main)", &redis.Client{}},
	} {
		t.Run(tc.url, func(t *testing.T) {
			client, where, err := kv.NewRedisClient(tc.url)
			require.NoError(t, err)
			t.Cleanup(func() { _ = client.Close() })
			assert.Equal(t, tc.where, where)
			assert.IsType(t, tc.client, client)
		})
	}
}
