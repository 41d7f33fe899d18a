package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
)

// A routing number with a good ABA checksum; no directory is loaded in these tests.
const testRTN = "021000021"

// bankAccount is the answer of POST /supplier/bank-accounts.
type bankAccount struct {
	ID           string `json:"id"`
	Last4        string `json:"last4"`
	Status       string `json:"status"`
	Guarded      bool   `json:"guarded_change"`
	Verification struct {
		Method        string   `json:"method"`
		AccountStatus string   `json:"account_status"`
		OwnerMatch    string   `json:"owner_match"`
		OwnerScore    int      `json:"owner_score"`
		Reasons       []string `json:"reasons"`
	} `json:"verification"`
	MicroDeposits *struct {
		AttemptsLeft int `json:"attempts_left"`
	} `json:"micro_deposits"`
}

// supplierWithProfile enrolls a supplier invited by admin, with a complete profile.
func supplierWithProfile(t testing.TB, e *apitest.Env, admin *apitest.Client, email string) (*apitest.Client, string) {
	t.Helper()
	c, id := enroll(t, e, invite(t, admin, email, "Bolt"), email, "Bolt and Nut LLC "+strings.Split(email, "@")[0])
	p := map[string]any{}
	for k, v := range completeProfile {
		p[k] = v
	}
	p["legal_name"] = "Bolt and Nut LLC"
	require.Equal(t, http.StatusOK, c.Do(t, "PUT", "/api/v1/supplier/profile", p).Status)
	return c, id
}

// acmeAdmin signs in ap@acme.example, the admin of the customer Acme.
func acmeAdmin(t testing.TB, e *apitest.Env) *apitest.Client {
	t.Helper()
	e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
	admin := e.Client()
	admin.SignIn(t, "ap@acme.example", adminPW)
	return admin
}

func addAccount(t testing.TB, c *apitest.Client, number string) *apitest.Response {
	t.Helper()
	return c.Do(t, "POST", "/api/v1/supplier/bank-accounts", map[string]string{"routing_number": testRTN, "account_number": number,
		"account_type": "checking", "holder_name": "Bolt and Nut LLC"})
}

