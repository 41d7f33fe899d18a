package notify

import "time"

// The step-up and passkey-recovery templates (docs/decisions/0017).
const (
	TemplateStepUpCode        = "stepup_code"        // data: StepUpCodeData
	TemplateRecoveryLink      = "recovery_link"      // data: RecoveryLinkData
	TemplateRecoveryStarted   = "recovery_started"   // data: RecoveryStartedData
	TemplateRecoveryAdmin     = "recovery_admin"     // data: RecoveryAdminData
	TemplateRecoveryCancelled = "recovery_cancelled" // data: RecoveryCancelledData
	TemplateRecoveryCompleted = "recovery_completed" // data: RecoveryCompletedData
)

// StepUpCodeData fills TemplateStepUpCode.
type StepUpCodeData struct {
	Name     string        // may be empty
	Code     string        // six digits
	ValidFor time.Duration // 10 minutes in practice
}

// RecoveryLinkData fills TemplateRecoveryLink.
type RecoveryLinkData struct {
	Name       string        // may be empty
	RecoverURL string        // the single-use link that starts the recovery
	ValidFor   time.Duration // how long the link may be used to start, 1 hour in practice
}

// RecoveryStartedData fills TemplateRecoveryStarted, sent to the person whose passkeys
// are about to be removed.
type RecoveryStartedData struct {
	Name       string    // may be empty
	StartedAt  time.Time // shown in UTC
	ReadyAt    time.Time // when the passkeys may be removed
	IP         string    // where the recovery was started from
	AccountURL string    // where to sign in and cancel it
}

// RecoveryAdminData fills TemplateRecoveryAdmin, sent to the admins who may cancel.
type RecoveryAdminData struct {
	Name          string // the admin's; may be empty
	UserName      string // may be empty
	UserEmail     string
	StartedAt     time.Time
	ReadyAt       time.Time
	IP            string
	RecoveriesURL string // the admin page that lists and cancels recoveries
}

// RecoveryCancelledData fills TemplateRecoveryCancelled.
type RecoveryCancelledData struct {
	Name        string // may be empty
	CancelledBy string // "you" or "an administrator"
	Reason      string // may be empty
	AccountURL  string
}

// RecoveryCompletedData fills TemplateRecoveryCompleted.
type RecoveryCompletedData struct {
	Name        string // may be empty
	CompletedAt time.Time
	SignInURL   string
}
