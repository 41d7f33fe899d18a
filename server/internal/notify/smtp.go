package notify

import (
	"context"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// DefaultSMTPTimeout bounds connecting and each SMTP command when SMTPConfig.Timeout is 0.
const DefaultSMTPTimeout = 10 * time.Second

// SMTPConfig says where and as whom to send mail.
type SMTPConfig struct {
	// URL is the relay: smtp://user:pass@host:port (STARTTLS when the server offers it;
	// port 587 by default; add ?starttls=required to refuse a server that does not) or
	// smtps://user:pass@host:port (TLS from the first byte; port 465 by default). The
	// user and password are optional and must be URL-escaped. On a loopback host
	// (localhost, 127.0.0.1, ::1), as for Mailpit, smtp:// does not try TLS unless
	// starttls=required says so.
	URL string
	// From is the sender, "Vouch <no-reply@vouch.example>".
	From string
	// Timeout bounds connecting and each command; 0 means DefaultSMTPTimeout.
	Timeout time.Duration
}

// SMTP sends mail through an SMTP relay, one connection per message.
type SMTP struct {
	client *gomail.Client
	from   string
	addr   string // host:port, for errors
	secret string // the password, scrubbed from error text
}

var _ Mailer = (*SMTP)(nil)

// NewSMTP checks cfg and returns a mailer for it. It does not connect: a relay that is
// down shows at the first Send. Errors are errs.ErrInvalid and never quote the URL, which
// may hold the password.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	t, err := parseSMTPURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("notify: smtp from address: %w", errs.ErrInvalid)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultSMTPTimeout
	}
	opts := []gomail.Option{gomail.WithPort(t.port), gomail.WithTimeout(timeout)}
	switch {
	case t.implicitTLS:
		opts = append(opts, gomail.WithSSL())
	case t.loopback:
		// Mail never leaves the machine, and Mailpit has no certificate to offer.
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case t.requireTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	switch {
	case t.user != "" && t.loopback:
		// PLAIN, which go-mail sends without TLS only to localhost, 127.0.0.1 and ::1;
		// Mailpit offers nothing else.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthPlain),
			gomail.WithUsername(t.user), gomail.WithPassword(t.pass))
	case t.user != "":
		// Auto-discovery picks the strongest mechanism the server offers and, on a
		// connection without TLS, none that sends the password in the clear (PLAIN,
		// LOGIN): a downgraded connection fails instead of leaking it.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(t.user), gomail.WithPassword(t.pass))
	}
	client, err := gomail.NewClient(t.host, opts...)
	if err != nil {
		return nil, fmt.Errorf("notify: smtp client for %s: %w", t.addr(), errs.ErrInvalid)
	}
	return &SMTP{client: client, from: from.String(), addr: t.addr(), secret: t.pass}, nil
}

// Send delivers m over a new connection, bounded by ctx and the configured timeout.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := s.build(m)
	if err != nil {
		return err
	}
	c, err := s.client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return s.fail("connect to", errs.ErrUnavailable, err)
	}
	if err := s.client.SendWithSMTPClient(c, msg); err != nil {
		_ = s.client.CloseWithSMTPClient(c)
		return s.fail("send mail via", errs.ErrUnavailable, err)
	}
	// The relay has accepted the message: a failing QUIT does not unsend it.
	_ = s.client.CloseWithSMTPClient(c)
	return nil
}

// build turns m into a go-mail message, refusing bad addresses and an empty body.
func (s *SMTP) build(m Message) (*gomail.Msg, error) {
	if m.Text == "" {
		return nil, fmt.Errorf("notify: message without text: %w", errs.ErrInvalid)
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil || to.Name != "" || to.Address != strings.TrimSpace(m.To) {
		return nil, fmt.Errorf("notify: recipient is not a bare e-mail address: %w", errs.ErrInvalid)
	}
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(s.from); err != nil {
		return nil, fmt.Errorf("notify: sender: %w", errs.ErrInvalid)
	}
	if err := msg.To(to.Address); err != nil {
		return nil, fmt.Errorf("notify: recipient: %w", errs.ErrInvalid)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// fail wraps an SMTP error in kind, with the password scrubbed from its text: a server
// may echo what it was sent. The original error is not kept in the chain, so nothing can
// print it unscrubbed.
func (s *SMTP) fail(op string, kind, err error) error {
	text := err.Error()
	if s.secret != "" {
		text = strings.ReplaceAll(text, s.secret, "[redacted]")
	}
	return &smtpError{text: fmt.Sprintf("notify: %s %s: %v: %s", op, s.addr, kind, text), kinds: []error{kind}}
}

// smtpError is an SMTP failure whose text is safe to log.
type smtpError struct {
	text  string
	kinds []error
}

// Error returns the scrubbed text.
func (e *smtpError) Error() string { return e.text }

// Unwrap exposes the error kinds (errs.ErrUnavailable) and nothing else.
func (e *smtpError) Unwrap() []error { return e.kinds }

// smtpTarget is a parsed SMTPConfig.URL.
type smtpTarget struct {
	host        string
	port        int
	user, pass  string
	implicitTLS bool // smtps://
	requireTLS  bool // smtp://…?starttls=required
	loopback    bool // the host is this machine
}

// addr is host:port.
func (t smtpTarget) addr() string { return net.JoinHostPort(t.host, strconv.Itoa(t.port)) }

// parseSMTPURL reads an SMTPConfig.URL. Its errors name the problem, never the URL.
func parseSMTPURL(raw string) (smtpTarget, error) {
	bad := func(why string) (smtpTarget, error) {
		return smtpTarget{}, fmt.Errorf("notify: smtp url: %s: %w", why, errs.ErrInvalid)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return bad("cannot be parsed")
	}
	var t smtpTarget
	switch u.Scheme {
	case "smtp":
		t.port = 587
	case "smtps":
		t.port, t.implicitTLS = 465, true
	default:
		return bad(`scheme must be "smtp" or "smtps"`)
	}
	if t.host = u.Hostname(); t.host == "" {
		return bad("host is missing")
	}
	if p := u.Port(); p != "" {
		if t.port, err = strconv.Atoi(p); err != nil || t.port < 1 || t.port > 65535 {
			return bad("port is out of range")
		}
	}
	if (u.Path != "" && u.Path != "/") || u.Fragment != "" || u.Opaque != "" {
		return bad("must not have a path")
	}
	q := u.Query()
	switch v := q.Get("starttls"); {
	case v == "required" && !t.implicitTLS:
		t.requireTLS = true
	case v != "":
		return bad(`starttls may only be "required", on smtp://`)
	}
	if q.Del("starttls"); len(q) > 0 {
		return bad("unknown query parameter")
	}
	if u.User != nil {
		t.user = u.User.Username()
		t.pass, _ = u.User.Password()
		if t.user == "" {
			return bad("a password needs a user")
		}
	}
	ip := net.ParseIP(t.host)
	t.loopback = strings.EqualFold(t.host, "localhost") || ip != nil && ip.IsLoopback()
	if t.requireTLS && t.loopback {
		t.loopback = false // asked for: honour it even on this machine
	}
	return t, nil
}
