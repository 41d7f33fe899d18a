package identity

import (
	"context"
	"fmt"
	"strings"
)

// UserFilter narrows a user search.
type UserFilter struct {
	Query string // substring of e-mail or name, ignoring case
	OrgID string // only users with a role in this org
	Limit int    // default 50, at most 200
}

// SearchUsers finds users, newest first, with their roles.
func (s *Store) SearchUsers(ctx context.Context, f UserFilter) ([]User, error) {
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	where, args := []string{"1 = 1"}, []any{}
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		like := "%" + escapeLike(q) + "%"
		where = append(where, `(email_lower LIKE ? ESCAPE '\' OR lower(name) LIKE ? ESCAPE '\')`)
		args = append(args, like, like)
	}
	if f.OrgID != "" {
		where = append(where, `id IN (SELECT user_id FROM user_roles WHERE org_id = ?)`)
		args = append(args, f.OrgID)
	}
	args = append(args, f.Limit)
	var users []User
	if err := s.db.Select(ctx, &users, `SELECT `+userColumns+` FROM users WHERE `+strings.Join(where, " AND ")+
		` ORDER BY created_at DESC, id LIMIT ?`, args...); err != nil {
		return nil, fmt.Errorf("search users: %w", err)
	}
	for i := range users {
		roles, err := s.ListRoles(ctx, users[i].ID)
		if err != nil {
			return nil, err
		}
		users[i].Roles = roles
	}
	return users, nil
}

// escapeLike makes % and _ in a search term match themselves.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// InOrg reports whether the user holds a role in the org.
func (u User) InOrg(orgID string) bool {
	for _, g := range u.Roles {
		if g.OrgID == orgID && orgID != "" {
			return true
		}
	}
	return false
}

// HasRole reports whether the user holds the role (in any org).
func (u User) HasRole(r Role) bool {
	for _, g := range u.Roles {
		if g.Role == r {
			return true
		}
	}
	return false
}

// OrgOf returns the org of the user's first grant of the role, or "".
func (u User) OrgOf(r Role) string {
	for _, g := range u.Roles {
		if g.Role == r {
			return g.OrgID
		}
	}
	return ""
}
