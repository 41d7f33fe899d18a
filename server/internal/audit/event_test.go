package audit

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

func TestIsSecretKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key    string
		secret bool
	}{
		{"password", true}, {"new_password", true}, {"newPassword", true}, {"PASSWORD_HASH", true},
		{"passwd", true}, {"pwd", true}, {"passphrase", true},
		{"token", true}, {"access_token", true}, {"refreshToken", true}, {"resettoken", true},
		{"secret", true}, {"client_secret", true}, {"totpSecret", true}, {"api_key", true}, {"apiKey", true},
		{"account_number", true}, {"accountNumber", true}, {"Account-Number", true}, {"acct_no", true},
		{"bank.account.number", true}, {"masked_account_number", true},
		{"tin", true}, {"TIN", true}, {"payee_tin", true}, {"tinValue", true}, {"ssn", true}, {"ein", true},
		{"iban", true}, {"tax_id", true}, {"taxId", true}, {"pin", true},
		{"setting", false}, {"routing_number", false}, {"destination", false}, {"account_last4", false},
		{"sessions_ended", false}, {"passkeys_revoked", false}, {"status", false}, {"rule_id", false},
		{"continent", false}, {"spinner", false}, {"old_status", false}, {"cidr", false},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			assert.Equal(t, tt.secret, isSecretKey(tt.key))
		})
	}
}

func TestPrepare(t *testing.T) {
	t.Parallel()
	valid := func() Event {
		return Event{
			ActorID: "usr_a", ActorRole: "support", Action: "user.password_reset_forced",
			TargetType: "user", TargetID: "usr_b", Reason: "locked out",
		}
	}
	tests := []struct {
		name      string
		mutate    func(e *Event)
		wantField string // "" = valid
		check     func(t *testing.T, r row)
	}{
		{"valid", func(*Event) {}, "", func(t *testing.T, r row) {
			assert.Equal(t, "{}", r.Details)
			assert.Equal(t, "", r.IP)
		}},
		{"system actor", func(e *Event) { e.ActorID, e.ActorRole = "", "" }, "", nil},
		{"details canonical, sorted at every level", func(e *Event) {
			e.Details = map[string]any{"z": 1, "a": map[string]any{"y": true, "b": []any{"x", 2.5}}}
		}, "", func(t *testing.T, r row) {
			assert.Equal(t, `{"a":{"b":["x",2.5],"y":true},"z":1}`, r.Details)
		}},
		{"struct values are checked too", func(e *Event) {
			e.Details = map[string]any{"user": struct{ Password string }{"hunter2"}}
		}, "details.user.Password", nil},
		{"secret key refused", func(e *Event) { e.Details = map[string]any{"password": "x"} }, "details.password", nil},
		{"nested secret key refused", func(e *Event) {
			e.Details = map[string]any{"payee": map[string]any{"tin": "12-3456789"}}
		}, "details.payee.tin", nil},
		{"secret key inside a list refused", func(e *Event) {
			e.Details = map[string]any{"items": []any{map[string]any{"access_token": "t"}}}
		}, "details.items[0].access_token", nil},
		{"account number refused", func(e *Event) { e.Details = map[string]any{"accountNumber": "1"} }, "details.accountNumber", nil},
		{"details too big", func(e *Event) { e.Details = map[string]any{"x": strings.Repeat("a", MaxDetailsLen)} }, "details", nil},
		{"unencodable details", func(e *Event) { e.Details = map[string]any{"c": make(chan int)} }, "details", nil},
		{"missing action", func(e *Event) { e.Action = "" }, "action", nil},
		{"single-word action", func(e *Event) { e.Action = "login" }, "action", nil},
		{"uppercase action", func(e *Event) { e.Action = "User.Login" }, "action", nil},
		{"action with a space", func(e *Event) { e.Action = "user. login" }, "action", nil},
		{"long actor id", func(e *Event) { e.ActorID = strings.Repeat("a", maxNameLen+1) }, "actor_id", nil},
		{"bad ip", func(e *Event) { e.IP = "not-an-ip" }, "ip", nil},
		{"ip canonicalised", func(e *Event) { e.IP = "::ffff:192.0.2.1" }, "", func(t *testing.T, r row) {
			assert.Equal(t, "192.0.2.1", r.IP)
		}},
		{"ipv6 canonicalised", func(e *Event) { e.IP = "2001:DB8:0:0::1" }, "", func(t *testing.T, r row) {
			assert.Equal(t, "2001:db8::1", r.IP)
		}},
		{"user agent truncated on a rune boundary", func(e *Event) {
			e.UserAgent = strings.Repeat("a", MaxUserAgentLen-1) + "é" + "tail"
		}, "", func(t *testing.T, r row) {
			assert.Equal(t, strings.Repeat("a", MaxUserAgentLen-1), r.UserAgent)
		}},
		{"invalid utf-8 and NUL cleaned", func(e *Event) { e.UserAgent = "a\x00b\xffc" }, "", func(t *testing.T, r row) {
			assert.Equal(t, "ab\uFFFDc", r.UserAgent)
		}},
		{"reason too long", func(e *Event) { e.Reason = strings.Repeat("é", MaxTextLen+1) }, "reason", nil},
		{"reason at the limit", func(e *Event) { e.Reason = strings.Repeat("é", MaxTextLen) }, "", nil},
		{"verified by callback", func(e *Event) {
			e.VerifiedByMethod, e.VerifiedByNote = VerifiedByCallback, "called the number on file"
		}, "", func(t *testing.T, r row) { assert.Equal(t, "callback", r.VerifiedByMethod) }},
		{"unknown verification method", func(e *Event) { e.VerifiedByMethod = "email" }, "verified_by.method", nil},
		{"note without method", func(e *Event) { e.VerifiedByNote = "trust me" }, "verified_by.note", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := valid()
			tt.mutate(&e)
			r, err := prepare(e)
			if tt.wantField != "" {
				require.ErrorIs(t, err, errs.ErrInvalid)
				var fe errs.FieldErrors
				require.ErrorAs(t, err, &fe)
				var fields []string
				for _, f := range fe {
					fields = append(fields, f.Field)
				}
				assert.Contains(t, fields, tt.wantField)
				return
			}
			require.NoError(t, err)
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func TestCSVCell(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"":                  "",
		"plain":             "plain",
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+1 555":            "'+1 555",
		"-2+3":              "'-2+3",
		"@SUM(A1)":          "'@SUM(A1)",
		"\t=1":              "'\t=1",
		"\r=1":              "'\r=1",
		"a=1":               "a=1",
		"{\"a\":1}":         "{\"a\":1}",
	}
	for in, want := range tests {
		assert.Equal(t, want, csvCell(in), "%q", in)
	}
}
