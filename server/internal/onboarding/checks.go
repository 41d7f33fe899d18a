package onboarding

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/cleansing"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/screening"
)

// Result is one check's outcome.
type Result string

// The check results.
const (
	ResultPass   Result = "pass"
	ResultFail   Result = "fail"
	ResultReview Result = "review"
)

// The checks every submission runs, in this order.
const (
	CheckTINFormat         = "tin_format"
	CheckTINNameMatch      = "tin_name_match"
	CheckSanctions         = "sanctions"
	CheckAddress           = "address"
	CheckDuplicateSupplier = "duplicate_supplier"
	CheckDocuments         = "documents"
)

// Check is one check of a run, with the evidence a reviewer needs to trust it.
type Check struct {
	Name      string         `json:"name" db:"name"`
	Result    Result         `json:"result" db:"result"`
	Detail    string         `json:"detail" db:"detail"`
	Evidence  map[string]any `json:"evidence,omitempty" db:"-"`
	CheckedAt time.Time      `json:"checked_at" db:"created_at"`
}

// runChecks runs every check on a profile. None fails the run: a check that cannot
// answer says review, so a person looks.
func (s *Service) runChecks(ctx context.Context, r profileRow, tin string) []Check {
	now := s.timestamp()
	checks := []Check{
		s.checkTINFormat(r, tin),
		s.checkTINName(ctx, r, tin),
		s.checkSanctions(ctx, r),
		checkAddress(r),
		s.checkDuplicate(ctx, r),
		s.checkDocuments(ctx, r),
	}
	for i := range checks {
		checks[i].CheckedAt = now
	}
	return checks
}

func (s *Service) checkTINFormat(r profileRow, tin string) Check {
	if _, err := cleansing.TINDigits(r.TINType, tin); err != nil {
		return Check{Name: CheckTINFormat, Result: ResultFail, Detail: "The TIN " + err.Error() + "."}
	}
	return Check{Name: CheckTINFormat, Result: ResultPass,
		Detail: fmt.Sprintf("A well-formed %s.", strings.ToUpper(r.TINType)), Evidence: map[string]any{"tin_last4": r.TINLast4}}
}

func (s *Service) checkTINName(ctx context.Context, r profileRow, tin string) Check {
	res, why, err := s.tinMatch.Match(ctx, r.TINType, tin, r.LegalName)
	ev := map[string]any{"provider": s.tinMatch.Name(), "legal_name": r.LegalName, "tin_last4": r.TINLast4}
	if err != nil {
		s.log.WarnContext(ctx, "TIN matching failed", "provider", s.tinMatch.Name(), "err", err)
		return Check{Name: CheckTINNameMatch, Result: ResultReview, Detail: "The TIN-matching service did not answer; check the W-9 by hand.", Evidence: ev}
	}
	return Check{Name: CheckTINNameMatch, Result: res, Detail: why, Evidence: ev}
}

// screeningQueries are the names screened for a supplier: legal name, DBA and each
// contact (the principals a customer deals with).
func screeningQueries(r profileRow) []screening.Subject {
	subs := []screening.Subject{{Name: r.LegalName, Type: screening.Entity, MinScore: screening.DefaultMinScore}}
	if r.DBA != "" {
		subs = append(subs, screening.Subject{Name: r.DBA, Type: screening.Entity, MinScore: screening.DefaultMinScore})
	}
	for _, c := range r.view().Contacts {
		if c.Name != "" {
			subs = append(subs, screening.Subject{Name: c.Name, Type: screening.Individual, MinScore: screening.DefaultMinScore})
		}
	}
	return subs
}

func (s *Service) checkSanctions(ctx context.Context, r profileRow) Check {
	if s.screener == nil || s.screener.Current() == nil {
		return Check{Name: CheckSanctions, Result: ResultReview, Detail: "No sanctions list is loaded; screen this supplier by hand."}
	}
	cleared, err := s.clearances(ctx, r.OrgID)
	if err != nil {
		return Check{Name: CheckSanctions, Result: ResultReview, Detail: "Past clearances could not be read; review the hits by hand."}
	}
	// []any, as the evidence reads back from JSON, so fresh and stored checks compare alike.
	var hits, clearedHits []any
	var results []screening.Result
	for _, sub := range screeningQueries(r) {
		res, err := s.screener.Screen(ctx, sub)
		if err != nil {
			return Check{Name: CheckSanctions, Result: ResultReview, Detail: "Screening did not answer; screen this supplier by hand."}
		}
		results = append(results, res)
		for _, h := range res.Hits {
			hit := map[string]any{"query": res.Query, "entity_id": h.EntityID, "name": h.Name, "matched_name": h.MatchedName,
				"score": h.Score, "programs": h.Programs, "list": h.List, "entry_hash": h.EntryHash}
			if isCleared(cleared, h.EntityID, res.Query, h.EntryHash) {
				clearedHits = append(clearedHits, hit)
				continue
			}
			hits = append(hits, hit)
		}
	}
	ev := map[string]any{"list_version": results[0].Version.ID, "list_number": results[0].Version.Number,
		"queries": len(results), "hits": hits, "cleared": clearedHits}
	if len(hits) > 0 {
		return Check{Name: CheckSanctions, Result: ResultReview, Evidence: ev,
			Detail: fmt.Sprintf("%d possible match%s on the sanctions list; a reviewer must clear or confirm.", len(hits), plural(len(hits), "es"))}
	}
	detail := "No match on the sanctions list."
	if len(clearedHits) > 0 {
		detail = "No new match on the sanctions list; earlier matches were cleared by a reviewer."
	}
	return Check{Name: CheckSanctions, Result: ResultPass, Detail: detail, Evidence: ev}
}

