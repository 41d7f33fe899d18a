package cleansing

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

func TestWebsite(t *testing.T) {
	t.Parallel()
	const notHTTP = "must be an http or https address"
	tests := []struct{ name, in, want, err string }{
		{name: "bare host gets https", in: "acme.example", want: "https://acme.example"},
		{name: "www", in: "www.acme.example", want: "https://www.acme.example"},
		{name: "host lowercased", in: "HTTPS://WWW.Acme.Example", want: "https://www.acme.example"},
		{name: "http kept", in: "http://acme.example", want: "http://acme.example"},
		{name: "trailing slash dropped", in: "https://acme.example/", want: "https://acme.example"},
		{name: "path trailing slash dropped", in: "https://acme.example/about/", want: "https://acme.example/about"},
		{name: "path case kept", in: "acme.example/About-Us", want: "https://acme.example/About-Us"},
		{name: "query kept", in: "https://acme.example/?ref=vouch", want: "https://acme.example?ref=vouch"},
		{name: "default https port dropped", in: "https://acme.example:443/", want: "https://acme.example"},
		{name: "default http port dropped", in: "http://acme.example:80", want: "http://acme.example"},
		{name: "other port kept", in: "acme.example:8443", want: "https://acme.example:8443"},
		{name: "leading zeros in port", in: "https://acme.example:0443", want: "https://acme.example"},
		{name: "trailing dot in host", in: "https://acme.example./", want: "https://acme.example"},
		{name: "scheme-relative", in: "//acme.example", want: "https://acme.example"},
		{name: "spaces around", in: "  acme.example  ", want: "https://acme.example"},
		{name: "javascript", in: "javascript:alert(1)", err: notHTTP},
		{name: "mailto", in: "mailto:ap@acme.example", err: notHTTP},
		{name: "ftp", in: "ftp://acme.example", err: notHTTP},
		{name: "data", in: "data:text/html,hi", err: notHTTP},
		{name: "file", in: "file:///etc/passwd", err: notHTTP},
		{name: "userinfo", in: "https://bank.example@evil.example", err: "must not contain a user name or password"},
		{name: "ip address", in: "http://192.0.2.1/", err: "has a host name that is an IP address: use a domain name, like example.com"},
		{name: "ipv6", in: "http://[::1]/", err: "has a host name that is an IP address: use a domain name, like example.com"},
		{name: "ip address without scheme", in: "192.0.2.1:8080", err: "has a host name that is an IP address: use a domain name, like example.com"},
		{name: "localhost with port", in: "localhost:3000", err: "has a host name that needs a dot and a top-level domain, like example.com"},
		{name: "single label", in: "https://intranet", err: "has a host name that needs a dot and a top-level domain, like example.com"},
		{name: "bad port", in: "https://acme.example:99999", err: "has a port that is not a number from 1 to 65535"},
		{name: "port zero", in: "https://acme.example:0", err: "has a port that is not a number from 1 to 65535"},
		{name: "space inside", in: "acme example.com", err: "must not contain spaces"},
		{name: "no host", in: "https://", err: "is not a web address, like https://example.com"},
		{name: "blank", in: "", err: "is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Website(tt.in)
			if tt.err != "" {
				require.Error(t, err)
				assert.Equal(t, tt.err, err.Error())
				assert.ErrorIs(t, err, errs.ErrInvalid)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			again, err := Website(got)
			require.NoError(t, err)
			assert.Equal(t, got, again, "idempotent")
		})
	}
}
