package verify

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"regexp"
	"strings"
)

// vendorPath is where the vendor takes verification requests, under the base URL.
const vendorPath = "/v1/account-verifications"

// Limits on what a vendor answer may hold; anything larger is not an answer to one
// question about one account, and we store these fields as evidence.
const (
	maxReferenceLen = 128
	maxOwnerLen     = 256
	maxCodes        = 64
	maxCodeLen      = 256
)

// vendorRequest is the body POSTed to the vendor. It is the one place the account
// number is in the clear; it is marshalled at once and never logged.
type vendorRequest struct {
	RoutingNumber string   `json:"routing_number"`
	AccountNumber string   `json:"account_number"`
	AccountType   string   `json:"account_type"`
	Name          string   `json:"name"`
	AltNames      []string `json:"alt_names,omitempty"`
}

// newVendorRequest builds the body for req: the holder's name to match, and the legal
// and trade names as alternatives the bank may have on file.
func newVendorRequest(req Request) vendorRequest {
	name := req.ownerName()
	var alt []string
	for _, n := range []string{req.LegalName, req.DBA} {
		if n != "" && n != name {
			alt = append(alt, n)
		}
	}
	return vendorRequest{
		RoutingNumber: req.RoutingNumber,
		AccountNumber: req.AccountNumber.Reveal(),
		AccountType:   req.AccountType,
		Name:          name,
		AltNames:      alt,
	}
}

// vendorResponse is the vendor's 2xx answer.
type vendorResponse struct {
	Reference string            `json:"reference"`
	Status    string            `json:"status"`
	OwnerName *string           `json:"owner_name"`
	Codes     map[string]string `json:"codes"`
}

// vendorStatuses maps the vendor's statuses to ours; anything else is StatusUnknown.
var vendorStatuses = map[string]Status{
	"OPEN":             StatusOpen,
	"CLOSED":           StatusClosed,
	"CLOSED_FOR_CAUSE": StatusClosedForCause,
	"FROZEN":           StatusFrozen,
	"NOT_FOUND":        StatusNotFound,
}

// decodeAnswer checks and decodes a 2xx body into an Answer (without Provider and
// CheckedAt, which the caller knows). Errors are plain; the caller wraps ErrBadAnswer.
func decodeAnswer(contentType string, raw []byte) (Answer, error) {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return Answer{}, fmt.Errorf("content type %q is not JSON", scrub(contentType))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	// Strict: a field we do not know may change the meaning of those we do.
	dec.DisallowUnknownFields()
	var v vendorResponse
	if err := dec.Decode(&v); err != nil {
		return Answer{}, fmt.Errorf("decode body: %s", scrub(err.Error()))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Answer{}, errors.New("decode body: data after the JSON object")
	}
	switch {
	case v.Reference == "":
		return Answer{}, errors.New("reference is missing")
	case len(v.Reference) > maxReferenceLen:
		return Answer{}, errors.New("reference is too long")
	case v.Status == "":
		return Answer{}, errors.New("status is missing")
	case len(v.Status) > maxCodeLen:
		return Answer{}, errors.New("status is too long")
	case v.OwnerName != nil && len(*v.OwnerName) > maxOwnerLen:
		return Answer{}, errors.New("owner_name is too long")
	case len(v.Codes) > maxCodes:
		return Answer{}, errors.New("too many codes")
	}
	codes := make(map[string]string, len(v.Codes)+1)
	for k, c := range v.Codes {
		if len(k) > maxCodeLen || len(c) > maxCodeLen {
			return Answer{}, errors.New("a code is too long")
		}
		codes[k] = c
	}
	status, known := vendorStatuses[v.Status]
	if !known {
		status = StatusUnknown
		// Kept so that a new vendor status can be read back from the evidence.
		codes["vendor_status"] = v.Status
	}
	a := Answer{
		ProviderRef:   v.Reference,
		AccountStatus: status,
		RawCodes:      codes,
		RawSHA256:     sha256Hex(raw),
	}
	if v.OwnerName != nil {
		a.OwnerOfRecord = strings.TrimSpace(*v.OwnerName)
	}
	return a, nil
}

// sha256Hex is the evidence hash of a raw body.
func sha256Hex(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// digitRun matches what could be an account number or a piece of one.
var digitRun = regexp.MustCompile(`[0-9]{4,}`)

// scrub hides every run of four or more digits in text that came from the vendor. A
// vendor may echo what it was sent, and Go's JSON errors may quote a number they could
// not store, so such text is never wrapped into an error as is.
func scrub(s string) string {
	return digitRun.ReplaceAllString(s, "####")
}
