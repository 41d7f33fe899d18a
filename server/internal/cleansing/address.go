package cleansing

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Address is a postal address. Region is the state for a US address (its USPS code once
// cleansed) and the province, county or prefecture elsewhere.
type Address struct {
	Line1      string `json:"line1"`
	Line2      string `json:"line2"`
	City       string `json:"city"`
	Region     string `json:"region"`
	PostalCode string `json:"postal_code"`
	Country    string `json:"country"`
}

// Field length limits, in characters; generous for any real address, small enough that a
// pasted document is refused.
const (
	maxLineLen   = 100
	maxCityLen   = 64
	maxRegionLen = 64
	maxPostalLen = 20
)

// IsZero reports whether every field of the address is empty.
func (a Address) IsZero() bool { return a == Address{} }

// CleanseAddress cleanses one address: a US address is standardised to USPS Publication 28
// and checked (street, city, state, a ZIP Code used in that state); any other is kept as
// typed, trimmed, with its country code uppercased. An empty address is valid (not yet
// entered). The error is an errs.FieldErrors naming line1, line2, city, region,
// postal_code and country; a field in error keeps its input in the result.
func CleanseAddress(a Address) (Address, error) {
	out, fe := cleanseAddress(a, "")
	return out, fe.OrNil()
}

// cleanseAddress does CleanseAddress with field names under prefix ("address.").
func cleanseAddress(a Address, prefix string) (Address, errs.FieldErrors) {
	var fe errs.FieldErrors
	out := a
	text := func(field string, v *string, maxLen int) bool {
		c, err := cleanField(*v, maxLen)
		if err != nil {
			fe = fe.Add(prefix+field, err.Error())
			return false
		}
		*v = c
		return true
	}
	ok1 := text("line1", &out.Line1, maxLineLen)
	ok2 := text("line2", &out.Line2, maxLineLen)
	okCity := text("city", &out.City, maxCityLen)
	okRegion := text("region", &out.Region, maxRegionLen)
	okPostal := text("postal_code", &out.PostalCode, maxPostalLen)
	country, err := cleanText(a.Country)
	if err != nil {
		fe = fe.Add(prefix+"country", err.Error())
		return out, fe
	}
	out.Country = country
	if country == "" {
		if out.IsZero() && len(fe) == 0 {
			return Address{}, nil
		}
		return out, fe.Add(prefix+"country", "is required: a two-letter ISO 3166 code, like US")
	}
	if out.Country, err = countryCode(country); err != nil {
		out.Country = a.Country
		fe = fe.Add(prefix+"country", err.Error())
		return out, fe
	}
	if out.Country != "US" {
		// Outside the US there is no single standard to apply, and a wrong "fix" is worse
		// than none: keep what the supplier typed.
		if ok1 && out.Line1 == "" {
			fe = fe.Add(prefix+"line1", "is required")
		}
		if okCity && out.City == "" {
			fe = fe.Add(prefix+"city", "is required")
		}
		return out, fe
	}

	if ok1 {
		switch std := standardLine1(out.Line1); {
		case out.Line1 == "":
			fe = fe.Add(prefix+"line1", "is required")
		case !strings.ContainsFunc(std, isAlnum):
			// Only punctuation: standardising would leave nothing, or a lone #.
			fe = fe.Add(prefix+"line1", "must be a street address, like 100 MAIN ST")
		default:
			out.Line1 = std
		}
	}
	if ok2 {
		out.Line2 = standardLine2(out.Line2)
	}
	if okCity {
		switch {
		case out.City == "":
			fe = fe.Add(prefix+"city", "is required")
		case !strings.ContainsFunc(out.City, unicode.IsLetter):
			okCity = false
			fe = fe.Add(prefix+"city", "must be a city name")
		default:
			out.City = strings.Join(uspsTokens(out.City), " ")
		}
	}
	if okRegion {
		switch code, ok := states[strings.Join(uspsTokens(out.Region), " ")]; {
		case out.Region == "":
			okRegion = false
			fe = fe.Add(prefix+"region", "is required: the state, like CA or California")
		case !ok:
			okRegion = false
			fe = fe.Add(prefix+"region", "is not a US state or territory: use its two-letter code, like CA, or its name, like California")
		default:
			out.Region = code
		}
	}
	if okPostal {
		zip, err := zipCode(out.PostalCode)
		switch {
		case out.PostalCode == "":
			okPostal = false
			fe = fe.Add(prefix+"postal_code", "is required: the 5-digit ZIP Code")
		case err != nil:
			okPostal = false
			fe = fe.Add(prefix+"postal_code", err.Error())
		default:
			out.PostalCode = zip
		}
	}
	if okRegion && okPostal && !zipInState(out.PostalCode, out.Region) {
		fe = fe.Add(prefix+"postal_code", "is not a ZIP Code of "+out.Region+": ZIP Codes there start with "+zipRanges(out.Region))
	}
	if okRegion && okCity {
		switch military, apo := militaryStates[out.Region], militaryCities[out.City]; {
		case military && !apo:
			fe = fe.Add(prefix+"city", "must be APO, FPO or DPO for an address in "+out.Region)
		case apo && !military:
			fe = fe.Add(prefix+"region", "must be AA, AE or AP for an "+out.City+" address")
		}
	}
	return out, fe
}

// uspsTokens uppercases s and splits it into words the Publication 28 way: commas go,
// periods go (dotted initials such as N.W. or P.O. close up, other periods split words,
// a decimal point between digits stays), and # stands alone. Uppercasing can undo NFC
// (dotless i with an acute accent becomes I and a separate accent), so the result is
// composed again; without that a second cleansing would change it.
func uspsTokens(s string) []string {
	s = norm.NFC.String(strings.ToUpper(s))
	s = strings.ReplaceAll(s, ",", " ")
	s = strings.ReplaceAll(s, "#", " # ")
	var out []string
	for _, w := range strings.Fields(s) {
		if !strings.Contains(w, ".") {
			out = append(out, w)
			continue
		}
		if dottedInitials(w) {
			out = append(out, strings.ReplaceAll(w, ".", ""))
			continue
		}
		b := []byte(w)
		for i, c := range b {
			if c == '.' && !(i > 0 && isDigit(b[i-1]) && i+1 < len(b) && isDigit(b[i+1])) {
				b[i] = ' '
			}
		}
		out = append(out, strings.Fields(string(b))...)
	}
	return out
}

// dottedInitials reports words like N.W., P.O or U.S.: single letters joined by periods.
func dottedInitials(w string) bool {
	parts := strings.Split(strings.TrimSuffix(w, "."), ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if len(p) != 1 || p[0] < 'A' || p[0] > 'Z' {
			return false
		}
	}
	return true
}

// isAlnum reports a letter or a digit of any script.
func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// isDigit reports an ASCII digit.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// standardLine1 standardises a delivery address line: PO boxes, or primary number,
// directionals, street name, suffix and secondary unit.
func standardLine1(s string) string {
	t := uspsTokens(s)
	if box, ok := poBox(t); ok {
		return strings.Join(box, " ")
	}
	street, unit := splitUnit(t)
	return strings.Join(append(standardStreet(street), standardUnit(unit)...), " ")
}

// standardLine2 standardises a second line, which holds a secondary unit ("Suite 200"), a
// PO box or a street; anything else (an attention line, a building name) is only uppercased,
// since its words are names, not suffixes: "ATTN JOHN HILL" must not become "JOHN HL".
func standardLine2(s string) string {
	t := uspsTokens(s)
	if len(t) == 0 {
		return ""
	}
	if box, ok := poBox(t); ok {
		return strings.Join(box, " ")
	}
	if _, unit := unitDesignators[t[0]]; unit || t[0] == "#" {
		return strings.Join(standardUnit(t), " ")
	}
	if isDigit(t[0][0]) {
		return standardLine1(s)
	}
	return strings.Join(t, " ")
}

// poBox recognises the ways people write a post office box and spells it PO BOX.
func poBox(t []string) ([]string, bool) {
	for _, form := range [][]string{{"PO", "BOX"}, {"P", "O", "BOX"}, {"POST", "OFFICE", "BOX"}, {"POBOX"}} {
		if len(t) >= len(form) && equalWords(t[:len(form)], form) {
			return append([]string{"PO", "BOX"}, t[len(form):]...), true
		}
	}
	return t, false
}

// equalWords compares two word lists.
func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// splitUnit splits a line at its secondary unit: the first # or designator that follows
// at least a number and a street name. A designator that is also a common street word
// (FRONT, PIER, KEY, LOT…) counts only right after the street suffix, or after the suffix
// and a post-directional.
func splitUnit(t []string) (street, unit []string) {
	for i := 1; i < len(t); i++ {
		if t[i] == "#" {
			return t[:i], t[i:]
		}
		abbr, ok := unitDesignators[t[i]]
		if !ok || i < 2 {
			continue
		}
		_, afterSuffix := streetSuffixes[t[i-1]]
		if !afterSuffix && i >= 3 {
			_, dir := directionals[t[i-1]]
			_, suffix := streetSuffixes[t[i-2]]
			afterSuffix = dir && suffix
		}
		if unambiguousUnits[abbr] || afterSuffix {
			return t[:i], t[i:]
		}
	}
	return t, nil
}

// standardStreet abbreviates the directionals and the suffix of a street: the last word
// is a post-directional or suffix only when a street name precedes it, and the word after
// the number a pre-directional only when a name follows, so "100 NORTH STREET" (the
// street named North) becomes 100 NORTH ST and "MOUNTAIN VIEW DRIVE" keeps its name.
func standardStreet(t []string) []string {
	start := 0
	if len(t) > 0 && isDigit(t[0][0]) {
		start = 1
	}
	body := t[start:]
	var post, suffix, pre []string
	if d, w := trailingDirectional(body); w > 0 {
		post, body = []string{d}, body[:len(body)-w]
	}
	if len(body) >= 2 {
		if s, ok := streetSuffixes[body[len(body)-1]]; ok {
			suffix, body = []string{s}, body[:len(body)-1]
		}
	}
	if d, w := leadingDirectional(body); w > 0 {
		pre, body = []string{d}, body[w:]
	}
	out := make([]string, 0, len(t))
	out = append(out, t[:start]...)
	out = append(out, pre...)
	out = append(out, body...)
	out = append(out, suffix...)
	return append(out, post...)
}

// trailingDirectional finds a directional of one word, or two ("NORTH WEST"), at the end
// of body with at least one word before it, and returns its abbreviation and width.
func trailingDirectional(body []string) (string, int) {
	n := len(body)
	if n > 2 {
		if d, ok := compoundDirectional(body[n-2], body[n-1]); ok {
			return d, 2
		}
	}
	if n > 1 {
		if d, ok := directionals[body[n-1]]; ok {
			return d, 1
		}
	}
	return "", 0
}

// leadingDirectional is trailingDirectional at the start of body.
func leadingDirectional(body []string) (string, int) {
	n := len(body)
	if n > 2 {
		if d, ok := compoundDirectional(body[0], body[1]); ok {
			return d, 2
		}
	}
	if n > 1 {
		if d, ok := directionals[body[0]]; ok {
			return d, 1
		}
	}
	return "", 0
}

// compoundDirectional joins "NORTH WEST" or "N W" into NW.
func compoundDirectional(a, b string) (string, bool) {
	ns, ew := directionals[a], directionals[b]
	if (ns == "N" || ns == "S") && (ew == "E" || ew == "W") {
		return ns + ew, true
	}
	return "", false
}

// standardUnit abbreviates the designators of a secondary unit and drops a # that follows
// one: Publication 28 writes # only when the designator is unknown ("# 5", but "APT 5").
func standardUnit(t []string) []string {
	out := make([]string, 0, len(t))
	afterDesignator := false
	for _, w := range t {
		if w == "#" && afterDesignator {
			continue
		}
		if a, ok := unitDesignators[w]; ok {
			out = append(out, a)
			afterDesignator = true
			continue
		}
		out = append(out, w)
		afterDesignator = false
	}
	return out
}

// zipCode accepts 12345, 12345-6789, 12345 6789 and 123456789, and returns 12345 or
// 12345-6789.
func zipCode(s string) (string, error) {
	var digits []byte
	var groups []int
	run := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
			run++
		case isSeparator(r):
			if run > 0 {
				groups = append(groups, run)
			}
			run = 0
		default:
			return "", problem("is not a ZIP Code: use 5 digits, or ZIP+4 like 12345-6789")
		}
	}
	if run > 0 {
		groups = append(groups, run)
	}
	d := string(digits)
	switch {
	case sameGroups(groups, 5):
		return d, nil
	case sameGroups(groups, 9), sameGroups(groups, 5, 4):
		return d[:5] + "-" + d[5:], nil
	}
	return "", problem("is not a ZIP Code: use 5 digits, or ZIP+4 like 12345-6789")
}
