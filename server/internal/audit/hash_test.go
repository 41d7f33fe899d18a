package audit

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// goldenRow is a fully populated event whose hash is pinned below.
func goldenRow() row {
	return row{
		Seq: 1, ID: "aud_x", At: time.Date(2026, 3, 14, 15, 9, 26, 535897000, time.UTC),
		ActorID: "usr_a", ActorRole: "support", Action: "user.password_reset_forced",
		TargetType: "user", TargetID: "usr_b", OrgID: "org_c", IP: "192.0.2.1", UserAgent: "ua",
		Reason: "locked out", VerifiedByMethod: "callback", VerifiedByNote: "called +1 555",
		Details: `{"sessions_ended":2}`, PrevHash: GenesisHash,
	}
}

// TestHashIsPinned fixes the hash encoding: changing it would make every stored chain
// fail verification. The expected value was also computed independently, in Python, from
// the encoding documented on computeHash.
func TestHashIsPinned(t *testing.T) {
	t.Parallel()
	r := goldenRow()
	assert.Equal(t, "ee7cfa07c6094946acfa7fcb724a75d031a4ef2a707cf61cdf78bb57d605b50c", r.computeHash())

	// The zone an equal instant arrives in does not matter.
	r.At = r.At.In(time.FixedZone("UTC-5", -5*3600))
	assert.Equal(t, "ee7cfa07c6094946acfa7fcb724a75d031a4ef2a707cf61cdf78bb57d605b50c", r.computeHash())
}

// TestHashCoversEveryField changes one field at a time, including moving bytes from one
// field to its neighbour, which a separator-joined encoding would not notice.
func TestHashCoversEveryField(t *testing.T) {
	t.Parallel()
	base := goldenRow()
	want := base.computeHash()
	tests := []struct {
		name   string
		mutate func(r *row)
	}{
		{"seq", func(r *row) { r.Seq = 2 }},
		{"id", func(r *row) { r.ID = "aud_y" }},
		{"at by a microsecond", func(r *row) { r.At = r.At.Add(time.Microsecond) }},
		{"actor_id", func(r *row) { r.ActorID = "usr_z" }},
		{"actor_role", func(r *row) { r.ActorRole = "platform_admin" }},
		{"action", func(r *row) { r.Action = "user.unlocked" }},
		{"target_type", func(r *row) { r.TargetType = "org" }},
		{"target_id", func(r *row) { r.TargetID = "usr_z" }},
		{"org_id", func(r *row) { r.OrgID = "" }},
		{"ip", func(r *row) { r.IP = "192.0.2.2" }},
		{"user_agent", func(r *row) { r.UserAgent = "ub" }},
		{"reason", func(r *row) { r.Reason = "locked out!" }},
		{"verified_by_method", func(r *row) { r.VerifiedByMethod = "ticket" }},
		{"verified_by_note", func(r *row) { r.VerifiedByNote = "" }},
		{"details", func(r *row) { r.Details = `{"sessions_ended":3}` }},
		{"prev_hash", func(r *row) { r.PrevHash = r.Hash + "1" }},
		{"bytes moved between fields", func(r *row) { r.TargetType, r.TargetID = "userusr_", "b" }},
		{"bytes moved between reason and method", func(r *row) { r.Reason, r.VerifiedByMethod = "locked outcall", "back" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := goldenRow()
			tt.mutate(&r)
			assert.NotEqual(t, want, r.computeHash())
		})
	}
}
