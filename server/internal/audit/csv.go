package audit

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// csvHeader names WriteCSV's columns: every stored field, so an auditor can re-verify
// the hashes offline (except in cells that csvCell had to defuse).
var csvHeader = []string{
	"seq", "id", "at", "actor_id", "actor_role", "action", "target_type", "target_id",
	"org_id", "ip", "user_agent", "reason", "verified_by_method", "verified_by_note",
	"details", "prev_hash", "hash",
}

// WriteCSV writes the events matching f to w as CSV, a header row first, newest first as
// List orders them. It pages through the log a batch at a time and flushes after each,
// so memory stays constant and a large export starts arriving at once. f.Limit caps the
// number of rows; 0 writes every matching event. At is written as
// 2006-01-02T15:04:05.000000Z and Details as its canonical JSON.
func (l *Log) WriteCSV(ctx context.Context, w io.Writer, f Filter) error {
	if f.Limit < 0 {
		return fmt.Errorf("export audit events: %w", errs.FieldErrors{}.Add("limit", "must not be negative"))
	}
	remaining := f.Limit // 0: no cap
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return fmt.Errorf("export audit events: write header: %w", err)
	}
	for {
		page := f
		page.Limit = l.batch
		if remaining > 0 {
			page.Limit = min(l.batch, remaining)
		}
		rows, err := l.listRows(ctx, page)
		if err != nil {
			return fmt.Errorf("export audit events: %w", err)
		}
		for i := range rows {
			if err := cw.Write(csvRecord(&rows[i])); err != nil {
				return fmt.Errorf("export audit events: write seq %d: %w", rows[i].Seq, err)
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("export audit events: %w", err)
		}
		if remaining > 0 {
			remaining -= len(rows)
			if remaining <= 0 {
				return nil
			}
		}
		if len(rows) < page.Limit {
			return nil
		}
		f.BeforeSeq = rows[len(rows)-1].Seq
	}
}

// csvRecord renders one row in csvHeader's order.
func csvRecord(r *row) []string {
	rec := []string{
		strconv.FormatInt(r.Seq, 10), r.ID, formatAt(r.At), r.ActorID, r.ActorRole, r.Action,
		r.TargetType, r.TargetID, r.OrgID, r.IP, r.UserAgent, r.Reason, r.VerifiedByMethod,
		r.VerifiedByNote, r.Details, r.PrevHash, r.Hash,
	}
	for i, c := range rec {
		rec[i] = csvCell(c)
	}
	return rec
}

// csvCell defuses formula injection: spreadsheets run a cell that starts with = + - @
// (or a tab or carriage return before one) as a formula, and reasons and user agents are
// typed by users. A leading single quote makes the cell plain text (OWASP's advice).
func csvCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
