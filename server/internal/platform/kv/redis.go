package kv

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Redis is the Store shared by every server instance. It works with any go-redis
// UniversalClient (single node, Sentinel failover or Cluster) and needs Redis 6.2 or
// newer (GETDEL). Every key and channel is namespaced under a prefix, so deployments and
// test runs can share one Redis; commands touch one key each (MGet pipelines single-key GETs), so
// Cluster never sees a cross-slot request.
//
// The client reconnects by itself when Redis comes back; Redis keeps no state of its own
// about a broken connection, so nothing here needs resetting. Note that go-redis retries
// a command whose connection failed, and a command that had already reached Redis then
// runs twice: Incr may count one extra, SetNX may report false for its own write, GetDel
// may report ErrNotFound for the value it took. Each errs on the safe side for sessions,
// limits and ceremonies.
type Redis struct {
	c      redis.UniversalClient
	prefix string

	mu     sync.Mutex
	subs   map[*redisSub]struct{}
	closed bool
}

var _ Store = (*Redis)(nil)

// NewRedis returns a Store on client with every key and channel under prefix ("" means
// "vouch:"). The Store owns the client from then on: Close closes it.
func NewRedis(client redis.UniversalClient, prefix string) *Redis {
	if prefix == "" {
		prefix = defaultPrefix
	}
	return &Redis{c: client, prefix: prefix, subs: make(map[*redisSub]struct{})}
}

// key namespaces a caller's key.
func (r *Redis) key(k string) string { return r.prefix + k }

// rateKey is where Allow keeps the limiter state of k, apart from the values.
func (r *Redis) rateKey(k string) string { return r.prefix + "rate:" + k }

// Get implements Store.
func (r *Redis) Get(ctx context.Context, key string) ([]byte, error) {
	v, err := r.c.Get(ctx, r.key(key)).Bytes()
	if err != nil {
		return nil, classify("get", err)
	}
	return v, nil
}

// MGet implements Store. It pipelines one GET per key rather than sending MGET, so keys
// in different Cluster slots still work (go-redis splits a pipeline by node).
func (r *Redis) MGet(ctx context.Context, keys ...string) ([][]byte, error) {
	cmds := make([]*redis.StringCmd, len(keys))
	_, err := r.c.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, k := range keys {
			cmds[i] = p.Get(ctx, r.key(k))
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, classify("mget", err)
	}
	out := make([][]byte, len(keys))
	for i, c := range cmds {
		v, err := c.Bytes()
		switch {
		case errors.Is(err, redis.Nil):
		case err != nil:
			return nil, classify("mget", err)
		default:
			out[i] = v
		}
	}
	return out, nil
}

// Set implements Store.
func (r *Redis) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	ttl, err := normTTL("redis set", ttl)
	if err != nil {
		return err
	}
	return classify("set", r.c.Set(ctx, r.key(key), value, ttl).Err())
}

// SetNX implements Store.
func (r *Redis) SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	ttl, err := normTTL("redis setnx", ttl)
	if err != nil {
		return false, err
	}
	ok, err := r.c.SetNX(ctx, r.key(key), value, ttl).Result()
	if err != nil {
		return false, classify("setnx", err)
	}
	return ok, nil
}

// GetDel implements Store.
func (r *Redis) GetDel(ctx context.Context, key string) ([]byte, error) {
	v, err := r.c.GetDel(ctx, r.key(key)).Bytes()
	if err != nil {
		return nil, classify("getdel", err)
	}
	return v, nil
}

// Delete implements Store. It sends one DEL per key in a pipeline rather than one DEL
// with many keys, which Cluster refuses when the keys live in different slots.
func (r *Redis) Delete(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	_, err := r.c.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			p.Del(ctx, r.key(k))
		}
		return nil
	})
	return classify("delete", err)
}

// Expire implements Store.
func (r *Redis) Expire(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	ttl, err := normTTL("redis expire", ttl)
	if err != nil {
		return false, err
	}
	k := r.key(key)
	if ttl > 0 {
		// PEXPIRE, not EXPIRE: go-redis rounds EXPIRE to whole seconds.
		ok, err := r.c.PExpire(ctx, k, ttl).Result()
		if err != nil {
			return false, classify("expire", err)
		}
		return ok, nil
	}
	// PERSIST alone answers false for a key that exists without a ttl; ask EXISTS too.
	var exists *redis.IntCmd
	_, err = r.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		exists = p.Exists(ctx, k)
		p.Persist(ctx, k)
		return nil
	})
	if err != nil {
		return false, classify("expire", err)
	}
	return exists.Val() == 1, nil
}

// Incr implements Store. SET NX with the ttl, then INCRBY, in one MULTI: the ttl lands
// only when this call creates the key, and no reader ever sees the key without it.
func (r *Redis) Incr(ctx context.Context, key string, by int64, ttl time.Duration) (int64, error) {
	ttl, err := normTTL("redis incr", ttl)
	if err != nil {
		return 0, err
	}
	k := r.key(key)
	var incr *redis.IntCmd
	_, err = r.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		if ttl > 0 {
			p.SetNX(ctx, k, 0, ttl)
		}
		incr = p.IncrBy(ctx, k, by)
		return nil
	})
	if err != nil {
		return 0, classify("incr", err)
	}
	return incr.Val(), nil
}

// Allow implements Store. GCRA runs as a Lua script inside Redis, on Redis's clock, so
// every instance shares one limiter (see gcra.go).
func (r *Redis) Allow(ctx context.Context, key string, limit Limit) (Decision, error) {
	g, err := newGCRA(limit)
	if err != nil {
		return Decision{}, err
	}
	res, err := allowScript.Run(ctx, r.c, []string{r.rateKey(key)},
		g.emission.Microseconds(), g.tolerance.Microseconds()).Int64Slice()
	if err != nil {
		return Decision{}, classify("allow", err)
	}
	if len(res) != 4 {
		return Decision{}, fmt.Errorf("kv: redis allow: script returned %d values, want 4", len(res))
	}
	return Decision{
		Allowed:    res[0] == 1,
		Remaining:  int(res[1]),
		RetryAfter: time.Duration(res[2]) * time.Microsecond,
		ResetAfter: time.Duration(res[3]) * time.Microsecond,
	}, nil
}

// Publish implements Store.
func (r *Redis) Publish(ctx context.Context, channel string, msg []byte) error {
	return classify("publish", r.c.Publish(ctx, r.key(channel), msg).Err())
}

// Ping implements Store.
func (r *Redis) Ping(ctx context.Context) error {
	return classify("ping", r.c.Ping(ctx).Err())
}

// Close ends every subscription and closes the client. Later calls fail with
// errs.ErrUnavailable (go-redis's ErrClosed).
func (r *Redis) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	subs := r.subs
	r.subs = nil
	r.mu.Unlock()
	for s := range subs {
		s.end()
	}
	if err := r.c.Close(); err != nil && !errors.Is(err, redis.ErrClosed) {
		return fmt.Errorf("kv: redis close: %w", err)
	}
	return nil
}

// track registers a live subscription so Close can end it; it refuses after Close.
func (r *Redis) track(s *redisSub) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return fmt.Errorf("kv: redis subscribe: store is closed: %w", errs.ErrUnavailable)
	}
	r.subs[s] = struct{}{}
	return nil
}

// forget drops a subscription that has ended.
func (r *Redis) forget(s *redisSub) {
	r.mu.Lock()
	delete(r.subs, s)
	r.mu.Unlock()
}
