package identity

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/vouchhq/vouch/server/internal/notify"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// PasskeyRequirement says who requires a user to prove a passkey after their password:
// the user's own flag, and the orgs they hold a role in whose flag is set.
type PasskeyRequirement struct {
	User bool     // the user's own flag
	Orgs []string // ids of the user's orgs that require it
}

// Required reports whether the second factor applies: any flag set is enough.
func (r PasskeyRequirement) Required() bool { return r.User || len(r.Orgs) > 0 }

// PasskeyRequirement loads who requires a passkey of the user.
func (s *Store) PasskeyRequirement(ctx context.Context, userID string) (PasskeyRequirement, error) {
	req, _, err := s.Memberships(ctx, userID)
	return req, err
}

// Memberships loads, in one round trip (GET /me asks on every page), who requires a
// passkey of the user and the orgs they hold a role in, in role order.
func (s *Store) Memberships(ctx context.Context, userID string) (PasskeyRequirement, []Org, error) {
	var rows []struct {
		UserFlag bool           `db:"user_flag"`
		ID       sql.NullString `db:"id"`
		Kind     sql.NullString `db:"kind"`
		Name     sql.NullString `db:"name"`
		Created  sql.NullTime   `db:"created_at"`
		OrgFlag  sql.NullBool   `db:"org_flag"`
	}
	if err := s.db.Select(ctx, &rows, `SELECT u.require_passkey AS user_flag, o.id, o.kind, o.name, o.created_at,
			o.require_passkey AS org_flag
		FROM users u LEFT JOIN user_roles r ON r.user_id = u.id LEFT JOIN orgs o ON o.id = r.org_id
		WHERE u.id = ? ORDER BY r.role, r.org_id`, userID); err != nil {
		return PasskeyRequirement{}, nil, fmt.Errorf("memberships of user %s: %w", userID, err)
	}
	if len(rows) == 0 {
		return PasskeyRequirement{}, nil, fmt.Errorf("memberships of user %s: %w", userID, errs.ErrNotFound)
	}
	req := PasskeyRequirement{User: rows[0].UserFlag}
	var orgs []Org
	for _, r := range rows {
		if !r.ID.Valid || slices.ContainsFunc(orgs, func(o Org) bool { return o.ID == r.ID.String }) {
			continue
		}
		orgs = append(orgs, Org{ID: r.ID.String, Kind: OrgKind(r.Kind.String), Name: r.Name.String, CreatedAt: r.Created.Time})
		if r.OrgFlag.Bool {
			req.Orgs = append(req.Orgs, r.ID.String)
		}
	}
	slices.Sort(req.Orgs)
	return req, orgs, nil
}

// OrgRequiresPasskey reports an org's own flag.
func (s *Store) OrgRequiresPasskey(ctx context.Context, orgID string) (bool, error) {
	var on bool
	if err := s.db.Get(ctx, &on, `SELECT require_passkey FROM orgs WHERE id = ?`, orgID); err != nil {
		return false, fmt.Errorf("passkey requirement of org %s: %w", orgID, err)
	}
	return on, nil
}

// SetUserRequirePasskey sets a user's own flag.
func (s *Store) SetUserRequirePasskey(ctx context.Context, userID string, on bool) error {
	return s.updateUser(ctx, userID, `require_passkey = ?`, on)
}

