package screening

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// PollInterval is how often Watch asks the database whether a newer list was imported.
const PollInterval = 30 * time.Second

// coldRetry bounds how often a screening with no list loaded asks the database again,
// so that a server without any list does not query it on every request.
const coldRetry = time.Second

// ErrUnavailable answers a screening while no list is loaded: nothing was imported yet,
// or the stored list could not be read.
var ErrUnavailable = errs.New(errs.ErrUnavailable, "screening_unavailable",
	"No sanctions list is loaded yet; an operator imports one with `vouch sanctions import`.")

// Screener screens names against the current list. It holds the current Index behind an
// atomic pointer: a refresh builds the new index aside and swaps it in, so screenings
// never wait for an import or a reload, and each screening sees one version throughout.
type Screener struct {
	store store
	db    *db.DB
	audit *audit.Log
	log   *slog.Logger
	now   func() time.Time

	current   atomic.Pointer[Index]
	refreshMu sync.Mutex   // one reload at a time
	lastCold  atomic.Int64 // unix nanos of the last load attempt while nothing was loaded

	hooksMu sync.Mutex
	onNew   []func(Version) // told of every list this process starts screening with
}

// OnNewList registers f to be told, in its own goroutine, each time this process starts
// screening with a list version it did not use before (the first load included), so the
// suppliers can be rescreened against it.
func (s *Screener) OnNewList(f func(Version)) {
	s.hooksMu.Lock()
	defer s.hooksMu.Unlock()
	s.onNew = append(s.onNew, f)
}

// New returns a Screener over the database; nothing is loaded until Refresh, Watch or
// the first screening.
func New(d *db.DB, a *audit.Log, log *slog.Logger) *Screener {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Screener{store: store{db: d}, db: d, audit: a, log: log, now: time.Now}
}

// Current returns the index in use, or nil when no list is loaded.
func (s *Screener) Current() *Index { return s.current.Load() }

