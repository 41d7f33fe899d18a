package mailjob_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/jobs"
	"github.com/vouchhq/vouch/server/internal/jobs/mailjob"
	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// scripted is a mailer that answers each Send with the next scripted error (nil once the
// script runs out) and records what it delivered.
type scripted struct {
	mu     sync.Mutex
	script []error
	calls  int
	sent   []notify.Message
}

func (s *scripted) Send(_ context.Context, m notify.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if len(s.script) > 0 {
		err := s.script[0]
		s.script = s.script[1:]
		return err
	}
	s.sent = append(s.sent, m)
	return nil
}

func (s *scripted) state() (int, []notify.Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls, append([]notify.Message(nil), s.sent...)
}

func newOutbox(t *testing.T, d *db.DB, m notify.Mailer) (*jobs.Queue, *mailjob.Outbox) {
	t.Helper()
	q := jobs.New(d, jobs.Config{Workers: 2, PollInterval: 20 * time.Millisecond, RetryBase: 30 * time.Millisecond})
	o := mailjob.New(q, m)
	require.NoError(t, q.Start(t.Context()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		assert.NoError(t, q.Stop(ctx))
	})
	return q, o
}

func waitState(t *testing.T, q *jobs.Queue, id string, want jobs.State) jobs.Status {
	t.Helper()
	var st jobs.Status
	require.Eventually(t, func() bool {
		var err error
		st, err = q.Get(t.Context(), id)
		require.NoError(t, err)
		return st.State == want
	}, 10*time.Second, 10*time.Millisecond, "job %s never became %s", id, want)
	return st
}

var msg = mailjob.Mail{
	Message:  notify.Message{To: "ap@acme.example", Subject: "Reset your Vouch password", Text: "Open https://x/reset?token=t", HTML: "<p>Open</p>"},
	Template: notify.TemplatePasswordReset,
}

func TestOutboxRetriesWhileTheRelayIsDown(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		down := fmt.Errorf("notify: connect to 127.0.0.1:1025: %w", errs.ErrUnavailable)
		m := &scripted{script: []error{down, down}}
		q, o := newOutbox(t, d, m)
		id, err := o.Send(t.Context(), msg)
		require.NoError(t, err)
		st := waitState(t, q, id, jobs.StateCompleted)
		assert.Equal(t, 3, st.Attempt)
		assert.Contains(t, st.LastError, "backend unavailable")
		calls, sent := m.state()
		assert.Equal(t, 3, calls)
		require.Len(t, sent, 1, "delivered once")
		assert.Equal(t, msg.Message, sent[0], "the rendered message arrives as it was queued")
	})
}

func TestOutboxFailsAnInvalidMessageAtOnce(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		m := &scripted{script: []error{fmt.Errorf("notify: recipient: %w", errs.ErrInvalid)}}
		q, o := newOutbox(t, d, m)
		id, err := o.Send(t.Context(), msg)
		require.NoError(t, err)
		st := waitState(t, q, id, jobs.StateFailed)
		assert.Equal(t, 1, st.Attempt, "not retried")
		assert.Contains(t, st.LastError, "invalid input")
		calls, _ := m.state()
		assert.Equal(t, 1, calls)
	})
}

func TestOutboxRefusesAMessageItCannotSend(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		_, o := newOutbox(t, d, &scripted{})
		for name, m := range map[string]mailjob.Mail{
			"no recipient": {Message: notify.Message{Subject: "s", Text: "t"}},
			"no text":      {Message: notify.Message{To: "ap@acme.example", Subject: "s"}},
		} {
			_, err := o.Send(t.Context(), m)
			require.ErrorIs(t, err, errs.ErrInvalid, name)
		}
		var n int
		require.NoError(t, d.Get(t.Context(), &n, `SELECT COUNT(*) FROM jobs`))
		assert.Zero(t, n, "nothing queued")
	})
}

func TestOutboxDropsMailThatExpiredUnsent(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		m := &scripted{}
		q := jobs.New(d, jobs.Config{PollInterval: 20 * time.Millisecond})
		o := mailjob.New(q, m)
		late := msg
		late.ExpiresAt = time.Now().Add(-time.Minute)
		id, err := o.Send(t.Context(), late)
		require.NoError(t, err)
		require.NoError(t, q.Flush(t.Context()))
		st, err := q.Get(t.Context(), id)
		require.NoError(t, err)
		assert.Equal(t, jobs.StateFailed, st.State)
		assert.Equal(t, "expired before it could run", st.LastError)
		calls, _ := m.state()
		assert.Zero(t, calls, "a dead reset link is not sent")
	})
}
