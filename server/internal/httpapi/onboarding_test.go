package httpapi_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/apitest"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/screening"
)

// tokenOf takes the invitation token out of an enrollment link.
func tokenOf(t testing.TB, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	require.NoError(t, err)
	require.Equal(t, "/enroll", u.Path, link)
	return u.Query().Get("token")
}

// invite sends an invitation as admin and returns its link.
func invite(t testing.TB, admin *apitest.Client, email, supplier string) string {
	t.Helper()
	r := admin.Do(t, "POST", "/api/v1/invitations", map[string]string{"email": email, "supplier_name": supplier})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	var out struct {
		URL string `json:"url"`
	}
	r.JSON(t, &out)
	return out.URL
}

// enroll uses an invitation link and returns the signed-in supplier client and its org.
func enroll(t testing.TB, e *apitest.Env, link, email, legalName string) (*apitest.Client, string) {
	t.Helper()
	c := e.Client()
	r := c.Do(t, "POST", "/api/v1/enroll", map[string]string{"invitation_token": tokenOf(t, link), "email": email,
		"name": "Sam Supplier", "password": supplierPW, "legal_name": legalName})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	var out struct {
		SupplierID string `json:"supplier_id"`
	}
	r.JSON(t, &out)
	return c, out.SupplierID
}

// completeProfile is a profile that passes every check but the W-9.
var completeProfile = map[string]any{
	"legal_name": "Bolt and Nut LLC", "entity_type": "llc", "tin": "12-3456789", "tin_type": "ein",
	"address": map[string]string{"line1": "1 main street", "city": "Springfield", "region": "illinois", "postal_code": "62701", "country": "us"},
	"phone":   "(217) 555-0100", "email": "AP@Bolt.example", "website": "bolt.example",
}

// multipartBody builds a document upload.
func multipartBody(t *testing.T, kind, name string, data []byte) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	require.NoError(t, w.WriteField("kind", kind))
	fw, err := w.CreateFormFile("file", name)
	require.NoError(t, err)
	_, _ = fw.Write(data)
	require.NoError(t, w.Close())
	return buf.String(), w.FormDataContentType()
}

const tinyPDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