func TestBankAccountInstantVerification(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		admin := acmeAdmin(t, e)
		supplier, supplierID := supplierWithProfile(t, e, admin, "sales@bolt.example")
		e.CreateUser(t, "books@bolt.example", adminPW, identity.RoleSupplierUser, "Bolt and Nut LLC sales") // a colleague

		bad := []struct {
			name, field string
			body        map[string]string
		}{
			{"letters in the account", "account_number", map[string]string{"routing_number": testRTN, "account_number": "12AB5678", "account_type": "checking", "holder_name": "x"}},
			{"spaces in the account", "account_number", map[string]string{"routing_number": testRTN, "account_number": "1234 5678", "account_type": "checking", "holder_name": "x"}},
			{"3 digits", "account_number", map[string]string{"routing_number": testRTN, "account_number": "123", "account_type": "checking", "holder_name": "x"}},
			{"18 digits", "account_number", map[string]string{"routing_number": testRTN, "account_number": "123456789012345678", "account_type": "checking", "holder_name": "x"}},
			{"8-digit routing", "routing_number", map[string]string{"routing_number": "02100002", "account_number": "12345678", "account_type": "checking", "holder_name": "x"}},
			{"10-digit routing", "routing_number", map[string]string{"routing_number": "0210000210", "account_number": "12345678", "account_type": "checking", "holder_name": "x"}},
			{"bad checksum", "routing_number", map[string]string{"routing_number": "021000022", "account_number": "12345678", "account_type": "checking", "holder_name": "x"}},
			{"type", "account_type", map[string]string{"routing_number": testRTN, "account_number": "12345678", "account_type": "brokerage", "holder_name": "x"}},
			{"holder", "holder_name", map[string]string{"routing_number": testRTN, "account_number": "12345678", "account_type": "checking"}},
		}
		for _, tc := range bad {
			r := supplier.Do(t, "POST", "/api/v1/supplier/bank-accounts", tc.body)
			assert.Equal(t, http.StatusUnprocessableEntity, r.Status, tc.name)
			assert.Contains(t, string(r.Body), `"field":"`+tc.field+`"`, tc.name)
			assert.NotContains(t, string(r.Body), tc.body["account_number"], "%s: the number is never echoed", tc.name)
		}
		r := supplier.Do(t, "GET", "/api/v1/supplier/bank-accounts", nil)
		assert.JSONEq(t, `{"bank_accounts":[]}`, string(r.Body), "nothing of a refused account is stored")

		r = addAccount(t, supplier, "123456789012")
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		assert.NotContains(t, string(r.Body), "123456789012")
		var a bankAccount
		r.JSON(t, &a)
		assert.Equal(t, "9012", a.Last4)
		assert.Equal(t, "verified", a.Status, "open, and the owner of record is the legal name")
		assert.False(t, a.Guarded, "the first account before any approval needs only the session")
		assert.Equal(t, "instant", a.Verification.Method)
		assert.Equal(t, "open", a.Verification.AccountStatus)
		assert.Equal(t, "match", a.Verification.OwnerMatch)
		assert.Equal(t, 100, a.Verification.OwnerScore)

		// Every later account is a guarded change.
		r = addAccount(t, supplier, "5550004444")
		requireStepUp(t, r)
		stepUp(t, e, supplier)
		r = addAccount(t, supplier, "5550004444")
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		r.JSON(t, &a)
		assert.Equal(t, "failed", a.Status)
		assert.Equal(t, "no_match", a.Verification.OwnerMatch)
		assert.True(t, a.Guarded)
		assert.NotContains(t, strings.Join(a.Verification.Reasons, " "), "JOHN DOE", "whoever typed the number does not learn whose it is")
		assert.NotEmpty(t, a.Verification.Reasons)
		m := mailWith(t, e, "ap@acme.example", "Bank account added for Bolt and Nut LLC")
		assert.Contains(t, m.Text, "ending in 4444")
		assert.Contains(t, m.Text, "72 hours")
		m = mailWith(t, e, "books@bolt.example", "Bank account added for Bolt and Nut LLC")
		assert.Contains(t, m.Text, "sales@bolt.example added a bank account", "the colleague learns who changed it")
		assert.Contains(t, m.Text, "/bank-accounts")
		for _, subject := range mailSubjects(t, e, "sales@bolt.example", 1) {
			assert.NotContains(t, subject, "Bank account added", "the one who made the change is not told of it")
		}

		outcomes := map[string][2]string{"0000": {"failed", "not_found"}, "1111": {"failed", "closed"}, "2222": {"failed", "closed_for_cause"}, "3333": {"failed", "frozen"}}
		for last4, want := range outcomes {
			r = addAccount(t, supplier, "77770"+last4)
			require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
			r.JSON(t, &a)
			assert.Equal(t, want[0], a.Status, last4)
			assert.Equal(t, want[1], a.Verification.AccountStatus, last4)
		}
		var alerts []string
		require.NoError(t, e.App.DB.Select(t.Context(), &alerts, `SELECT kind FROM risk_alerts WHERE supplier_org_id = ? ORDER BY kind`, supplierID))
		assert.Equal(t, []string{"bank_account_closed_for_cause", "bank_account_owner_mismatch"}, alerts, "high-risk alerts for the paying customer")

		r = addAccount(t, supplier, "55501234567")
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		r.JSON(t, &a)
		assert.Equal(t, "verified", a.Status)

		var cust struct {
			BankAccounts []struct {
				Last4        string  `json:"last4"`
				CoolingUntil *string `json:"cooling_until"`
				History      []any   `json:"history"`
			} `json:"bank_accounts"`
		}
		r = admin.Do(t, "GET", "/api/v1/reviews/"+supplierID+"/bank-accounts", nil)
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		assert.NotContains(t, string(r.Body), "123456789012")
		r.JSON(t, &cust)
		require.Len(t, cust.BankAccounts, 7)
		first := cust.BankAccounts[len(cust.BankAccounts)-1]
		assert.Equal(t, "9012", first.Last4)
		assert.Nil(t, first.CoolingUntil, "the first account starts no cooling period")
		assert.NotNil(t, cust.BankAccounts[0].CoolingUntil, "a guarded change does")
		assert.Nil(t, cust.BankAccounts[1].CoolingUntil, "not on an account nobody can pay into")
		assert.Len(t, first.History, 1)
	}, apitest.WithMail())
}

