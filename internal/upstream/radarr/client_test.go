package radarr

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/httpx"
	"github.com/lemedia/lemedia/internal/secret"
	simarr "github.com/lemedia/lemedia/internal/sim/arr"
	"github.com/lemedia/lemedia/internal/upstream/arr"
)

// A film released before the test's today, and one released after it.
const (
	released   = 9_000_001
	unreleased = 9_000_064
)

func film(t *testing.T, id int64) *catalog.Film {
	t.Helper()
	f, ok := catalog.Default().Film(id)
	if !ok {
		t.Fatalf("film %d not in the catalogue", id)
	}
	return f
}

func year(f *catalog.Film) int {
	var y int
	fmt.Sscan(f.ReleaseDate[:4], &y)
	return y
}

// TestEveryMethod calls each method against the fake, which checks every
// request against Radarr's document, and checks what comes back.
func TestEveryMethod(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	f := film(t, released)

	st, err := e.c.SystemStatus(ctx)
	if err != nil || st.AppName != "Radarr" || st.Version == "" || st.URLBase != "/radarr" {
		t.Fatalf("SystemStatus: %v %+v", err, st)
	}
	profiles, err := e.c.QualityProfiles(ctx)
	if err != nil || !slices.Contains(profiles, QualityProfile{ID: 4, Name: "HD-1080p"}) {
		t.Errorf("QualityProfiles: %v %+v", err, profiles)
	}
	folders, err := e.c.RootFolders(ctx)
	if err != nil || len(folders) != 1 || folders[0].Path != "/movies" || !folders[0].Accessible || folders[0].FreeSpace <= 0 {
		t.Errorf("RootFolders: %v %+v", err, folders)
	}
	tag, err := e.c.CreateTag(ctx, "7-Alice")
	if err != nil || tag.ID == 0 || tag.Label != "7-alice" {
		t.Fatalf("CreateTag: %v %+v", err, tag)
	}
	again, err := e.c.CreateTag(ctx, "7-alice")
	if err != nil || again != tag {
		t.Errorf("CreateTag of an existing label: %v %+v", err, again)
	}
	if tags, err := e.c.Tags(ctx); err != nil || !slices.Equal(tags, []Tag{tag}) {
		t.Errorf("Tags: %v %+v", err, tags)
	}

	looked, err := e.c.Lookup(ctx, f.ID)
	if err != nil || looked.ID != 0 || looked.TMDBID != f.ID || looked.Title != f.Title || looked.IMDbID != f.IMDbID ||
		looked.Year != year(f) || len(looked.Images) == 0 || looked.RawJSON() == nil {
		t.Fatalf("Lookup: %v %+v", err, looked)
	}
	if _, found, err := e.c.FindByTMDB(ctx, f.ID); err != nil || found {
		t.Fatalf("FindByTMDB before adding: %v %v", found, err)
	}
	added, err := e.c.AddMovie(ctx, looked, AddOptions{QualityProfileID: 4, RootFolderPath: "/movies",
		Tags: []int{tag.ID}, Monitored: true, Search: true})
	if err != nil || added.ID == 0 || !added.Monitored || added.QualityProfileID != 4 || added.MinimumAvailability != "released" ||
		!slices.Equal(added.Tags, []int{tag.ID}) || !strings.HasPrefix(added.Path, "/movies/"+f.Title) || added.HasFile {
		t.Fatalf("AddMovie: %v %+v", err, added)
	}
	got, err := e.c.Movie(ctx, added.ID)
	if err != nil || got.ID != added.ID || got.TMDBID != f.ID || got.Path != added.Path {
		t.Errorf("Movie: %v %+v", err, got)
	}
	found, ok, err := e.c.FindByTMDB(ctx, f.ID)
	if err != nil || !ok || found.ID != added.ID {
		t.Errorf("FindByTMDB: %v %v %+v", err, ok, found)
	}

	page, err := e.c.Queue(ctx, 1, 10)
	if err != nil || page.TotalRecords != 1 || len(page.Records) != 1 {
		t.Fatalf("Queue: %v %+v", err, page)
	}
	q := page.Records[0]
	if q.MovieID != added.ID || q.Movie == nil || q.Movie.TMDBID != f.ID || q.Status != "queued" ||
		q.TrackedDownloadState != "downloading" || q.Size <= 0 || q.SizeLeft != q.Size || q.EstimatedCompletionTime == nil {
		t.Errorf("queue item %+v", q)
	}
	if left, ok := q.Remaining(); !ok || left != 10*time.Minute {
		t.Errorf("Remaining: %v %v (timeleft %q)", left, ok, q.TimeLeft)
	}
	cmd, err := e.c.SearchMovies(ctx, added.ID)
	if err != nil || cmd.ID == 0 || cmd.Name != "MoviesSearch" || cmd.Queued.IsZero() {
		t.Errorf("SearchMovies: %v %+v", err, cmd)
	}
	if page, _ := e.c.Queue(ctx, 1, 10); page.TotalRecords != 1 {
		t.Errorf("a second search of a film downloading queued it again: %d", page.TotalRecords)
	}

	got.Monitored, got.QualityProfileID, got.MinimumAvailability = false, 6, "inCinemas"
	updated, err := e.c.UpdateMovie(ctx, got)
	if err != nil || updated.Monitored || updated.QualityProfileID != 6 || updated.MinimumAvailability != "inCinemas" {
		t.Fatalf("UpdateMovie: %v %+v", err, updated)
	}
	// What the update did not touch is as it was: the body carried it back.
	if again, _ := e.c.Movie(ctx, added.ID); again.Path != added.Path || !slices.Equal(again.Tags, []int{tag.ID}) || again.Monitored {
		t.Errorf("after UpdateMovie: %+v", again)
	}
	if _, err := e.c.UpdateMovie(ctx, Movie{ID: added.ID, Monitored: true}); !errors.Is(err, ErrNotFetched) {
		t.Errorf("UpdateMovie of a hand-made Movie: %v", err)
	}

	if err := e.c.DeleteMovie(ctx, added.ID, true, false); err != nil {
		t.Fatalf("DeleteMovie: %v", err)
	}
	if _, err := e.c.Movie(ctx, added.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Movie after delete: %v", err)
	}
	if page, _ := e.c.Queue(ctx, 1, 10); page.TotalRecords != 0 {
		t.Errorf("the deleted film's download is still queued: %+v", page)
	}
}

