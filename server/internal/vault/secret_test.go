package vault_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/vault"
)

// planted is an account number that must never come out of a Secret by accident.
const planted = "000987654321"

type withSecrets struct {
	Name    string
	Account vault.Secret
	TIN     *vault.Secret
	hidden  vault.Secret // unexported: fmt reaches it by reflection, without its methods
	List    []vault.Secret
	ByName  map[string]vault.Secret
}

func sample() withSecrets {
	s := vault.NewSecret(planted)
	return withSecrets{
		Name: "Acme", Account: s, TIN: &s, hidden: s,
		List: []vault.Secret{s}, ByName: map[string]vault.Secret{"a": s},
	}
}

func TestSecretNeverPrints(t *testing.T) {
	s := vault.NewSecret(planted)
	w := sample()
	var out []string
	for _, v := range []any{s, &s, w, &w, []vault.Secret{s}, map[vault.Secret]int{s: 1}, struct{ s vault.Secret }{s}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t", "%10.3v", "%T"} {
			out = append(out, fmt.Sprintf(verb, v))
		}
		out = append(out, fmt.Sprint(v), fmt.Sprintln(v))
	}
	out = append(out, fmt.Errorf("verify account %v: %w", s, errors.New("timeout")).Error())

	for _, v := range []any{s, &s, w, map[string]vault.Secret{"a": s}, map[vault.Secret]string{s: "x"}} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		out = append(out, string(b))
	}

	var text, js bytes.Buffer
	for _, h := range []slog.Handler{slog.NewTextHandler(&text, nil), slog.NewJSONHandler(&js, nil)} {
		l := slog.New(h)
		l.Info("account added", "account", s, "ptr", &s, "supplier", w, "ptrs", &w)
		l.Info("group", slog.Group("bank", slog.Any("number", s)))
		l.With("account", s).Warn("with")
		l.Info("attr", slog.Any("account", s))
	}
	out = append(out, text.String(), js.String())

	for _, o := range out {
		assert.NotContains(t, o, planted)
		assert.NotContains(t, o, "4321", "not even the tail: logs show [redacted]")
		assert.NotContains(t, o, fmt.Sprintf("%x", planted)[:12], "nor its hex")
	}
	assert.Equal(t, vault.Redacted, s.String())
	assert.Equal(t, vault.Redacted, fmt.Sprintf("%v", s))
	assert.Equal(t, "vault.Secret{[redacted]}", fmt.Sprintf("%#v", s))
	assert.Contains(t, js.String(), `"account":"[redacted]"`)
	assert.Contains(t, text.String(), `account=[redacted]`)
}

func TestSecretValue(t *testing.T) {
	s := vault.NewSecret(planted)
	assert.Equal(t, planted, s.Reveal())
	assert.False(t, s.IsZero())
	assert.True(t, vault.NewSecret("").IsZero())
	assert.True(t, vault.Secret{}.IsZero())
	assert.Empty(t, vault.Secret{}.Reveal())
	assert.True(t, s.Equal(vault.NewSecret(planted)))
	assert.False(t, s.Equal(vault.NewSecret(planted[:11])))
	assert.False(t, s.Equal(vault.Secret{}))
	assert.True(t, vault.Secret{}.Equal(vault.NewSecret("")))
	assert.Equal(t, "4321", s.Last4())
	assert.Equal(t, "••••4321", s.Masked())
}

func TestLast4AndMask(t *testing.T) {
	tests := []struct{ in, last4, mask string }{
		{"123456789", "6789", "••••6789"},
		{"000123456789", "6789", "••••6789"},
		{"12345678901234567", "4567", "••••4567"},
		{"12345678", "5678", "••••5678"},
		{"1234567", "567", "••••567"},
		{"123456", "456", "••••456"},
		{"1234", "34", "••••34"},
		{"12", "2", "••••2"},
		{"1", "", "••••"},
		{"", "", "••••"},
		{"ab€€€€€€", "€€€€", "••••€€€€"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.last4, vault.Last4(tt.in))
			assert.Equal(t, tt.mask, vault.Mask(tt.in))
		})
	}
}
