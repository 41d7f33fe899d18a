package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func newVersionCmd(s streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the build's version",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			v, rev := "devel", ""
			if bi, ok := debug.ReadBuildInfo(); ok {
				v = bi.Main.Version
				for _, st := range bi.Settings {
					if st.Key == "vcs.revision" {
						rev = st.Value
					}
				}
			}
			fmt.Fprintf(s.out, "vouch %s %s\n", v, rev)
			return nil
		},
	}
}
