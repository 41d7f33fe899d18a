package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/vouchhq/vouch/server/internal/app"
	"github.com/vouchhq/vouch/server/internal/identity"
	"github.com/vouchhq/vouch/server/internal/onboarding"
)

func newSeedCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "seed",
		Short: "Load sample data",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	demo := &cobra.Command{
		Use:   "demo",
		Short: "Create the demo org and users (idempotent) and print their sign-ins",
		Long: `Create a customer org with an admin, a support user and a platform admin, and a
supplier the customer invited (enrolled, profile filled in, not yet submitted), for
trying Vouch out, and load a small invented sanctions list when none was imported.
Running it again changes nothing. Refused when VOUCH_ENV=prod: demo passwords are
public.`,
		Args: cobra.NoArgs,
	}
	cf := addConfigFlags(demo)
	demo.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := cf.load()
		if err != nil {
			return err
		}
		if cfg.Env == "prod" {
			return fmt.Errorf("seed demo refused with VOUCH_ENV=prod: demo passwords are public")
		}
		a, err := app.OpenStore(cmd.Context(), cfg, app.NewLogger(cfg, s.err))
		if err != nil {
			return err
		}
		defer a.Close()
		res, err := a.Identity.SeedDemo(cmd.Context())
		if err != nil {
			return fmt.Errorf("seed demo: %w", err)
		}
		enrolled, err := a.Onboarding.SeedDemo(cmd.Context(), identity.DemoCustomerAdmin, identity.DemoCustomerOrg)
		if err != nil {
			return fmt.Errorf("seed demo: %w", err)
		}
		fmt.Fprintln(s.out, "Demo sign-ins:")
		tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  ROLE\tE-MAIL\tPASSWORD\tORG")
		for _, u := range res.Users {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", u.Role, u.Email, u.Password, u.Org)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", identity.RoleSupplierUser, onboarding.DemoSupplierEmail, identity.DemoPassword, onboarding.DemoSupplierOrg)
		if err := tw.Flush(); err != nil {
			return err
		}
		// A fresh install gets an invented sanctions list to try screening with; an
		// operator's imported list is never replaced.
		sl, loaded, err := a.Screening.SeedDemo(cmd.Context())
		if err != nil {
			return err
		}
		if loaded {
			fmt.Fprintf(s.out, "Sanctions list: demo list loaded (%d invented entries)\n", sl.Version.Entries)
		} else {
			fmt.Fprintf(s.out, "Sanctions list: kept list version %d (%s)\n", sl.Version.Number, sl.Version.Source)
		}
		if enrolled {
			fmt.Fprintf(s.out, "Supplier: %s enrolled from %s's invitation, profile filled in; sign in as %s to submit it and add a bank account\n",
				onboarding.DemoSupplierOrg, identity.DemoCustomerOrg, onboarding.DemoSupplierEmail)
		}
		return nil
	}
	cmd.AddCommand(demo)
	return cmd
}
