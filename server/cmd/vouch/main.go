// Command vouch is the Vouch server and its operator tools: serve, migrate, admin and seed.
// It only parses flags and calls package app; everything else lives below it.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCmd(os.Stdin, os.Stdout, os.Stderr).ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "vouch:", err)
		os.Exit(1)
	}
}
