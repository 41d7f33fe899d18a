package identity_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// Details the table checks refusals against: each reason in its own words.
const (
	tooShort   = "This password is too short: use at least 12 characters."
	tooLong    = "This password is too long: use at most 128 characters."
	notText    = "This password contains characters that are not valid text."
	hasEmail   = "This password contains your e-mail address."
	hasLocal   = "This password contains the first part of your e-mail address."
	hasName    = "This password contains your name."
	hasOrg     = "This password contains your organization's name."
	hasService = "This password contains the name Vouch."
	common     = "This password is on a list of commonly used passwords."
	repetitive = "This password repeats too few different characters."
	guessable  = "This password is too easy to guess. Try a longer phrase of several unrelated words."
)

func TestCheckPassword(t *testing.T) {
	t.Parallel()
	bill := identity.PasswordContext{Email: "bill.lumbergh@initech.example", Name: "Bill Lumbergh", OrgName: "Initech Corp"}
	shortLocal := identity.PasswordContext{Email: "al@hq.example", OrgName: "HP"}
	tests := []struct {
		name   string
		pw     string
		pc     identity.PasswordContext
		detail string // "" means accepted
	}{
		{"empty", "", bill, tooShort},
		{"eleven characters", "xK9$mQ2vL#p", bill, tooShort},
		{"twelve characters", "xK9$mQ2vL#pR", bill, ""},
		{"eleven runes but 33 bytes", strings.Repeat("€", 11), bill, tooShort},
		{"128 characters", strings.Repeat("xK9$mQ2vL#pR7nW4", 8), bill, ""},
		{"129 characters", strings.Repeat("xK9$mQ2vL#pR7nW4", 8) + "z", bill, tooLong},
		{"129 characters that compose to 65", strings.Repeat("e\u0301", 64) + "x", bill, tooLong},
		{"over 512 bytes", strings.Repeat("€", 200), bill, tooLong},
		{"nine letters as three ligatures", "\ufb03\ufb03\ufb03", bill, tooShort},
		{"eleven characters, a ligature of three among them", "\ufb03x9$mQ2vL#p", bill, ""},
		{"invalid utf-8", "xK9$mQ2vL#pR7nW4\xff", bill, notText},
		{"passphrase", "correct horse battery staple", bill, ""},
		{"passphrase without spaces", "correcthorsebatterystaple", bill, ""},
		{"Cyrillic passphrase", "ЖёлтыйСлонПоётВечером", bill, ""},
		{"Chinese sentence", "黄色的大象在晚上唱歌很好听", bill, ""},
		{"long passphrase past the scored window", "my dog's name is rex and he is seven years old", bill, ""},
		{"whole e-mail", "bill.lumbergh@initech.example!", bill, hasEmail},
		{"e-mail ignoring case and punctuation", "BillLumbergh-Initech.Example", bill, hasEmail},
		{"local part", "xk9-bill.lumbergh-q2", bill, hasLocal},
		{"short local part is not refused alone", "al-walks-quietly-home", shortLocal, ""},
		{"whole e-mail with a short local part", "al@hq.example-2026", shortLocal, hasEmail},
		{"name ignoring spaces", "mr-billlumbergh-42", identity.PasswordContext{Email: "wl@initech.example", Name: "Bill Lumbergh"}, hasName},
		{"org name ignoring case and spaces", "purple-INITECHCORP-7", bill, hasOrg},
		{"org name with a dash", "xk9-initech-corp-q2", bill, hasOrg},
		{"short org name is not refused alone", "quiet-otter-hp-harbor", shortLocal, ""},
		{"service name", "vouch-supplier-2026", bill, hasService},
		{"service name in capitals", "MyVOUCHaccount!!", identity.PasswordContext{}, hasService},
		{"common password", "qwertyuiop12", bill, common},
		{"common password in capitals", "QWERTYUIOP12", bill, common},
		{"common password in full-width forms", "Ｐａｓｓｗｏｒｄ１２３４", bill, common},
		{"common keyboard walk", "1qaz2wsx3edc", bill, common},
		{"one character repeated", strings.Repeat("a", 12), bill, repetitive},
		{"one non-ASCII character repeated", strings.Repeat("€", 12), bill, repetitive},
		{"two characters alternated", strings.Repeat("Жж", 8), bill, repetitive},
		{"word with digits", "monkey-banana-1999", bill, guessable},
		{"season and year", "Summer2024!!", bill, guessable},
		{"l33t common password", "P@ssw0rd1234", bill, guessable},
		{"l33t with ambiguous symbols", "|1ov3y0u-|1ov3y0u", bill, guessable},
		{"a random block repeated", "qzjxvqzjxvqzjxv", bill, guessable},
		{"a mixed block repeated", "Xk9#mXk9#mXk9#m", bill, guessable},
		{"a word repeated", "sunflowersunflower", bill, guessable},
		{"digits in sequence", "12345678901234567890", bill, guessable},
		{"letters in sequence", "abcdefghijklmnop", bill, guessable},
		{"surname from the context", "lumbergh-rules-2026", bill, guessable},
		{"weak start of a long password", strings.Repeat("a", 30) + "9Xk#2mP", bill, guessable},
		{"random", "xK9$mQ2vL#pR7nW4zT8@", bill, ""},
		{"three unrelated words", "plum-raven-quarry-66", bill, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := identity.CheckPassword(tt.pw, tt.pc)
			if tt.detail == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, errs.ErrInvalid)
			var coded *errs.Coded
			require.True(t, errors.As(err, &coded))
			assert.Equal(t, "weak_password", coded.Code)
			assert.Equal(t, tt.detail, coded.Detail)
			if tt.pw != "" {
				assert.NotContains(t, coded.Error(), tt.pw, "a refusal must not echo the password")
			}
		})
	}
}

