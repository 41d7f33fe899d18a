package iprules

import (
	"context"
	"fmt"

	"github.com/vouchhq/vouch/server/internal/platform/db"
)

// store reads and writes ip_rules.
type store struct{ db *db.DB }

const ruleColumns = `id, user_id, cidr, note, created_by, created_at`

// list returns the site rules (userID "") or one user's rules, oldest first.
func (s store) list(ctx context.Context, userID string) ([]Rule, error) {
	var rules []Rule
	var err error
	if userID == "" {
		err = s.db.Select(ctx, &rules, `SELECT `+ruleColumns+` FROM ip_rules WHERE user_id IS NULL ORDER BY created_at, id`)
	} else {
		err = s.db.Select(ctx, &rules, `SELECT `+ruleColumns+` FROM ip_rules WHERE user_id = ? ORDER BY created_at, id`, userID)
	}
	if err != nil {
		return nil, fmt.Errorf("list ip rules: %w", err)
	}
	return rules, nil
}

func (s store) insert(ctx context.Context, r Rule) error {
	_, err := s.db.Exec(ctx, `INSERT INTO ip_rules (`+ruleColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
		r.ID, r.UserID, r.CIDR, r.Note, r.CreatedBy, r.CreatedAt)
	if err != nil {
		return fmt.Errorf("insert ip rule: %w", err)
	}
	return nil
}

// delete removes a rule of the given scope; it reports whether one was there.
func (s store) delete(ctx context.Context, userID, id string) (bool, error) {
	q, args := `DELETE FROM ip_rules WHERE id = ? AND user_id IS NULL`, []any{id}
	if userID != "" {
		q, args = `DELETE FROM ip_rules WHERE id = ? AND user_id = ?`, []any{id, userID}
	}
	res, err := s.db.Exec(ctx, q, args...)
	if err != nil {
		return false, fmt.Errorf("delete ip rule: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
