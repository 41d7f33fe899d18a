package onboarding

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// clearanceKey identifies a cleared hit: one list entry against one screened name.
func clearanceKey(entityID, query string) string { return entityID + "\x00" + query }

// clearances returns the cleared hits of a supplier, each with the hash of the list entry
// it was cleared against.
func (s *Service) clearances(ctx context.Context, supplierID string) (map[string]string, error) {
	var rows []struct {
		EntityID  string `db:"entity_id"`
		Query     string `db:"query"`
		EntryHash string `db:"entry_hash"`
	}
	if err := s.db.Select(ctx, &rows, `SELECT entity_id, query, entry_hash FROM screening_clearances WHERE supplier_org_id = ?`, supplierID); err != nil {
		return nil, fmt.Errorf("load clearances: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[clearanceKey(r.EntityID, r.Query)] = r.EntryHash
	}
	return out, nil
}

// isCleared reports whether a hit was cleared against the entry as it still stands: a
// changed entry (new names, programs or remarks) needs a reviewer's eyes again.
func isCleared(cleared map[string]string, entityID, query, entryHash string) bool {
	h, ok := cleared[clearanceKey(entityID, query)]
	return ok && h == entryHash
}

// ErrHitNotFound answers a clearance of a hit the supplier's latest screening does not have.
var ErrHitNotFound = &errs.Coded{Kind: errs.ErrNotFound, Code: "hit_not_found",
	Detail: "The supplier's latest screening has no such hit to clear."}

// ClearHit records a reviewer's decision that a sanctions hit on a supplier is a false
// positive: who, when, why, which entry and list version. Rescreening re-applies it.
// A note is required.
func (s *Service) ClearHit(ctx context.Context, actor identity.Actor, customerID, supplierID, entityID, query, note string) error {
	note = strings.TrimSpace(note)
	if note == "" {
		return fmt.Errorf("clear hit: %w", errs.FieldErrors{}.Add("note", "is required: say why this is not the listed party"))
	}
	if _, err := s.caseOf(ctx, customerID, supplierID); err != nil {
		return err
	}
	checks, err := s.Checks(ctx, supplierID)
	if err != nil {
		return err
	}
	version, entryHash, ok := findHit(checks, entityID, query)
	if !ok {
		return ErrHitNotFound
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.db.Exec(ctx, `INSERT INTO screening_clearances (id, supplier_org_id, entity_id, entry_hash, list_version,
			query, note, cleared_by, cleared_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			db.NewID("clr"), supplierID, entityID, entryHash, version, query, note, db.NullIfEmpty(actor.UserID), s.timestamp())
		if errors.Is(err, errs.ErrConflict) {
			// Cleared before, against an entry that has changed since: this is the new word.
			_, err = s.db.Exec(ctx, `UPDATE screening_clearances SET entry_hash = ?, list_version = ?, note = ?, cleared_by = ?,
				cleared_at = ? WHERE supplier_org_id = ? AND entity_id = ? AND query = ?`,
				entryHash, version, note, db.NullIfEmpty(actor.UserID), s.timestamp(), supplierID, entityID, query)
		}
		if err != nil {
			return fmt.Errorf("clear hit: %w", err)
		}
		ev := actor.Event("screening.hit_cleared", "org", supplierID, customerID)
		ev.Reason = note
		ev.Details = map[string]any{"entity_id": entityID, "query": query, "list_version": version}
		return s.record(ctx, ev)
	})
}

// findHit looks for an uncleared hit in the sanctions check and returns its list version
// and entry hash.
func findHit(checks []Check, entityID, query string) (string, string, bool) {
	for _, c := range checks {
		if c.Name != CheckSanctions || c.Evidence == nil {
			continue
		}
		version, _ := c.Evidence["list_version"].(string)
		hits, _ := c.Evidence["hits"].([]any)
		for _, h := range hits {
			m, _ := h.(map[string]any)
			if m["entity_id"] == entityID && m["query"] == query {
				hash, _ := m["entry_hash"].(string)
				return version, hash, true
			}
		}
	}
	return "", "", false
}
