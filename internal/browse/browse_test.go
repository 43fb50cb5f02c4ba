package browse_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/browse"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/metadata"
	"github.com/lemedia/lemedia/internal/store"
)

const (
	film   = 9000001 // The Clockmaker's Garden
	series = 9100001 // The Lantern Street Irregulars
)

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func setup(t *testing.T) (*browse.Browser, *store.Store, domain.User) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, "", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	src, err := metadata.New(metadata.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	id, err := store.CreateUser(ctx, st.DB, store.NewUser{Username: "rita", Email: "rita@example.org", PasswordHash: "x",
		Permissions: domain.PermRequest, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return browse.New(st, src), st, domain.User{ID: id, Username: "rita", Permissions: domain.PermRequest}
}

func request(t *testing.T, st *store.Store, r domain.Request) int64 {
	t.Helper()
	var id int64
	err := st.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		id, err = store.InsertRequest(context.Background(), tx, r, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestBrowseStatusMerging(t *testing.T) {
	b, st, u := setup(t)
	ctx := context.Background()
	if !b.Builtin {
		t.Fatal("the built-in catalogue is not labelled")
	}
	m, err := b.Movie(ctx, film)
	if err != nil || m.Title != "The Clockmaker's Garden" || m.Year != "1991" || m.Runtime != 104 || len(m.Genres) == 0 || !m.Requestable() {
		t.Fatalf("film before any request: %+v %v", m, err)
	}
	filmReq := request(t, st, domain.Request{UserID: u.ID, RequestedBy: u.ID, Type: domain.Movie, TMDBID: film, Title: m.Title, Status: domain.StatusPending})
	request(t, st, domain.Request{UserID: u.ID, RequestedBy: u.ID, Type: domain.TV, TMDBID: series, Title: "The Lantern Street Irregulars",
		Status: domain.StatusPending, Items: []domain.RequestItem{{Season: 1, Episode: 1}, {Season: 1, Episode: 2}}})

	m, err = b.Movie(ctx, film)
	if err != nil || m.Requestable() || m.Status.Key != "pending" || m.Status.Label != "Pending" {
		t.Fatalf("film after request: %+v %v", m.Status, err)
	}
	s, err := b.Series(ctx, series)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Seasons) < 2 || s.Seasons[0].Number != 1 || s.Status != browse.PartiallyRequested || !s.Requestable() {
		t.Fatalf("series: %d seasons, status %+v", len(s.Seasons), s.Status)
	}
	s1 := s.Seasons[0]
	if s1.Status != browse.PartiallyRequested || s1.Requestable() || s1.Unclaimed != len(s1.Episodes)-2 {
		t.Fatalf("season 1: %+v unclaimed %d of %d", s1.Status, s1.Unclaimed, len(s1.Episodes))
	}
	if s1.Episodes[0].Status.Key != "pending" || s1.Episodes[1].Status.Key != "pending" || s1.Episodes[2].Status.Requested() {
		t.Fatalf("episode statuses: %+v", s1.Episodes[:3])
	}
	if s.Seasons[1].Status.Requested() || !s.Seasons[1].Requestable() {
		t.Fatalf("season 2: %+v", s.Seasons[1].Status)
	}
	if slices.Contains(s.AllSeasons, 1) || !slices.Contains(s.AllSeasons, 2) || !slices.Contains(s.RestEpisodes, "1:3") || slices.Contains(s.RestEpisodes, "1:1") {
		t.Fatalf("request-all choice: seasons %v episodes %v", s.AllSeasons, s.RestEpisodes)
	}
	se, err := b.Season(ctx, series, 1)
	if err != nil || se.Status != browse.PartiallyRequested || se.Episodes[1].Value() != "1:2" {
		t.Fatalf("Season: %+v %v", se.Status, err)
	}

	// A whole season claimed with one status takes that status.
	var rest []domain.RequestItem
	for _, e := range s.Seasons[1].Episodes {
		rest = append(rest, domain.RequestItem{Season: 2, Episode: e.Number})
	}
	request(t, st, domain.Request{UserID: u.ID, RequestedBy: u.ID, Type: domain.TV, TMDBID: series, Title: "x", Status: domain.StatusApproved, Items: rest})
	if se, err := b.Season(ctx, series, 2); err != nil || se.Status.Key != "approved" || se.Requestable() {
		t.Fatalf("season 2 fully claimed: %+v %v", se.Status, err)
	}

	// Search finds the film by a word of its title, with its badge.
	res, err := b.Search(ctx, "clockmaker", 1)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(res.Items, func(it browse.Item) bool { return it.ID == film })
	if i < 0 || res.Items[i].Status.Key != "pending" || res.Items[i].Href() != "/movie/9000001" {
		t.Fatalf("search: %+v", res.Items)
	}
	if res, err := b.Search(ctx, "   ", 1); err != nil || len(res.Items) != 0 {
		t.Fatalf("empty search: %+v %v", res, err)
	}

	// Home: rows from the catalogue, the user's requests, then availability.
	if err := st.WithTx(ctx, func(tx *store.Tx) error {
		return store.MoveRequest(ctx, tx, filmReq, domain.StatusPending, domain.StatusAvailable, 0, "", now)
	}); err != nil {
		t.Fatal(err)
	}
	rows, err := b.Home(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]browse.Row{}
	for _, r := range rows {
		byID[r.ID] = r
		if r.Failed {
			t.Errorf("row %s failed", r.ID)
		}
	}
	for _, id := range []string{"trending", "popular-films", "upcoming-films", "popular-series"} {
		if len(byID[id].Items) == 0 {
			t.Errorf("row %s is empty", id)
		}
	}
	if got := byID["recently-requested"].Items; len(got) != 2 || got[0].ID != series || got[0].Type != domain.TV {
		t.Fatalf("recently requested: %+v", got)
	}
	if got := byID["recently-available"].Items; len(got) != 1 || got[0].ID != film || got[0].Status.Key != "available" {
		t.Fatalf("recently available: %+v", got)
	}
	if m, _ := b.Movie(ctx, film); m.Status.Label != "Available" {
		t.Fatalf("film status after availability: %+v", m.Status)
	}
}

func TestBrowseUnknownTitle(t *testing.T) {
	b, _, _ := setup(t)
	ctx := context.Background()
	if _, err := b.Movie(ctx, 1); !errors.Is(err, browse.ErrNotFound) {
		t.Fatalf("unknown film: %v", err)
	}
	if _, err := b.Series(ctx, 1); !errors.Is(err, browse.ErrNotFound) {
		t.Fatalf("unknown series: %v", err)
	}
	if _, err := b.Season(ctx, series, 999); !errors.Is(err, browse.ErrNotFound) {
		t.Fatalf("unknown season: %v", err)
	}
}
