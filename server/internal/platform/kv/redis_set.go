package kv

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// SAdd implements Store: SADD and the ttl in one MULTI, so a set never outlives its ttl.
func (r *Redis) SAdd(ctx context.Context, key string, ttl time.Duration, members ...string) error {
	ttl, err := normTTL("redis sadd", ttl)
	if err != nil {
		return err
	}
	if len(members) == 0 {
		return nil
	}
	k := r.key(key)
	args := make([]any, len(members))
	for i, mem := range members {
		args[i] = mem
	}
	_, err = r.c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.SAdd(ctx, k, args...)
		if ttl > 0 {
			p.PExpire(ctx, k, ttl)
		} else {
			p.Persist(ctx, k)
		}
		return nil
	})
	return classify("sadd", err)
}

// SRem implements Store.
func (r *Redis) SRem(ctx context.Context, key string, members ...string) error {
	if len(members) == 0 {
		return nil
	}
	args := make([]any, len(members))
	for i, mem := range members {
		args[i] = mem
	}
	return classify("srem", r.c.SRem(ctx, r.key(key), args...).Err())
}

// SMembers implements Store.
func (r *Redis) SMembers(ctx context.Context, key string) ([]string, error) {
	out, err := r.c.SMembers(ctx, r.key(key)).Result()
	if err != nil {
		return nil, classify("smembers", err)
	}
	return out, nil
}
