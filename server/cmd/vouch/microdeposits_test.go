package main

import (
	"bytes"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vouchhq/vouch/server/internal/app"
	"github.com/vouchhq/vouch/server/internal/banking/accounts"
	"github.com/vouchhq/vouch/server/internal/banking/nacha"
	"github.com/vouchhq/vouch/server/internal/cleansing"
	"github.com/vouchhq/vouch/server/internal/config"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/onboarding"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// pendingDeposit sets up, in the SQLite store of dir, a supplier whose account no
// provider could verify, and returns the account id and its two amounts.
func pendingDeposit(t *testing.T, dir string) (string, [2]int64) {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir, cfg.Migrate, cfg.BankProvider = dir, true, "micro_deposits"
	cfg.PublicURL, _ = url.Parse("http://localhost:8080")
	a, err := app.OpenStore(t.Context(), cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer a.Close()
	ctx := t.Context()
	admin, err := a.Identity.CreateUser(ctx, identity.CreateUserInput{Email: "ap@acme.example", Password: "orchard lantern granite 7",
		Role: identity.RoleCustomerAdmin, OrgName: "Acme"})
	require.NoError(t, err)
	_, link, err := a.Onboarding.Invite(ctx, identity.Actor{UserID: admin.ID}, admin.PrimaryOrg(), onboarding.InviteInput{Email: "s@bolt.example", SupplierName: "Bolt"})
	require.NoError(t, err)
	u, err := url.Parse(link)
	require.NoError(t, err)
	sup, err := a.Onboarding.Enroll(ctx, identity.SessionMeta{}, onboarding.EnrollInput{Token: u.Query().Get("token"), Email: "s@bolt.example",
		Password: "orchard lantern granite 8", LegalName: "Bolt and Nut LLC"})
	require.NoError(t, err)
	actor := identity.Actor{UserID: sup.ID}
	_, _, err = a.Onboarding.SaveProfile(ctx, actor, sup.PrimaryOrg(), cleansing.Profile{LegalName: "Bolt and Nut LLC"})
	require.NoError(t, err)
	acct, err := a.Accounts.Add(ctx, actor, sup.PrimaryOrg(), accounts.AddInput{RoutingNumber: "021000021",
		AccountNumber: vault.NewSecret("123456789012"), AccountType: "checking", HolderName: "Bolt and Nut LLC"}, false)
	require.NoError(t, err)
	require.Equal(t, accounts.StatusMicroDeposits, acct.Status)
	var amounts []struct {
		A1 int64 `db:"amount1_cents"`
		A2 int64 `db:"amount2_cents"`
	}
	require.NoError(t, a.DB.Select(ctx, &amounts, `SELECT amount1_cents, amount2_cents FROM micro_deposits WHERE bank_account_id = ?`, acct.ID))
	return acct.ID, [2]int64{amounts[0].A1, amounts[0].A2}
}

func TestMicroDepositsExport(t *testing.T) {
	dir := t.TempDir()
	_, want := pendingDeposit(t, dir)
	out := filepath.Join(t.TempDir(), "deposits.ach")
	env := map[string]string{"VOUCH_DATA_DIR": dir}

	_, _, err := run(t, t.Context(), "", env, "microdeposits", "export", "--out", out)
	require.ErrorContains(t, err, "--odfi (VOUCH_ACH_ODFI)", "the bank's values are asked for by name")
	_, err = os.Stat(out)
	assert.True(t, os.IsNotExist(err), "nothing written")

	env["VOUCH_ACH_ODFI"], env["VOUCH_ACH_COMPANY_NAME"], env["VOUCH_ACH_COMPANY_ID"] = "021000021", "VOUCH", "1123456789"
	stdout, _, err := run(t, t.Context(), "", env, "microdeposits", "export", "--out", out)
	require.NoError(t, err)
	assert.Contains(t, stdout, "wrote 2 micro-deposits to 1 accounts")
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	f, err := nacha.Parse(bytes.NewReader(data))
	require.NoError(t, err, "the file is valid NACHA")
	require.Len(t, f.Batches, 1)
	require.Len(t, f.Batches[0].Entries, 2)
	got := [2]int64{f.Batches[0].Entries[0].Amount, f.Batches[0].Entries[1].Amount}
	assert.Equal(t, want, got, "the amounts the supplier will confirm")
	assert.Equal(t, "123456789012", f.Batches[0].Entries[0].Account, "the bank needs the full number, in this file only")

	stdout, _, err = run(t, t.Context(), "", env, "microdeposits", "export", "--out", out+".2")
	require.NoError(t, err)
	assert.Contains(t, stdout, "nothing to export", "exported deposits are not sent twice")
}

func TestKeysGenerateAndRotate(t *testing.T) {
	dir := t.TempDir()
	pendingDeposit(t, dir)
	first, _, err := run(t, t.Context(), "", map[string]string{"VOUCH_DATA_DIR": dir, "VOUCH_KEYS": vault.DevKeys}, "keys", "generate")
	require.NoError(t, err)
	entry := strings.TrimSpace(first)
	require.True(t, strings.HasPrefix(entry, "k"), entry)
	_, err = vault.ParseRing(entry + "," + vault.DevKeys)
	require.NoError(t, err, "the entry goes in front of the ring")

	out, _, err := run(t, t.Context(), "", map[string]string{"VOUCH_DATA_DIR": dir, "VOUCH_KEYS": entry + "," + vault.DevKeys}, "keys", "rotate")
	require.NoError(t, err)
	assert.Contains(t, out, "account numbers")
	assert.Contains(t, out, "100%")
	assert.Contains(t, out, "done: 1 values re-encrypted")
	out, _, err = run(t, t.Context(), "", map[string]string{"VOUCH_DATA_DIR": dir, "VOUCH_KEYS": entry + "," + vault.DevKeys}, "keys", "rotate")
	require.NoError(t, err)
	assert.Contains(t, out, "done: 0 values re-encrypted", "a second run has nothing left to do")
}
