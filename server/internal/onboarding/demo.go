package onboarding

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/vouchhq/vouch/server/internal/cleansing"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// The demo supplier SeedDemo enrolls, so that a fresh install shows the supplier's side
// (onboarding, bank accounts) and the customer's review of it without any e-mail.
const (
	// DemoSupplierEmail signs in as the demo supplier's user, with identity.DemoPassword.
	DemoSupplierEmail = "sales@bolt.example"
	// DemoSupplierOrg is the demo supplier's legal name and org.
	DemoSupplierOrg = "Bolt and Nut LLC"
)

// demoProfile is an invented business whose every field passes cleansing; its EIN is not
// a real company's.
var demoProfile = cleansing.Profile{
	LegalName: DemoSupplierOrg, DBA: "Bolt & Nut", EntityType: cleansing.EntityLLC, TIN: "12-3456789", TINType: "ein",
	Address: cleansing.Address{Line1: "1 Main Street", City: "Springfield", Region: "IL", PostalCode: "62701", Country: "US"},
	Phone:   "(217) 555-0100", Email: "ap@bolt.example", Website: "bolt.example",
	Contacts: []cleansing.Contact{{Name: "Sam Bolt", Email: DemoSupplierEmail, Phone: "(217) 555-0101", Role: "Owner"}},
}

// SeedDemo enrolls the demo supplier through the same steps a real one takes: the demo
// customer's admin invites it, it enrolls with identity.DemoPassword and fills in its
// profile; it has not submitted it, so the onboarding screens start at the review step.
// It reports whether it enrolled the supplier: an existing demo supplier is left as it is.
// The customer and its admin come from identity's SeedDemo, which must run first.
func (s *Service) SeedDemo(ctx context.Context, adminEmail, customerOrg string) (bool, error) {
	store := s.identity.Store()
	if _, err := store.GetUserByEmail(ctx, DemoSupplierEmail); err == nil {
		return false, nil
	} else if !errors.Is(err, errs.ErrNotFound) {
		return false, fmt.Errorf("demo supplier: %w", err)
	}
	admin, err := store.GetUserByEmail(ctx, adminEmail)
	if err != nil {
		return false, fmt.Errorf("demo supplier: the demo admin: %w", err)
	}
	customer, err := store.GetOrgByName(ctx, identity.OrgCustomer, customerOrg)
	if err != nil {
		return false, fmt.Errorf("demo supplier: the demo customer: %w", err)
	}
	by := identity.Actor{UserID: admin.ID, Role: identity.RoleCustomerAdmin, IP: "127.0.0.1", UserAgent: "vouch seed demo"}
	_, link, err := s.Invite(ctx, by, customer.ID, InviteInput{Email: DemoSupplierEmail, SupplierName: DemoSupplierOrg})
	if err != nil {
		return false, fmt.Errorf("demo supplier: invite: %w", err)
	}
	u, err := url.Parse(link)
	if err != nil {
		return false, fmt.Errorf("demo supplier: invitation link: %w", err)
	}
	user, err := s.Enroll(ctx, identity.SessionMeta{IP: "127.0.0.1", UserAgent: "vouch seed demo"}, EnrollInput{
		Token: u.Query().Get("token"), Email: DemoSupplierEmail, Name: "Sam Bolt", Password: identity.DemoPassword, LegalName: DemoSupplierOrg})
	if err != nil {
		return false, fmt.Errorf("demo supplier: enroll: %w", err)
	}
	me := identity.Actor{UserID: user.ID, Role: identity.RoleSupplierUser, IP: "127.0.0.1", UserAgent: "vouch seed demo"}
	if _, _, err := s.SaveProfile(ctx, me, user.PrimaryOrg(), demoProfile); err != nil {
		return false, fmt.Errorf("demo supplier: profile: %w", err)
	}
	return true, nil
}
