package tmdb

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/secret"
)

// TestEveryMethod calls each method once against the fake (which checks
// every request against TMDB's document) and spot-checks the decoding
// against the catalogue.
func TestEveryMethod(t *testing.T) {
	e := newEnv(t, nil, nil)
	ctx := context.Background()
	cat := catalog.Default()
	film, _ := cat.Film(9_000_001)
	series, _ := cat.Series(9_100_001)
	page := func(name string, p Page, err error, kind MediaType, want string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(p.Results) == 0 || p.Page != 1 || p.TotalResults < len(p.Results) || p.TotalPages < 1 {
			t.Fatalf("%s: page %+v", name, p)
		}
		titles := []string{}
		for _, r := range p.Results {
			titles = append(titles, r.Title)
			if r.ID == 0 || r.Title == "" || r.PosterPath == "" || r.Date == "" || len(r.GenreIDs) == 0 {
				t.Errorf("%s: incomplete result %+v", name, r)
			}
			if kind != "" && r.MediaType != kind {
				t.Errorf("%s: %s is a %q", name, r.Title, r.MediaType)
			}
		}
		if want != "" && !slices.Contains(titles, want) {
			t.Errorf("%s: %q not in %q", name, want, titles)
		}
	}

	p, err := e.c.SearchMulti(ctx, "lantern", 1)
	page("SearchMulti", p, err, "", "The Lantern Street Irregulars")
	kinds := map[MediaType]bool{}
	for _, r := range p.Results {
		kinds[r.MediaType] = true
	}
	if !kinds[Movie] || !kinds[TV] {
		t.Errorf("SearchMulti: media types %v", kinds)
	}
	p, err = e.c.SearchMovies(ctx, "clockmaker", 1)
	page("SearchMovies", p, err, Movie, film.Title)
	r := p.Results[0]
	if r.ID != film.ID || r.OriginalTitle != film.OriginalTitle || r.Date != film.ReleaseDate ||
		r.VoteAverage != film.VoteAverage || r.Popularity != film.Popularity || r.PosterPath != film.PosterPath() {
		t.Errorf("SearchMovies decoded %+v", r)
	}
	p, err = e.c.SearchSeries(ctx, "irregulars", 0)
	page("SearchSeries", p, err, TV, series.Name)
	if p.Results[0].OriginalTitle != series.OriginalName || p.Results[0].Date != series.FirstAirDate {
		t.Errorf("SearchSeries decoded %+v", p.Results[0])
	}
	p, err = e.c.DiscoverMovies(ctx, Discover{Genres: []int{16, 10751}, Sort: SortNewest})
	page("DiscoverMovies", p, err, Movie, "The Cartographer's Cat")
	if p.Results[0].Date < p.Results[len(p.Results)-1].Date {
		t.Error("DiscoverMovies: not newest first")
	}
	p, err = e.c.DiscoverMovies(ctx, Discover{Genres: []int{37, 10752}, AnyGenre: true, Year: 1999, Language: "en", MinVotes: 1, Sort: SortRating})
	page("DiscoverMovies (any genre, year)", p, err, Movie, "Iron Meadow")
	p, err = e.c.DiscoverSeries(ctx, Discover{Genres: []int{16}, Sort: SortTitle, Page: 1})
	page("DiscoverSeries", p, err, TV, "Pixel & Pip")
	if p.Results[0].Title > p.Results[1].Title {
		t.Errorf("DiscoverSeries: not by name: %q, %q", p.Results[0].Title, p.Results[1].Title)
	}
	p, err = e.c.Trending(ctx, "", Day)
	page("Trending all", p, err, "", "")
	p, err = e.c.Trending(ctx, Movie, Week)
	page("Trending movies", p, err, Movie, "")
	p, err = e.c.Trending(ctx, TV, Day)
	page("Trending series", p, err, TV, "")
	p, err = e.c.PopularMovies(ctx, 2)
	if err != nil || p.Page != 2 || len(p.Results) != 20 {
		t.Errorf("PopularMovies page 2: %v %d %d", err, p.Page, len(p.Results))
	}
	p, err = e.c.PopularSeries(ctx, 1)
	page("PopularSeries", p, err, TV, "")
	p, err = e.c.OnTheAirSeries(ctx, 1)
	page("OnTheAirSeries", p, err, TV, "Kingdom of Tides")
	dp, err := e.c.NowPlayingMovies(ctx, 1)
	page("NowPlayingMovies", dp.Page, err, Movie, "Island of Lanterns")
	if dp.From != "2026-04-21" || dp.To != "2026-06-15" {
		t.Errorf("NowPlayingMovies window %s..%s", dp.From, dp.To)
	}
	dp, err = e.c.UpcomingMovies(ctx, 1)
	page("UpcomingMovies", dp.Page, err, Movie, "The Tinker's Gambit")
	if dp.From != "2026-06-16" {
		t.Errorf("UpcomingMovies window %s..%s", dp.From, dp.To)
	}
	p, err = e.c.MovieRecommendations(ctx, 9_000_013, 1)
	page("MovieRecommendations", p, err, Movie, "")
	p, err = e.c.SimilarMovies(ctx, 9_000_013, 1)
	page("SimilarMovies", p, err, Movie, "")
	p, err = e.c.SeriesRecommendations(ctx, series.ID, 1)
	page("SeriesRecommendations", p, err, TV, "")
	p, err = e.c.SimilarSeries(ctx, series.ID, 1)
	page("SimilarSeries", p, err, TV, "")

	m, err := e.c.Movie(ctx, film.ID)
	if err != nil || m.Title != film.Title || m.IMDbID != film.IMDbID || m.Runtime != film.Runtime ||
		m.Tagline != film.Tagline || m.Status != "Released" || m.BackdropPath != film.BackdropPath() ||
		!slices.Equal(m.Genres, []Genre{{18, "Drama"}, {14, "Fantasy"}}) {
		t.Errorf("Movie: %v %+v", err, m)
	}
	s, err := e.c.Series(ctx, series.ID)
	if err != nil || s.Name != series.Name || s.NumberOfSeasons != 4 || s.NumberOfEpisodes != 32 ||
		len(s.Seasons) != 4 || s.Seasons[1].EpisodeCount != 8 || s.ExternalIDs.TVDBID != series.TVDBID ||
		s.ExternalIDs.IMDbID != series.IMDbID || !s.InProduction || s.Status != "Returning Series" {
		t.Errorf("Series: %v %+v", err, s)
	}
	if s.LastEpisodeToAir == nil || s.LastEpisodeToAir.AirDate != "2026-02-25" ||
		s.NextEpisodeToAir == nil || s.NextEpisodeToAir.SeasonNumber != 4 || s.NextEpisodeToAir.EpisodeNumber != 1 {
		t.Errorf("Series: last %+v, next %+v", s.LastEpisodeToAir, s.NextEpisodeToAir)
	}
	se, err := e.c.Season(ctx, series.ID, 2)
	want := series.Seasons[1]
	if err != nil || se.ID != want.ID || len(se.Episodes) != len(want.Episodes) || se.AirDate != want.AirDate {
		t.Fatalf("Season: %v %+v", err, se)
	}
	ep, wantEp := se.Episodes[2], want.Episodes[2]
	if ep.ID != wantEp.ID || ep.Name != wantEp.Name || ep.EpisodeNumber != 3 || ep.SeasonNumber != 2 ||
		ep.AirDate != wantEp.AirDate || ep.Runtime != wantEp.Runtime || ep.StillPath != wantEp.StillPath() || ep.Overview != wantEp.Overview {
		t.Errorf("Season episode 3: %+v", ep)
	}
	ids, err := e.c.MovieExternalIDs(ctx, film.ID)
	if err != nil || ids.IMDbID != film.IMDbID || ids.TVDBID != 0 {
		t.Errorf("MovieExternalIDs: %v %+v", err, ids)
	}
	ids, err = e.c.SeriesExternalIDs(ctx, series.ID)
	if err != nil || ids != (ExternalIDs{IMDbID: series.IMDbID, TVDBID: series.TVDBID}) {
		t.Errorf("SeriesExternalIDs: %v %+v", err, ids)
	}
	found, err := e.c.FindByIMDb(ctx, film.IMDbID)
	if err != nil || len(found) != 1 || found[0].ID != film.ID || found[0].MediaType != Movie {
		t.Errorf("FindByIMDb: %v %+v", err, found)
	}
	found, err = e.c.FindByTVDB(ctx, series.TVDBID)
	if err != nil || len(found) != 1 || found[0].ID != series.ID || found[0].MediaType != TV {
		t.Errorf("FindByTVDB: %v %+v", err, found)
	}
	g, err := e.c.MovieGenres(ctx)
	if err != nil || !slices.Contains(g, Genre{878, "Science Fiction"}) {
		t.Errorf("MovieGenres: %v %v", err, g)
	}
	g, err = e.c.SeriesGenres(ctx)
	if err != nil || !slices.Contains(g, Genre{10765, "Sci-Fi & Fantasy"}) {
		t.Errorf("SeriesGenres: %v %v", err, g)
	}
}