func TestBankAccountMicroDepositsAndReview(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		admin := acmeAdmin(t, e)
		supplier, supplierID := supplierWithProfile(t, e, admin, "sales@bolt.example")

		r := addAccount(t, supplier, "1234569999") // the sandbox times out
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		var a bankAccount
		r.JSON(t, &a)
		assert.Equal(t, "pending_micro_deposits", a.Status)
		require.NotNil(t, a.MicroDeposits)
		assert.Equal(t, 3, a.MicroDeposits.AttemptsLeft)

		var amounts []struct {
			A1 int `db:"amount1_cents"`
			A2 int `db:"amount2_cents"`
		}
		require.NoError(t, e.App.DB.Select(t.Context(), &amounts, `SELECT amount1_cents, amount2_cents FROM micro_deposits WHERE bank_account_id = ?`, a.ID))
		require.Len(t, amounts, 1)
		wrong := []int{amounts[0].A1%99 + 1, amounts[0].A2}
		if wrong[0] == amounts[0].A2 {
			wrong[0] = wrong[0]%99 + 1
		}
		path := "/api/v1/supplier/bank-accounts/" + a.ID + "/micro-deposits/verify"
		r = supplier.Do(t, "POST", path, map[string][]int{"amounts_cents": wrong})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
		assert.Equal(t, "micro_deposits_mismatch", r.Problem(t))
		assert.Contains(t, string(r.Body), "2 attempts left")
		r = supplier.Do(t, "POST", path, map[string][]int{"amounts_cents": {0, 100}})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
		assert.Equal(t, "invalid_input", r.Problem(t))

		r = supplier.Do(t, "POST", path, map[string][]int{"amounts_cents": {amounts[0].A2, amounts[0].A1}})
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		r.JSON(t, &a)
		assert.Equal(t, "review", a.Status, "the deposits prove control, not who owns the account")
		r = supplier.Do(t, "POST", path, map[string][]int{"amounts_cents": {amounts[0].A1, amounts[0].A2}})
		assert.Equal(t, "micro_deposits_not_pending", r.Problem(t), "a replay does nothing")

		r = admin.Do(t, "POST", "/api/v1/reviews/"+supplierID+"/bank-accounts/"+a.ID+"/approve", map[string]string{"reason": "called the supplier on the number we have"})
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		r.JSON(t, &a)
		assert.Equal(t, "verified", a.Status)
		r = supplier.Do(t, "GET", "/api/v1/supplier/bank-accounts/"+a.ID+"/history", nil)
		var hist struct {
			Verifications []struct{ Method string } `json:"verifications"`
		}
		r.JSON(t, &hist)
		var methods []string
		for _, v := range hist.Verifications {
			methods = append(methods, v.Method)
		}
		assert.Equal(t, []string{"micro_deposits", "micro_deposits", "manual"}, methods, "every verification is kept")

		// Three wrong tries fail an account for good.
		stepUp(t, e, supplier)
		r = addAccount(t, supplier, "7654329999")
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		r.JSON(t, &a)
		path = "/api/v1/supplier/bank-accounts/" + a.ID + "/micro-deposits/verify"
		require.NoError(t, e.App.DB.Select(t.Context(), &amounts, `SELECT amount1_cents, amount2_cents FROM micro_deposits WHERE bank_account_id = ?`, a.ID))
		bad := []int{amounts[len(amounts)-1].A1, 100 - amounts[len(amounts)-1].A1}
		if bad[1] == amounts[len(amounts)-1].A2 || bad[1] < 1 {
			bad[1] = amounts[len(amounts)-1].A2%99 + 1
		}
		for i, want := range []string{"micro_deposits_mismatch", "micro_deposits_mismatch", "micro_deposits_locked", "micro_deposits_locked"} {
			r = supplier.Do(t, "POST", path, map[string][]int{"amounts_cents": bad})
			assert.Equal(t, want, r.Problem(t), "try %d", i+1)
		}
	})
}

func TestBankAccountSharedWithAnotherSupplier(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		admin := acmeAdmin(t, e)
		one, _ := supplierWithProfile(t, e, admin, "one@bolt.example")
		two, twoID := supplierWithProfile(t, e, admin, "two@nut.example")
		require.Equal(t, http.StatusCreated, addAccount(t, one, "123456789012").Status)
		r := addAccount(t, two, "123456789012")
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		var a bankAccount
		r.JSON(t, &a)
		assert.Equal(t, "review", a.Status, "the same account verified for an unrelated supplier is flagged")
		var alerts []string
		require.NoError(t, e.App.DB.Select(t.Context(), &alerts, `SELECT kind FROM risk_alerts WHERE supplier_org_id = ?`, twoID))
		assert.Equal(t, []string{"bank_account_shared"}, alerts)
	})
}
