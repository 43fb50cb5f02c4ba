package service_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/store"
)

var (
	oldKey = secret.New("test-services-key-0123456789abcdefghijkl") // newEnv's
	newKey = secret.New("rotated-services-key-ZYXWVUT9876543210qp")
)

// withKeys is another process on the same database with other keys.
func (e *env) withKeys(t *testing.T, current secret.Secret, previous ...secret.Secret) *service.Service {
	t.Helper()
	sealer, err := secret.NewSealer(current, previous...)
	if err != nil {
		t.Fatal(err)
	}
	return service.New(service.Options{Store: e.st, Sealer: sealer, Now: e.clock.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

func counts(list []service.RotateCount) map[string]service.RotateCount {
	out := map[string]service.RotateCount{}
	for _, c := range list {
		out[c.What] = c
	}
	return out
}

func TestRotateSecretsRoundTrip(t *testing.T) {
	engines(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		owner := e.owner(t)
		if _, err := e.svc.CreateMediaService(ctx, m, owner, radarrInput("Main", keyCanary)); err != nil {
			t.Fatal(err)
		}
		smtp := service.SMTPSettings{Host: "127.0.0.1", Port: 25, From: "lemedia@example.org", TLS: "none"}
		if err := e.svc.UpdateSMTP(ctx, m, owner, smtp, "smtp-password-canary"); err != nil {
			t.Fatal(err)
		}
		seed, _ := e.enrol(t, owner)

		// Instances restarted with the new key and the old one as previous
		// read everything before the rotation runs.
		rolling := e.withKeys(t, newKey, oldKey)
		if def, ok, err := rolling.DefaultMediaService(ctx, service.ServiceRadarr, false); !ok || err != nil || def.APIKey.Reveal() != keyCanary {
			t.Fatalf("before rotation: %v %v", ok, err)
		}
		got, err := rolling.RotateSecrets(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		c := counts(got)
		for _, what := range []string{"media_service.api_key", "app_user.mfa_secret", "app_setting.smtp"} {
			if c[what].Resealed != 1 || c[what].Failed != 0 {
				t.Errorf("%s: %+v", what, c[what])
			}
		}
		// Idempotent: a second run finds everything current.
		again, err := rolling.RotateSecrets(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		for what, n := range counts(again) {
			if n.Resealed != 0 || (n.Current != 1) {
				t.Errorf("second run %s: %+v", what, n)
			}
		}

		// The new key alone opens everything; the old one alone nothing.
		newOnly := e.withKeys(t, newKey)
		if def, ok, err := newOnly.DefaultMediaService(ctx, service.ServiceRadarr, false); !ok || err != nil || def.APIKey.Reveal() != keyCanary {
			t.Fatalf("new key only: %v %v", ok, err)
		}
		if _, _, err := e.svc.DefaultMediaService(ctx, service.ServiceRadarr, false); !errors.Is(err, service.ErrKeyUnreadable) {
			t.Fatalf("old key only: %v", err)
		}
		sealer, _ := secret.NewSealer(newKey)
		rows, _ := store.SealedMFASecrets(ctx, e.st.DB)
		plain, err := sealer.Open(rows[0].Value, secret.AAD{Table: "app_user", Column: "mfa_secret", RowID: strconv.FormatInt(rows[0].ID, 10)})
		if err != nil || string(plain) != seed {
			t.Fatalf("MFA seed after rotation: %v", err)
		}
		pw, err := sealer.Open(newOnly.SMTP(ctx).PasswordSealed, secret.AAD{Table: "app_setting", Column: "value", RowID: "smtp"})
		if err != nil || string(pw) != "smtp-password-canary" {
			t.Fatalf("SMTP password after rotation: %v", err)
		}
		if text := e.auditText(t); !containsAll(text, "secrets.rotate secrets", `"resealed":1`) {
			t.Fatalf("audit:\n%s", text)
		}
	})
}

// A value no configured key opens is counted and reported, and the rest is
// still re-sealed.
func TestRotateSecretsReportsUnreadableValues(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	owner := e.owner(t)
	a, _ := e.svc.CreateMediaService(ctx, m, owner, radarrInput("A", keyCanary))
	b, _ := e.svc.CreateMediaService(ctx, m, owner, radarrInput("B", "key-b"))
	stranger, _ := secret.NewSealer(secret.New("a-key-nobody-configured-0123456789abcd"))
	foreign, _ := stranger.Seal([]byte("x"), secret.AAD{Table: "media_service", Column: "api_key", RowID: strconv.FormatInt(b, 10)})
	if _, err := e.st.DB.Exec(`UPDATE media_service SET api_key = $1 WHERE id = $2`, foreign, b); err != nil {
		t.Fatal(err)
	}
	got, err := e.withKeys(t, newKey, oldKey).RotateSecrets(ctx, m)
	if !errors.Is(err, service.ErrSecretsUnreadable) {
		t.Fatalf("err = %v", err)
	}
	if c := counts(got)["media_service.api_key"]; c.Resealed != 1 || c.Failed != 1 {
		t.Fatalf("counts %+v", c)
	}
	if def, _, err := e.withKeys(t, newKey).DefaultMediaService(ctx, service.ServiceRadarr, false); err != nil || def.ID != a {
		t.Fatalf("the readable one: %v", err)
	}
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