func TestLanguageAndRegionAreSent(t *testing.T) {
	e := newEnv(t, nil, nil)
	ctx := context.Background()
	calls := []func() error{
		func() error { _, err := e.c.PopularMovies(ctx, 1); return err },
		func() error { _, err := e.c.UpcomingMovies(ctx, 1); return err },
		func() error { _, err := e.c.NowPlayingMovies(ctx, 1); return err },
		func() error { _, err := e.c.SearchMovies(ctx, "x", 1); return err },
		func() error { _, err := e.c.DiscoverMovies(ctx, Discover{}); return err },
		func() error { _, err := e.c.PopularSeries(ctx, 1); return err },
		func() error { _, err := e.c.Series(ctx, 9_100_001); return err },
		func() error { _, err := e.c.SearchMulti(ctx, "x", 1); return err },
		func() error { _, err := e.c.SeriesExternalIDs(ctx, 9_100_001); return err },
	}
	for _, call := range calls {
		if err := call(); err != nil {
			t.Fatal(err)
		}
	}
	region := map[string]bool{"/3/movie/popular": true, "/3/movie/upcoming": true, "/3/movie/now_playing": true, "/3/search/movie": true, "/3/discover/movie": true}
	reqs := e.fake.Requests()
	if len(reqs) != len(calls) {
		t.Fatalf("%d requests for %d calls", len(reqs), len(calls))
	}
	for _, r := range reqs {
		u, _ := url.Parse(r.URL)
		q := u.Query()
		if strings.HasSuffix(u.Path, "/external_ids") {
			if q.Has("language") || q.Has("region") {
				t.Errorf("%s: external ids take neither language nor region", r.URL)
			}
			continue
		}
		if q.Get("language") != "en-GB" {
			t.Errorf("%s: no language", r.URL)
		}
		if region[u.Path] != (q.Get("region") == "GB") {
			t.Errorf("%s: region %q", r.URL, q.Get("region"))
		}
	}
}

