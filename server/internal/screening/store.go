package screening

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// store reads and writes sanctions_lists.
type store struct{ db *db.DB }

const versionColumns = `id, number, source, content_hash, entries, alt_names, addresses, imported_by, imported_at`

// versionRow is a sanctions_lists row without its files.
type versionRow struct {
	ID          string    `db:"id"`
	Number      int64     `db:"number"`
	Source      string    `db:"source"`
	ContentHash string    `db:"content_hash"`
	Entries     int       `db:"entries"`
	AltNames    int       `db:"alt_names"`
	Addresses   int       `db:"addresses"`
	ImportedBy  string    `db:"imported_by"`
	ImportedAt  time.Time `db:"imported_at"`
}

func (r versionRow) version() Version {
	return Version{ID: r.ID, Number: r.Number, Source: r.Source, ContentHash: r.ContentHash, Entries: r.Entries,
		AltNames: r.AltNames, Addresses: r.Addresses, ImportedBy: r.ImportedBy, ImportedAt: r.ImportedAt.UTC()}
}

// latest returns the newest version, or errs.ErrNotFound when no list was ever imported.
// It is the cheap query servers poll: one row by a unique index, no files.
func (s store) latest(ctx context.Context) (Version, error) {
	var r versionRow
	err := s.db.Get(ctx, &r, `SELECT `+versionColumns+` FROM sanctions_lists ORDER BY number DESC LIMIT 1`)
	if err != nil {
		return Version{}, fmt.Errorf("latest sanctions list: %w", err)
	}
	return r.version(), nil
}

// files reads the stored files of one version, decompressed.
func (s store) files(ctx context.Context, id string) (Files, error) {
	var r struct {
		SDN []byte `db:"sdn_gz"`
		Alt []byte `db:"alt_gz"`
		Add []byte `db:"add_gz"`
	}
	if err := s.db.Get(ctx, &r, `SELECT sdn_gz, alt_gz, add_gz FROM sanctions_lists WHERE id = ?`, id); err != nil {
		return Files{}, fmt.Errorf("read sanctions list %s: %w", id, err)
	}
	var f Files
	var err error
	if f.SDN, err = gunzip(r.SDN); err != nil {
		return Files{}, fmt.Errorf("sanctions list %s sdn: %w", id, err)
	}
	if f.Alt, err = gunzip(r.Alt); err != nil {
		return Files{}, fmt.Errorf("sanctions list %s alt: %w", id, err)
	}
	if f.Add, err = gunzip(r.Add); err != nil {
		return Files{}, fmt.Errorf("sanctions list %s add: %w", id, err)
	}
	return f, nil
}

// insert stores a new version with its files.
func (s store) insert(ctx context.Context, v Version, f Files) error {
	var gz [3][]byte
	for i, b := range [][]byte{f.SDN, f.Alt, f.Add} {
		var err error
		if gz[i], err = gzipBytes(b); err != nil {
			return err
		}
	}
	_, err := s.db.Exec(ctx, `INSERT INTO sanctions_lists (`+versionColumns+`, sdn_gz, alt_gz, add_gz)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		v.ID, v.Number, v.Source, v.ContentHash, v.Entries, v.AltNames, v.Addresses, v.ImportedBy,
		db.NormalizeTime(v.ImportedAt), gz[0], gz[1], gz[2])
	if errors.Is(err, errs.ErrConflict) {
		return errs.New(errs.ErrConflict, "import_conflict", "Another list import finished at the same time; run the import again.")
	}
	if err != nil {
		return fmt.Errorf("insert sanctions list: %w", err)
	}
	return nil
}

// gzipBytes compresses b; nil stays nil (an optional file not given).
func gzipBytes(b []byte) ([]byte, error) {
	if b == nil {
		return nil, nil
	}
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if _, err := w.Write(b); err != nil {
		return nil, fmt.Errorf("compress list file: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("compress list file: %w", err)
	}
	return buf.Bytes(), nil
}

func gunzip(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return nil, nil
	}
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	return out, nil
}
