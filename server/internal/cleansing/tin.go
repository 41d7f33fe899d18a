package cleansing

import (
	"strings"
	"unicode"
)

// The TIN types a profile may name.
const (
	// TINTypeEIN is an Employer Identification Number, issued by the IRS to businesses.
	TINTypeEIN = "ein"
	// TINTypeSSN is a Social Security Number, which a sole proprietor may use.
	TINTypeSSN = "ssn"
	// TINTypeITIN is an Individual Taxpayer Identification Number, for people without an SSN.
	TINTypeITIN = "itin"
)

// tinLen is the number of digits in every US TIN.
const tinLen = 9

// validEINPrefix holds the EIN prefixes the IRS issues, from its page "How EINs are
// assigned and valid EIN prefixes" (per campus: Andover 10 12; Atlanta 60 67; Austin 50 53;
// Brookhaven 01–06 11 13 14 16 21–23 25 34 51 52 54–59 65; Cincinnati 30 32 35–38 61;
// Fresno 15 24; Kansas City 40 44; Memphis 94 95; Ogden 80 90; Philadelphia 33 39 41–43
// 46 48 62–64 66 68 71–77 85–88 91–93 98 99; Internet 20 26 27 45–47 81–88; SBA 31).
// The union is 01–06, 10–16, 20–27, 30–48, 50–68, 71–77, 80–88, 90–95, 98, 99; a prefix
// outside it is a typo, not a new campus.
var validEINPrefix = func() [100]bool {
	var ok [100]bool
	for _, r := range [][2]int{{1, 6}, {10, 16}, {20, 27}, {30, 48}, {50, 68}, {71, 77}, {80, 88}, {90, 95}, {98, 99}} {
		for p := r[0]; p <= r[1]; p++ {
			ok[p] = true
		}
	}
	return ok
}()

// TINDigits checks a TIN of the given type (ein, ssn or itin) as a person typed it, with or
// without dashes and spaces between the digits, and returns its canonical form: the 9 digits, which is what
// callers encrypt and index. The error's text is a message for the "tin" field; it never
// repeats the number, since field errors reach logs.
func TINDigits(tinType, s string) (string, error) {
	var digits strings.Builder
	var groups []int // lengths of the digit runs between separators
	run := 0
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
			run++
		case isSeparator(r):
			if run > 0 {
				groups = append(groups, run)
			}
			run = 0
		default:
			return "", problem("must contain only digits, dashes and spaces")
		}
	}
	if run > 0 {
		groups = append(groups, run)
	}
	d := digits.String()
	if d == "" {
		return "", problem("is required")
	}
	if len(d) != tinLen {
		return "", problemf("must have %d digits, not %d", tinLen, len(d))
	}
	switch tinType {
	case TINTypeEIN:
		// Any grouping is fine, except the SSN's: an EIN typed as 123-45-6789 is most
		// often an owner's SSN entered in the wrong field.
		if sameGroups(groups, 3, 2, 4) {
			return "", problem("is written like an SSN or ITIN (123-45-6789); an EIN is written 12-3456789")
		}
		return d, checkEIN(d)
	case TINTypeSSN, TINTypeITIN:
		if sameGroups(groups, 2, 7) {
			return "", problem("is written like an EIN (12-3456789); an SSN or ITIN is written 123-45-6789")
		}
		if tinType == TINTypeSSN {
			return d, checkSSN(d)
		}
		return d, checkITIN(d)
	}
	return "", problem("cannot be checked without a valid tin_type")
}

// isSeparator reports the characters allowed between digit groups of a TIN or ZIP: any
// space or dash, since numbers pasted from documents bring no-break spaces and en dashes.
func isSeparator(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) }

// sameGroups reports whether the digit runs have exactly the given lengths.
func sameGroups(groups []int, want ...int) bool {
	if len(groups) != len(want) {
		return false
	}
	for i := range want {
		if groups[i] != want[i] {
			return false
		}
	}
	return true
}

// checkEIN checks the prefix against the IRS list. Naming the prefix is safe: two
// digits say nothing about whose number it is, and they tell the person which part to fix.
func checkEIN(d string) error {
	p := int(d[0]-'0')*10 + int(d[1]-'0')
	if !validEINPrefix[p] {
		return problemf("is not a valid EIN: the prefix %s is not issued by the IRS", d[:2])
	}
	return nil
}

// checkSSN applies the Social Security Administration's never-issued rules. The messages
// name only fixed values (000, 666, 9), not the person's digits.
func checkSSN(d string) error {
	area, group, serial := d[:3], d[3:5], d[5:]
	switch {
	case area == "000":
		return problem("is not a valid SSN: no SSN starts with 000")
	case area == "666":
		return problem("is not a valid SSN: no SSN starts with 666")
	case area[0] == '9':
		return problem("is not a valid SSN: SSNs never start with 9 (numbers starting with 9 are ITINs)")
	case group == "00":
		return problem("is not a valid SSN: the 4th and 5th digits are never 00")
	case serial == "0000":
		return problem("is not a valid SSN: the last four digits are never 0000")
	}
	return nil
}

// checkITIN applies the IRS's ITIN format: a leading 9 and 4th–5th digits in 50–65,
// 70–88, 90–92 or 94–99.
func checkITIN(d string) error {
	if d[0] != '9' {
		return problem("is not a valid ITIN: ITINs start with 9")
	}
	m := int(d[3]-'0')*10 + int(d[4]-'0')
	if !(m >= 50 && m <= 65 || m >= 70 && m <= 88 || m >= 90 && m <= 92 || m >= 94) {
		return problem("is not a valid ITIN: the 4th and 5th digits are not in a range the IRS issues (50–65, 70–88, 90–92, 94–99)")
	}
	return nil
}

// FormatTIN returns the display form of a TIN's 9 digits: 12-3456789 for an EIN,
// 123-45-6789 for an SSN or ITIN. Anything else (not 9 digits, an unknown type) comes back
// unchanged, since a formatter has no way to report an error.
func FormatTIN(tinType, digits string) string {
	if len(digits) != tinLen || strings.Trim(digits, "0123456789") != "" {
		return digits
	}
	switch tinType {
	case TINTypeEIN:
		return digits[:2] + "-" + digits[2:]
	case TINTypeSSN, TINTypeITIN:
		return digits[:3] + "-" + digits[3:5] + "-" + digits[5:]
	}
	return digits
}

// maskTIN hides every digit of a TIN but the last four, keeping the separators, so a
// change record can show that "12-3456789" became "123456789" (••-•••6789 to •••••6789)
// without holding the number: changes are shown, stored and logged like any other data.
func maskTIN(s string) string {
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	var b strings.Builder
	seen := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			seen++
			if seen <= digits-4 {
				b.WriteString("•")
				continue
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}
