package onboarding

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/invitecsv"
	"github.com/vouchhq/vouch/server/internal/jobs"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// importJobKind runs one CSV import of invitations.
const importJobKind = "onboarding.invitation_import"

// progressEvery is how many rows pass between progress writes.
const progressEvery = 100

// Import is a CSV import of invitations and how far it has come.
type Import struct {
	ID            string     `db:"id" json:"id"`
	CustomerOrgID string     `db:"customer_org_id" json:"-"`
	FileName      string     `db:"file_name" json:"file_name"`
	Status        string     `db:"status" json:"status"` // queued, running, done, failed
	TotalRows     int        `db:"total_rows" json:"total_rows"`
	ProcessedRows int        `db:"processed_rows" json:"processed_rows"`
	Invited       int        `db:"invited" json:"invited"`
	Skipped       int        `db:"skipped" json:"skipped"`
	RowErrorsText string     `db:"row_errors" json:"-"`
	RowErrors     []RowIssue `db:"-" json:"errors"`
	Error         string     `db:"error" json:"error"`
	CreatedAt     time.Time  `db:"created_at" json:"created_at"`
	FinishedAt    *time.Time `db:"finished_at" json:"finished_at"`
}

// RowIssue is one refused row of an import, as the uploader sees it.
type RowIssue struct {
	Line    int    `json:"line"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

func issues(list []invitecsv.RowError) []RowIssue {
	out := make([]RowIssue, 0, min(len(list), maxReportedErrors))
	for _, e := range list[:min(len(list), maxReportedErrors)] {
		out = append(out, RowIssue{Line: e.Line, Field: e.Field, Message: e.Message})
	}
	return out
}

// importPayload is the job's payload: the file itself, erased once the job ends.
type importPayload struct {
	ImportID string `json:"import_id"`
	ActorID  string `json:"actor_id"`
	CSV      []byte `json:"csv"`
}

// maxReportedErrors bounds the row errors kept with an import; the count is exact.
const maxReportedErrors = 1000

// StartImport checks a CSV of invitations at once (a bad file is a 422 with its code and
// nothing is queued; bad rows are reported, not fatal) and queues the invitations as a
// background job. It returns the import, whose progress ImportOf reports.
func (s *Service) StartImport(ctx context.Context, actor identity.Actor, customerID, fileName string, data []byte) (Import, error) {
	if s.jobs == nil {
		return Import{}, fmt.Errorf("import: no job queue: %w", errs.ErrUnavailable)
	}
	sum, err := invitecsv.Parse(ctx, bytes.NewReader(data), invitecsv.Options{}, nil)
	if err != nil {
		return Import{}, fmt.Errorf("import: %w", err)
	}
	rowErrs := issues(sum.Errors)
	errText, _ := json.Marshal(rowErrs)
	imp := Import{ID: db.NewID("imp"), CustomerOrgID: customerID, FileName: truncateRunes(fileName, 200), Status: "queued",
		TotalRows: sum.Rows, Skipped: len(sum.Errors), RowErrors: rowErrs, CreatedAt: s.timestamp()}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `INSERT INTO invitation_imports (id, customer_org_id, created_by, file_name, status,
			total_rows, skipped, row_errors, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			imp.ID, customerID, db.NullIfEmpty(actor.UserID), imp.FileName, imp.Status, imp.TotalRows, imp.Skipped, string(errText), imp.CreatedAt); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		ev := actor.Event("invitation.import_started", "invitation_import", imp.ID, customerID)
		ev.Details = map[string]any{"rows": sum.Rows, "bad_rows": len(sum.Errors)}
		if err := s.record(ctx, ev); err != nil {
			return err
		}
		_, err := s.jobs.Enqueue(ctx, importJobKind, importPayload{ImportID: imp.ID, ActorID: actor.UserID, CSV: data},
			jobs.EnqueueOptions{Sensitive: true, MaxAttempts: 3})
		return err
	})
	if err != nil {
		return Import{}, err
	}
	return imp, nil
}