func TestAnswersAreCachedUntilTheyExpire(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.CacheTTL = time.Hour }, nil)
	ctx := context.Background()
	for range 3 {
		if _, err := e.c.Movie(ctx, 9_000_002); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.fake.RequestCount(); n != 1 {
		t.Fatalf("3 calls made %d requests", n)
	}
	// Another question is another request; the same one still comes from the cache.
	_, _ = e.c.PopularMovies(ctx, 1)
	_, _ = e.c.PopularMovies(ctx, 2)
	_, _ = e.c.PopularMovies(ctx, 1)
	if n := e.fake.RequestCount(); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
	e.advance(time.Hour)
	if _, err := e.c.Movie(ctx, 9_000_002); err != nil {
		t.Fatal(err)
	}
	if n := e.fake.RequestCount(); n != 4 {
		t.Fatalf("after expiry: %d requests, want 4", n)
	}
	// Callers get their own copy of a cached answer.
	a, _ := e.c.Movie(ctx, 9_000_002)
	a.Genres[0].Name = "changed"
	if b, _ := e.c.Movie(ctx, 9_000_002); b.Genres[0].Name == "changed" {
		t.Error("a caller's change reached the cache")
	}
}

func TestCacheIsBoundedAndCanBeOff(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.CacheSize = 2 }, nil)
	ctx := context.Background()
	for _, id := range []int64{9_000_001, 9_000_002, 9_000_003, 9_000_003, 9_000_001} {
		if _, err := e.c.Movie(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	// 1, 2, 3 fetched; 3 cached; 1 was evicted when 3 arrived, so fetched again.
	if n, held := e.fake.RequestCount(), e.c.cache.len(); n != 4 || held != 2 {
		t.Errorf("%d requests, %d cached; want 4 and 2", n, held)
	}
	off := newEnv(t, func(o *Options) { o.CacheTTL = -1 }, nil)
	_, _ = off.c.Movie(ctx, 9_000_001)
	_, _ = off.c.Movie(ctx, 9_000_001)
	if n := off.fake.RequestCount(); n != 2 {
		t.Errorf("cache off: %d requests", n)
	}
}

// TestConcurrentCallsShareOneRequest holds the fake's answer until every
// caller is waiting, then checks that one request served them all.
func TestConcurrentCallsShareOneRequest(t *testing.T) {
	release := make(chan struct{})
	var arrived atomic.Int32
	e := newEnv(t, nil, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arrived.Add(1)
			<-release
			h.ServeHTTP(w, r)
		})
	})
	const callers = 25
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Go(func() {
			s, err := e.c.Series(context.Background(), 9_100_003)
			if err == nil && s.Name != "Kingdom of Tides" {
				err = fmt.Errorf("got %q", s.Name)
			}
			errs <- err
		})
	}
	for e.c.waiting.Load() < callers || arrived.Load() < 1 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := e.fake.RequestCount(); n != 1 {
		t.Errorf("%d callers made %d requests", callers, n)
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, nil, nil)
	_, err := e.c.Movie(ctx, 550)
	var se *StatusError
	if !errors.Is(err, ErrNotFound) || !errors.As(err, &se) || se.Status != 404 || se.Path != "/3/movie/550" {
		t.Errorf("404: %v", err)
	}
	if _, err := e.c.Season(ctx, 9_100_001, 9); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing season: %v", err)
	}
	_, err = e.c.SearchMovies(ctx, "private words", 1)
	if err != nil {
		t.Fatal(err)
	}

	wrong := newEnv(t, func(o *Options) { o.Token = secret.New("not-the-token") }, nil)
	_, err = wrong.c.PopularMovies(ctx, 1)
	if !errors.Is(err, ErrUnauthorized) {
		t.Errorf("401: %v", err)
	}
	for _, leak := range []string{"Invalid API key", "not-the-token", "could not be found"} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("error %q contains %q", err, leak)
		}
	}

	for _, tc := range []struct {
		name string
		opts func(*Options)
		want string
	}{
		{"no token", func(o *Options) { o.Token = secret.Secret{} }, "no API token"},
		{"no client", func(o *Options) { o.HTTPClient = nil }, "no HTTP client"},
		{"bad scheme", func(o *Options) { o.BaseURL = "ftp://x" }, "base URL"},
		{"credentials", func(o *Options) { o.BaseURL = "https://u:p@api.example" }, "base URL"},
		{"query", func(o *Options) { o.BaseURL = "https://api.example/?api_key=x" }, "base URL"},
	} {
		o := Options{BaseURL: "https://api.example", Token: secret.New("t"), HTTPClient: http.DefaultClient}
		tc.opts(&o)
		if _, err := New(o); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	for name, call := range map[string]func() error{
		"bad sort":   func() error { _, err := e.c.DiscoverMovies(ctx, Discover{Sort: "revenue.desc"}); return err },
		"bad window": func() error { _, err := e.c.Trending(ctx, Movie, "month"); return err },
		"bad kind":   func() error { _, err := e.c.Trending(ctx, Person, Day); return err },
		"bad page":   func() error { _, err := e.c.PopularMovies(ctx, 501); return err },
		"bad imdb":   func() error { _, err := e.c.FindByIMDb(ctx, "tt1/../x"); return err },
	} {
		if call() == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if n := e.fake.RequestCount(); n != 3 {
		t.Errorf("invalid calls reached TMDB: %d requests", n)
	}
}

// TestStatusErrorsHideTheBody: whatever TMDB says in an error body stays out
// of the error, which may be shown to an administrator.
func TestStatusErrorsHideTheBody(t *testing.T) {
	e := newEnv(t, nil, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprint(w, `{"status_message":"upstream secret detail"}`)
		})
	})
	_, err := e.c.Movie(context.Background(), 9_000_001)
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 502 || strings.Contains(err.Error(), "secret detail") {
		t.Errorf("502: %v", err)
	}
	if _, err := e.c.Movie(context.Background(), 9_000_001); err == nil {
		t.Error("a failed answer was cached")
	}
}

