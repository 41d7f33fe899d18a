package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// sample returns a valid event for action, acting on target.
func sample(action, target string) Event {
	return Event{
		ActorID: "usr_support", ActorRole: "support", Action: action,
		TargetType: "user", TargetID: target, OrgID: "org_acme",
		IP: "198.51.100.7", UserAgent: "Mozilla/5.0", Reason: "user called, locked out",
		VerifiedByMethod: VerifiedByCallback, VerifiedByNote: "number on file",
		Details: map[string]any{"sessions_ended": 2},
	}
}

// record appends events and fails the test on error.
func record(t testing.TB, l *Log, events ...Event) []Event {
	t.Helper()
	out := make([]Event, 0, len(events))
	for _, e := range events {
		got, err := l.Record(context.Background(), e)
		require.NoError(t, err)
		out = append(out, got)
	}
	return out
}

// fixedClock returns a clock that starts at start and advances by step on every call.
func fixedClock(start time.Time, step time.Duration) func() time.Time {
	var mu sync.Mutex
	next := start
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t := next
		next = next.Add(step)
		return t
	}
}

func TestRecord(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		l := New(d)
		start := time.Date(2026, 3, 14, 15, 9, 26, 535897932, time.UTC)
		l.now = fixedClock(start, time.Second)

		t.Run("first event links to the genesis hash and reads back equal", func(t *testing.T) {
			got, err := l.Record(t.Context(), sample("user.password_reset_forced", "usr_1"))
			require.NoError(t, err)
			assert.Equal(t, int64(1), got.Seq)
			assert.Regexp(t, `^aud_[a-z2-7]{26}$`, got.ID)
			assert.Equal(t, db.NormalizeTime(start), got.At, "server clock, UTC, microseconds")
			assert.Equal(t, GenesisHash, got.PrevHash)
			assert.Regexp(t, `^[0-9a-f]{64}$`, got.Hash)
			assert.Equal(t, map[string]any{"sessions_ended": json.Number("2")}, got.Details)

			list, err := l.List(t.Context(), Filter{})
			require.NoError(t, err)
			require.Len(t, list, 1)
			assert.Equal(t, got, list[0])
		})

		t.Run("the next event links to the previous", func(t *testing.T) {
			e := sample("user.unlocked", "usr_2")
			e.OrgID, e.IP, e.VerifiedByMethod, e.VerifiedByNote, e.Details = "", "", "", "", nil
			got, err := l.Record(t.Context(), e)
			require.NoError(t, err)
			assert.Equal(t, int64(2), got.Seq)
			first, err := l.List(t.Context(), Filter{Limit: 1, BeforeSeq: 2})
			require.NoError(t, err)
			assert.Equal(t, first[0].Hash, got.PrevHash)
			assert.Equal(t, map[string]any{}, got.Details)

			list, err := l.List(t.Context(), Filter{Limit: 1})
			require.NoError(t, err)
			assert.Equal(t, got, list[0], "empty org id reads back empty")
		})

		t.Run("invalid input is refused and not recorded", func(t *testing.T) {
			e := sample("user.unlocked", "usr_3")
			e.Details = map[string]any{"password": "hunter2"}
			_, err := l.Record(t.Context(), e)
			require.ErrorIs(t, err, errs.ErrInvalid)
			assert.NotContains(t, err.Error(), "hunter2", "the secret is not echoed")
			v, err := l.Verify(t.Context())
			require.NoError(t, err)
			assert.Equal(t, 2, v.Checked)
		})

		t.Run("caller's transaction: committed together", func(t *testing.T) {
			var got Event
			err := d.WithTx(t.Context(), func(ctx context.Context) error {
				var err error
				if got, err = l.Record(ctx, sample("user.sessions_revoked", "usr_4")); err != nil {
					return err
				}
				// A second event in the same transaction continues the chain.
				second, err := l.Record(ctx, sample("user.passkeys_revoked", "usr_4"))
				if err != nil {
					return err
				}
				assert.Equal(t, got.Seq+1, second.Seq)
				assert.Equal(t, got.Hash, second.PrevHash)
				return nil
			})
			require.NoError(t, err)
			list, err := l.List(t.Context(), Filter{TargetID: "usr_4"})
			require.NoError(t, err)
			assert.Len(t, list, 2)
		})

		t.Run("caller's transaction: rolled back together, leaving no gap", func(t *testing.T) {
			before, err := l.List(t.Context(), Filter{Limit: 1})
			require.NoError(t, err)
			boom := errors.New("the change failed")
			err = d.WithTx(t.Context(), func(ctx context.Context) error {
				if _, err := l.Record(ctx, sample("user.unlocked", "usr_5")); err != nil {
					return err
				}
				return boom
			})
			require.ErrorIs(t, err, boom)
			list, err := l.List(t.Context(), Filter{TargetID: "usr_5"})
			require.NoError(t, err)
			assert.Empty(t, list)

			next, err := l.Record(t.Context(), sample("user.unlocked", "usr_5"))
			require.NoError(t, err)
			assert.Equal(t, before[0].Seq+1, next.Seq, "seq is not consumed by a rollback")
			v, err := l.Verify(t.Context())
			require.NoError(t, err)
			assert.True(t, v.OK, "%+v", v)
		})
	})
}

