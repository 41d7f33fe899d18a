package main

import (
	"io"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/vouchhq/vouch/server/internal/config"
)

// streams are the command's standard streams, injectable for tests.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

func newRootCmd(in io.Reader, out, errw io.Writer) *cobra.Command {
	s := streams{in: in, out: out, err: errw}
	root := &cobra.Command{
		Use:   "vouch",
		Short: "Vouch: supplier onboarding, KYC and instant bank verification for B2B payments",
		Long: `Vouch is a supplier self-service portal for a B2B payments network.

Every command reads its configuration from VOUCH_* environment variables; the flags
of a command override them. With no configuration, vouch uses a SQLite file in ./data
and an in-process key-value store, which is all a laptop needs.

Environment:
  VOUCH_ENV              dev (default) or prod; prod refuses insecure settings
  VOUCH_ADDR             listen address (default 127.0.0.1:8080)
  VOUCH_PUBLIC_URL       the URL users see (default http://localhost:<port>)
  VOUCH_DATA_DIR         data directory (default ./data)
  VOUCH_DATABASE_URL     empty: SQLite in the data dir; postgres://…: PostgreSQL
  VOUCH_REDIS_URL        empty: in-process kv; redis://…: Redis
  VOUCH_TRUSTED_PROXIES  CIDRs of proxies allowed to set X-Forwarded-For
  VOUCH_SMTP_URL         smtp://host:port; empty in dev: mail goes to the log
  VOUCH_KEYS             field-encryption key ring
  VOUCH_LOG_LEVEL        debug, info (default), warn, error
  VOUCH_LOG_FORMAT       text (default) or json`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errw)
	root.AddCommand(newServeCmd(s), newMigrateCmd(s), newAdminCmd(s), newSeedCmd(s), newAuditCmd(s), newSanctionsCmd(s), newFedACHCmd(s), newKeysCmd(s), newMicroDepositsCmd(s), newVersionCmd(s))
	return root
}

// configFlags are the flags that override environment variables, on every command that
// touches a backend.
type configFlags struct {
	flags map[string]string // env var name → flag name
	fs    *pflag.FlagSet
}

func addConfigFlags(cmd *cobra.Command, extra ...[3]string) *configFlags {
	cf := &configFlags{flags: map[string]string{}, fs: cmd.Flags()}
	defs := append([][3]string{
		{"database-url", "VOUCH_DATABASE_URL", "database URL; empty means SQLite in the data dir"},
		{"redis-url", "VOUCH_REDIS_URL", "Redis URL; empty means the in-process store"},
		{"data-dir", "VOUCH_DATA_DIR", "data directory"},
		{"env", "VOUCH_ENV", "dev or prod"},
	}, extra...)
	for _, d := range defs {
		cmd.Flags().String(d[0], "", d[2]+" (overrides "+d[1]+")")
		cf.flags[d[1]] = d[0]
	}
	return cf
}

// load reads the environment, with the flags that were set on top.
func (cf *configFlags) load() (config.Config, error) {
	return config.FromEnv(func(name string) (string, bool) {
		if flag, ok := cf.flags[name]; ok && cf.fs.Changed(flag) {
			v, _ := cf.fs.GetString(flag)
			return v, true
		}
		return os.LookupEnv(name)
	})
}