func TestRateLimitedAnswersAreRetriedOnceWhenTheWaitIsShort(t *testing.T) {
	for _, tc := range []struct {
		name       string
		retryAfter []string // one per 429 before the fake answers
		ok         bool
		requests   int32
	}{
		{"short wait", []string{"0"}, true, 2},
		{"long wait", []string{"120"}, false, 1},
		{"no header", []string{""}, false, 1},
		{"twice", []string{"0", "0"}, false, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			e := newEnv(t, nil, func(h http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if i := int(n.Add(1)) - 1; i < len(tc.retryAfter) {
						if v := tc.retryAfter[i]; v != "" {
							w.Header().Set("Retry-After", v)
						}
						w.WriteHeader(http.StatusTooManyRequests)
						return
					}
					h.ServeHTTP(w, r)
				})
			})
			_, err := e.c.Movie(context.Background(), 9_000_001)
			if (err == nil) != tc.ok || (!tc.ok && !errors.Is(err, ErrRateLimited)) || n.Load() != tc.requests {
				t.Errorf("err %v after %d requests", err, n.Load())
			}
		})
	}
	if d, ok := retryAfter(time.Now().Add(time.Second).UTC().Format(http.TimeFormat), 2*time.Second, time.Now()); !ok || d > 2*time.Second {
		t.Errorf("HTTP-date Retry-After: %v %v", d, ok)
	}
}