func checkAddress(r profileRow) Check {
	ev := map[string]any{"country": r.Country}
	if r.Country == "US" {
		return Check{Name: CheckAddress, Result: ResultPass, Evidence: ev,
			Detail: "A US address in USPS standard form: " + strings.Join(nonEmpty(r.Line1, r.Line2, r.City, r.Region, r.PostalCode), ", ") + "."}
	}
	return Check{Name: CheckAddress, Result: ResultPass, Evidence: ev, Detail: "A non-US address, kept as entered."}
}

func (s *Service) checkDuplicate(ctx context.Context, r profileRow) Check {
	var others []struct {
		OrgID string `db:"org_id"`
		Name  string `db:"legal_name"`
	}
	err := s.db.Select(ctx, &others, `SELECT org_id, legal_name FROM supplier_profiles WHERE tin_index = ? AND org_id <> ?
		ORDER BY created_at LIMIT 5`, r.TINIndex, r.OrgID)
	if err != nil {
		return Check{Name: CheckDuplicateSupplier, Result: ResultReview, Detail: "Duplicates could not be looked for; check by hand."}
	}
	if len(others) == 0 {
		return Check{Name: CheckDuplicateSupplier, Result: ResultPass, Detail: "No other supplier on Vouch has this TIN."}
	}
	ids := make([]string, len(others))
	for i, o := range others {
		ids[i] = o.OrgID
	}
	return Check{Name: CheckDuplicateSupplier, Result: ResultReview, Evidence: map[string]any{"supplier_ids": ids},
		Detail: fmt.Sprintf("%d other supplier%s on Vouch %s the same TIN.", len(others), plural(len(others), "s"), map[bool]string{true: "has", false: "have"}[len(others) == 1])}
}

func (s *Service) checkDocuments(ctx context.Context, r profileRow) Check {
	var kinds []string
	if err := s.db.Select(ctx, &kinds, `SELECT DISTINCT kind FROM supplier_documents WHERE supplier_org_id = ?`, r.OrgID); err != nil {
		return Check{Name: CheckDocuments, Result: ResultReview, Detail: "Documents could not be listed; check by hand."}
	}
	ev := map[string]any{"kinds": kinds}
	for _, k := range kinds {
		if k == "w9" {
			return Check{Name: CheckDocuments, Result: ResultPass, Detail: "A W-9 is on file.", Evidence: ev}
		}
	}
	if r.Country != "US" {
		return Check{Name: CheckDocuments, Result: ResultReview, Detail: "No W-9 on file; a non-US supplier may need a W-8 instead.", Evidence: ev}
	}
	return Check{Name: CheckDocuments, Result: ResultReview, Detail: "No W-9 on file.", Evidence: ev}
}

// storeChecks keeps a run's checks as history, in the caller's transaction.
func (s *Service) storeChecks(ctx context.Context, supplierID, runID string, checks []Check) error {
	for _, c := range checks {
		ev, err := jsonText(c.Evidence)
		if err != nil {
			return err
		}
		if _, err := s.db.Exec(ctx, `INSERT INTO kyc_checks (id, supplier_org_id, run_id, name, result, detail, evidence, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, db.NewID("chk"), supplierID, runID, c.Name, c.Result, c.Detail, ev, c.CheckedAt); err != nil {
			return fmt.Errorf("store check %s: %w", c.Name, err)
		}
	}
	return nil
}

// Checks returns the checks of a supplier's latest run (none before the first submit).
func (s *Service) Checks(ctx context.Context, supplierID string) ([]Check, error) {
	var rows []struct {
		Check
		EvidenceText string `db:"evidence"`
	}
	err := s.db.Select(ctx, &rows, `SELECT c.name, c.result, c.detail, c.evidence, c.created_at FROM kyc_checks c
		JOIN supplier_profiles p ON p.org_id = c.supplier_org_id AND p.last_run_id = c.run_id
		WHERE c.supplier_org_id = ? ORDER BY c.created_at, c.id`, supplierID)
	if err != nil {
		return nil, fmt.Errorf("load checks: %w", err)
	}
	out := make([]Check, 0, len(rows))
	for _, r := range rows {
		c := r.Check
		c.Evidence = parseJSONObject(r.EvidenceText)
		out = append(out, c)
	}
	slices.SortStableFunc(out, func(a, b Check) int { return checkRank(a.Name) - checkRank(b.Name) })
	return out, nil
}

// checkOrder is the order checks are run and shown in.
var checkOrder = []string{CheckTINFormat, CheckTINNameMatch, CheckSanctions, CheckAddress, CheckDuplicateSupplier, CheckDocuments}

func checkRank(name string) int { return slices.Index(checkOrder, name) }

func plural(n int, suffix string) string {
	if n == 1 {
		return ""
	}
	return suffix
}

func nonEmpty(parts ...string) []string {
	out := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
