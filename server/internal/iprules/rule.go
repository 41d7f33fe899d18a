// Package iprules keeps the IP allowlists: site-wide rules that every request must match
// and per-user rules that a user's sign-in and requests must match. An empty list allows
// every address. Changes are audited, and a change that would lock out the admin making
// it is refused.
package iprules

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Rule allows one CIDR, site-wide (UserID empty) or for one user.
type Rule struct {
	ID        string    `db:"id" json:"id"`
	UserID    *string   `db:"user_id" json:"user_id,omitempty"`
	CIDR      string    `db:"cidr" json:"cidr"`
	Note      string    `db:"note" json:"note"`
	CreatedBy string    `db:"created_by" json:"created_by"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// maxNote bounds a rule's note.
const maxNote = 500

// ParseCIDR reads an IPv4 or IPv6 CIDR ("10.0.0.0/8", "2001:db8::/32") or a bare address
// (a /32 or /128) and returns it in canonical, masked form. IPv4-mapped IPv6 addresses are
// taken as IPv4, so a rule means the same whichever way a client connects.
func ParseCIDR(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	bad := &errs.Coded{Kind: errs.ErrInvalid, Code: "invalid_cidr",
		Detail: fmt.Sprintf("%q is not an IPv4 or IPv6 CIDR such as 203.0.113.0/24 or 2001:db8::/48.", truncate(s, 60))}
	if s == "" || len(s) > 64 {
		return netip.Prefix{}, bad
	}
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil || a.Zone() != "" {
			return netip.Prefix{}, bad
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || p.Addr().Zone() != "" {
		return netip.Prefix{}, bad
	}
	if p.Addr().Is4In6() && p.Bits() >= 96 {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
}

// allows reports whether any of the prefixes contains the address; an empty list allows all.
func allows(prefixes []netip.Prefix, addr netip.Addr) bool {
	if len(prefixes) == 0 {
		return true
	}
	addr = addr.Unmap()
	for _, p := range prefixes {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

func prefixesOf(rules []Rule) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(rules))
	for _, r := range rules {
		if p, err := netip.ParsePrefix(r.CIDR); err == nil {
			out = append(out, p)
		}
	}
	return out
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
