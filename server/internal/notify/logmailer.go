package notify

import (
	"context"
	"log/slog"
)

// LogMailer is the development mailer: it writes each message's recipient, subject and
// text body to the log instead of sending it, so a developer can follow a reset link
// without a mail server. The text holds such links, which are secrets; that is why New
// refuses a LogMailer in production.
type LogMailer struct {
	log *slog.Logger
}

var _ Mailer = (*LogMailer)(nil)

// NewLogMailer returns a LogMailer writing to log; a nil log discards.
func NewLogMailer(log *slog.Logger) *LogMailer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &LogMailer{log: log}
}

// Send logs m at Info level and never fails.
func (l *LogMailer) Send(ctx context.Context, m Message) error {
	l.log.InfoContext(ctx, "mail not sent: development log mailer",
		"to", m.To, "subject", m.Subject, "text", m.Text)
	return nil
}
