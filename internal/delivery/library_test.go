package delivery

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/sim/library"
	"github.com/lemedia/lemedia/internal/sim/mediaserver"
	"github.com/lemedia/lemedia/internal/store"
)

// servers is a fixed list of configured services.
type servers []service.MediaService

func (s servers) MediaServices(_ context.Context, kind string) ([]service.MediaService, error) {
	var out []service.MediaService
	for _, ms := range s {
		if ms.Kind == kind {
			out = append(out, ms)
		}
	}
	return out, nil
}

func (s servers) DefaultMediaService(ctx context.Context, kind string, _ bool) (service.MediaService, bool, error) {
	list, _ := s.MediaServices(ctx, kind)
	if len(list) == 0 {
		return service.MediaService{}, false, nil
	}
	return list[0], true, nil
}

// counting counts the requests a fake server answers.
type counting struct {
	h http.Handler
	n int
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) { c.n++; c.h.ServeHTTP(w, r) }

func TestRecentScanReadsOnlyWhatIsNew(t *testing.T) {
	lib := library.New()
	mediaserver.SeedCatalog(lib, catalog.Default())
	jf, err := mediaserver.NewJellyfin(lib, mediaserver.JellyfinOptions{Token: "jf"})
	if err != nil {
		t.Fatal(err)
	}
	px, err := mediaserver.NewPlex(lib, mediaserver.PlexOptions{Token: "px"})
	if err != nil {
		t.Fatal(err)
	}
	jc, pc := &counting{h: jf}, &counting{h: px}
	jsrv, psrv := httptest.NewServer(jc), httptest.NewServer(pc)
	t.Cleanup(jsrv.Close)
	t.Cleanup(psrv.Close)
	d := New(servers{
		{ID: 1, Kind: service.ServiceJellyfin, BaseURL: jsrv.URL, APIKey: secret.New("jf"), Enabled: true},
		{ID: 2, Kind: service.ServicePlex, BaseURL: psrv.URL, APIKey: secret.New("px"), Enabled: true},
	}, nil, func() *http.Client { return http.DefaultClient })

	scan := func(id int64, since time.Time) []store.LibraryItem {
		var all []store.LibraryItem
		if err := d.Scan(context.Background(), id, since, func(b []store.LibraryItem) error { all = append(all, b...); return nil }); err != nil {
			t.Fatal(err)
		}
		return all
	}
	for id, name := range map[int64]string{1: "jellyfin", 2: "plex"} {
		full := scan(id, time.Time{})
		_, _, episodes := lib.Counts()
		if len(full) < episodes {
			t.Fatalf("%s full scan: %d items, the library holds %d episodes and films besides", name, len(full), episodes)
		}
	}

	// One new film: the recent scan returns it and reads little.
	now := time.Now().UTC()
	lib.AddMovie(library.Movie{TMDBID: 9000064, Title: "New", Year: 2026, AddedAt: now})
	for id, c := range map[int64]*counting{1: jc, 2: pc} {
		before := c.n
		got := scan(id, now.Add(-time.Minute))
		if len(got) != 1 || got[0].TMDBID != 9000064 {
			t.Fatalf("server %d recent scan: %+v", id, got)
		}
		if calls := c.n - before; calls > 6 {
			t.Errorf("server %d: the recent scan made %d calls", id, calls)
		}
	}
}
