// Package notify sends e-mail to people: password resets, changes and welcomes, rendered
// from embedded templates into a plain-text and an HTML part. SMTP delivers through any
// relay (Mailpit in development and tests); LogMailer writes mail to the log when no relay
// is configured, which New refuses in production.
package notify

import (
	"context"
	"errors"
	"log/slog"
)

// Message is one e-mail to one person. Text is required; HTML is optional and sent as an
// alternative to it.
type Message struct {
	To      string // a bare address, "ann@example.com"
	Subject string
	Text    string
	HTML    string
}

// Mailer delivers messages. Implementations are safe for concurrent use.
type Mailer interface {
	// Send delivers m or returns why not: errs.ErrInvalid for a bad message,
	// errs.ErrUnavailable when the relay cannot be reached or refuses it (retry later).
	Send(ctx context.Context, m Message) error
}

// New returns the mailer cfg asks for: SMTP when cfg.URL is set, else a LogMailer. In
// production (prod true) an empty URL is an error, because a LogMailer there would write
// password-reset links to the logs and send nothing.
func New(cfg SMTPConfig, prod bool, log *slog.Logger) (Mailer, error) {
	if cfg.URL != "" {
		return NewSMTP(cfg)
	}
	if prod {
		return nil, errors.New("notify: an SMTP URL is required in production")
	}
	return NewLogMailer(log), nil
}
