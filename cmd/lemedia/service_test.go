package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/audit"
	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/sim/arr"
	"github.com/lemedia/lemedia/internal/store"
)

const jellyfinKey = "jellyfin-key-canary-83d1"

func TestServiceAddAndList(t *testing.T) {
	ctx := context.Background()
	t.Setenv("DATA_DIR", t.TempDir())
	t.Setenv("DATABASE_URL", "")
	t.Setenv("SERVICES_SECRET_KEY", firstKey)
	t.Setenv("SERVICES_SECRET_KEY_PREVIOUS", "")
	cli := func(stdin string, args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := run(args, strings.NewReader(stdin), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	secrets := []string{jellyfinKey, radarrKey}

	// Refused like the admin form refuses, each error naming its flag; nothing stored.
	for _, c := range []struct {
		stdin string
		args  []string
		want  []string
	}{
		{jellyfinKey + "\n", []string{"service", "add", "-kind", "jellyfin", "-name", "Jellyfin", "-url", "http://user:pw@jf:8096"},
			[]string{"-url: must be an http:// or https:// address", "-libraries: choose at least one library"}},
		{radarrKey + "\n", []string{"service", "add", "-kind", "radarr", "-name", "Main", "-url", "http://radarr:7878"},
			[]string{"-quality-profile: choose a quality profile", "-root-folder: choose a root folder"}},
		{"a key with spaces\n", []string{"service", "add", "-kind", "radarr", "-name", "Main", "-url", "http://radarr:7878",
			"-quality-profile", "1", "-root-folder", "/movies"}, []string{"the API key (standard input): must be printable"}},
		{"", []string{"service", "add", "-kind", "plex", "-name", "Plex", "-url", "http://plex:32400", "-libraries", "1"},
			[]string{"no API key on standard input"}},
		{"k\n", []string{"service", "add", "-kind", "emby", "-name", "E", "-url", "http://emby"}, []string{"-kind: must be radarr, sonarr, jellyfin or plex"}},
		{jellyfinKey + "\n", []string{"service", "add", "-kind", "jellyfin", "-name", "J", "-url", "http://jf:8096", "-libraries", "a",
			"-quality-profile", "1"}, []string{"-quality-profile: not a setting of jellyfin"}},
		{radarrKey + "\n", []string{"service", "add", "-kind", "radarr", "-name", "R", "-url", "http://radarr:7878", "-quality-profile", "1",
			"-root-folder", "/movies", "-series-type", "anime"}, []string{"-series-type: not a setting of radarr"}},
	} {
		code, out, errOut := cli(c.stdin, c.args...)
		if code != 1 {
			t.Errorf("%v: exit %d, want 1\n%s%s", c.args, code, out, errOut)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", c.args, w, errOut)
			}
		}
	}
	if code, out, _ := cli("", "service", "list"); code != 0 || !strings.Contains(out, "no services configured") {
		t.Fatalf("list after refusals: %d %s", code, out)
	}

	// Added: the key from standard input, trailing newline and spaces trimmed.
	code, out, errOut := cli(jellyfinKey+"\r\n", "service", "add", "-kind", "jellyfin", "-name", "Jellyfin",
		"-url", "http://127.0.0.1:8096/jellyfin/", "-libraries", "shows,movies")
	if code != 0 || !strings.Contains(out, `jellyfin "Jellyfin" added (id 1, the default jellyfin)`) {
		t.Fatalf("add jellyfin: %d %s %s", code, out, errOut)
	}
	code, out, errOut = cli("  "+radarrKey+"\n", "service", "add", "-kind", "radarr", "-name", "Main", "-url", "http://radarr:7878",
		"-quality-profile", "4", "-root-folder", "/movies", "-tags", "3,1,3")
	if code != 0 || !strings.Contains(out, `radarr "Main" added (id 2, the default radarr)`) {
		t.Fatalf("add radarr: %d %s %s", code, out, errOut)
	}
	code, out, errOut = cli(radarrKey+"\n", "service", "add", "-kind", "radarr", "-name", "main", "-url", "http://other:7878",
		"-quality-profile", "4", "-root-folder", "/movies")
	if code != 1 || !strings.Contains(errOut, "-name: another radarr service has this name") {
		t.Fatalf("second radarr with the same name: %d %s %s", code, out, errOut)
	}

	code, out, _ = cli("", "service", "list")
	if code != 0 {
		t.Fatalf("list: exit %d", code)
	}
	for _, want := range []string{"jellyfin", "http://127.0.0.1:8096/jellyfin", "libraries movies,shows", "stored",
		"radarr", "profile 4, root /movies, released, tags 1,3"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}

	a := openApp(t)
	defer a.Close()
	// Sealed at rest, opened for the job system.
	rows, err := store.ListMediaServices(ctx, a.Store.DB, store.MediaServicesFilter{})
	if err != nil || len(rows) != 2 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	for _, r := range rows {
		for _, k := range secrets {
			if strings.Contains(r.APIKey, k) {
				t.Errorf("service %d: key stored in clear", r.ID)
			}
		}
	}
	jf, err := a.Service.MediaServices(ctx, service.ServiceJellyfin)
	if err != nil || len(jf) != 1 || jf[0].APIKey.Reveal() != jellyfinKey || !jf[0].Default {
		t.Fatalf("jellyfin as the jobs see it: %+v %v", jf, err)
	}
	rd, ok, err := a.Service.DefaultMediaService(ctx, service.ServiceRadarr, false)
	if err != nil || !ok || rd.APIKey.Reveal() != radarrKey || rd.Arr.QualityProfileID != 4 {
		t.Fatalf("radarr as the jobs see it: %+v %v %v", rd, ok, err)
	}
	// One audit row per service added, by "cli", never the key; the chain intact.
	logged, err := store.ListAudit(ctx, a.Store.DB, store.AuditFilter{Action: "service.create"})
	if err != nil || len(logged) != 2 {
		t.Fatalf("%d service.create rows, %v", len(logged), err)
	}
	for _, r := range logged {
		if r.ActorName != "cli" || r.ActorID != 0 || r.Outcome != "success" || r.RequestID != "cli" {
			t.Errorf("audit row: %+v", r)
		}
		for _, k := range secrets {
			if strings.Contains(r.Metadata, k) {
				t.Errorf("audit row %d holds the key", r.ID)
			}
		}
	}
	if _, problem, err := audit.Verify(ctx, a.Store.DB); err != nil || problem != nil {
		t.Fatalf("audit chain: %v %v", problem, err)
	}
	if strings.Contains(out+errOut, jellyfinKey) || strings.Contains(out+errOut, radarrKey) {
		t.Fatal("a key was printed")
	}
}

func TestSeedSent(t *testing.T) {
	t.Setenv("DATA_DIR", t.TempDir())
	t.Setenv("DATABASE_URL", "")
	cat := catalog.Default()
	rd, err := arr.NewRadarr(arr.Options{APIKey: radarrKey, Unchecked: true})
	if err != nil {
		t.Fatal(err)
	}
	rd.AddDownloaded(cat.Films(), time.Now())
	so, err := arr.NewSonarr(arr.Options{APIKey: "sonarr-key-canary", Unchecked: true})
	if err != nil {
		t.Fatal(err)
	}
	so.AddDownloaded(cat.AllSeries(), time.Now())
	radarrSrv, sonarrSrv := httptest.NewServer(rd), httptest.NewServer(so)
	defer radarrSrv.Close()
	defer sonarrSrv.Close()
	cli := func(stdin string, args ...string) (int, string) {
		var out, errOut bytes.Buffer
		code := run(args, strings.NewReader(stdin), &out, &errOut)
		return code, out.String() + errOut.String()
	}
	if code, out := cli("", "seed", "-users", "2", "-requests", "8", "-sent"); code != 1 || !strings.Contains(out, "no default radarr") {
		t.Fatalf("without Radarr: %d %s", code, out)
	}
	for _, c := range [][]string{
		{radarrKey, "-kind", "radarr", "-name", "R", "-url", radarrSrv.URL, "-quality-profile", "1", "-root-folder", "/movies"},
		{"sonarr-key-canary", "-kind", "sonarr", "-name", "S", "-url", sonarrSrv.URL, "-quality-profile", "1", "-root-folder", "/tv"},
	} {
		if code, out := cli(c[0]+"\n", append([]string{"service", "add"}, c[1:]...)...); code != 0 {
			t.Fatalf("service add: %s", out)
		}
	}
	// 64 films in the catalogue: 90 film requests are too many.
	if code, out := cli("", "seed", "-users", "2", "-requests", "120", "-sent"); code != 1 || !strings.Contains(out, "holds 64 films") {
		t.Fatalf("too few films: %d %s", code, out)
	}
	// 30 film requests and 10 series requests, over the catalogue's 20 series.
	if code, out := cli("", "seed", "-users", "2", "-requests", "40", "-sent"); code != 0 || !strings.Contains(out, "40 requests (processing, sent") {
		t.Fatalf("seed -sent: %d %s", code, out)
	}
	a := openApp(t)
	defer a.Close()
	var films, shows, items, other int
	seen := map[string]bool{}
	rows, err := a.Store.DB.Query(`SELECT id, media_type, tmdb_id, status, COALESCE(service_id, 0), COALESCE(external_id, 0) FROM media_request`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	radarrIDs := map[int64]int64{} // Radarr id → TMDB id
	for _, f := range cat.Films() {
		radarrIDs[int64(len(radarrIDs)+1)] = f.ID
	}
	for rows.Next() {
		var id, tmdb, svc, ext int64
		var typ, status string
		if err := rows.Scan(&id, &typ, &tmdb, &status, &svc, &ext); err != nil {
			t.Fatal(err)
		}
		switch {
		case status != "processing" || ext == 0:
			other++
		case typ == "movie" && svc == 1 && radarrIDs[ext] == tmdb:
			films++
		case typ == "tv" && svc == 2:
			shows++
			if s, ok := cat.Series(tmdb); !ok || ext < 1 || ext > 20 {
				t.Errorf("request %d: series %d (Sonarr %d) %v", id, tmdb, ext, s)
			}
		default:
			other++
		}
		key := typ + itoa(tmdb)
		if typ == "movie" && seen[key] {
			t.Errorf("film %d requested twice", tmdb)
		}
		seen[key] = true
	}
	a.Store.DB.QueryRow(`SELECT COUNT(*) FROM request_item WHERE status = 'processing'`).Scan(&items)
	if films != 30 || shows != 10 || other != 0 || items == 0 {
		t.Fatalf("%d films, %d series (%d episodes), %d others", films, shows, items, other)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
