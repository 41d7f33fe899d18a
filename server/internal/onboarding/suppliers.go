package onboarding

import (
	"context"
	"fmt"

	"github.com/vouchhq/vouch/server/internal/banking/accounts"
	"github.com/vouchhq/vouch/server/internal/identity"
)

// The onboarding service is what bank accounts know of suppliers.
var _ accounts.Suppliers = (*Service)(nil)

// Names returns a supplier's legal name and DBA.
func (s *Service) Names(ctx context.Context, supplierID string) (string, string, error) {
	r, err := s.profileRow(ctx, supplierID)
	if err != nil {
		return "", "", err
	}
	return r.LegalName, r.DBA, nil
}

// Customers lists the customers linked to a supplier, whether each approved it, and the
// cooling period each applies to changed bank accounts.
func (s *Service) Customers(ctx context.Context, supplierID string) ([]accounts.Customer, error) {
	var out []accounts.Customer
	if err := s.db.Select(ctx, &out, `SELECT o.id, o.name, c.status = 'approved' AS approved, o.bank_change_cooling_hours AS cooling_hours
		FROM kyc_cases c JOIN orgs o ON o.id = c.customer_org_id WHERE c.supplier_org_id = ? ORDER BY o.name`, supplierID); err != nil {
		return nil, fmt.Errorf("customers of supplier: %w", err)
	}
	return out, nil
}

// Watchers lists, in one read, a supplier's active users and the active admins of every
// customer linked to it: whom a bank account change is told to.
func (s *Service) Watchers(ctx context.Context, supplierID string) ([]accounts.Watcher, error) {
	var out []accounts.Watcher
	if err := s.db.Select(ctx, &out, `SELECT u.id AS user_id, u.email, u.name, '' AS customer_id
		FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE r.org_id = ? AND r.role = ? AND u.status = 'active'
		UNION ALL
		SELECT u.id, u.email, u.name, c.customer_org_id
		FROM kyc_cases c JOIN user_roles r ON r.org_id = c.customer_org_id AND r.role = ?
		JOIN users u ON u.id = r.user_id AND u.status = 'active'
		WHERE c.supplier_org_id = ?
		ORDER BY customer_id, email`, supplierID, identity.RoleSupplierUser, identity.RoleCustomerAdmin, supplierID); err != nil {
		return nil, fmt.Errorf("watchers of supplier %s: %w", supplierID, err)
	}
	return out, nil
}

// CustomerAdmins lists a customer's active admins.
func (s *Service) CustomerAdmins(ctx context.Context, customerID string) ([]accounts.Person, error) {
	return s.membersWithRole(ctx, customerID, identity.RoleCustomerAdmin)
}
