package risk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// Alert is one alert for one customer.
type Alert struct {
	ID             string     `db:"id" json:"id"`
	CustomerID     string     `db:"customer_org_id" json:"-"`
	SupplierID     string     `db:"supplier_org_id" json:"supplier_id"`
	SupplierName   string     `db:"supplier_name" json:"supplier_name"`
	BankAccountID  *string    `db:"bank_account_id" json:"bank_account_id"`
	Kind           string     `db:"kind" json:"kind"`
	Severity       string     `db:"severity" json:"severity"`
	Detail         string     `db:"detail" json:"detail"`
	CreatedAt      time.Time  `db:"created_at" json:"created_at"`
	ResolvedAt     *time.Time `db:"resolved_at" json:"resolved_at"`
	ResolutionNote string     `db:"resolution_note" json:"resolution_note"`
}

// Service raises, lists and resolves alerts.
type Service struct {
	db    *db.DB
	audit *audit.Log
	kv    kv.Store // nil: no live fan-out (commands without kv)
	log   *slog.Logger
	now   func() time.Time
}

// New builds the service; store may be nil.
func New(d *db.DB, a *audit.Log, store kv.Store, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d, audit: a, kv: store, log: log, now: time.Now}
}

// channel is the pub/sub channel of one customer's alerts.
func channel(customerID string) string { return "alerts:" + customerID }

// Raise stores an alert in the transaction ctx carries and, once it commits, tells the
// customer's live streams.
func (s *Service) Raise(ctx context.Context, a Alert) error {
	a.ID, a.CreatedAt = db.NewID("alr"), db.NormalizeTime(s.now())
	if _, err := s.db.Exec(ctx, `INSERT INTO risk_alerts (id, customer_org_id, supplier_org_id, bank_account_id, kind, severity, detail, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.CustomerID, a.SupplierID, a.BankAccountID, a.Kind, a.Severity, a.Detail, a.CreatedAt); err != nil {
		return fmt.Errorf("raise alert: %w", err)
	}
	if s.kv == nil {
		return nil
	}
	after := db.Detached(ctx)
	s.db.AfterCommit(ctx, func() {
		full, err := s.get(after, a.CustomerID, a.ID)
		if err == nil {
			var b []byte
			if b, err = json.Marshal(full); err == nil {
				err = s.kv.Publish(after, channel(a.CustomerID), b)
			}
		}
		if err != nil {
			// The alert is stored; a stream that missed it shows it on its next load.
			s.log.WarnContext(after, "alert not published live", "alert_id", a.ID, "err", err)
		}
	})
	return nil
}

const alertColumns = `a.id, a.customer_org_id, a.supplier_org_id, coalesce(p.legal_name, o.name) AS supplier_name, a.bank_account_id,
	a.kind, a.severity, a.detail, a.created_at, a.resolved_at, a.resolution_note`

const alertFrom = ` FROM risk_alerts a JOIN orgs o ON o.id = a.supplier_org_id
	LEFT JOIN supplier_profiles p ON p.org_id = a.supplier_org_id`

// List returns a customer's alerts, newest first (at most 500): open ones, resolved ones
// or all (status "open", "resolved" or "").
func (s *Service) List(ctx context.Context, customerID, status string) ([]Alert, error) {
	q := `SELECT ` + alertColumns + alertFrom + ` WHERE a.customer_org_id = ?`
	switch status {
	case "open":
		q += ` AND a.resolved_at IS NULL`
	case "resolved":
		q += ` AND a.resolved_at IS NOT NULL`
	case "":
	default:
		return nil, fmt.Errorf("alerts: %w", errs.FieldErrors{}.Add("status", "must be open, resolved or all"))
	}
	out := []Alert{}
	if err := s.db.Select(ctx, &out, q+` ORDER BY a.created_at DESC, a.id LIMIT 500`, customerID); err != nil {
		return nil, fmt.Errorf("alerts: %w", err)
	}
	return out, nil
}

// ErrAlertNotFound answers an alert that is not the caller's.
var ErrAlertNotFound = &errs.Coded{Kind: errs.ErrNotFound, Code: "alert_not_found", Detail: "No such alert."}

func (s *Service) get(ctx context.Context, customerID, id string) (Alert, error) {
	var a Alert
	err := s.db.Get(ctx, &a, `SELECT `+alertColumns+alertFrom+` WHERE a.id = ? AND a.customer_org_id = ?`, id, customerID)
	if errors.Is(err, errs.ErrNotFound) {
		return Alert{}, ErrAlertNotFound
	}
	if err != nil {
		return Alert{}, fmt.Errorf("load alert: %w", err)
	}
	return a, nil
}

// Resolve closes one of a customer's alerts with a note saying what was done.
func (s *Service) Resolve(ctx context.Context, actor identity.Actor, customerID, id, note string) (Alert, error) {
	note = strings.TrimSpace(note)
	if note == "" {
		return Alert{}, fmt.Errorf("resolve alert: %w", errs.FieldErrors{}.Add("note", "is required: say what you checked or did"))
	}
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		res, err := s.db.Exec(ctx, `UPDATE risk_alerts SET resolved_at = ?, resolved_by = ?, resolution_note = ?
			WHERE id = ? AND customer_org_id = ? AND resolved_at IS NULL`, db.NormalizeTime(s.now()), actor.UserID, note, id, customerID)
		if err != nil {
			return fmt.Errorf("resolve alert: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := s.get(ctx, customerID, id); err != nil {
				return err
			}
			return &errs.Coded{Kind: errs.ErrConflict, Code: "alert_resolved", Detail: "This alert is already resolved."}
		}
		ev := actor.Event("alert.resolved", "alert", id, customerID)
		ev.Reason = note
		if _, err := s.audit.Record(ctx, ev); err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		return nil
	})
	if err != nil {
		return Alert{}, err
	}
	return s.get(ctx, customerID, id)
}

// Subscribe listens to a customer's new alerts; each message is an Alert as JSON.
func (s *Service) Subscribe(ctx context.Context, customerID string) (kv.Subscription, error) {
	if s.kv == nil {
		return nil, fmt.Errorf("alert stream: %w", errs.ErrUnavailable)
	}
	return s.kv.Subscribe(ctx, channel(customerID))
}
