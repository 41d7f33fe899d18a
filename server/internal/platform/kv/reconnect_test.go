package kv_test

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
	"github.com/vouchhq/vouch/server/internal/platform/kv/kvtest"
)

// TestRedisRecovers puts a proxy between the store and Redis, takes it down and brings
// it back: while down every call fails with errs.ErrUnavailable, and afterwards the same
// store and the same subscription work again with nothing reset by hand.
func TestRedisRecovers(t *testing.T) {
	t.Parallel()
	url := kvtest.RedisURL(t)
	opt, err := redis.ParseURL(url)
	require.NoError(t, err, "%s must be a single-node URL for this test", kvtest.EnvRedisURL)
	p := startProxy(t, opt.Addr)
	opt.Addr = p.addr()
	prefix := kvtest.RandomPrefix(t)
	s := kv.NewRedis(redis.NewClient(opt), prefix)
	t.Cleanup(func() { kvtest.DeletePrefix(t, url, prefix) })
	t.Cleanup(func() { _ = s.Close() })
	ctx := t.Context()

	require.NoError(t, s.Set(ctx, "k", []byte("v"), time.Minute))
	sub, err := s.Subscribe(ctx, "ch")
	require.NoError(t, err)
	t.Cleanup(func() { _ = sub.Close() })

	p.setUp(false)
	_, err = s.Get(ctx, "k")
	require.ErrorIs(t, err, errs.ErrUnavailable, "get while Redis is away")
	require.ErrorIs(t, s.Ping(ctx), errs.ErrUnavailable, "ping while Redis is away")

	p.setUp(true)
	require.Eventually(t, func() bool {
		v, err := s.Get(ctx, "k")
		return err == nil && string(v) == "v"
	}, 10*time.Second, 50*time.Millisecond, "the store works again once Redis is back")
	// Messages published while the subscription reconnects are lost (pub/sub is at most
	// once), so publish until one arrives.
	require.Eventually(t, func() bool {
		require.NoError(t, s.Publish(ctx, "ch", []byte("back")))
		select {
		case m, ok := <-sub.C():
			require.True(t, ok, "the subscription survived the outage")
			return string(m) == "back"
		case <-time.After(100 * time.Millisecond):
			return false
		}
	}, 15*time.Second, 10*time.Millisecond, "the subscription resubscribes by itself")
}

// proxy forwards TCP connections to Redis; when down it cuts every connection and
// hangs up on new ones, as a Redis that went away would.
type proxy struct {
	ln     net.Listener
	target string
	up     atomic.Bool

	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

// startProxy listens on a free local port and forwards to target until the test ends.
func startProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &proxy{ln: ln, target: target, conns: make(map[net.Conn]struct{})}
	p.up.Store(true)
	go p.serve()
	t.Cleanup(func() {
		_ = ln.Close()
		p.setUp(false)
	})
	return p
}

// addr is where clients connect.
func (p *proxy) addr() string { return p.ln.Addr().String() }

// setUp switches the proxy on or off; off closes every open connection.
func (p *proxy) setUp(up bool) {
	p.up.Store(up)
	if up {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		_ = c.Close()
		delete(p.conns, c)
	}
}

// serve accepts until the listener closes.
func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		if !p.up.Load() {
			_ = c.Close()
			continue
		}
		go p.pipe(c)
	}
}

// pipe copies both ways between c and a new connection to the target.
func (p *proxy) pipe(c net.Conn) {
	r, err := net.Dial("tcp", p.target)
	if err != nil {
		_ = c.Close()
		return
	}
	p.mu.Lock()
	if !p.up.Load() { // went down while dialling
		p.mu.Unlock()
		_, _ = c.Close(), r.Close()
		return
	}
	p.conns[c], p.conns[r] = struct{}{}, struct{}{}
	p.mu.Unlock()
	go copyClose(r, c)
	copyClose(c, r)
}

// copyClose copies src to dst, then closes both. Its copy error is ignored: cut
// connections are what the test is about.
func copyClose(dst, src net.Conn) {
	_, _ = io.Copy(dst, src)
	_, _ = dst.Close(), src.Close()
}