// Refresh loads the newest stored version if it is not the one in use, and reports
// whether it swapped. The check is one small query; the reload parses and indexes the
// stored files aside while screenings go on against the old index.
func (s *Screener) Refresh(ctx context.Context) (bool, error) {
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	v, err := s.store.latest(ctx)
	if errors.Is(err, errs.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if cur := s.current.Load(); cur != nil && cur.version.Number >= v.Number {
		return false, nil
	}
	f, err := s.store.files(ctx, v.ID)
	if err != nil {
		return false, err
	}
	list, err := ParseFiles(f)
	if err != nil {
		return false, fmt.Errorf("parse stored sanctions list %d: %w", v.Number, err)
	}
	list.Source = v.Source
	s.publish(NewIndex(list, v))
	s.log.InfoContext(ctx, "sanctions list loaded", "number", v.Number, "source", v.Source, "entries", v.Entries, "hash", v.ContentHash[:12])
	return true, nil
}

// publish swaps ix in unless a newer version is already in use.
func (s *Screener) publish(ix *Index) {
	for {
		cur := s.current.Load()
		if cur != nil && cur.version.Number >= ix.version.Number {
			return
		}
		if s.current.CompareAndSwap(cur, ix) {
			s.hooksMu.Lock()
			hooks := append([]func(Version){}, s.onNew...)
			s.hooksMu.Unlock()
			for _, f := range hooks {
				go f(ix.version)
			}
			return
		}
	}
}

// Watch loads the current list, then polls for a newer one every interval (PollInterval
// when 0) until ctx ends, so every instance of a cluster moves to a new import within
// one interval. Errors are logged and retried at the next tick.
func (s *Screener) Watch(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = PollInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Refresh(ctx); err != nil && ctx.Err() == nil {
			s.log.WarnContext(ctx, "sanctions list refresh failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// index returns the index to screen with, loading the stored list first when none is in
// use (at most once per coldRetry).
func (s *Screener) index(ctx context.Context) (*Index, error) {
	if ix := s.current.Load(); ix != nil {
		return ix, nil
	}
	now := s.now().UnixNano()
	if last := s.lastCold.Load(); now-last >= int64(coldRetry) && s.lastCold.CompareAndSwap(last, now) {
		if _, err := s.Refresh(ctx); err != nil {
			s.log.WarnContext(ctx, "sanctions list load failed", "err", err)
		}
	}
	if ix := s.current.Load(); ix != nil {
		return ix, nil
	}
	return nil, ErrUnavailable
}

// Validate checks a subject as a caller sent it.
func (sub Subject) Validate() error {
	var fe errs.FieldErrors
	switch n := utf8.RuneCountInString(strings.TrimSpace(sub.Name)); {
	case n == 0:
		fe = fe.Add("name", "Enter a name to screen.")
	case n > MaxNameLength:
		fe = fe.Add("name", fmt.Sprintf("Use at most %d characters.", MaxNameLength))
	case !utf8.ValidString(sub.Name):
		fe = fe.Add("name", "The name is not valid text.")
	}
	if sub.MinScore < 0 || sub.MinScore > 100 {
		fe = fe.Add("min_score", "Use a score from 0 to 100.")
	}
	switch sub.Type {
	case Unknown, Individual, Entity:
	default:
		fe = fe.Add("type", `Use "individual" or "entity", or leave it out.`)
	}
	return fe.OrNil()
}

// Screen screens one subject against the current list and returns the evidence.
func (s *Screener) Screen(ctx context.Context, sub Subject) (Result, error) {
	if err := sub.Validate(); err != nil {
		return Result{}, err
	}
	ix, err := s.index(ctx)
	if err != nil {
		return Result{}, err
	}
	return s.screenWith(ix, sub), nil
}

func (s *Screener) screenWith(ix *Index, sub Subject) Result {
	min := sub.MinScore
	if min == 0 {
		min = DefaultMinScore
	}
	sub.MinScore = min
	return Result{
		Version: ix.version, Query: sub.Name, Normalized: strings.Join(Normalize(sub.Name), " "),
		MinScore: min, Hits: ix.Search(sub), ScreenedAt: s.now().UTC(),
	}
}

// ScreenBatch screens many subjects against one list version, on a worker per CPU, and
// calls each (from several goroutines at once) with every subject's index and result; a
// subject that fails validation gets its error. It stops early when ctx ends. This is
// what rescreening every supplier after an import runs on.
func (s *Screener) ScreenBatch(ctx context.Context, subs []Subject, each func(i int, r Result, err error)) error {
	ix, err := s.index(ctx)
	if err != nil {
		return err
	}
	workers := min(runtime.GOMAXPROCS(0), max(len(subs), 1))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(subs) {
					return
				}
				if err := subs[i].Validate(); err != nil {
					each(i, Result{}, err)
					continue
				}
				each(i, s.screenWith(ix, subs[i]), nil)
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}

// ImportResult reports an import.
type ImportResult struct {
	Version Version
	// Unchanged is true when the files equal the newest stored version's: nothing was
	// stored and that version stays current.
	Unchanged bool
	// Orphans counts alt.csv and add.csv rows naming no sdn.csv entry (skipped).
	Orphans int
	// Parse and Index time the in-memory work; Store the database transaction.
	Parse, Index, Store time.Duration
}

// Import parses a release, builds its index, and only then stores it as a new version in
// one transaction, with its audit event; the new index is in use once that commits. A bad
// file fails before anything is written, so the previous list stays current. by names who
// imported, for the record ("cli" for the command line).
func (s *Screener) Import(ctx context.Context, f Files, source, by string) (ImportResult, error) {
	var res ImportResult
	t0 := s.now()
	list, err := ParseFiles(f)
	if err != nil {
		return res, err
	}
	list.Source = source
	t1 := s.now()
	ix := NewIndex(list, Version{})
	t2 := s.now()
	res.Parse, res.Index, res.Orphans = t1.Sub(t0), t2.Sub(t1), list.Orphans

	v := Version{
		ID: db.NewID("sls"), Source: source, ContentHash: contentHash(f), Entries: len(list.Entries),
		ImportedBy: by, ImportedAt: db.NormalizeTime(s.now()),
	}
	for _, e := range list.Entries {
		v.AltNames += len(e.AltNames)
		v.Addresses += len(e.Addresses)
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		latest, err := s.store.latest(ctx)
		switch {
		case errors.Is(err, errs.ErrNotFound):
		case err != nil:
			return err
		case latest.ContentHash == v.ContentHash && latest.Source == source:
			res.Unchanged, res.Version = true, latest
			return nil
		default:
			v.Number = latest.Number
		}
		v.Number++
		if err := s.store.insert(ctx, v, f); err != nil {
			return err
		}
		_, err = s.audit.Record(ctx, audit.Event{
			Action: "sanctions_list.imported", TargetType: "sanctions_list", TargetID: v.ID,
			Details: map[string]any{"number": v.Number, "source": source, "content_hash": v.ContentHash,
				"entries": v.Entries, "alt_names": v.AltNames, "addresses": v.Addresses, "imported_by": by},
		})
		if err != nil {
			return err
		}
		ix.version = v
		s.db.AfterCommit(ctx, func() { s.publish(ix) })
		return nil
	})
	res.Store = s.now().Sub(t2)
	if err != nil {
		return res, fmt.Errorf("import sanctions list: %w", err)
	}
	if !res.Unchanged {
		res.Version = v
	}
	return res, nil
}

// contentHash is the SHA-256 of the three files, each length-prefixed so that moving
// bytes from one file to the next changes it.
func contentHash(f Files) string {
	h := sha256.New()
	for _, b := range [][]byte{f.SDN, f.Alt, f.Add} {
		fmt.Fprintf(h, "%d:", len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}
