package httpapi

import (
	"github.com/gofiber/fiber/v2"

	"github.com/vouchhq/vouch/server/internal/screening"
)

// Screening route paths (API.md, "Onboarding and KYC").
const pathScreeningSearch = "/api/v1/screening/search"

// bindScreeningRoutes lets staff and customer admins search the sanctions list by name.
func bindScreeningRoutes(r *router, s *screening.Screener) {
	r.post(pathScreeningSearch, staff, handleScreeningSearch(s))
}

// screeningSearchRequest is the search body; min_score and type are optional.
type screeningSearchRequest struct {
	Name     string `json:"name"`
	MinScore *int   `json:"min_score"`
	Type     string `json:"type"`
}

func handleScreeningSearch(s *screening.Screener) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var req screeningSearchRequest
		if err := decodeJSON(c, &req); err != nil {
			return err
		}
		sub := screening.Subject{Name: req.Name, Type: screening.EntityType(req.Type), MinScore: screening.DefaultMinScore}
		if req.MinScore != nil {
			// 0 asks for every candidate; the domain's 0 means "the default", and a hit
			// never scores under 0.5 anyway, so 1 returns the same hits.
			sub.MinScore = max(*req.MinScore, 1)
			if *req.MinScore < 0 {
				sub.MinScore = *req.MinScore // refused by validation, with its field error
			}
		}
		res, err := s.Screen(c.UserContext(), sub)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.JSON(res)
	}
}
