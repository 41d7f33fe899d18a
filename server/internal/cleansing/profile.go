package cleansing

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// The entity types a supplier may be.
const (
	// EntitySoleProprietor is a person trading in their own name; the only type that may use an SSN or ITIN.
	EntitySoleProprietor = "sole_proprietor"
	// EntityPartnership is a general or limited partnership.
	EntityPartnership = "partnership"
	// EntityLLC is a limited liability company.
	EntityLLC = "llc"
	// EntityCorporation is a C or S corporation.
	EntityCorporation = "corporation"
	// EntityNonprofit is a tax-exempt organisation.
	EntityNonprofit = "nonprofit"
	// EntityGovernment is a government body.
	EntityGovernment = "government"
	// EntityOther is any other kind of entity, such as a trust or an estate.
	EntityOther = "other"
)

// entityTypes maps accepted spellings, after lowercasing and joining words with _, to
// the entity type.
var entityTypes = map[string]string{
	EntitySoleProprietor: EntitySoleProprietor, "sole_proprietorship": EntitySoleProprietor,
	EntityPartnership: EntityPartnership,
	EntityLLC:         EntityLLC, "limited_liability_company": EntityLLC,
	EntityCorporation: EntityCorporation, "corp": EntityCorporation,
	EntityNonprofit: EntityNonprofit, "non_profit": EntityNonprofit,
	EntityGovernment: EntityGovernment,
	EntityOther:      EntityOther,
}

// Limits on the profile's free-text fields, in characters, and on its contacts.
const (
	maxNameLen = 200
	maxRoleLen = 100
	// MaxContacts is the most contacts a profile may list.
	MaxContacts = 20
)

// Profile is a supplier profile, the body of PUT /api/v1/supplier/profile. TIN holds what
// was typed on the way in and the 9 digits once cleansed; it never leaves the server in
// the clear, and the fmt and slog forms of a Profile mask it.
type Profile struct {
	LegalName       string    `json:"legal_name"`
	DBA             string    `json:"dba"`
	EntityType      string    `json:"entity_type"`
	TIN             string    `json:"tin"`
	TINType         string    `json:"tin_type"`
	Address         Address   `json:"address"`
	Phone           string    `json:"phone"`
	Email           string    `json:"email"`
	Website         string    `json:"website"`
	RemittanceEmail string    `json:"remittance_email"`
	Contacts        []Contact `json:"contacts"`
}

// Contact is a person at the supplier whom the customer may reach.
type Contact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
	Role  string `json:"role"`
}

// Change records one field that cleansing altered, for the supplier to see. The TIN's
// change shows masked values only.
type Change struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// Cleanse cleanses every field of p and returns the cleansed profile, the changes it made
// in field order, and an error wrapping errs.FieldErrors (an errs.ErrInvalid, answered
// with 422) when some fields are invalid. Fields in error keep their input in the result
// and have no change, so a form can show the cleansed values next to the errors. Only the
// legal name is required; a tin needs a tin_type, but a tin_type may come without a tin.
func Cleanse(p Profile) (Profile, []Change, error) {
	c := cleanser{out: p}
	if p.Contacts != nil {
		// A copy, so cleansing in place never writes through to the caller's slice.
		c.out.Contacts = append(make([]Contact, 0, len(p.Contacts)), p.Contacts...)
	}

	c.text("legal_name", &c.out.LegalName, maxNameLen, true)
	c.text("dba", &c.out.DBA, maxNameLen, false)
	c.entityType()
	c.tin()

	addr, fe := cleanseAddress(p.Address, "address.")
	c.fe = append(c.fe, fe...)
	c.out.Address = addr
	for _, f := range []struct{ name, from, to string }{
		{"line1", p.Address.Line1, addr.Line1},
		{"line2", p.Address.Line2, addr.Line2},
		{"city", p.Address.City, addr.City},
		{"region", p.Address.Region, addr.Region},
		{"postal_code", p.Address.PostalCode, addr.PostalCode},
		{"country", p.Address.Country, addr.Country},
	} {
		c.change("address."+f.name, f.from, f.to)
	}
	// Phones are read in the country of the address, but only once that is known good:
	// a mistyped country must not turn a valid number into an error.
	region := ""
	if !hasField(fe, "address.country") {
		region = addr.Country
	}

	c.value("phone", &c.out.Phone, func(s string) (string, error) { return Phone(s, region) })
	c.value("email", &c.out.Email, Email)
	c.value("website", &c.out.Website, Website)
	c.value("remittance_email", &c.out.RemittanceEmail, Email)

	if len(p.Contacts) > MaxContacts {
		c.fe = c.fe.Add("contacts", fmt.Sprintf("must list at most %d contacts, not %d", MaxContacts, len(p.Contacts)))
	}
	for i := range c.out.Contacts {
		k := &c.out.Contacts[i]
		prefix := fmt.Sprintf("contacts[%d].", i)
		c.text(prefix+"name", &k.Name, maxNameLen, true)
		c.value(prefix+"email", &k.Email, Email)
		c.value(prefix+"phone", &k.Phone, func(s string) (string, error) { return Phone(s, region) })
		c.text(prefix+"role", &k.Role, maxRoleLen, false)
		if strings.TrimSpace(k.Email) == "" && strings.TrimSpace(k.Phone) == "" {
			c.fe = c.fe.Add(prefix+"email", "is required when the contact has no phone")
		}
	}

	if err := c.fe.OrNil(); err != nil {
		return c.out, c.changes, fmt.Errorf("cleanse profile: %w", err)
	}
	return c.out, c.changes, nil
}