func TestOnboardingFromInvitationToApproval(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		seedSanctions(t, e)
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		admin := e.Client()
		admin.SignIn(t, "ap@acme.example", adminPW)

		link := invite(t, admin, "Sales@Bolt.example", "Bolt and Nut")
		msg, err := e.Mail.WaitFor(t.Context(), "sales@bolt.example")
		require.NoError(t, err)
		assert.Contains(t, msg.Subject, "Acme invites Bolt and Nut")
		assert.Contains(t, msg.Text, link, "the e-mail carries the same link the admin got")
		require.NoError(t, e.Mail.DeleteAll(t.Context()))

		r := admin.Do(t, "POST", "/api/v1/invitations", map[string]string{"email": "sales@bolt.example", "supplier_name": "Bolt"})
		assert.Equal(t, http.StatusConflict, r.Status)
		assert.Equal(t, "invitation_pending", r.Problem(t))

		c := e.Client()
		token := tokenOf(t, link)
		r = c.Do(t, "POST", "/api/v1/enroll/preview", map[string]string{"invitation_token": token})
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		assert.Contains(t, string(r.Body), `"customer_name":"Acme"`)

		r = c.Do(t, "POST", "/api/v1/enroll", map[string]string{"invitation_token": token, "email": "sales@bolt.example", "password": "short"})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
		r = c.Do(t, "POST", "/api/v1/enroll/preview", map[string]string{"invitation_token": token})
		assert.Equal(t, http.StatusOK, r.Status, "a refused enrollment leaves the invitation unused")

		supplier, supplierID := enroll(t, e, link, "sales@bolt.example", "Bolt and Nut LLC")
		r = supplier.Do(t, "GET", "/api/v1/me", nil)
		require.Equal(t, http.StatusOK, r.Status)
		assert.Contains(t, string(r.Body), `"supplier_user"`)
		r = e.Client().Do(t, "POST", "/api/v1/enroll", map[string]string{"invitation_token": token, "email": "other@bolt.example", "password": supplierPW})
		assert.Equal(t, http.StatusConflict, r.Status)
		assert.Equal(t, "invitation_used", r.Problem(t), "a token works once")

		bad := map[string]any{"legal_name": "Bolt and Nut LLC", "tin": "07-1234567", "tin_type": "ein"}
		r = supplier.Do(t, "PUT", "/api/v1/supplier/profile", bad)
		require.Equal(t, http.StatusUnprocessableEntity, r.Status)
		assert.Contains(t, string(r.Body), `"field":"tin"`)
		r = supplier.Do(t, "GET", "/api/v1/supplier/profile", nil)
		assert.Contains(t, string(r.Body), `"tin_last4":""`, "nothing of a refused profile is stored")

		r = supplier.Do(t, "POST", "/api/v1/supplier/kyc/submit", nil)
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "an incomplete profile cannot be submitted")
		assert.Contains(t, string(r.Body), `"field":"tin"`)

		r = supplier.Do(t, "PUT", "/api/v1/supplier/profile", completeProfile)
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		body := string(r.Body)
		assert.Contains(t, body, `"tin_last4":"6789"`)
		assert.NotContains(t, body, "123456789")
		assert.NotContains(t, body, "12-3456789")
		assert.Contains(t, body, `{"field":"address.line1","from":"1 main street","to":"1 MAIN ST"}`)
		assert.Contains(t, body, `"region":"IL"`)
		assert.Contains(t, body, `"phone":"+12175550100"`)
		assert.Contains(t, body, `"website":"https://bolt.example"`)
		var stored []string
		require.NoError(t, e.App.DB.Select(t.Context(), &stored, `SELECT tin_ciphertext || legal_name || tin_index FROM supplier_profiles WHERE org_id = ?`, supplierID))
		require.Len(t, stored, 1)
		assert.NotContains(t, stored[0], "123456789", "the TIN is sealed at rest")

		up, ctype := multipartBody(t, "w9", "<script>.html", []byte("<html><script>alert(1)</script></html>"))
		r = supplier.Do(t, "POST", "/api/v1/supplier/documents", up, "Content-Type", ctype)
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
		assert.Equal(t, "document_unsupported_type", r.Problem(t), "the type is read from the bytes, not the name")
		up, ctype = multipartBody(t, "w9", "w9.pdf", []byte(tinyPDF))
		r = supplier.Do(t, "POST", "/api/v1/supplier/documents", up, "Content-Type", ctype)
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		var doc struct {
			ID string `json:"id"`
		}
		r.JSON(t, &doc)

		r = supplier.Do(t, "POST", "/api/v1/supplier/kyc/submit", nil)
		require.Equal(t, http.StatusAccepted, r.Status, string(r.Body))
		var kyc struct {
			Status string `json:"status"`
			Checks []struct {
				Name, Result string
			} `json:"checks"`
		}
		r.JSON(t, &kyc)
		assert.Equal(t, "in_review", kyc.Status)
		results := map[string]string{}
		for _, c := range kyc.Checks {
			results[c.Name] = c.Result
		}
		assert.Equal(t, map[string]string{"tin_format": "pass", "tin_name_match": "pass", "sanctions": "pass", "address": "pass",
			"duplicate_supplier": "pass", "documents": "pass"}, results)
		r = supplier.Do(t, "PUT", "/api/v1/supplier/profile", completeProfile)
		assert.Equal(t, http.StatusConflict, r.Status)
		assert.Equal(t, "profile_locked", r.Problem(t))
		r = supplier.Do(t, "POST", "/api/v1/supplier/kyc/submit", nil)
		assert.Equal(t, "illegal_transition", r.Problem(t))
		review, err := e.Mail.WaitFor(t.Context(), "ap@acme.example")
		require.NoError(t, err)
		assert.Contains(t, review.Subject, "Bolt and Nut LLC is ready for your review")

		r = admin.Do(t, "GET", "/api/v1/reviews?status=in_review", nil)
		require.Equal(t, http.StatusOK, r.Status)
		assert.Contains(t, string(r.Body), supplierID)
		assert.Contains(t, string(r.Body), `"in_review":1`)
		r = admin.Do(t, "GET", "/api/v1/reviews/"+supplierID, nil)
		require.Equal(t, http.StatusOK, r.Status)
		assert.Contains(t, string(r.Body), `"list_version"`, "reviewers see the screening evidence")
		assert.NotContains(t, string(r.Body), "123456789")
		r = admin.Do(t, "GET", "/api/v1/reviews/"+supplierID+"/documents/"+doc.ID, nil)
		require.Equal(t, http.StatusOK, r.Status)
		assert.Equal(t, tinyPDF, string(r.Body))
		assert.Contains(t, r.Header.Get("Content-Disposition"), "attachment")

		r = admin.Do(t, "POST", "/api/v1/reviews/"+supplierID+"/approve", map[string]string{})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "a decision needs a reason")
		r = admin.Do(t, "POST", "/api/v1/reviews/"+supplierID+"/approve", map[string]string{"reason": "W-9 matches"})
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		assert.Contains(t, string(r.Body), `"status":"approved"`)
		r = admin.Do(t, "POST", "/api/v1/reviews/"+supplierID+"/reject", map[string]string{"reason": "changed my mind"})
		assert.Equal(t, http.StatusConflict, r.Status)
		assert.Equal(t, "illegal_transition", r.Problem(t))

		r = supplier.Do(t, "GET", "/api/v1/supplier/kyc", nil)
		assert.Contains(t, string(r.Body), `"status":"approved"`)
		assert.Contains(t, string(r.Body), `"customer_name":"Acme"`)
		decided, err := e.Mail.WaitFor(t.Context(), "sales@bolt.example")
		require.NoError(t, err)
		assert.Contains(t, decided.Subject, "Acme approved your business")

		e.CreateUser(t, "ap@other.example", adminPW, identity.RoleCustomerAdmin, "Other Co")
		other := e.Client()
		other.SignIn(t, "ap@other.example", adminPW)
		for _, path := range []string{"/api/v1/reviews/" + supplierID, "/api/v1/reviews/" + supplierID + "/documents/" + doc.ID} {
			r = other.Do(t, "GET", path, nil)
			assert.Equal(t, http.StatusNotFound, r.Status, "another customer does not see %s", path)
		}
	}, apitest.WithMail())
}

