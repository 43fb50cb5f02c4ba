package arr

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

type movieBody struct {
	ID               int    `json:"id"`
	TMDBID           int64  `json:"tmdbId"`
	Title            string `json:"title"`
	Path             string `json:"path"`
	Monitored        bool   `json:"monitored"`
	HasFile          bool   `json:"hasFile"`
	QualityProfileID int    `json:"qualityProfileId"`
	MinAvailability  string `json:"minimumAvailability"`
	Tags             []int  `json:"tags"`
	SizeOnDisk       int64  `json:"sizeOnDisk"`
	Statistics       struct {
		MovieFileCount int   `json:"movieFileCount"`
		SizeOnDisk     int64 `json:"sizeOnDisk"`
	} `json:"statistics"`
}

type queueBody struct {
	TotalRecords int `json:"totalRecords"`
	Records      []struct {
		MovieID   int     `json:"movieId"`
		EpisodeID int     `json:"episodeId"`
		Status    string  `json:"status"`
		State     string  `json:"trackedDownloadState"`
		Size      float64 `json:"size"`
		SizeLeft  float64 `json:"sizeleft"`
		TimeLeft  string  `json:"timeleft"`
	} `json:"records"`
}

func addMovie(e *env, tmdbID int64, search bool) movieBody {
	e.t.Helper()
	a := e.do(http.MethodPost, "/api/v3/movie", map[string]any{"tmdbId": tmdbID, "title": "x", "qualityProfileId": 1,
		"rootFolderPath": "/movies", "monitored": true, "addOptions": map[string]any{"searchForMovie": search}})
	if a.status != http.StatusCreated {
		e.t.Fatalf("add %d: %d %s", tmdbID, a.status, a.body)
	}
	var m movieBody
	a.json(e.t, &m)
	return m
}

func TestRadarrAuth(t *testing.T) {
	e, r := newRadarrEnv(t, Options{})
	e.badRequests = true
	for _, hdr := range [][]string{{}, {"X-Api-Key", "wrong"}, {"Authorization", "Bearer " + testKey}} {
		if a := e.do(http.MethodGet, "/api/v3/system/status", nil, hdr...); a.status != http.StatusUnauthorized || len(a.body) != 0 {
			t.Errorf("%v: %d %q", hdr, a.status, a.body)
		}
	}
	if n := r.RequestCount(); n != 3 {
		t.Errorf("%d requests recorded", n)
	}
	e.do(http.MethodGet, "/api/v3/system/status?apikey="+testKey, nil)
	if v := r.Violations(); len(v) == 0 || v[0].Reason != "the API key travels in the URL" {
		t.Errorf("violations %v", v)
	}
}

func TestRadarrRecordsViolations(t *testing.T) {
	e, r := newRadarrEnv(t, Options{URLBase: "/radarr"})
	e.badRequests = true
	for _, c := range []struct {
		method, target string
		body           any
		status         int
	}{
		{http.MethodGet, "/radarr/api/v3/movie?tmdb=5", nil, http.StatusBadRequest},                                            // undeclared parameter
		{http.MethodGet, "/radarr/api/v3/movie/lookup/tmdb?tmdbId=abc", nil, http.StatusBadRequest},                            // not an integer
		{http.MethodPost, "/radarr/api/v3/movie", map[string]any{"tmdbId": 1, "qualityProfileId": "4"}, http.StatusBadRequest}, // wrong type
		{http.MethodPost, "/radarr/api/v3/movie", map[string]any{"tmdbId": 1, "nope": true}, http.StatusBadRequest},            // not a MovieResource field
		{http.MethodGet, "/radarr/api/v3/nothing", nil, http.StatusNotFound},                                                   // no such operation
		{http.MethodGet, "/api/v3/movie", nil, http.StatusNotFound},                                                            // outside the URL base
	} {
		before := len(r.Violations())
		if a := e.do(c.method, c.target, c.body); a.status != c.status {
			t.Errorf("%s %s: %d %s", c.method, c.target, a.status, a.body)
		}
		if len(r.Violations()) != before+1 {
			t.Errorf("%s %s: no violation recorded", c.method, c.target)
		}
	}
}

