package notify

import "time"

// The onboarding templates.
const (
	TemplateSupplierInvitation = "supplier_invitation"  // data: SupplierInvitationData
	TemplateKYCSubmitted       = "kyc_submitted"        // data: KYCSubmittedData
	TemplateKYCDecided         = "kyc_decided"          // data: KYCDecidedData
	TemplateSanctionsHit       = "sanctions_hit"        // data: SanctionsHitData
	TemplateBankAccountChanged = "bank_account_changed" // data: BankAccountChangedData
)

// BankAccountChangedData fills TemplateBankAccountChanged, sent to a supplier's other
// users and to its customers' admins when a bank account is added after the first.
type BankAccountChangedData struct {
	Name         string // the recipient; may be empty
	SupplierName string
	BankName     string // may be empty when no directory is loaded
	Last4        string
	ChangedBy    string // the e-mail of the user who made the change
	ForCustomer  bool   // the customer's version mentions the cooling period
	CoolingHours int
	URL          string // where to look
}

// SanctionsHitData fills TemplateSanctionsHit, sent to a customer's admins when a new
// sanctions list matches a supplier they had approved or are reviewing.
type SanctionsHitData struct {
	Name         string // the admin; may be empty
	SupplierName string
	Hits         int
	ListNumber   int64  // the list version that matched
	ReviewURL    string // the supplier's page in the review queue
}

// SupplierInvitationData fills TemplateSupplierInvitation.
type SupplierInvitationData struct {
	SupplierName string    // who is invited, as the customer wrote it
	CustomerName string    // the paying company that invites
	InviteURL    string    // the single-use enrollment link
	ExpiresAt    time.Time // when the link stops working
	Reminder     bool      // a reminder of an invitation not yet accepted
}

// KYCSubmittedData fills TemplateKYCSubmitted, sent to a customer's admins.
type KYCSubmittedData struct {
	Name         string // the admin; may be empty
	SupplierName string
	ToReview     int    // checks that need a person's look
	ReviewURL    string // the supplier's page in the review queue
}

// KYCDecidedData fills TemplateKYCDecided, sent to a supplier's users.
type KYCDecidedData struct {
	Name         string // the supplier user; may be empty
	CustomerName string
	Outcome      string // "approved", "rejected" or "needs_info"
	Reason       string // the reviewer's words
	StatusURL    string // the supplier's status page
}
