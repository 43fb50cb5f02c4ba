package probe_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/lemedia/lemedia/internal/probe"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/sim/arr"
	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/sim/mediaserver"
	"github.com/lemedia/lemedia/internal/upstream/fake"
)

const key = "probe-test-key-1a2b3c4d"

type recorded interface {
	http.Handler
	Violations() []fake.Violation
}

func serve(t *testing.T, h recorded) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		if v := h.Violations(); len(v) > 0 {
			t.Errorf("requests broke the spec: %v", v)
		}
	})
	return srv.URL
}

func TestProbeEachKind(t *testing.T) {
	lib := library.New()
	radarr, err := arr.NewRadarr(arr.Options{APIKey: key, Library: lib})
	if err != nil {
		t.Fatal(err)
	}
	sonarr, err := arr.NewSonarr(arr.Options{APIKey: key, Library: lib, URLBase: "/sonarr"})
	if err != nil {
		t.Fatal(err)
	}
	jf, err := mediaserver.NewJellyfin(lib, mediaserver.JellyfinOptions{Token: key})
	if err != nil {
		t.Fatal(err)
	}
	plex, err := mediaserver.NewPlex(lib, mediaserver.PlexOptions{Token: key})
	if err != nil {
		t.Fatal(err)
	}
	urls := map[string]string{"radarr": serve(t, radarr), "sonarr": serve(t, sonarr) + "/sonarr",
		"jellyfin": serve(t, jf), "plex": serve(t, plex)}
	p := &probe.Prober{}
	ctx := context.Background()
	for kind, u := range urls {
		t.Run(kind, func(t *testing.T) {
			res := p.Probe(ctx, kind, u, secret.New(key))
			if !res.OK() || res.Version == "" {
				t.Fatalf("ok: %+v", res)
			}
			c := res.Choices
			switch kind {
			case "radarr":
				if len(c.QualityProfiles) != 6 || len(c.RootFolders) != 1 || c.RootFolders[0].Value != "/movies" || len(c.LanguageProfiles) != 0 {
					t.Errorf("choices: %+v", c)
				}
			case "sonarr":
				if len(c.QualityProfiles) != 6 || c.RootFolders[0].Value != "/tv" || len(c.LanguageProfiles) != 1 {
					t.Errorf("choices: %+v", c)
				}
			default:
				if len(c.Libraries) != 2 {
					t.Errorf("libraries: %+v", c.Libraries)
				}
			}
			if res := p.Probe(ctx, kind, u, secret.New("wrong-key")); res.Failure != "unauthorized" {
				t.Errorf("wrong key: %+v", res)
			}
		})
	}
	if res := p.Probe(ctx, "radarr", urls["sonarr"], secret.New(key)); res.Failure != "wrong_service" {
		t.Errorf("Sonarr tested as Radarr: %+v", res)
	}
	nothing := httptest.NewServer(http.NotFoundHandler()) // a wrong URL base behind a proxy
	defer nothing.Close()
	if res := p.Probe(ctx, "sonarr", nothing.URL, secret.New(key)); res.Failure != "not_found" {
		t.Errorf("wrong URL base: %+v", res)
	}
}

func TestProbeRefusesDeniedAddresses(t *testing.T) {
	radarr, err := arr.NewRadarr(arr.Options{APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	u := serve(t, radarr)
	own := netip.MustParseAddrPort(u[len("http://"):])
	p := &probe.Prober{Deny: func() []netip.AddrPort { return []netip.AddrPort{own} }}
	for _, target := range []string{u, "http://169.254.169.254", "http://[fe80::1]:80"} {
		if res := p.Probe(context.Background(), service.ServiceRadarr, target, secret.New(key)); res.Failure != "refused" {
			t.Errorf("%s: %+v", target, res)
		}
	}
	if n := radarr.RequestCount(); n != 0 {
		t.Errorf("the denied server saw %d requests", n)
	}
}
