package onboarding

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCaseStateMachine(t *testing.T) {
	allowed := map[[2]Status]bool{
		{StatusDraft, StatusSubmitted}:     true,
		{StatusNeedsInfo, StatusSubmitted}: true,
		{StatusSubmitted, StatusInReview}:  true,
		{StatusInReview, StatusApproved}:   true,
		{StatusInReview, StatusRejected}:   true,
		{StatusInReview, StatusNeedsInfo}:  true,
	}
	for _, from := range Statuses {
		for _, to := range Statuses {
			assert.Equal(t, allowed[[2]Status{from, to}], CanMove(from, to), "%s → %s", from, to)
		}
	}
	assert.False(t, Status("archived").Valid())
	assert.Contains(t, IllegalTransition(StatusApproved, StatusRejected).Error(), "approved cannot become rejected")
}

func TestOverallStatus(t *testing.T) {
	cases := func(ss ...Status) []Case {
		out := make([]Case, len(ss))
		for i, s := range ss {
			out[i] = Case{Status: s}
		}
		return out
	}
	tests := []struct {
		name  string
		cases []Case
		want  Status
	}{
		{"no customer yet", nil, StatusDraft},
		{"one draft", cases(StatusDraft), StatusDraft},
		{"asked for more beats all", cases(StatusApproved, StatusInReview, StatusNeedsInfo), StatusNeedsInfo},
		{"a new customer's draft beats a review", cases(StatusInReview, StatusDraft), StatusDraft},
		{"in review until every customer decided", cases(StatusApproved, StatusInReview), StatusInReview},
		{"approved by one, rejected by another", cases(StatusRejected, StatusApproved), StatusApproved},
		{"rejected by all", cases(StatusRejected, StatusRejected), StatusRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, overall(tt.cases))
		})
	}
}
