package httpapi

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/identity"
)

// API key route paths (API.md, "Risk").
const (
	pathAPIKeys = "/api/v1/api-keys"
	pathAPIKey  = "/api/v1/api-keys/:id"
)

// defaultKeyScopes are what a customer's AP system needs unless the admin narrows them.
var defaultKeyScopes = []string{identity.ScopePaymentsCheck, identity.ScopeProfile}

func bindAPIKeyRoutes(r *router, a *authenticator) {
	admins := Roles(identity.RoleCustomerAdmin)
	// A new key is a lasting credential: minting one needs a fresh step-up (decision 0017).
	r.post(pathAPIKeys, admins.StepUp().Creates(), a.handleCreateAPIKey)
	r.get(pathAPIKeys, admins, a.handleListAPIKeys)
	r.handle(fiber.MethodDelete, pathAPIKey, admins, a.handleRevokeAPIKey)
}

type apiKeyJSON struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Scopes     []string   `json:"scopes"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	Key        string     `json:"key,omitempty"` // only in the answer that creates it
}

func keyJSON(t identity.Token) apiKeyJSON {
	return apiKeyJSON{ID: t.ID, Name: t.Name, Scopes: t.Scopes, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt}
}

// handleCreateAPIKey issues a key for the admin's org; the key is shown this once.
func (a *authenticator) handleCreateAPIKey(c *fiber.Ctx) error {
	var req struct {
		Name   string   `json:"name"`
		Scopes []string `json:"scopes"`
	}
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	if len(req.Scopes) == 0 {
		req.Scopes = defaultKeyScopes
	}
	p := currentPrincipal(c)
	t, secret, err := a.identity.IssueToken(c.UserContext(), actor(c), p.User, identity.TokenAPIKey, req.Name, req.Scopes)
	if err != nil {
		return err
	}
	out := keyJSON(t)
	out.Key = secret
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(out)
}

func (a *authenticator) handleListAPIKeys(c *fiber.Ctx) error {
	p := currentPrincipal(c)
	list, err := a.identity.ListTokens(c.UserContext(), p.User.OrgOf(identity.RoleCustomerAdmin), p.User.ID)
	if err != nil {
		return err
	}
	out := make([]apiKeyJSON, 0, len(list))
	for _, t := range list {
		out = append(out, keyJSON(t))
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"api_keys": out})
}

func (a *authenticator) handleRevokeAPIKey(c *fiber.Ctx) error {
	p := currentPrincipal(c)
	if err := a.identity.RevokeToken(c.UserContext(), actor(c), p.User.OrgOf(identity.RoleCustomerAdmin), p.User.ID, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