// ImportOf returns one of a customer's imports.
func (s *Service) ImportOf(ctx context.Context, customerID, id string) (Import, error) {
	var imp Import
	err := s.db.Get(ctx, &imp, `SELECT id, customer_org_id, file_name, status, total_rows, processed_rows, invited, skipped,
		row_errors, error, created_at, finished_at FROM invitation_imports WHERE id = ? AND customer_org_id = ?`, id, customerID)
	if errors.Is(err, errs.ErrNotFound) {
		return Import{}, &errs.Coded{Kind: errs.ErrNotFound, Code: "import_not_found", Detail: "No such import."}
	}
	if err != nil {
		return Import{}, fmt.Errorf("load import: %w", err)
	}
	_ = json.Unmarshal([]byte(imp.RowErrorsText), &imp.RowErrors)
	if imp.RowErrors == nil {
		imp.RowErrors = []RowIssue{}
	}
	return imp, nil
}

// runImport is the job: it invites every valid row, each in its own transaction, so a
// retry after a crash goes on where it stopped (a row already invited is skipped as a
// duplicate), and writes progress every progressEvery rows.
func (s *Service) runImport(ctx context.Context, j *jobs.Job) error {
	var p importPayload
	if err := j.Decode(&p); err != nil {
		return err
	}
	imp, err := s.importByID(ctx, p.ImportID)
	if err != nil {
		return jobs.Permanent(err)
	}
	if imp.Status == "done" {
		return nil
	}
	actor := identity.Actor{UserID: p.ActorID, Role: identity.RoleCustomerAdmin}
	rowErrs := imp.RowErrors
	processed, invited, skipped := 0, 0, len(rowErrs)
	s.setImportState(ctx, imp.ID, "running", processed, invited, skipped, rowErrs)
	_, err = invitecsv.Parse(ctx, bytes.NewReader(p.CSV), invitecsv.Options{}, func(r invitecsv.Row) error {
		err := s.db.WithTx(ctx, func(ctx context.Context) error {
			_, _, err := s.invite(ctx, actor, imp.CustomerOrgID, InviteInput{Email: r.Email, SupplierName: r.SupplierName}, imp.ID)
			return err
		})
		switch {
		case errors.Is(err, ErrInvitationOpen):
			skipped++
			rowErrs = appendRowError(rowErrs, RowIssue{Line: r.Line, Field: invitecsv.FieldEmail, Message: "already has an open invitation from you"})
		case err != nil:
			return err
		default:
			invited++
		}
		if processed++; processed%progressEvery == 0 {
			s.setImportState(ctx, imp.ID, "running", processed+len(imp.RowErrors), invited, skipped, rowErrs)
		}
		return nil
	})
	if err != nil {
		s.failImport(ctx, imp.ID, err)
		return err
	}
	s.setImportState(ctx, imp.ID, "done", imp.TotalRows, invited, skipped, rowErrs)
	return nil
}

// importByID loads an import whatever its customer (the job knows only the id).
func (s *Service) importByID(ctx context.Context, id string) (Import, error) {
	var cust string
	if err := s.db.Get(ctx, &cust, `SELECT customer_org_id FROM invitation_imports WHERE id = ?`, id); err != nil {
		return Import{}, fmt.Errorf("load import %s: %w", id, err)
	}
	return s.ImportOf(ctx, cust, id)
}

// setImportState writes progress; a failure only delays what the progress bar shows.
func (s *Service) setImportState(ctx context.Context, id, status string, processed, invited, skipped int, rowErrs []RowIssue) {
	text, _ := json.Marshal(rowErrs)
	var finished any
	if status == "done" {
		finished = s.timestamp()
	}
	if _, err := s.db.Exec(ctx, `UPDATE invitation_imports SET status = ?, processed_rows = ?, invited = ?, skipped = ?,
		row_errors = ?, finished_at = ? WHERE id = ?`, status, processed, invited, skipped, string(text), finished, id); err != nil {
		s.log.WarnContext(ctx, "import progress not saved", "import_id", id, "err", err)
	}
}

// failImport records why an import stopped.
func (s *Service) failImport(ctx context.Context, id string, cause error) {
	if _, err := s.db.Exec(context.WithoutCancel(ctx), `UPDATE invitation_imports SET status = 'failed', error = ?, finished_at = ?
		WHERE id = ?`, "The import stopped: "+cause.Error(), s.timestamp(), id); err != nil {
		s.log.WarnContext(ctx, "import failure not saved", "import_id", id, "err", err)
	}
}

func appendRowError(list []RowIssue, e RowIssue) []RowIssue {
	if len(list) >= maxReportedErrors {
		return list
	}
	return append(list, e)
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