// seedSanctions loads the demo sanctions list, as `vouch serve` does on a fresh install.
func seedSanctions(t *testing.T, e *apitest.Env) {
	t.Helper()
	_, _, err := e.App.Screening.SeedDemo(t.Context())
	require.NoError(t, err)
	_, err = e.App.Screening.Refresh(t.Context())
	require.NoError(t, err)
}

func TestSanctionsHitClearedAndReapplied(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		seedSanctions(t, e)
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		admin := e.Client()
		admin.SignIn(t, "ap@acme.example", adminPW)
		supplier, supplierID := enroll(t, e, invite(t, admin, "sales@shell.example", "Shell"), "sales@shell.example", "Example Shell Trading Ltd")
		profile := map[string]any{}
		for k, v := range completeProfile {
			profile[k] = v
		}
		profile["legal_name"] = "Example Shell Trading Ltd"
		require.Equal(t, http.StatusOK, supplier.Do(t, "PUT", "/api/v1/supplier/profile", profile).Status)
		require.Equal(t, http.StatusAccepted, supplier.Do(t, "POST", "/api/v1/supplier/kyc/submit", nil).Status)

		var detail struct {
			Checks []struct {
				Name, Result string
				Evidence     struct {
					Hits []struct {
						EntityID string `json:"entity_id"`
						Query    string `json:"query"`
						Score    int    `json:"score"`
					} `json:"hits"`
				} `json:"evidence"`
			} `json:"checks"`
		}
		admin.Do(t, "GET", "/api/v1/reviews/"+supplierID, nil).JSON(t, &detail)
		require.Equal(t, "sanctions", detail.Checks[2].Name)
		require.Equal(t, "review", detail.Checks[2].Result)
		require.NotEmpty(t, detail.Checks[2].Evidence.Hits)
		hit := detail.Checks[2].Evidence.Hits[0]
		assert.Equal(t, "9000002", hit.EntityID)
		assert.GreaterOrEqual(t, hit.Score, 85)

		r := admin.Do(t, "POST", "/api/v1/reviews/"+supplierID+"/sanctions/clear", map[string]string{"entity_id": hit.EntityID, "query": hit.Query})
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status, "a clearance needs a note")
		r = admin.Do(t, "POST", "/api/v1/reviews/"+supplierID+"/sanctions/clear", map[string]string{"entity_id": "123", "query": hit.Query, "note": "x"})
		assert.Equal(t, "hit_not_found", r.Problem(t))
		r = admin.Do(t, "POST", "/api/v1/reviews/"+supplierID+"/sanctions/clear", map[string]string{"entity_id": hit.EntityID, "query": hit.Query,
			"note": "Different company: registered in Delaware in 2004, W-9 and certificate checked"})
		require.Equal(t, http.StatusNoContent, r.Status, string(r.Body))

		require.Equal(t, http.StatusOK, admin.Do(t, "POST", "/api/v1/reviews/"+supplierID+"/request-info", map[string]string{"reason": "Please upload your W-9"}).Status)
		r = supplier.Do(t, "GET", "/api/v1/supplier/kyc", nil)
		assert.Contains(t, string(r.Body), `"status":"needs_info"`)
		assert.Contains(t, string(r.Body), "Please upload your W-9")
		require.Equal(t, http.StatusAccepted, supplier.Do(t, "POST", "/api/v1/supplier/kyc/submit", nil).Status)
		admin.Do(t, "GET", "/api/v1/reviews/"+supplierID, nil).JSON(t, &detail)
		assert.Equal(t, "pass", detail.Checks[2].Result, "the clearance is re-applied at the next screening")
	})
}

