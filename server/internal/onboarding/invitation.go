package onboarding

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 30 * 24 * time.Hour

// maxSupplierName bounds a supplier's name as the customer writes it.
const maxSupplierName = 200

// InvitationStatus is where an invitation stands. Expired is not stored: it is a pending
// invitation past its expiry.
type InvitationStatus string

// The invitation statuses.
const (
	InvitationPending  InvitationStatus = "pending"
	InvitationAccepted InvitationStatus = "accepted"
	InvitationRevoked  InvitationStatus = "revoked"
	InvitationExpired  InvitationStatus = "expired"
)

// Invitation is a customer's invitation of a supplier.
type Invitation struct {
	ID            string           `db:"id" json:"id"`
	CustomerOrgID string           `db:"customer_org_id" json:"-"`
	Email         string           `db:"email" json:"email"`
	SupplierName  string           `db:"supplier_name" json:"supplier_name"`
	Status        InvitationStatus `db:"status" json:"status"`
	SupplierOrgID *string          `db:"supplier_org_id" json:"supplier_id,omitempty"`
	Reminders     int              `db:"reminders" json:"reminders"`
	CreatedAt     time.Time        `db:"created_at" json:"created_at"`
	ExpiresAt     time.Time        `db:"expires_at" json:"expires_at"`
	SentAt        time.Time        `db:"sent_at" json:"sent_at"`
	AcceptedAt    *time.Time       `db:"accepted_at" json:"accepted_at,omitempty"`
}

// effective turns a pending invitation past its expiry into an expired one.
func (i Invitation) effective(now time.Time) Invitation {
	if i.Status == InvitationPending && !now.Before(i.ExpiresAt) {
		i.Status = InvitationExpired
	}
	return i
}

// Invitation errors callers branch on.
var (
	ErrInvitationNotFound = &errs.Coded{Kind: errs.ErrNotFound, Code: "invitation_not_found",
		Detail: "No such invitation. Check the link, or ask the company that invited you for a new one."}
	ErrInvitationOpen = &errs.Coded{Kind: errs.ErrConflict, Code: "invitation_pending",
		Detail: "An invitation to this address is already open: resend it instead."}
	ErrInvitationUsed = &errs.Coded{Kind: errs.ErrConflict, Code: "invitation_used",
		Detail: "This invitation has already been used. Sign in instead, or ask for a new invitation."}
	ErrInvitationExpired = &errs.Coded{Kind: errs.ErrConflict, Code: "invitation_expired",
		Detail: "This invitation has expired. Ask the company that invited you to send it again."}
	ErrInvitationRevoked = &errs.Coded{Kind: errs.ErrConflict, Code: "invitation_revoked",
		Detail: "This invitation was withdrawn by the company that sent it."}
)

// InviteInput is one invitation as a customer admin writes it.
type InviteInput struct {
	Email        string
	SupplierName string
}

// validate cleans the input and reports every bad field.
func (in InviteInput) validate() (InviteInput, error) {
	var fe errs.FieldErrors
	email, err := identity.NormalizeEmail(in.Email)
	if err != nil {
		fe = fe.Add("email", err.Error())
	}
	name := strings.Join(strings.Fields(in.SupplierName), " ")
	switch {
	case name == "":
		fe = fe.Add("supplier_name", "is required")
	case utf8.RuneCountInString(name) > maxSupplierName:
		fe = fe.Add("supplier_name", fmt.Sprintf("must be at most %d characters", maxSupplierName))
	case !utf8.ValidString(name):
		fe = fe.Add("supplier_name", "is not UTF-8 text")
	}
	return InviteInput{Email: email, SupplierName: name}, fe.OrNil()
}

// Invite creates an invitation from the actor's customer org, e-mails its link and
// returns it with the link (the admin may share it too). An address with an open
// invitation from this customer is ErrInvitationOpen. An address that already belongs
// to a supplier on the network links that supplier to this customer at once instead of
// enrolling a second one; the invitation is then accepted and the link signs in.
func (s *Service) Invite(ctx context.Context, actor identity.Actor, customerOrgID string, in InviteInput) (Invitation, string, error) {
	in, err := in.validate()
	if err != nil {
		return Invitation{}, "", fmt.Errorf("invite: %w", err)
	}
	var inv Invitation
	var link string
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		inv, link, err = s.invite(ctx, actor, customerOrgID, in, "")
		return err
	})
	if err != nil {
		return Invitation{}, "", err
	}
	return inv, link, nil
}

