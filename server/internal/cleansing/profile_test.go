package cleansing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// clean is a profile already in cleansed form.
func clean() Profile {
	return Profile{
		LegalName:  "Acme Widgets LLC",
		EntityType: EntityLLC,
		TIN:        "123456789",
		TINType:    TINTypeEIN,
		Address:    Address{Line1: "100 MAIN ST", City: "SAN FRANCISCO", Region: "CA", PostalCode: "94103", Country: "US"},
		Phone:      "+16502530000",
		Email:      "ap@acme.example",
		Website:    "https://acme.example",
		Contacts:   []Contact{{Name: "Jane Doe", Email: "jane@acme.example", Phone: "+16502530000", Role: "Controller"}},
	}
}

// fieldsOf returns the field errors in err by field.
func fieldsOf(t *testing.T, err error) map[string]string {
	t.Helper()
	require.ErrorIs(t, err, errs.ErrInvalid)
	var fe errs.FieldErrors
	require.True(t, errors.As(err, &fe), "errs.FieldErrors in %v", err)
	m := map[string]string{}
	for _, f := range fe {
		m[f.Field] = f.Message
	}
	return m
}

func TestCleanseAsTyped(t *testing.T) {
	t.Parallel()
	in := Profile{
		LegalName:       "  Acme   Widgets\tLLC ",
		DBA:             " Acme ",
		EntityType:      "LLC",
		TIN:             "12-3456789",
		TINType:         "EIN",
		Address:         Address{Line1: "100 north main street, suite 200", City: "san francisco", Region: "California", PostalCode: "94103-1234", Country: "us"},
		Phone:           "(650) 253-0000",
		Email:           "AP@Acme.Example",
		Website:         "Acme.Example/",
		RemittanceEmail: " remit@ACME.example ",
		Contacts: []Contact{
			{Name: " Jane  Doe ", Email: "jane@ACME.example", Phone: "650 253 0000", Role: " controller "},
			{Name: "John Roe", Phone: "+44 20 7946 0958"},
		},
	}
	got, changes, err := Cleanse(in)
	require.NoError(t, err)
	assert.Equal(t, Profile{
		LegalName:       "Acme Widgets LLC",
		DBA:             "Acme",
		EntityType:      "llc",
		TIN:             "123456789",
		TINType:         "ein",
		Address:         Address{Line1: "100 N MAIN ST STE 200", City: "SAN FRANCISCO", Region: "CA", PostalCode: "94103-1234", Country: "US"},
		Phone:           "+16502530000",
		Email:           "AP@acme.example",
		Website:         "https://acme.example",
		RemittanceEmail: "remit@acme.example",
		Contacts: []Contact{
			{Name: "Jane Doe", Email: "jane@acme.example", Phone: "+16502530000", Role: "controller"},
			{Name: "John Roe", Phone: "+442079460958"},
		},
	}, got)
	assert.Equal(t, []Change{
		{Field: "legal_name", From: "  Acme   Widgets\tLLC ", To: "Acme Widgets LLC"},
		{Field: "dba", From: " Acme ", To: "Acme"},
		{Field: "entity_type", From: "LLC", To: "llc"},
		{Field: "tin_type", From: "EIN", To: "ein"},
		{Field: "tin", From: "••-•••6789", To: "•••••6789"},
		{Field: "address.line1", From: "100 north main street, suite 200", To: "100 N MAIN ST STE 200"},
		{Field: "address.city", From: "san francisco", To: "SAN FRANCISCO"},
		{Field: "address.region", From: "California", To: "CA"},
		{Field: "address.country", From: "us", To: "US"},
		{Field: "phone", From: "(650) 253-0000", To: "+16502530000"},
		{Field: "email", From: "AP@Acme.Example", To: "AP@acme.example"},
		{Field: "website", From: "Acme.Example/", To: "https://acme.example"},
		{Field: "remittance_email", From: " remit@ACME.example ", To: "remit@acme.example"},
		{Field: "contacts[0].name", From: " Jane  Doe ", To: "Jane Doe"},
		{Field: "contacts[0].email", From: "jane@ACME.example", To: "jane@acme.example"},
		{Field: "contacts[0].phone", From: "650 253 0000", To: "+16502530000"},
		{Field: "contacts[0].role", From: " controller ", To: "controller"},
		{Field: "contacts[1].phone", From: "+44 20 7946 0958", To: "+442079460958"},
	}, changes)

	again, changes, err := Cleanse(got)
	require.NoError(t, err)
	assert.Equal(t, got, again, "idempotent")
	assert.Empty(t, changes, "a cleansed profile has nothing to change")

	assert.Equal(t, "  Acme   Widgets\tLLC ", in.LegalName, "the input is not modified")
	assert.Equal(t, " Jane  Doe ", in.Contacts[0].Name, "the input's contacts are not modified")
}

