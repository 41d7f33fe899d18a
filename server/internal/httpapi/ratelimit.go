package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/abuse"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// rateRule is one limit on one kind of request, keyed by something about it (the client
// address, the e-mail tried). Limits live in kv, so they hold across instances.
type rateRule struct {
	name  string
	limit kv.Limit
	key   func(c *fiber.Ctx) string // "" skips the rule for this request
}

// Sign-in limits. Per address they stop one machine spraying many accounts; per account
// and address they stop one machine guessing one password. The account rule is keyed by
// address too, so an attacker cannot keep the real user out from elsewhere; guessing one
// account from many addresses is the progressive lockout's job (identity issue, part 7).
var (
	loginPerIP = rateRule{name: "login-ip", limit: kv.Limit{Rate: 30, Period: time.Minute, Burst: 10},
		key: func(c *fiber.Ctx) string { return ClientIP(c).String() }}
	loginPerAccount = rateRule{name: "login-account", limit: kv.Limit{Rate: 10, Period: 15 * time.Minute, Burst: 5},
		key: func(c *fiber.Ctx) string {
			if k := emailKey(c); k != "" {
				return k + ":" + ClientIP(c).String()
			}
			return ""
		}}
)

// emailKey hashes the e-mail in a JSON body so kv never holds addresses in the clear.
func emailKey(c *fiber.Ctx) string {
	var body struct {
		Email string `json:"email"`
	}
	// Lenient on purpose: this only picks a limiter key; the handler validates the body.
	if err := json.Unmarshal(c.Body(), &body); err != nil || body.Email == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(body.Email))))
	return hex.EncodeToString(sum[:16])
}

// limiter applies rate rules before a handler; every denial counts towards blocking the
// address (abuse; nil counts nothing).
type limiter struct {
	kv    kv.Store
	abuse *abuse.Guard
}

// wrap returns h guarded by the rules, in order; the first that denies answers 429 with
// Retry-After.
func (l *limiter) wrap(h fiber.Handler, rules ...rateRule) fiber.Handler {
	if l == nil || l.kv == nil {
		return h
	}
	return func(c *fiber.Ctx) error {
		for _, r := range rules {
			key := r.key(c)
			if key == "" {
				continue
			}
			d, err := l.kv.Allow(c.UserContext(), "rl:"+r.name+":"+key, r.limit)
			if err != nil {
				return err
			}
			if !d.Allowed {
				if l.abuse != nil {
					l.abuse.Trip(c.UserContext(), ClientIP(c), r.name)
				}
				secs := int(math.Ceil(d.RetryAfter.Seconds()))
				c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(secs, 1)))
				return &problemError{Problem{Status: fiber.StatusTooManyRequests, Code: "rate_limited",
					Detail: "Too many attempts. Wait " + strconv.Itoa(max(secs, 1)) + " seconds and try again."}}
			}
		}
		return h(c)
	}
}
