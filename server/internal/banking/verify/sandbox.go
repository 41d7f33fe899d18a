package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"
)

// Sandbox latency and timeout defaults: about what a real instant-verification call
// takes, so the UI's waiting states get exercised in development.
const (
	DefaultSandboxMinLatency = 50 * time.Millisecond  // shortest sandbox delay
	DefaultSandboxMaxLatency = 150 * time.Millisecond // longest sandbox delay
	DefaultSandboxTimeout    = 3 * time.Second        // how long account …9999 hangs
)

// SandboxOwnerMismatch is the owner of record the sandbox reports for account …4444.
const SandboxOwnerMismatch = "JOHN DOE HOLDINGS LLC"

// sandboxOutcomes are the sandbox's scripted answers by last four digits, in the vendor
// schema's statuses so the sandbox goes through the same mapping as the HTTP adapter.
var sandboxOutcomes = map[string]string{
	"0000": "NOT_FOUND",
	"1111": "CLOSED",
	"2222": "CLOSED_FOR_CAUSE",
	"3333": "FROZEN",
	"4444": "OPEN",
}

// sandboxNoAnswer is the last four that makes the sandbox time out.
const sandboxNoAnswer = "9999"

// Sandbox is a deterministic provider with no network, for development, demos and tests;
// the package documentation lists its outcomes. The zero value answers at once; set the
// fields before first use and not after.
type Sandbox struct {
	MinLatency time.Duration    // shortest delay before answering
	MaxLatency time.Duration    // longest delay; the delay is uniform in [MinLatency, MaxLatency]
	Timeout    time.Duration    // how long …9999 waits before ErrNoAnswer; 0 means DefaultSandboxTimeout
	Now        func() time.Time // the clock for CheckedAt; nil means time.Now
}

// NewSandbox returns a sandbox with the default, realistic latency.
func NewSandbox() *Sandbox {
	return &Sandbox{MinLatency: DefaultSandboxMinLatency, MaxLatency: DefaultSandboxMaxLatency, Timeout: DefaultSandboxTimeout}
}

// Name returns "sandbox".
func (s *Sandbox) Name() string { return ProviderSandbox }

// Verify answers from req's last four digits after the configured delay.
func (s *Sandbox) Verify(ctx context.Context, req Request) (Answer, error) {
	if err := req.Validate(); err != nil {
		return Answer{}, fmt.Errorf("verify with sandbox: %w", err)
	}
	if req.last4() == sandboxNoAnswer {
		// Like a vendor that never answers: wait out the caller's deadline or our own
		// timeout, whichever comes first, but never forever.
		timeout := s.Timeout
		if timeout <= 0 {
			timeout = DefaultSandboxTimeout
		}
		if err := sleep(ctx, timeout); err != nil {
			return Answer{}, fmt.Errorf("verify with sandbox: %w: %w", ErrNoAnswer, err)
		}
		return Answer{}, fmt.Errorf("verify with sandbox: timed out after %s: %w", timeout, ErrNoAnswer)
	}
	if err := sleep(ctx, s.latency()); err != nil {
		return Answer{}, fmt.Errorf("verify with sandbox: %w: %w", ErrNoAnswer, err)
	}

	status, scripted := sandboxOutcomes[req.last4()]
	if !scripted {
		status = "OPEN"
	}
	var owner *string
	switch {
	case req.last4() == "4444":
		owner = ptr(SandboxOwnerMismatch)
	case status == "OPEN" && req.LegalName != "":
		owner = ptr(req.LegalName)
	case status == "OPEN":
		owner = ptr(req.HolderName)
	}
	raw, err := json.Marshal(vendorResponse{
		Reference: sandboxRef(req),
		Status:    status,
		OwnerName: owner,
		Codes:     map[string]string{"sandbox_code": status},
	})
	if err != nil {
		return Answer{}, fmt.Errorf("verify with sandbox: encode answer: %w", err)
	}
	a, err := decodeAnswer("application/json", raw)
	if err != nil {
		return Answer{}, fmt.Errorf("verify with sandbox: %w: %w", ErrBadAnswer, err)
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	a.Provider = ProviderSandbox
	a.CheckedAt = now().UTC()
	return a, nil
}

// latency draws the delay before an answer.
func (s *Sandbox) latency() time.Duration {
	lo, hi := max(s.MinLatency, 0), max(s.MaxLatency, 0)
	if hi <= lo {
		return lo
	}
	return lo + rand.N(hi-lo+1)
}

// sandboxRef is a short reference that is the same for the same request. It hashes
// only what is not secret (the routing number, last four, type and names): a short
// hash of a whole account number could be reversed by trying every number.
func sandboxRef(req Request) string {
	h := sha256Hex([]byte(req.RoutingNumber + "|" + req.last4() + "|" + req.AccountType + "|" + req.HolderName + "|" + req.LegalName + "|" + req.DBA))
	return "sbx_" + h[:12]
}

// ptr returns a pointer to s.
func ptr(s string) *string { return &s }