func TestCleanseNeverShowsTheTIN(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ tinType, tin, entity string }{
		{"ein", "12-3456789", "llc"}, {"ssn", "123-45-6789", "sole_proprietor"}, {"itin", "912 70 6789", "sole_proprietor"},
		{"ein", "07-3456789", "llc"}, {"ssn", "123-45-6789", "llc"},
	} {
		p := clean()
		p.TINType, p.TIN, p.EntityType = tt.tinType, tt.tin, tt.entity
		out, changes, err := Cleanse(p)
		digits := strings.Map(keepDigits, tt.tin)
		for _, c := range changes {
			assert.NotContains(t, c.From+c.To, digits[:5], "change %s", c.Field)
		}
		if err != nil {
			assert.NotContains(t, err.Error(), digits[2:], "error text")
		}
		for name, s := range map[string]string{
			"%v": fmt.Sprintf("%v", out), "%+v": fmt.Sprintf("%+v", out), "%#v": fmt.Sprintf("%#v", out),
			"%s": fmt.Sprintf("%s", out), "%d": fmt.Sprintf("%d", out), "%x": fmt.Sprintf("%x", out),
			"pointer": fmt.Sprintf("%v", &out), "String": out.String(),
		} {
			assert.NotContains(t, s, digits[:5], name)
			assert.Contains(t, s, "6789", name)
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("saved", "profile", out)
		slog.New(slog.NewTextHandler(&buf, nil)).Info("saved", "profile", out)
		assert.NotContains(t, buf.String(), digits[:5], "slog")
		assert.Contains(t, buf.String(), "Acme Widgets LLC", "slog still shows the rest")
	}
}

func TestCleanseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		edit   func(*Profile)
		fields map[string]string
	}{
		{"legal name required", func(p *Profile) { p.LegalName = " \t " }, map[string]string{"legal_name": "is required"}},
		{"legal name too long", func(p *Profile) { p.LegalName = strings.Repeat("é", 201) }, map[string]string{"legal_name": "must be at most 200 characters, not 201"}},
		{"legal name control character", func(p *Profile) { p.LegalName = "Acme\x07" }, map[string]string{"legal_name": "must not contain control characters"}},
		{"dba too long", func(p *Profile) { p.DBA = strings.Repeat("a", 201) }, map[string]string{"dba": "must be at most 200 characters, not 201"}},
		{"entity type unknown", func(p *Profile) { p.EntityType = "trust" }, map[string]string{"entity_type": "must be one of sole_proprietor, partnership, llc, corporation, nonprofit, government, other"}},
		{"tin type unknown", func(p *Profile) { p.TINType = "vat" }, map[string]string{"tin_type": "must be one of ein, ssn, itin"}},
		{"tin without type", func(p *Profile) { p.TINType = "" }, map[string]string{"tin_type": "is required with a tin: ein, ssn or itin"}},
		{"bad EIN prefix", func(p *Profile) { p.TIN = "07-1234567" }, map[string]string{"tin": "is not a valid EIN: the prefix 07 is not issued by the IRS"}},
		{"SSN for an LLC", func(p *Profile) { p.TINType, p.TIN = "ssn", "123-45-6789" },
			map[string]string{"tin_type": "must be ein for entity_type llc: only a sole proprietor may use an SSN or ITIN"}},
		{"ITIN for a corporation", func(p *Profile) { p.EntityType, p.TINType, p.TIN = "corporation", "itin", "912-70-1234" },
			map[string]string{"tin_type": "must be ein for entity_type corporation: only a sole proprietor may use an SSN or ITIN"}},
		{"SSN without entity type", func(p *Profile) { p.EntityType, p.TINType, p.TIN = "", "ssn", "123-45-6789" },
			map[string]string{"tin_type": "must be ein unless entity_type is sole_proprietor: only a sole proprietor may use an SSN or ITIN"}},
		{"bad SSN", func(p *Profile) { p.EntityType, p.TINType, p.TIN = "sole_proprietor", "ssn", "666-12-3456" },
			map[string]string{"tin": "is not a valid SSN: no SSN starts with 666"}},
		{"address", func(p *Profile) { p.Address.PostalCode = "10001" },
			map[string]string{"address.postal_code": "is not a ZIP Code of CA: ZIP Codes there start with 900–961"}},
		{"address country", func(p *Profile) { p.Address.Country = "" },
			map[string]string{"address.country": "is required: a two-letter ISO 3166 code, like US"}},
		{"phone", func(p *Profile) { p.Phone = "555-0100" }, map[string]string{"phone": "is not a valid phone number in US: check the digits and the country code"}},
		{"phone read in the address country", func(p *Profile) {
			p.Address = Address{Line1: "10 Downing Street", City: "London", Country: "GB"}
			p.Phone = "(650) 253-0000"
		}, map[string]string{"phone": "is not a valid phone number in GB: check the digits and the country code"}},
		{"email", func(p *Profile) { p.Email = "Jane <jane@acme.example>" }, map[string]string{"email": "is not an e-mail address: write just the address, like name@example.com"}},
		{"remittance email", func(p *Profile) { p.RemittanceEmail = "ap@localhost" }, map[string]string{"remittance_email": "has a domain that needs a dot and a top-level domain, like example.com"}},
		{"website", func(p *Profile) { p.Website = "javascript:alert(1)" }, map[string]string{"website": "must be an http or https address"}},
		{"contact fields", func(p *Profile) {
			p.Contacts = append(p.Contacts, Contact{Name: "", Email: "x@y", Phone: "12"}, Contact{Name: "Only Name"})
		}, map[string]string{
			"contacts[1].name":  "is required",
			"contacts[1].email": "has a domain that needs a dot and a top-level domain, like example.com",
			"contacts[1].phone": "is not a valid phone number in US: check the digits and the country code",
			"contacts[2].email": "is required when the contact has no phone",
		}},
		{"too many contacts", func(p *Profile) {
			for len(p.Contacts) < MaxContacts+1 {
				p.Contacts = append(p.Contacts, p.Contacts[0])
			}
		}, map[string]string{"contacts": "must list at most 20 contacts, not 21"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := clean()
			tt.edit(&p)
			_, _, err := Cleanse(p)
			assert.Equal(t, tt.fields, fieldsOf(t, err))
			assert.True(t, strings.HasPrefix(err.Error(), "cleanse profile: invalid input: "), err.Error())
		})
	}
}

