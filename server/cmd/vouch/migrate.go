package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/vouchhq/vouch/server/internal/app"
)

func newMigrateCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Bring the database schema up to date, or show its state",
		Long: `Migrations are embedded in the binary, one set per database (PostgreSQL, SQLite),
and only ever move forward.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	up := &cobra.Command{
		Use:   "up",
		Short: "Apply every pending migration",
		Args:  cobra.NoArgs,
	}
	upFlags := addConfigFlags(up)
	up.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := upFlags.load()
		if err != nil {
			return err
		}
		d, err := app.OpenDB(cmd.Context(), cfg, true)
		if err != nil {
			return err
		}
		defer d.Close()
		fmt.Fprintf(s.out, "%s schema is up to date\n", d.Dialect())
		return nil
	}
	status := &cobra.Command{
		Use:   "status",
		Short: "List the migrations and whether each is applied",
		Args:  cobra.NoArgs,
	}
	statusFlags := addConfigFlags(status)
	status.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := statusFlags.load()
		if err != nil {
			return err
		}
		d, err := app.OpenDB(cmd.Context(), cfg, false)
		if err != nil {
			return err
		}
		defer d.Close()
		ms, err := d.MigrationStatus(cmd.Context())
		if err != nil {
			return fmt.Errorf("migration status: %w", err)
		}
		tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "VERSION\tNAME\tSTATE\tAPPLIED AT")
		for _, m := range ms {
			state, at := "pending", ""
			if m.Applied {
				state, at = "applied", m.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", m.Version, m.Name, state, at)
		}
		return tw.Flush()
	}
	cmd.AddCommand(up, status)
	return cmd
}
