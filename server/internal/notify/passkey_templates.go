package notify

import "time"

// The passkey second-factor templates (docs/decisions/0016-second-factor.md).
const (
	TemplatePasskeyAdded    = "passkey_added"    // data: PasskeyAddedData
	TemplatePasskeyRequired = "passkey_required" // data: PasskeyRequiredData
)

// PasskeyAddedData fills TemplatePasskeyAdded: a passkey now signs in to the account, so
// the owner must hear of it at once if it was not them.
type PasskeyAddedData struct {
	Name        string    // may be empty
	PasskeyName string    // what the passkey was called
	AddedAt     time.Time // shown in UTC
	ResetURL    string    // where to start if the person did not add it
}

// PasskeyRequiredData fills TemplatePasskeyRequired: staff changed whether the person
// must confirm sign-ins with a passkey.
type PasskeyRequiredData struct {
	Name      string // may be empty
	Required  bool   // whether a passkey is now required
	ByOrg     bool   // the person's own requirement was lifted but their organisation's remains
	OrgName   string // set when an organisation turned the requirement on
	SignInURL string
}
