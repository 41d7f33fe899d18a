package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/notify"
)

func TestRenderEveryTemplate(t *testing.T) {
	t.Parallel()
	var names []string
	for _, s := range samples() {
		names = append(names, s.name)
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			m, err := notify.Render(s.name, s.data)
			require.NoError(t, err)
			assert.Empty(t, m.To)
			assert.Contains(t, m.Subject, "Vouch")
			assert.NotContains(t, m.Subject, "\n")
			assert.Contains(t, m.Text, s.link)
			assert.Contains(t, m.HTML, s.link)
			assert.NotContains(t, m.Text, "<p", "the text part is plain text")
			assert.True(t, strings.HasPrefix(m.HTML, "<!DOCTYPE html>"))
			assert.Contains(t, m.HTML, `<html lang="en">`)
			assert.NotContains(t, m.Text+m.HTML, "<no value>")
			assert.NotContains(t, m.HTML, "<table", "simple markup, no layout tables")
		})
	}
	assert.ElementsMatch(t, names, notify.Templates(), "every template has a sample")
}

func TestRenderPasswordResetSaysWhatMatters(t *testing.T) {
	t.Parallel()
	m, err := notify.Render(notify.TemplatePasswordReset, notify.PasswordResetData{
		Name: "Ann", ResetURL: "https://app.vouch.example/reset?t=a&b=c", ValidFor: 30 * time.Minute})
	require.NoError(t, err)
	assert.Equal(t, "Reset your Vouch password", m.Subject)
	for _, body := range []string{m.Text, m.HTML} {
		assert.Contains(t, body, "Hello Ann,")
		assert.Contains(t, body, "expires in 30 minutes")
		assert.Contains(t, body, "If this wasn't you")
	}
	assert.Contains(t, m.Text, "https://app.vouch.example/reset?t=a&b=c")
	assert.Contains(t, m.HTML, `href="https://app.vouch.example/reset?t=a&amp;b=c"`)
}

func TestRenderEscapesDataInHTML(t *testing.T) {
	t.Parallel()
	m, err := notify.Render(notify.TemplateWelcome, notify.WelcomeData{
		Name: `<script>alert(1)</script>`, OrgName: "Smith & Sons", SignInURL: "javascript:alert(1)"})
	require.NoError(t, err)
	assert.NotContains(t, m.HTML, "<script>")
	assert.Contains(t, m.HTML, "&lt;script&gt;")
	assert.Contains(t, m.HTML, "Smith &amp; Sons")
	assert.NotContains(t, m.HTML, `href="javascript:`, "html/template defuses unsafe URLs")
}

func TestRenderWithoutAName(t *testing.T) {
	t.Parallel()
	m, err := notify.Render(notify.TemplatePasswordResetForced, notify.PasswordResetForcedData{SignInURL: "https://app.vouch.example/"})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(m.Text, "Hello,\n"))
	assert.Contains(t, m.Subject, "next sign-in")
}

func TestRenderRefusesUnknownTemplatesAndWrongData(t *testing.T) {
	t.Parallel()
	_, err := notify.Render("password_rest", notify.PasswordResetData{})
	require.Error(t, err)
	_, err = notify.Render(notify.TemplatePasswordReset, notify.WelcomeData{})
	require.Error(t, err, "a field the template needs is missing")
	_, err = notify.Render(notify.TemplatePasswordReset, map[string]any{"Name": "Ann"})
	require.Error(t, err, "missing map keys are errors too")
}

func TestFooterSaysWhyTheMailCame(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data any
		want string
	}{
		{notify.TemplateSupplierInvitation, notify.SupplierInvitationData{SupplierName: "Bolt & Nut Co", CustomerName: "Acme Corp",
			InviteURL: "https://app.vouch.example/enroll?token=tok", ExpiresAt: time.Now()}, "because Acme Corp invited Bolt & Nut Co to Vouch"},
		{notify.TemplateWelcome, notify.WelcomeData{Name: "Ann", OrgName: "Acme", SignInURL: "https://app.vouch.example/sign-in"},
			"because you have an account on Vouch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := notify.Render(tt.name, tt.data)
			require.NoError(t, err)
			assert.Contains(t, m.Text, tt.want)
			assert.Contains(t, m.HTML, strings.ReplaceAll(tt.want, "&", "&amp;"))
			assert.Contains(t, m.Text, "Replies to this address are not read.")
			if tt.name == notify.TemplateSupplierInvitation {
				assert.NotContains(t, m.Text+m.HTML, "you have an account", "an invitee has none yet")
			}
		})
	}
}
