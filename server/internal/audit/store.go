package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// idPrefix starts every event id: "aud_…".
const idPrefix = "aud"

// chainLockID is the PostgreSQL advisory lock that serializes appends ("vouch_au" in
// ASCII). Only Record takes it; it must differ from goose's migration lock.
const chainLockID int64 = 0x766f7563685f6175

// defaultBatch is how many events Verify and WriteCSV read per query: enough to keep
// round trips few, small enough that memory stays constant however long the log grows.
const defaultBatch = 1000

// List page sizes.
const (
	// DefaultLimit is the page size of List when Filter.Limit is 0.
	DefaultLimit = 100
	// MaxLimit caps Filter.Limit, so that one request cannot pull the whole log.
	MaxLimit = 1000
)

// columns are audit_events' columns in the order row declares them.
const columns = `seq, id, at, actor_id, actor_role, action, target_type, target_id, org_id,
	ip, user_agent, reason, verified_by_method, verified_by_note, details, prev_hash, hash`

// Log is the audit log on one database: Record appends to it inside the caller's
// transaction, Verify checks the chain, List and WriteCSV read it back. It is safe for
// concurrent use.
type Log struct {
	db    *db.DB
	now   func() time.Time
	batch int // events per query when Verify and WriteCSV page through the log
}

// New returns the audit log stored in d (table audit_events, migration 00002).
func New(d *db.DB) *Log {
	return &Log{db: d, now: time.Now, batch: defaultBatch}
}

// row is an event as stored: org_id as "" for NULL and details as its canonical JSON.
type row struct {
	Seq              int64     `db:"seq"`
	ID               string    `db:"id"`
	At               time.Time `db:"at"`
	ActorID          string    `db:"actor_id"`
	ActorRole        string    `db:"actor_role"`
	Action           string    `db:"action"`
	TargetType       string    `db:"target_type"`
	TargetID         string    `db:"target_id"`
	OrgID            string    `db:"org_id"` // selected through coalesce
	IP               string    `db:"ip"`
	UserAgent        string    `db:"user_agent"`
	Reason           string    `db:"reason"`
	VerifiedByMethod string    `db:"verified_by_method"`
	VerifiedByNote   string    `db:"verified_by_note"`
	Details          string    `db:"details"`
	PrevHash         string    `db:"prev_hash"`
	Hash             string    `db:"hash"`
}

// selectColumns reads columns with org_id's NULL as "".
var selectColumns = strings.Replace(columns, "org_id,", "coalesce(org_id, '') AS org_id,", 1)

// event turns a stored row into an Event.
func (r *row) event() (Event, error) {
	details, err := decodeDetails(r.Details)
	if err != nil {
		return Event{}, fmt.Errorf("audit event %d (%s): %w", r.Seq, r.ID, err)
	}
	return Event{
		ID: r.ID, Seq: r.Seq, At: r.At,
		ActorID: r.ActorID, ActorRole: r.ActorRole, Action: r.Action,
		TargetType: r.TargetType, TargetID: r.TargetID, OrgID: r.OrgID,
		IP: r.IP, UserAgent: r.UserAgent, Reason: r.Reason,
		VerifiedByMethod: VerificationMethod(r.VerifiedByMethod), VerifiedByNote: r.VerifiedByNote,
		Details: details, PrevHash: r.PrevHash, Hash: r.Hash,
	}, nil
}

