// Package audit keeps Vouch's audit log: an append-only, hash-chained record of who did
// what to whom, and why. Every support and admin action, and every security-relevant
// change, appends one Event in the same database transaction as the change itself, so a
// change is never committed without its record nor recorded without being committed.
//
// Each event carries the SHA-256 hash of its own fields and of the previous event's hash,
// so altering, removing or reordering a stored event breaks the chain at that point,
// which Verify reports. Database triggers refuse UPDATE and DELETE on the table; the
// chain catches whoever gets around them. It cannot show events cut off the end of the
// log: keep Verdict.LastHash somewhere else to catch that.
//
// # Hash encoding
//
// An event's Hash is the lowercase hex of
//
//	SHA-256(ns("vouch.audit.v1") ns(seq) ns(id) ns(at) ns(actor_id) ns(actor_role)
//	        ns(action) ns(target_type) ns(target_id) ns(org_id) ns(ip) ns(user_agent)
//	        ns(reason) ns(verified_by_method) ns(verified_by_note) ns(details)
//	        ns(prev_hash))
//
// where ns(s) is the netstring of s: its length in bytes in decimal, ":", s, ",". Every
// field is length-prefixed, so no two different events encode alike (with a plain
// separator "a|b"+"c" and "a"+"b|c" would collide). seq is decimal; at is UTC as
// 2006-01-02T15:04:05.000000Z; org_id is "" when there is none; details is the stored
// canonical JSON text, byte for byte (keys sorted at every level, no insignificant
// space); prev_hash is the previous event's hash, or GenesisHash (64 zeros) for the first.
// The leading version string lets a future encoding be told apart from tampering.
//
// Details is for small, non-secret context (counts, old and new statuses, rule ids).
// Callers must never put secrets or sensitive numbers there: passwords, tokens, keys,
// full account numbers, TINs. Record refuses keys that look like them, but it cannot
// recognise a secret under an innocent name; the caller is responsible for what it writes.
package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Event is one audit record. The caller of Record fills in who, what, to whom and why;
// Record assigns ID, Seq, At, PrevHash and Hash.
type Event struct {
	// ID is the event's opaque id ("aud_…"), assigned by Record.
	ID string `json:"id"`
	// Seq is the event's position in the chain: 1, 2, 3, … with no gaps, assigned by Record.
	Seq int64 `json:"seq"`
	// At is when the event was recorded, in UTC to the microsecond, assigned by Record from
	// the server clock: an audit log does not take the caller's word for the time.
	At time.Time `json:"at"`

	// ActorID is the user who acted, or "" for the system itself.
	ActorID string `json:"actor_id"`
	// ActorRole is the role the actor acted in (e.g. "support"), or "" for the system.
	ActorRole string `json:"actor_role"`
	// Action names what happened as lowercase dotted words, "noun.verb_phrase", e.g.
	// "user.password_reset_forced". List filters on its prefix ("user." matches every
	// user action).
	Action string `json:"action"`
	// TargetType and TargetID name what was acted on (e.g. "user", "usr_…"); both may be
	// empty for actions without a target.
	TargetType string `json:"target_type"`
	TargetID   string `json:"target_id"`
	// OrgID is the organisation the action concerns, or "" for platform-wide actions.
	OrgID string `json:"org_id,omitempty"`

	// IP is the client address the action came from, "" for the command line and jobs.
	IP string `json:"ip"`
	// UserAgent is the client's User-Agent; Record truncates it to MaxUserAgentLen bytes.
	UserAgent string `json:"user_agent"`
	// Reason is why the actor did it, in their words; admin and support actions require one
	// (the services enforce that, not this package).
	Reason string `json:"reason"`
	// VerifiedByMethod and VerifiedByNote say how support confirmed that a request really
	// came from the user it acts on (a call back to a known number, a ticket, in person).
	VerifiedByMethod VerificationMethod `json:"verified_by_method,omitempty"`
	VerifiedByNote   string             `json:"verified_by_note,omitempty"`

	// Details is small, non-secret context as a JSON object (at most MaxDetailsLen bytes
	// encoded). Keys that name secrets (password, token, secret, account_number, tin, …)
	// are refused with errs.ErrInvalid; see the package comment. Read back, numbers are
	// json.Number so that large integers survive.
	Details map[string]any `json:"details"`

	// PrevHash is the previous event's Hash, or GenesisHash for the first event.
	PrevHash string `json:"prev_hash"`
	// Hash is the hex SHA-256 of this event's fields and PrevHash (see "Hash encoding"
	// in the package comment).
	Hash string `json:"hash"`
}