// invite stores one invitation and queues its e-mail, in the caller's transaction.
func (s *Service) invite(ctx context.Context, actor identity.Actor, customerOrgID string, in InviteInput, importID string) (Invitation, string, error) {
	customer, err := s.identity.Store().GetOrg(ctx, customerOrgID)
	if err != nil {
		return Invitation{}, "", fmt.Errorf("invite: %w", err)
	}
	token, hash, err := newToken()
	if err != nil {
		return Invitation{}, "", err
	}
	now := s.timestamp()
	inv := Invitation{
		ID: db.NewID("inv"), CustomerOrgID: customerOrgID, Email: in.Email, SupplierName: in.SupplierName,
		Status: InvitationPending, CreatedAt: now, ExpiresAt: now.Add(InvitationTTL), SentAt: now,
	}
	existing, err := s.supplierOfUser(ctx, in.Email)
	if err != nil {
		return Invitation{}, "", err
	}
	if existing != "" {
		inv.Status, inv.SupplierOrgID, inv.AcceptedAt = InvitationAccepted, &existing, &now
	}
	_, err = s.db.Exec(ctx, `INSERT INTO invitations (id, customer_org_id, email, supplier_name, token_hash, status,
		invited_by, import_id, supplier_org_id, created_at, expires_at, sent_at, accepted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		inv.ID, customerOrgID, inv.Email, inv.SupplierName, hash, inv.Status, db.NullIfEmpty(actor.UserID), db.NullIfEmpty(importID),
		inv.SupplierOrgID, inv.CreatedAt, inv.ExpiresAt, inv.SentAt, inv.AcceptedAt)
	if errors.Is(err, errs.ErrConflict) {
		return Invitation{}, "", ErrInvitationOpen
	}
	if err != nil {
		return Invitation{}, "", fmt.Errorf("store invitation: %w", err)
	}
	ev := actor.Event("invitation.created", "invitation", inv.ID, customerOrgID)
	ev.Details = map[string]any{"email": inv.Email, "supplier_name": inv.SupplierName}
	if importID != "" {
		ev.Details["import_id"] = importID
	}
	link := s.publicURL + "/enroll?token=" + url.QueryEscape(token)
	if existing != "" {
		if err := s.linkSupplier(ctx, existing, customerOrgID, inv.ID); err != nil {
			return Invitation{}, "", err
		}
		ev.Details["linked_supplier_id"] = existing
		link = s.publicURL + "/sign-in"
	}
	if err := s.record(ctx, ev); err != nil {
		return Invitation{}, "", err
	}
	err = s.mail(ctx, inv.Email, notify.TemplateSupplierInvitation, notify.SupplierInvitationData{
		SupplierName: inv.SupplierName, CustomerName: customer.Name, InviteURL: link, ExpiresAt: inv.ExpiresAt})
	if err != nil {
		return Invitation{}, "", err
	}
	return inv, link, nil
}

// supplierOfUser returns the supplier org of the user with this e-mail, or "".
func (s *Service) supplierOfUser(ctx context.Context, email string) (string, error) {
	var orgs []string
	err := s.db.Select(ctx, &orgs, `SELECT r.org_id FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE u.email_lower = ? AND r.role = ? AND r.org_id IS NOT NULL`, email, identity.RoleSupplierUser)
	if err != nil {
		return "", fmt.Errorf("find supplier of %s: %w", email, err)
	}
	if len(orgs) == 0 {
		return "", nil
	}
	return orgs[0], nil
}

// ListInvitations returns a customer's invitations, newest first, at most 500; status
// "" lists all.
func (s *Service) ListInvitations(ctx context.Context, customerOrgID string, status InvitationStatus) ([]Invitation, error) {
	var rows []Invitation
	if err := s.db.Select(ctx, &rows, `SELECT id, customer_org_id, email, supplier_name, status, supplier_org_id,
		reminders, created_at, expires_at, sent_at, accepted_at FROM invitations
		WHERE customer_org_id = ? ORDER BY created_at DESC, id DESC LIMIT 500`, customerOrgID); err != nil {
		return nil, fmt.Errorf("list invitations: %w", err)
	}
	now := s.now()
	out := make([]Invitation, 0, len(rows))
	for _, r := range rows {
		if r = r.effective(now); status == "" || r.Status == status {
			out = append(out, r)
		}
	}
	return out, nil
}

// Resend issues a fresh link for an open or expired invitation (the old link stops
// working), e-mails it and returns it.
func (s *Service) Resend(ctx context.Context, actor identity.Actor, customerOrgID, id string) (Invitation, string, error) {
	var inv Invitation
	var link string
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if inv, err = s.invitation(ctx, customerOrgID, id); err != nil {
			return err
		}
		if err := openOrExpired(inv); err != nil {
			return err
		}
		token, hash, err := newToken()
		if err != nil {
			return err
		}
		now := s.timestamp()
		inv.ExpiresAt, inv.SentAt, inv.Status = now.Add(InvitationTTL), now, InvitationPending
		if _, err := s.db.Exec(ctx, `UPDATE invitations SET token_hash = ?, expires_at = ?, sent_at = ?
			WHERE id = ? AND status = 'pending'`, hash, inv.ExpiresAt, now, id); err != nil {
			return fmt.Errorf("resend invitation: %w", err)
		}
		link = s.publicURL + "/enroll?token=" + url.QueryEscape(token)
		return s.sendInvitation(ctx, actor, inv, link, "invitation.resent", false)
	})
	return inv, link, err
}

// sendInvitation audits and e-mails an invitation's (new) link.
func (s *Service) sendInvitation(ctx context.Context, actor identity.Actor, inv Invitation, link, action string, reminder bool) error {
	customer, err := s.identity.Store().GetOrg(ctx, inv.CustomerOrgID)
	if err != nil {
		return err
	}
	if err := s.record(ctx, actor.Event(action, "invitation", inv.ID, inv.CustomerOrgID)); err != nil {
		return err
	}
	return s.mail(ctx, inv.Email, notify.TemplateSupplierInvitation, notify.SupplierInvitationData{
		SupplierName: inv.SupplierName, CustomerName: customer.Name, InviteURL: link, ExpiresAt: inv.ExpiresAt, Reminder: reminder})
}

// Revoke withdraws an invitation that has not been accepted; its link stops working.
func (s *Service) Revoke(ctx context.Context, actor identity.Actor, customerOrgID, id string) error {
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		inv, err := s.invitation(ctx, customerOrgID, id)
		if err != nil {
			return err
		}
		if err := openOrExpired(inv); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `UPDATE invitations SET status = 'revoked', revoked_at = ? WHERE id = ?`,
			s.timestamp(), id); err != nil {
			return fmt.Errorf("revoke invitation: %w", err)
		}
		return s.record(ctx, actor.Event("invitation.revoked", "invitation", id, customerOrgID))
	})
}

// openOrExpired refuses to act on an invitation that was accepted or revoked.
func openOrExpired(inv Invitation) error {
	switch inv.Status {
	case InvitationAccepted:
		return ErrInvitationUsed
	case InvitationRevoked:
		return ErrInvitationRevoked
	}
	return nil
}

// invitation loads one of a customer's invitations; another customer's is not found.
func (s *Service) invitation(ctx context.Context, customerOrgID, id string) (Invitation, error) {
	var inv Invitation
	err := s.db.Get(ctx, &inv, `SELECT id, customer_org_id, email, supplier_name, status, supplier_org_id,
		reminders, created_at, expires_at, sent_at, accepted_at FROM invitations WHERE id = ? AND customer_org_id = ?`,
		id, customerOrgID)
	if errors.Is(err, errs.ErrNotFound) {
		return Invitation{}, ErrInvitationNotFound
	}
	if err != nil {
		return Invitation{}, fmt.Errorf("load invitation: %w", err)
	}
	return inv.effective(s.now()), nil
}

// newToken returns a single-use token and the hash that is stored in its place.
func newToken() (token, hash string, err error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", "", fmt.Errorf("invitation token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(raw)
	return token, hashToken(token), nil
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
