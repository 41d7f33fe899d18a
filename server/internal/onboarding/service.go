package onboarding

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/documents"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/jobs"
	"github.com/vouchhq/vouch/server/internal/jobs/mailjob"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/screening"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// Deps are what a Service is built from.
type Deps struct {
	DB        *db.DB
	Audit     *audit.Log
	Identity  *identity.Service
	Outbox    *mailjob.Outbox
	Jobs      *jobs.Queue      // runs CSV imports; nil: imports are refused
	Vault     *vault.Ring      // seals TINs
	Documents *documents.Vault // sealed uploads; nil: uploads are refused
	Screener  *screening.Screener
	TINMatch  TINMatcher // nil: the deterministic sandbox
	PublicURL string     // links in e-mails start here
	Log       *slog.Logger
}

// Service runs onboarding.
type Service struct {
	db        *db.DB
	audit     *audit.Log
	identity  *identity.Service
	outbox    *mailjob.Outbox
	jobs      *jobs.Queue
	vault     *vault.Ring
	docs      *documents.Vault
	screener  *screening.Screener
	tinMatch  TINMatcher
	publicURL string
	log       *slog.Logger
	now       func() time.Time
}

// New builds the service and registers its job handlers.
func New(d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.TINMatch == nil {
		d.TINMatch = SandboxTINMatcher{}
	}
	s := &Service{db: d.DB, audit: d.Audit, identity: d.Identity, outbox: d.Outbox, jobs: d.Jobs, vault: d.Vault, docs: d.Documents,
		screener: d.Screener, tinMatch: d.TINMatch, publicURL: strings.TrimSuffix(d.PublicURL, "/"), log: d.Log, now: time.Now}
	if d.Jobs != nil {
		d.Jobs.Register(importJobKind, s.runImport)
		d.Jobs.Register(rescreenJobKind, s.runRescreen)
	}
	return s
}

// timestamp is now as the database stores it.
func (s *Service) timestamp() time.Time { return db.NormalizeTime(s.now()) }

// record writes an audit event in the transaction ctx carries.
func (s *Service) record(ctx context.Context, e audit.Event) error {
	if _, err := s.audit.Record(ctx, e); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// mail renders a template and queues it for to, in the transaction ctx carries.
func (s *Service) mail(ctx context.Context, to, template string, data any) error {
	if _, err := s.outbox.SendTemplate(ctx, to, template, data); err != nil {
		return fmt.Errorf("queue %s mail: %w", template, err)
	}
	return nil
}
