package httpapi

import (
	"context"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Check is one backend that readiness depends on.
type Check struct {
	Name string                          // "database", "kv"
	Ping func(ctx context.Context) error // nil when the backend answers
}

// readyTimeout bounds each readiness probe so a hung backend cannot hang /readyz.
const readyTimeout = 2 * time.Second

// handleHealthz answers while the process runs; it checks nothing else on purpose, so an
// orchestrator does not restart a healthy process because a database is down.
func handleHealthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"status": "ok"})
}

// handleReadyz pings every backend at once and names the ones that fail.
func handleReadyz(checks []Check, log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		results := runChecks(c.UserContext(), checks, logger(c, log))
		var failing []string
		for name, state := range results {
			if state != "ok" {
				failing = append(failing, name)
			}
		}
		c.Set(fiber.HeaderCacheControl, "no-store")
		if len(failing) == 0 {
			return c.JSON(fiber.Map{"status": "ready", "checks": results})
		}
		sort.Strings(failing)
		return &problemError{Problem{
			Status: fiber.StatusServiceUnavailable,
			Code:   "not_ready",
			Detail: "Not ready: " + strings.Join(failing, ", ") + " unavailable.",
			Checks: results,
		}}
	}
}

// runChecks returns each check's state: "ok" or "unavailable". Error text stays in the
// logs of the backends, never in a public answer.
func runChecks(ctx context.Context, checks []Check, log *slog.Logger) map[string]string {
	var mu sync.Mutex
	var wg sync.WaitGroup
	results := make(map[string]string, len(checks))
	for _, chk := range checks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, cancel := context.WithTimeout(ctx, readyTimeout)
			defer cancel()
			state := "ok"
			if err := chk.Ping(ctx); err != nil {
				state = "unavailable"
				log.Warn("readiness check failed", "check", chk.Name, "err", err)
			}
			mu.Lock()
			results[chk.Name] = state
			mu.Unlock()
		}()
	}
	wg.Wait()
	return results
}
