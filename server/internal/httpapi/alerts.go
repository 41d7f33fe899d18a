package httpapi

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/risk"
)

// Alert route paths (API.md, "Risk").
const (
	pathAlerts       = "/api/v1/alerts"
	pathAlertResolve = "/api/v1/alerts/:id/resolve"
	pathAlertStream  = "/api/v1/alerts/stream"
)

// Stream timing: a comment line keeps proxies from closing an idle stream, and a stream
// ends after a while so the browser reconnects (and refetches) through any new rules.
const (
	streamHeartbeat = 15 * time.Second
	streamLifetime  = 10 * time.Minute
	streamWriteWait = 10 * time.Second // how long one event may take to go out
)

// alertHandlers serve alerts.
type alertHandlers struct {
	svc     *risk.Service
	closing <-chan struct{} // closed when the server starts draining
}

func bindAlertRoutes(r *router, h *alertHandlers) {
	r.get(pathAlerts, customerAdmins, h.handleList)
	r.post(pathAlertResolve, customerAdmins, h.handleResolve)
	r.get(pathAlertStream, customerAdmins, h.handleStream)
}

func (h *alertHandlers) handleList(c *fiber.Ctx) error {
	status := c.Query("status", "open")
	if status == "all" {
		status = ""
	}
	list, err := h.svc.List(c.UserContext(), customerOf(c), status)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"alerts": list})
}

func (h *alertHandlers) handleResolve(c *fiber.Ctx) error {
	var req struct {
		Note string `json:"note"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	a, err := h.svc.Resolve(c.UserContext(), actor(c), customerOf(c), c.Params("id"), req.Note)
	if err != nil {
		return err
	}
	return c.JSON(a)
}

// handleStream sends each new alert of the caller's org as a server-sent event "alert"
// whose data is the alert's JSON. The subscription is live before the headers go out, so
// a client that loads the list after "open" misses nothing.
func (h *alertHandlers) handleStream(c *fiber.Ctx) error {
	if !strings.Contains(c.Get(fiber.HeaderAccept), "text/event-stream") {
		return &problemError{Problem{Status: fiber.StatusNotAcceptable, Code: "not_acceptable",
			Detail: "This is a server-sent event stream: open it with EventSource (Accept: text/event-stream)."}}
	}
	sub, err := h.svc.Subscribe(context.Background(), customerOf(c))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/event-stream")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Accel-Buffering", "no") // nginx: pass events on at once
	conn := c.Context().Conn()
	closing := h.closing
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer sub.Close()
		send := func(s string) bool {
			_ = conn.SetWriteDeadline(time.Now().Add(streamWriteWait))
			if _, err := w.WriteString(s); err != nil {
				return false
			}
			return w.Flush() == nil
		}
		if !send("retry: 2000\n: connected\n\n") {
			return
		}
		beat := time.NewTicker(streamHeartbeat)
		defer beat.Stop()
		end := time.NewTimer(streamLifetime)
		defer end.Stop()
		for {
			select {
			case msg, ok := <-sub.C():
				if !ok || !send(fmt.Sprintf("event: alert\ndata: %s\n\n", msg)) {
					return
				}
			case <-beat.C:
				if !send(": ping\n\n") {
					return
				}
			case <-closing:
				return
			case <-end.C:
				return
			}
		}
	})
	return nil
}
