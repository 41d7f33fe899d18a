package onboarding

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// InvitationPreview is what the enrollment page shows before the supplier signs up.
type InvitationPreview struct {
	CustomerName string    `json:"customer_name"`
	SupplierName string    `json:"supplier_name"`
	Email        string    `json:"email"`
	ExpiresAt    time.Time `json:"expires_at"`
}

// Preview checks an invitation token without using it.
func (s *Service) Preview(ctx context.Context, token string) (InvitationPreview, error) {
	inv, err := s.openInvitation(ctx, token)
	if err != nil {
		return InvitationPreview{}, err
	}
	customer, err := s.identity.Store().GetOrg(ctx, inv.CustomerOrgID)
	if err != nil {
		return InvitationPreview{}, fmt.Errorf("preview invitation: %w", err)
	}
	return InvitationPreview{CustomerName: customer.Name, SupplierName: inv.SupplierName, Email: inv.Email, ExpiresAt: inv.ExpiresAt}, nil
}

// openInvitation finds the invitation of a token and checks that it can still be used.
func (s *Service) openInvitation(ctx context.Context, token string) (Invitation, error) {
	if len(token) != 43 {
		return Invitation{}, ErrInvitationNotFound
	}
	var inv Invitation
	err := s.db.Get(ctx, &inv, `SELECT id, customer_org_id, email, supplier_name, status, supplier_org_id,
		reminders, created_at, expires_at, sent_at, accepted_at FROM invitations WHERE token_hash = ?`, hashToken(token))
	if errors.Is(err, errs.ErrNotFound) {
		return Invitation{}, ErrInvitationNotFound
	}
	if err != nil {
		return Invitation{}, fmt.Errorf("load invitation: %w", err)
	}
	switch inv.effective(s.now()).Status {
	case InvitationAccepted:
		return Invitation{}, ErrInvitationUsed
	case InvitationRevoked:
		return Invitation{}, ErrInvitationRevoked
	case InvitationExpired:
		return Invitation{}, ErrInvitationExpired
	}
	return inv, nil
}

// EnrollInput is a supplier's sign-up from an invitation.
type EnrollInput struct {
	Token     string
	Email     string
	Name      string // the person; may be empty
	Password  string
	LegalName string // the business
}

// ErrSupplierExists answers an enrollment whose business name is already a supplier org:
// joining it would hand a stranger another company's data, so they must be added by it.
var ErrSupplierExists = &errs.Coded{Kind: errs.ErrConflict, Code: "supplier_exists",
	Detail: "A business with this legal name is already on Vouch. Ask its administrator to add you, or contact support."}

// Enroll uses an invitation: it creates the supplier org, its first user, the profile
// and the inviting customer's case, all in one transaction, and returns the user. A
// token used twice (even at the same moment) enrolls once; the second gets
// ErrInvitationUsed.
func (s *Service) Enroll(ctx context.Context, meta identity.SessionMeta, in EnrollInput) (identity.User, error) {
	inv, err := s.openInvitation(ctx, in.Token)
	if err != nil {
		return identity.User{}, err
	}
	if in.LegalName == "" {
		in.LegalName = inv.SupplierName
	}
	u, err := s.identity.CreateUser(ctx, identity.CreateUserInput{
		Email: in.Email, Name: in.Name, Password: in.Password, Role: identity.RoleSupplierUser,
		OrgName: in.LegalName, NewOrg: true,
		Within: func(ctx context.Context, u identity.User) error {
			return s.acceptInvitation(ctx, meta, inv, u)
		},
	})
	var coded *errs.Coded
	if errors.As(err, &coded) && coded.Code == "org_name_taken" {
		return identity.User{}, ErrSupplierExists
	}
	if err != nil {
		return identity.User{}, fmt.Errorf("enroll: %w", err)
	}
	return u, nil
}

// acceptInvitation marks the invitation used and opens the supplier's profile and case,
// inside the transaction that created the user.
func (s *Service) acceptInvitation(ctx context.Context, meta identity.SessionMeta, inv Invitation, u identity.User) error {
	supplierID := u.PrimaryOrg()
	now := s.timestamp()
	res, err := s.db.Exec(ctx, `UPDATE invitations SET status = 'accepted', accepted_at = ?, supplier_org_id = ?
		WHERE id = ? AND status = 'pending'`, now, supplierID, inv.ID)
	if err != nil {
		return fmt.Errorf("accept invitation: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return ErrInvitationUsed // a concurrent enrollment won
	}
	org, err := s.identity.Store().GetOrg(ctx, supplierID)
	if err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO supplier_profiles (org_id, legal_name, email, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?)`, supplierID, org.Name, u.Email, now, now); err != nil {
		return fmt.Errorf("open supplier profile: %w", err)
	}
	if err := s.linkSupplier(ctx, supplierID, inv.CustomerOrgID, inv.ID); err != nil {
		return err
	}
	actor := identity.Actor{UserID: u.ID, Role: identity.RoleSupplierUser, IP: meta.IP, UserAgent: meta.UserAgent}
	ev := actor.Event("supplier.enrolled", "org", supplierID, supplierID)
	ev.Details = map[string]any{"invitation_id": inv.ID, "customer_org_id": inv.CustomerOrgID}
	return s.record(ctx, ev)
}
