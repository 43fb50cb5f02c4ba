package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/lemedia/lemedia/internal/app"
	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/service"
)

// secretsRotate re-seals every stored secret under SERVICES_SECRET_KEY,
// opening the old ones with SERVICES_SECRET_KEY_PREVIOUS. Running servers
// configured with both keys keep working meanwhile; a second run changes
// nothing.
func secretsRotate(ctx context.Context, cfg *config.Config, stdout io.Writer) error {
	if cfg.ServicesSecretKeyPrevious.IsZero() {
		fmt.Fprintln(stdout, "SERVICES_SECRET_KEY_PREVIOUS is not set: only values already under the current key can be read")
	}
	a, err := app.New(ctx, cfg, app.Options{LogOutput: io.Discard})
	if err != nil {
		return err
	}
	defer a.Close()
	counts, err := a.Service.RotateSecrets(ctx, service.Meta{IP: "local", RequestID: "cli"})
	for _, c := range counts {
		fmt.Fprintf(stdout, "%-22s %d re-sealed, %d already current, %d changed meanwhile, %d unreadable\n",
			c.What, c.Resealed, c.Current, c.Changed, c.Failed)
	}
	if errors.Is(err, service.ErrSecretsUnreadable) {
		return fmt.Errorf("%w; they were left as they are (an admin can enter those keys again)", err)
	}
	return err
}
