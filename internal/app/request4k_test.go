package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/sim/arr"
	"github.com/lemedia/lemedia/internal/sim/library"
)

// add4KRadarr starts a second simulated Radarr and adds it as the default
// 4K instance, as the owner would on the admin page.
func add4KRadarr(t *testing.T, s *apptest.Server, st *stack) *arr.Radarr {
	t.Helper()
	r, err := arr.NewRadarr(arr.Options{APIKey: "radarr-4k-key", Library: library.New(), Now: st.clock.Now, DownloadTime: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		for _, v := range r.Violations() {
			t.Errorf("4K Radarr spec violation: %s", v)
		}
	})
	ctx := context.Background()
	svc := s.App.Service
	res, err := svc.Login(ctx, service.Meta{}, "owner", ownerPw)
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.Authenticate(ctx, service.Meta{}, res.Token)
	if err != nil {
		t.Fatal(err)
	}
	ms := service.MediaService{Kind: service.ServiceRadarr, Name: "Radarr 4K", BaseURL: srv.URL, APIKey: secret.New("radarr-4k-key"),
		Default: true, Enabled: true, Is4K: true,
		Arr: service.ArrSettings{QualityProfileID: 1, RootFolder: "/movies", MinimumAvailability: "released"}}
	if _, err := svc.CreateMediaService(ctx, service.Meta{}, p, service.MediaServiceInput{MediaService: ms}); err != nil {
		t.Fatalf("add 4K Radarr: %v", err)
	}
	return r
}

// movieAdds counts the films added to a Radarr.
func movieAdds(r *arr.Radarr) int {
	n := 0
	for _, q := range r.Requests() {
		if q.Method == http.MethodPost && strings.HasSuffix(q.URL, "/api/v3/movie") {
			n++
		}
	}
	return n
}

func TestFilmRequestedIn4KGoesToThe4KRadarr(t *testing.T) { bothEngines(t, filmRequestedIn4K) }

func filmRequestedIn4K(t *testing.T, o apptest.Options) {
	st := startStack(t)
	s := apptest.Start(t, o)
	owner := setupOwner(t, s)
	st.configure(t, s)
	createUser(t, s, owner, "rita")
	rita := s.NewBrowser(t)
	signIn(t, rita, "rita", "password of rita")

	// No 4K Radarr yet: not offered, and refused when asked anyway.
	if p := owner.Get("/movie/9000001"); p.Status != http.StatusOK || strings.Contains(p.Body, "Request in 4K") {
		t.Fatalf("4K offered without a 4K Radarr: %d", p.Status)
	}
	if p := owner.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}, "is_4k": {"1"}}); p.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.Body, "4K Radarr") {
		t.Fatalf("4K without a 4K Radarr: %d", p.Status)
	}

	uhd := add4KRadarr(t, s, st)
	if p := owner.Get("/movie/9000001"); !strings.Contains(p.Body, "Request in 4K") {
		t.Fatal("4K not offered to the owner")
	}
	if p := rita.Get("/movie/9000001"); strings.Contains(p.Body, "Request in 4K") {
		t.Fatal("4K offered to a user without REQUEST_4K")
	}
	if p := rita.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}, "is_4k": {"1"}}); p.Status != http.StatusForbidden {
		t.Fatalf("4K by a user without REQUEST_4K: %d", p.Status)
	}

	// The owner's 4K request is approved at once and lands in the 4K Radarr only.
	film := owner.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}, "is_4k": {"1"}})
	if film.Status != http.StatusSeeOther {
		t.Fatalf("4K request: %d %s", film.Status, film.Body)
	}
	filmPath := pathOf(film.Location)
	r := waitStatus(t, s, strings.TrimPrefix(filmPath, "/requests/"), domain.StatusProcessing)
	if !r.Is4K || r.ExternalID == 0 {
		t.Fatalf("4K request row: %+v", r)
	}
	if movieAdds(uhd) != 1 || movieAdds(st.radarr) != 0 {
		t.Fatalf("films added: 4K Radarr %d, standard Radarr %d; want 1 and 0", movieAdds(uhd), movieAdds(st.radarr))
	}
	if p := owner.Get(filmPath); !strings.Contains(p.Body, `badge-4k`) {
		t.Error("no 4K badge on the request page")
	}
	if p := owner.Get("/requests"); !strings.Contains(p.Body, `badge-4k`) {
		t.Error("no 4K badge in the request list")
	}
	// A second 4K request is refused; the standard film is still requestable.
	if p := owner.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}, "is_4k": {"1"}}); p.Status != http.StatusConflict {
		t.Fatalf("second 4K request: %d", p.Status)
	}
	page := rita.Get("/movie/9000001")
	if !strings.Contains(page.Body, "4K: ") || !strings.Contains(page.Body, `name="tmdb_id" value="9000001"`) {
		t.Fatal("the film page lacks the 4K status or the standard request form")
	}
	std := rita.Submit("/requests", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}})
	if std.Status != http.StatusSeeOther {
		t.Fatalf("standard beside 4K: %d", std.Status)
	}
	if p := owner.Submit(pathOf(std.Location), pathOf(std.Location)+"/approve", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("approve standard: %d", p.Status)
	}
	waitStatus(t, s, strings.TrimPrefix(pathOf(std.Location), "/requests/"), domain.StatusProcessing)
	if movieAdds(uhd) != 1 || movieAdds(st.radarr) != 1 {
		t.Fatalf("films added: 4K Radarr %d, standard Radarr %d; want 1 and 1", movieAdds(uhd), movieAdds(st.radarr))
	}
}
