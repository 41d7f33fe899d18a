package httpapi_test

import (
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/abuse"
	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
)

// tripUntilBlocked guesses passwords from c until its address is blocked, and returns how
// many rate-limit denials (429 rate_limited) it took.
func tripUntilBlocked(t *testing.T, c *apitest.Client, email string) int {
	t.Helper()
	trips := 0
	for i := range 40 {
		r := c.Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": email, "password": "guess " + strconv.Itoa(i)})
		if r.Status != http.StatusTooManyRequests {
			require.Equal(t, http.StatusUnauthorized, r.Status, "%s", r.Body)
			continue
		}
		if r.Problem(t) == "ip_blocked" {
			return trips
		}
		trips++
	}
	t.Fatalf("%s was never blocked", c.IP())
	return 0
}

func TestAddressesThatTripLimitsRepeatedlyAreBlocked(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "ops@vouch.example", adminPW, identity.RolePlatformAdmin, "")
		e.CreateUser(t, "ops2@vouch.example", adminPW, identity.RolePlatformAdmin, "")
		e.CreateUser(t, "help@vouch.example", adminPW, identity.RoleSupport, "")
		ops, help := e.Client(), e.Client()
		ops.SignIn(t, "ops@vouch.example", adminPW)
		help.SignIn(t, "help@vouch.example", adminPW)

		bot := e.Client()
		assert.Equal(t, abuse.DefaultTrips, tripUntilBlocked(t, bot, "ap@acme.example"), "blocked at the fifth denial")
		for _, path := range []string{"/api/v1/auth/csrf", "/api/v1/me", "/api/v1/openapi.json"} {
			r := bot.Do(t, "GET", path, nil)
			require.Equal(t, http.StatusTooManyRequests, r.Status, path)
			assert.Equal(t, "ip_blocked", r.Problem(t), path)
			secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
			require.NoError(t, err)
			assert.InDelta(t, abuse.DefaultBlockFor.Seconds(), secs, 5, "Retry-After says when the block ends")
		}
		assert.Equal(t, http.StatusOK, bot.Do(t, "GET", "/healthz", nil).Status, "probes are never blocked")
		assert.Equal(t, http.StatusNoContent, e.Client().Do(t, "GET", "/api/v1/auth/csrf", nil).Status, "other addresses are not")

		events, err := e.App.Audit.List(t.Context(), auditFilter(bot.IP(), "ip.blocked"))
		require.NoError(t, err)
		assert.Len(t, events, 1, "one block, one audit event, however many requests it refused")
		for _, to := range []string{"ops@vouch.example", "ops2@vouch.example"} {
			assert.Equal(t, []string{"Vouch: address " + bot.IP() + " was blocked"}, mailSubjects(t, e, to, 1), to)
		}
		msg, err := e.Mail.WaitFor(t.Context(), "ops@vouch.example")
		require.NoError(t, err)
		assert.Contains(t, msg.Text, "/admin/ip-blocks")

		var list struct {
			Blocks []struct {
				IP    string `json:"ip"`
				Trips int    `json:"trips"`
				Rule  string `json:"rule"`
			} `json:"blocks"`
		}
		help.Do(t, "GET", "/api/v1/admin/ip-blocks", nil).JSON(t, &list)
		require.Len(t, list.Blocks, 1, "support sees blocks")
		assert.Equal(t, bot.IP(), list.Blocks[0].IP)
		assert.Equal(t, abuse.DefaultTrips, list.Blocks[0].Trips)
		assert.Equal(t, "login-account", list.Blocks[0].Rule)

		lift := "/api/v1/admin/ip-blocks/" + bot.IP()
		reason := map[string]string{"reason": "customer office behind one NAT"}
		for name, tc := range map[string]struct {
			c      *apitest.Client
			path   string
			body   any
			status int
			code   string
		}{
			"support may not lift": {help, lift, reason, 403, "forbidden"},
			"no reason":            {ops, lift, map[string]string{}, 422, "invalid_input"},
			"not an address":       {ops, "/api/v1/admin/ip-blocks/10.0.0.300", reason, 422, "invalid_input"},
			"a CIDR":               {ops, "/api/v1/admin/ip-blocks/10.0.0.0%2F8", reason, 422, "invalid_input"},
			"not blocked":          {ops, "/api/v1/admin/ip-blocks/203.0.113.77", reason, 404, "ip_block_not_found"},
			"not blocked, IPv6":    {ops, "/api/v1/admin/ip-blocks/2001:db8::7", reason, 404, "ip_block_not_found"},
		} {
			r := tc.c.Do(t, "DELETE", tc.path, tc.body)
			assert.Equal(t, tc.status, r.Status, "%s: %s", name, r.Body)
			assert.Equal(t, tc.code, r.Problem(t), name)
		}
		assert.Equal(t, "ip_blocked", bot.Do(t, "GET", "/api/v1/auth/csrf", nil).Problem(t), "refused lifts change nothing")

		require.Equal(t, http.StatusNoContent, ops.Do(t, "DELETE", lift, reason).Status)
		assert.Equal(t, http.StatusNoContent, bot.Do(t, "GET", "/api/v1/auth/csrf", nil).Status, "lifted at once")
		assert.Equal(t, "ip_block_not_found", ops.Do(t, "DELETE", lift, reason).Problem(t))
		help.Do(t, "GET", "/api/v1/admin/ip-blocks", nil).JSON(t, &list)
		assert.Empty(t, list.Blocks)
		events, err = e.App.Audit.List(t.Context(), auditFilter(bot.IP(), "ip.unblocked"))
		require.NoError(t, err)
		require.Len(t, events, 1)
		assert.Equal(t, "customer office behind one NAT", events[0].Reason)
	}, apitest.WithMail())
}

func TestLoopbackAndProxiesAreNeverBlocked(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		for _, ip := range []string{"127.0.0.1", "::1"} {
			c := e.ClientFrom(ip)
			for i := range 16 {
				r := c.Do(t, "POST", "/api/v1/auth/login", map[string]string{"email": "ap@acme.example", "password": "guess " + strconv.Itoa(i)})
				if r.Status == http.StatusTooManyRequests {
					assert.Equal(t, "rate_limited", r.Problem(t), "%s is rate limited, never blocked", ip)
				}
			}
		}
		g := abuse.New(abuse.Deps{KV: e.App.KV, Audit: e.App.Audit, Users: e.App.Identity.Store(),
			Config: abuse.Config{Trips: 1, Exempt: []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}}})
		g.Trip(t.Context(), netip.MustParseAddr("10.1.2.3"), "test")
		_, blocked := g.Blocked(t.Context(), netip.MustParseAddr("10.1.2.3"))
		assert.False(t, blocked, "a trusted proxy is never blocked")
	})
}

func TestABlockIsRecordedOnceWhenTripsRace(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		ip := netip.MustParseAddr("203.0.113.50")
		var wg sync.WaitGroup
		for range 3 * abuse.DefaultTrips {
			wg.Go(func() { e.App.Abuse.Trip(t.Context(), ip, "test") })
		}
		wg.Wait()
		b, blocked := e.App.Abuse.Blocked(t.Context(), ip)
		require.True(t, blocked)
		assert.Equal(t, ip.String(), b.IP)
		events, err := e.App.Audit.List(t.Context(), auditFilter(ip.String(), "ip.blocked"))
		require.NoError(t, err)
		assert.Len(t, events, 1)
	})
}
