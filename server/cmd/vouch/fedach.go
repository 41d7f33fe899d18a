package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/vouchhq/vouch/server/internal/app"
	"github.com/vouchhq/vouch/server/internal/banking/fedach"
)

// maxFedACHFile bounds what the import reads: the real directory is under 3 MB.
const maxFedACHFile = 64 << 20

// newFedACHCmd is "vouch fedach": the routing-number directory.
func newFedACHCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "fedach",
		Short: "Manage the FedACH routing-number directory",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newFedACHImportCmd(s))
	return cmd
}

// newFedACHImportCmd is "vouch fedach import".
func newFedACHImportCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import --file FILE",
		Short: "Replace the routing-number directory with a FedACH participant file",
		Long: `Import the Federal Reserve's FedACH participant directory (FedACHdir.txt: one
fixed-width record of 155 characters per line, from the Federal Reserve's E-Payments
Routing Directory). Routing-number lookups answer from it: bank name, city, state,
and whether the number is active or was replaced by another.

The whole file is read and checked first; a truncated or garbled file stops the
import with the line and field at fault. Only then is the directory replaced, in
one transaction, and the new version (SHA-256, row count, time) recorded. If
anything fails the previous directory stays as it was. Importing the same file
again stores nothing.

Running servers pick up the new directory within 30 seconds.`,
		Example: `  vouch fedach import --file FedACHdir.txt`,
		Args:    cobra.NoArgs,
	}
	var file string
	cmd.Flags().StringVar(&file, "file", "", "path of the FedACH directory file (required)")
	_ = cmd.MarkFlagRequired("file")
	cf := addConfigFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := cf.load()
		if err != nil {
			return err
		}
		start := time.Now()
		dir, size, err := parseFedACHFile(file)
		if err != nil {
			return fmt.Errorf("%w (the directory is unchanged)", err)
		}
		fmt.Fprintf(s.out, "read %s (%.1f MB): %d routing numbers in %s\n",
			file, float64(size)/(1<<20), len(dir.Participants), ms(time.Since(start)))
		a, err := app.OpenStore(cmd.Context(), cfg, app.NewLogger(cfg, s.err))
		if err != nil {
			return err
		}
		defer a.Close()
		start = time.Now()
		lastTenth := 0
		res, err := a.Directory.Import(cmd.Context(), dir, filepath.Base(file), func(done, total int) {
			if tenth := done * 10 / total; tenth > lastTenth {
				lastTenth = tenth
				fmt.Fprintf(s.out, "  stored %d/%d (%d%%)\n", done, total, tenth*10)
			}
		})
		if err != nil {
			return err // the error already says the previous directory is unchanged
		}
		v := res.Version
		if res.Unchanged {
			fmt.Fprintf(s.out, "unchanged: the directory imported %s already has this file (sha256 %s)\n",
				v.ImportedAt.Format(time.RFC3339), v.SHA256)
			return nil
		}
		fmt.Fprintf(s.out, "imported %d routing numbers as directory %s (sha256 %s) in %s\n",
			v.Rows, v.ID, v.SHA256, ms(time.Since(start)))
		return nil
	}
	return cmd
}

// parseFedACHFile reads and checks the whole file, refusing one far larger than any
// directory, and returns it with its size.
func parseFedACHFile(path string) (*fedach.Directory, int64, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("open FedACH file: %w", err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, 0, fmt.Errorf("open FedACH file: %w", err)
	}
	if st.Size() > maxFedACHFile {
		return nil, 0, fmt.Errorf("%s is larger than %d MB: not a FedACH directory", path, maxFedACHFile>>20)
	}
	dir, err := fedach.Parse(io.LimitReader(fh, maxFedACHFile))
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	return dir, st.Size(), nil
}
