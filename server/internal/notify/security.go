package notify

import "time"

// Templates of security notices: four-eyes requests, blocked addresses, new devices.
const (
	TemplateApprovalRequested = "approval_requested" // data: ApprovalRequestedData
	TemplateApprovalDecided   = "approval_decided"   // data: ApprovalDecidedData
	TemplateIPBlocked         = "ip_blocked"         // data: IPBlockedData
	TemplateDeviceConnected   = "device_connected"   // data: DeviceConnectedData
)

// ApprovalRequestedData fills TemplateApprovalRequested, sent to the other platform staff.
type ApprovalRequestedData struct {
	Name        string // the recipient; may be empty
	Requester   string // e-mail of the staff member who asked
	ActionText  string // "remove every passkey of"
	TargetEmail string
	Reason      string
	ExpiresAt   time.Time
	QueueURL    string // the approval queue
}

// ApprovalDecidedData fills TemplateApprovalDecided, sent to the requester and the target.
type ApprovalDecidedData struct {
	Name        string // the recipient; may be empty
	Outcome     string // "approved" or "cancelled"
	ActionText  string
	TargetEmail string
	DecidedBy   string // e-mail of who approved or cancelled
	Reason      string // why it was cancelled; may be empty
	ForTarget   bool   // the recipient is the person the request was about
}

// IPBlockedData fills TemplateIPBlocked, sent to platform admins once per block.
type IPBlockedData struct {
	Name         string // the recipient; may be empty
	IP           string
	Trips        int           // rate-limit denials that led to the block
	Window       time.Duration // over how long
	BlockedUntil time.Time
	BlocksURL    string // where staff can lift it
}

// DeviceConnectedData fills TemplateDeviceConnected, sent to a person whose account a new
// desktop device was connected to.
type DeviceConnectedData struct {
	Name        string // may be empty
	DeviceName  string
	IP          string // where the device asked from
	ConnectedAt time.Time
	DevicesURL  string // where to disconnect it
}
