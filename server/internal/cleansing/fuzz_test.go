package cleansing

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// The fuzz targets hold every cleanser to three promises: it never panics, what it accepts
// it accepts again unchanged (idempotence), and its errors are errs.ErrInvalid. Seeds live
// here rather than in testdata so the corpus is reviewed with the code.

// requireInvalid fails unless err is nil or an errs.ErrInvalid.
func requireInvalid(t *testing.T, err error) {
	t.Helper()
	if err != nil && !errors.Is(err, errs.ErrInvalid) {
		t.Fatalf("error %v is not an errs.ErrInvalid", err)
	}
}

func FuzzTIN(f *testing.F) {
	for _, s := range [][2]string{
		{"ein", "12-3456789"}, {"ein", "123456789"}, {"ein", "07-1234567"}, {"ein", "123-45-6789"},
		{"ssn", "123-45-6789"}, {"ssn", "666-12-3456"}, {"ssn", "123 45 6789"}, {"ssn", "12-3456789"},
		{"itin", "912-70-1234"}, {"itin", "912-49-1234"}, {"vat", "123456789"}, {"ein", " - 1 2 3 4 5 6 7 8 9 - "},
		{"ein", "１２-3456789"}, {"ssn", ""}, {"itin", "\xff"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, tinType, s string) {
		d, err := TINDigits(tinType, s)
		requireInvalid(t, err)
		if err != nil {
			// Messages never echo more than the two-digit EIN prefix (the examples of the
			// written forms aside).
			msg := strings.NewReplacer("123-45-6789", "", "12-3456789", "").Replace(err.Error())
			if digits := strings.Map(keepDigits, s); len(digits) >= 9 && strings.Contains(msg, digits[2:]) {
				t.Fatalf("message %q repeats the TIN", err)
			}
			return
		}
		if len(d) != 9 || strings.Map(keepDigits, d) != d {
			t.Fatalf("accepted TIN %q is not 9 digits", d)
		}
		if again, err := TINDigits(tinType, d); err != nil || again != d {
			t.Fatalf("TINDigits(%q) = %q, %v; want %q", d, again, err, d)
		}
		if again, err := TINDigits(tinType, FormatTIN(tinType, d)); err != nil || again != d {
			t.Fatalf("display form %q reads back as %q, %v", FormatTIN(tinType, d), again, err)
		}
		if m := maskTIN(d); strings.Contains(m, d[:5]) || !strings.HasSuffix(m, d[5:]) {
			t.Fatalf("mask %q of a TIN shows more or less than the last four", m)
		}
	})
}

func FuzzAddress(f *testing.F) {
	for _, a := range []Address{
		{Line1: "100 north main street, suite #200", Line2: "floor 3", City: "san francisco", Region: "California", PostalCode: "941031234", Country: "us"},
		{Line1: "1600 Pennsylvania Ave. N.W.", City: "Washington", Region: "D.C.", PostalCode: "20500", Country: "US"},
		{Line1: "P.O. Box 123", City: "St. Louis", Region: "MO", PostalCode: "63101", Country: "US"},
		{Line1: "Unit 2050 Box 4190", City: "APO", Region: "AE", PostalCode: "09096", Country: "US"},
		{Line1: "100 Main Street North Rear", Line2: "Attn: John Hill", City: "Austin", Region: "TX", PostalCode: "73301", Country: "USA"},
		{Line1: "100 NORTH WEST FRONT ST # # 5", City: "X", Region: "NY", PostalCode: "06390", Country: "US"},
		{Line1: "2.5 Mile Rd.", City: "1.5", Region: "n.y.", PostalCode: "1000-1", Country: "US"},
		{Line1: " 100 Queen Street West ", City: "Toronto", Region: "Ontario", PostalCode: "M5H  2N2", Country: "ca"},
		{Line1: "Straße 1", City: "München", Country: "DE"},
		{Line1: "1 ı\u0301 st", City: "ſ\u0301", Region: "CA", PostalCode: "94103", Country: "US"},   // uppercase undoes NFC
		{Line1: ".", Line2: "0", City: "0000000A", Region: "CA", PostalCode: "90000", Country: "us"}, // line1 all punctuation
		{Country: "US"}, {},
	} {
		f.Add(a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country)
	}
	f.Fuzz(func(t *testing.T, line1, line2, city, region, postal, country string) {
		in := Address{Line1: line1, Line2: line2, City: city, Region: region, PostalCode: postal, Country: country}
		out, err := CleanseAddress(in)
		requireInvalid(t, err)
		if err == nil {
			again, err := CleanseAddress(out)
			if err != nil || again != out {
				t.Fatalf("not idempotent:\n in  %#v\n out %#v\n again %#v, %v", in, out, again, err)
			}
		}
		// The line standardisers must be idempotent on any text, valid address or not.
		for _, s := range []string{line1, line2, city} {
			c, err := cleanText(s)
			if err != nil {
				continue
			}
			if l1 := standardLine1(c); standardLine1(l1) != l1 {
				t.Fatalf("standardLine1 not idempotent: %q -> %q -> %q", c, l1, standardLine1(l1))
			}
			if l2 := standardLine2(c); standardLine2(l2) != l2 {
				t.Fatalf("standardLine2 not idempotent: %q -> %q -> %q", c, l2, standardLine2(l2))
			}
		}
	})
}

