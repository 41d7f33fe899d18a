package httpapi_test

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/app"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/keyrotation"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// devIndexEntry is the blind-index entry of the dev ring, which rotation keeps.
func devIndexEntry(t *testing.T) string {
	t.Helper()
	for _, e := range strings.FieldsFunc(vault.DevKeys, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		if strings.HasPrefix(e, "index:") {
			return e
		}
	}
	t.Fatal("no index key in DevKeys")
	return ""
}

// withKeys builds the services again on the same backends with another key ring, as a
// restart with a new VOUCH_KEYS would.
func withKeys(t *testing.T, e *apitest.Env, keys string) *app.App {
	t.Helper()
	cfg := e.App.Config
	cfg.Keys = keys
	a, err := app.New(cfg, slog.New(slog.DiscardHandler), e.App.DB, e.App.KV, nil)
	require.NoError(t, err)
	return a
}

func sealedFields(a *app.App) []keyrotation.Field {
	return append(a.Onboarding.SealedFields(), a.Accounts.SealedFields()...)
}

func TestKeyRotationResealsEverything(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		admin := e.Client()
		admin.SignIn(t, "ap@acme.example", adminPW)
		supplier, supplierID := supplierWithProfile(t, e, admin, "sales@bolt.example")
		up, ctype := multipartBody(t, "w9", "w9.pdf", []byte(tinyPDF))
		r := supplier.Do(t, "POST", "/api/v1/supplier/documents", up, "Content-Type", ctype)
		require.Equal(t, http.StatusCreated, r.Status)
		var doc struct{ ID string }
		r.JSON(t, &doc)
		require.Equal(t, http.StatusCreated, addAccount(t, supplier, "123456789012").Status)

		k2, err := vault.GenerateKey("k2")
		require.NoError(t, err)
		rotating := withKeys(t, e, k2+","+vault.DevKeys)
		var lines []string
		res, err := keyrotation.Run(t.Context(), sealedFields(rotating), 1, func(f string, done, total int) {
			lines = append(lines, f)
		})
		require.NoError(t, err)
		assert.Equal(t, keyrotation.Result{"tins": 1, "documents": 1, "account numbers": 1}, res)
		assert.NotEmpty(t, lines, "progress is reported")

		again, err := keyrotation.Run(t.Context(), sealedFields(rotating), 100, nil)
		require.NoError(t, err)
		assert.Empty(t, again, "a second run finds nothing left: rotation is resumable and idempotent")

		// Without the old key at all, everything still opens.
		after := withKeys(t, e, k2+","+devIndexEntry(t))
		for _, f := range sealedFields(after) {
			n, err := f.Remaining(t.Context())
			require.NoError(t, err)
			assert.Zero(t, n, f.Name())
		}
		_, data, err := after.Onboarding.OpenDocument(t.Context(), identity.Actor{}, supplierID, "", doc.ID)
		require.NoError(t, err)
		assert.Equal(t, tinyPDF, string(data))
		_, err = after.Onboarding.Submit(t.Context(), identity.Actor{}, supplierID)
		require.NoError(t, err, "the TIN opens under the new key")
	})
}
