package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vouchhq/vouch/server/internal/app"
	"github.com/vouchhq/vouch/server/internal/keyrotation"
	"github.com/vouchhq/vouch/server/internal/vault"
)

// newKeysCmd is "vouch keys": the field-encryption key ring.
func newKeysCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Manage the field-encryption keys (VOUCH_KEYS)",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newKeysGenerateCmd(s), newKeysRotateCmd(s))
	return cmd
}

// newKeysGenerateCmd is "vouch keys generate".
func newKeysGenerateCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Print a new key entry for VOUCH_KEYS",
		Long: `Print a new ring entry, "id:base64key", holding 32 random bytes. With VOUCH_KEYS set,
the id is the next one after the ring's ids; without it, a whole first ring is printed
(an encryption key and the blind-index key).`,
		Example: `  VOUCH_KEYS=k1:...,index:... vouch keys generate`,
		Args:    cobra.NoArgs,
	}
	var id string
	cmd.Flags().StringVar(&id, "id", "", "the new key's id (default: the next free one)")
	cf := addConfigFlags(cmd)
	cmd.RunE = func(*cobra.Command, []string) error {
		cfg, err := cf.load()
		if err != nil {
			return err
		}
		if cfg.Keys == "" {
			ring, err := vault.GenerateRing()
			if err != nil {
				return err
			}
			fmt.Fprintln(s.out, ring)
			return nil
		}
		ring, err := vault.ParseRing(cfg.Keys)
		if err != nil {
			return fmt.Errorf("VOUCH_KEYS: %w", err)
		}
		if id == "" {
			id = ring.NextKeyID()
		}
		entry, err := vault.GenerateKey(id)
		if err != nil {
			return err
		}
		fmt.Fprintln(s.out, entry)
		return nil
	}
	return cmd
}

// newKeysRotateCmd is "vouch keys rotate".
func newKeysRotateCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rotate",
		Short: "Re-encrypt every sealed value under the current key",
		Long: `Re-encrypt every TIN, bank account number and document that an older key sealed,
under the current key (the first encryption key of VOUCH_KEYS), in batches, showing
progress. It is safe to stop and run again: each run picks up what is still sealed with
an older key, and values already under the current key are left alone.

To rotate keys without downtime:
  1. vouch keys generate                 prints a new entry, e.g. k2:...
  2. add it AFTER the current key in VOUCH_KEYS on every instance, restart them
     (every instance can now read what k2 seals)
  3. move it to the FRONT on every instance, restart them (new values use k2)
  4. vouch keys rotate                   re-encrypt the old values under k2
  5. once it reports nothing left, remove the old key from VOUCH_KEYS
The blind-index key ("index:") is not rotated: duplicate detection depends on it.`,
		Example: `  VOUCH_KEYS=k2:...,k1:...,index:... vouch keys rotate`,
		Args:    cobra.NoArgs,
	}
	var batch int
	cmd.Flags().IntVar(&batch, "batch", 500, "values re-encrypted per batch")
	cf := addConfigFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := cf.load()
		if err != nil {
			return err
		}
		a, err := app.OpenStore(cmd.Context(), cfg, app.NewLogger(cfg, s.err))
		if err != nil {
			return err
		}
		defer a.Close()
		fields := append(a.Onboarding.SealedFields(), a.Accounts.SealedFields()...)
		res, err := keyrotation.Run(cmd.Context(), fields, batch, progressBar(s.out))
		if err != nil {
			return fmt.Errorf("%w (run it again to go on where it stopped)", err)
		}
		total := 0
		for _, n := range res {
			total += n
		}
		fmt.Fprintf(s.out, "done: %d values re-encrypted; everything is sealed with the current key\n", total)
		return nil
	}
	return cmd
}

// progressBar draws one line per field as it goes: "tins [#####-----] 50% 200/400".
func progressBar(w io.Writer) keyrotation.Progress {
	const width = 30
	return func(field string, done, total int) {
		if total == 0 {
			fmt.Fprintf(w, "%-16s nothing to do\n", field)
			return
		}
		filled := done * width / total
		fmt.Fprintf(w, "\r%-16s [%s%s] %3d%% %d/%d", field, strings.Repeat("#", filled), strings.Repeat("-", width-filled),
			done*100/total, done, total)
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}
