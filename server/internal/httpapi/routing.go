package httpapi

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/banking/directory"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
	"github.com/vouchhq/vouch/shared/routing"
)

// pathRoutingNumber looks up one routing number (API.md, "Banking").
const pathRoutingNumber = "/api/v1/routing-numbers/:rtn"

// routingLookupPerUser bounds how fast one person can walk the directory. A supplier
// typing a routing number looks up a handful; a script harvesting the directory
// (which numbers exist, which banks serve them) would need thousands. Every answer
// counts, invalid ones too, so guessing check digits is no cheaper.
var routingLookupPerUser = rateRule{name: "routing-lookup-user", limit: kv.Limit{Rate: 60, Period: time.Minute, Burst: 30},
	key: func(c *fiber.Ctx) string { return currentPrincipal(c).User.ID }}

// bindRoutingRoutes registers the lookup. Suppliers add bank accounts signed in
// (onboarding is signed in), so nobody needs it before sign-in.
func bindRoutingRoutes(r *router, dir *directory.Service, lim *limiter) {
	h := routingHandlers{dir: dir}
	r.get(pathRoutingNumber, SignedIn, lim.wrap(h.lookup, routingLookupPerUser))
}

type routingHandlers struct{ dir *directory.Service }

// routingNumberJSON is the lookup's answer. Fields the directory does not know are null.
type routingNumberJSON struct {
	RoutingNumber string `json:"routing_number"`
	Valid         bool   `json:"valid"`
	// Reason is why an invalid number is invalid: length, not_digits, prefix or checksum.
	Reason *string `json:"reason"`
	// Detail says the reason in plain words, for a screen to show as is.
	Detail           *string `json:"detail"`
	Status           string  `json:"status"` // active, replaced, not_found or invalid
	BankName         *string `json:"bank_name"`
	City             *string `json:"city"`
	State            *string `json:"state"`
	NewRoutingNumber *string `json:"new_routing_number"`
}

// statusInvalid is the status of a number that fails the format checks.
const statusInvalid = "invalid"

// lookup answers 200 for every number: an invalid one is a normal answer a form shows
// next to the field, not an error.
func (h routingHandlers) lookup(c *fiber.Ctx) error {
	// Params are not unescaped: "0110%200001" must be judged as the "0110 0001" typed.
	rtn, err := url.PathUnescape(c.Params("rtn"))
	if err != nil {
		rtn = c.Params("rtn")
	}
	if len(rtn) > 64 { // nothing that long is a routing number; do not echo it whole
		rtn = rtn[:64]
	}
	res, err := h.dir.Lookup(c.UserContext(), rtn)
	if err != nil {
		return err
	}
	out := routingNumberJSON{RoutingNumber: res.RoutingNumber, Valid: res.Valid(), Status: string(res.Status)}
	if !res.Valid() {
		code, detail := routing.Code(res.Reason), res.Reason.Error()
		out.Reason, out.Detail, out.Status = &code, &detail, statusInvalid
	}
	if res.Status == directory.Active || res.Status == directory.Replaced {
		out.BankName, out.City, out.State = &res.BankName, &res.City, &res.State
	}
	if res.Status == directory.Replaced {
		out.NewRoutingNumber = &res.NewRoutingNumber
	}
	// The directory changes a few times a year; a form re-asking while typing can reuse
	// an answer for a few minutes, but no shared cache should keep a signed-in answer.
	c.Set(fiber.HeaderCacheControl, "private, max-age=300")
	return c.JSON(out)
}