func TestInvitationsLinkExistingSupplier(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "ap@other.example", adminPW, identity.RoleCustomerAdmin, "Other Co")
		acme, other := e.Client(), e.Client()
		acme.SignIn(t, "ap@acme.example", adminPW)
		other.SignIn(t, "ap@other.example", adminPW)
		supplier, supplierID := enroll(t, e, invite(t, acme, "sales@bolt.example", "Bolt"), "sales@bolt.example", "Bolt and Nut LLC")
		require.Equal(t, http.StatusOK, supplier.Do(t, "PUT", "/api/v1/supplier/profile", completeProfile).Status)
		require.Equal(t, http.StatusAccepted, supplier.Do(t, "POST", "/api/v1/supplier/kyc/submit", nil).Status)

		link := invite(t, other, "SALES@bolt.example", "Bolt & Nut")
		assert.True(t, strings.HasSuffix(link, "/sign-in"), "a supplier already on Vouch signs in: %s", link)
		r := other.Do(t, "GET", "/api/v1/reviews/"+supplierID, nil)
		require.Equal(t, http.StatusOK, r.Status, "one supplier shared by both customers")
		assert.Contains(t, string(r.Body), `"status":"in_review"`, "it already submitted, so it waits for this customer's review")
		r = other.Do(t, "GET", "/api/v1/invitations?status=accepted", nil)
		assert.Contains(t, string(r.Body), supplierID)

		require.Equal(t, http.StatusOK, acme.Do(t, "POST", "/api/v1/reviews/"+supplierID+"/reject", map[string]string{"reason": "not our vendor"}).Status)
		r = supplier.Do(t, "GET", "/api/v1/supplier/kyc", nil)
		assert.Contains(t, string(r.Body), `"status":"in_review"`, "one customer's decision does not decide for the other")
	})
}

func TestInvitationResendAndRevoke(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		admin := e.Client()
		admin.SignIn(t, "ap@acme.example", adminPW)
		first := invite(t, admin, "sales@bolt.example", "Bolt")
		r := admin.Do(t, "GET", "/api/v1/invitations", nil)
		var list struct {
			Invitations []struct{ ID, Status string } `json:"invitations"`
		}
		r.JSON(t, &list)
		require.Len(t, list.Invitations, 1)
		id := list.Invitations[0].ID

		r = admin.Do(t, "POST", "/api/v1/invitations/"+id+"/resend", nil)
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		var resent struct{ URL string }
		r.JSON(t, &resent)
		assert.NotEqual(t, first, resent.URL)
		c := e.Client()
		r = c.Do(t, "POST", "/api/v1/enroll/preview", map[string]string{"invitation_token": tokenOf(t, first)})
		assert.Equal(t, http.StatusNotFound, r.Status, "the old link stops working")

		require.Equal(t, http.StatusNoContent, admin.Do(t, "POST", "/api/v1/invitations/"+id+"/revoke", nil).Status)
		r = c.Do(t, "POST", "/api/v1/enroll/preview", map[string]string{"invitation_token": tokenOf(t, resent.URL)})
		assert.Equal(t, http.StatusConflict, r.Status)
		assert.Equal(t, "invitation_revoked", r.Problem(t))
		r = admin.Do(t, "POST", "/api/v1/invitations/"+id+"/revoke", nil)
		assert.Equal(t, "invitation_revoked", r.Problem(t))
	})
}

