package identity

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/jobs/mailjob"
	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/platform/kv"
)

// maxEmailLen is the longest address SMTP can carry (RFC 5321 path limit minus brackets).
const maxEmailLen = 254

// Service is the identity use cases: creating users with their orgs and roles, signing
// in, changing and forcing passwords, seeding a demo. It validates input, hashes
// passwords outside transactions, writes through Store and the audit log inside one, and
// queues e-mail in that same transaction (the outbox).
type Service struct {
	store     *Store
	hasher    *Hasher
	audit     *audit.Log
	mailer    notify.Mailer
	outbox    *mailjob.Outbox
	publicURL string
	log       *slog.Logger
	lock      *lockout

	dummyOnce sync.Once
	dummyHash string
}

// Deps are what a Service is built from.
type Deps struct {
	Store     *Store
	Hasher    *Hasher
	Audit     *audit.Log
	KV        kv.Store        // failed sign-in counters
	Mailer    notify.Mailer   // nil: mail is logged
	Outbox    *mailjob.Outbox // mail goes out through it; nil sends through Mailer after the commit
	PublicURL string          // links in e-mails start here, e.g. https://vouch.example.com
	Log       *slog.Logger    // nil discards
}

// NewService wires a Service.
func NewService(d Deps) *Service {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.Mailer == nil {
		d.Mailer = notify.NewLogMailer(d.Log)
	}
	return &Service{store: d.Store, hasher: d.Hasher, audit: d.Audit, mailer: d.Mailer, outbox: d.Outbox,
		publicURL: strings.TrimSuffix(d.PublicURL, "/"), log: d.Log, lock: &lockout{kv: d.KV, now: time.Now}}
}

// Store returns the service's store, for read paths that need no use-case logic.
func (s *Service) Store() *Store { return s.store }

// Hasher returns the service's password hasher.
func (s *Service) Hasher() *Hasher { return s.hasher }

// CreateUserInput is a request to create a user with one role.
type CreateUserInput struct {
	Email    string
	Name     string
	Password string
	Role     Role // matched ignoring case and surrounding space
	// OrgName names the org the role is scoped to: required for customer_admin (a
	// customer org) and supplier_user (a supplier org), created if missing; it must be
	// empty for platform_admin and support, which are platform-wide and carry no org.
	OrgName string
	// MustChangePassword makes the user set a new password at first sign-in.
	MustChangePassword bool
	// NewOrg creates the org rather than joining one of that name: a supplier enrolling
	// must never land in another company's org because the names match. A name in use
	// is then an errs.Coded "org_name_taken".
	NewOrg bool
	// Within runs inside the transaction that stores the user, after them, so a caller's
	// own rows (an accepted invitation, a profile) commit or roll back with the user.
	Within func(ctx context.Context, u User) error
}

// CreateUser validates in, hashes the password, and stores the user, their org (found or
// created) and their role grant in one transaction. Bad fields give errs.FieldErrors; a
// refused password an errs.Coded "weak_password"; a used email an errs.Coded "email_taken".
func (s *Service) CreateUser(ctx context.Context, in CreateUserInput) (User, error) {
	var fe errs.FieldErrors
	email, err := NormalizeEmail(in.Email)
	if err != nil {
		fe = fe.Add("email", err.Error())
	}
	orgName := NormalizeOrgName(in.OrgName)
	role := Role(strings.ToLower(strings.TrimSpace(string(in.Role))))
	kind, scoped := role.OrgKind()
	switch {
	case !role.Valid():
		fe = fe.Add("role", "must be one of platform_admin, support, customer_admin, supplier_user")
	case scoped && orgName == "":
		fe = fe.Add("org", fmt.Sprintf("is required for role %s", role))
	case !scoped && orgName != "":
		fe = fe.Add("org", fmt.Sprintf("must be empty for role %s, which is platform-wide", role))
	}
	if err := fe.OrNil(); err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	if err := CheckPassword(in.Password, PasswordContext{Email: email, Name: in.Name, OrgName: orgName}); err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}
	// Hash before the transaction: it is the slow part and must not hold the write lock.
	hash, err := s.hasher.Hash(ctx, in.Password)
	if err != nil {
		return User{}, fmt.Errorf("create user: %w", err)
	}

	var u User
	err = s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		grant := RoleGrant{Role: role}
		if scoped {
			ensure := s.store.EnsureOrg
			if in.NewOrg {
				ensure = s.store.CreateOrg
			}
			org, err := ensure(ctx, kind, orgName)
			if err != nil {
				return err
			}
			grant.OrgID = org.ID
		}
		var err error
		u, err = s.store.CreateUser(ctx, NewUser{
			Email:              email,
			Name:               strings.TrimSpace(in.Name),
			PasswordHash:       hash,
			MustChangePassword: in.MustChangePassword,
			Roles:              []RoleGrant{grant},
		})
		if err != nil || in.Within == nil {
			return err
		}
		return in.Within(ctx, u)
	})
	if err != nil {
		return User{}, err
	}
	s.log.InfoContext(ctx, "user created", "user_id", u.ID, "role", role, "org_id", u.Roles[0].OrgID)
	return u, nil
}

// NormalizeEmail checks that s is a bare email address (no display name, at most 254
// characters) and returns it trimmed and lowercased. The error message is safe to show.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("must not be empty")
	}
	if len(s) > maxEmailLen {
		return "", fmt.Errorf("must be at most %d characters", maxEmailLen)
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s || !strings.Contains(s, "@") {
		return "", fmt.Errorf("is not a valid email address")
	}
	return strings.ToLower(s), nil
}
