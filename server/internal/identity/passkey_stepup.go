package identity

import (
	"context"
	"fmt"
	"time"
)

// StepUpWindow is how long a step-up counts: sensitive changes (a second bank account)
// need one this recent.
const StepUpWindow = 5 * time.Minute

// stepUpSkew tolerates instance clocks that disagree a little: a step-up recorded by an
// instance slightly ahead still counts.
const stepUpSkew = 30 * time.Second

// RecordStepUp marks the session behind token as having just re-proved presence and
// returns it. The token must name a live session (errs.ErrUnauthenticated otherwise).
func (s *Sessions) RecordStepUp(ctx context.Context, token string) (Session, error) {
	sess, err := s.Lookup(ctx, token)
	if err != nil {
		return Session{}, err
	}
	now := s.now().UTC()
	sess.StepUpAt = &now
	sess.LastSeenAt = now
	if err := s.save(ctx, token, sess); err != nil {
		return Session{}, fmt.Errorf("record step-up: %w", err)
	}
	return sess, nil
}

// RecentStepUp reports whether the session stepped up within StepUpWindow of now.
func RecentStepUp(sess Session, now time.Time) bool {
	if sess.StepUpAt == nil {
		return false
	}
	age := now.Sub(*sess.StepUpAt)
	return age >= -stepUpSkew && age <= StepUpWindow
}
