package identity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Id prefixes: ids are db.NewID(prefix), e.g. "usr_" followed by 26 base32 characters.
const (
	orgIDPrefix  = "org"
	userIDPrefix = "usr"
)

// maxOrgNameLen bounds organisation names, in characters.
const maxOrgNameLen = 200

// Store keeps organisations, users and role grants. Every method runs in the transaction
// carried by ctx, if any (db.WithTx).
type Store struct {
	db    *db.DB
	now   func() time.Time
	cache kv.Store // accounts cache; nil: none (see CacheAccounts)
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store {
	return &Store{db: d, now: time.Now}
}

// DB returns the database the store runs on, so a caller can group store calls in
// one db.WithTx.
func (s *Store) DB() *db.DB { return s.db }

// timestamp returns the current time as both backends store it.
func (s *Store) timestamp() time.Time { return db.NormalizeTime(s.now()) }

// NormalizeOrgName trims surrounding space and collapses inner runs of white space, so
// "Acme  Corp " and "Acme Corp" name the same org.
func NormalizeOrgName(name string) string { return strings.Join(strings.Fields(name), " ") }

// checkOrg validates an org kind and an already normalized name.
func checkOrg(kind OrgKind, name string) error {
	var fe errs.FieldErrors
	if !kind.Valid() {
		fe = fe.Add("kind", "must be customer, supplier or platform")
	}
	switch {
	case name == "":
		fe = fe.Add("org", "must not be empty")
	case utf8.RuneCountInString(name) > maxOrgNameLen:
		fe = fe.Add("org", fmt.Sprintf("must be at most %d characters", maxOrgNameLen))
	}
	return fe.OrNil()
}

// CreateOrg adds an organisation. A name already used by an org of the same kind (in any
// case) gives an errs.Coded of kind ErrConflict with code "org_name_taken".
func (s *Store) CreateOrg(ctx context.Context, kind OrgKind, name string) (Org, error) {
	name = NormalizeOrgName(name)
	if err := checkOrg(kind, name); err != nil {
		return Org{}, fmt.Errorf("create org: %w", err)
	}
	org := Org{ID: db.NewID(orgIDPrefix), Kind: kind, Name: name, CreatedAt: s.timestamp()}
	_, err := s.db.Exec(ctx, `INSERT INTO orgs (id, kind, name, created_at) VALUES (?, ?, ?, ?)`,
		org.ID, org.Kind, org.Name, org.CreatedAt)
	if errors.Is(err, errs.ErrConflict) {
		return Org{}, fmt.Errorf("create %s org: %w", kind, &errs.Coded{Kind: errs.ErrConflict,
			Code: "org_name_taken", Detail: "an organisation with this name already exists"})
	}
	if err != nil {
		return Org{}, fmt.Errorf("create %s org: %w", kind, err)
	}
	return org, nil
}

// GetOrg loads an organisation by id; a missing one gives errs.ErrNotFound.
func (s *Store) GetOrg(ctx context.Context, id string) (Org, error) {
	var org Org
	if err := s.db.Get(ctx, &org, `SELECT id, kind, name, created_at FROM orgs WHERE id = ?`, id); err != nil {
		return Org{}, fmt.Errorf("load org %s: %w", id, err)
	}
	return org, nil
}

// GetOrgByName loads the organisation of a kind by name, ignoring case (ASCII case only
// on SQLite); a missing one gives errs.ErrNotFound.
func (s *Store) GetOrgByName(ctx context.Context, kind OrgKind, name string) (Org, error) {
	var org Org
	err := s.db.Get(ctx, &org, `SELECT id, kind, name, created_at FROM orgs
		WHERE kind = ? AND lower(name) = lower(?)`, kind, NormalizeOrgName(name))
	if err != nil {
		return Org{}, fmt.Errorf("load %s org by name: %w", kind, err)
	}
	return org, nil
}

// EnsureOrg returns the organisation of a kind with this name, creating it if there is
// none. It is safe under concurrency: the insert yields to a concurrent one through the
// unique index (ON CONFLICT DO NOTHING, which also leaves a PostgreSQL transaction
// usable), and the org is then read back, whoever created it.
func (s *Store) EnsureOrg(ctx context.Context, kind OrgKind, name string) (Org, error) {
	name = NormalizeOrgName(name)
	if err := checkOrg(kind, name); err != nil {
		return Org{}, fmt.Errorf("ensure org: %w", err)
	}
	org, err := s.GetOrgByName(ctx, kind, name)
	if err == nil || !errors.Is(err, errs.ErrNotFound) {
		return org, err
	}
	_, err = s.db.Exec(ctx, `INSERT INTO orgs (id, kind, name, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, db.NewID(orgIDPrefix), kind, name, s.timestamp())
	if err != nil {
		return Org{}, fmt.Errorf("ensure %s org: %w", kind, err)
	}
	return s.GetOrgByName(ctx, kind, name)
}

// NewUser is what CreateUser stores. The caller has validated it (see Service.CreateUser).
type NewUser struct {
	Email              string // stored as given; looked up lowercased
	Name               string
	PasswordHash       string // argon2id PHC string, or empty for no password yet
	MustChangePassword bool
	Roles              []RoleGrant
}

// userColumns is the column list that scans into User.
const userColumns = `id, email, name, password_hash, status, must_change_password, locked_until, created_at, updated_at`

// CreateUser adds a user and their role grants in one transaction. An email already used
// (in any case) gives an errs.Coded of kind ErrConflict with code "email_taken".
func (s *Store) CreateUser(ctx context.Context, nu NewUser) (User, error) {
	now := s.timestamp()
	u := User{
		ID:                 db.NewID(userIDPrefix),
		Email:              nu.Email,
		Name:               nu.Name,
		PasswordHash:       nu.PasswordHash,
		Status:             StatusActive,
		MustChangePassword: nu.MustChangePassword,
		CreatedAt:          now,
		UpdatedAt:          now,
		Roles:              append([]RoleGrant{}, nu.Roles...),
	}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.db.Exec(ctx, `INSERT INTO users (`+userColumns+`, email_lower) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.Email, u.Name, u.PasswordHash, u.Status, u.MustChangePassword, u.LockedUntil, u.CreatedAt, u.UpdatedAt,
			strings.ToLower(strings.TrimSpace(u.Email)))
		if errors.Is(err, errs.ErrConflict) {
			// The id is random, so the clash is on email_lower.
			return &errs.Coded{Kind: errs.ErrConflict, Code: "email_taken",
				Detail: "a user with this email already exists"}
		}
		if err != nil {
			return err
		}
		for _, g := range u.Roles {
			if !g.Role.Valid() {
				return fmt.Errorf("grant role %q: %w", g.Role, errs.ErrInvalid)
			}
			if _, err := s.db.Exec(ctx, `INSERT INTO user_roles (user_id, role, org_id) VALUES (?, ?, ?)`,
				u.ID, g.Role, db.NullIfEmpty(g.OrgID)); err != nil {
				return fmt.Errorf("grant role %s: %w", g.Role, err)
			}
		}
		return nil
	})
	if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

