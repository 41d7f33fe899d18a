package httpapi

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// clientAddr decides who the client is. Fiber v2's c.IP() with a proxy header returns the
// leftmost X-Forwarded-For entry, which the client chooses freely, even with its
// trusted-proxy check on. So we take the TCP peer, and only when that peer is one of our
// trusted proxies do we read X-Forwarded-For from the right, skipping further trusted hops:
// the first untrusted address is the one a trusted proxy actually saw.
func clientAddr(peer netip.Addr, xff []string, trusted []netip.Prefix) netip.Addr {
	peer = peer.Unmap()
	if !isTrusted(peer, trusted) {
		return peer
	}
	hops := splitForwarded(xff)
	addr := peer
	for i := len(hops) - 1; i >= 0; i-- {
		hop, ok := parseHop(hops[i])
		if !ok {
			// A garbled hop means we cannot trust anything further left.
			return addr
		}
		addr = hop
		if !isTrusted(hop, trusted) {
			return hop
		}
	}
	return addr
}

// splitForwarded flattens repeated X-Forwarded-For headers into hops, in order.
func splitForwarded(values []string) []string {
	var hops []string
	for _, v := range values {
		for _, h := range strings.Split(v, ",") {
			if h = strings.TrimSpace(h); h != "" {
				hops = append(hops, h)
			}
		}
	}
	return hops
}

// parseHop reads one X-Forwarded-For entry: a bare IPv4 or IPv6 address, optionally with a
// port ("1.2.3.4:5", "[::1]:5") that some proxies add.
func parseHop(h string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(h); err == nil {
		return a.Unmap(), a.Zone() == ""
	}
	if ap, err := netip.ParseAddrPort(h); err == nil {
		return ap.Addr().Unmap(), ap.Addr().Zone() == ""
	}
	return netip.Addr{}, false
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// resolveClientIP stores the client address for everything after it: IP rules, rate
// limits, audit and logs all use this one value.
func resolveClientIP(trusted []netip.Prefix) fiber.Handler {
	return func(c *fiber.Ctx) error {
		peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
		var xff []string
		if len(trusted) > 0 {
			c.Request().Header.VisitAll(func(k, v []byte) {
				if strings.EqualFold(string(k), fiber.HeaderXForwardedFor) {
					xff = append(xff, string(v))
				}
			})
		}
		c.Locals(localClientIP, clientAddr(peer, xff, trusted))
		return c.Next()
	}
}

// ClientIP returns the client address decided by resolveClientIP.
func ClientIP(c *fiber.Ctx) netip.Addr {
	a, _ := c.Locals(localClientIP).(netip.Addr)
	return a
}