// VerificationMethod is how support verified a user's identity before acting for them.
type VerificationMethod string

// The verification methods; "" means the action was not taken on a user's request.
const (
	// VerifiedByCallback: support called the user back on a number already on file.
	VerifiedByCallback VerificationMethod = "callback"
	// VerifiedByTicket: the request came through an authenticated support ticket.
	VerifiedByTicket VerificationMethod = "ticket"
	// VerifiedInPerson: the user was identified face to face.
	VerifiedInPerson VerificationMethod = "in_person"
)

// Valid reports whether m is one of the methods above or empty.
func (m VerificationMethod) Valid() bool {
	switch m {
	case "", VerifiedByCallback, VerifiedByTicket, VerifiedInPerson:
		return true
	}
	return false
}

// Limits on an event's fields. They keep one event small; an audit row is written with
// the caller's change and read back by every verification, forever.
const (
	// MaxUserAgentLen is the length, in bytes, a User-Agent is truncated to. It is cut
	// rather than refused because clients choose it, and an oversized header must not
	// stop the action being audited.
	MaxUserAgentLen = 512
	// MaxDetailsLen is the largest Details object, in bytes of canonical JSON.
	MaxDetailsLen = 4096
	// MaxTextLen is the longest Reason or VerifiedByNote, in characters.
	MaxTextLen = 1000
	// maxNameLen bounds ids, roles, actions and target types, in bytes.
	maxNameLen = 128
)