// TestRadarrDownloadLifecycle: queued, downloading with progress, completed
// and waiting for import, then on disk, in the statistics and the library.
func TestRadarrDownloadLifecycle(t *testing.T) {
	e, r := newRadarrEnv(t, Options{DownloadTime: 10 * time.Minute, ImportTime: time.Minute})
	m := addMovie(e, 9_000_002, true)
	queue := func() queueBody {
		var q queueBody
		e.do(http.MethodGet, "/api/v3/queue?page=1&pageSize=10&includeMovie=true", nil).json(t, &q)
		return q
	}
	steps := []struct {
		at            time.Duration
		status, state string
		left          string
		sizeLeft      float64 // fraction of the size
	}{
		{0, "queued", "downloading", "00:10:00", 1},
		{time.Minute, "downloading", "downloading", "00:09:00", 1},
		{5*time.Minute + 30*time.Second, "downloading", "downloading", "00:04:30", 0.5},
		{10 * time.Minute, "completed", "importPending", "00:00:00", 0},
	}
	start := e.clock.now()
	for _, s := range steps {
		e.clock.advance(start.Add(s.at).Sub(e.clock.now()))
		q := queue()
		if q.TotalRecords != 1 {
			t.Fatalf("at %v: %d in the queue", s.at, q.TotalRecords)
		}
		got := q.Records[0]
		if got.MovieID != m.ID || got.Status != s.status || got.State != s.state || got.TimeLeft != s.left ||
			got.SizeLeft != s.sizeLeft*got.Size {
			t.Errorf("at %v: %+v", s.at, got)
		}
		var now movieBody
		e.do(http.MethodGet, "/api/v3/movie/"+strconv.Itoa(m.ID), nil).json(t, &now)
		if now.HasFile {
			t.Errorf("at %v: the file is on disk already", s.at)
		}
	}
	e.clock.advance(time.Minute)
	r.Settle() // no request needed for the file to land
	lib, ok := r.Library().Movie(9_000_002)
	if !ok || !lib.AddedAt.Equal(start.Add(11*time.Minute)) {
		t.Fatalf("library: %v %+v", ok, lib)
	}
	if q := queue(); q.TotalRecords != 0 {
		t.Errorf("queue after import: %+v", q)
	}
	var done movieBody
	e.do(http.MethodGet, "/api/v3/movie/"+strconv.Itoa(m.ID), nil).json(t, &done)
	if !done.HasFile || done.SizeOnDisk <= 0 || done.Statistics.MovieFileCount != 1 || done.Statistics.SizeOnDisk != done.SizeOnDisk {
		t.Errorf("film on disk: %+v", done)
	}
	var folders []rootFolderResource
	e.do(http.MethodGet, "/api/v3/rootfolder", nil).json(t, &folders)
	if folders[0].FreeSpace != diskSize-done.SizeOnDisk {
		t.Errorf("free space %d", folders[0].FreeSpace)
	}
}

// TestRadarrAddRules: duplicates, unknown titles, missing settings and
// unmonitored adds answer like Radarr.
func TestRadarrAddRules(t *testing.T) {
	e, r := newRadarrEnv(t, Options{})
	addMovie(e, 9_000_003, false)
	var fs []failure
	for _, c := range []struct {
		body     map[string]any
		property string
		message  string
	}{
		{map[string]any{"tmdbId": 9_000_003, "qualityProfileId": 1, "rootFolderPath": "/movies"}, "TmdbId", "This movie has already been added"},
		{map[string]any{"tmdbId": 77, "qualityProfileId": 1, "rootFolderPath": "/movies"}, "TmdbId", "A movie with this ID was not found."},
		{map[string]any{"tmdbId": 9_000_004, "qualityProfileId": 1, "rootFolderPath": "/films"}, "RootFolderPath", "Root folder '/films' does not exist"},
		{map[string]any{"tmdbId": 9_000_004, "qualityProfileId": 0, "rootFolderPath": "/movies"}, "QualityProfileId", "QualityProfile does not exist"},
		{map[string]any{"tmdbId": 9_000_004, "qualityProfileId": 1, "rootFolderPath": "/movies", "tags": []int{9}}, "Tags", "Tag does not exist"},
	} {
		a := e.do(http.MethodPost, "/api/v3/movie", c.body)
		a.json(t, &fs)
		if a.status != http.StatusBadRequest || len(fs) != 1 || fs[0].PropertyName != c.property || fs[0].ErrorMessage != c.message {
			t.Errorf("%v: %d %s", c.body, a.status, a.body)
		}
	}
	// Monitored off: the search after the add does not grab it.
	e.do(http.MethodPost, "/api/v3/movie", map[string]any{"tmdbId": 9_000_005, "qualityProfileId": 1,
		"rootFolderPath": "/movies", "monitored": false, "addOptions": map[string]any{"searchForMovie": true}})
	if len(r.queue.items) != 0 {
		t.Errorf("an unmonitored film was grabbed")
	}
	// A lookup of an id the metadata source lacks is a server error.
	if a := e.do(http.MethodGet, "/api/v3/movie/lookup/tmdb?tmdbId=77", nil); a.status != http.StatusInternalServerError {
		t.Errorf("lookup of an unknown id: %d", a.status)
	}
	if a := e.do(http.MethodGet, "/api/v3/movie/99", nil); a.status != http.StatusNotFound ||
		a.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("missing film: %d %v", a.status, a.header)
	}
}

