package onboarding

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/vouchhq/vouch/server/internal/cleansing"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// tinField names the TIN in vault AADs and blind indexes.
const tinField = "tin"

// Profile is a supplier's profile as the API shows it: cleansed, the TIN only by its
// last four digits.
type Profile struct {
	SupplierID      string              `json:"supplier_id"`
	LegalName       string              `json:"legal_name"`
	DBA             string              `json:"dba"`
	EntityType      string              `json:"entity_type"`
	TINType         string              `json:"tin_type"`
	TINLast4        string              `json:"tin_last4"`
	Address         cleansing.Address   `json:"address"`
	Phone           string              `json:"phone"`
	Email           string              `json:"email"`
	Website         string              `json:"website"`
	RemittanceEmail string              `json:"remittance_email"`
	Contacts        []cleansing.Contact `json:"contacts"`
	SubmittedAt     *time.Time          `json:"submitted_at"`
	UpdatedAt       time.Time           `json:"updated_at"`
}

// profileRow is a supplier_profiles row.
type profileRow struct {
	OrgID           string     `db:"org_id"`
	LegalName       string     `db:"legal_name"`
	DBA             string     `db:"dba"`
	EntityType      string     `db:"entity_type"`
	TINType         string     `db:"tin_type"`
	TINCiphertext   string     `db:"tin_ciphertext"`
	TINLast4        string     `db:"tin_last4"`
	TINIndex        string     `db:"tin_index"`
	Line1           string     `db:"address_line1"`
	Line2           string     `db:"address_line2"`
	City            string     `db:"city"`
	Region          string     `db:"region"`
	PostalCode      string     `db:"postal_code"`
	Country         string     `db:"country"`
	Phone           string     `db:"phone"`
	Email           string     `db:"email"`
	Website         string     `db:"website"`
	RemittanceEmail string     `db:"remittance_email"`
	Contacts        string     `db:"contacts"`
	SubmittedAt     *time.Time `db:"submitted_at"`
	LastRunID       string     `db:"last_run_id"`
	UpdatedAt       time.Time  `db:"updated_at"`
}

const profileColumns = `org_id, legal_name, dba, entity_type, tin_type, tin_ciphertext, tin_last4, tin_index,
	address_line1, address_line2, city, region, postal_code, country, phone, email, website, remittance_email,
	contacts, submitted_at, last_run_id, updated_at`

func (r profileRow) view() Profile {
	p := Profile{
		SupplierID: r.OrgID, LegalName: r.LegalName, DBA: r.DBA, EntityType: r.EntityType, TINType: r.TINType,
		TINLast4: r.TINLast4, Phone: r.Phone, Email: r.Email, Website: r.Website, RemittanceEmail: r.RemittanceEmail,
		Address:     cleansing.Address{Line1: r.Line1, Line2: r.Line2, City: r.City, Region: r.Region, PostalCode: r.PostalCode, Country: r.Country},
		SubmittedAt: r.SubmittedAt, UpdatedAt: r.UpdatedAt, Contacts: []cleansing.Contact{},
	}
	_ = json.Unmarshal([]byte(r.Contacts), &p.Contacts)
	return p
}

// ErrNoProfile answers a supplier org without a profile (not enrolled through Vouch).
var ErrNoProfile = &errs.Coded{Kind: errs.ErrNotFound, Code: "profile_not_found", Detail: "This supplier has no profile yet."}

// ErrProfileLocked answers a change to a profile that customers are reviewing.
var ErrProfileLocked = &errs.Coded{Kind: errs.ErrConflict, Code: "profile_locked",
	Detail: "Your details are with your customers for review. You can change them when a customer asks for more information."}

// profileRow loads a supplier's profile row.
func (s *Service) profileRow(ctx context.Context, supplierID string) (profileRow, error) {
	var r profileRow
	err := s.db.Get(ctx, &r, `SELECT `+profileColumns+` FROM supplier_profiles WHERE org_id = ?`, supplierID)
	if errors.Is(err, errs.ErrNotFound) {
		return profileRow{}, ErrNoProfile
	}
	if err != nil {
		return profileRow{}, fmt.Errorf("load profile: %w", err)
	}
	return r, nil
}

// GetProfile returns a supplier's profile.
func (s *Service) GetProfile(ctx context.Context, supplierID string) (Profile, error) {
	r, err := s.profileRow(ctx, supplierID)
	if err != nil {
		return Profile{}, err
	}
	return r.view(), nil
}