func FuzzPhone(f *testing.F) {
	for _, s := range [][2]string{
		{"(650) 253-0000", "US"}, {"+44 20 7946 0958", ""}, {"020 7946 0958", "GB"}, {"1-800-FLOWERS", "US"},
		{"650-253-0000 ext. 12", "US"}, {"+999 1234", ""}, {"030 123456", "DE"}, {"12", "AQ"}, {"++1", "US"},
		{"０３０ １２３４５６", "DE"}, {"+1 (650) 253-0000;ext=1", "ZZ"}, {"tel:+1-650-253-0000", "US"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, s, region string) {
		out, err := Phone(s, region)
		requireInvalid(t, err)
		if err != nil {
			return
		}
		if !strings.HasPrefix(out, "+") || strings.Map(keepDigits, out[1:]) != out[1:] {
			t.Fatalf("%q gave %q, not E.164", s, out)
		}
		if again, err := Phone(out, region); err != nil || again != out {
			t.Fatalf("Phone(%q) = %q, %v; want %q", out, again, err, out)
		}
	})
}

func FuzzEmail(f *testing.F) {
	for _, s := range []string{
		"ap@acme.example", "Jane.Doe@ACME.Example.COM", "Jane <jane@acme.example>", `"a b"@acme.example`,
		"a@[192.0.2.1]", "root@localhost", "info@xn--mnchen-3ya.de", "a@b.c", "a@-b.example", " a@b.example\n",
		"(comment)a@b.example", "a@b.example (comment)", "=?utf-8?q?J=C3=A4ne?= <j@b.example>", "ü@b.example",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Email(s)
		requireInvalid(t, err)
		if err != nil {
			return
		}
		at := strings.LastIndexByte(out, '@')
		if at < 0 || strings.ToLower(out[at:]) != out[at:] || !utf8.ValidString(out) {
			t.Fatalf("%q gave %q", s, out)
		}
		if again, err := Email(out); err != nil || again != out {
			t.Fatalf("Email(%q) = %q, %v; want %q", out, again, err, out)
		}
	})
}

func FuzzWebsite(f *testing.F) {
	for _, s := range []string{
		"acme.example", "HTTPS://WWW.Acme.Example/", "https://acme.example:443/about/", "acme.example:8443",
		"javascript:alert(1)", "mailto:a@b.example", "https://u:p@acme.example", "http://[::1]/", "//acme.example",
		"https://acme.example/a%2Fb/", "https://acme.example/?q=1#frag", "https://acme.example/%zz", "https://acme.example./",
		"https://acme.example/é/", "https://acme.example#%", "acme.example?x", "https://acme.example:0443",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := Website(s)
		requireInvalid(t, err)
		if err != nil {
			return
		}
		if !strings.HasPrefix(out, "https://") && !strings.HasPrefix(out, "http://") {
			t.Fatalf("%q gave %q", s, out)
		}
		if again, err := Website(out); err != nil || again != out {
			t.Fatalf("Website(%q) = %q, %v; want %q", out, again, err, out)
		}
	})
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"  Acme \t Widgets ", "Cafe\u0301", "Ac\u200bme", "\u202e", "a\x00", "\xff", "می\u200cخواهم", " \u0301x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := cleanText(s)
		requireInvalid(t, err)
		if err != nil {
			return
		}
		if again, err := cleanText(out); err != nil || again != out {
			t.Fatalf("cleanText(%q) = %q, %v; want %q", out, again, err, out)
		}
	})
}

func FuzzCleanse(f *testing.F) {
	f.Add("  Acme  Widgets ", "LLC", "EIN", "12-3456789", "100 north main st", "San Francisco", "CA", "94103", "us", "(650) 253-0000", "AP@Acme.Example", "acme.example", " Jane ")
	f.Add("Jo's Plumbing", "Sole Proprietor", "ssn", "123 45 6789", "PO Box 9", "Austin", "Texas", "733011234", "US", "512-555-0100", "jo@jo.example", "", "Jo")
	f.Add("Ltd", "other", "", "", "1 High St", "London", "", "SW1A 2AA", "GB", "020 7946 0958", "", "http://ltd.example/", "")
	f.Add("", "trust", "vat", "x", "", "", "", "", "", "", "", "", "")
	f.Fuzz(func(t *testing.T, name, entity, tinType, tin, line1, city, region, postal, country, phone, email, website, contact string) {
		in := Profile{
			LegalName: name, EntityType: entity, TINType: tinType, TIN: tin,
			Address: Address{Line1: line1, City: city, Region: region, PostalCode: postal, Country: country},
			Phone:   phone, Email: email, Website: website, RemittanceEmail: email,
			Contacts: []Contact{{Name: contact, Email: email, Phone: phone, Role: entity}},
		}
		out, changes, err := Cleanse(in)
		requireInvalid(t, err)
		if d := strings.Map(keepDigits, tin); len(d) >= 9 {
			for _, c := range changes {
				if strings.Contains(c.From+c.To, d[:5]) {
					t.Fatalf("change %+v shows the TIN", c)
				}
			}
		}
		if err != nil {
			return
		}
		if out.TIN != "" && (len(out.TIN) != 9 || strings.Map(keepDigits, out.TIN) != out.TIN) {
			t.Fatalf("accepted TIN %q is not 9 digits", out.TIN)
		}
		again, changes, err := Cleanse(out)
		if err != nil || len(changes) != 0 || again.String() != out.String() {
			t.Fatalf("not idempotent: %v, changes %+v", err, changes)
		}
	})
}