func TestInvitationCSVImport(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		admin := e.Client()
		admin.SignIn(t, "ap@acme.example", adminPW)
		invite(t, admin, "taken@one.example", "One")

		r := admin.Do(t, "POST", "/api/v1/invitations/import", "name,mail\nOne,a@one.example\n", "Content-Type", "text/csv")
		assert.Equal(t, http.StatusUnprocessableEntity, r.Status)
		assert.Equal(t, "csv_missing_column", r.Problem(t))

		csv := "email,supplier_name\na@two.example,Two Co\nnot-an-email,Three\nb@four.example,Four\nA@two.example,Two again\ntaken@one.example,One\n"
		r = admin.Do(t, "POST", "/api/v1/invitations/import", csv, "Content-Type", "text/csv")
		require.Equal(t, http.StatusAccepted, r.Status, string(r.Body))
		var imp struct {
			ID, Status string
			TotalRows  int `json:"total_rows"`
			Invited    int
			Errors     []struct {
				Line           int
				Field, Message string
			}
		}
		r.JSON(t, &imp)
		assert.Equal(t, 5, imp.TotalRows)
		deadline := time.Now().Add(20 * time.Second)
		for imp.Status != "done" && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
			r = admin.Do(t, "GET", "/api/v1/invitations/imports/"+imp.ID, nil)
			require.Equal(t, http.StatusOK, r.Status)
			r.JSON(t, &imp)
		}
		require.Equal(t, "done", imp.Status)
		assert.Equal(t, 2, imp.Invited)
		lines := map[int]string{}
		for _, er := range imp.Errors {
			lines[er.Line] = er.Field
		}
		assert.Equal(t, map[int]string{3: "email", 5: "email", 6: "email"}, lines, "bad address, duplicate in the file, already invited")

		r = admin.Do(t, "GET", "/api/v1/invitations?status=pending", nil)
		assert.Contains(t, string(r.Body), "a@two.example")
		assert.Contains(t, string(r.Body), "b@four.example")
	})
}

func TestKYCFourEyes(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		e.CreateUser(t, "cfo@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		first, second := e.Client(), e.Client()
		first.SignIn(t, "ap@acme.example", adminPW)
		second.SignIn(t, "cfo@acme.example", adminPW)
		require.Equal(t, http.StatusOK, first.Do(t, "PUT", "/api/v1/org/kyc-settings", map[string]bool{"four_eyes": true}).Status)

		supplier, supplierID := enroll(t, e, invite(t, first, "sales@bolt.example", "Bolt"), "sales@bolt.example", "Bolt and Nut LLC")
		require.Equal(t, http.StatusOK, supplier.Do(t, "PUT", "/api/v1/supplier/profile", completeProfile).Status)
		require.Equal(t, http.StatusAccepted, supplier.Do(t, "POST", "/api/v1/supplier/kyc/submit", nil).Status) // no W-9: documents is review

		r := first.Do(t, "POST", "/api/v1/reviews/"+supplierID+"/approve", map[string]string{"reason": "looks fine"})
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		assert.Contains(t, string(r.Body), `"awaiting_second_approval":true`)
		r = first.Do(t, "POST", "/api/v1/reviews/"+supplierID+"/approve", map[string]string{"reason": "really"})
		assert.Equal(t, http.StatusConflict, r.Status)
		assert.Equal(t, "second_approver_required", r.Problem(t))
		r = second.Do(t, "POST", "/api/v1/reviews/"+supplierID+"/approve", map[string]string{"reason": "agreed"})
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		assert.Contains(t, string(r.Body), `"status":"approved"`)
	})
}

