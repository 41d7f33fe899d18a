package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/onboarding"
)

// The demo data lets someone trying Vouch sign in as a supplier the demo customer
// invited, whose profile is filled in, and add a bank account at once.
func TestDemoSupplierIsReadyToTry(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		_, err := e.App.Identity.SeedDemo(t.Context())
		require.NoError(t, err)
		enrolled, err := e.App.Onboarding.SeedDemo(t.Context(), identity.DemoCustomerAdmin, identity.DemoCustomerOrg)
		require.NoError(t, err)
		assert.True(t, enrolled)
		enrolled, err = e.App.Onboarding.SeedDemo(t.Context(), identity.DemoCustomerAdmin, identity.DemoCustomerOrg)
		require.NoError(t, err)
		assert.False(t, enrolled, "seeding again enrolls nobody")

		supplier := e.Client()
		supplier.SignIn(t, onboarding.DemoSupplierEmail, identity.DemoPassword)
		r := supplier.Do(t, "GET", "/api/v1/supplier/profile", nil)
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		assert.Contains(t, string(r.Body), `"legal_name":"Bolt and Nut LLC"`)
		assert.Contains(t, string(r.Body), `"tin_last4":"6789"`)
		r = addAccount(t, supplier, "123456789012")
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		assert.Contains(t, string(r.Body), `"status":"verified"`)

		admin := e.Client()
		admin.SignIn(t, identity.DemoCustomerAdmin, identity.DemoPassword)
		r = admin.Do(t, "GET", "/api/v1/reviews", nil)
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		assert.Contains(t, string(r.Body), "Bolt and Nut LLC", "the demo customer sees the supplier it invited")
	})
}