// TestConcurrentAppends checks that concurrent writers, alone or inside transactions of
// their own, never fork the chain nor leave gaps.
func TestConcurrentAppends(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		l := New(d)
		const writers = 30
		var wg sync.WaitGroup
		for i := range writers {
			wg.Go(func() {
				target := fmt.Sprint("usr_", i)
				var err error
				if i%2 == 0 {
					_, err = l.Record(t.Context(), sample("user.unlocked", target))
				} else {
					// Two events and another write in one caller transaction.
					err = d.WithTx(t.Context(), func(ctx context.Context) error {
						var n int
						if err := d.Get(ctx, &n, "SELECT count(*) FROM audit_events"); err != nil {
							return err
						}
						if _, err := l.Record(ctx, sample("user.sessions_revoked", target)); err != nil {
							return err
						}
						_, err := l.Record(ctx, sample("user.passkeys_revoked", target))
						return err
					})
				}
				assert.NoError(t, err, "writer %d", i)
			})
		}
		wg.Wait()
		want := writers/2 + 2*(writers/2)

		v, err := l.Verify(t.Context())
		require.NoError(t, err)
		assert.True(t, v.OK, "%+v", v.FirstBroken)
		assert.Equal(t, want, v.Checked)
		assert.Equal(t, int64(want), v.LastSeq)

		events, err := l.List(t.Context(), Filter{Limit: MaxLimit})
		require.NoError(t, err)
		require.Len(t, events, want)
		for i, e := range events {
			assert.Equal(t, int64(want-i), e.Seq, "no gaps, no duplicates, newest first")
		}
	})
}

// TestAppendOnly checks that the database itself refuses to change or remove events.
func TestAppendOnly(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		l := New(d)
		record(t, l, sample("user.unlocked", "usr_1"), sample("user.unlocked", "usr_2"))
		stmts := []string{
			"UPDATE audit_events SET reason = 'nothing to see' WHERE seq = 1",
			"UPDATE audit_events SET hash = hash",
			"DELETE FROM audit_events WHERE seq = 2",
			"DELETE FROM audit_events",
		}
		if d.Dialect() == db.Postgres {
			stmts = append(stmts, "TRUNCATE audit_events")
		}
		for _, stmt := range stmts {
			t.Run(stmt, func(t *testing.T) {
				_, err := d.Exec(t.Context(), stmt)
				require.Error(t, err)
				assert.Contains(t, err.Error(), "append-only")
			})
		}
		v, err := l.Verify(t.Context())
		require.NoError(t, err)
		assert.True(t, v.OK)
		assert.Equal(t, 2, v.Checked)
	})
}

func TestList(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		l := New(d)
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		l.now = fixedClock(start, time.Hour) // event seq n is at start + (n-1)h
		other := sample("org.ip_rule_added", "")
		other.ActorID, other.TargetType, other.OrgID = "usr_admin", "org", "org_other"
		system := Event{Action: "user_like.cleanup_ran"} // "user_" must not match "user." literally via LIKE's _
		record(t, l,
			sample("user.password_reset_forced", "usr_1"), // 1
			sample("user.unlocked", "usr_2"),              // 2
			other,                                         // 3
			sample("user.reset_link_sent", "usr_1"),       // 4
			system,                                        // 5
			sample("user.password_reset_forced", "usr_2"), // 6
		)
		seqs := func(events []Event) []int64 {
			out := []int64{}
			for _, e := range events {
				out = append(out, e.Seq)
			}
			return out
		}
		tests := []struct {
			name string
			f    Filter
			want []int64
		}{
			{"everything newest first", Filter{}, []int64{6, 5, 4, 3, 2, 1}},
			{"by actor", Filter{ActorID: "usr_admin"}, []int64{3}},
			{"by target", Filter{TargetID: "usr_1"}, []int64{4, 1}},
			{"by org", Filter{OrgID: "org_acme"}, []int64{6, 4, 2, 1}},
			{"action prefix", Filter{Action: "user."}, []int64{6, 4, 2, 1}},
			{"underscore is literal", Filter{Action: "user_"}, []int64{5}},
			{"prefix is lowered", Filter{Action: "USER.PASSWORD"}, []int64{6, 1}},
			{"exact action", Filter{Action: "user.unlocked"}, []int64{2}},
			{"percent matches nothing", Filter{Action: "%"}, []int64{}},
			{"from inclusive", Filter{From: start.Add(4 * time.Hour)}, []int64{6, 5}},
			{"to exclusive", Filter{To: start.Add(2 * time.Hour)}, []int64{2, 1}},
			{"from and to in another zone", Filter{
				From: start.Add(time.Hour).In(time.FixedZone("X", 3600)),
				To:   start.Add(3 * time.Hour).In(time.FixedZone("Y", -7200)),
			}, []int64{3, 2}},
			{"combined", Filter{TargetID: "usr_2", Action: "user.password"}, []int64{6}},
			{"limit", Filter{Limit: 2}, []int64{6, 5}},
			{"cursor", Filter{Limit: 2, BeforeSeq: 5}, []int64{4, 3}},
			{"limit above max is capped", Filter{Limit: MaxLimit + 1}, []int64{6, 5, 4, 3, 2, 1}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := l.List(t.Context(), tt.f)
				require.NoError(t, err)
				assert.Equal(t, tt.want, seqs(got))
			})
		}
		_, err := l.List(t.Context(), Filter{Limit: -1})
		require.ErrorIs(t, err, errs.ErrInvalid)
	})
}

func TestListDefaultLimit(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	l := New(d)
	events := make([]Event, DefaultLimit+5)
	for i := range events {
		events[i] = sample("user.unlocked", "usr_1")
	}
	record(t, l, events...)
	got, err := l.List(t.Context(), Filter{})
	require.NoError(t, err)
	assert.Len(t, got, DefaultLimit)
	assert.Equal(t, int64(DefaultLimit+5), got[0].Seq)
}

// BenchmarkRecord measures one append in its own transaction on SQLite.
func BenchmarkRecord(b *testing.B) {
	d := dbtest.Open(b, db.SQLite)
	l := New(d)
	e := sample("user.password_reset_forced", "usr_1")
	for b.Loop() {
		if _, err := l.Record(b.Context(), e); err != nil {
			b.Fatal(err)
		}
	}
}
