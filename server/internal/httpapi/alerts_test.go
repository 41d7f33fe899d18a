package httpapi_test

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
)

// TestAlertRaisedLiveAndResolved: a supplier's account closed for cause reaches the
// customer admin's open event stream at once, lists as open, and is resolved with a note.
func TestAlertRaisedLiveAndResolved(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		admin := e.Client()
		admin.SignIn(t, "ap@acme.example", adminPW)
		supplier, supplierID := supplierWithProfile(t, e, admin, "sales@bolt.example")

		base := serveTCP(t, e)
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/api/v1/alerts/stream", nil)
		require.NoError(t, err)
		req.Header.Set("Accept", "text/event-stream")
		req.AddCookie(&http.Cookie{Name: "vouch_session", Value: admin.Cookie("vouch_session")})
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		assert.Equal(t, "text/event-stream", resp.Header.Get("Content-Type"))
		events := make(chan string, 8)
		go func() {
			sc := bufio.NewScanner(resp.Body)
			for sc.Scan() {
				if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
					events <- data
				}
			}
		}()
		// The handler subscribes before it answers: with the headers here, the stream is live.

		r := addAccount(t, supplier, "1234562222")
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		select {
		case data := <-events:
			assert.Contains(t, data, `"kind":"bank_account_closed_for_cause"`)
			assert.Contains(t, data, supplierID)
			assert.Contains(t, data, `"supplier_name":"Bolt and Nut LLC"`)
		case <-time.After(10 * time.Second):
			t.Fatal("no live alert within 10 s")
		}

		var list struct {
			Alerts []struct{ ID, Kind string } `json:"alerts"`
		}
		admin.Do(t, "GET", "/api/v1/alerts", nil).JSON(t, &list)
		require.Len(t, list.Alerts, 1)
		r = admin.Do(t, "POST", "/api/v1/alerts/"+list.Alerts[0].ID+"/resolve", map[string]string{})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "a note is required")
		r = admin.Do(t, "POST", "/api/v1/alerts/"+list.Alerts[0].ID+"/resolve", map[string]string{"note": "Supplier called; new account coming"})
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		r = admin.Do(t, "POST", "/api/v1/alerts/"+list.Alerts[0].ID+"/resolve", map[string]string{"note": "again"})
		assert.Equal(t, "alert_resolved", r.Problem(t))
		admin.Do(t, "GET", "/api/v1/alerts", nil).JSON(t, &list)
		assert.Empty(t, list.Alerts, "no open alerts left")
		admin.Do(t, "GET", "/api/v1/alerts?status=resolved", nil).JSON(t, &list)
		assert.Len(t, list.Alerts, 1)
	})
}
