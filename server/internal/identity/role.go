package identity

import (
	"strings"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Role is what a user may do; routes declare the roles they admit.
type Role string

// The roles.
const (
	// RolePlatformAdmin runs the platform: site-wide IP rules, keys, imports, audit checks.
	RolePlatformAdmin Role = "platform_admin"
	// RoleSupport helps users (resets, unlocks) with a reason, audited, never seeing secrets.
	RoleSupport Role = "support"
	// RoleCustomerAdmin manages one customer org's suppliers.
	RoleCustomerAdmin Role = "customer_admin"
	// RoleSupplierUser acts for one supplier org.
	RoleSupplierUser Role = "supplier_user"
)

// Roles lists every role, platform-wide ones first.
func Roles() []Role {
	return []Role{RolePlatformAdmin, RoleSupport, RoleCustomerAdmin, RoleSupplierUser}
}

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	_, _, ok := r.scope()
	return ok
}

// OrgKind returns the kind of organisation a grant of r is scoped to, and false for the
// platform-wide roles (platform_admin, support), whose grants carry no org.
func (r Role) OrgKind() (OrgKind, bool) {
	kind, scoped, _ := r.scope()
	return kind, scoped
}

// scope tells, for a known role, whether it is bound to an org and of which kind.
func (r Role) scope() (kind OrgKind, scoped, known bool) {
	switch r {
	case RolePlatformAdmin, RoleSupport:
		return "", false, true
	case RoleCustomerAdmin:
		return OrgCustomer, true, true
	case RoleSupplierUser:
		return OrgSupplier, true, true
	}
	return "", false, false
}

// ParseRole reads a role name, ignoring case and surrounding space. An unknown name gives
// an errs.Coded of kind ErrInvalid with code "invalid_role".
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	if !r.Valid() {
		names := make([]string, 0, 4)
		for _, known := range Roles() {
			names = append(names, string(known))
		}
		return "", &errs.Coded{Kind: errs.ErrInvalid, Code: "invalid_role",
			Detail: "role must be one of " + strings.Join(names, ", ")}
	}
	return r, nil
}
