package notify_test

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/notify/mailpittest"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

const from = "Vouch <no-reply@vouch.example>"

// sample is one template with data whose link the delivered mail must carry.
type sample struct {
	name string
	data any
	link string
}

// samples covers every template Render knows.
func samples() []sample {
	at := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	return []sample{
		{notify.TemplatePasswordReset, notify.PasswordResetData{Name: "Ann", ResetURL: "https://app.vouch.example/reset/tok-reset", ValidFor: 30 * time.Minute}, "https://app.vouch.example/reset/tok-reset"},
		{notify.TemplatePasswordChanged, notify.PasswordChangedData{Name: "Ann", ChangedAt: at, ResetURL: "https://app.vouch.example/forgot"}, "https://app.vouch.example/forgot"},
		{notify.TemplatePasswordResetForced, notify.PasswordResetForcedData{SignInURL: "https://app.vouch.example/sign-in"}, "https://app.vouch.example/sign-in"},
		{notify.TemplateWelcome, notify.WelcomeData{Name: "Ann", OrgName: "Acme Corp", SignInURL: "https://app.vouch.example/welcome"}, "https://app.vouch.example/welcome"},
		{notify.TemplateTest, notify.TestData{SentAt: at}, ""},
		{notify.TemplatePasskeyAdded, notify.PasskeyAddedData{Name: "Ann", PasskeyName: "Laptop", AddedAt: at, ResetURL: "https://app.vouch.example/forgot-password"}, "https://app.vouch.example/forgot-password"},
		{notify.TemplatePasskeyRequired, notify.PasskeyRequiredData{Name: "Ann", Required: true, OrgName: "Acme Corp", SignInURL: "https://app.vouch.example/sign-in"}, "https://app.vouch.example/sign-in"},
		{notify.TemplateApprovalRequested, notify.ApprovalRequestedData{Name: "Ann", Requester: "help@vouch.example", ActionText: "remove every passkey of", TargetEmail: "ap@acme.example", Reason: "lost phone", ExpiresAt: at, QueueURL: "https://app.vouch.example/admin/approvals"}, "https://app.vouch.example/admin/approvals"},
		{notify.TemplateApprovalDecided, notify.ApprovalDecidedData{Name: "Ann", Outcome: "cancelled", ActionText: "remove every passkey of", TargetEmail: "ap@acme.example", DecidedBy: "help2@vouch.example", Reason: "wrong person", ForTarget: true}, ""},
		{notify.TemplateIPBlocked, notify.IPBlockedData{IP: "203.0.113.9", Trips: 5, Window: 15 * time.Minute, BlockedUntil: at, BlocksURL: "https://app.vouch.example/admin/ip-blocks"}, "https://app.vouch.example/admin/ip-blocks"},
		{notify.TemplateDeviceConnected, notify.DeviceConnectedData{Name: "Ann", DeviceName: "Ann's laptop", IP: "203.0.113.9", ConnectedAt: at, DevicesURL: "https://app.vouch.example/account"}, "https://app.vouch.example/account"},
		{notify.TemplateStepUpCode, notify.StepUpCodeData{Name: "Ann", Code: "042917", ValidFor: 10 * time.Minute}, ""},
		{notify.TemplateRecoveryLink, notify.RecoveryLinkData{Name: "Ann", RecoverURL: "https://app.vouch.example/recover?token=tok", ValidFor: time.Hour}, "https://app.vouch.example/recover?token=tok"},
		{notify.TemplateRecoveryStarted, notify.RecoveryStartedData{Name: "Ann", StartedAt: at, ReadyAt: at.Add(24 * time.Hour), IP: "203.0.113.9", AccountURL: "https://app.vouch.example/account"}, "https://app.vouch.example/account"},
		{notify.TemplateRecoveryAdmin, notify.RecoveryAdminData{Name: "Bo", UserName: "Ann", UserEmail: "ap@acme.example", StartedAt: at, ReadyAt: at.Add(24 * time.Hour), IP: "203.0.113.9", RecoveriesURL: "https://app.vouch.example/admin/recoveries"}, "https://app.vouch.example/admin/recoveries"},
		{notify.TemplateRecoveryCancelled, notify.RecoveryCancelledData{Name: "Ann", CancelledBy: "an administrator", Reason: "not requested", AccountURL: "https://app.vouch.example/account"}, "https://app.vouch.example/account"},
		{notify.TemplateSupplierInvitation, notify.SupplierInvitationData{SupplierName: "Bolt and Nut Co", CustomerName: "Acme Corp", InviteURL: "https://app.vouch.example/enroll?token=tok", ExpiresAt: at}, "https://app.vouch.example/enroll?token=tok"},
		{notify.TemplateKYCSubmitted, notify.KYCSubmittedData{Name: "Ann", SupplierName: "Bolt and Nut Co", ToReview: 2, ReviewURL: "https://app.vouch.example/reviews/org_1"}, "https://app.vouch.example/reviews/org_1"},
		{notify.TemplateKYCDecided, notify.KYCDecidedData{Name: "Bo", CustomerName: "Acme Corp", Outcome: "needs_info", Reason: "W-9 unsigned", StatusURL: "https://app.vouch.example/onboarding"}, "https://app.vouch.example/onboarding"},
		{notify.TemplateSanctionsHit, notify.SanctionsHitData{Name: "Ann", SupplierName: "Bolt and Nut Co", Hits: 1, ListNumber: 7, ReviewURL: "https://app.vouch.example/reviews/org_1"}, "https://app.vouch.example/reviews/org_1"},
		{notify.TemplateBankAccountChanged, notify.BankAccountChangedData{Name: "Ann", SupplierName: "Bolt and Nut Co", BankName: "FIRST BANK", Last4: "6789", ChangedBy: "sam@bolt.example", ForCustomer: true, CoolingHours: 72, URL: "https://app.vouch.example/reviews/org_1"}, "https://app.vouch.example/reviews/org_1"},
		{notify.TemplateRecoveryCompleted, notify.RecoveryCompletedData{Name: "Ann", CompletedAt: at, SignInURL: "https://app.vouch.example/sign-in"}, "https://app.vouch.example/sign-in"},
	}
}

