package cleansing

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// maxPhoneLen bounds the input handed to the parser, in characters; the longest real
// number with spacing and a country code is well under it.
const maxPhoneLen = 40

// Phone returns s in E.164 form (+14155552671). A number without a country code is read
// as a number of region, the ISO 3166 code of the supplier's address; with region empty or
// unknown, the number must start with + and its country code. The error's text is a
// message for the field.
func Phone(s, region string) (string, error) {
	s, err := cleanText(s)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", problem("is required")
	}
	if utf8.RuneCountInString(s) > maxPhoneLen {
		return "", problemf("must be at most %d characters", maxPhoneLen)
	}
	noCountry := region == ""
	if !isoCountries[region] || phonenumbers.GetCountryCodeForRegion(region) == 0 {
		region = "ZZ" // the library's "unknown region": only +-prefixed numbers parse
	}
	num, err := parsePhone(s, region)
	switch {
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode) && region == "ZZ" && !strings.HasPrefix(s, "+"):
		if noCountry {
			return "", problem("needs its country code, like +1 415 555 2671, since the address has no country")
		}
		return "", problem("needs its country code, like +1 415 555 2671")
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
		return "", problem("has a country code that does not exist")
	case err != nil:
		return "", problem("is not a phone number")
	case num.GetExtension() != "":
		// E.164 has no place for an extension, and dropping it quietly would route calls
		// to a switchboard nobody expects; let the person decide.
		return "", problem("has an extension, which this field cannot hold: enter the number without it")
	case !phonenumbers.IsValidNumber(num):
		if rc := phonenumbers.GetRegionCodeForCountryCode(int(num.GetCountryCode())); rc != "" && rc != "ZZ" {
			return "", problem("is not a valid phone number in " + rc + ": check the digits and the country code")
		}
		return "", problem("is not a valid phone number: check the digits and the country code")
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}

// parsePhone calls the parser and turns a panic into an error. The library has had
// slicing panics on odd input (nyaruka/phonenumbers#148), and the input here is whatever a
// stranger types; one bad value must fail that field, not the request.
func parsePhone(s, region string) (num *phonenumbers.PhoneNumber, err error) {
	defer func() {
		if recover() != nil {
			num, err = nil, errors.New("phone parser failed")
		}
	}()
	return phonenumbers.Parse(s, region)
}
