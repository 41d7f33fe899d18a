package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServeOverTCP runs the server on a real socket: the body limit is enforced by
// fasthttp before routing, and shutdown drains a request in flight.
func TestServeOverTCP(t *testing.T) {
	release := make(chan struct{})
	ts := newTestServer(t, withRoute("/api/v1/test-slow", func(c *fiber.Ctx) error {
		<-release
		return c.SendString("done")
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- ts.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()

	resp, err := http.Post(base+"/api/v1/anything", "application/json", strings.NewReader(strings.Repeat("x", 70<<10)))
	require.NoError(t, err)
	assert.Equal(t, 413, resp.StatusCode)
	assert.Equal(t, problemContentType, resp.Header.Get("Content-Type"))
	var p Problem
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&p))
	assert.Equal(t, "body_too_large", p.Code)
	resp.Body.Close()

	slow := make(chan *http.Response, 1)
	go func() {
		r, err := http.Get(base + "/api/v1/test-slow")
		if err == nil {
			slow <- r
		}
		close(slow)
	}()
	require.Eventually(t, func() bool {
		return strings.Contains(metricsText(t, base), `vouch_http_requests_in_flight 2`)
	}, 5*time.Second, 20*time.Millisecond, "the slow request is in flight")

	cancel() // as on SIGTERM
	time.Sleep(100 * time.Millisecond)
	_, err = net.DialTimeout("tcp", ln.Addr().String(), 200*time.Millisecond)
	assert.Error(t, err, "no new connections after shutdown begins")
	close(release)
	r := <-slow
	require.NotNil(t, r, "the request in flight is answered")
	assert.Equal(t, 200, r.StatusCode)
	r.Body.Close()
	require.NoError(t, <-served)
}

func metricsText(t *testing.T, base string) string {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
