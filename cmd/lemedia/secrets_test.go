package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/app"
	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
)

const (
	firstKey  = "first-services-key-Qm7Vx2Lp9Rt4Wz8Ks3Nd"
	secondKey = "second-services-key-Hy6Bc1Jf5Gu0Ea8Ti2Ox"
	radarrKey = "radarr-key-canary-5f2c"
)

// openApp starts LeMedia on the environment's configuration (no listener).
func openApp(t *testing.T) *app.App {
	t.Helper()
	cfg, err := config.Load(os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(context.Background(), cfg, app.Options{LogOutput: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSecretsRotateCommand(t *testing.T) {
	ctx := context.Background()
	t.Setenv("DATA_DIR", t.TempDir())
	t.Setenv("DATABASE_URL", "")
	t.Setenv("SERVICES_SECRET_KEY", firstKey)
	t.Setenv("SERVICES_SECRET_KEY_PREVIOUS", "")

	a := openApp(t)
	m := service.Meta{IP: "local", RequestID: "test"}
	if _, err := a.Service.Setup(ctx, m, service.AccountInput{Username: "owner", Email: "o@example.org", Password: "a long owner password"}); err != nil {
		t.Fatal(err)
	}
	res, err := a.Service.Login(ctx, m, "owner", "a long owner password")
	if err != nil {
		t.Fatal(err)
	}
	owner, err := a.Service.Authenticate(ctx, m, res.Token)
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Service.CreateMediaService(ctx, m, owner, service.MediaServiceInput{MediaService: service.MediaService{
		Kind: service.ServiceRadarr, Name: "Main", BaseURL: "http://radarr:7878", APIKey: secret.New(radarrKey), Enabled: true,
		Arr: service.ArrSettings{QualityProfileID: 1, RootFolder: "/movies"}}})
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	t.Setenv("SERVICES_SECRET_KEY", secondKey)
	t.Setenv("SERVICES_SECRET_KEY_PREVIOUS", firstKey)
	var out, errOut bytes.Buffer
	if code := run([]string{"secrets", "rotate"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("rotate: exit %d: %s %s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "media_service.api_key  1 re-sealed, 0 already current") {
		t.Fatalf("rotate said:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"secrets", "rotate"}, strings.NewReader(""), &out, &errOut); code != 0 ||
		!strings.Contains(out.String(), "media_service.api_key  0 re-sealed, 1 already current") {
		t.Fatalf("second rotate: exit %d:\n%s", code, out.String())
	}
	if strings.Contains(out.String()+errOut.String(), radarrKey) {
		t.Fatal("the key was printed")
	}

	t.Setenv("SERVICES_SECRET_KEY_PREVIOUS", "") // the old key is gone for good
	a = openApp(t)
	defer a.Close()
	svc, ok, err := a.Service.DefaultMediaService(ctx, service.ServiceRadarr, false)
	if err != nil || !ok || svc.APIKey.Reveal() != radarrKey {
		t.Fatalf("after rotation, with the new key only: %v %v", ok, err)
	}
}
