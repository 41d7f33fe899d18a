package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/shared/openapi"
)

// TestOpenAPIMatchesRoutes keeps the document honest: every declared route of the fully
// wired server is described, and nothing is described that does not exist.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		r := e.Client().Do(t, "GET", "/api/v1/openapi.json", nil)
		require.Equal(t, http.StatusOK, r.Status)
		assert.Equal(t, openapi.Document, r.Body)
		var doc struct {
			OpenAPI string                                `json:"openapi"`
			Paths   map[string]map[string]json.RawMessage `json:"paths"`
		}
		r.JSON(t, &doc)
		assert.Equal(t, "3.1.0", doc.OpenAPI)

		declared := map[string]bool{}
		for _, rt := range e.Server.Routes() {
			path := openAPIPath(rt.Path)
			declared[strings.ToLower(rt.Method)+" "+path] = true
			assert.NotNil(t, doc.Paths[path][strings.ToLower(rt.Method)], "route %s %s is missing from openapi.json", rt.Method, rt.Path)
		}
		for path, ops := range doc.Paths {
			for method := range ops {
				if method != "parameters" {
					assert.True(t, declared[method+" "+path], "openapi.json describes %s %s, which no route serves", method, path)
				}
			}
		}
	})
}

// openAPIPath turns /users/:id into /users/{id}.
func openAPIPath(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, ":") {
			parts[i] = "{" + strings.TrimPrefix(s, ":") + "}"
		}
	}
	return strings.Join(parts, "/")
}

// who is a caller in the authorization matrix.
type who string

const (
	anonymous     who = "anonymous"
	supplierUser  who = "supplier_user"
	customerAdmin who = "customer_admin"
	support       who = "support"
	platformAdmin who = "platform_admin"
)

var everyone = []who{anonymous, supplierUser, customerAdmin, support, platformAdmin}