// Record appends e to the chain and returns it as stored, with ID, Seq, At, PrevHash and
// Hash filled in. It runs in the transaction carried by ctx, so the event commits or
// rolls back with the change it records; without one it opens its own.
//
// Appends are serialized so the chain never forks: on PostgreSQL Record takes a
// transaction-scoped advisory lock before reading the chain's head, on SQLite every
// read-write transaction already holds the database's write lock. Either way the lock is
// held until the caller's transaction ends, so call Record last in a transaction, after
// the slow work, to keep that window short and to take the chain lock after any row
// locks (taking it first, then waiting on a row another appender holds, can deadlock).
// Under REPEATABLE READ or SERIALIZABLE on PostgreSQL, a transaction that read before
// Record may not see newer events; its append then fails (errs.ErrConflict on the seq
// key, or a serialization failure) rather than fork the chain.
//
// Invalid input, including Details keys that name secrets, gives errs.FieldErrors
// (errs.ErrInvalid).
func (l *Log) Record(ctx context.Context, e Event) (Event, error) {
	r, err := prepare(e)
	if err != nil {
		return Event{}, fmt.Errorf("record audit event: %w", err)
	}
	r.ID = db.NewID(idPrefix)
	err = l.db.WithTx(ctx, func(ctx context.Context) error {
		if l.db.Dialect() == db.Postgres {
			if _, err := l.db.Exec(ctx, `SELECT pg_advisory_xact_lock(?)`, chainLockID); err != nil {
				return fmt.Errorf("lock audit chain: %w", err)
			}
		}
		var head struct {
			Seq  int64  `db:"seq"`
			Hash string `db:"hash"`
		}
		err := l.db.Get(ctx, &head, `SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			head.Hash = GenesisHash
		case err != nil:
			return fmt.Errorf("read audit chain head: %w", err)
		}
		r.Seq, r.PrevHash = head.Seq+1, head.Hash
		// Stamped under the lock, so that At never goes backwards along the chain
		// (on one clock).
		r.At = db.NormalizeTime(l.now())
		r.Hash = r.computeHash()
		_, err = l.db.Exec(ctx, `INSERT INTO audit_events (`+columns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.Seq, r.ID, r.At, r.ActorID, r.ActorRole, r.Action, r.TargetType, r.TargetID,
			sql.NullString{String: r.OrgID, Valid: r.OrgID != ""},
			r.IP, r.UserAgent, r.Reason, r.VerifiedByMethod, r.VerifiedByNote, r.Details,
			r.PrevHash, r.Hash)
		if err != nil {
			return fmt.Errorf("insert audit event %d: %w", r.Seq, err)
		}
		return nil
	})
	if err != nil {
		return Event{}, fmt.Errorf("record audit event %q: %w", r.Action, err)
	}
	return r.event()
}

// Filter selects events for List and WriteCSV. Zero fields do not filter.
type Filter struct {
	ActorID  string
	TargetID string
	OrgID    string
	// Action matches events whose action starts with it: "user." for every user action,
	// "user.password_reset_forced" for that one (and any action it prefixes).
	Action string
	// From and To bound At: From <= At < To.
	From, To time.Time
	// Limit is the page size of List: DefaultLimit when 0, at most MaxLimit. WriteCSV
	// writes every matching event when it is 0.
	Limit int
	// BeforeSeq is the paging cursor: only events with Seq < BeforeSeq. Pass the last
	// Seq of one page to get the next.
	BeforeSeq int64
}

// where renders the filter as a WHERE clause with '?' placeholders and its arguments.
func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	if f.ActorID != "" {
		add("actor_id = ?", f.ActorID)
	}
	if f.TargetID != "" {
		add("target_id = ?", f.TargetID)
	}
	if f.OrgID != "" {
		add("org_id = ?", f.OrgID)
	}
	if f.Action != "" {
		// Actions are lowercase by construction, so lowering the prefix makes SQLite's
		// case-insensitive LIKE and PostgreSQL's case-sensitive one agree. '_' is a LIKE
		// wildcard and common in actions, hence the escaping.
		esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(f.Action))
		add(`action LIKE ? ESCAPE '\'`, esc+"%")
	}
	if !f.From.IsZero() {
		add("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("at < ?", f.To.UTC())
	}
	if f.BeforeSeq > 0 {
		add("seq < ?", f.BeforeSeq)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// List returns the events matching f, newest (highest Seq) first, at most f.Limit of
// them (DefaultLimit when 0, capped at MaxLimit). A negative Limit is errs.ErrInvalid.
func (l *Log) List(ctx context.Context, f Filter) ([]Event, error) {
	switch {
	case f.Limit < 0:
		return nil, fmt.Errorf("list audit events: %w", errs.FieldErrors{}.Add("limit", "must not be negative"))
	case f.Limit == 0:
		f.Limit = DefaultLimit
	case f.Limit > MaxLimit:
		f.Limit = MaxLimit
	}
	rows, err := l.listRows(ctx, f)
	if err != nil {
		return nil, err
	}
	events := make([]Event, 0, len(rows))
	for i := range rows {
		e, err := rows[i].event()
		if err != nil {
			return nil, fmt.Errorf("list audit events: %w", err)
		}
		events = append(events, e)
	}
	return events, nil
}

// listRows returns up to f.Limit stored rows matching f, newest first.
func (l *Log) listRows(ctx context.Context, f Filter) ([]row, error) {
	where, args := f.where()
	var rows []row
	err := l.db.Select(ctx, &rows, `SELECT `+selectColumns+` FROM audit_events`+where+
		` ORDER BY seq DESC LIMIT ?`, append(args, f.Limit)...)
	if err != nil {
		return nil, fmt.Errorf("list audit events: %w", err)
	}
	return rows, nil
}