func TestRescreenOnNewListReopensApprovedSupplier(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		seedSanctions(t, e)
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		admin := e.Client()
		admin.SignIn(t, "ap@acme.example", adminPW)
		supplier, supplierID := enroll(t, e, invite(t, admin, "sales@bolt.example", "Bolt"), "sales@bolt.example", "Bolt and Nut LLC")
		require.Equal(t, http.StatusOK, supplier.Do(t, "PUT", "/api/v1/supplier/profile", completeProfile).Status)
		require.Equal(t, http.StatusAccepted, supplier.Do(t, "POST", "/api/v1/supplier/kyc/submit", nil).Status)
		require.Equal(t, http.StatusOK, admin.Do(t, "POST", "/api/v1/reviews/"+supplierID+"/approve", map[string]string{"reason": "ok"}).Status)
		_, err := e.Mail.WaitFor(t.Context(), "sales@bolt.example") // the approval, the last mail before the new list
		require.NoError(t, err)
		_, err = e.Mail.WaitFor(t.Context(), "ap@acme.example")
		require.NoError(t, err)
		require.NoError(t, e.Mail.DeleteAll(t.Context()))

		// OFAC adds the supplier: the new list is screened against every submitted supplier.
		sdn := "9100001,\"BOLT AND NUT LLC\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Added for the test.\"\n"
		_, err = e.App.Screening.Import(t.Context(), screening.Files{SDN: []byte(sdn)}, "test", "")
		require.NoError(t, err)
		msg, err := e.Mail.WaitFor(t.Context(), "ap@acme.example")
		require.NoError(t, err)
		assert.Contains(t, msg.Subject, "Sanctions match for Bolt and Nut LLC")

		var detail struct {
			Case struct {
				Status string `json:"status"`
			} `json:"case"`
			Checks []struct{ Name, Result string } `json:"checks"`
		}
		admin.Do(t, "GET", "/api/v1/reviews/"+supplierID, nil).JSON(t, &detail)
		assert.Equal(t, "in_review", detail.Case.Status, "an approved supplier with a new hit goes back to review")
		require.Len(t, detail.Checks, 6)
		assert.Equal(t, "sanctions", detail.Checks[2].Name)
		assert.Equal(t, "review", detail.Checks[2].Result)

		res, err := e.App.Onboarding.Rescreen(t.Context(), e.App.Screening.Current().Version().ID, 0)
		require.NoError(t, err)
		assert.Zero(t, res.Suppliers, "each list version is rescreened once")
	}, apitest.WithMail())
}

func TestInvitationReminders(t *testing.T) {
	apitest.ForEachBackend(t, func(t *testing.T, e *apitest.Env) {
		e.CreateUser(t, "ap@acme.example", adminPW, identity.RoleCustomerAdmin, "Acme")
		admin := e.Client()
		admin.SignIn(t, "ap@acme.example", adminPW)
		first := invite(t, admin, "sales@bolt.example", "Bolt")
		_, err := e.Mail.WaitFor(t.Context(), "sales@bolt.example")
		require.NoError(t, err)
		require.NoError(t, e.Mail.DeleteAll(t.Context()))
		age := func() {
			_, err := e.App.DB.Exec(t.Context(), `UPDATE invitations SET sent_at = ?`, time.Now().UTC().Add(-8*24*time.Hour))
			require.NoError(t, err)
		}
		n, err := e.App.Onboarding.SendReminders(t.Context())
		require.NoError(t, err)
		assert.Zero(t, n, "nothing is due the day it was sent")

		for round := 1; round <= 3; round++ {
			age()
			n, err = e.App.Onboarding.SendReminders(t.Context())
			require.NoError(t, err)
			if round == 3 {
				assert.Zero(t, n, "at most two reminders")
				break
			}
			assert.Equal(t, 1, n, "round %d", round)
		}
		msg, err := e.Mail.WaitFor(t.Context(), "sales@bolt.example")
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(msg.Subject, "Reminder: Acme invites Bolt"), msg.Subject)
		r := e.Client().Do(t, "POST", "/api/v1/enroll/preview", map[string]string{"invitation_token": tokenOf(t, first)})
		assert.Equal(t, http.StatusNotFound, r.Status, "a reminder's fresh link replaces the old one")
	}, apitest.WithMail())
}
