package iprules

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// ErrWouldLockOutSelf refuses a change after which the caller's own address is denied.
var ErrWouldLockOutSelf = &errs.Coded{Kind: errs.ErrConflict, Code: "would_lock_out_self",
	Detail: "This change would block your own address; add a rule that covers it first."}

// ErrNotAllowed is the answer to a request from an address outside the allowlist.
var ErrNotAllowed = &errs.Coded{Kind: errs.ErrForbidden, Code: "ip_not_allowed",
	Detail: "Your network address is not allowed to use this account. Ask your administrator to add it."}

// cacheTTL is how stale a rule list may be on another instance: every request checks the
// lists, so they are cached; a change on this instance clears the cache at once.
const cacheTTL = 5 * time.Second

// Service checks addresses against the allowlists and changes them.
type Service struct {
	db    *db.DB
	store store
	audit *audit.Log
	now   func() time.Time

	mu    sync.Mutex
	cache map[string]cached // "" is the site list, else a user id
}

type cached struct {
	prefixes []netip.Prefix
	at       time.Time
}

// New builds the service.
func New(d *db.DB, a *audit.Log) *Service {
	return &Service{db: d, store: store{db: d}, audit: a, now: time.Now, cache: map[string]cached{}}
}

// SiteAllows reports whether the site-wide list admits addr.
func (s *Service) SiteAllows(ctx context.Context, addr netip.Addr) (bool, error) {
	return s.allows(ctx, "", addr)
}

// UserAllows reports whether the user's own list admits addr.
func (s *Service) UserAllows(ctx context.Context, userID string, addr netip.Addr) (bool, error) {
	if userID == "" {
		return true, nil
	}
	return s.allows(ctx, userID, addr)
}

func (s *Service) allows(ctx context.Context, scope string, addr netip.Addr) (bool, error) {
	prefixes, err := s.prefixes(ctx, scope)
	if err != nil {
		return false, err
	}
	return allows(prefixes, addr), nil
}

func (s *Service) prefixes(ctx context.Context, scope string) ([]netip.Prefix, error) {
	s.mu.Lock()
	c, ok := s.cache[scope]
	s.mu.Unlock()
	if ok && s.now().Sub(c.at) < cacheTTL {
		return c.prefixes, nil
	}
	rules, err := s.store.list(ctx, scope)
	if err != nil {
		if ok {
			// A database blip should not turn every page into an error while we still
			// know the rules; a list never loaded fails closed.
			return c.prefixes, nil
		}
		return nil, err
	}
	p := prefixesOf(rules)
	s.mu.Lock()
	if len(s.cache) > 10_000 {
		clear(s.cache) // bounded: per-user entries come and go with traffic
	}
	s.cache[scope] = cached{prefixes: p, at: s.now()}
	s.mu.Unlock()
	return p, nil
}

func (s *Service) forget(scope string) {
	s.mu.Lock()
	delete(s.cache, scope)
	s.mu.Unlock()
}

// List returns the site rules (userID "") or a user's rules.
func (s *Service) List(ctx context.Context, userID string) ([]Rule, error) {
	rules, err := s.store.list(ctx, userID)
	if rules == nil {
		rules = []Rule{}
	}
	return rules, err
}

// Change is one rule added to or removed from a list, by an actor from an address.
type Change struct {
	Actor identity.Actor
	// CallerAddr is the address the actor is using now.
	CallerAddr netip.Addr
	// UserID names the user whose list changes; "" is the site list.
	UserID string
	// OrgID is the org of that user, for the audit trail.
	OrgID string
}

// guards reports whether the change can lock the caller out: site rules always can; a
// user's rules only when the user is the caller.
func (c Change) guards() bool { return c.UserID == "" || c.UserID == c.Actor.UserID }

// Add appends a rule. It is refused when, with it, the caller's own address would be
// denied (only possible when the list was empty and the rule misses the caller).
func (s *Service) Add(ctx context.Context, c Change, cidr, note string) (Rule, error) {
	p, err := ParseCIDR(cidr)
	if err != nil {
		return Rule{}, err
	}
	if note = strings.TrimSpace(note); len(note) > maxNote {
		return Rule{}, errs.FieldErrors{}.Add("note", fmt.Sprintf("must be at most %d characters", maxNote))
	}
	r := Rule{ID: db.NewID("ipr"), CIDR: p.String(), Note: note, CreatedBy: c.Actor.UserID, CreatedAt: db.NormalizeTime(s.now())}
	if c.UserID != "" {
		uid := c.UserID
		r.UserID = &uid
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		rules, err := s.store.list(ctx, c.UserID)
		if err != nil {
			return err
		}
		if c.guards() && !allows(append(prefixesOf(rules), p), c.CallerAddr) {
			return ErrWouldLockOutSelf
		}
		if err := s.store.insert(ctx, r); err != nil {
			if errors.Is(err, errs.ErrConflict) {
				return &errs.Coded{Kind: errs.ErrConflict, Code: "duplicate_rule", Detail: "This list already has " + r.CIDR + "."}
			}
			return err
		}
		ev := c.Actor.Event("ip_rule.added", scopeType(c.UserID), c.UserID, c.OrgID)
		ev.Details = map[string]any{"cidr": r.CIDR, "rule_id": r.ID, "note": note}
		_, err = s.audit.Record(ctx, ev)
		return err
	})
	if err != nil {
		return Rule{}, fmt.Errorf("add ip rule: %w", err)
	}
	s.forget(c.UserID)
	return r, nil
}

// Remove deletes a rule, refusing when the caller's address would then be denied.
func (s *Service) Remove(ctx context.Context, c Change, ruleID string) error {
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		rules, err := s.store.list(ctx, c.UserID)
		if err != nil {
			return err
		}
		var rest []Rule
		var gone *Rule
		for i := range rules {
			if rules[i].ID == ruleID {
				gone = &rules[i]
			} else {
				rest = append(rest, rules[i])
			}
		}
		if gone == nil {
			return &errs.Coded{Kind: errs.ErrNotFound, Code: "rule_not_found", Detail: "No such rule in this list."}
		}
		if c.guards() && !allows(prefixesOf(rest), c.CallerAddr) {
			return ErrWouldLockOutSelf
		}
		if _, err := s.store.delete(ctx, c.UserID, ruleID); err != nil {
			return err
		}
		ev := c.Actor.Event("ip_rule.removed", scopeType(c.UserID), c.UserID, c.OrgID)
		ev.Details = map[string]any{"cidr": gone.CIDR, "rule_id": gone.ID}
		_, err = s.audit.Record(ctx, ev)
		return err
	})
	if err != nil {
		return fmt.Errorf("remove ip rule: %w", err)
	}
	s.forget(c.UserID)
	return nil
}

func scopeType(userID string) string {
	if userID == "" {
		return "site"
	}
	return "user"
}
