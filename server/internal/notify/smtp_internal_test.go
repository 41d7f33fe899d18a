package notify

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

func TestParseSMTPURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url  string
		want smtpTarget
	}{
		{"smtp://mail.example.com", smtpTarget{host: "mail.example.com", port: 587}},
		{"smtp://mail.example.com:25/", smtpTarget{host: "mail.example.com", port: 25}},
		{"smtp://mail.example.com?starttls=required", smtpTarget{host: "mail.example.com", port: 587, requireTLS: true}},
		{"smtps://ann:p%40ss@mail.example.com", smtpTarget{host: "mail.example.com", port: 465, user: "ann", pass: "p@ss", implicitTLS: true}},
		{"smtps://mail.example.com:2465", smtpTarget{host: "mail.example.com", port: 2465, implicitTLS: true}},
		{"smtp://127.0.0.1:1025", smtpTarget{host: "127.0.0.1", port: 1025, loopback: true}},
		{"smtp://LOCALHOST:1025", smtpTarget{host: "LOCALHOST", port: 1025, loopback: true}},
		{"smtp://[::1]:1025", smtpTarget{host: "::1", port: 1025, loopback: true}},
		{"smtp://localhost:1025?starttls=required", smtpTarget{host: "localhost", port: 1025, requireTLS: true}},
		{"smtps://localhost", smtpTarget{host: "localhost", port: 465, implicitTLS: true, loopback: true}},
		{"smtp://apikey@mail.example.com", smtpTarget{host: "mail.example.com", port: 587, user: "apikey"}},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			got, err := parseSMTPURL(tt.url)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseSMTPURLRefusesWithoutQuotingIt(t *testing.T) {
	t.Parallel()
	const secret = "hunter2-s3cret"
	for _, raw := range []string{
		"",
		"mail.example.com:25",
		"http://u:" + secret + "@mail.example.com",
		"smtp://u:" + secret + "@",
		"smtp://u:" + secret + "@mail example.com",
		"smtp://u:" + secret + "@mail.example.com:0",
		"smtp://u:" + secret + "@mail.example.com:70000",
		"smtp://u:" + secret + "@mail.example.com/path",
		"smtp://u:" + secret + "@mail.example.com?tls=none",
		"smtp://u:" + secret + "@mail.example.com?starttls=never",
		"smtps://u:" + secret + "@mail.example.com?starttls=required",
		"smtp://:" + secret + "@mail.example.com",
		"smtp://u:" + secret + "@mail.example.com:25%",
	} {
		t.Run(raw, func(t *testing.T) {
			_, err := parseSMTPURL(raw)
			require.ErrorIs(t, err, errs.ErrInvalid)
			assert.NotContains(t, err.Error(), secret)
			_, err = NewSMTP(SMTPConfig{URL: raw, From: "no-reply@vouch.example"})
			require.ErrorIs(t, err, errs.ErrInvalid)
			assert.NotContains(t, err.Error(), secret)
		})
	}
}
