package onboarding

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/documents"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Document is a supplier's uploaded document as the API lists it.
type Document struct {
	ID          string    `db:"id" json:"id"`
	SupplierID  string    `db:"supplier_org_id" json:"-"`
	Kind        string    `db:"kind" json:"kind"`
	FileName    string    `db:"file_name" json:"file_name"`
	ContentType string    `db:"content_type" json:"content_type"`
	Size        int64     `db:"size_bytes" json:"size_bytes"`
	SHA256      string    `db:"sha256" json:"sha256"`
	CreatedAt   time.Time `db:"created_at" json:"created_at"`
}

const documentColumns = `id, supplier_org_id, kind, file_name, content_type, size_bytes, sha256, created_at`

// ErrDocumentNotFound answers a document that is not the caller's to see.
var ErrDocumentNotFound = &errs.Coded{Kind: errs.ErrNotFound, Code: "document_not_found", Detail: "No such document."}

// maxDocuments bounds one supplier's uploads, so a script cannot fill the disk.
const maxDocuments = 50

// Upload checks and stores a supplier's document (sealed, by content type, size-limited)
// and records it. Refusals are errs.Coded 422s from package documents; nothing is kept.
func (s *Service) Upload(ctx context.Context, actor identity.Actor, supplierID string, up documents.Upload) (Document, error) {
	if s.docs == nil {
		return Document{}, fmt.Errorf("upload: no document storage configured: %w", errs.ErrUnavailable)
	}
	var n int
	if err := s.db.Get(ctx, &n, `SELECT count(*) FROM supplier_documents WHERE supplier_org_id = ?`, supplierID); err != nil {
		return Document{}, fmt.Errorf("upload: %w", err)
	}
	if n >= maxDocuments {
		return Document{}, &errs.Coded{Kind: errs.ErrConflict, Code: "too_many_documents",
			Detail: fmt.Sprintf("A supplier may keep at most %d documents; remove one first.", maxDocuments)}
	}
	id := db.NewID("doc")
	d, err := s.docs.Accept(ctx, id, up)
	if err != nil {
		return Document{}, err
	}
	out := Document{ID: id, SupplierID: supplierID, Kind: string(d.Kind), FileName: d.Name, ContentType: string(d.ContentType),
		Size: d.Size, SHA256: d.SHA256.String(), CreatedAt: s.timestamp()}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO supplier_documents (`+documentColumns+`, uploaded_by, sealed_with)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, out.ID, supplierID, out.Kind, out.FileName, out.ContentType, out.Size,
			out.SHA256, out.CreatedAt, db.NullIfEmpty(actor.UserID), s.vault.CurrentKeyID()); err != nil {
			return fmt.Errorf("record document: %w", err)
		}
		ev := actor.Event("supplier.document_uploaded", "document", id, supplierID)
		ev.Details = map[string]any{"kind": out.Kind, "content_type": out.ContentType, "size_bytes": out.Size, "sha256": out.SHA256}
		return s.record(ctx, ev)
	})
	if err != nil {
		_ = s.docs.Delete(context.WithoutCancel(ctx), id) // no record, no blob
		return Document{}, err
	}
	return out, nil
}

// Documents lists a supplier's documents, newest first.
func (s *Service) Documents(ctx context.Context, supplierID string) ([]Document, error) {
	out := []Document{}
	if err := s.db.Select(ctx, &out, `SELECT `+documentColumns+` FROM supplier_documents WHERE supplier_org_id = ?
		ORDER BY created_at DESC, id`, supplierID); err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	return out, nil
}

// OpenDocument returns a supplier's document and its bytes. customerID, when set, is a
// customer's admin asking: they see only documents of suppliers in their queue.
func (s *Service) OpenDocument(ctx context.Context, actor identity.Actor, supplierID, customerID, id string) (Document, []byte, error) {
	if customerID != "" {
		if _, err := s.caseOf(ctx, customerID, supplierID); err != nil {
			return Document{}, nil, ErrDocumentNotFound
		}
	}
	var d Document
	err := s.db.Get(ctx, &d, `SELECT `+documentColumns+` FROM supplier_documents WHERE id = ? AND supplier_org_id = ?`, id, supplierID)
	if errors.Is(err, errs.ErrNotFound) {
		return Document{}, nil, ErrDocumentNotFound
	}
	if err != nil {
		return Document{}, nil, fmt.Errorf("load document: %w", err)
	}
	if s.docs == nil {
		return Document{}, nil, fmt.Errorf("open document: no storage: %w", errs.ErrUnavailable)
	}
	data, err := s.docs.Get(ctx, id)
	if err != nil {
		return Document{}, nil, fmt.Errorf("open document %s: %w", id, err)
	}
	org := supplierID
	if customerID != "" {
		org = customerID
	}
	if err := s.record(ctx, actor.Event("supplier.document_downloaded", "document", id, org)); err != nil {
		return Document{}, nil, err
	}
	return d, data, nil
}
