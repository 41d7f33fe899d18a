package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/vouchhq/vouch/server/internal/app"
	"github.com/vouchhq/vouch/server/internal/audit"
	"github.com/vouchhq/vouch/server/internal/platform/db"
)

// newAuditCmd is "vouch audit": operator tools for the audit log.
func newAuditCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check the audit log",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newAuditVerifyCmd(s))
	return cmd
}

// newAuditVerifyCmd is "vouch audit verify".
func newAuditVerifyCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Recompute the audit log's hash chain and report the first broken link",
		Long: `Every audit event stores a SHA-256 hash of its own fields and of the previous
event's hash. verify reads the whole log in order, a batch at a time, recomputes
every hash and checks every link. It only reads: it never changes the database or
its schema (run "vouch migrate up" first on a new database).

On success it prints "audit chain OK: N events verified" and the last event's seq
and hash, and exits 0. Keep that hash somewhere else (a ticket, a log shipper): the
chain alone cannot show events cut off its end, a later run can be compared with it.

If the chain is broken it prints "audit chain BROKEN at seq N (event ID): reason"
and exits 1. The reason is one of:
  seq gap              events before N were deleted
  prev_hash mismatch   an event before N was removed or rewritten with a new hash
  hash mismatch        event N itself was altered`,
		Example: `  vouch audit verify
  VOUCH_DATABASE_URL=postgres://vouch@db/vouch vouch audit verify`,
		Args: cobra.NoArgs,
	}
	cf := addConfigFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := cf.load()
		if err != nil {
			return err
		}
		// No migration: a verifier must not change what it verifies.
		d, err := app.OpenDB(cmd.Context(), cfg, false)
		if err != nil {
			return err
		}
		defer d.Close()
		v, err := audit.New(d).Verify(cmd.Context())
		if err != nil {
			return fmt.Errorf("verify audit chain on %s: %w%s", d, err, migrateHint(cmd.Context(), d))
		}
		if b := v.FirstBroken; b != nil {
			fmt.Fprintf(s.out, "audit chain BROKEN at seq %d (event %s): %s\n", b.Seq, b.EventID, b.Reason)
			fmt.Fprintf(s.out, "%d events verified before the break\n", v.Checked)
			return errors.New("audit chain verification failed")
		}
		fmt.Fprintf(s.out, "audit chain OK: %d events verified\n", v.Checked)
		fmt.Fprintf(s.out, "last event: seq %d, hash %s\n", v.LastSeq, v.LastHash)
		return nil
	}
	return cmd
}

// migrateHint explains a failed read by pending migrations, the usual cause on a new
// database (verify does not migrate); it returns "" when the schema is up to date.
func migrateHint(ctx context.Context, d *db.DB) string {
	ms, err := d.MigrationStatus(ctx)
	if err != nil {
		return ""
	}
	pending := 0
	for _, m := range ms {
		if !m.Applied {
			pending++
		}
	}
	if pending == 0 {
		return ""
	}
	return fmt.Sprintf(` (%d migrations are pending: run "vouch migrate up" first)`, pending)
}
