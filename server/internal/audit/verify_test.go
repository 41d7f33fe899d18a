package audit

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
)

// dropTriggers removes the append-only triggers, as an attacker with DDL rights could,
// so that a test can tamper with stored events. Test-only SQL.
func dropTriggers(t *testing.T, d *db.DB) {
	t.Helper()
	on := ""
	if d.Dialect() == db.Postgres {
		on = " ON audit_events"
	}
	for _, name := range []string{"audit_events_no_update", "audit_events_no_delete"} {
		_, err := d.Exec(t.Context(), "DROP TRIGGER "+name+on)
		require.NoError(t, err)
	}
}

// exec runs test-only tampering SQL.
func exec(t *testing.T, d *db.DB, query string, args ...any) {
	t.Helper()
	_, err := d.Exec(t.Context(), query, args...)
	require.NoError(t, err)
}

// rewrite changes event seq's reason and stores a correctly recomputed hash for it, as a
// tamperer who knows the algorithm would.
func rewrite(t *testing.T, d *db.DB, seq int64) {
	t.Helper()
	var r row
	require.NoError(t, d.Get(t.Context(), &r, `SELECT `+selectColumns+` FROM audit_events WHERE seq = ?`, seq))
	r.Reason = "nothing happened"
	exec(t, d, "UPDATE audit_events SET reason = ?, hash = ? WHERE seq = ?", r.Reason, r.computeHash(), seq)
}

func TestVerify(t *testing.T) {
	const events = 5
	dbtest.ForEachDatabase(t, func(t *testing.T, shared *db.DB) {
		tests := []struct {
			name    string
			tamper  func(t *testing.T, d *db.DB)
			events  int
			ok      bool
			checked int
			broken  *BrokenLink // EventID filled in from the stored event at that seq
		}{
			{name: "empty log", events: 0, ok: true, checked: 0},
			{name: "untouched", events: events, ok: true, checked: events},
			{name: "reason altered", events: events, tamper: func(t *testing.T, d *db.DB) {
				exec(t, d, "UPDATE audit_events SET reason = 'nothing happened' WHERE seq = 3")
			}, checked: 2, broken: &BrokenLink{Seq: 3, Reason: ReasonHashMismatch}},
			{name: "reason altered and hash recomputed", events: events, tamper: func(t *testing.T, d *db.DB) {
				rewrite(t, d, 3)
			}, checked: 3, broken: &BrokenLink{Seq: 4, Reason: ReasonPrevHashMismatch}},
			{name: "details altered", events: events, tamper: func(t *testing.T, d *db.DB) {
				exec(t, d, `UPDATE audit_events SET details = '{"sessions_ended":0}' WHERE seq = 5`)
			}, checked: 4, broken: &BrokenLink{Seq: 5, Reason: ReasonHashMismatch}},
			{name: "org removed", events: events, tamper: func(t *testing.T, d *db.DB) {
				exec(t, d, "UPDATE audit_events SET org_id = NULL WHERE seq = 1")
			}, checked: 0, broken: &BrokenLink{Seq: 1, Reason: ReasonHashMismatch}},
			{name: "time moved", events: events, tamper: func(t *testing.T, d *db.DB) {
				var r row
				require.NoError(t, d.Get(t.Context(), &r, `SELECT `+selectColumns+` FROM audit_events WHERE seq = 2`))
				exec(t, d, "UPDATE audit_events SET at = ? WHERE seq = 2", r.At.Add(-time.Minute))
			}, checked: 1, broken: &BrokenLink{Seq: 2, Reason: ReasonHashMismatch}},
			{name: "middle event deleted", events: events, tamper: func(t *testing.T, d *db.DB) {
				exec(t, d, "DELETE FROM audit_events WHERE seq = 3")
			}, checked: 2, broken: &BrokenLink{Seq: 4, Reason: ReasonSeqGap}},
			{name: "first event deleted", events: events, tamper: func(t *testing.T, d *db.DB) {
				exec(t, d, "DELETE FROM audit_events WHERE seq = 1")
			}, checked: 0, broken: &BrokenLink{Seq: 2, Reason: ReasonSeqGap}},
			{name: "event deleted and the rest renumbered", events: events, tamper: func(t *testing.T, d *db.DB) {
				exec(t, d, "DELETE FROM audit_events WHERE seq = 3")
				exec(t, d, "UPDATE audit_events SET seq = 3 WHERE seq = 4")
				exec(t, d, "UPDATE audit_events SET seq = 4 WHERE seq = 5")
			}, checked: 2, broken: &BrokenLink{Seq: 3, Reason: ReasonPrevHashMismatch}},
			{name: "two events swapped", events: events, tamper: func(t *testing.T, d *db.DB) {
				exec(t, d, "UPDATE audit_events SET seq = 100 WHERE seq = 2")
				exec(t, d, "UPDATE audit_events SET seq = 2 WHERE seq = 3")
				exec(t, d, "UPDATE audit_events SET seq = 3 WHERE seq = 100")
			}, checked: 1, broken: &BrokenLink{Seq: 2, Reason: ReasonPrevHashMismatch}},
			{name: "break across a batch boundary", events: 7, tamper: func(t *testing.T, d *db.DB) {
				exec(t, d, "UPDATE audit_events SET reason = 'x' WHERE seq = 7")
			}, checked: 6, broken: &BrokenLink{Seq: 7, Reason: ReasonHashMismatch}},
			// The chain cannot see events cut off its end: Verify passes with the shorter
			// chain, and only a LastSeq/LastHash recorded elsewhere would show it.
			{name: "last event deleted (not detectable by the chain)", events: events, tamper: func(t *testing.T, d *db.DB) {
				exec(t, d, "DELETE FROM audit_events WHERE seq = 5")
			}, ok: true, checked: 4},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel() // each case has a database of its own
				d := dbtest.Open(t, shared.Dialect())
				l := New(d)
				l.batch = 2 // cross batch boundaries with few events
				stored := make([]Event, tt.events)
				for i := range stored {
					stored[i] = sample("user.password_reset_forced", "usr_1")
				}
				stored = record(t, l, stored...)
				if tt.tamper != nil {
					dropTriggers(t, d)
					tt.tamper(t, d)
				}

				v, err := l.Verify(t.Context())
				require.NoError(t, err)
				assert.Equal(t, tt.ok, v.OK)
				assert.Equal(t, tt.checked, v.Checked)
				if tt.broken == nil {
					assert.Nil(t, v.FirstBroken)
					if tt.checked == 0 {
						assert.Equal(t, GenesisHash, v.LastHash)
					} else {
						assert.Equal(t, stored[tt.checked-1].Hash, v.LastHash)
						assert.Equal(t, stored[tt.checked-1].Seq, v.LastSeq)
					}
					return
				}
				require.NotNil(t, v.FirstBroken)
				var id string
				require.NoError(t, d.Get(t.Context(), &id, "SELECT id FROM audit_events WHERE seq = ?", tt.broken.Seq))
				want := *tt.broken
				want.EventID = id
				assert.Equal(t, want, *v.FirstBroken)
			})
		}
	})
}