// actionPattern is lowercase dotted words, at least two: "user.password_reset_forced".
// Keeping actions lowercase also makes List's LIKE prefix match behave the same on SQLite
// (case-insensitive LIKE) and PostgreSQL (case-sensitive).
var actionPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`)

// prepare validates e and turns it into the row Record stores, without the fields Record
// assigns under the chain lock (seq, at, prev_hash, hash) and without the id.
func prepare(e Event) (row, error) {
	var fe errs.FieldErrors
	r := row{
		ActorID:          clean(e.ActorID),
		ActorRole:        clean(e.ActorRole),
		Action:           clean(e.Action),
		TargetType:       clean(e.TargetType),
		TargetID:         clean(e.TargetID),
		OrgID:            clean(e.OrgID),
		UserAgent:        truncate(clean(e.UserAgent), MaxUserAgentLen),
		Reason:           clean(e.Reason),
		VerifiedByMethod: string(e.VerifiedByMethod),
		VerifiedByNote:   clean(e.VerifiedByNote),
	}
	if !actionPattern.MatchString(r.Action) || len(r.Action) > maxNameLen {
		fe = fe.Add("action", "must be lowercase dotted words such as user.password_reset_forced")
	}
	for _, f := range []struct{ name, v string }{
		{"actor_id", r.ActorID}, {"actor_role", r.ActorRole}, {"target_type", r.TargetType},
		{"target_id", r.TargetID}, {"org_id", r.OrgID},
	} {
		if len(f.v) > maxNameLen {
			fe = fe.Add(f.name, fmt.Sprintf("must be at most %d bytes", maxNameLen))
		}
	}
	if e.IP != "" {
		// Stored in canonical form so that one address is always written one way and
		// the actor/IP searches of an investigation match.
		addr, err := netip.ParseAddr(strings.TrimSpace(e.IP))
		if err != nil {
			fe = fe.Add("ip", "must be an IP address")
		}
		r.IP = addr.Unmap().String()
	}
	if utf8.RuneCountInString(r.Reason) > MaxTextLen {
		fe = fe.Add("reason", fmt.Sprintf("must be at most %d characters", MaxTextLen))
	}
	if !e.VerifiedByMethod.Valid() {
		fe = fe.Add("verified_by.method", "must be callback, ticket or in_person")
	}
	if r.VerifiedByNote != "" && e.VerifiedByMethod == "" {
		fe = fe.Add("verified_by.note", "needs a verification method")
	}
	if utf8.RuneCountInString(r.VerifiedByNote) > MaxTextLen {
		fe = fe.Add("verified_by.note", fmt.Sprintf("must be at most %d characters", MaxTextLen))
	}
	details, dfe := canonicalDetails(e.Details)
	fe = append(fe, dfe...)
	r.Details = details
	return r, fe.OrNil()
}

// clean makes s storable on both backends: PostgreSQL refuses invalid UTF-8 and NUL
// bytes, and an audit record must not be lost because a header carried either.
func clean(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// canonicalDetails encodes details as canonical JSON (object keys sorted at every level,
// no insignificant space) after checking every key, at any depth, against the secret
// names. A nil map is "{}".
func canonicalDetails(details map[string]any) (string, errs.FieldErrors) {
	if len(details) == 0 {
		return "{}", nil
	}
	raw, err := json.Marshal(details)
	if err != nil {
		return "", errs.FieldErrors{}.Add("details", "must be encodable as JSON: "+err.Error())
	}
	// Decode and re-encode: struct values become maps, so their field names are checked
	// too, and encoding/json writes maps with sorted keys, which makes the text canonical.
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", errs.FieldErrors{}.Add("details", "must be encodable as JSON: "+err.Error())
	}
	if fe := checkKeys("details", v); len(fe) > 0 {
		return "", fe
	}
	raw, err = json.Marshal(v)
	if err != nil {
		return "", errs.FieldErrors{}.Add("details", "must be encodable as JSON: "+err.Error())
	}
	if len(raw) > MaxDetailsLen {
		return "", errs.FieldErrors{}.Add("details", fmt.Sprintf("must be at most %d bytes of JSON", MaxDetailsLen))
	}
	return string(raw), nil
}

// decodeDetails reads stored canonical JSON back into a map, keeping numbers exact.
func decodeDetails(s string) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("decode details: %w", err)
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

// checkKeys walks a decoded JSON value and reports every object key that names a secret.
func checkKeys(path string, v any) errs.FieldErrors {
	var fe errs.FieldErrors
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			p := path + "." + k
			if isSecretKey(k) {
				// The audit log is kept forever and shown to staff: a secret written
				// here could never be taken back.
				fe = fe.Add(p, "looks like a secret or sensitive number; never put one in audit details")
				continue
			}
			fe = append(fe, checkKeys(p, child)...)
		}
	case []any:
		for i, child := range v {
			fe = append(fe, checkKeys(fmt.Sprintf("%s[%d]", path, i), child)...)
		}
	}
	return fe
}

// secretWords are whole words that name a secret or a sensitive number ("tin" only as a
// word, so that "setting" and "routing" pass).
var secretWords = map[string]bool{
	"tin": true, "itin": true, "ein": true, "ssn": true, "iban": true, "pwd": true,
	"pin": true, "cvv": true, "otp": true,
}

// secretFragments name a secret wherever they appear in the key with separators removed,
// catching "newPassword", "accessToken", "client_secret" and "account-number" alike.
var secretFragments = []string{
	"password", "passwd", "passphrase", "secret", "token", "privatekey", "apikey",
	"accountnumber", "acctnumber", "accountno", "acctno", "taxid", "taxnumber",
}

// isSecretKey reports whether an object key looks like it holds a secret. Keys are split
// into lowercase words at separators and camelCase humps.
func isSecretKey(key string) bool {
	words := splitWords(key)
	for _, w := range words {
		if secretWords[w] {
			return true
		}
	}
	joined := strings.Join(words, "")
	for _, f := range secretFragments {
		if strings.Contains(joined, f) {
			return true
		}
	}
	return false
}

// splitWords splits "accountNumber", "account_number" and "Account-Number" alike into
// lowercase words.
func splitWords(key string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	var prev rune
	for _, c := range key {
		switch {
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			flush()
		case unicode.IsUpper(c) && (unicode.IsLower(prev) || unicode.IsDigit(prev)):
			flush()
			cur = append(cur, unicode.ToLower(c))
		default:
			cur = append(cur, unicode.ToLower(c))
		}
		prev = c
	}
	flush()
	return words
}
