package apitest

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// Relay forwards TCP connections to a target, and can be switched off to play an outage:
// the server's SMTP goes through one to Mailpit, so a test can take the mail relay down
// and bring it back without restarting anything.
type Relay struct {
	ln     net.Listener
	target string
	down   atomic.Bool
	wg     sync.WaitGroup
}

// StartRelay listens on a free loopback port and forwards to target (host:port) until the
// test ends.
func StartRelay(t testing.TB, target string) *Relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("apitest: relay: %v", err)
	}
	r := &Relay{ln: ln, target: target}
	r.wg.Go(r.accept)
	t.Cleanup(func() { _ = ln.Close(); r.wg.Wait() })
	return r
}

// Addr is the address to connect to instead of the target.
func (r *Relay) Addr() string { return r.ln.Addr().String() }

// SetDown makes new connections fail at once (accepted, then closed before a byte is
// exchanged) while down is true; connections already open are left alone.
func (r *Relay) SetDown(down bool) { r.down.Store(down) }

func (r *Relay) accept() {
	for {
		c, err := r.ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			continue
		}
		if r.down.Load() {
			_ = c.Close()
			continue
		}
		r.wg.Go(func() { r.pipe(c) })
	}
}

// pipe copies both ways between c and a new connection to the target.
func (r *Relay) pipe(c net.Conn) {
	defer c.Close()
	up, err := net.Dial("tcp", r.target)
	if err != nil {
		return
	}
	defer up.Close()
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(up, c); done <- struct{}{} }()
	go func() { _, _ = io.Copy(c, up); done <- struct{}{} }()
	<-done // either side closing ends the session
}
