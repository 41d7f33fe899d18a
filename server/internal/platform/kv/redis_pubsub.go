package kv

import (
	"context"
	"fmt"
	"sync"

	"github.com/redis/go-redis/v9"
)

// redisSub is a Subscription on a Redis channel. go-redis keeps the connection: it
// pings it, reconnects and resubscribes on its own after a network failure (messages
// published while it is away are lost, as pub/sub promises no more). A forwarding
// goroutine moves messages from go-redis's channel into our mailbox, which never blocks,
// so go-redis never stalls on a slow reader either.
type redisSub struct {
	r      *Redis
	ps     *redis.PubSub
	box    *mailbox
	once   sync.Once
	stop   chan struct{} // closed by end to stop the forwarder
	exited chan struct{} // closed by the forwarder after it has closed box.ch
	unhook func() bool   // stops the context hook
}

// Subscribe implements Store. It waits for Redis to confirm the subscription, so a
// message published after Subscribe returns is delivered.
func (r *Redis) Subscribe(ctx context.Context, channel string) (Subscription, error) {
	name := r.key(channel)
	ps := r.c.Subscribe(ctx, name)
	// go-redis sends SUBSCRIBE without waiting for the answer; the first message
	// received is the confirmation, or the error that prevented it.
	msg, err := ps.Receive(ctx)
	if err != nil {
		_ = ps.Close()
		return nil, classify("subscribe", err)
	}
	if sub, ok := msg.(*redis.Subscription); !ok || sub.Kind != "subscribe" || sub.Channel != name {
		_ = ps.Close()
		return nil, fmt.Errorf("kv: redis subscribe: unexpected first reply %T", msg)
	}
	s := &redisSub{r: r, ps: ps, box: newMailbox(), stop: make(chan struct{}), exited: make(chan struct{})}
	if err := r.track(s); err != nil {
		_ = ps.Close()
		return nil, err
	}
	go s.forward(ps.Channel())
	s.unhook = context.AfterFunc(ctx, s.end)
	return s, nil
}

// forward copies payloads into the mailbox until the subscription ends; it is the only
// sender on box.ch and so the one that closes it.
func (s *redisSub) forward(in <-chan *redis.Message) {
	defer close(s.exited)
	defer close(s.box.ch)
	for {
		select {
		case <-s.stop:
			return
		case m, ok := <-in:
			if !ok {
				return
			}
			s.box.offer([]byte(m.Payload))
		}
	}
}

// C implements Subscription.
func (s *redisSub) C() <-chan []byte { return s.box.ch }

// Dropped implements Subscription.
func (s *redisSub) Dropped() uint64 { return s.box.dropped.Load() }

// Close implements Subscription.
func (s *redisSub) Close() error {
	s.unhook()
	s.end()
	return nil
}

// end unsubscribes, stops the forwarder and waits until C is closed, so that C is
// closed when Close returns.
func (s *redisSub) end() {
	s.once.Do(func() {
		close(s.stop)
		_ = s.ps.Close() // an error here only means the connection was already gone
		s.r.forget(s)
	})
	<-s.exited
}
