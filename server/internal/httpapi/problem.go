package httpapi

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// problemContentType is RFC 9457's media type; every error answer uses it.
const problemContentType = "application/problem+json"

// problemTypeBase prefixes the type URI of every problem; the code completes it.
const problemTypeBase = "https://vouch.dev/problems/"

// Problem is an RFC 9457 problem details body with Vouch's stable code and field errors.
type Problem struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail,omitempty"`
	Code      string            `json:"code"`
	Instance  string            `json:"instance,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
	Errors    []errs.FieldError `json:"errors,omitempty"`
	Checks    map[string]string `json:"checks,omitempty"`   // readiness: backend name → state
	Methods   []string          `json:"methods,omitempty"`  // step_up_required: the step-ups open to the caller
	ReadyAt   *time.Time        `json:"ready_at,omitempty"` // recovery_waiting: when the recovery may complete
}

// problemError lets a handler return a fully formed problem as an error.
type problemError struct{ p Problem }

func (e *problemError) Error() string { return e.p.Code + ": " + e.p.Detail }

// statusCodes gives the stable code for statuses that Fiber itself produces.
var statusCodes = map[int]string{
	fiber.StatusBadRequest:                  "bad_request",
	fiber.StatusUnauthorized:                "unauthenticated",
	fiber.StatusForbidden:                   "forbidden",
	fiber.StatusNotFound:                    "not_found",
	fiber.StatusMethodNotAllowed:            "method_not_allowed",
	fiber.StatusRequestTimeout:              "request_timeout",
	fiber.StatusConflict:                    "conflict",
	fiber.StatusRequestEntityTooLarge:       "body_too_large",
	fiber.StatusUnsupportedMediaType:        "unsupported_media_type",
	fiber.StatusUnprocessableEntity:         "invalid_input",
	fiber.StatusTooManyRequests:             "rate_limited",
	fiber.StatusRequestHeaderFieldsTooLarge: "headers_too_large",
	fiber.StatusInternalServerError:         "internal",
	fiber.StatusNotImplemented:              "not_implemented",
	fiber.StatusServiceUnavailable:          "unavailable",
}

// toProblem turns any error into the problem a client may see. Internal text never leaves:
// unknown errors become a bare 500, and the real error goes to the log.
func toProblem(err error) Problem {
	var pe *problemError
	if errors.As(err, &pe) {
		return pe.p
	}
	var fe *fiber.Error
	if errors.As(err, &fe) {
		p := Problem{Status: fe.Code, Code: statusCodes[fe.Code]}
		if p.Code == "" {
			p.Code = "http_" + strconv.Itoa(fe.Code)
		}
		if fe.Code == fiber.StatusRequestEntityTooLarge {
			p.Detail = "The request body is larger than this server accepts."
		}
		return p
	}
	p := Problem{Status: statusForKind(err)}
	var fields errs.FieldErrors
	if errors.As(err, &fields) {
		p.Errors = fields
		p.Detail = "Some fields are invalid; see errors."
	}
	var coded *errs.Coded
	if errors.As(err, &coded) {
		p.Code, p.Detail = coded.Code, coded.Detail
	}
	if p.Code == "" {
		p.Code = statusCodes[p.Status]
	}
	if p.Status == fiber.StatusServiceUnavailable && p.Detail == "" {
		p.Detail = "A backend this request needs does not answer; try again shortly."
	}
	return p
}

// statusForKind maps the error kinds of package errs to HTTP statuses.
func statusForKind(err error) int {
	switch {
	case errors.Is(err, errs.ErrInvalid):
		return fiber.StatusUnprocessableEntity
	case errors.Is(err, errs.ErrNotFound):
		return fiber.StatusNotFound
	case errors.Is(err, errs.ErrUnauthenticated):
		return fiber.StatusUnauthorized
	case errors.Is(err, errs.ErrForbidden):
		return fiber.StatusForbidden
	case errors.Is(err, errs.ErrConflict):
		return fiber.StatusConflict
	case errors.Is(err, errs.ErrLocked):
		return fiber.StatusLocked
	case errors.Is(err, errs.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return fiber.StatusServiceUnavailable
	default:
		return fiber.StatusInternalServerError
	}
}

// errorHandler is Fiber's one ErrorHandler: every error, from a handler, the router (404,
// 405), the body limit or a recovered panic, leaves as problem+json.
func errorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		p := toProblem(err)
		if p.Status >= 500 && p.Status != fiber.StatusServiceUnavailable {
			logger(c, log).Error("request failed", "err", err, "status", p.Status)
		} else if p.Status == fiber.StatusServiceUnavailable {
			logger(c, log).Warn("backend unavailable", "err", err)
		}
		return writeProblem(c, p)
	}
}

// writeProblem fills the common fields and sends the problem.
func writeProblem(c *fiber.Ctx, p Problem) error {
	if p.Title == "" {
		p.Title = statusText(p.Status)
	}
	if p.Type == "" {
		p.Type = problemTypeBase + p.Code
	}
	p.Instance = string(c.Request().URI().Path())
	p.RequestID = requestID(c)
	if p.Status == fiber.StatusServiceUnavailable || p.Status == fiber.StatusTooManyRequests {
		if len(c.Response().Header.Peek(fiber.HeaderRetryAfter)) == 0 {
			c.Set(fiber.HeaderRetryAfter, "5")
		}
	}
	c.Status(p.Status)
	c.Set(fiber.HeaderContentType, problemContentType)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(p, problemContentType)
}

func statusText(status int) string {
	if t := utils.StatusMessage(status); t != "" {
		return t
	}
	return "Error"
}
