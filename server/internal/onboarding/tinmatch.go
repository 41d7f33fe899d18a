package onboarding

import (
	"context"
	"strings"
)

// TINMatcher asks a TIN-matching service (the IRS's, through a vendor) whether a TIN and
// a legal name belong together. Deployments choose the vendor; the sandbox is the default.
type TINMatcher interface {
	// Match returns pass (they match), fail (the IRS has another name for this TIN) or
	// review (no answer: the service is down or does not know), with a reason. An error
	// is an outage; the check then asks for a person's review.
	Match(ctx context.Context, tinType, tin, legalName string) (Result, string, error)
	// Name identifies the provider in the evidence.
	Name() string
}

// SandboxTINMatcher answers at once and predictably, by the TIN's last four digits:
// 0000 fails (the IRS has another name), 1111 asks for review (no answer), anything
// else passes. It is the default, so demos and tests need no vendor.
type SandboxTINMatcher struct{}

// Name implements TINMatcher.
func (SandboxTINMatcher) Name() string { return "sandbox" }

// Match implements TINMatcher.
func (SandboxTINMatcher) Match(_ context.Context, _, tin, _ string) (Result, string, error) {
	switch {
	case strings.HasSuffix(tin, "0000"):
		return ResultFail, "The IRS has a different name on record for this TIN.", nil
	case strings.HasSuffix(tin, "1111"):
		return ResultReview, "The IRS could not confirm this TIN and name; a reviewer should check the W-9.", nil
	}
	return ResultPass, "The IRS confirms this TIN belongs to the legal name.", nil
}
