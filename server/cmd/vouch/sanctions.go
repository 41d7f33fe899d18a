package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/vouchhq/vouch/server/internal/app"
	"github.com/vouchhq/vouch/server/internal/screening"
)

// newSanctionsCmd is "vouch sanctions": the sanctions lists screening runs against.
func newSanctionsCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sanctions",
		Short: "Manage the sanctions lists names are screened against",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newSanctionsImportCmd(s))
	return cmd
}

// newSanctionsImportCmd is "vouch sanctions import".
func newSanctionsImportCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import --sdn FILE [--alt FILE] [--add FILE]",
		Short: "Import an OFAC SDN release (sdn.csv, alt.csv, add.csv) as the current list",
		Long: `Import OFAC's Specially Designated Nationals list from its published CSV files
(https://ofac.treasury.gov, "SDN list, legacy CSV"): sdn.csv holds the entries,
alt.csv their alternate names, add.csv their addresses. The files have no header
row; Latin-1 or UTF-8, and a trailing end-of-file byte (0x1A), are accepted.

Every file is read and checked first, and the index is built in memory; only then
is the release stored, in one transaction, as a new numbered list version with its
SHA-256. A bad file (wrong column count, junk, unreadable encoding) stops the import
with the file and line at fault and leaves the current list as it was. Importing
the same files again stores nothing.

Running servers pick up the new version within 30 seconds.`,
		Example: `  vouch sanctions import --sdn sdn.csv --alt alt.csv --add add.csv`,
		Args:    cobra.NoArgs,
	}
	var sdn, alt, add string
	cmd.Flags().StringVar(&sdn, "sdn", "", "path of sdn.csv (required)")
	cmd.Flags().StringVar(&alt, "alt", "", "path of alt.csv (alternate names)")
	cmd.Flags().StringVar(&add, "add", "", "path of add.csv (addresses)")
	_ = cmd.MarkFlagRequired("sdn")
	cf := addConfigFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := cf.load()
		if err != nil {
			return err
		}
		var f screening.Files
		for _, in := range []struct {
			path string
			dst  *[]byte
			name *string
		}{{sdn, &f.SDN, &f.SDNName}, {alt, &f.Alt, &f.AltName}, {add, &f.Add, &f.AddName}} {
			if in.path == "" {
				continue
			}
			b, err := readListFile(in.path)
			if err != nil {
				return err
			}
			*in.dst, *in.name = b, in.path
			fmt.Fprintf(s.out, "read %s (%.1f MB)\n", in.path, float64(len(b))/(1<<20))
		}
		a, err := app.OpenStore(cmd.Context(), cfg, app.NewLogger(cfg, s.err))
		if err != nil {
			return err
		}
		defer a.Close()
		res, err := a.Screening.Import(cmd.Context(), f, screening.SourceOFAC, "cli")
		if err != nil {
			return fmt.Errorf("%w (the current list is unchanged)", err)
		}
		v := res.Version
		fmt.Fprintf(s.out, "parsed %d entries, %d alternate names, %d addresses in %s; indexed in %s\n",
			v.Entries, v.AltNames, v.Addresses, ms(res.Parse), ms(res.Index))
		if res.Orphans > 0 {
			fmt.Fprintf(s.out, "skipped %d alt/add rows naming no sdn.csv entry\n", res.Orphans)
		}
		if res.Unchanged {
			fmt.Fprintf(s.out, "unchanged: list version %d already has these files (sha256 %s)\n", v.Number, v.ContentHash)
			return nil
		}
		fmt.Fprintf(s.out, "stored list version %d (sha256 %s) in %s\n", v.Number, v.ContentHash, ms(res.Store))
		return nil
	}
	return cmd
}

// readListFile reads one list file, refusing anything larger than a list can be.
func readListFile(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open list file: %w", err)
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, screening.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(b) > screening.MaxFileSize {
		return nil, fmt.Errorf("%s is larger than %d MB: not a sanctions list file", path, screening.MaxFileSize>>20)
	}
	return b, nil
}

func ms(d time.Duration) string { return d.Round(time.Millisecond).String() }
