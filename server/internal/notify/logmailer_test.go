package notify_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/notify"
)

func TestLogMailerLogsWhatADeveloperNeeds(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	mailer := notify.NewLogMailer(slog.New(slog.NewJSONHandler(&buf, nil)))
	m, err := notify.Render(notify.TemplatePasswordReset, notify.PasswordResetData{ResetURL: "https://app.vouch.example/reset/tok-1", ValidFor: 1800e9})
	require.NoError(t, err)
	m.To = "ann@supplier.example"
	require.NoError(t, mailer.Send(t.Context(), m))

	var line map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &line))
	assert.Equal(t, "INFO", line["level"])
	assert.Equal(t, "ann@supplier.example", line["to"])
	assert.Equal(t, "Reset your Vouch password", line["subject"])
	assert.Contains(t, line["text"], "https://app.vouch.example/reset/tok-1")
	assert.NotContains(t, buf.String(), "<html", "the HTML part is noise in a log")

	require.NoError(t, notify.NewLogMailer(nil).Send(t.Context(), m), "a nil logger discards")
}

func TestNewPicksTheMailer(t *testing.T) {
	t.Parallel()
	m, err := notify.New(notify.SMTPConfig{}, false, nil)
	require.NoError(t, err)
	assert.IsType(t, &notify.LogMailer{}, m)

	_, err = notify.New(notify.SMTPConfig{}, true, nil)
	require.Error(t, err, "production must not log mail instead of sending it")

	m, err = notify.New(notify.SMTPConfig{URL: "smtp://127.0.0.1:1025", From: "no-reply@vouch.example"}, true, nil)
	require.NoError(t, err)
	assert.IsType(t, &notify.SMTP{}, m)
}
