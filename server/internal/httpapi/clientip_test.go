package httpapi

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vouchhq/vouch/server/internal/config"
)

func TestClientAddr(t *testing.T) {
	trusted, err := config.ParseCIDRs("10.0.0.0/8, 2001:db8:ffff::/48")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		peer string
		xff  []string
		want string
	}{
		{"direct client, no header", "203.0.113.9", nil, "203.0.113.9"},
		{"direct client forging XFF is ignored", "203.0.113.9", []string{"6.6.6.6"}, "203.0.113.9"},
		{"trusted proxy, one hop", "10.0.0.2", []string{"198.51.100.7"}, "198.51.100.7"},
		{"trusted proxy, spoofed hop prepended", "10.0.0.2", []string{"6.6.6.6, 198.51.100.7"}, "198.51.100.7"},
		{"two trusted hops", "10.0.0.2", []string{"198.51.100.7, 10.1.1.1"}, "198.51.100.7"},
		{"repeated headers read in order", "10.0.0.2", []string{"6.6.6.6", "198.51.100.7, 10.9.9.9"}, "198.51.100.7"},
		{"trusted proxy without header", "10.0.0.2", nil, "10.0.0.2"},
		{"garbled rightmost hop stops at proxy", "10.0.0.2", []string{"6.6.6.6, not-an-ip"}, "10.0.0.2"},
		{"garbled hop left of a trusted hop", "10.0.0.2", []string{"junk, 10.3.3.3"}, "10.3.3.3"},
		{"hop with port", "10.0.0.2", []string{"198.51.100.7:4431"}, "198.51.100.7"},
		{"ipv6 hop with port", "10.0.0.2", []string{"[2001:db8::5]:443"}, "2001:db8::5"},
		{"ipv4-mapped peer is unmapped", "::ffff:203.0.113.9", []string{"6.6.6.6"}, "203.0.113.9"},
		{"ipv4-mapped trusted peer", "::ffff:10.0.0.2", []string{"::ffff:198.51.100.7"}, "198.51.100.7"},
		{"ipv6 trusted proxy", "2001:db8:ffff::1", []string{"2001:db8:1::9"}, "2001:db8:1::9"},
		{"all hops trusted gives the leftmost", "10.0.0.2", []string{"10.5.5.5, 10.6.6.6"}, "10.5.5.5"},
		{"zone in hop is refused", "10.0.0.2", []string{"fe80::1%eth0"}, "10.0.0.2"},
		{"empty entries skipped", "10.0.0.2", []string{" , 198.51.100.7 ,"}, "198.51.100.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clientAddr(netip.MustParseAddr(tt.peer), tt.xff, trusted)
			assert.Equal(t, tt.want, got.String())
		})
	}
}

func TestClientAddrNoTrustedProxies(t *testing.T) {
	got := clientAddr(netip.MustParseAddr("10.0.0.2"), []string{"198.51.100.7"}, nil)
	assert.Equal(t, "10.0.0.2", got.String())
}

func FuzzClientAddr(f *testing.F) {
	f.Add("10.0.0.2", "6.6.6.6, 198.51.100.7")
	f.Add("::ffff:10.0.0.2", "[::1]:80,,x")
	trusted, _ := config.ParseCIDRs("10.0.0.0/8")
	f.Fuzz(func(t *testing.T, peer, xff string) {
		p, err := netip.ParseAddr(peer)
		if err != nil {
			return
		}
		got := clientAddr(p, []string{xff}, trusted)
		if !got.IsValid() {
			t.Fatalf("invalid address for peer %q xff %q", peer, xff)
		}
		if !isTrusted(p.Unmap(), trusted) && got != p.Unmap() {
			t.Fatalf("untrusted peer %s let XFF choose %s", p, got)
		}
	})
}