// TestRadarrPutTakesTheWholeFilm: a field a PUT leaves out is reset, as in
// Radarr, which is why the client sends back what it fetched.
func TestRadarrPutTakesTheWholeFilm(t *testing.T) {
	e, _ := newRadarrEnv(t, Options{})
	e.do(http.MethodPost, "/api/v3/tag", map[string]any{"label": "kids"})
	e.do(http.MethodPost, "/api/v3/movie", map[string]any{"tmdbId": 9_000_006, "qualityProfileId": 4,
		"rootFolderPath": "/movies", "monitored": true, "tags": []int{1}, "minimumAvailability": "inCinemas"})
	var m movieBody
	e.do(http.MethodGet, "/api/v3/movie/1", nil).json(t, &m)
	if a := e.do(http.MethodPut, "/api/v3/movie/1", map[string]any{"id": 1, "qualityProfileId": 4}); a.status != http.StatusBadRequest {
		t.Errorf("PUT without a path: %d %s", a.status, a.body)
	}
	a := e.do(http.MethodPut, "/api/v3/movie/1", map[string]any{"id": 1, "qualityProfileId": 4, "path": m.Path, "monitored": true})
	var got movieBody
	a.json(t, &got)
	if a.status != http.StatusAccepted || len(got.Tags) != 0 || got.MinAvailability != "tba" || !got.Monitored || got.Path != m.Path {
		t.Errorf("partial PUT: %d %+v", a.status, got)
	}
}

// TestRadarrDeleteFiles: a deleted film keeps its file on disk unless the
// delete asks for the files too.
func TestRadarrDeleteFiles(t *testing.T) {
	e, r := newRadarrEnv(t, Options{DownloadTime: time.Minute})
	a, b := addMovie(e, 9_000_007, true), addMovie(e, 9_000_008, true)
	e.clock.advance(time.Minute)
	r.Settle()
	if n, _, _ := r.Library().Counts(); n != 2 {
		t.Fatalf("%d films on disk", n)
	}
	e.do(http.MethodDelete, "/api/v3/movie/"+strconv.Itoa(a.ID)+"?deleteFiles=false&addImportExclusion=false", nil)
	e.do(http.MethodDelete, "/api/v3/movie/"+strconv.Itoa(b.ID)+"?deleteFiles=true&addImportExclusion=true", nil)
	if _, ok := r.Library().Movie(9_000_007); !ok {
		t.Error("a delete without deleteFiles removed the file")
	}
	if _, ok := r.Library().Movie(9_000_008); ok {
		t.Error("a delete with deleteFiles kept the file")
	}
	var list []movieBody
	e.do(http.MethodGet, "/api/v3/movie", nil).json(t, &list)
	if len(list) != 0 {
		t.Errorf("%d films left", len(list))
	}
	if got := e.do(http.MethodDelete, "/api/v3/movie/"+strconv.Itoa(a.ID), nil); got.status != http.StatusNotFound {
		t.Errorf("second delete: %d", got.status)
	}
	// Added back, it is a new film with a new id and no file of Radarr's.
	again := addMovie(e, 9_000_007, false)
	if again.ID == a.ID || again.HasFile {
		t.Errorf("re-added: %+v", again)
	}
}

func TestTags(t *testing.T) {
	e, _ := newRadarrEnv(t, Options{})
	var tag tagResource
	a := e.do(http.MethodPost, "/api/v3/tag", map[string]any{"label": "12-Bob"})
	a.json(t, &tag)
	if a.status != http.StatusCreated || tag != (tagResource{1, "12-bob"}) {
		t.Errorf("create: %d %+v", a.status, tag)
	}
	e.do(http.MethodPost, "/api/v3/tag", map[string]any{"label": "12-BOB"}).json(t, &tag)
	if tag.ID != 1 {
		t.Errorf("the same label made tag %d", tag.ID)
	}
	if a := e.do(http.MethodPost, "/api/v3/tag", map[string]any{"label": "Bob Smith"}); a.status != http.StatusBadRequest {
		t.Errorf("a label with a space: %d", a.status)
	}
	var tags []tagResource
	e.do(http.MethodGet, "/api/v3/tag", nil).json(t, &tags)
	if len(tags) != 1 {
		t.Errorf("tags %+v", tags)
	}
}

func TestDownSwitches(t *testing.T) {
	e, r := newRadarrEnv(t, Options{})
	r.SetDown(Unavailable)
	if a := e.do(http.MethodGet, "/api/v3/system/status", nil); a.status != http.StatusServiceUnavailable {
		t.Errorf("unavailable: %d", a.status)
	}
	srv := httptest.NewServer(r)
	defer srv.Close()
	r.SetDown(Drop)
	if resp, err := srv.Client().Get(srv.URL + "/api/v3/system/status"); err == nil {
		resp.Body.Close()
		t.Errorf("dropped: answered %d", resp.StatusCode)
	}
	r.SetDown(Up)
	r.SetLatency(time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/v3/system/status", nil)
	if resp, err := srv.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Error("a slow fake answered before the deadline")
	}
	r.SetLatency(0)
	if a := e.do(http.MethodGet, "/api/v3/system/status", nil); a.status != http.StatusOK {
		t.Errorf("back up: %d", a.status)
	}
	if n := r.RequestCount(); n != 1 {
		t.Errorf("%d requests recorded; failures happen before recording", n)
	}
}
