package identity_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

func TestValidatePassword(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		pw   string
		ok   bool
	}{
		{"empty", "", false},
		{"eleven", strings.Repeat("a", 11), false},
		{"twelve", strings.Repeat("a", 12), true},
		{"twelve runes of three bytes", strings.Repeat("€", 12), true},
		{"eleven runes but 33 bytes", strings.Repeat("€", 11), false},
		{"128", strings.Repeat("b", 128), true},
		{"129", strings.Repeat("b", 129), false},
		{"invalid utf-8", strings.Repeat("a", 12) + "\xff", false},
		{"passphrase", "correct horse battery staple", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := identity.ValidatePassword(tt.pw)
			if tt.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, errs.ErrInvalid)
			var coded *errs.Coded
			require.True(t, errors.As(err, &coded))
			assert.Equal(t, "weak_password", coded.Code)
			assert.NotEmpty(t, coded.Detail)
		})
	}
}

func TestParseRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want identity.Role
		ok   bool
	}{
		{"platform_admin", identity.RolePlatformAdmin, true},
		{"support", identity.RoleSupport, true},
		{" Customer_Admin ", identity.RoleCustomerAdmin, true},
		{"supplier_user", identity.RoleSupplierUser, true},
		{"admin", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := identity.ParseRole(tt.in)
			if !tt.ok {
				require.ErrorIs(t, err, errs.ErrInvalid)
				var coded *errs.Coded
				require.True(t, errors.As(err, &coded))
				assert.Equal(t, "invalid_role", coded.Code)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	kind, scoped := identity.RoleCustomerAdmin.OrgKind()
	assert.True(t, scoped)
	assert.Equal(t, identity.OrgCustomer, kind)
	_, scoped = identity.RoleSupport.OrgKind()
	assert.False(t, scoped)
}

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		ok       bool
	}{
		{" Admin@Acme.Example ", "admin@acme.example", true},
		{"a.b+tag@example.com", "a.b+tag@example.com", true},
		{"Ann <ann@example.com>", "", false},
		{"no-at-sign", "", false},
		{"two@@example.com", "", false},
		{"", "", false},
		{strings.Repeat("a", 250) + "@x.io", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := identity.NormalizeEmail(tt.in)
			if !tt.ok {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
