package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
)

// A client that retries a create with the same Idempotency-Key (a timeout, a double tap
// on a phone) gets the first answer back and nothing is created twice.
func TestIdempotencyKeyMakesCreatesSafeToRetry(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		admin := acmeAdmin(t, e)
		supplier, _ := supplierWithProfile(t, e, admin, "sales@bolt.example")
		add := func(number, key string) *apitest.Response {
			return supplier.Do(t, "POST", "/api/v1/supplier/bank-accounts", map[string]string{"routing_number": testRTN,
				"account_number": number, "account_type": "checking", "holder_name": "Bolt and Nut LLC"}, "Idempotency-Key", key)
		}
		countAccounts := func() int {
			var n int
			require.NoError(t, e.App.DB.Get(t.Context(), &n, `SELECT count(*) FROM bank_accounts`))
			return n
		}

		first := add("123456789012", "add-1")
		require.Equal(t, http.StatusCreated, first.Status, string(first.Body))
		again := add("123456789012", "add-1")
		require.Equal(t, http.StatusCreated, again.Status, string(again.Body))
		assert.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
		assert.JSONEq(t, string(first.Body), string(again.Body), "the same account, as first answered")
		assert.Equal(t, 1, countAccounts(), "a retry creates nothing")

		r := add("123456781111", "add-1")
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
		assert.Equal(t, "idempotency_key_reused", r.Problem(t))
		assert.Equal(t, 1, countAccounts())

		// A refused request keeps nothing: fixed, it goes through under the same key.
		stepUp(t, e, supplier) // the second account is a guarded change
		r = add("12AB", "add-2")
		assert.Equal(t, "invalid_input", r.Problem(t))
		r = add("555000123456", "add-2")
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		assert.Empty(t, r.Header.Get("Idempotent-Replayed"))
		assert.Equal(t, 2, countAccounts())

		// Keys belong to their caller: another supplier's equal key is its own.
		other, _ := supplierWithProfile(t, e, admin, "books@nut.example")
		r = other.Do(t, "POST", "/api/v1/supplier/bank-accounts", map[string]string{"routing_number": testRTN,
			"account_number": "123456789012", "account_type": "checking", "holder_name": "Bolt and Nut LLC"}, "Idempotency-Key", "add-1")
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		assert.Empty(t, r.Header.Get("Idempotent-Replayed"))
		assert.Equal(t, 3, countAccounts())

		for _, bad := range []string{"has space", strings.Repeat("k", 256), "caf\u00e9"} {
			r = add("123456789012", bad)
			assert.Equal(t, http.StatusBadRequest, r.Status, bad)
			assert.Equal(t, "invalid_idempotency_key", r.Problem(t), bad)
		}
		assert.Equal(t, 3, countAccounts())

		// Without the header every request creates, as before.
		r = add("555000654321", "")
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		assert.Equal(t, 4, countAccounts())
	})
}

// An invitation's answer carries its enrollment link; a retry gets the same invitation
// and link, and no second e-mail goes out.
func TestIdempotencyKeyOnInvitations(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		admin := acmeAdmin(t, e)
		body := map[string]string{"email": "sales@bolt.example", "supplier_name": "Bolt"}
		first := admin.Do(t, "POST", "/api/v1/invitations", body, "Idempotency-Key", "inv-7f3a")
		require.Equal(t, http.StatusCreated, first.Status, string(first.Body))
		again := admin.Do(t, "POST", "/api/v1/invitations", body, "Idempotency-Key", "inv-7f3a")
		require.Equal(t, http.StatusCreated, again.Status, string(again.Body))
		assert.JSONEq(t, string(first.Body), string(again.Body))
		var n int
		require.NoError(t, e.App.DB.Get(t.Context(), &n, `SELECT count(*) FROM invitations`))
		assert.Equal(t, 1, n)
	})
}

// A client that uploads the same file again picks a new multipart boundary: that retry is
// the same request, and one document is kept.
func TestIdempotencyKeyOnDocumentUploads(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		admin := acmeAdmin(t, e)
		supplier, _ := supplierWithProfile(t, e, admin, "sales@bolt.example")
		upload := func(data string) *apitest.Response {
			body, ctype := multipartBody(t, "w9", "w9.pdf", []byte(data))
			return supplier.Do(t, "POST", "/api/v1/supplier/documents", body, "Content-Type", ctype, "Idempotency-Key", "w9-upload")
		}
		first := upload(tinyPDF)
		require.Equal(t, http.StatusCreated, first.Status, string(first.Body))
		again := upload(tinyPDF)
		require.Equal(t, http.StatusCreated, again.Status, string(again.Body))
		assert.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
		assert.JSONEq(t, string(first.Body), string(again.Body))
		assert.Equal(t, "idempotency_key_reused", upload(tinyPDF+"%another file\n").Problem(t))
		var n int
		require.NoError(t, e.App.DB.Get(t.Context(), &n, `SELECT count(*) FROM supplier_documents`))
		assert.Equal(t, 1, n)
	})
}
