package iprules

import (
	"net/netip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCIDR(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" means refused
	}{
		{"10.0.0.0/8", "10.0.0.0/8"},
		{"10.1.2.3/8", "10.0.0.0/8"},
		{" 203.0.113.7 ", "203.0.113.7/32"},
		{"2001:db8::/32", "2001:db8::/32"},
		{"2001:DB8::1", "2001:db8::1/128"},
		{"::ffff:198.51.100.0/120", "198.51.100.0/24"},
		{"::ffff:198.51.100.9", "198.51.100.9/32"},
		{"0.0.0.0/0", "0.0.0.0/0"},
		{"::/0", "::/0"},
		{"10.0.0.0/33", ""},
		{"::/-1", ""},
		{"::/129", ""},
		{"10.0.0/8", ""},
		{"256.0.0.1", ""},
		{"fe80::1%eth0", ""},
		{"fe80::%eth0/64", ""},
		{"", ""},
		{"banana", ""},
		{"10.0.0.0/8,10.1.0.0/16", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParseCIDR(tt.in)
			if tt.want == "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "invalid_cidr")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.String())
		})
	}
}

func TestAllows(t *testing.T) {
	list := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}
	assert.True(t, allows(nil, netip.MustParseAddr("192.0.2.1")), "an empty list allows all")
	assert.True(t, allows(list, netip.MustParseAddr("10.9.9.9")))
	assert.True(t, allows(list, netip.MustParseAddr("::ffff:10.9.9.9")), "mapped addresses match IPv4 rules")
	assert.True(t, allows(list, netip.MustParseAddr("2001:db8:1::1")))
	assert.False(t, allows(list, netip.MustParseAddr("192.0.2.1")))
	assert.False(t, allows(list, netip.MustParseAddr("2001:db9::1")))
}

func FuzzParseCIDR(f *testing.F) {
	for _, s := range []string{"10.0.0.0/8", "::/0", "::ffff:1.2.3.4/128", "1.2.3.4", "x/1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseCIDR(s)
		if err != nil {
			return
		}
		if !p.IsValid() || p != p.Masked() {
			t.Fatalf("%q gave %v, not a valid masked prefix", s, p)
		}
		again, err := ParseCIDR(p.String())
		if err != nil || again != p {
			t.Fatalf("%q: canonical form %v does not parse back to itself", s, p)
		}
	})
}
