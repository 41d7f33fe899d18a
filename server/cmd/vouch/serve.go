package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/vouchhq/vouch/server/internal/app"
)

func newServeCmd(s streams) *cobra.Command {
	var noMigrate bool
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the HTTP server (API, web UI, health and metrics)",
		Long: `Run the HTTP server: the JSON API under /api/v1, the web UI, /healthz, /readyz
and /metrics. The schema is migrated on start unless --no-migrate is given.
SIGINT or SIGTERM stops accepting connections and drains open requests (10 s).`,
		Example: `  vouch serve
  VOUCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/vouch VOUCH_REDIS_URL=redis://127.0.0.1:6379 vouch serve
  vouch serve --addr 0.0.0.0:8080 --public-url https://vouch.example.com`,
		Args: cobra.NoArgs,
	}
	cf := addConfigFlags(cmd,
		[3]string{"addr", "VOUCH_ADDR", "listen address, host:port"},
		[3]string{"public-url", "VOUCH_PUBLIC_URL", "the URL users see"},
	)
	cmd.Flags().BoolVar(&noMigrate, "no-migrate", false, "do not migrate the schema on start")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		cfg, err := cf.load()
		if err != nil {
			return err
		}
		if noMigrate {
			cfg.Migrate = false
		}
		log := app.NewLogger(cfg, s.err)
		openCtx, cancel := context.WithTimeout(cmd.Context(), 30*time.Second)
		defer cancel()
		a, err := app.Open(openCtx, cfg, log)
		if err != nil {
			return err
		}
		defer a.Close()
		if err := a.Serve(cmd.Context(), nil); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		log.Info("stopped")
		return nil
	}
	return cmd
}
