package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vouchhq/vouch/server/internal/app"
	"github.com/vouchhq/vouch/server/internal/banking/nacha"
	"github.com/vouchhq/vouch/server/internal/identity"
)

// newMicroDepositsCmd is "vouch microdeposits".
func newMicroDepositsCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "microdeposits",
		Short: "Send the micro-deposits that verify bank accounts",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newMicroDepositsExportCmd(s))
	return cmd
}

// achFlags are the values the operator's bank assigned, from flags or VOUCH_ACH_*.
type achFlags struct {
	odfi, origin, originName, destinationName, companyName, companyID, effective string
	firstTrace                                                                   int
}

// newMicroDepositsExportCmd is "vouch microdeposits export".
func newMicroDepositsExportCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export --out FILE",
		Short: "Write the pending micro-deposits as a NACHA ACH file for your bank",
		Long: `Write every micro-deposit not yet exported (two credits of 1 to 99 cents per bank
account that no instant-verification provider could confirm) as a NACHA-format ACH file
to upload to your bank, and mark them exported so the next file leaves them out.
Suppliers then read the two amounts on their statement and enter them in Vouch.

The bank's values come from flags or the environment: --odfi (VOUCH_ACH_ODFI, your
bank's routing number), --company-name (VOUCH_ACH_COMPANY_NAME, what suppliers see on
their statement), --company-id (VOUCH_ACH_COMPANY_ID, usually 1 followed by your EIN),
and optionally --origin, --origin-name and --destination-name.

The file is written whole (to a temporary file renamed into place) before anything is
marked exported; with --dry-run nothing is marked.`,
		Example: `  VOUCH_ACH_ODFI=021000021 VOUCH_ACH_COMPANY_NAME=VOUCH VOUCH_ACH_COMPANY_ID=1123456789 \
    vouch microdeposits export --out deposits-$(date +%F).ach`,
		Args: cobra.NoArgs,
	}
	var out string
	var dryRun bool
	var f achFlags
	cmd.Flags().StringVar(&out, "out", "", "where to write the ACH file (required)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "write the file but do not mark the deposits exported")
	cmd.Flags().StringVar(&f.odfi, "odfi", os.Getenv("VOUCH_ACH_ODFI"), "your bank's routing number (VOUCH_ACH_ODFI)")
	cmd.Flags().StringVar(&f.origin, "origin", os.Getenv("VOUCH_ACH_ORIGIN"), "immediate origin your bank assigned (VOUCH_ACH_ORIGIN; default the ODFI)")
	cmd.Flags().StringVar(&f.originName, "origin-name", envOr("VOUCH_ACH_ORIGIN_NAME", "VOUCH"), "your name in the file header (VOUCH_ACH_ORIGIN_NAME)")
	cmd.Flags().StringVar(&f.destinationName, "destination-name", os.Getenv("VOUCH_ACH_DESTINATION_NAME"), "your bank's name in the file header (VOUCH_ACH_DESTINATION_NAME)")
	cmd.Flags().StringVar(&f.companyName, "company-name", os.Getenv("VOUCH_ACH_COMPANY_NAME"), "the name suppliers see on their statement (VOUCH_ACH_COMPANY_NAME)")
	cmd.Flags().StringVar(&f.companyID, "company-id", os.Getenv("VOUCH_ACH_COMPANY_ID"), "company identification your bank assigned (VOUCH_ACH_COMPANY_ID)")
	cmd.Flags().StringVar(&f.effective, "effective", "", "settlement date YYYY-MM-DD (default: the next day)")
	cmd.Flags().IntVar(&f.firstTrace, "first-trace", 1, "first trace sequence number (carry it over between files of one day)")
	_ = cmd.MarkFlagRequired("out")
	cf := addConfigFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := cf.load()
		if err != nil {
			return err
		}
		settings, err := f.settings(time.Now())
		if err != nil {
			return err
		}
		a, err := app.OpenStore(cmd.Context(), cfg, app.NewLogger(cfg, s.err))
		if err != nil {
			return err
		}
		defer a.Close()
		pending, err := a.Accounts.PendingDeposits(cmd.Context())
		if err != nil {
			return err
		}
		if len(pending) == 0 {
			fmt.Fprintln(s.out, "nothing to export: no micro-deposits are waiting")
			return nil
		}
		credits := make([]nacha.Credit, 0, 2*len(pending))
		ids := make([]string, 0, len(pending))
		total := 0
		for _, p := range pending {
			for _, cents := range p.AmountsCents {
				credits = append(credits, nacha.Credit{RoutingNumber: p.RoutingNumber, AccountNumber: p.AccountNumber.Reveal(),
					AccountType: nacha.AccountType(p.AccountType), Business: true, Name: p.HolderName, ID: entryID(p.AccountID), Amount: int64(cents)})
				total += cents
			}
			ids = append(ids, p.AccountID)
		}
		file, err := nacha.BuildMicroDeposits(settings, credits)
		if err != nil {
			return fmt.Errorf("build ACH file: %w", err)
		}
		data, err := nacha.Encode(file)
		if err != nil {
			return fmt.Errorf("encode ACH file: %w", err)
		}
		if err := writeAtomically(out, data); err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		fmt.Fprintf(s.out, "wrote %d micro-deposits to %d accounts ($%d.%02d in all) to %s (sha256 %s)\n",
			len(credits), len(pending), total/100, total%100, out, hex.EncodeToString(sum[:]))
		if dryRun {
			fmt.Fprintln(s.out, "dry run: nothing marked exported")
			return nil
		}
		return a.Accounts.MarkExported(cmd.Context(), identity.Actor{Reason: "vouch microdeposits export"}, ids, hex.EncodeToString(sum[:]))
	}
	return cmd
}

// settings turns the flags into the file's settings, with every problem at once.
func (f achFlags) settings(now time.Time) (nacha.Settings, error) {
	var missing []string
	for _, want := range [][2]string{{"--odfi (VOUCH_ACH_ODFI)", f.odfi}, {"--company-name (VOUCH_ACH_COMPANY_NAME)", f.companyName},
		{"--company-id (VOUCH_ACH_COMPANY_ID)", f.companyID}} { // in a fixed order, so the message is the same every time
		if strings.TrimSpace(want[1]) == "" {
			missing = append(missing, want[0])
		}
	}
	if len(missing) > 0 {
		return nacha.Settings{}, fmt.Errorf("the bank's values are missing: %s", strings.Join(missing, ", "))
	}
	effective := now.AddDate(0, 0, 1)
	if f.effective != "" {
		d, err := time.Parse(time.DateOnly, f.effective)
		if err != nil {
			return nacha.Settings{}, fmt.Errorf("--effective: want YYYY-MM-DD: %w", err)
		}
		effective = d
	}
	origin := f.origin
	if origin == "" {
		origin = f.odfi
	}
	return nacha.Settings{ODFI: f.odfi, Origin: origin, OriginName: f.originName, DestinationName: f.destinationName,
		CompanyName: f.companyName, CompanyID: f.companyID, CreatedAt: now, EffectiveDate: effective, FirstTrace: f.firstTrace}, nil
}

// entryID is the 15-character reference an entry carries back in a return: the random
// part of the account id.
func entryID(accountID string) string {
	_, rest, _ := strings.Cut(accountID, "_")
	if len(rest) > 15 {
		rest = rest[:15]
	}
	return strings.ToUpper(rest)
}

// writeAtomically writes data to path through a temporary file in the same directory.
func writeAtomically(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ach-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