// matrix lists, for every route, the status each caller gets with an empty but valid
// request. A route missing here fails the test: new routes must decide who may call them.
var matrix = map[string]map[who]int{
	"GET /healthz":                                                  all(200),
	"GET /readyz":                                                   all(200),
	"GET /metrics":                                                  all(200),
	"GET /api/v1/openapi.json":                                      all(200),
	"GET /api/v1/auth/csrf":                                         all(204),
	"POST /api/v1/auth/login":                                       all(422),
	"POST /api/v1/auth/logout":                                      all(204),
	"GET /api/v1/me":                                                {anonymous: 401, supplierUser: 200, customerAdmin: 200, support: 200, platformAdmin: 200},
	"POST /api/v1/auth/password/change":                             {anonymous: 401, supplierUser: 422, customerAdmin: 422, support: 422, platformAdmin: 422},
	"GET /api/v1/admin/users":                                       {anonymous: 401, supplierUser: 403, customerAdmin: 200, support: 200, platformAdmin: 200},
	"POST /api/v1/admin/users/:id/force-password-reset":             {anonymous: 401, supplierUser: 403, customerAdmin: 422, support: 422, platformAdmin: 422},
	"POST /api/v1/auth/password/reset/request":                      all(422),
	"POST /api/v1/auth/password/reset/confirm":                      all(422),
	"POST /api/v1/admin/users/:id/reset-link":                       {anonymous: 401, supplierUser: 403, customerAdmin: 422, support: 422, platformAdmin: 422},
	"DELETE /api/v1/admin/users/:id/sessions":                       {anonymous: 401, supplierUser: 403, customerAdmin: 422, support: 422, platformAdmin: 422},
	"POST /api/v1/screening/search":                                 {anonymous: 401, supplierUser: 403, customerAdmin: 422, support: 422, platformAdmin: 422},
	"GET /api/v1/admin/ip-rules":                                    {anonymous: 401, supplierUser: 403, customerAdmin: 403, support: 403, platformAdmin: 200},
	"POST /api/v1/admin/ip-rules":                                   {anonymous: 401, supplierUser: 403, customerAdmin: 403, support: 403, platformAdmin: 422},
	"DELETE /api/v1/admin/ip-rules/:rule_id":                        {anonymous: 401, supplierUser: 403, customerAdmin: 403, support: 403, platformAdmin: 404},
	"GET /api/v1/admin/users/:id/ip-rules":                          {anonymous: 401, supplierUser: 403, customerAdmin: 404, support: 404, platformAdmin: 404},
	"POST /api/v1/admin/users/:id/ip-rules":                         {anonymous: 401, supplierUser: 403, customerAdmin: 404, support: 404, platformAdmin: 404},
	"DELETE /api/v1/admin/users/:id/ip-rules/:rule_id":              {anonymous: 401, supplierUser: 403, customerAdmin: 404, support: 404, platformAdmin: 404},
	"POST /api/v1/admin/users/:id/unlock":                           {anonymous: 401, supplierUser: 403, customerAdmin: 422, support: 422, platformAdmin: 422},
	"DELETE /api/v1/admin/users/:id/passkeys":                       {anonymous: 401, supplierUser: 403, customerAdmin: 422, support: 422, platformAdmin: 422},
	"GET /api/v1/admin/approvals":                                   {anonymous: 401, supplierUser: 403, customerAdmin: 403, support: 200, platformAdmin: 200},
	"POST /api/v1/admin/approvals/:approval_id/approve":             {anonymous: 401, supplierUser: 403, customerAdmin: 403, support: 404, platformAdmin: 404},
	"POST /api/v1/admin/approvals/:approval_id/cancel":              {anonymous: 401, supplierUser: 403, customerAdmin: 422, support: 422, platformAdmin: 422},
	"GET /api/v1/admin/ip-blocks":                                   {anonymous: 401, supplierUser: 403, customerAdmin: 403, support: 200, platformAdmin: 200},
	"DELETE /api/v1/admin/ip-blocks/:ip":                            {anonymous: 401, supplierUser: 403, customerAdmin: 403, support: 403, platformAdmin: 422},
	"POST /api/v1/auth/device/authorize":                            all(422),
	"POST /api/v1/auth/device/token":                                all(422),
	"GET /api/v1/auth/device/:user_code":                            signedIn(404),
	"POST /api/v1/auth/device/:user_code/approve":                   signedIn(404),
	"POST /api/v1/auth/device/:user_code/deny":                      signedIn(404),
	"GET /api/v1/me/devices":                                        signedIn(200),
	"DELETE /api/v1/me/devices/:id":                                 signedIn(404),
	"GET /api/v1/me/sessions":                                       {anonymous: 401, supplierUser: 200, customerAdmin: 200, support: 200, platformAdmin: 200},
	"DELETE /api/v1/me/sessions/:id":                                {anonymous: 401, supplierUser: 404, customerAdmin: 404, support: 404, platformAdmin: 404},
	"POST /api/v1/api-keys":                                         {anonymous: 401, supplierUser: 403, customerAdmin: 403, support: 403, platformAdmin: 403}, // step_up_required
	"GET /api/v1/api-keys":                                          {anonymous: 401, supplierUser: 403, customerAdmin: 200, support: 403, platformAdmin: 403},
	"DELETE /api/v1/api-keys/:id":                                   {anonymous: 401, supplierUser: 403, customerAdmin: 404, support: 403, platformAdmin: 403},
	"GET /api/v1/admin/audit":                                       {anonymous: 401, supplierUser: 403, customerAdmin: 200, support: 200, platformAdmin: 200},
	"GET /api/v1/routing-numbers/:rtn":                              {anonymous: 401, supplierUser: 200, customerAdmin: 200, support: 200, platformAdmin: 200},
	"GET /api/v1/admin/audit/verify":                                {anonymous: 401, supplierUser: 403, customerAdmin: 403, support: 403, platformAdmin: 200},
	"POST /api/v1/auth/passkeys/register/begin":                     signedIn(200),
	"POST /api/v1/auth/passkeys/register/finish":                    signedIn(400),
	"POST /api/v1/auth/passkeys/login/begin":                        all(200),
	"POST /api/v1/auth/passkeys/login/finish":                       all(400),
	"GET /api/v1/me/passkeys":                                       signedIn(200),
	"DELETE /api/v1/me/passkeys/:id":                                signedIn(403), // step_up_required
	"POST /api/v1/auth/step-up/passkey/begin":                       signedIn(409),
	"POST /api/v1/auth/step-up/passkey/finish":                      signedIn(400),
	"POST /api/v1/auth/step-up/email/begin":                         signedIn(202),
	"POST /api/v1/auth/step-up/email/finish":                        signedIn(422),
	"POST /api/v1/auth/recovery/request":                            all(422),
	"POST /api/v1/auth/recovery/start":                              all(422),
	"POST /api/v1/auth/recovery/complete":                           all(422),
	"GET /api/v1/admin/recoveries":                                  {anonymous: 401, supplierUser: 403, customerAdmin: 200, support: 200, platformAdmin: 200},
	"POST /api/v1/admin/recoveries/:id/cancel":                      {anonymous: 401, supplierUser: 403, customerAdmin: 422, support: 422, platformAdmin: 422},
	"GET /api/v1/me/recovery":                                       signedIn(200),
	"DELETE /api/v1/me/recovery":                                    signedIn(404),
	"POST /api/v1/auth/passkeys/second-factor/begin":                signedIn(409),
	"POST /api/v1/auth/passkeys/second-factor/finish":               signedIn(409),
	"PUT /api/v1/admin/users/:id/require-passkey":                   {anonymous: 401, supplierUser: 403, customerAdmin: 422, support: 422, platformAdmin: 422},
	"GET /api/v1/admin/orgs/:id/require-passkey":                    {anonymous: 401, supplierUser: 403, customerAdmin: 404, support: 403, platformAdmin: 404},
	"PUT /api/v1/admin/orgs/:id/require-passkey":                    {anonymous: 401, supplierUser: 403, customerAdmin: 422, support: 403, platformAdmin: 422},
	"POST /api/v1/invitations":                                      customerOnly(422),
	"GET /api/v1/invitations":                                       customerOnly(200),
	"POST /api/v1/invitations/:id/resend":                           customerOnly(404),
	"POST /api/v1/invitations/:id/revoke":                           customerOnly(404),
	"POST /api/v1/invitations/import":                               customerOnly(415),
	"GET /api/v1/invitations/imports/:id":                           customerOnly(404),
	"POST /api/v1/enroll/preview":                                   all(404),
	"POST /api/v1/enroll":                                           all(404),
	"GET /api/v1/supplier/profile":                                  supplierOnly(404), // not enrolled through an invitation
	"PUT /api/v1/supplier/profile":                                  supplierOnly(422),
	"GET /api/v1/supplier/kyc":                                      supplierOnly(404),
	"POST /api/v1/supplier/kyc/submit":                              supplierOnly(404),
	"POST /api/v1/supplier/documents":                               supplierOnly(415),
	"GET /api/v1/supplier/documents":                                supplierOnly(200),
	"GET /api/v1/supplier/documents/:id":                            supplierOnly(404),
	"GET /api/v1/reviews":                                           customerOnly(200),
	"GET /api/v1/reviews/:supplier_id":                              customerOnly(404),
	"POST /api/v1/reviews/:supplier_id/:decision":                   customerOnly(404),
	"POST /api/v1/reviews/:supplier_id/sanctions/clear":             customerOnly(422),
	"GET /api/v1/reviews/:supplier_id/documents/:id":                customerOnly(404),
	"GET /api/v1/org/kyc-settings":                                  customerOnly(200),
	"PUT /api/v1/org/kyc-settings":                                  customerOnly(422),
	"POST /api/v1/supplier/bank-accounts":                           supplierOnly(422),
	"GET /api/v1/supplier/bank-accounts":                            supplierOnly(200),
	"GET /api/v1/supplier/bank-accounts/:id/history":                supplierOnly(404),
	"POST /api/v1/supplier/bank-accounts/:id/micro-deposits/verify": supplierOnly(422),
	"GET /api/v1/reviews/:supplier_id/bank-accounts":                customerOnly(404),
	"POST /api/v1/reviews/:supplier_id/bank-accounts/:id/:decision": customerOnly(404),
	"GET /api/v1/alerts":                                            customerOnly(200),
	"POST /api/v1/alerts/:id/resolve":                               customerOnly(422),
	"GET /api/v1/alerts/stream":                                     customerOnly(406), // without Accept: text/event-stream
}