// SaveProfile cleanses and stores a supplier's profile and returns it with what
// cleansing changed. Fields may be saved a step at a time; only the legal name is always
// required (Submit checks completeness). A TIN left empty keeps the stored one, since
// clients never get it back. Bad fields are errs.FieldErrors and nothing is stored.
func (s *Service) SaveProfile(ctx context.Context, actor identity.Actor, supplierID string, in cleansing.Profile) (Profile, []cleansing.Change, error) {
	keepTIN := strings.TrimSpace(in.TIN) == ""
	if keepTIN {
		in.TIN = ""
	}
	cl, changes, err := cleansing.Cleanse(in)
	var fe errs.FieldErrors
	if err != nil && !errors.As(err, &fe) {
		return Profile{}, nil, err
	}
	if cl.LegalName == "" {
		fe = fe.Add("legal_name", "is required")
	}
	if err := fe.OrNil(); err != nil {
		return Profile{}, nil, fmt.Errorf("save profile: %w", err)
	}
	var out Profile
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		cur, err := s.profileRow(ctx, supplierID)
		if err != nil {
			return err
		}
		if err := s.checkEditable(ctx, supplierID); err != nil {
			return err
		}
		next, err := s.applyProfile(cur, cl, keepTIN)
		if err != nil {
			return err
		}
		if err := s.storeProfile(ctx, next); err != nil {
			return err
		}
		ev := actor.Event("supplier.profile_updated", "org", supplierID, supplierID)
		fields := make([]string, 0, len(changes))
		for _, c := range changes {
			fields = append(fields, c.Field)
		}
		ev.Details = map[string]any{"cleansed_fields": fields, "tax_details_replaced": !keepTIN}
		out = next.view()
		return s.record(ctx, ev)
	})
	if err != nil {
		return Profile{}, nil, err
	}
	if changes == nil {
		changes = []cleansing.Change{}
	}
	return out, changes, nil
}

// checkEditable refuses changes while any customer has the profile under review.
func (s *Service) checkEditable(ctx context.Context, supplierID string) error {
	var n int
	if err := s.db.Get(ctx, &n, `SELECT count(*) FROM kyc_cases WHERE supplier_org_id = ? AND status IN ('submitted', 'in_review')`,
		supplierID); err != nil {
		return fmt.Errorf("profile state: %w", err)
	}
	if n > 0 {
		return ErrProfileLocked
	}
	return nil
}

// applyProfile puts cleansed values on the stored row, sealing a new TIN.
func (s *Service) applyProfile(cur profileRow, cl cleansing.Profile, keepTIN bool) (profileRow, error) {
	next := cur
	next.LegalName, next.DBA, next.EntityType = cl.LegalName, cl.DBA, cl.EntityType
	next.Line1, next.Line2, next.City, next.Region = cl.Address.Line1, cl.Address.Line2, cl.Address.City, cl.Address.Region
	next.PostalCode, next.Country = cl.Address.PostalCode, cl.Address.Country
	next.Phone, next.Email, next.Website, next.RemittanceEmail = cl.Phone, cl.Email, cl.Website, cl.RemittanceEmail
	contacts := cl.Contacts
	if contacts == nil {
		contacts = []cleansing.Contact{}
	}
	b, err := json.Marshal(contacts)
	if err != nil {
		return profileRow{}, fmt.Errorf("encode contacts: %w", err)
	}
	next.Contacts = string(b)
	if keepTIN {
		if cl.TINType != "" && cur.TINType != "" && cl.TINType != cur.TINType {
			return profileRow{}, errs.FieldErrors{}.Add("tin", "is required when the TIN type changes")
		}
		if cl.TINType != "" {
			next.TINType = cl.TINType
		}
		return next, nil
	}
	ct, err := s.vault.Encrypt([]byte(cl.TIN), vault.AAD(tinField, cur.OrgID))
	if err != nil {
		return profileRow{}, fmt.Errorf("seal TIN: %w", err)
	}
	next.TINType, next.TINCiphertext, next.TINLast4 = cl.TINType, ct, vault.Last4(cl.TIN)
	next.TINIndex = s.vault.BlindIndex(tinField, cl.TIN)
	return next, nil
}

// storeProfile writes a profile row back.
func (s *Service) storeProfile(ctx context.Context, r profileRow) error {
	r.UpdatedAt = s.timestamp()
	_, err := s.db.Exec(ctx, `UPDATE supplier_profiles SET legal_name = ?, dba = ?, entity_type = ?, tin_type = ?,
		tin_ciphertext = ?, tin_last4 = ?, tin_index = ?, address_line1 = ?, address_line2 = ?, city = ?, region = ?,
		postal_code = ?, country = ?, phone = ?, email = ?, website = ?, remittance_email = ?, contacts = ?, updated_at = ?
		WHERE org_id = ?`, r.LegalName, r.DBA, r.EntityType, r.TINType, r.TINCiphertext, r.TINLast4, r.TINIndex,
		r.Line1, r.Line2, r.City, r.Region, r.PostalCode, r.Country, r.Phone, r.Email, r.Website, r.RemittanceEmail,
		r.Contacts, r.UpdatedAt, r.OrgID)
	if err != nil {
		return fmt.Errorf("store profile: %w", err)
	}
	return nil
}