func TestCleanseKeepsInvalidInputAndCleansesTheRest(t *testing.T) {
	t.Parallel()
	p := clean()
	p.Email = "not an address"
	p.Website = "ACME.example"
	out, changes, err := Cleanse(p)
	assert.Equal(t, map[string]string{"email": "is not an e-mail address: write just the address, like name@example.com"}, fieldsOf(t, err))
	assert.Equal(t, "not an address", out.Email, "a field in error keeps its input")
	assert.Equal(t, "https://acme.example", out.Website, "the other fields are still cleansed")
	assert.Equal(t, []Change{{Field: "website", From: "ACME.example", To: "https://acme.example"}}, changes)
}

func TestCleanseTINTypeWithoutTIN(t *testing.T) {
	t.Parallel()
	// A re-saved profile: the client has the type but never gets the TIN back.
	p := clean()
	p.TIN, p.TINType = "", " EIN "
	out, changes, err := Cleanse(p)
	require.NoError(t, err)
	assert.Equal(t, "", out.TIN)
	assert.Equal(t, "ein", out.TINType)
	assert.Equal(t, []Change{{Field: "tin_type", From: " EIN ", To: "ein"}}, changes)

	p.TINType, p.EntityType = "ssn", EntityLLC
	_, _, err = Cleanse(p)
	assert.Equal(t, map[string]string{"tin_type": "must be ein for entity_type llc: only a sole proprietor may use an SSN or ITIN"}, fieldsOf(t, err),
		"the entity rule holds without a tin too")
}

func TestCleanseDraft(t *testing.T) {
	t.Parallel()
	out, changes, err := Cleanse(Profile{LegalName: "Acme", EntityType: " ", Phone: " ", Contacts: nil})
	require.NoError(t, err, "a draft needs only the legal name")
	assert.Equal(t, Profile{LegalName: "Acme"}, out)
	assert.Equal(t, []Change{{Field: "entity_type", From: " ", To: ""}, {Field: "phone", From: " ", To: ""}}, changes)
}

func TestEntityTypeSpellings(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"sole_proprietor": "sole_proprietor", "Sole Proprietor": "sole_proprietor", "sole-proprietorship": "sole_proprietor",
		"partnership": "partnership", "LLC": "llc", "L.L.C.": "llc", "Limited Liability Company": "llc",
		"corporation": "corporation", "Corp": "corporation", "nonprofit": "nonprofit", "Non-Profit": "nonprofit",
		"government": "government", "other": "other", " OTHER ": "other",
	} {
		p := clean()
		p.EntityType = in
		if want == "sole_proprietor" {
			p.TINType, p.TIN = "ssn", "123-45-6789"
		}
		out, _, err := Cleanse(p)
		require.NoError(t, err, in)
		assert.Equal(t, want, out.EntityType, in)
	}
}

func TestProfileJSON(t *testing.T) {
	t.Parallel()
	body := `{"legal_name":"Acme","dba":"A","entity_type":"llc","tin":"12-3456789","tin_type":"ein",
		"address":{"line1":"1 Main St","line2":"Ste 2","city":"Austin","region":"TX","postal_code":"73301","country":"US"},
		"phone":"+16502530000","email":"a@acme.example","website":"acme.example","remittance_email":"r@acme.example",
		"contacts":[{"name":"Jane","email":"j@acme.example","phone":"+16502530000","role":"AP"}]}`
	var p Profile
	require.NoError(t, json.Unmarshal([]byte(body), &p))
	assert.Equal(t, Profile{
		LegalName: "Acme", DBA: "A", EntityType: "llc", TIN: "12-3456789", TINType: "ein",
		Address: Address{Line1: "1 Main St", Line2: "Ste 2", City: "Austin", Region: "TX", PostalCode: "73301", Country: "US"},
		Phone:   "+16502530000", Email: "a@acme.example", Website: "acme.example", RemittanceEmail: "r@acme.example",
		Contacts: []Contact{{Name: "Jane", Email: "j@acme.example", Phone: "+16502530000", Role: "AP"}},
	}, p)
	c, err := json.Marshal(Change{Field: "f", From: "a", To: "b"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"field":"f","from":"a","to":"b"}`, string(c))
}
