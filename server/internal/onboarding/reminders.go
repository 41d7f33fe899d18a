package onboarding

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/vouchhq/vouch/server/internal/identity"
)

// Reminder rules: a pending invitation is reminded a week after it was (re)sent, at most
// twice, and never once it expired.
const (
	ReminderAfter = 7 * 24 * time.Hour
	MaxReminders  = 2
)

// SendReminders reminds every pending invitation that is due, each with a fresh link
// (the old one stops working), and returns how many went out. Each invitation is claimed
// by a conditional update, so instances running it at once send each reminder once.
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	now := s.timestamp()
	var due []Invitation
	if err := s.db.Select(ctx, &due, `SELECT id, customer_org_id, email, supplier_name, status, supplier_org_id,
		reminders, created_at, expires_at, sent_at, accepted_at FROM invitations
		WHERE status = 'pending' AND reminders < ? AND sent_at <= ? AND expires_at > ? ORDER BY sent_at LIMIT 500`,
		MaxReminders, now.Add(-ReminderAfter), now); err != nil {
		return 0, fmt.Errorf("due reminders: %w", err)
	}
	sent := 0
	for _, inv := range due {
		err := s.db.WithTx(ctx, func(ctx context.Context) error {
			token, hash, err := newToken()
			if err != nil {
				return err
			}
			res, err := s.db.Exec(ctx, `UPDATE invitations SET token_hash = ?, sent_at = ?, reminders = reminders + 1
				WHERE id = ? AND status = 'pending' AND reminders = ?`, hash, now, inv.ID, inv.Reminders)
			if err != nil {
				return fmt.Errorf("remind: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another instance took it
			}
			sent++
			link := s.publicURL + "/enroll?token=" + url.QueryEscape(token)
			return s.sendInvitation(ctx, identity.Actor{Reason: "reminder"}, inv, link, "invitation.reminded", true)
		})
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// RemindEvery runs SendReminders every interval until ctx ends; `vouch serve` runs it.
func (s *Service) RemindEvery(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.SendReminders(ctx); err != nil && ctx.Err() == nil {
			s.log.WarnContext(ctx, "invitation reminders failed", "err", err)
		} else if n > 0 {
			s.log.InfoContext(ctx, "invitation reminders sent", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
