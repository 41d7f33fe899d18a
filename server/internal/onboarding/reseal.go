package onboarding

import (
	"context"
	"fmt"

	"github.com/vouchhq/vouch/server/internal/keyrotation"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// SealedFields are the values onboarding seals, for key rotation: TINs and documents.
func (s *Service) SealedFields() []keyrotation.Field {
	return []keyrotation.Field{sealedTINs{s}, sealedDocuments{s}}
}

// sealedTINs is every stored TIN.
type sealedTINs struct{ s *Service }

func (sealedTINs) Name() string { return "tins" }

func (f sealedTINs) Remaining(ctx context.Context) (int, error) {
	prefix := f.s.vault.CurrentPrefix()
	var n int
	err := f.s.db.Get(ctx, &n, `SELECT count(*) FROM supplier_profiles WHERE tin_ciphertext <> ''
		AND substr(tin_ciphertext, 1, ?) <> ?`, len(prefix), prefix)
	return n, err
}

func (f sealedTINs) ResealBatch(ctx context.Context, n int) (int, error) {
	prefix := f.s.vault.CurrentPrefix()
	var rows []struct {
		OrgID string `db:"org_id"`
		CT    string `db:"tin_ciphertext"`
	}
	if err := f.s.db.Select(ctx, &rows, `SELECT org_id, tin_ciphertext FROM supplier_profiles WHERE tin_ciphertext <> ''
		AND substr(tin_ciphertext, 1, ?) <> ? ORDER BY org_id LIMIT ?`, len(prefix), prefix, n); err != nil {
		return 0, err
	}
	for _, r := range rows {
		out, _, err := f.s.vault.Reseal(r.CT, vault.AAD(tinField, r.OrgID))
		if err != nil {
			return 0, fmt.Errorf("TIN of %s: %w", r.OrgID, err)
		}
		// Only if nobody changed it meanwhile: a new TIN is already under the current key.
		if _, err := f.s.db.Exec(ctx, `UPDATE supplier_profiles SET tin_ciphertext = ? WHERE org_id = ? AND tin_ciphertext = ?`,
			out, r.OrgID, r.CT); err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}

// sealedDocuments is every stored document; the record notes the key that sealed it.
type sealedDocuments struct{ s *Service }

func (sealedDocuments) Name() string { return "documents" }

func (f sealedDocuments) Remaining(ctx context.Context) (int, error) {
	var n int
	err := f.s.db.Get(ctx, &n, `SELECT count(*) FROM supplier_documents WHERE sealed_with <> ?`, f.s.vault.CurrentKeyID())
	return n, err
}

func (f sealedDocuments) ResealBatch(ctx context.Context, n int) (int, error) {
	if f.s.docs == nil {
		return 0, nil
	}
	current := f.s.vault.CurrentKeyID()
	var ids []string
	if err := f.s.db.Select(ctx, &ids, `SELECT id FROM supplier_documents WHERE sealed_with <> ? ORDER BY id LIMIT ?`, current, n); err != nil {
		return 0, err
	}
	for _, id := range ids {
		if _, err := f.s.docs.Reseal(ctx, id); err != nil {
			return 0, err
		}
		if _, err := f.s.db.Exec(ctx, `UPDATE supplier_documents SET sealed_with = ? WHERE id = ?`, current, id); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}
