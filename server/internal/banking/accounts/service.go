package accounts

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/banking/directory"
	"github.com/vouchhq/vouch/server/internal/banking/verify"
	"github.com/vouchhq/vouch/server/internal/jobs/mailjob"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/risk"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// Person is someone to e-mail.
type Person struct {
	Email string `db:"email"`
	Name  string `db:"name"`
}

// Watcher is someone told of a supplier's bank account changes: one of the supplier's
// users (CustomerID empty) or an admin of a customer paying it.
type Watcher struct {
	Person
	UserID     string `db:"user_id"`
	CustomerID string `db:"customer_id"`
}

// Customer is a customer linked to a supplier.
type Customer struct {
	ID           string `db:"id"`
	Name         string `db:"name"`
	Approved     bool   `db:"approved"`
	CoolingHours int    `db:"cooling_hours"`
}

// Suppliers is what this package needs to know of suppliers and their customers; the
// onboarding service provides it.
type Suppliers interface {
	// Names returns a supplier's legal name and DBA.
	Names(ctx context.Context, supplierID string) (legal, dba string, err error)
	// Customers lists the customers linked to a supplier.
	Customers(ctx context.Context, supplierID string) ([]Customer, error)
	// Watchers lists, in one read, who is told of a supplier's bank account changes: its
	// active users and the active admins of every customer linked to it.
	Watchers(ctx context.Context, supplierID string) ([]Watcher, error)
}

// Directory looks routing numbers up.
type Directory interface {
	Lookup(ctx context.Context, rtn string) (directory.Result, error)
	Current(ctx context.Context) (directory.Version, error)
	Refresh(ctx context.Context) error
}

// Deps are what a Service is built from.
type Deps struct {
	DB        *db.DB
	Audit     *audit.Log
	Vault     *vault.Ring
	Directory Directory
	Provider  verify.Provider // nil: the sandbox
	Suppliers Suppliers
	Alerts    *risk.Service // where high-risk findings go
	Outbox    *mailjob.Outbox
	PublicURL string
	Log       *slog.Logger
	// VerifyTimeout bounds the provider's answer before micro-deposits take over
	// (default 3 s: the supplier is waiting on the page).
	VerifyTimeout time.Duration
}

// Service keeps and verifies bank accounts.
type Service struct {
	d   Deps
	now func() time.Time
}

// New builds the service.
func New(d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Provider == nil {
		d.Provider = verify.NewSandbox()
	}
	if d.VerifyTimeout <= 0 {
		d.VerifyTimeout = 3 * time.Second
	}
	d.PublicURL = strings.TrimSuffix(d.PublicURL, "/")
	return &Service{d: d, now: time.Now}
}

func (s *Service) timestamp() time.Time { return db.NormalizeTime(s.now()) }

// record writes an audit event in the transaction ctx carries.
func (s *Service) record(ctx context.Context, e audit.Event) error {
	if _, err := s.d.Audit.Record(ctx, e); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// mail renders a template and queues it for to, in the transaction ctx carries.
func (s *Service) mail(ctx context.Context, to, template string, data any) error {
	if _, err := s.d.Outbox.SendTemplate(ctx, to, template, data); err != nil {
		return fmt.Errorf("queue %s mail: %w", template, err)
	}
	return nil
}
