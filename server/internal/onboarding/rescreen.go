package onboarding

import (
	"context"
	"fmt"
	"slices"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/jobs"
	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/screening"
)

// rescreenJobKind rescreens every submitted supplier against a new sanctions list.
const rescreenJobKind = "onboarding.sanctions_rescreen"

// rescreenPage is how many suppliers are read at a time.
const rescreenPage = 500

// rescreenPayload names the list version the job was queued for.
type rescreenPayload struct {
	VersionID string `json:"version_id"`
	Number    int64  `json:"number"`
}

// QueueRescreen queues the rescreening of every supplier against a list version; it is
// what the screener's OnNewList hook calls. Each version is rescreened once, whichever
// instance gets there first.
func (s *Service) QueueRescreen(ctx context.Context, v screening.Version) error {
	if s.jobs == nil {
		return nil
	}
	_, err := s.jobs.Enqueue(ctx, rescreenJobKind, rescreenPayload{VersionID: v.ID, Number: v.Number},
		jobs.EnqueueOptions{UniqueKey: v.ID})
	return err
}

// RescreenResult is what one rescreening found.
type RescreenResult struct {
	Suppliers int // suppliers screened
	NewHits   int // suppliers with a hit they did not have before
}

// runRescreen is the job.
func (s *Service) runRescreen(ctx context.Context, j *jobs.Job) error {
	var p rescreenPayload
	if err := j.Decode(&p); err != nil {
		return err
	}
	res, err := s.Rescreen(ctx, p.VersionID, p.Number)
	if err != nil {
		return err
	}
	s.log.InfoContext(ctx, "suppliers rescreened", "list_number", p.Number, "suppliers", res.Suppliers, "new_hits", res.NewHits)
	return nil
}

// Rescreen screens every submitted supplier against the list in use, once per list
// version (a second call for the same version does nothing). A supplier whose sanctions
// hits changed gets a new run of checks; one with a hit it did not have before goes
// back into the review queue of every customer that approved it or is reviewing it, and
// their admins are told. Clearances are re-applied while the entry they cleared is
// unchanged.
func (s *Service) Rescreen(ctx context.Context, versionID string, number int64) (RescreenResult, error) {
	res, err := s.db.Exec(ctx, `INSERT INTO sanctions_rescreens (list_version, list_number, started_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, versionID, number, s.timestamp())
	if err != nil {
		return RescreenResult{}, fmt.Errorf("rescreen: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return RescreenResult{}, nil // done, or being done, by another instance
	}
	var out RescreenResult
	after := ""
	for {
		var page []profileRow
		if err := s.db.Select(ctx, &page, `SELECT `+profileColumns+` FROM supplier_profiles
			WHERE last_run_id <> '' AND org_id > ? ORDER BY org_id LIMIT ?`, after, rescreenPage); err != nil {
			return out, fmt.Errorf("rescreen: %w", err)
		}
		for _, r := range page {
			hit, err := s.rescreenOne(ctx, r, number)
			if err != nil {
				return out, err
			}
			out.Suppliers++
			if hit {
				out.NewHits++
			}
		}
		if len(page) < rescreenPage {
			break
		}
		after = page[len(page)-1].OrgID
	}
	if _, err := s.db.Exec(ctx, `UPDATE sanctions_rescreens SET suppliers = ?, new_hits = ?, finished_at = ? WHERE list_version = ?`,
		out.Suppliers, out.NewHits, s.timestamp(), versionID); err != nil {
		return out, fmt.Errorf("rescreen: %w", err)
	}
	return out, nil
}

// rescreenOne screens one supplier and reports whether it has a new hit.
func (s *Service) rescreenOne(ctx context.Context, r profileRow, listNumber int64) (bool, error) {
	checks, err := s.Checks(ctx, r.OrgID)
	if err != nil {
		return false, err
	}
	i := slices.IndexFunc(checks, func(c Check) bool { return c.Name == CheckSanctions })
	fresh := s.checkSanctions(ctx, r)
	fresh.CheckedAt = s.timestamp()
	var before Check
	if i >= 0 {
		before = checks[i]
	}
	if fresh.Result == before.Result && slices.Equal(hitKeys(fresh), hitKeys(before)) {
		return false, nil
	}
	newHits := len(subtract(hitKeys(fresh), hitKeys(before)))
	next := make([]Check, 0, len(checks))
	for _, c := range checks {
		if c.Name != CheckSanctions {
			next = append(next, c)
		}
	}
	next = append(next, fresh)
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		runID := db.NewID("run")
		if err := s.storeChecks(ctx, r.OrgID, runID, next); err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `UPDATE supplier_profiles SET last_run_id = ? WHERE org_id = ?`, runID, r.OrgID); err != nil {
			return fmt.Errorf("rescreen %s: %w", r.OrgID, err)
		}
		if newHits == 0 {
			return nil
		}
		return s.reopenForHits(ctx, r, newHits, listNumber)
	})
	return newHits > 0, err
}

// reopenForHits puts a supplier back into review with every customer that approved it
// or is reviewing it, and tells their admins.
func (s *Service) reopenForHits(ctx context.Context, r profileRow, hits int, listNumber int64) error {
	cases, err := s.casesOfSupplier(ctx, r.OrgID)
	if err != nil {
		return err
	}
	system := identity.Actor{Reason: "new sanctions hit at rescreening"}
	for _, c := range cases {
		if c.Status != StatusApproved && c.Status != StatusInReview {
			continue
		}
		now := s.timestamp()
		if _, err := s.db.Exec(ctx, `UPDATE kyc_cases SET status = ?, first_approval_by = NULL, updated_at = ?
			WHERE supplier_org_id = ? AND customer_org_id = ?`, StatusInReview, now, c.SupplierID, c.CustomerID); err != nil {
			return fmt.Errorf("reopen case: %w", err)
		}
		ev := system.Event("kyc.status_changed", "org", c.SupplierID, c.CustomerID)
		ev.Details = map[string]any{"from": string(c.Status), "to": string(StatusInReview), "list_number": listNumber, "new_hits": hits}
		if err := s.record(ctx, ev); err != nil {
			return err
		}
		admins, err := s.CustomerAdmins(ctx, c.CustomerID)
		if err != nil {
			return err
		}
		for _, a := range admins {
			if err := s.mail(ctx, a.Email, notify.TemplateSanctionsHit, notify.SanctionsHitData{Name: a.Name, SupplierName: r.LegalName,
				Hits: hits, ListNumber: listNumber, ReviewURL: s.publicURL + "/reviews/" + c.SupplierID}); err != nil {
				return err
			}
		}
	}
	return nil
}

// hitKeys lists a sanctions check's uncleared hits as entity and query, sorted.
func hitKeys(c Check) []string {
	hits, _ := c.Evidence["hits"].([]any)
	out := make([]string, 0, len(hits))
	for _, h := range hits {
		m, _ := h.(map[string]any)
		id, _ := m["entity_id"].(string)
		q, _ := m["query"].(string)
		out = append(out, clearanceKey(id, q))
	}
	slices.Sort(out)
	return out
}

// subtract returns what is in a but not in b.
func subtract(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}
