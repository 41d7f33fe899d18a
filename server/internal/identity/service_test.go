package identity_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/platform/db"
	"github.com/vouchhq/vouch/server/internal/platform/db/dbtest"
	"github.com/vouchhq/vouch/server/internal/platform/errs"
)

// newService builds a Service on d with cheap hashing parameters.
func newService(d *db.DB) *identity.Service {
	h := identity.NewHasherWithParams(identity.Params{Memory: 1024, Time: 1, Threads: 1}, 0)
	return identity.NewService(identity.Deps{Store: identity.NewStore(d), Hasher: h, Audit: audit.New(d)})
}

// codeOf returns the errs.Coded code in err's chain, or "".
func codeOf(err error) string {
	var c *errs.Coded
	if errors.As(err, &c) {
		return c.Code
	}
	return ""
}

func TestIdentity(t *testing.T) {
	dbtest.ForEachDatabase(t, func(t *testing.T, d *db.DB) {
		svc := newService(d)
		store := svc.Store()
		const pw = "quiet-otter-maps-harbor"

		t.Run("create user", func(t *testing.T) {
			tests := []struct {
				name     string
				in       identity.CreateUserInput
				kind     error  // nil: success
				code     string // errs.Coded code expected, if any
				field    string // errs.FieldErrors field expected, if any
				orgKind  identity.OrgKind
				wantMail string
			}{
				{name: "customer admin creates the org",
					in:      identity.CreateUserInput{Email: " Boss@Initech.Example ", Name: "Bill", Password: pw, Role: identity.RoleCustomerAdmin, OrgName: "Initech"},
					orgKind: identity.OrgCustomer, wantMail: "boss@initech.example"},
				{name: "second admin joins the same org, any case",
					in:      identity.CreateUserInput{Email: "peter@initech.example", Password: pw, Role: identity.RoleCustomerAdmin, OrgName: "  INITECH "},
					orgKind: identity.OrgCustomer, wantMail: "peter@initech.example"},
				{name: "supplier user gets a supplier org",
					in:      identity.CreateUserInput{Email: "ap@globex.example", Password: pw, Role: identity.RoleSupplierUser, OrgName: "Initech"},
					orgKind: identity.OrgSupplier, wantMail: "ap@globex.example"},
				{name: "platform admin has no org",
					in:       identity.CreateUserInput{Email: "root@vouch.example", Password: pw, Role: identity.RolePlatformAdmin},
					wantMail: "root@vouch.example"},
				{name: "support has no org",
					in:       identity.CreateUserInput{Email: "help@vouch.example", Password: pw, Role: identity.RoleSupport},
					wantMail: "help@vouch.example"},
				{name: "duplicate email in another case",
					in:   identity.CreateUserInput{Email: "BOSS@initech.example", Password: pw, Role: identity.RoleSupport},
					kind: errs.ErrConflict, code: "email_taken"},
				{name: "short password",
					in:   identity.CreateUserInput{Email: "short@vouch.example", Password: "short", Role: identity.RoleSupport},
					kind: errs.ErrInvalid, code: "weak_password"},
				{name: "bad role",
					in:   identity.CreateUserInput{Email: "role@vouch.example", Password: pw, Role: "root"},
					kind: errs.ErrInvalid, field: "role"},
				{name: "customer admin without org",
					in:   identity.CreateUserInput{Email: "lonely@vouch.example", Password: pw, Role: identity.RoleCustomerAdmin},
					kind: errs.ErrInvalid, field: "org"},
				{name: "supplier user without org",
					in:   identity.CreateUserInput{Email: "lonely2@vouch.example", Password: pw, Role: identity.RoleSupplierUser, OrgName: "   "},
					kind: errs.ErrInvalid, field: "org"},
				{name: "platform role with an org",
					in:   identity.CreateUserInput{Email: "odd@vouch.example", Password: pw, Role: identity.RoleSupport, OrgName: "Acme"},
					kind: errs.ErrInvalid, field: "org"},
				{name: "bad email",
					in:   identity.CreateUserInput{Email: "Ann <ann@vouch.example>", Password: pw, Role: identity.RoleSupport},
					kind: errs.ErrInvalid, field: "email"},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					before, err := store.CountUsers(t.Context())
					require.NoError(t, err)
					u, err := svc.CreateUser(t.Context(), tt.in)
					if tt.kind != nil {
						require.ErrorIs(t, err, tt.kind)
						if tt.code != "" {
							assert.Equal(t, tt.code, codeOf(err))
						}
						if tt.field != "" {
							var fe errs.FieldErrors
							require.True(t, errors.As(err, &fe), "field errors: %v", err)
							assert.Equal(t, tt.field, fe[0].Field)
						}
						after, err := store.CountUsers(t.Context())
						require.NoError(t, err)
						assert.Equal(t, before, after, "nothing stored")
						return
					}
					require.NoError(t, err)
					assert.True(t, strings.HasPrefix(u.ID, "usr_"), u.ID)
					assert.Equal(t, tt.wantMail, u.Email)
					assert.Equal(t, identity.StatusActive, u.Status)

					got, err := store.GetUserByEmail(t.Context(), strings.ToUpper(tt.wantMail))
					require.NoError(t, err, "lookup ignores case")
					assert.Equal(t, u.ID, got.ID)
					assert.Equal(t, u.CreatedAt, got.CreatedAt, "times round-trip")
					assert.Nil(t, got.LockedUntil)
					require.Len(t, got.Roles, 1)
					assert.Equal(t, tt.in.Role, got.Roles[0].Role)

					ok, err := svc.Hasher().Verify(t.Context(), tt.in.Password, got.PasswordHash)
					require.NoError(t, err)
					assert.True(t, ok, "the stored hash verifies")

					if tt.orgKind == "" {
						assert.Empty(t, got.Roles[0].OrgID)
						return
					}
					org, err := store.GetOrg(t.Context(), got.Roles[0].OrgID)
					require.NoError(t, err)
					assert.Equal(t, tt.orgKind, org.Kind)
					assert.True(t, strings.HasPrefix(org.ID, "org_"), org.ID)
				})
			}

			byID, err := store.GetUserByEmail(t.Context(), "peter@initech.example")
			require.NoError(t, err)
			boss, err := store.GetUserByEmail(t.Context(), "boss@initech.example")
			require.NoError(t, err)
			assert.Equal(t, boss.Roles[0].OrgID, byID.Roles[0].OrgID, "both admins share one org")

			_, err = store.GetUser(t.Context(), "usr_missing")
			require.ErrorIs(t, err, errs.ErrNotFound)
			_, err = store.GetUserByEmail(t.Context(), "nobody@vouch.example")
			require.ErrorIs(t, err, errs.ErrNotFound)
		})

		t.Run("orgs", func(t *testing.T) {
			org, err := store.CreateOrg(t.Context(), identity.OrgSupplier, "Umbrella  Ltd")
			require.NoError(t, err)
			assert.Equal(t, "Umbrella Ltd", org.Name, "white space normalized")

			_, err = store.CreateOrg(t.Context(), identity.OrgSupplier, "umbrella ltd")
			require.ErrorIs(t, err, errs.ErrConflict)
			assert.Equal(t, "org_name_taken", codeOf(err))

			other, err := store.CreateOrg(t.Context(), identity.OrgCustomer, "Umbrella Ltd")
			require.NoError(t, err, "names are unique per kind only")
			assert.NotEqual(t, org.ID, other.ID)

			got, err := store.GetOrgByName(t.Context(), identity.OrgSupplier, "UMBRELLA LTD")
			require.NoError(t, err)
			assert.Equal(t, org, got)

			_, err = store.GetOrgByName(t.Context(), identity.OrgSupplier, "Nope")
			require.ErrorIs(t, err, errs.ErrNotFound)
			_, err = store.CreateOrg(t.Context(), "bank", "X")
			require.ErrorIs(t, err, errs.ErrInvalid)
			_, err = store.EnsureOrg(t.Context(), identity.OrgCustomer, "  ")
			require.ErrorIs(t, err, errs.ErrInvalid)
		})

		t.Run("EnsureOrg is idempotent", func(t *testing.T) {
			a, err := store.EnsureOrg(t.Context(), identity.OrgCustomer, "Stark Industries")
			require.NoError(t, err)
			b, err := store.EnsureOrg(t.Context(), identity.OrgCustomer, "stark industries")
			require.NoError(t, err)
			assert.Equal(t, a, b)
		})

		t.Run("EnsureOrg is safe under concurrency", func(t *testing.T) {
			const n = 16
			ids := make([]string, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					name := "Wayne Enterprises"
					if i%2 == 1 {
						name = "WAYNE enterprises"
					}
					ensure := func(ctx context.Context) error {
						org, err := store.EnsureOrg(ctx, identity.OrgCustomer, name)
						ids[i] = org.ID
						return err
					}
					var err error
					if i%3 == 0 { // some inside a transaction, as CreateUser does
						err = d.WithTx(t.Context(), ensure)
					} else {
						err = ensure(t.Context())
					}
					assert.NoError(t, err, "goroutine %d", i)
				})
			}
			wg.Wait()
			for _, id := range ids {
				assert.Equal(t, ids[0], id)
			}
			var count int
			require.NoError(t, d.Get(t.Context(), &count, "SELECT count(*) FROM orgs WHERE lower(name) = ?", "wayne enterprises"))
			assert.Equal(t, 1, count)
		})

		t.Run("concurrent signups with one email: one wins", func(t *testing.T) {
			const n = 8
			errsCh := make(chan error, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					_, err := svc.CreateUser(t.Context(), identity.CreateUserInput{
						Email: []string{"race@vouch.example", "RACE@Vouch.Example"}[i%2], Password: pw,
						Role: identity.RoleSupplierUser, OrgName: fmt.Sprint("Race Supplier ", i),
					})
					errsCh <- err
				})
			}
			wg.Wait()
			close(errsCh)
			wins := 0
			for err := range errsCh {
				if err == nil {
					wins++
					continue
				}
				assert.Equal(t, "email_taken", codeOf(err), "%v", err)
			}
			assert.Equal(t, 1, wins)
			var orgs int
			require.NoError(t, d.Get(t.Context(), &orgs, "SELECT count(*) FROM orgs WHERE name LIKE ?", "Race Supplier %"))
			assert.Equal(t, 1, orgs, "the losers' orgs rolled back with them")
		})

		t.Run("SeedDemo is idempotent", func(t *testing.T) {
			first, err := svc.SeedDemo(t.Context())
			require.NoError(t, err)
			require.Len(t, first.Users, 3)
			for _, a := range first.Users {
				assert.True(t, a.Created, a.Email)
				assert.GreaterOrEqual(t, len(a.Password), identity.MinPasswordLen)
			}
			n1, err := store.CountUsers(t.Context())
			require.NoError(t, err)

			second, err := svc.SeedDemo(t.Context())
			require.NoError(t, err)
			for _, a := range second.Users {
				assert.False(t, a.Created, a.Email)
			}
			n2, err := store.CountUsers(t.Context())
			require.NoError(t, err)
			assert.Equal(t, n1, n2)

			admin, err := store.GetUserByEmail(t.Context(), "admin@acme.example")
			require.NoError(t, err)
			require.Len(t, admin.Roles, 1)
			assert.Equal(t, identity.RoleCustomerAdmin, admin.Roles[0].Role)
			acme, err := store.GetOrg(t.Context(), admin.Roles[0].OrgID)
			require.NoError(t, err)
			assert.Equal(t, identity.DemoCustomerOrg, acme.Name)
			ok, err := svc.Hasher().Verify(t.Context(), identity.DemoPassword, admin.PasswordHash)
			require.NoError(t, err)
			assert.True(t, ok)

			ops, err := store.GetUserByEmail(t.Context(), "ops@vouch.example")
			require.NoError(t, err)
			assert.Equal(t, []identity.RoleGrant{{Role: identity.RolePlatformAdmin}}, ops.Roles)
		})
	})
}
