package main

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/lemedia/lemedia/internal/sim/mediaserver"
)

// TestControlRemovesSeededEpisodes: seeded libraries have the asked size,
// and an episode, a season and a series leave them.
func TestControlRemovesSeededEpisodes(t *testing.T) {
	s := startSim(t, "-specs", "off", "-seed-episodes", "250", "-seed-movies", "3")
	if st := s.status(); st.Episodes != 250 || st.Series != 3 || st.Movies != 3 {
		t.Fatalf("seeded %+v", st)
	}
	first := "/control/remove?tvdb=" + itoa(mediaserver.LargeSeriesTVDB)
	for _, c := range []struct {
		query  string
		status int
		want   int // episodes left
	}{
		{first + "&season=1&episode=1", http.StatusOK, 249},
		{first + "&season=1&episode=1", http.StatusNotFound, 249},
		{first + "&season=2", http.StatusOK, 239},
		{first, http.StatusOK, 150},
		{"/control/remove?tmdb=" + itoa(mediaserver.LargeSeriesTMDB+2) + "&type=tv", http.StatusOK, 100},
		{"/control/remove?tmdb=" + itoa(mediaserver.LargeMovieTMDB) + "&type=tv", http.StatusNotFound, 100},
		{"/control/remove?tmdb=" + itoa(mediaserver.LargeMovieTMDB), http.StatusOK, 100},
		{first + "&episode=3", http.StatusBadRequest, 100},
		{"/control/remove?tmdb=1&tvdb=2", http.StatusBadRequest, 100},
		{"/control/remove", http.StatusBadRequest, 100},
	} {
		if status, body := s.do(http.MethodPost, c.query, ""); status != c.status {
			t.Errorf("%s: %d %s", c.query, status, body)
		}
		if st := s.status(); st.Episodes != c.want {
			t.Errorf("after %s: %d episodes", c.query, st.Episodes)
		}
	}
	if st := s.status(); st.Movies != 2 || st.Series != 1 {
		t.Errorf("left %+v", st)
	}
}

// TestControlSwitchesServices: down, slow and up again; the control
// endpoints refuse cross-origin pages and other host names.
func TestControlSwitchesServices(t *testing.T) {
	s := startSim(t, "-specs", "off")
	status := func() int {
		code, _ := s.do(http.MethodGet, "/radarr/api/v3/system/status", "", radarrAuth...)
		return code
	}
	s.json(http.MethodPost, "/control/down?service=radarr", "", http.StatusOK, nil)
	if code := status(); code != http.StatusServiceUnavailable {
		t.Errorf("down: %d", code)
	}
	if code, _ := s.do(http.MethodGet, "/sonarr/api/v3/system/status", "", sonarrAuth...); code != http.StatusOK {
		t.Errorf("sonarr went down with radarr: %d", code)
	}
	s.json(http.MethodPost, "/control/down?service=all&mode=drop", "", http.StatusOK, nil)
	req, _ := http.NewRequest(http.MethodGet, s.base+"/plex/identity", nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Errorf("dropped: answered %d", resp.StatusCode)
	}
	s.json(http.MethodPost, "/control/delay?service=radarr&d=1ms", "", http.StatusOK, nil)
	s.json(http.MethodPost, "/control/up?service=all", "", http.StatusOK, nil)
	if code := status(); code != http.StatusOK {
		t.Errorf("up: %d", code)
	}
	for name, st := range s.status().Services {
		if st.State != stateUp || st.Delay != "0s" {
			t.Errorf("%s after up: %+v", name, st)
		}
	}
	for _, c := range []struct {
		path    string
		headers []string
		want    int
	}{
		{"/control/down?service=nas", nil, http.StatusBadRequest},
		{"/control/down?service=radarr&mode=slow", nil, http.StatusBadRequest},
		{"/control/delay?service=radarr&d=soon", nil, http.StatusBadRequest},
		{"/control/down?service=radarr", []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://example.org"}, http.StatusForbidden},
		{"/control/down?service=radarr", []string{"Host", "rebound.example.org"}, http.StatusForbidden},
	} {
		req, _ := http.NewRequest(http.MethodPost, s.base+c.path, nil)
		for i := 0; i+1 < len(c.headers); i += 2 {
			if c.headers[i] == "Host" {
				req.Host = c.headers[i+1]
			} else {
				req.Header.Set(c.headers[i], c.headers[i+1])
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s %v: %d, want %d", c.path, c.headers, resp.StatusCode, c.want)
		}
	}
	if code := status(); code != http.StatusOK {
		t.Errorf("a refused control request switched radarr: %d", code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
