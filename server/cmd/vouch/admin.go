package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vouchhq/vouch/server/internal/app"
	"github.com/vouchhq/vouch/server/internal/identity"
)

func newAdminCmd(s streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "admin",
		Short: "Operator tasks on users and orgs",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newCreateUserCmd(s))
	return cmd
}

func newCreateUserCmd(s streams) *cobra.Command {
	var email, role, org string
	var passwordStdin bool
	cmd := &cobra.Command{
		Use:   "create-user",
		Short: "Create a user with a role, reading the password from standard input",
		Long: `Create a user. The password is read from standard input (never a flag, so it stays
out of shell history and process listings), must be 12 to 128 characters, and is
stored as an argon2id hash.

Roles: platform_admin, support, customer_admin (needs --org: the customer org,
created when missing), supplier_user (needs --org: the supplier org).`,
		Example: `  printf '%s\n' "$PASSWORD" | vouch admin create-user --email ops@example.com --role platform_admin --password-stdin
  vouch admin create-user --email ap@acme.example --role customer_admin --org "Acme Corp" --password-stdin < pw.txt`,
		Args: cobra.NoArgs,
	}
	cf := addConfigFlags(cmd)
	cmd.Flags().StringVar(&email, "email", "", "the user's e-mail address (required)")
	cmd.Flags().StringVar(&role, "role", "", "platform_admin, support, customer_admin or supplier_user (required)")
	cmd.Flags().StringVar(&org, "org", "", "the org's name, for customer_admin and supplier_user")
	cmd.Flags().BoolVar(&passwordStdin, "password-stdin", false, "read the password from standard input (required)")
	_ = cmd.MarkFlagRequired("email")
	_ = cmd.MarkFlagRequired("role")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if !passwordStdin {
			return errors.New("--password-stdin is required: pipe the password in, never pass it as a flag")
		}
		password, err := readPassword(s.in)
		if err != nil {
			return err
		}
		cfg, err := cf.load()
		if err != nil {
			return err
		}
		a, err := app.OpenStore(cmd.Context(), cfg, app.NewLogger(cfg, s.err))
		if err != nil {
			return err
		}
		defer a.Close()
		u, err := a.Identity.CreateUser(cmd.Context(), identity.CreateUserInput{
			Email: email, Password: password, Role: identity.Role(role), OrgName: org,
		})
		if err != nil {
			return err // the service's error already says "create user: …"
		}
		fmt.Fprintf(s.out, "created %s (%s) with id %s\n", u.Email, role, u.ID)
		return nil
	}
	return cmd
}

// readPassword takes the first line of r, without its line ending; surrounding spaces are
// kept on purpose, they are part of the password.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input")
	}
	return line, nil
}