func TestSMTPDeliversEveryTemplateToMailpit(t *testing.T) {
	t.Parallel()
	smtpURL, api := mailpittest.Start(t)
	mailer, err := notify.NewSMTP(notify.SMTPConfig{URL: smtpURL, From: from})
	require.NoError(t, err)

	for _, s := range samples() {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			m, err := notify.Render(s.name, s.data)
			require.NoError(t, err)
			m.To = s.name + "@supplier.example"
			require.NoError(t, mailer.Send(t.Context(), m))

			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			got, err := api.WaitFor(ctx, m.To)
			require.NoError(t, err)
			require.Len(t, got.To, 1)
			assert.Equal(t, m.To, got.To[0].Address)
			assert.Equal(t, "no-reply@vouch.example", got.From.Address)
			assert.Equal(t, "Vouch", got.From.Name)
			assert.Equal(t, m.Subject, got.Subject)
			if s.link != "" {
				assert.Contains(t, got.Text, s.link)
				assert.Contains(t, got.HTML, `href="`+s.link+`"`)
			}
			assert.Contains(t, got.Text, "Vouch")
			assert.Contains(t, got.HTML, "<title>"+m.Subject+"</title>")
		})
	}
}

func TestSMTPAuthenticatesOnLoopback(t *testing.T) {
	t.Parallel()
	smtpURL, api := mailpittest.Start(t, "--smtp-auth-accept-any", "--smtp-auth-allow-insecure")
	authURL := strings.Replace(smtpURL, "smtp://", "smtp://vouch:app%20pass@", 1)
	mailer, err := notify.NewSMTP(notify.SMTPConfig{URL: authURL, From: from})
	require.NoError(t, err)
	// Concurrent sends share the mailer, as handlers and jobs will (run with -race).
	var wg sync.WaitGroup
	sendErrs := make([]error, 4)
	for i := range sendErrs {
		wg.Go(func() {
			sendErrs[i] = mailer.Send(t.Context(), notify.Message{To: fmt.Sprintf("auth%d@supplier.example", i), Subject: "Hi", Text: "Hello"})
		})
	}
	wg.Wait()
	for _, err := range sendErrs {
		require.NoError(t, err)
	}
	require.NoError(t, mailer.Send(t.Context(), notify.Message{To: "auth@supplier.example", Subject: "Hi", Text: "Hello"}))
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	got, err := api.WaitFor(ctx, "auth@supplier.example")
	require.NoError(t, err)
	assert.Equal(t, "Hello", strings.TrimSpace(got.Text))
	assert.Empty(t, got.HTML, "no HTML part when the message has none")

	require.NoError(t, api.DeleteAll(t.Context()))
	list, err := api.Messages(t.Context())
	require.NoError(t, err)
	assert.Empty(t, list)
}

func TestSMTPDownIsUnavailableWithoutThePassword(t *testing.T) {
	t.Parallel()
	const secret = "s3cret-pa55word"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close()) // nothing listens there now

	mailer, err := notify.NewSMTP(notify.SMTPConfig{URL: "smtp://vouch:" + secret + "@" + addr, From: from})
	require.NoError(t, err)
	err = mailer.Send(t.Context(), notify.Message{To: "ann@supplier.example", Subject: "Hi", Text: "Hello"})
	require.ErrorIs(t, err, errs.ErrUnavailable)
	assert.NotContains(t, err.Error(), secret)
	assert.Contains(t, err.Error(), addr, "the error says which relay failed")
}

func TestSMTPSilentServerTimesOut(t *testing.T) {
	t.Parallel()
	// A server that accepts connections and never greets: Send must give up on its own.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { _ = c.Close() })
		}
	}()
	mailer, err := notify.NewSMTP(notify.SMTPConfig{URL: "smtp://" + l.Addr().String(), From: from, Timeout: 200 * time.Millisecond})
	require.NoError(t, err)
	start := time.Now()
	err = mailer.Send(t.Context(), notify.Message{To: "ann@supplier.example", Subject: "Hi", Text: "Hello"})
	require.ErrorIs(t, err, errs.ErrUnavailable)
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestSMTPRefusesBadMessagesBeforeConnecting(t *testing.T) {
	t.Parallel()
	// Port 9 (discard) on loopback: the tests pass only if no connection is tried.
	mailer, err := notify.NewSMTP(notify.SMTPConfig{URL: "smtp://127.0.0.1:9", From: from})
	require.NoError(t, err)
	for _, m := range []notify.Message{
		{To: "", Subject: "Hi", Text: "Hello"},
		{To: "Ann <ann@supplier.example>", Subject: "Hi", Text: "Hello"},
		{To: "ann@supplier.example, bob@supplier.example", Subject: "Hi", Text: "Hello"},
		{To: "ann@supplier.example\r\nBcc: eve@evil.example", Subject: "Hi", Text: "Hello"},
		{To: "ann@supplier.example", Subject: "Hi"},
	} {
		assert.ErrorIs(t, mailer.Send(t.Context(), m), errs.ErrInvalid, "%q", m.To)
	}
}

func TestNewSMTPRefusesABadSender(t *testing.T) {
	t.Parallel()
	_, err := notify.NewSMTP(notify.SMTPConfig{URL: "smtp://127.0.0.1:1025", From: "not an address"})
	require.ErrorIs(t, err, errs.ErrInvalid)
}
