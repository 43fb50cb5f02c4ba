package browse_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lemedia/lemedia/internal/browse"
	"github.com/lemedia/lemedia/internal/domain"
)

func TestSeasonPage(t *testing.T) {
	b, st, u := setup(t)
	ctx := context.Background()
	request(t, st, domain.Request{UserID: u.ID, RequestedBy: u.ID, Type: domain.TV, TMDBID: series, Title: "x",
		Status: domain.StatusProcessing, Items: []domain.RequestItem{{Season: 2, Episode: 1}}})

	p, err := b.SeasonPage(ctx, series, 2)
	if err != nil {
		t.Fatal(err)
	}
	if p.Series.ID != series || p.Series.Title != "The Lantern Street Irregulars" || p.Season.Number != 2 || p.Prev != 1 {
		t.Fatalf("page: %+v prev %d next %d", p.Series, p.Prev, p.Next)
	}
	if len(p.Season.Episodes) < 2 || p.Season.Episodes[0].StillPath == "" || p.Poster().PosterPath == "" {
		t.Fatalf("episodes or images missing: %+v", p.Season.Episodes)
	}
	if e := p.Season.Episodes; e[0].Status.Key != "processing" || e[1].Status.Requested() {
		t.Errorf("episode statuses: %+v, %+v", e[0].Status, e[1].Status)
	}
	if p.Season.Status != browse.PartiallyRequested || !p.Requestable() || p.Specials() {
		t.Errorf("season status %+v, requestable %v", p.Season.Status, p.Requestable())
	}
	first, err := b.SeasonPage(ctx, series, 1)
	if err != nil || first.Prev != -1 || first.Next != 2 {
		t.Fatalf("season 1: prev %d next %d %v", first.Prev, first.Next, err)
	}

	for _, n := range []int{0, 99, -1} {
		if _, err := b.SeasonPage(ctx, series, n); !errors.Is(err, browse.ErrNotFound) {
			t.Errorf("season %d of a series without it: %v", n, err)
		}
	}
	if _, err := b.SeasonPage(ctx, film, 1); !errors.Is(err, browse.ErrNotFound) {
		t.Errorf("a film's season: %v", err)
	}
	// Specials are shown, never offered for request.
	specials := browse.SeasonPage{Season: browse.Season{Number: 0, Unclaimed: 4}}
	if specials.Requestable() || !specials.Specials() {
		t.Error("specials are requestable")
	}
}
