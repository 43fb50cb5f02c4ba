package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/lemedia/lemedia/internal/app"
	"github.com/lemedia/lemedia/internal/audit"
	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/service"
)

// createAdmin is setup without a browser: it creates the owner, reading the
// password from standard input so it never shows in the process list.
func createAdmin(ctx context.Context, cfg *config.Config, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user create-admin", flag.ContinueOnError)
	fs.SetOutput(stderr)
	username := fs.String("username", "", "the owner's username")
	email := fs.String("email", "", "the owner's email address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" || *email == "" {
		return errors.New("usage: lemedia user create-admin -username NAME -email ADDRESS < password-file")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	a, err := app.New(ctx, cfg, app.Options{LogOutput: io.Discard})
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Service.Setup(ctx, service.Meta{IP: "local", RequestID: "cli"}, service.AccountInput{
		Username: *username, Email: *email, Password: strings.TrimRight(line, "\r\n")})
	var many service.FieldErrors
	if errors.As(err, &many) {
		for _, fe := range many {
			fmt.Fprintf(stderr, "%s: %s\n", fe.Field, fe.Message)
		}
		return errors.New("the owner was not created")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "owner %s created (id %d)\n", u.Username, u.ID)
	return nil
}

// auditVerify checks the audit chain and names the first row that was
// changed or removed.
func auditVerify(ctx context.Context, cfg *config.Config, stdout io.Writer) error {
	a, err := app.New(ctx, cfg, app.Options{LogOutput: io.Discard})
	if err != nil {
		return err
	}
	defer a.Close()
	n, problem, err := audit.Verify(ctx, a.Store.DB)
	if err != nil {
		return err
	}
	if problem != nil {
		return fmt.Errorf("audit log damaged: %v (%d rows verified before it)", problem, n)
	}
	fmt.Fprintf(stdout, "audit log intact: %d rows verified\n", n)
	return nil
}