// SetOrgRequirePasskey sets an org's flag.
func (s *Store) SetOrgRequirePasskey(ctx context.Context, orgID string, on bool) error {
	res, err := s.db.Exec(ctx, `UPDATE orgs SET require_passkey = ? WHERE id = ?`, on, orgID)
	if err != nil {
		return fmt.Errorf("update org %s: %w", orgID, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("update org %s: %w", orgID, errs.ErrNotFound)
	}
	var members []string
	if err := s.db.Select(ctx, &members, `SELECT DISTINCT user_id FROM user_roles WHERE org_id = ?`, orgID); err != nil {
		return fmt.Errorf("members of org %s: %w", orgID, err)
	}
	return s.accountsChanged(ctx, members...)
}

// orgMembers lists who holds a role in the org, for telling them of a policy change.
func (s *Store) orgMembers(ctx context.Context, orgID string) ([]User, error) {
	var out []User
	if err := s.db.Select(ctx, &out, `SELECT `+userColumns+` FROM users WHERE status = 'active'
		AND id IN (SELECT user_id FROM user_roles WHERE org_id = ?) ORDER BY id`, orgID); err != nil {
		return nil, fmt.Errorf("members of org %s: %w", orgID, err)
	}
	return out, nil
}

// countUsablePasskeys counts a user's passkeys for the relying party of the public URL:
// one registered under another RP ID cannot answer a ceremony here.
func (s *Service) countUsablePasskeys(ctx context.Context, userID string) (int, error) {
	pks, err := s.store.ListPasskeys(ctx, userID, s.rpID())
	if err != nil {
		return 0, err
	}
	return len(pks), nil
}

// rpID is the passkey relying party id: the host of the public URL, as NewPasskeys uses.
func (s *Service) rpID() string {
	u, err := url.Parse(s.publicURL)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// nextAfterPassword decides what a right password leads to. The second factor comes
// before a forced password change: nobody may choose a new password on the strength of
// the old one alone when a passkey is required.
func (s *Service) nextAfterPassword(ctx context.Context, u User) (Next, error) {
	req, err := s.store.PasskeyRequirement(ctx, u.ID)
	if err != nil {
		return "", err
	}
	if req.Required() {
		n, err := s.countUsablePasskeys(ctx, u.ID)
		if err != nil {
			return "", err
		}
		if n == 0 {
			return NextPasskeySetup, nil
		}
		return NextPasskey, nil
	}
	return nextAfterSecondFactor(u), nil
}

// nextAfterSecondFactor is what follows a completed (or not required) second factor.
func nextAfterSecondFactor(u User) Next {
	if u.MustChangePassword {
		return NextChangePassword
	}
	return NextDone
}

// SetUserRequirePasskey sets or clears a user's own passkey requirement, audits who did
// it and why, and tells the user by e-mail when it changed. The org flags still apply.
func (s *Service) SetUserRequirePasskey(ctx context.Context, actor Actor, u User, on bool) error {
	if strings.TrimSpace(actor.Reason) == "" {
		return fmt.Errorf("require passkey: %w", errs.FieldErrors{}.Add("reason", "is required"))
	}
	before, err := s.store.PasskeyRequirement(ctx, u.ID)
	if err != nil {
		return fmt.Errorf("require passkey: %w", err)
	}
	err = s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetUserRequirePasskey(ctx, u.ID, on); err != nil {
			return err
		}
		ev := actor.event("user.passkey_requirement_changed", "user", u.ID, u.PrimaryOrg())
		ev.Details = map[string]any{"require_passkey": on, "was": before.User}
		if _, err := s.audit.Record(ctx, ev); err != nil {
			return err
		}
		if before.User == on {
			return nil
		}
		// A changed sign-in requirement is news the user must get: it commits with the change.
		after := PasskeyRequirement{User: on, Orgs: before.Orgs}
		return s.queueMail(ctx, u.Email, notify.TemplatePasskeyRequired, notify.PasskeyRequiredData{
			Name: u.Name, Required: after.Required(), ByOrg: !on && after.Required(), SignInURL: s.publicURL + "/sign-in",
		})
	})
	if err != nil {
		return fmt.Errorf("require passkey: %w", err)
	}
	return nil
}

// SetOrgRequirePasskey sets or clears an org's passkey requirement for every member,
// audits it, and when it is turned on tells each active member by e-mail.
func (s *Service) SetOrgRequirePasskey(ctx context.Context, actor Actor, org Org, on bool) error {
	if strings.TrimSpace(actor.Reason) == "" {
		return fmt.Errorf("require passkey: %w", errs.FieldErrors{}.Add("reason", "is required"))
	}
	was, err := s.store.OrgRequiresPasskey(ctx, org.ID)
	if err != nil {
		return fmt.Errorf("require passkey: %w", err)
	}
	err = s.store.DB().WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetOrgRequirePasskey(ctx, org.ID, on); err != nil {
			return err
		}
		ev := actor.event("org.passkey_requirement_changed", "org", org.ID, org.ID)
		ev.Details = map[string]any{"require_passkey": on, "was": was}
		if _, err := s.audit.Record(ctx, ev); err != nil {
			return err
		}
		if !on || was {
			return nil
		}
		// One queued mail per member, committed with the change; the outbox delivers them
		// after the request, so a large org does not hold it up.
		members, err := s.store.orgMembers(ctx, org.ID)
		if err != nil {
			return err
		}
		for _, m := range members {
			if err := s.queueMail(ctx, m.Email, notify.TemplatePasskeyRequired, notify.PasskeyRequiredData{
				Name: m.Name, Required: true, OrgName: org.Name, SignInURL: s.publicURL + "/sign-in",
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("require passkey: %w", err)
	}
	return nil
}