// TestDownloadLifecycle follows a searched film from the queue to the disk
// and the library on the fake clock.
func TestDownloadLifecycle(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	f := film(t, released)
	looked, err := e.c.Lookup(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	m, err := e.c.AddMovie(ctx, looked, AddOptions{QualityProfileID: 1, RootFolderPath: "/movies", Monitored: true, Search: true})
	if err != nil {
		t.Fatal(err)
	}
	start := e.now()

	e.advance(4 * time.Minute)
	items, err := e.c.QueueAll(ctx, 0)
	if err != nil || len(items) != 1 {
		t.Fatalf("QueueAll: %v %+v", err, items)
	}
	q := items[0]
	left, _ := q.Remaining()
	if q.Status != "downloading" || q.Progress() <= 0.2 || q.Progress() >= 0.5 || left != 6*time.Minute ||
		!q.EstimatedCompletionTime.Equal(start.Add(10*time.Minute)) {
		t.Errorf("at 4 of 10 minutes: status %s, progress %.2f, left %v, eta %v", q.Status, q.Progress(), left, q.EstimatedCompletionTime)
	}
	if got, _ := e.c.Movie(ctx, m.ID); got.HasFile {
		t.Error("the file is on disk before the download finished")
	}
	if _, ok := e.fake.Library().Movie(f.ID); ok {
		t.Error("the library has the film before the download finished")
	}

	e.advance(7 * time.Minute)
	if items, err := e.c.QueueAll(ctx, 0); err != nil || len(items) != 0 {
		t.Errorf("queue after the download: %v %+v", err, items)
	}
	got, err := e.c.Movie(ctx, m.ID)
	if err != nil || !got.HasFile || got.SizeOnDisk != int64(q.Size) {
		t.Errorf("film after the download: %v %+v", err, got)
	}
	lib, ok := e.fake.Library().Movie(f.ID)
	if !ok || lib.Title != f.Title || lib.IMDbID != f.IMDbID || lib.Year != year(f) || !lib.AddedAt.Equal(start.Add(10*time.Minute)) {
		t.Errorf("library film: %v %+v", ok, lib)
	}
	// A search for a film on disk grabs nothing.
	if _, err := e.c.SearchMovies(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	if items, _ := e.c.QueueAll(ctx, 0); len(items) != 0 {
		t.Errorf("a film on disk was grabbed again: %+v", items)
	}
}

// TestAddIsIdempotentThroughFindAndUpdate: a second add is refused as
// ErrAlreadyExists, and the caller then finds the film and updates it.
func TestAddIsIdempotentThroughFindAndUpdate(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	f := film(t, unreleased)
	looked, err := e.c.Lookup(ctx, f.ID)
	if err != nil {
		t.Fatal(err)
	}
	opts := AddOptions{QualityProfileID: 4, RootFolderPath: "/movies", Monitored: false}
	first, err := e.c.AddMovie(ctx, looked, opts)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.c.AddMovie(ctx, looked, opts)
	var ae *Error
	if !errors.Is(err, ErrAlreadyExists) || !errors.As(err, &ae) || ae.Failure.Status != http.StatusBadRequest ||
		!slices.Equal(ae.Fields, []string{"TmdbId"}) {
		t.Fatalf("second add: %v", err)
	}
	if strings.Contains(err.Error(), "This movie") {
		t.Errorf("the upstream body leaked into the message: %v", err)
	}
	existing, ok, err := e.c.FindByTMDB(ctx, f.ID)
	if err != nil || !ok || existing.ID != first.ID {
		t.Fatalf("FindByTMDB: %v %v %+v", err, ok, existing)
	}
	existing.Monitored = true
	if got, err := e.c.UpdateMovie(ctx, existing); err != nil || !got.Monitored || got.Path != first.Path {
		t.Errorf("UpdateMovie: %v %+v", err, got)
	}
	// Not out yet: a search finds nothing to grab.
	if _, err := e.c.SearchMovies(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	if items, _ := e.c.QueueAll(ctx, 0); len(items) != 0 {
		t.Errorf("an unreleased film was grabbed: %+v", items)
	}
}

// TestUnknownTitleAndBadSettings: Radarr's own answers for titles its
// metadata source lacks and for settings that do not exist.
func TestUnknownTitleAndBadSettings(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	_, err := e.c.Lookup(ctx, 123)
	if f := arr.FailureOf(err); f.Status != http.StatusInternalServerError || errors.Is(err, ErrNotFound) {
		t.Errorf("Lookup of an unknown id: %v", err)
	}
	_, err = e.c.AddMovie(ctx, Movie{TMDBID: 123, Title: "Nothing", Year: 2001}, AddOptions{QualityProfileID: 1, RootFolderPath: "/movies"})
	var ae *Error
	if !errors.As(err, &ae) || ae.Failure.Status != 400 || errors.Is(err, ErrAlreadyExists) || !slices.Equal(ae.Fields, []string{"TmdbId"}) {
		t.Errorf("AddMovie of an unknown id: %v", err)
	}
	_, err = e.c.AddMovie(ctx, Movie{TMDBID: released, Title: "x", Year: 2000}, AddOptions{QualityProfileID: 99, RootFolderPath: "/films"})
	if !errors.As(err, &ae) || !slices.Equal(ae.Fields, []string{"RootFolderPath", "QualityProfileId"}) {
		t.Errorf("AddMovie with a missing folder and profile: %v", err)
	}
}

// TestQueueAllPages reads a queue longer than a page.
func TestQueueAllPages(t *testing.T) {
	e := newEnv(t, nil)
	ctx := context.Background()
	var ids []int
	for id := int64(released); len(ids) < 5; id++ {
		m, err := e.c.AddMovie(ctx, Movie{TMDBID: id, Title: film(t, id).Title, Year: 2000},
			AddOptions{QualityProfileID: 1, RootFolderPath: "/movies", Monitored: true})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	if _, err := e.c.SearchMovies(ctx, ids...); err != nil {
		t.Fatal(err)
	}
	before := e.fake.RequestCount()
	items, err := e.c.QueueAll(ctx, 2)
	if err != nil || len(items) != 5 || e.fake.RequestCount()-before != 3 {
		t.Fatalf("QueueAll: %v, %d items in %d requests", err, len(items), e.fake.RequestCount()-before)
	}
	for i, q := range items {
		if q.MovieID != ids[i] {
			t.Errorf("item %d is film %d, want %d", i, q.MovieID, ids[i])
		}
	}
}

// TestFailures: a service that is down, slow, refuses the key, or sits
// behind a proxy that answers a wrong path with a page of its own.
func TestFailures(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, nil)
	e.fake.SetDown(simarr.Unavailable)
	_, err := e.c.SystemStatus(ctx)
	if f := arr.FailureOf(err); f != (httpx.Failure{Kind: httpx.KindHTTPStatus, Status: 503}) {
		t.Errorf("down: %v (%v)", f, err)
	}
	e.fake.SetDown(simarr.Drop)
	_, err = e.c.SystemStatus(ctx)
	if f := arr.FailureOf(err); f.Kind != httpx.KindBadResponse {
		t.Errorf("dropped connection: %v (%v)", f, err)
	}
	e.fake.SetDown(simarr.Up)
	if _, err := e.c.SystemStatus(ctx); err != nil {
		t.Errorf("back up: %v", err)
	}

	slow := newEnv(t, func(o *Options) { o.Timeout = 20 * time.Millisecond })
	slow.fake.SetLatency(time.Second)
	_, err = slow.c.SystemStatus(ctx)
	if f := arr.FailureOf(err); f.Kind != httpx.KindTimeout {
		t.Errorf("slow: %v (%v)", f, err)
	}

	wrongKey := newEnv(t, nil)
	c, err := New(Options{BaseURL: wrongKey.srv.URL + "/radarr", APIKey: secret.New("wrong"), HTTPClient: wrongKey.srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SystemStatus(ctx); !errors.Is(err, ErrUnauthorized) || arr.FailureOf(err).Status != 401 {
		t.Errorf("wrong key: %v", err)
	}
	if n := len(wrongKey.fake.Requests()); n != 1 {
		t.Fatalf("%d requests", n)
	}
	wrongKey.otherKeys = true

	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("<h1>Not Found</h1>"))
	}))
	defer proxy.Close()
	c, err = New(Options{BaseURL: proxy.URL, APIKey: secret.New(apiKey), HTTPClient: proxy.Client()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Movie(ctx, 1)
	if errors.Is(err, ErrNotFound) || arr.FailureOf(err).Status != 404 || strings.Contains(err.Error(), "<h1>") {
		t.Errorf("a proxy's 404 page: %v", err)
	}
}
