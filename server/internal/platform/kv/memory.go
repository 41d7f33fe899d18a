package kv

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// janitorInterval is how often Memory sweeps expired entries. Reads already ignore
// expired entries; the sweep only returns the memory of keys nobody reads again (rate
// limits of one-off client addresses, abandoned ceremonies).
const janitorInterval = 30 * time.Second

// Memory is the in-process Store for a single server instance: a mutex-guarded map with
// lazy expiry on access plus a janitor goroutine, and an in-process pub/sub bus. Nothing
// survives a restart and nothing is shared with other processes; run Redis for that.
// Create it with NewMemory and stop it with Close.
type Memory struct {
	mu    sync.Mutex
	items map[string]item
	rates map[string]time.Time // GCRA TAT per limiter key; a TAT in the past equals none
	sets  map[string]set

	bus    bus
	closed atomic.Bool
	once   sync.Once
	stop   chan struct{} // closed by Close to stop the janitor
	done   chan struct{} // closed by the janitor when it has stopped
}

// item is one stored value.
type item struct {
	value   []byte
	expires time.Time // zero: never
}

// live reports whether it is still valid at now.
func (it item) live(now time.Time) bool {
	return it.expires.IsZero() || now.Before(it.expires)
}

// deadline turns a ttl into an expiry time (zero for no expiry).
func deadline(now time.Time, ttl time.Duration) time.Time {
	if ttl == 0 {
		return time.Time{}
	}
	return now.Add(ttl)
}

var _ Store = (*Memory)(nil)

// NewMemory returns an empty in-process store with its janitor running.
func NewMemory() *Memory { return newMemory(janitorInterval) }

// newMemory is NewMemory with a chosen sweep interval, for tests of the janitor.
func newMemory(sweepEvery time.Duration) *Memory {
	m := &Memory{
		items: make(map[string]item),
		rates: make(map[string]time.Time),
		sets:  make(map[string]set),
		bus:   bus{subs: make(map[string]map[*memorySub]struct{})},
		stop:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	go m.janitor(sweepEvery)
	return m
}

// check fails an operation on a closed store or a finished context, so Memory answers
// as Redis would in the same situation.
func (m *Memory) check(ctx context.Context, op string) error {
	if m.closed.Load() {
		return fmt.Errorf("kv: memory %s: store is closed: %w", op, errs.ErrUnavailable)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("kv: memory %s: %w", op, err)
	}
	return nil
}

// lookup returns the live item at key, deleting it if it has expired. m.mu must be held.
func (m *Memory) lookup(key string, now time.Time) (item, bool) {
	it, ok := m.items[key]
	if ok && !it.live(now) {
		delete(m.items, key)
		return item{}, false
	}
	return it, ok
}

// Get implements Store.
func (m *Memory) Get(ctx context.Context, key string) ([]byte, error) {
	if err := m.check(ctx, "get"); err != nil {
		return nil, err
	}
	m.mu.Lock()
	it, ok := m.lookup(key, time.Now())
	m.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("kv: memory get: %w", errs.ErrNotFound)
	}
	// A copy, so the caller cannot change what other readers see.
	return clone(it.value), nil
}

// MGet implements Store.
func (m *Memory) MGet(ctx context.Context, keys ...string) ([][]byte, error) {
	if err := m.check(ctx, "mget"); err != nil {
		return nil, err
	}
	out := make([][]byte, len(keys))
	now := time.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, k := range keys {
		if it, ok := m.lookup(k, now); ok {
			out[i] = clone(it.value)
		}
	}
	return out, nil
}

// Set implements Store.
func (m *Memory) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	if err := m.check(ctx, "set"); err != nil {
		return err
	}
	ttl, err := normTTL("memory set", ttl)
	if err != nil {
		return err
	}
	v := clone(value)
	m.mu.Lock()
	m.items[key] = item{value: v, expires: deadline(time.Now(), ttl)}
	m.mu.Unlock()
	return nil
}

// SetNX implements Store.
func (m *Memory) SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	if err := m.check(ctx, "setnx"); err != nil {
		return false, err
	}
	ttl, err := normTTL("memory setnx", ttl)
	if err != nil {
		return false, err
	}
	v := clone(value)
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	if _, ok := m.lookup(key, now); ok {
		return false, nil
	}
	m.items[key] = item{value: v, expires: deadline(now, ttl)}
	return true, nil
}

