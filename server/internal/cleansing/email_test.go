package cleansing

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

func TestEmail(t *testing.T) {
	t.Parallel()
	const notAddress = "is not an e-mail address: write just the address, like name@example.com"
	tests := []struct{ name, in, want, err string }{
		{name: "plain", in: "ap@acme.example", want: "ap@acme.example"},
		{name: "trimmed", in: "  ap@acme.example\n", want: "ap@acme.example"},
		{name: "domain lowercased, local part kept", in: "Jane.Doe@ACME.Example.COM", want: "Jane.Doe@acme.example.com"},
		{name: "plus and subdomain", in: "ap+invoices@mail.acme.co.uk", want: "ap+invoices@mail.acme.co.uk"},
		{name: "punycode domain", in: "info@xn--mnchen-3ya.de", want: "info@xn--mnchen-3ya.de"},
		{name: "punycode tld", in: "info@example.xn--p1ai", want: "info@example.xn--p1ai"},
		{name: "hyphen and digits", in: "a@my-shop24.example", want: "a@my-shop24.example"},
		{name: "display name", in: "Jane <jane@acme.example>", err: notAddress},
		{name: "angle brackets", in: "<jane@acme.example>", err: notAddress},
		{name: "two addresses", in: "a@acme.example, b@acme.example", err: notAddress},
		{name: "no at", in: "acme.example", err: notAddress},
		{name: "space inside", in: "jane doe@acme.example", err: notAddress},
		{name: "quoted local part", in: `"jane doe"@acme.example`, err: notAddress},
		{name: "ip literal", in: "jane@[192.0.2.1]", err: "has a domain that is an IP address: use a domain name, like example.com"},
		{name: "dotted ip", in: "jane@192.0.2.1", err: "has a domain that is an IP address: use a domain name, like example.com"},
		{name: "numeric tld", in: "jane@acme.123", err: "has a domain that has a top-level domain that is not letters, like .com"},
		{name: "localhost", in: "root@localhost", err: "has a domain that needs a dot and a top-level domain, like example.com"},
		{name: "dot localhost", in: "root@app.localhost", err: "has a domain that is a local name, not one on the internet"},
		{name: "single label", in: "jane@acme", err: "has a domain that needs a dot and a top-level domain, like example.com"},
		{name: "one-letter tld", in: "jane@acme.c", err: "has a domain that has a top-level domain that is not letters, like .com"},
		{name: "underscore", in: "jane@ac_me.example", err: "has a domain that may contain only letters, digits, hyphens and dots"},
		{name: "leading hyphen", in: "jane@-acme.example", err: "has a domain that has a part that starts or ends with a hyphen"},
		{name: "unicode domain", in: "info@münchen.de", err: "has a domain that has non-ASCII letters: write an international name in its xn-- form"},
		{name: "long label", in: "a@" + strings.Repeat("x", 64) + ".example", err: "has a domain that has a part longer than 63 characters"},
		{name: "long local part", in: strings.Repeat("x", 65) + "@acme.example", err: "has more than 64 characters before the @"},
		{name: "too long", in: strings.Repeat("x", 60) + "@" + strings.Repeat("y.", 100) + "example", err: "must be at most 254 characters"},
		{name: "blank", in: " ", err: "is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Email(tt.in)
			if tt.err != "" {
				require.Error(t, err)
				assert.Equal(t, tt.err, err.Error())
				assert.ErrorIs(t, err, errs.ErrInvalid)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			again, err := Email(got)
			require.NoError(t, err)
			assert.Equal(t, got, again, "idempotent")
		})
	}
}
