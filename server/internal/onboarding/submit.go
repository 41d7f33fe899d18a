package onboarding

import (
	"context"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/banking/accounts"
	"github.com/vouchhq/vouch/server/internal/cleansing"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// ErrNothingToSubmit answers a submit when no customer's case is waiting for one.
var ErrNothingToSubmit = &errs.Coded{Kind: errs.ErrConflict, Code: "illegal_transition",
	Detail: "There is nothing to submit: every customer already has your details."}

// completeness lists what a profile still lacks before it can be submitted.
func completeness(r profileRow) errs.FieldErrors {
	var fe errs.FieldErrors
	need := []struct{ field, value string }{
		{"legal_name", r.LegalName}, {"entity_type", r.EntityType}, {"tin", r.TINCiphertext}, {"tin_type", r.TINType},
		{"address.line1", r.Line1}, {"address.city", r.City}, {"address.country", r.Country}, {"email", r.Email},
	}
	for _, n := range need {
		if n.value == "" {
			fe = fe.Add(n.field, "is required before you submit")
		}
	}
	if r.TINType != "" && r.TINType != cleansing.TINTypeEIN && r.EntityType != "" && r.EntityType != "sole_proprietor" {
		fe = fe.Add("tin_type", "must be ein for a business that is not a sole proprietor")
	}
	return fe
}

// Submit sends a supplier's profile to every customer whose case is a draft or waits for
// more information: it runs the checks, keeps them as the supplier's latest run, moves
// those cases to in_review and tells the customers' admins. An incomplete profile is
// errs.FieldErrors naming what is missing.
func (s *Service) Submit(ctx context.Context, actor identity.Actor, supplierID string) ([]Check, error) {
	r, err := s.profileRow(ctx, supplierID)
	if err != nil {
		return nil, err
	}
	if err := completeness(r).OrNil(); err != nil {
		return nil, fmt.Errorf("submit: %w", err)
	}
	tin, err := s.vault.Decrypt(r.TINCiphertext, vault.AAD(tinField, supplierID))
	if err != nil {
		return nil, fmt.Errorf("submit: open TIN: %w", err)
	}
	checks := s.runChecks(ctx, r, string(tin))
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		cases, err := s.casesOfSupplier(ctx, supplierID)
		if err != nil {
			return err
		}
		var moved []Case
		for _, c := range cases {
			if CanMove(c.Status, StatusSubmitted) {
				moved = append(moved, c)
			}
		}
		if len(moved) == 0 {
			return ErrNothingToSubmit
		}
		runID, now := db.NewID("run"), s.timestamp()
		if err := s.storeChecks(ctx, supplierID, runID, checks); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `UPDATE supplier_profiles SET last_run_id = ?, submitted_at = ? WHERE org_id = ?`,
			runID, now, supplierID); err != nil {
			return fmt.Errorf("submit: %w", err)
		}
		for _, c := range moved {
			if err := s.submitCase(ctx, actor, c, r.LegalName, checks, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return checks, nil
}

// submitCase moves one case draft|needs_info → submitted → in_review (the checks have
// run, so it waits for a person at once), audits both moves and tells the customer.
func (s *Service) submitCase(ctx context.Context, actor identity.Actor, c Case, legalName string, checks []Check, now time.Time) error {
	if _, err := s.db.Exec(ctx, `UPDATE kyc_cases SET status = ?, submitted_at = ?, first_approval_by = NULL, updated_at = ?
		WHERE supplier_org_id = ? AND customer_org_id = ?`, StatusInReview, now, now, c.SupplierID, c.CustomerID); err != nil {
		return fmt.Errorf("submit case: %w", err)
	}
	for _, step := range [][2]Status{{c.Status, StatusSubmitted}, {StatusSubmitted, StatusInReview}} {
		ev := actor.Event("kyc.status_changed", "org", c.SupplierID, c.CustomerID)
		ev.Details = map[string]any{"from": string(step[0]), "to": string(step[1])}
		if err := s.record(ctx, ev); err != nil {
			return err
		}
	}
	toReview := 0
	for _, ch := range checks {
		if ch.Result != ResultPass {
			toReview++
		}
	}
	admins, err := s.CustomerAdmins(ctx, c.CustomerID)
	if err != nil {
		return err
	}
	for _, a := range admins {
		err := s.mail(ctx, a.Email, notify.TemplateKYCSubmitted, notify.KYCSubmittedData{
			Name: a.Name, SupplierName: legalName, ToReview: toReview, ReviewURL: s.publicURL + "/reviews/" + c.SupplierID})
		if err != nil {
			return err
		}
	}
	return nil
}

// membersWithRole lists the active users holding a role in an org, to e-mail them.
func (s *Service) membersWithRole(ctx context.Context, orgID string, role identity.Role) ([]accounts.Person, error) {
	var out []accounts.Person
	if err := s.db.Select(ctx, &out, `SELECT u.email, u.name FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE r.org_id = ? AND r.role = ? AND u.status = 'active' ORDER BY u.email`, orgID, role); err != nil {
		return nil, fmt.Errorf("members of %s: %w", orgID, err)
	}
	return out, nil
}
