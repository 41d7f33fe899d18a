package kv

import (
	"context"
	"fmt"
	"sync"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// bus is Memory's pub/sub: subscribers by channel. Publishers hold the read lock while
// they offer a message, and a subscriber is removed and its channel closed under the
// write lock, so nothing is ever sent on a closed channel.
type bus struct {
	mu     sync.RWMutex
	subs   map[string]map[*memorySub]struct{}
	closed bool
}

// memorySub is a Subscription on Memory's bus.
type memorySub struct {
	bus     *bus
	channel string
	box     *mailbox
	done    bool        // guarded by bus.mu
	unhook  func() bool // stops the context hook; set before the sub is visible
}

// Publish implements Store.
func (m *Memory) Publish(ctx context.Context, channel string, msg []byte) error {
	if err := m.check(ctx, "publish"); err != nil {
		return err
	}
	m.bus.mu.RLock()
	defer m.bus.mu.RUnlock()
	for s := range m.bus.subs[channel] {
		// Each subscriber gets its own copy, as it would from Redis.
		s.box.offer(clone(msg))
	}
	return nil
}

// Subscribe implements Store.
func (m *Memory) Subscribe(ctx context.Context, channel string) (Subscription, error) {
	if err := m.check(ctx, "subscribe"); err != nil {
		return nil, err
	}
	s := &memorySub{bus: &m.bus, channel: channel, box: newMailbox()}
	m.bus.mu.Lock()
	if m.bus.closed {
		m.bus.mu.Unlock()
		return nil, fmt.Errorf("kv: memory subscribe: store is closed: %w", errs.ErrUnavailable)
	}
	set := m.bus.subs[channel]
	if set == nil {
		set = make(map[*memorySub]struct{})
		m.bus.subs[channel] = set
	}
	set[s] = struct{}{}
	// Hooked while the lock is held, so that Close (which reads unhook) cannot reach s
	// before the field is set. If ctx is already done, the hook runs on its own goroutine
	// and waits for the lock like any other closer.
	s.unhook = context.AfterFunc(ctx, s.end)
	m.bus.mu.Unlock()
	return s, nil
}

// C implements Subscription.
func (s *memorySub) C() <-chan []byte { return s.box.ch }

// Dropped implements Subscription.
func (s *memorySub) Dropped() uint64 { return s.box.dropped.Load() }

// Close implements Subscription.
func (s *memorySub) Close() error {
	s.unhook()
	s.end()
	return nil
}

// end removes s from the bus and closes its channel, once.
func (s *memorySub) end() {
	s.bus.mu.Lock()
	defer s.bus.mu.Unlock()
	s.endLocked()
}

// endLocked is end with bus.mu held.
func (s *memorySub) endLocked() {
	if s.done {
		return
	}
	s.done = true
	if set := s.bus.subs[s.channel]; set != nil {
		delete(set, s)
		if len(set) == 0 {
			delete(s.bus.subs, s.channel)
		}
	}
	close(s.box.ch)
}

// closeAll ends every subscription and refuses new ones.
func (b *bus) closeAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for _, set := range b.subs {
		for s := range set {
			s.unhook()
			s.endLocked()
		}
	}
}
