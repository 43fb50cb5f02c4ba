package main

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// TestEachServiceChecksItsKey: every service answers its status call with
// its own key, and 401 without one or with another service's.
func TestEachServiceChecksItsKey(t *testing.T) {
	s := startSim(t, "-specs", "on")
	for _, c := range []struct {
		name, path string
		auth       []string
		wrong      []string
	}{
		{"radarr", "/radarr/api/v3/system/status", radarrAuth, sonarrAuth},
		{"sonarr", "/sonarr/api/v3/system/status", sonarrAuth, radarrAuth},
		{"jellyfin", "/jellyfin/System/Info", jellyfinAuth, []string{"Authorization", `MediaBrowser Token="` + radarrKey + `"`}},
		{"plex", "/plex/library/sections/all", plexAuth, []string{"X-Plex-Token", jellyfinKey, "Accept", "application/json"}},
		{"tmdb", "/tmdb/3/genre/movie/list", tmdbAuth, []string{"Authorization", "Bearer " + plexKey}},
	} {
		if status, body := s.do(http.MethodGet, c.path, "", c.auth...); status != http.StatusOK {
			t.Errorf("%s with its key: %d %s", c.name, status, body)
		}
		if status, _ := s.do(http.MethodGet, c.path, ""); status != http.StatusUnauthorized {
			t.Errorf("%s without a key: %d", c.name, status)
		}
		if status, _ := s.do(http.MethodGet, c.path, "", c.wrong...); status != http.StatusUnauthorized {
			t.Errorf("%s with a wrong key: %d", c.name, status)
		}
	}
	for name, st := range s.status().Services {
		if !st.Checked || st.Requests == 0 {
			t.Errorf("%s: %+v", name, st)
		}
	}
}

const paperComets = 9_000_002 // a released film of the built-in catalogue

type jellyfinItems struct {
	Items []struct {
		Name        string
		ProviderIds map[string]string
	}
	TotalRecordCount int
}

type plexItems struct {
	MediaContainer struct {
		Size     int `json:"size"`
		Metadata []struct {
			Title    string `json:"title"`
			PlexGUID string `json:"guid"` // without it, "guid" would land in Guid
			Guid     []struct {
				ID string `json:"id"`
			} `json:"Guid"`
		} `json:"Metadata"`
	}
}

func (s *sim) jellyfinMovies() jellyfinItems {
	var out jellyfinItems
	s.json(http.MethodGet, "/jellyfin/Items?recursive=true&includeItemTypes=Movie&fields=ProviderIds", "", http.StatusOK, &out, jellyfinAuth...)
	return out
}

func (s *sim) plexMovies() plexItems {
	var out plexItems
	s.json(http.MethodGet, "/plex/library/sections/1/all?type=1&includeGuids=1", "", http.StatusOK, &out, plexAuth...)
	return out
}

// TestRadarrAddIsDownloadedThenListed: a film added to Radarr with a search
// is in its queue, lands on disk after the download time, then Jellyfin and
// Plex list it; removing it through /control takes it out of both, and
// Radarr keeps the film without its file.
func TestRadarrAddIsDownloadedThenListed(t *testing.T) {
	s := startSim(t, "-specs", "on", "-download-time", "200ms")
	added := time.Now()
	var movie struct {
		ID      int  `json:"id"`
		HasFile bool `json:"hasFile"`
	}
	s.json(http.MethodPost, "/radarr/api/v3/movie", `{"tmdbId":`+strconv.Itoa(paperComets)+`,"title":"Paper Comets",
		"qualityProfileId":1,"rootFolderPath":"/movies","monitored":true,"addOptions":{"searchForMovie":true}}`,
		http.StatusCreated, &movie, radarrAuth...)
	var queue struct {
		TotalRecords int `json:"totalRecords"`
	}
	s.json(http.MethodGet, "/radarr/api/v3/queue?page=1&pageSize=10", "", http.StatusOK, &queue, radarrAuth...)
	jf, px := s.jellyfinMovies(), s.plexMovies()
	if time.Since(added) < 150*time.Millisecond { // else the machine was too slow to tell
		if queue.TotalRecords != 1 || jf.TotalRecordCount != 0 || px.MediaContainer.Size != 0 {
			t.Errorf("before the download time: queue %d, Jellyfin %d, Plex %d", queue.TotalRecords, jf.TotalRecordCount, px.MediaContainer.Size)
		}
	}

	s.eventually("Jellyfin lists the film", func() bool { jf = s.jellyfinMovies(); return jf.TotalRecordCount == 1 })
	if since := time.Since(added); since < 200*time.Millisecond {
		t.Errorf("listed after %v, before the download time", since)
	}
	if jf.Items[0].Name != "Paper Comets" || jf.Items[0].ProviderIds["Tmdb"] != strconv.Itoa(paperComets) {
		t.Errorf("Jellyfin: %+v", jf.Items)
	}
	px = s.plexMovies()
	if px.MediaContainer.Size != 1 || px.MediaContainer.Metadata[0].Title != "Paper Comets" ||
		!hasGUID(px, "tmdb://"+strconv.Itoa(paperComets)) {
		t.Errorf("Plex: %+v", px.MediaContainer)
	}
	path := "/radarr/api/v3/movie/" + strconv.Itoa(movie.ID)
	s.json(http.MethodGet, path, "", http.StatusOK, &movie, radarrAuth...)
	if !movie.HasFile {
		t.Error("Radarr has no file for the downloaded film")
	}

	var removed struct{ Removed int }
	s.json(http.MethodPost, "/control/remove?tmdb="+strconv.Itoa(paperComets), "", http.StatusOK, &removed)
	if removed.Removed != 1 {
		t.Errorf("removed %d", removed.Removed)
	}
	if jf, px = s.jellyfinMovies(), s.plexMovies(); jf.TotalRecordCount != 0 || px.MediaContainer.Size != 0 {
		t.Errorf("after the removal: Jellyfin %d, Plex %d", jf.TotalRecordCount, px.MediaContainer.Size)
	}
	s.json(http.MethodGet, path, "", http.StatusOK, &movie, radarrAuth...)
	if movie.HasFile {
		t.Error("Radarr still has a file for the removed film")
	}
	if status, _ := s.do(http.MethodPost, "/control/remove?tmdb="+strconv.Itoa(paperComets), ""); status != http.StatusNotFound {
		t.Errorf("removing it again: %d", status)
	}
}

func hasGUID(px plexItems, id string) bool {
	for _, g := range px.MediaContainer.Metadata[0].Guid {
		if g.ID == id {
			return true
		}
	}
	return false
}
