// Package directory keeps the FedACH participant directory in the database and answers
// routing-number lookups from an in-memory copy of it. An import replaces the whole
// directory in one transaction (the old one stays if anything fails); lookups read a
// snapshot that is reloaded when a newer import is seen, so a lookup costs a map read
// and the directory can serve a supplier typing a routing number on every keystroke.
package directory

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/banking/fedach"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/shared/routing"
)

// Status is what the directory says about a valid routing number.
type Status string

// The statuses a lookup answers.
const (
	// Active: the directory lists the number and entries go to it.
	Active Status = "active"
	// Replaced: the directory lists the number as replaced by NewRoutingNumber.
	Replaced Status = "replaced"
	// NotFound: the number is well formed but the directory does not list it (or no
	// directory was imported yet).
	NotFound Status = "not_found"
)

// Result is the answer to one lookup.
type Result struct {
	RoutingNumber string
	// Reason is why the number is invalid (one of routing's Err… values), nil when valid.
	Reason           error
	Status           Status // "" when invalid
	BankName         string
	City             string
	State            string
	NewRoutingNumber string // set when Status is Replaced
}

// Valid reports whether the number passed the format checks.
func (r Result) Valid() bool { return r.Reason == nil }

// Version describes one import of the directory.
type Version struct {
	ID         string
	SHA256     string
	Rows       int
	Source     string
	ImportedAt time.Time
}

// DefaultRefresh is how often a lookup checks for a newer import: servers pick up a
// `vouch fedach import` run elsewhere within this time.
const DefaultRefresh = 30 * time.Second

// Service is the directory. It is safe for concurrent use.
type Service struct {
	db      *db.DB
	audit   *audit.Log
	log     *slog.Logger
	now     func() time.Time
	refresh time.Duration

	snap      atomic.Pointer[snapshot]
	reloading sync.Mutex
}

// snapshot is one loaded directory.
type snapshot struct {
	version   string // fedach_versions.id, "" when none was imported
	entries   map[string]entry
	checkedAt time.Time
}

// entry is what a lookup needs of one participant.
type entry struct {
	name, city, state, newRTN string
	recordType                fedach.RecordType
}

// New builds the directory service; log may be nil.
func New(d *db.DB, a *audit.Log, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d, audit: a, log: log, now: time.Now, refresh: DefaultRefresh}
}

// Lookup checks rtn's format and, when valid, looks it up in the directory. Only a
// backend failure on the first load is an error: afterwards a failed refresh keeps
// answering from the snapshot it has, because a stale directory beats none.
func (s *Service) Lookup(ctx context.Context, rtn string) (Result, error) {
	res := Result{RoutingNumber: rtn}
	if res.Reason = routing.Validate(rtn); res.Reason != nil {
		return res, nil
	}
	snap, err := s.current(ctx)
	if err != nil {
		return Result{}, err
	}
	e, ok := snap.entries[rtn]
	if !ok {
		res.Status = NotFound
		return res, nil
	}
	res.Status, res.BankName, res.City, res.State = Active, e.name, e.city, e.state
	if e.recordType == fedach.SendToNewRouting {
		res.Status, res.NewRoutingNumber = Replaced, e.newRTN
	}
	return res, nil
}

// Refresh checks at once for a newer import (Lookup checks every 30 s), for a caller about
// to refuse a number the loaded copy does not list.
func (s *Service) Refresh(ctx context.Context) error {
	s.reloading.Lock()
	defer s.reloading.Unlock()
	fresh, err := s.reload(ctx, s.snap.Load())
	if err != nil {
		return err
	}
	s.snap.Store(fresh)
	return nil
}

// current returns the snapshot, reloading it when it is due for a check. One caller
// reloads; the others keep answering from the snapshot they have.
func (s *Service) current(ctx context.Context) (*snapshot, error) {
	snap := s.snap.Load()
	if snap != nil && s.now().Sub(snap.checkedAt) < s.refresh {
		return snap, nil
	}
	if snap != nil {
		if !s.reloading.TryLock() {
			return snap, nil
		}
	} else {
		s.reloading.Lock()
	}
	defer s.reloading.Unlock()
	if cur := s.snap.Load(); cur != snap && cur != nil {
		return cur, nil // another caller reloaded while we waited
	}
	fresh, err := s.reload(ctx, snap)
	if err != nil {
		if snap != nil {
			s.log.WarnContext(ctx, "fedach directory refresh failed; answering from the loaded copy", "err", err)
			return snap, nil
		}
		return nil, err
	}
	s.snap.Store(fresh)
	return fresh, nil
}

// reload reads the newest version id and, when it differs from old's, every participant.
func (s *Service) reload(ctx context.Context, old *snapshot) (*snapshot, error) {
	v, err := s.Current(ctx)
	if err != nil && !errors.Is(err, errs.ErrNotFound) {
		return nil, err
	}
	now := s.now()
	if old != nil && old.version == v.ID {
		return &snapshot{version: old.version, entries: old.entries, checkedAt: now}, nil
	}
	var rows []struct {
		RTN    string `db:"routing_number"`
		Type   string `db:"record_type"`
		NewRTN string `db:"new_routing_number"`
		Name   string `db:"name"`
		City   string `db:"city"`
		State  string `db:"state"`
	}
	// Read the rows and the version they belong to in one transaction, so a concurrent
	// import cannot hand us new rows under the old version's name.
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if v, err = s.Current(ctx); err != nil && !errors.Is(err, errs.ErrNotFound) {
			return err
		}
		return s.db.Select(ctx, &rows, `SELECT routing_number, record_type, new_routing_number, name, city, state FROM fedach_participants`)
	})
	if err != nil {
		return nil, fmt.Errorf("load fedach directory: %w", err)
	}
	entries := make(map[string]entry, len(rows))
	for _, r := range rows {
		entries[r.RTN] = entry{name: r.Name, city: r.City, state: r.State, newRTN: r.NewRTN, recordType: fedach.RecordType(r.Type[0])}
	}
	s.log.DebugContext(ctx, "fedach directory loaded", "version", v.ID, "participants", len(entries))
	return &snapshot{version: v.ID, entries: entries, checkedAt: now}, nil
}

// Current returns the directory in force, or an error wrapping errs.ErrNotFound when
// none was imported.
func (s *Service) Current(ctx context.Context) (Version, error) {
	var r struct {
		ID         string    `db:"id"`
		SHA256     string    `db:"sha256"`
		Rows       int       `db:"row_count"`
		Source     string    `db:"source"`
		ImportedAt time.Time `db:"imported_at"`
	}
	err := s.db.Get(ctx, &r, `SELECT id, sha256, row_count, source, imported_at FROM fedach_versions
		ORDER BY imported_at DESC, id DESC LIMIT 1`)
	if err != nil {
		return Version{}, fmt.Errorf("current fedach directory: %w", err)
	}
	return Version{ID: r.ID, SHA256: r.SHA256, Rows: r.Rows, Source: r.Source, ImportedAt: r.ImportedAt.UTC()}, nil
}