// customerOnly admits customer admins alone, who get status.
func customerOnly(status int) map[who]int {
	return map[who]int{anonymous: 401, supplierUser: 403, customerAdmin: status, support: 403, platformAdmin: 403}
}

// supplierOnly admits supplier users alone, who get status.
func supplierOnly(status int) map[who]int {
	return map[who]int{anonymous: 401, supplierUser: status, customerAdmin: 403, support: 403, platformAdmin: 403}
}

// signedIn is 401 for anonymous callers and status for everyone signed in.
func signedIn(status int) map[who]int {
	m := all(status)
	m[anonymous] = 401
	return m
}

func all(status int) map[who]int {
	m := map[who]int{}
	for _, w := range everyone {
		m[w] = status
	}
	return m
}

func TestAuthorizationMatrix(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		const pw = "matrix passphrase for tests"
		e.CreateUser(t, "supplier@s.example", pw, identity.RoleSupplierUser, "Supplier Co")
		e.CreateUser(t, "admin@c.example", pw, identity.RoleCustomerAdmin, "Customer Co")
		e.CreateUser(t, "support@v.example", pw, identity.RoleSupport, "")
		e.CreateUser(t, "ops@v.example", pw, identity.RolePlatformAdmin, "")
		emails := map[who]string{supplierUser: "supplier@s.example", customerAdmin: "admin@c.example", support: "support@v.example", platformAdmin: "ops@v.example"}

		// One client per caller, signed in again only when a route (sign-out) ended its
		// session: sign-ins are rate limited, as they should be.
		clients := map[who]*apitest.Client{}
		for _, rt := range e.Server.Routes() {
			key := rt.Method + " " + rt.Path
			want, ok := matrix[key]
			if !assert.True(t, ok, "route %s is not in the authorization matrix", key) {
				continue
			}
			for _, w := range everyone {
				c := clients[w]
				if c == nil {
					c = e.Client()
					clients[w] = c
				}
				if w != anonymous && c.Cookie("vouch_session") == "" {
					c.SignIn(t, emails[w], pw)
				}
				path := strings.NewReplacer(":id", "usr_doesnotexist", ":rule_id", "ipr_doesnotexist", ":approval_id", "apr_doesnotexist").Replace(rt.Path)
				var body any
				if rt.Method != http.MethodGet {
					body = map[string]string{}
				}
				r := c.Do(t, rt.Method, path, body)
				assert.Equal(t, want[w], r.Status, "%s as %s: %s", key, w, r.Body)
			}
		}
	})
}
