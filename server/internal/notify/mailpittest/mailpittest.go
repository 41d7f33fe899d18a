// Package mailpittest runs a real Mailpit (an SMTP sink with an HTTP API) for tests, so
// they can send mail over SMTP and read what arrived. Mailpit is the module's Go tool
// (go.mod's tool block): the first Start in a process has the go command build it, or find
// it in the build cache, and later ones reuse the binary.
package mailpittest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// startTimeout bounds how long a started Mailpit may take to answer on both ports.
const startTimeout = 30 * time.Second

// binary is the path of the Mailpit executable in the build cache. `go tool -n` builds it
// if needed and prints where it is; running it directly, not through `go tool`, lets
// Cleanup stop Mailpit itself rather than a go command that would leave it orphaned.
var binary = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("go", "tool", "-n", "mailpit").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			err = fmt.Errorf("%w: %s", err, ee.Stderr)
		}
		return "", fmt.Errorf("build mailpit with go tool -n mailpit: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
})

// Start runs a Mailpit on two free loopback ports with a database in t's temporary
// directory, waits until it accepts SMTP connections and answers HTTP, and stops it in
// t.Cleanup. It returns the SMTP URL for notify.SMTPConfig and a client for the HTTP API.
// Extra Mailpit flags (say "--smtp-auth-accept-any", "--smtp-auth-allow-insecure") are
// appended to the defaults.
func Start(t testing.TB, flags ...string) (smtpURL string, api *Client) {
	t.Helper()
	bin, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	// A free port can be taken between our probe and Mailpit's bind: try again.
	for attempt := 1; ; attempt++ {
		smtpAddr, httpAddr := freeAddr(t), freeAddr(t)
		args := append([]string{
			"--smtp", smtpAddr, "--listen", httpAddr,
			"--database", filepath.Join(t.TempDir(), "mailpit.db"),
			"--disable-version-check", "--smtp-disable-rdns", "--quiet",
		}, flags...)
		p, err := launch(bin, args)
		if err != nil {
			t.Fatalf("start mailpit: %v", err)
		}
		api = NewClient("http://" + httpAddr)
		if err = p.waitReady(smtpAddr, api); err != nil {
			p.stop()
			if attempt < 3 {
				continue
			}
			t.Fatalf("mailpit did not start: %v\n%s", err, p.output())
		}
		t.Cleanup(func() {
			p.stop()
			if t.Failed() {
				t.Logf("mailpit output:\n%s", p.output())
			}
		})
		return "smtp://" + smtpAddr, api
	}
}

// process is a running Mailpit.
type process struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed when cmd.Wait returns
	mu     sync.Mutex
	out    bytes.Buffer // its stdout and stderr
}

// launch starts bin with args. MP_* variables are dropped from its environment: Mailpit
// reads its settings from them, and a developer's own must not change the tests.
func launch(bin string, args []string) (*process, error) {
	p := &process{cmd: exec.Command(bin, args...), exited: make(chan struct{})}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MP_") {
			p.cmd.Env = append(p.cmd.Env, kv)
		}
	}
	p.cmd.Stdout, p.cmd.Stderr = p, p
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = p.cmd.Wait(); close(p.exited) }()
	return p, nil
}

// Write collects Mailpit's output, for the log of a failed test.
func (p *process) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.Write(b)
}

// output returns what Mailpit printed so far.
func (p *process) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

// waitReady polls until the SMTP port accepts a connection and the HTTP API answers.
func (p *process) waitReady(smtpAddr string, api *Client) error {
	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	for {
		select {
		case <-p.exited:
			return errors.New("mailpit exited")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", smtpAddr)
		if err != nil {
			continue
		}
		_ = conn.Close()
		if api.ready(ctx) == nil {
			return nil
		}
	}
}

// stop asks Mailpit to quit, kills it if it has not within five seconds, and waits.
func (p *process) stop() {
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.exited:
	case <-time.After(5 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().String()
}
