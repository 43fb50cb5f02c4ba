package arr

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
)

// TestConcurrentUse adds every film and series from many goroutines while
// others read queues and the clock moves; every title ends on disk once.
func TestConcurrentUse(t *testing.T) {
	c := &clock{t: testToday}
	r, err := NewRadarr(Options{APIKey: testKey, Now: c.now, DownloadTime: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	so, err := NewSonarr(Options{APIKey: testKey, Now: c.now, DownloadTime: time.Minute, Library: r.Library()})
	if err != nil {
		t.Fatal(err)
	}
	send := func(h http.Handler, method, target, body string) int {
		req := httptest.NewRequest(method, target, strings.NewReader(body))
		req.Header.Set("X-Api-Key", testKey)
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w.Code
	}
	cat := catalog.Default()
	var wg sync.WaitGroup
	released := 0
	for _, f := range cat.Films() {
		if f.ReleaseDate <= catalog.Day(testToday) {
			released++
		}
		wg.Go(func() {
			body := `{"tmdbId":` + strconv.FormatInt(f.ID, 10) + `,"qualityProfileId":1,"rootFolderPath":"/movies","monitored":true,"addOptions":{"searchForMovie":true}}`
			if code := send(r, http.MethodPost, "/api/v3/movie", body); code != http.StatusCreated {
				t.Errorf("add film %d: %d", f.ID, code)
			}
		})
	}
	for _, s := range cat.AllSeries() {
		wg.Go(func() {
			body := `{"tvdbId":` + strconv.FormatInt(s.TVDBID, 10) + `,"qualityProfileId":1,"rootFolderPath":"/tv","monitored":true,"addOptions":{"monitor":"all","searchForMissingEpisodes":true}}`
			if code := send(so, http.MethodPost, "/api/v3/series", body); code != http.StatusCreated {
				t.Errorf("add series %d: %d", s.TVDBID, code)
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 20 {
				send(r, http.MethodGet, "/api/v3/queue?page=1&pageSize=20&includeMovie=true", "")
				send(so, http.MethodGet, "/api/v3/queue?page=2&pageSize=20&includeSeries=true", "")
				c.advance(time.Second)
			}
		})
	}
	wg.Wait()
	c.advance(2 * time.Minute)
	r.Settle()
	so.Settle()
	films, _, eps := r.Library().Counts()
	aired := 0
	for _, s := range cat.AllSeries() {
		for _, se := range s.Seasons {
			for _, e := range se.Episodes {
				if se.SeasonNumber > 0 && e.AirDate != "" && e.AirDate <= catalog.Day(testToday) {
					aired++
				}
			}
		}
	}
	if films != released || eps != aired {
		t.Errorf("on disk: %d films (want %d), %d episodes (want %d)", films, released, eps, aired)
	}
	for _, v := range append(r.Violations(), so.Violations()...) {
		t.Errorf("violation: %s", v)
	}
}

// BenchmarkRadarr measures the requests a status sync makes, against a
// library of every catalogue film with half of them downloading.
func BenchmarkRadarr(b *testing.B) {
	c := &clock{t: testToday}
	r, err := NewRadarr(Options{APIKey: testKey, Now: c.now, DownloadTime: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	films := catalog.Default().Films()
	for i, f := range films {
		body := `{"tmdbId":` + strconv.FormatInt(f.ID, 10) + `,"qualityProfileId":1,"rootFolderPath":"/movies","monitored":true,"addOptions":{"searchForMovie":` + strconv.FormatBool(i%2 == 0) + `}}`
		req := httptest.NewRequest(http.MethodPost, "/api/v3/movie", strings.NewReader(body))
		req.Header.Set("X-Api-Key", testKey)
		req.Header.Set("Content-Type", "application/json")
		r.ServeHTTP(httptest.NewRecorder(), req)
	}
	targets := []string{"/api/v3/movie/1", "/api/v3/queue?page=1&pageSize=50&includeMovie=true", "/api/v3/movie?tmdbId=9000010"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		req := httptest.NewRequest(http.MethodGet, targets[i%len(targets)], nil)
		req.Header.Set("X-Api-Key", testKey)
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("%s: %d", targets[i%len(targets)], w.Code)
		}
	}
}

// BenchmarkSonarrEpisodes measures a series' episode list, the call a TV
// status sync makes per series.
func BenchmarkSonarrEpisodes(b *testing.B) {
	c := &clock{t: testToday}
	so, err := NewSonarr(Options{APIKey: testKey, Now: c.now})
	if err != nil {
		b.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/api/v3/series", strings.NewReader(
		`{"tvdbId":900000001,"qualityProfileId":1,"rootFolderPath":"/tv","monitored":true,"addOptions":{"monitor":"all"}}`))
	req.Header.Set("X-Api-Key", testKey)
	req.Header.Set("Content-Type", "application/json")
	so.ServeHTTP(httptest.NewRecorder(), req)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/api/v3/episode?seriesId=1", nil)
		req.Header.Set("X-Api-Key", testKey)
		w := httptest.NewRecorder()
		so.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}