// GetUser loads a user and their roles by id; a missing one gives errs.ErrNotFound.
func (s *Store) GetUser(ctx context.Context, id string) (User, error) {
	return s.getUser(ctx, "id", id)
}

// GetUserByEmail loads a user and their roles by email, ignoring case; a missing one
// gives errs.ErrNotFound.
func (s *Store) GetUserByEmail(ctx context.Context, email string) (User, error) {
	return s.getUser(ctx, "email_lower", strings.ToLower(strings.TrimSpace(email)))
}

// getUser loads one user by a unique column (a constant chosen by the caller).
func (s *Store) getUser(ctx context.Context, column, value string) (User, error) {
	// One round trip for the user and their grants: every signed-in request loads them.
	var rows []struct {
		User
		Role  sql.NullString `db:"role"`
		OrgID sql.NullString `db:"org_id"`
	}
	if err := s.db.Select(ctx, &rows, `SELECT `+qualify("u", userColumns)+`, r.role, r.org_id
		FROM users u LEFT JOIN user_roles r ON r.user_id = u.id
		WHERE u.`+column+` = ? ORDER BY r.role, r.org_id`, value); err != nil {
		return User{}, fmt.Errorf("load user by %s: %w", column, err)
	}
	if len(rows) == 0 {
		return User{}, fmt.Errorf("load user by %s: %w", column, errs.ErrNotFound)
	}
	u := rows[0].User
	u.Roles = make([]RoleGrant, 0, len(rows))
	for _, r := range rows {
		if r.Role.Valid {
			u.Roles = append(u.Roles, RoleGrant{Role: Role(r.Role.String), OrgID: r.OrgID.String})
		}
	}
	return u, nil
}

// qualify prefixes each of a comma-separated column list with a table alias, for joins.
func qualify(alias, columns string) string {
	return alias + "." + strings.Join(strings.Fields(strings.ReplaceAll(columns, ",", " ")), ", "+alias+".")
}

// ListRoles returns a user's role grants, ordered by role and org.
func (s *Store) ListRoles(ctx context.Context, userID string) ([]RoleGrant, error) {
	var rows []struct {
		Role  Role           `db:"role"`
		OrgID sql.NullString `db:"org_id"`
	}
	if err := s.db.Select(ctx, &rows, `SELECT role, org_id FROM user_roles
		WHERE user_id = ? ORDER BY role, org_id`, userID); err != nil {
		return nil, fmt.Errorf("list roles of user %s: %w", userID, err)
	}
	out := make([]RoleGrant, 0, len(rows))
	for _, r := range rows {
		out = append(out, RoleGrant{Role: r.Role, OrgID: r.OrgID.String})
	}
	return out, nil
}

// CountUsers returns the number of users.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.Get(ctx, &n, `SELECT count(*) FROM users`); err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return n, nil
}
