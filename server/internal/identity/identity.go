// Package identity owns who may use Vouch: organisations (customers, suppliers, the
// platform), users, their role grants and their passwords (argon2id). It knows nothing of
// HTTP; the httpapi and the CLI call its Service.
package identity

import "time"

// OrgKind says what an organisation is to the platform.
type OrgKind string

// The organisation kinds.
const (
	// OrgCustomer is a paying company that invites and approves its suppliers.
	OrgCustomer OrgKind = "customer"
	// OrgSupplier is a business that gets paid by customers.
	OrgSupplier OrgKind = "supplier"
	// OrgPlatform is the operator of Vouch itself (reserved; platform roles carry no org).
	OrgPlatform OrgKind = "platform"
)

// Valid reports whether k is one of the known kinds.
func (k OrgKind) Valid() bool {
	switch k {
	case OrgCustomer, OrgSupplier, OrgPlatform:
		return true
	}
	return false
}

// Org is an organisation. Names are unique per kind, ignoring case.
type Org struct {
	ID        string    `db:"id" json:"id"`
	Kind      OrgKind   `db:"kind" json:"kind"`
	Name      string    `db:"name" json:"name"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// UserStatus says whether a user may sign in at all.
type UserStatus string

// The user statuses.
const (
	// StatusActive users may sign in.
	StatusActive UserStatus = "active"
	// StatusDisabled users may not sign in; their data stays.
	StatusDisabled UserStatus = "disabled"
)

// RoleGrant gives a user a role, scoped to an organisation for the org-bound roles
// (customer_admin, supplier_user) and platform-wide (OrgID empty) for the others.
type RoleGrant struct {
	Role  Role   `json:"role"`
	OrgID string `json:"org_id,omitempty"`
}

// User is a person who signs in. Email is stored lowercased; lookups ignore case.
type User struct {
	ID    string `db:"id" json:"id"`
	Email string `db:"email" json:"email"`
	Name  string `db:"name" json:"name"`
	// PasswordHash is the argon2id PHC string, empty when no password is set yet. It never
	// leaves the server.
	PasswordHash       string     `db:"password_hash" json:"-"`
	Status             UserStatus `db:"status" json:"status"`
	MustChangePassword bool       `db:"must_change_password" json:"must_change_password"`
	LockedUntil        *time.Time `db:"locked_until" json:"locked_until,omitempty"`
	CreatedAt          time.Time  `db:"created_at" json:"created_at"`
	UpdatedAt          time.Time  `db:"updated_at" json:"updated_at"`
	// Roles are the user's grants, loaded with the user.
	Roles []RoleGrant `db:"-" json:"roles"`
}
