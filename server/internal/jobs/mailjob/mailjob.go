// Package mailjob is the mail outbox: a message is rendered by the caller, enqueued as a
// "mail.send" job in the caller's transaction, and delivered by a job worker through a
// notify.Mailer. A relay that is down (errs.ErrUnavailable, or anything else) is retried
// with backoff; a message the mailer calls invalid (errs.ErrInvalid) fails at once.
//
// The job carries the rendered message, not the template name and data: what was true at
// enqueue time is what gets sent, templates need no registry of data types to decode, and
// a template bug shows up in the request that caused it rather than in a worker later.
// Messages can hold secrets (reset links), so the payload is erased once the job is done.
package mailjob

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/jobs"
	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Kind is the job kind of one e-mail.
const Kind = "mail.send"

// sendTimeout bounds one delivery attempt, so a hung relay frees the worker.
const sendTimeout = 30 * time.Second

// Mail is one rendered message to send.
type Mail struct {
	notify.Message
	// Template names the template it was rendered from, for logs and support.
	Template string
	// ExpiresAt drops the message, unsent, if it could not go out by then (zero: never):
	// a reset link that arrives after it expired only confuses.
	ExpiresAt time.Time
}

// payload is a Mail as the job stores it.
type payload struct {
	To       string `json:"to"`
	Subject  string `json:"subject"`
	Text     string `json:"text"`
	HTML     string `json:"html,omitempty"`
	Template string `json:"template,omitempty"`
}

// Outbox enqueues mail and delivers it from a job worker.
type Outbox struct {
	q      *jobs.Queue
	mailer notify.Mailer
}

// New registers the mail.send handler on q, delivering through mailer.
func New(q *jobs.Queue, mailer notify.Mailer) *Outbox {
	o := &Outbox{q: q, mailer: mailer}
	q.Register(Kind, o.deliver)
	return o
}

// Send enqueues m in the transaction ctx carries (if any) and returns the job's id. A
// message without recipient or text wraps errs.ErrInvalid and enqueues nothing.
func (o *Outbox) Send(ctx context.Context, m Mail) (string, error) {
	if strings.TrimSpace(m.To) == "" || m.Text == "" {
		return "", fmt.Errorf("mail %s: a message needs a recipient and a text: %w", m.Template, errs.ErrInvalid)
	}
	id, err := o.q.Enqueue(ctx, Kind, payload{To: m.To, Subject: m.Subject, Text: m.Text, HTML: m.HTML, Template: m.Template},
		jobs.EnqueueOptions{ExpiresAt: m.ExpiresAt, Sensitive: true})
	if err != nil {
		return "", fmt.Errorf("mail %s: %w", m.Template, err)
	}
	return id, nil
}

// SendTemplate renders a notify template with data, addresses it to to and enqueues it
// as Send does, in the transaction ctx carries.
func (o *Outbox) SendTemplate(ctx context.Context, to, template string, data any) (string, error) {
	m, err := notify.Render(template, data)
	if err != nil {
		return "", err
	}
	m.To = to
	return o.Send(ctx, Mail{Message: m, Template: template})
}

// deliver is the mail.send handler.
func (o *Outbox) deliver(ctx context.Context, j *jobs.Job) error {
	var p payload
	if err := j.Decode(&p); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	err := o.mailer.Send(ctx, notify.Message{To: p.To, Subject: p.Subject, Text: p.Text, HTML: p.HTML})
	if errors.Is(err, errs.ErrInvalid) {
		return jobs.Permanent(fmt.Errorf("mail %s: %w", p.Template, err))
	}
	if err != nil {
		return fmt.Errorf("mail %s: %w", p.Template, err)
	}
	return nil
}
