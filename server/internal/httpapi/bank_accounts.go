package httpapi

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/banking/accounts"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// Bank account route paths (API.md, "Banking").
const (
	pathBankAccounts         = "/api/v1/supplier/bank-accounts"
	pathBankAccountHistory   = "/api/v1/supplier/bank-accounts/:id/history"
	pathBankAccountDeposits  = "/api/v1/supplier/bank-accounts/:id/micro-deposits/verify"
	pathReviewBankAccounts   = "/api/v1/reviews/:supplier_id/bank-accounts"
	pathReviewBankAccountDec = "/api/v1/reviews/:supplier_id/bank-accounts/:id/:decision"
)

// Bank account limits: each addition asks a paid vendor and could be used to test
// stolen account numbers, so a supplier gets a few dozen an hour (typing mistakes count too).
var (
	bankAddPerUser = rateRule{name: "bank-add-user", limit: kv.Limit{Rate: 30, Period: time.Hour, Burst: 20},
		key: func(c *fiber.Ctx) string { return currentPrincipal(c).User.ID }}
	depositsPerUser = rateRule{name: "deposits-user", limit: kv.Limit{Rate: 30, Period: time.Hour, Burst: 20},
		key: func(c *fiber.Ctx) string { return currentPrincipal(c).User.ID }}
)

// bankHandlers serve bank accounts.
type bankHandlers struct {
	auth *authenticator
	svc  *accounts.Service
}

func bindBankAccountRoutes(r *router, h *bankHandlers, l *limiter) {
	r.post(pathBankAccounts, supplierUsers.Creates(), l.wrap(h.handleAdd, bankAddPerUser))
	r.get(pathBankAccounts, supplierUsers, h.handleList)
	r.get(pathBankAccountHistory, supplierUsers, h.handleHistory)
	r.post(pathBankAccountDeposits, supplierUsers, l.wrap(h.handleDeposits, depositsPerUser))
	r.get(pathReviewBankAccounts, customerAdmins, h.handleCustomerList)
	r.post(pathReviewBankAccountDec, customerAdmins, h.handleReviewDecision)
}

// handleAdd adds and verifies an account. The first account of a supplier nobody has
// approved needs only the session; any other is a guarded change that needs a fresh
// step-up (403 step_up_required).
func (h *bankHandlers) handleAdd(c *fiber.Ctx) error {
	var req struct {
		RoutingNumber string `json:"routing_number"`
		AccountNumber string `json:"account_number"`
		AccountType   string `json:"account_type"`
		HolderName    string `json:"holder_name"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	number := vault.NewSecret(req.AccountNumber)
	req.AccountNumber = ""
	ctx := c.UserContext()
	supplierID := supplierOf(c)
	guarded, err := h.svc.Guarded(ctx, supplierID)
	if err != nil {
		return err
	}
	if guarded {
		if err := h.auth.stepUp.check(c, currentPrincipal(c), stepUpAlways); err != nil {
			return err
		}
	}
	a, err := h.svc.Add(ctx, actor(c), supplierID, accounts.AddInput{RoutingNumber: req.RoutingNumber, AccountNumber: number,
		AccountType: req.AccountType, HolderName: req.HolderName}, guarded)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(a)
}

func (h *bankHandlers) handleList(c *fiber.Ctx) error {
	list, err := h.svc.List(c.UserContext(), supplierOf(c))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"bank_accounts": list})
}

func (h *bankHandlers) handleHistory(c *fiber.Ctx) error {
	list, err := h.svc.History(c.UserContext(), supplierOf(c), c.Params("id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"verifications": list})
}

func (h *bankHandlers) handleDeposits(c *fiber.Ctx) error {
	var req struct {
		AmountsCents []int `json:"amounts_cents"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	a, err := h.svc.ConfirmMicroDeposits(c.UserContext(), actor(c), supplierOf(c), c.Params("id"), req.AmountsCents)
	if err != nil {
		return err
	}
	return c.JSON(a)
}

func (h *bankHandlers) handleCustomerList(c *fiber.Ctx) error {
	list, err := h.svc.ForCustomer(c.UserContext(), customerOf(c), c.Params("supplier_id"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"bank_accounts": list})
}

func (h *bankHandlers) handleReviewDecision(c *fiber.Ctx) error {
	var approve bool
	switch c.Params("decision") {
	case "approve":
		approve = true
	case "reject":
	default:
		return fiber.ErrNotFound
	}
	var req struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	a, err := h.svc.DecideReview(c.UserContext(), actor(c), customerOf(c), c.Params("supplier_id"), c.Params("id"), approve, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(a)
}
