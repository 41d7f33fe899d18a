package httpapi

import (
	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/onboarding"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Review route paths (API.md, "Onboarding and KYC").
const (
	pathReviews        = "/api/v1/reviews"
	pathReview         = "/api/v1/reviews/:supplier_id"
	pathReviewDecision = "/api/v1/reviews/:supplier_id/:decision"
	pathReviewClearHit = "/api/v1/reviews/:supplier_id/sanctions/clear"
	pathReviewDocument = "/api/v1/reviews/:supplier_id/documents/:id"
	pathOrgKYCSettings = "/api/v1/org/kyc-settings"
)

func bindReviewRoutes(r *router, h *onboardingHandlers) {
	r.get(pathReviews, customerAdmins, h.handleReviews)
	r.get(pathReview, customerAdmins, h.handleReview)
	r.post(pathReviewDecision, customerAdmins, h.handleDecide)
	r.post(pathReviewClearHit, customerAdmins, h.handleClearHit)
	r.get(pathReviewDocument, customerAdmins, h.handleReviewDocument)
	r.get(pathOrgKYCSettings, customerAdmins, h.handleGetKYCSettings)
	r.handle(fiber.MethodPut, pathOrgKYCSettings, customerAdmins, h.handlePutKYCSettings)
}

func (h *onboardingHandlers) handleReviews(c *fiber.Ctx) error {
	list, counts, err := h.svc.Reviews(c.UserContext(), customerOf(c), onboarding.ReviewFilter{
		Status: onboarding.Status(c.Query("status")), Query: c.Query("q"), Sort: c.Query("sort")})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"reviews": list, "counts": counts})
}

func (h *onboardingHandlers) handleReview(c *fiber.Ctx) error {
	d, err := h.svc.ReviewOf(c.UserContext(), customerOf(c), c.Params("supplier_id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(d)
}

func (h *onboardingHandlers) handleDecide(c *fiber.Ctx) error {
	d := onboarding.Decision(c.Params("decision"))
	switch d {
	case onboarding.DecisionApprove, onboarding.DecisionReject, onboarding.DecisionRequestInfo:
	default:
		return fiber.ErrNotFound
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	cs, err := h.svc.Decide(c.UserContext(), actor(c), customerOf(c), c.Params("supplier_id"), d, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"case": cs, "awaiting_second_approval": d == onboarding.DecisionApprove && cs.Status == onboarding.StatusInReview})
}

func (h *onboardingHandlers) handleClearHit(c *fiber.Ctx) error {
	var req struct {
		EntityID string `json:"entity_id"`
		Query    string `json:"query"`
		Note     string `json:"note"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if err := h.svc.ClearHit(c.UserContext(), actor(c), customerOf(c), c.Params("supplier_id"), req.EntityID, req.Query, req.Note); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *onboardingHandlers) handleReviewDocument(c *fiber.Ctx) error {
	return h.sendDocument(c, c.Params("supplier_id"), customerOf(c))
}

func (h *onboardingHandlers) handleGetKYCSettings(c *fiber.Ctx) error {
	on, err := h.svc.FourEyes(c.UserContext(), customerOf(c))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"four_eyes": on})
}

func (h *onboardingHandlers) handlePutKYCSettings(c *fiber.Ctx) error {
	var req struct {
		FourEyes *bool `json:"four_eyes"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if req.FourEyes == nil {
		return errs.FieldErrors{}.Add("four_eyes", "is required")
	}
	if err := h.svc.SetFourEyes(c.UserContext(), actor(c), customerOf(c), *req.FourEyes); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"four_eyes": *req.FourEyes})
}
