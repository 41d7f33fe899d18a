package httpapi

import (
	"io"
	"mime"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/onboarding"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Invitation and enrollment route paths (API.md, "Onboarding and KYC").
const (
	pathInvitations       = "/api/v1/invitations"
	pathInvitationResend  = "/api/v1/invitations/:id/resend"
	pathInvitationRevoke  = "/api/v1/invitations/:id/revoke"
	pathInvitationImport  = "/api/v1/invitations/import"
	pathInvitationImports = "/api/v1/invitations/imports/:id"
	pathEnroll            = "/api/v1/enroll"
	pathEnrollPreview     = "/api/v1/enroll/preview"
)

// Enrollment limits: a token is 256 bits, so they only bound the work (argon2id per
// enrollment) one address can cause.
var enrollPerIP = rateRule{name: "enroll-ip", limit: kv.Limit{Rate: 20, Period: 15 * time.Minute, Burst: 10},
	key: func(c *fiber.Ctx) string { return ClientIP(c).String() }}

// onboardingHandlers serves invitations, enrollment, the supplier's own pages and the
// customer's review queue.
type onboardingHandlers struct {
	auth *authenticator
	svc  *onboarding.Service
}

// customerAdmins may invite and review suppliers for their own org.
var customerAdmins = Roles(identity.RoleCustomerAdmin)

// supplierUsers act for their own supplier org.
var supplierUsers = Roles(identity.RoleSupplierUser)

func bindInvitationRoutes(r *router, h *onboardingHandlers, l *limiter) {
	r.post(pathInvitations, customerAdmins.Creates(), h.handleInvite)
	r.get(pathInvitations, customerAdmins, h.handleListInvitations)
	r.post(pathInvitationResend, customerAdmins, h.handleResend)
	r.post(pathInvitationRevoke, customerAdmins, h.handleRevoke)
	r.post(pathInvitationImport, customerAdmins.Creates(), h.handleImport)
	r.get(pathInvitationImports, customerAdmins, h.handleImportStatus)
	r.post(pathEnrollPreview, Public, l.wrap(h.handleEnrollPreview, enrollPerIP))
	r.post(pathEnroll, Public, l.wrap(h.handleEnroll, enrollPerIP))
}

// customerOf is the customer org a customer admin acts for.
func customerOf(c *fiber.Ctx) string {
	return currentPrincipal(c).User.OrgOf(identity.RoleCustomerAdmin)
}

// supplierOf is the supplier org a supplier user acts for.
func supplierOf(c *fiber.Ctx) string {
	return currentPrincipal(c).User.OrgOf(identity.RoleSupplierUser)
}

type invitationCreated struct {
	onboarding.Invitation
	URL string `json:"url"`
}

func (h *onboardingHandlers) handleInvite(c *fiber.Ctx) error {
	var req struct {
		Email        string `json:"email"`
		SupplierName string `json:"supplier_name"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	inv, link, err := h.svc.Invite(c.UserContext(), actor(c), customerOf(c), onboarding.InviteInput{Email: req.Email, SupplierName: req.SupplierName})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(invitationCreated{Invitation: inv, URL: link})
}

func (h *onboardingHandlers) handleListInvitations(c *fiber.Ctx) error {
	status := onboarding.InvitationStatus(c.Query("status"))
	switch status {
	case "", onboarding.InvitationPending, onboarding.InvitationAccepted, onboarding.InvitationRevoked, onboarding.InvitationExpired:
	default:
		return errs.FieldErrors{}.Add("status", "must be one of pending, accepted, revoked, expired")
	}
	list, err := h.svc.ListInvitations(c.UserContext(), customerOf(c), status)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"invitations": list})
}

func (h *onboardingHandlers) handleResend(c *fiber.Ctx) error {
	inv, link, err := h.svc.Resend(c.UserContext(), actor(c), customerOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(invitationCreated{Invitation: inv, URL: link})
}

func (h *onboardingHandlers) handleRevoke(c *fiber.Ctx) error {
	if err := h.svc.Revoke(c.UserContext(), actor(c), customerOf(c), c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

type enrollTokenRequest struct {
	InvitationToken string `json:"invitation_token"`
}

func (h *onboardingHandlers) handleEnrollPreview(c *fiber.Ctx) error {
	var req enrollTokenRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	p, err := h.svc.Preview(c.UserContext(), req.InvitationToken)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(p)
}

// handleEnroll creates the supplier and its first user from an invitation and signs
// them in, as a sign-in would (a new session id, the cookie set).
func (h *onboardingHandlers) handleEnroll(c *fiber.Ctx) error {
	var req struct {
		enrollTokenRequest
		Email     string `json:"email"`
		Name      string `json:"name"`
		Password  string `json:"password"`
		LegalName string `json:"legal_name"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	ctx := c.UserContext()
	u, err := h.svc.Enroll(ctx, sessionMeta(c), onboarding.EnrollInput{
		Token: req.InvitationToken, Email: req.Email, Name: req.Name, Password: req.Password, LegalName: req.LegalName})
	if err != nil {
		return err
	}
	token, _, err := h.auth.sessions.Create(ctx, u.ID, identity.StageFull, sessionMeta(c))
	if err != nil {
		return err
	}
	h.auth.setCookie(c, token)
	body, err := h.auth.userJSON(ctx, u)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"user": body, "supplier_id": u.PrimaryOrg(), "next": identity.NextDone})
}

// handleImport takes the CSV as the body (text/csv) or as the "file" field of a
// multipart form, checks it at once and queues the invitations: 202 with the import,
// whose progress GET pathInvitationImports reports.
func (h *onboardingHandlers) handleImport(c *fiber.Ctx) error {
	name, data, err := uploadedCSV(c)
	if err != nil {
		return err
	}
	imp, err := h.svc.StartImport(c.UserContext(), actor(c), customerOf(c), name, data)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusAccepted).JSON(imp)
}

// uploadedCSV reads the CSV of an import request.
func uploadedCSV(c *fiber.Ctx) (string, []byte, error) {
	mt, _, _ := mime.ParseMediaType(c.Get(fiber.HeaderContentType))
	switch mt {
	case "text/csv", fiber.MIMETextPlain:
		return "upload.csv", c.Body(), nil
	case fiber.MIMEMultipartForm:
		fh, err := c.FormFile("file")
		if err != nil {
			return "", nil, errs.FieldErrors{}.Add("file", "is required")
		}
		f, err := fh.Open()
		if err != nil {
			return "", nil, errs.FieldErrors{}.Add("file", "could not be read")
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			return "", nil, errs.FieldErrors{}.Add("file", "could not be read")
		}
		return fh.Filename, data, nil
	}
	return "", nil, &problemError{Problem{Status: fiber.StatusUnsupportedMediaType, Code: "unsupported_media_type",
		Detail: "Send the CSV as text/csv, or as the file field of a multipart/form-data form."}}
}

func (h *onboardingHandlers) handleImportStatus(c *fiber.Ctx) error {
	imp, err := h.svc.ImportOf(c.UserContext(), customerOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(imp)
}
