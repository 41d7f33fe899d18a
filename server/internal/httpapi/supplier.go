package httpapi

import (
	"fmt"
	"mime"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/cleansing"
	"github.com/vouchhq/vouch/server/internal/documents"
	"github.com/vouchhq/vouch/server/internal/onboarding"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// The supplier's own route paths (API.md, "Onboarding and KYC").
const (
	pathSupplierProfile   = "/api/v1/supplier/profile"
	pathSupplierKYC       = "/api/v1/supplier/kyc"
	pathSupplierKYCSubmit = "/api/v1/supplier/kyc/submit"
	pathSupplierDocuments = "/api/v1/supplier/documents"
	pathSupplierDocument  = "/api/v1/supplier/documents/:id"
)

func bindSupplierRoutes(r *router, h *onboardingHandlers) {
	r.get(pathSupplierProfile, supplierUsers, h.handleGetProfile)
	r.handle(fiber.MethodPut, pathSupplierProfile, supplierUsers, h.handlePutProfile)
	r.get(pathSupplierKYC, supplierUsers, h.handleGetKYC)
	r.post(pathSupplierKYCSubmit, supplierUsers, h.handleSubmitKYC)
	r.post(pathSupplierDocuments, supplierUsers.Creates(), h.handleUploadDocument)
	r.get(pathSupplierDocuments, supplierUsers, h.handleListDocuments)
	r.get(pathSupplierDocument, supplierUsers, h.handleSupplierDocument)
}

// profileResponse is the profile with what cleansing changed on this save.
type profileResponse struct {
	onboarding.Profile
	Changes []cleansing.Change `json:"changes"`
}

func (h *onboardingHandlers) handleGetProfile(c *fiber.Ctx) error {
	p, err := h.svc.GetProfile(c.UserContext(), supplierOf(c))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(profileResponse{Profile: p, Changes: []cleansing.Change{}})
}

func (h *onboardingHandlers) handlePutProfile(c *fiber.Ctx) error {
	var req cleansing.Profile
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	p, changes, err := h.svc.SaveProfile(c.UserContext(), actor(c), supplierOf(c), req)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(profileResponse{Profile: p, Changes: changes})
}

func (h *onboardingHandlers) handleGetKYC(c *fiber.Ctx) error {
	st, err := h.svc.SupplierKYC(c.UserContext(), supplierOf(c))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(st)
}

// handleSubmitKYC runs the checks and sends the profile to the customers: 202, since
// the customers' review is what follows.
func (h *onboardingHandlers) handleSubmitKYC(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if _, err := h.svc.Submit(ctx, actor(c), supplierOf(c)); err != nil {
		return err
	}
	st, err := h.svc.SupplierKYC(ctx, supplierOf(c))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusAccepted).JSON(st)
}

// handleUploadDocument takes a multipart form with "kind" and "file".
func (h *onboardingHandlers) handleUploadDocument(c *fiber.Ctx) error {
	if mt, _, _ := mime.ParseMediaType(c.Get(fiber.HeaderContentType)); mt != fiber.MIMEMultipartForm {
		return &problemError{Problem{Status: fiber.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Detail: "Send the document as multipart/form-data with the fields kind and file."}}
	}
	fh, err := c.FormFile("file")
	if err != nil {
		return fmt.Errorf("upload: %w", errs.FieldErrors{}.Add("file", "is required"))
	}
	f, err := fh.Open()
	if err != nil {
		return fmt.Errorf("upload: %w", errs.FieldErrors{}.Add("file", "could not be read"))
	}
	defer f.Close()
	d, err := h.svc.Upload(c.UserContext(), actor(c), supplierOf(c), documents.Upload{
		Kind: documents.Kind(strings.TrimSpace(c.FormValue("kind"))), Name: fh.Filename, Body: f})
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(d)
}

func (h *onboardingHandlers) handleListDocuments(c *fiber.Ctx) error {
	list, err := h.svc.Documents(c.UserContext(), supplierOf(c))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"documents": list})
}

func (h *onboardingHandlers) handleSupplierDocument(c *fiber.Ctx) error {
	return h.sendDocument(c, supplierOf(c), "")
}

// sendDocument answers a document as an attachment, never rendered inline: a crafted
// PDF opened in our origin must not run as part of the portal.
func (h *onboardingHandlers) sendDocument(c *fiber.Ctx, supplierID, customerID string) error {
	d, data, err := h.svc.OpenDocument(c.UserContext(), actor(c), supplierID, customerID, c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, d.ContentType)
	c.Set(fiber.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": d.FileName}))
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	return c.Send(data)
}
