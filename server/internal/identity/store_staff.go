package identity

import (
	"context"
	"fmt"
	"strings"
)

// Contact is whom a notification goes to.
type Contact struct {
	ID    string `db:"id"`
	Email string `db:"email"`
	Name  string `db:"name"`
}

// ActiveUsersWithRoles lists the active users holding any of the roles (platform staff to
// notify, say), ordered by e-mail so notifications go out in a stable order.
func (s *Store) ActiveUsersWithRoles(ctx context.Context, roles ...Role) ([]Contact, error) {
	if len(roles) == 0 {
		return nil, nil
	}
	args := make([]any, len(roles))
	for i, r := range roles {
		args[i] = string(r)
	}
	var out []Contact
	if err := s.db.Select(ctx, &out, `SELECT id, email, name FROM users WHERE status = 'active'
		AND id IN (SELECT user_id FROM user_roles WHERE role IN (?`+strings.Repeat(", ?", len(roles)-1)+`))
		ORDER BY email_lower`, args...); err != nil {
		return nil, fmt.Errorf("list users with roles: %w", err)
	}
	return out, nil
}
