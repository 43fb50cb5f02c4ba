package mediaserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/lemedia/lemedia/internal/sim/library"
)

func TestSnapshotIsRebuiltOnlyWhenTheLibraryMoves(t *testing.T) {
	lib := seeded(t)
	c := &snapshots{lib: lib}
	a := c.get()
	if b := c.get(); a != b {
		t.Fatal("rebuilt without a change")
	}
	l := a.listing(kindSet(kEpisode), true)
	if m := a.listing(kindSet(kEpisode), true); &l[0] != &m[0] {
		t.Error("listing rebuilt within a snapshot")
	}
	lib.RemoveEpisode(lib.Series()[0].TVDBID, 1, 1)
	b := c.get()
	if a == b || len(b.episodes) != len(a.episodes)-1 {
		t.Fatalf("after a removal: %d episodes, was %d", len(b.episodes), len(a.episodes))
	}
}

func TestPlexKeysLeadBackToTheItem(t *testing.T) {
	for _, want := range []plexKey{
		{plexMovie, 9000001, 0, 0}, {plexShow, 900000001, 0, 0},
		{plexSeason, 900000001, 0, 0}, {plexSeason, 800001234, 12, 0}, {plexEpisode, 900000020, 3, 1234},
	} {
		var k int64
		switch want.kind {
		case plexMovie:
			k = plexMovieKey(want.id)
		case plexShow:
			k = plexShowKey(want.id)
		case plexSeason:
			k = plexSeasonKey(want.id, want.season)
		case plexEpisode:
			k = plexEpisodeKey(want.id, want.season, want.episode)
		}
		if got, ok := parsePlexKey(itoa(k)); !ok || got != want {
			t.Errorf("%d: %+v, want %+v", k, got, want)
		}
	}
	for _, bad := range []string{"", "x", "-14", "15", "10"} {
		if _, ok := parsePlexKey(bad); ok {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestSeedLarge(t *testing.T) {
	lib := library.New()
	if n := SeedLarge(lib, 1005); n != 11 {
		t.Fatalf("%d series", n)
	}
	SeedMovies(lib, 3)
	movies, series, eps := lib.Counts()
	all := lib.Series()
	last := all[len(all)-1]
	if movies != 3 || series != 11 || eps != 1005 || len(last.Episodes) != 5 || last.TVDBID != LargeSeriesTVDB+10 {
		t.Errorf("counts %d %d %d, last series %d with %d episodes", movies, series, eps, last.TVDBID, len(last.Episodes))
	}
	SeedLarge(lib, 1005)
	if _, _, again := lib.Counts(); again != eps {
		t.Errorf("seeding twice made %d episodes", again)
	}
}

// TestPagingCostsAPageNotTheLibrary serves one page of a large library and
// checks, by allocations (not time), that the work does not grow with it.
func TestPagingCostsAPageNotTheLibrary(t *testing.T) {
	allocs := func(episodes int) float64 {
		lib := library.New()
		SeedLarge(lib, episodes)
		p, err := NewPlex(lib, PlexOptions{Token: token, Unchecked: true})
		if err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/library/sections/2/all?type=4&includeGuids=1&sort=addedAt&X-Plex-Container-Start=%d&X-Plex-Container-Size=20", episodes/2)
		r := httptest.NewRequest(http.MethodGet, path, nil)
		for k, v := range plexAuth {
			r.Header.Set(k, v)
		}
		p.ServeHTTP(httptest.NewRecorder(), r) // builds the snapshot and the listing
		return testing.AllocsPerRun(5, func() { p.ServeHTTP(httptest.NewRecorder(), r) })
	}
	small, large := allocs(500), allocs(20000)
	if large > small*1.2+10 {
		t.Errorf("a page allocates %.0f times from 500 episodes, %.0f from 20 000", small, large)
	}
}
