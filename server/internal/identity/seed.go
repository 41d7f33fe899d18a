package identity

import (
	"context"
	"errors"
	"fmt"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// DemoPassword is the password of every demo account SeedDemo creates. It is public, so
// demo data belongs on a developer's machine or a throwaway demo, never in production;
// the command that calls SeedDemo guards that.
const DemoPassword = "demo-supplier-portal-2026"

// DemoCustomerOrg is the customer organisation of the demo.
const DemoCustomerOrg = "Acme Corp"

// DemoCustomerAdmin is the demo customer's admin, who invites the demo supplier.
const DemoCustomerAdmin = "admin@acme.example"

// DemoUser is one demo sign-in.
type DemoUser struct {
	Email    string
	Role     Role
	Org      string // the org's name; empty for platform-wide roles
	Password string // DemoPassword; only valid if the account was created by the seed
	Created  bool   // false when the account already existed and was left as it was
}

// DemoResult lists the demo sign-ins, for printing.
type DemoResult struct {
	Users []DemoUser
}

// demoUsers are the accounts SeedDemo ensures.
func demoUsers() []DemoUser {
	return []DemoUser{
		{Email: DemoCustomerAdmin, Role: RoleCustomerAdmin, Org: DemoCustomerOrg},
		{Email: "support@vouch.example", Role: RoleSupport},
		{Email: "ops@vouch.example", Role: RolePlatformAdmin},
	}
}

// SeedDemo ensures the demo data: the customer org "Acme Corp" with its admin
// admin@acme.example, support@vouch.example (support) and ops@vouch.example
// (platform_admin), each with DemoPassword. It is idempotent: an existing account is left
// as it is (its password included) and reported with Created false.
func (s *Service) SeedDemo(ctx context.Context) (DemoResult, error) {
	var res DemoResult
	for _, a := range demoUsers() {
		a.Password = DemoPassword
		_, err := s.store.GetUserByEmail(ctx, a.Email)
		switch {
		case err == nil:
			// Exists: leave it.
		case errors.Is(err, errs.ErrNotFound):
			_, err = s.CreateUser(ctx, CreateUserInput{
				Email: a.Email, Password: a.Password, Role: a.Role, OrgName: a.Org,
			})
			var coded *errs.Coded
			switch {
			case err == nil:
				a.Created = true
			case errors.As(err, &coded) && coded.Code == "email_taken":
				// Created concurrently by another seed: same outcome.
			default:
				return DemoResult{}, fmt.Errorf("seed demo account %s: %w", a.Email, err)
			}
		default:
			return DemoResult{}, fmt.Errorf("seed demo account %s: %w", a.Email, err)
		}
		res.Users = append(res.Users, a)
	}
	s.log.InfoContext(ctx, "demo data seeded", "users", len(res.Users))
	return res, nil
}