// cleanser accumulates the result of Cleanse.
type cleanser struct {
	out     Profile
	changes []Change
	fe      errs.FieldErrors
}

// change records a change when the value differs.
func (c *cleanser) change(field, from, to string) {
	if from != to {
		c.changes = append(c.changes, Change{Field: field, From: from, To: to})
	}
}

// fail records a field error.
func (c *cleanser) fail(field string, err error) { c.fe = c.fe.Add(field, err.Error()) }

// text cleanses a free-text field in place.
func (c *cleanser) text(field string, v *string, maxLen int, required bool) {
	out, err := cleanField(*v, maxLen)
	switch {
	case err != nil:
		c.fail(field, err)
	case required && out == "":
		c.fe = c.fe.Add(field, "is required")
	default:
		c.change(field, *v, out)
		*v = out
	}
}

// value cleanses an optional field in place with fn; a blank value becomes "".
func (c *cleanser) value(field string, v *string, fn func(string) (string, error)) {
	if strings.TrimSpace(*v) == "" {
		c.change(field, *v, "")
		*v = ""
		return
	}
	out, err := fn(*v)
	if err != nil {
		c.fail(field, err)
		return
	}
	c.change(field, *v, out)
	*v = out
}

// entityType cleanses entity_type: lowercase, words joined by _, known spellings mapped.
func (c *cleanser) entityType() {
	in := c.out.EntityType
	k := strings.ToLower(strings.TrimSpace(in))
	k = strings.Join(strings.FieldsFunc(k, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }), "_")
	k = strings.ReplaceAll(k, ".", "")
	if k == "" {
		c.change("entity_type", in, "")
		c.out.EntityType = ""
		return
	}
	t, ok := entityTypes[k]
	if !ok {
		c.fe = c.fe.Add("entity_type", "must be one of sole_proprietor, partnership, llc, corporation, nonprofit, government, other")
		return
	}
	c.change("entity_type", in, t)
	c.out.EntityType = t
}

// tin cleanses tin_type and tin together, since the type decides the TIN's rules and the
// entity type decides which TIN types are allowed. It runs after entityType.
func (c *cleanser) tin() {
	inType, inTIN := c.out.TINType, c.out.TIN
	tinType := strings.ToLower(strings.TrimSpace(inType))
	typeOK := true
	switch tinType {
	case "":
		if strings.TrimSpace(inTIN) != "" {
			typeOK = false
			c.fe = c.fe.Add("tin_type", "is required with a tin: ein, ssn or itin")
		}
	case TINTypeEIN, TINTypeSSN, TINTypeITIN:
	default:
		typeOK = false
		c.fe = c.fe.Add("tin_type", "must be one of ein, ssn, itin")
	}
	if typeOK {
		c.change("tin_type", inType, tinType)
		c.out.TINType = tinType
	}
	if (tinType == TINTypeSSN || tinType == TINTypeITIN) && c.out.EntityType != EntitySoleProprietor && !hasField(c.fe, "entity_type") {
		// Only a sole proprietor is the person the SSN or ITIN belongs to; any other entity
		// reports income under its own EIN, and backup withholding follows a mismatch.
		if c.out.EntityType == "" {
			c.fe = c.fe.Add("tin_type", "must be ein unless entity_type is sole_proprietor: only a sole proprietor may use an SSN or ITIN")
		} else {
			c.fe = c.fe.Add("tin_type", "must be ein for entity_type "+c.out.EntityType+": only a sole proprietor may use an SSN or ITIN")
		}
	}

	if strings.TrimSpace(inTIN) == "" {
		// A tin_type without a tin is fine: clients never get the TIN back, so a re-saved
		// profile carries its type alone, and the caller keeps the TIN it has stored.
		c.out.TIN = ""
		if inTIN != "" {
			c.change("tin", maskTIN(inTIN), "")
		}
		return
	}
	if !typeOK {
		return
	}
	d, err := TINDigits(tinType, inTIN)
	if err != nil {
		c.fail("tin", err)
		return
	}
	// The change shows masked values: changes are returned, shown and stored like any
	// other data, and a TIN must never be among them.
	c.change("tin", maskTIN(strings.TrimSpace(inTIN)), maskTIN(d))
	c.out.TIN = d
}

// hasField reports whether fe names field.
func hasField(fe errs.FieldErrors, field string) bool {
	for _, f := range fe {
		if f.Field == field {
			return true
		}
	}
	return false
}

// redacted is Profile without its methods, so the fmt and slog forms can print it by
// reflection without recursing.
type redacted Profile

// masked returns a copy whose TIN shows only its last four digits.
func (p Profile) masked() redacted {
	r := redacted(p)
	if r.TIN != "" {
		r.TIN = maskTIN(r.TIN)
	}
	return r
}

// String prints the profile with the TIN masked.
func (p Profile) String() string { return fmt.Sprintf("%+v", p.masked()) }

// Format prints the profile with the TIN masked for every verb; without it, a verb that
// does not use String (%d, %#v) would print the TIN by reflection.
func (p Profile) Format(f fmt.State, _ rune) { _, _ = fmt.Fprint(f, p.String()) }

// LogValue makes slog log the profile with the TIN masked.
func (p Profile) LogValue() slog.Value { return slog.AnyValue(p.masked()) }