// GetDel implements Store.
func (m *Memory) GetDel(ctx context.Context, key string) ([]byte, error) {
	if err := m.check(ctx, "getdel"); err != nil {
		return nil, err
	}
	m.mu.Lock()
	it, ok := m.lookup(key, time.Now())
	delete(m.items, key)
	m.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("kv: memory getdel: %w", errs.ErrNotFound)
	}
	return it.value, nil // no longer shared with anyone
}

// Delete implements Store.
func (m *Memory) Delete(ctx context.Context, keys ...string) error {
	if err := m.check(ctx, "delete"); err != nil {
		return err
	}
	m.mu.Lock()
	for _, k := range keys {
		delete(m.items, k)
		delete(m.sets, k)
	}
	m.mu.Unlock()
	return nil
}

// Expire implements Store.
func (m *Memory) Expire(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	if err := m.check(ctx, "expire"); err != nil {
		return false, err
	}
	ttl, err := normTTL("memory expire", ttl)
	if err != nil {
		return false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	it, ok := m.lookup(key, now)
	if !ok {
		return false, nil
	}
	it.expires = deadline(now, ttl)
	m.items[key] = it
	return true, nil
}

// Incr implements Store.
func (m *Memory) Incr(ctx context.Context, key string, by int64, ttl time.Duration) (int64, error) {
	if err := m.check(ctx, "incr"); err != nil {
		return 0, err
	}
	ttl, err := normTTL("memory incr", ttl)
	if err != nil {
		return 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	it, ok := m.lookup(key, now)
	var cur int64
	if ok {
		if cur, err = strconv.ParseInt(string(it.value), 10, 64); err != nil {
			return 0, fmt.Errorf("kv: memory incr: value is not an integer: %w", errs.ErrConflict)
		}
	} else {
		it.expires = deadline(now, ttl) // only a new key gets the ttl
	}
	if (by > 0 && cur > math.MaxInt64-by) || (by < 0 && cur < math.MinInt64-by) {
		return 0, fmt.Errorf("kv: memory incr: would overflow: %w", errs.ErrConflict)
	}
	cur += by
	it.value = strconv.AppendInt(nil, cur, 10)
	m.items[key] = it
	return cur, nil
}

// Allow implements Store.
func (m *Memory) Allow(ctx context.Context, key string, limit Limit) (Decision, error) {
	if err := m.check(ctx, "allow"); err != nil {
		return Decision{}, err
	}
	g, err := newGCRA(limit)
	if err != nil {
		return Decision{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	d, tat := g.decide(time.Now(), m.rates[key])
	if d.Allowed {
		m.rates[key] = tat
	}
	return d, nil
}

// Ping implements Store; it fails only after Close.
func (m *Memory) Ping(ctx context.Context) error {
	return m.check(ctx, "ping")
}

// Close stops the janitor, closes every subscription and drops the data.
func (m *Memory) Close() error {
	m.once.Do(func() {
		m.closed.Store(true)
		close(m.stop)
		<-m.done
		m.bus.closeAll()
		m.mu.Lock()
		m.items, m.rates = map[string]item{}, map[string]time.Time{}
		m.mu.Unlock()
	})
	return nil
}

// janitor sweeps expired entries every interval until Close.
func (m *Memory) janitor(every time.Duration) {
	defer close(m.done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-t.C:
			m.sweep(time.Now())
		}
	}
}

// sweep deletes every entry that is expired at now.
func (m *Memory) sweep(now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for k, it := range m.items {
		if !it.live(now) {
			delete(m.items, k)
		}
	}
	for k, tat := range m.rates {
		if !tat.After(now) {
			delete(m.rates, k)
		}
	}
	for k, st := range m.sets {
		if !st.live(now) {
			delete(m.sets, k)
		}
	}
}

// clone copies b into a new slice that is never nil, so an empty value reads back as an
// empty value, as it does from Redis.
func clone(b []byte) []byte {
	return append(make([]byte, 0, len(b)), b...)
}
