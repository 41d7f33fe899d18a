package verify

import (
	"context"
	"time"

	"github.com/vouchhq/vouch/server/internal/vault"
)

// Provider verifies bank accounts with one vendor. Implementations are safe for
// concurrent use.
type Provider interface {
	// Verify asks the vendor about req's account; an error wrapping ErrNoAnswer means
	// "no verdict in time, fall back to micro-deposits".
	Verify(ctx context.Context, req Request) (Answer, error)
	// Name identifies the provider in Answer.Provider and in logs.
	Name() string
}

// Request is what a provider is asked about one account.
type Request struct {
	RoutingNumber string       // nine digits, ABA checksum valid
	AccountNumber vault.Secret // digits only; a Secret so no log or error shows it
	AccountType   string       // Checking or Savings
	HolderName    string       // the name the supplier typed as the account holder
	LegalName     string       // the supplier's legal name
	DBA           string       // the supplier's trade name, if any
}

// Account types a Request may carry.
const (
	Checking = "checking" // a checking (demand deposit) account
	Savings  = "savings"  // a savings account
)

// Status is an account's standing as the bank reports it; the values are the API's
// account_status.
type Status string

// The statuses an Answer can carry.
const (
	StatusOpen           Status = "open"             // open and able to receive entries
	StatusClosed         Status = "closed"           // closed in the ordinary way
	StatusClosedForCause Status = "closed_for_cause" // closed by the bank, for fraud or abuse
	StatusFrozen         Status = "frozen"           // open but blocked (legal hold, investigation)
	StatusNotFound       Status = "not_found"        // the bank has no such account
	StatusUnknown        Status = "unknown"          // the vendor answered with a status we do not know
)

// Answer is a provider's normalised verdict on one account, kept as evidence.
type Answer struct {
	Provider      string            // Provider.Name() of who answered
	ProviderRef   string            // the vendor's reference for this check
	AccountStatus Status            // the account's standing
	OwnerOfRecord string            // the bank's name for the owner, "" when not given
	RawCodes      map[string]string // the vendor's own codes, kept verbatim for disputes
	RawSHA256     string            // hex SHA-256 of the vendor's response body, as evidence
	CheckedAt     time.Time         // when the answer arrived, UTC
}