func TestTimeoutAndCancellation(t *testing.T) {
	hold := make(chan struct{})
	t.Cleanup(func() { close(hold) })
	var arrived atomic.Int32
	e := newEnv(t, func(o *Options) { o.Timeout = 20 * time.Millisecond }, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arrived.Add(1)
			select {
			case <-hold:
			case <-r.Context().Done():
			}
		})
	})
	_, err := e.c.Movie(context.Background(), 9_000_001)
	if !errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "language=") {
		t.Errorf("timeout: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.c.Movie(ctx, 9_000_002); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if n := arrived.Load(); n != 1 {
		t.Errorf("%d requests; a cancelled call must not send one", n)
	}
}

func TestOutboundRateLimit(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.RatePerSecond = 0.001 }, nil) // one request, then one per 1000 s
	ctx := context.Background()
	if _, err := e.c.Movie(ctx, 9_000_001); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	_, err := e.c.Movie(short, 9_000_002)
	if err == nil || !strings.Contains(err.Error(), "rate limiter") {
		t.Errorf("second request: %v", err)
	}
	if _, err := e.c.Movie(ctx, 9_000_001); err != nil { // cached: no token needed
		t.Errorf("cached call: %v", err)
	}
	if n := e.fake.RequestCount(); n != 1 {
		t.Errorf("%d requests went out", n)
	}
}