func TestValidatePasswordIsCheckPasswordWithoutContext(t *testing.T) {
	t.Parallel()
	require.NoError(t, identity.ValidatePassword("correct horse battery staple"))
	require.ErrorIs(t, identity.ValidatePassword("qwertyuiop12"), errs.ErrInvalid)
	// Without context, e-mail-like passwords are judged on strength alone.
	require.NoError(t, identity.ValidatePassword("bill.lumbergh@initech.example"))
}

// FuzzCheckPassword checks that no input panics, that 129 characters or more are always
// refused, and that every refusal is a well-formed weak_password.
func FuzzCheckPassword(f *testing.F) {
	for _, s := range []string{"", "correct horse battery staple", "P@ssw0rd1234", "€€€€€€€€€€€€",
		"\xff\xfe", "4@8({[<369!|1705$+7%2", "ЖёлтыйСлонПоётВечером", "e\u0301e\u0301", "\ufb03"} {
		f.Add(s, "bill@initech.example", "Initech")
	}
	f.Fuzz(func(t *testing.T, pw, email, org string) {
		err := identity.CheckPassword(pw, identity.PasswordContext{Email: email, Name: email, OrgName: org})
		if utf8.RuneCountInString(pw) > identity.MaxPasswordLen && err == nil {
			t.Fatalf("accepted %d characters", utf8.RuneCountInString(pw))
		}
		if err != nil {
			var coded *errs.Coded
			if !errors.As(err, &coded) || coded.Code != "weak_password" || coded.Detail == "" {
				t.Fatalf("malformed refusal %v", err)
			}
		}
	})
}

// BenchmarkCheckPassword measures a whole check, strength estimate included, on typical
// and adversarial inputs; each must stay well under a millisecond.
func BenchmarkCheckPassword(b *testing.B) {
	pc := identity.PasswordContext{Email: "bill.lumbergh@initech.example", Name: "Bill Lumbergh", OrgName: "Initech Corp"}
	cases := []struct{ name, pw string }{
		{"random 12", "xK9$mQ2vL#pR"},
		{"passphrase 28", "correct horse battery staple"},
		{"random 128", strings.Repeat("xK9$mQ2vL#pR7nW4", 8)},
		{"l33t symbols 128", strings.Repeat("4@8({[<369!|1705$+7%2", 7)[:128]},
		{"words 128", strings.Repeat("thepasswordisthe", 8)},
		{"common", "qwertyuiop12"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				_ = identity.CheckPassword(c.pw, pc)
			}
		})
	}
}

func TestParseRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want identity.Role
		ok   bool
	}{
		{"platform_admin", identity.RolePlatformAdmin, true},
		{"support", identity.RoleSupport, true},
		{" Customer_Admin ", identity.RoleCustomerAdmin, true},
		{"supplier_user", identity.RoleSupplierUser, true},
		{"admin", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := identity.ParseRole(tt.in)
			if !tt.ok {
				require.ErrorIs(t, err, errs.ErrInvalid)
				var coded *errs.Coded
				require.True(t, errors.As(err, &coded))
				assert.Equal(t, "invalid_role", coded.Code)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	kind, scoped := identity.RoleCustomerAdmin.OrgKind()
	assert.True(t, scoped)
	assert.Equal(t, identity.OrgCustomer, kind)
	_, scoped = identity.RoleSupport.OrgKind()
	assert.False(t, scoped)
}

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want string
		ok       bool
	}{
		{" Admin@Acme.Example ", "admin@acme.example", true},
		{"a.b+tag@example.com", "a.b+tag@example.com", true},
		{"Ann <ann@example.com>", "", false},
		{"no-at-sign", "", false},
		{"two@@example.com", "", false},
		{"", "", false},
		{strings.Repeat("a", 250) + "@x.io", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := identity.NormalizeEmail(tt.in)
			if !tt.ok {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
