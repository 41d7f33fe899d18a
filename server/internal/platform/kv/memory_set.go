package kv

import (
	"context"
	"time"
)

// set is one in-process set with its expiry.
type set struct {
	members map[string]struct{}
	expires time.Time // zero: never
}

func (st set) live(now time.Time) bool { return st.expires.IsZero() || now.Before(st.expires) }

// SAdd implements Store.
func (m *Memory) SAdd(ctx context.Context, key string, ttl time.Duration, members ...string) error {
	if err := m.check(ctx, "sadd"); err != nil {
		return err
	}
	ttl, err := normTTL("memory sadd", ttl)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	st, ok := m.sets[key]
	if !ok || !st.live(now) {
		st = set{members: map[string]struct{}{}}
	}
	for _, mem := range members {
		st.members[mem] = struct{}{}
	}
	st.expires = deadline(now, ttl)
	m.sets[key] = st
	delete(m.items, key) // a key holds a value or a set, as in Redis
	return nil
}

// SRem implements Store.
func (m *Memory) SRem(ctx context.Context, key string, members ...string) error {
	if err := m.check(ctx, "srem"); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if st, ok := m.sets[key]; ok {
		for _, mem := range members {
			delete(st.members, mem)
		}
		if len(st.members) == 0 {
			delete(m.sets, key)
		}
	}
	return nil
}

// SMembers implements Store.
func (m *Memory) SMembers(ctx context.Context, key string) ([]string, error) {
	if err := m.check(ctx, "smembers"); err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	st, ok := m.sets[key]
	if !ok || !st.live(time.Now()) {
		delete(m.sets, key)
		return []string{}, nil
	}
	out := make([]string, 0, len(st.members))
	for mem := range st.members {
		out = append(out, mem)
	}
	return out, nil
}
