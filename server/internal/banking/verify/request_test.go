package verify_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/banking/verify"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/vault"
)

func TestRequestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(*verify.Request)
		field string // "" when valid
	}{
		{"valid", func(*verify.Request) {}, ""},
		{"savings", func(r *verify.Request) { r.AccountType = verify.Savings }, ""},
		{"legal name only", func(r *verify.Request) { r.HolderName = "" }, ""},
		{"short routing", func(r *verify.Request) { r.RoutingNumber = "02100002" }, "routing_number"},
		{"routing checksum", func(r *verify.Request) { r.RoutingNumber = "021000022" }, "routing_number"},
		{"account too short", func(r *verify.Request) { r.AccountNumber = vault.NewSecret("123") }, "account_number"},
		{"account too long", func(r *verify.Request) { r.AccountNumber = vault.NewSecret("123456789012345678") }, "account_number"},
		{"account not digits", func(r *verify.Request) { r.AccountNumber = vault.NewSecret("1234-5678") }, "account_number"},
		{"account missing", func(r *verify.Request) { r.AccountNumber = vault.Secret{} }, "account_number"},
		{"account type", func(r *verify.Request) { r.AccountType = "brokerage" }, "account_type"},
		{"no name", func(r *verify.Request) { r.HolderName, r.LegalName = "", "" }, "holder_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := request(planted)
			tt.edit(&req)
			err := req.Validate()
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, errs.ErrInvalid)
			var fe errs.FieldErrors
			require.True(t, errors.As(err, &fe))
			require.Len(t, fe, 1)
			assert.Equal(t, tt.field, fe[0].Field)
			assert.NotContains(t, err.Error(), "12345678")
			assert.NotContains(t, err.Error(), planted)
		})
	}
}
