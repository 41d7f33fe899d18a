package directory

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/banking/fedach"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// batchRows is how many participants one INSERT carries: 14 columns × 500 rows stays far
// below SQLite's and PostgreSQL's limits on bound parameters, and 37 statements load the
// whole directory.
const batchRows = 500

const participantColumns = `routing_number, office_code, servicing_frb, record_type, change_date, new_routing_number,
	name, address, city, state, zip, phone, status_code, view_code`

// ImportResult reports one import.
type ImportResult struct {
	Version Version
	// Unchanged: the directory in force already has this file's content; nothing was written.
	Unchanged bool
}

// Import replaces the directory with dir in one transaction, records the new version
// and an audit event, and returns the version. A failure leaves the previous directory
// as it was. progress (may be nil) hears how many rows are written so far.
func (s *Service) Import(ctx context.Context, dir *fedach.Directory, source string, progress func(done, total int)) (ImportResult, error) {
	if dir == nil || len(dir.Participants) == 0 {
		return ImportResult{}, fmt.Errorf("import fedach directory: %w", fedach.ErrEmpty)
	}
	cur, err := s.Current(ctx)
	switch {
	case err == nil && cur.SHA256 == dir.SHA256:
		return ImportResult{Version: cur, Unchanged: true}, nil
	case err != nil && !errors.Is(err, errs.ErrNotFound):
		return ImportResult{}, fmt.Errorf("import fedach directory: %w", err)
	}
	v := Version{ID: db.NewID("fed"), SHA256: dir.SHA256, Rows: len(dir.Participants), Source: source,
		ImportedAt: db.NormalizeTime(s.now())}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.Exec(ctx, `DELETE FROM fedach_participants`); err != nil {
			return fmt.Errorf("clear directory: %w", err)
		}
		for start := 0; start < len(dir.Participants); start += batchRows {
			batch := dir.Participants[start:min(start+batchRows, len(dir.Participants))]
			if err := s.insertBatch(ctx, batch); err != nil {
				return fmt.Errorf("insert rows %d–%d: %w", start+1, start+len(batch), err)
			}
			if progress != nil {
				progress(start+len(batch), len(dir.Participants))
			}
		}
		if _, err := s.db.Exec(ctx, `INSERT INTO fedach_versions (id, sha256, row_count, source, imported_at)
			VALUES (?, ?, ?, ?, ?)`, v.ID, v.SHA256, v.Rows, v.Source, v.ImportedAt); err != nil {
			return fmt.Errorf("record version: %w", err)
		}
		_, err := s.audit.Record(ctx, audit.Event{
			Action: "fedach_directory.imported", TargetType: "fedach_directory", TargetID: v.ID,
			Details: map[string]any{"content_hash": v.SHA256, "rows": v.Rows, "source": source},
		})
		return err
	})
	if err != nil {
		return ImportResult{}, fmt.Errorf("import fedach directory (the previous directory is unchanged): %w", err)
	}
	s.expire()
	return ImportResult{Version: v}, nil
}

// expire makes the next lookup check for a newer directory at once.
func (s *Service) expire() {
	if snap := s.snap.Load(); snap != nil {
		s.snap.CompareAndSwap(snap, &snapshot{version: snap.version, entries: snap.entries})
	}
}

// insertBatch writes participants with one multi-row INSERT.
func (s *Service) insertBatch(ctx context.Context, ps []fedach.Participant) error {
	var q strings.Builder
	q.Grow(64 + len(ps)*48)
	q.WriteString(`INSERT INTO fedach_participants (` + participantColumns + `) VALUES `)
	args := make([]any, 0, len(ps)*14)
	for i, p := range ps {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString(`(?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
		args = append(args, p.RoutingNumber, p.OfficeCode, p.ServicingFRB, string(p.RecordType),
			p.ChangeDate.Format(time.DateOnly), p.NewRoutingNumber, p.Name, p.Address, p.City, p.State,
			p.ZIP, p.Phone, p.StatusCode, p.ViewCode)
	}
	_, err := s.db.Exec(ctx, q.String(), args...)
	return err
}
