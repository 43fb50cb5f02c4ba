package delivery

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/store"
	"github.com/lemedia/lemedia/internal/upstream/jellyfin"
	"github.com/lemedia/lemedia/internal/upstream/plex"
)

// scanPage is how many items a library page holds.
const scanPage = 1000

// Servers implements service.LibraryScanner: the enabled Jellyfin and Plex.
func (d *Delivery) Servers(ctx context.Context) ([]int64, error) {
	var ids []int64
	for _, kind := range []string{service.ServiceJellyfin, service.ServicePlex} {
		list, err := d.services.MediaServices(ctx, kind)
		if err != nil {
			return nil, err
		}
		for _, ms := range list {
			ids = append(ids, ms.ID)
		}
	}
	return ids, nil
}

// Scan implements service.LibraryScanner. Only films and episodes with a
// real file and a TMDB or TVDB id count; an episode takes its series' ids.
func (d *Delivery) Scan(ctx context.Context, id int64, since time.Time, batch func([]store.LibraryItem) error) error {
	ms, err := d.byID(ctx, service.ServiceJellyfin, id)
	if err == nil {
		return d.scanJellyfin(ctx, ms, since, batch)
	}
	ms, err2 := d.byID(ctx, service.ServicePlex, id)
	if err2 == nil {
		return d.scanPlex(ctx, ms, since, batch)
	}
	return errors.Join(err, err2)
}

func (d *Delivery) scanJellyfin(ctx context.Context, ms service.MediaService, since time.Time, batch func([]store.LibraryItem) error) error {
	c, err := jellyfin.New(jellyfin.Options{BaseURL: ms.BaseURL, Token: ms.APIKey, HTTPClient: d.newClient()})
	if err != nil {
		return err
	}
	libs, err := c.Libraries(ctx)
	if err != nil {
		return err
	}
	for _, lib := range libs {
		if !chosen(ms, lib.ID, lib.CollectionType == jellyfin.CollectionMovies || lib.CollectionType == jellyfin.CollectionTV) {
			continue
		}
		err := jellyfinItems(ctx, c, lib.ID, since, func(p jellyfin.Page) error {
			seen := make([]found, len(p.Items))
			for i, it := range p.Items {
				seen[i] = found{ID: it.ID, Added: it.DateCreated, HasFile: it.HasFile, Numbered: it.Numbered,
					Movie: it.Type == jellyfin.Movie, Episode: it.Type == jellyfin.Episode,
					TMDB: it.ProviderIDs.TMDB, SeriesTMDB: it.SeriesProviderIDs.TMDB, SeriesTVDB: it.SeriesProviderIDs.TVDB,
					Season: it.Season, Number: it.Episode}
			}
			return send(seen, since, batch)
		})
		if err != nil {
			return fmt.Errorf("library %s: %w", lib.Name, err)
		}
	}
	return nil
}

func (d *Delivery) scanPlex(ctx context.Context, ms service.MediaService, since time.Time, batch func([]store.LibraryItem) error) error {
	c, err := plex.New(plex.Options{BaseURL: ms.BaseURL, Token: ms.APIKey, HTTPClient: d.newClient()})
	if err != nil {
		return err
	}
	sections, err := c.Sections(ctx)
	if err != nil {
		return err
	}
	for _, sec := range sections {
		if !chosen(ms, sec.Key, sec.Type == "movie" || sec.Type == "show") {
			continue
		}
		t := plex.Movie
		if sec.Type == "show" {
			t = plex.Episode
		}
		err := plexItems(ctx, c, sec.Key, t, since, func(p plex.Page) error {
			seen := make([]found, len(p.Items))
			for i, it := range p.Items {
				seen[i] = found{ID: it.RatingKey, Added: it.AddedAt, HasFile: it.HasFile, Numbered: it.Numbered,
					Movie: it.Type == "movie", Episode: it.Type == "episode",
					TMDB: it.GUIDs.TMDB, SeriesTMDB: it.ShowGUIDs.TMDB, SeriesTVDB: it.ShowGUIDs.TVDB,
					Season: it.Season, Number: it.Episode}
			}
			return send(seen, since, batch)
		})
		if err != nil {
			return fmt.Errorf("section %s: %w", sec.Title, err)
		}
	}
	return nil
}

// found is a film or episode as either media server lists it.
type found struct {
	ID                     string
	Added                  time.Time
	HasFile, Numbered      bool
	Movie, Episode         bool
	TMDB                   int64 // a film's own id
	SeriesTMDB, SeriesTVDB int64 // an episode's series
	Season, Number         int
}

// send passes on, as library rows, the films and episodes with a real
// file, an id LeMedia can match, and (for a recent scan) added since then.
func send(page []found, since time.Time, batch func([]store.LibraryItem) error) error {
	var out []store.LibraryItem
	for _, f := range page {
		if !f.HasFile || f.Added.Before(since) {
			continue
		}
		li := store.LibraryItem{ItemID: f.ID, AddedAt: f.Added}
		switch {
		case f.Movie && f.TMDB != 0:
			li.Type, li.TMDBID = domain.Movie, f.TMDB
		case f.Episode && f.Numbered && (f.SeriesTMDB != 0 || f.SeriesTVDB != 0):
			li.Type, li.TMDBID, li.TVDBID = domain.TV, f.SeriesTMDB, f.SeriesTVDB
			li.Season, li.Episode = f.Season, f.Number
		default:
			continue
		}
		out = append(out, li)
	}
	if len(out) == 0 {
		return nil
	}
	return batch(out)
}

// chosen: the admin's library choice, or every film and series library
// when none was made.
func chosen(ms service.MediaService, id string, isVideo bool) bool {
	if len(ms.Library.Libraries) == 0 {
		return isVideo
	}
	return slices.Contains(ms.Library.Libraries, id)
}

// jellyfinItems walks a library's films and episodes: all of them oldest
// first, or with since set only those added since then, newest first,
// stopping at the first older page. Episodes carry their series' ids.
func jellyfinItems(ctx context.Context, c *jellyfin.Client, lib string, since time.Time, fn func(jellyfin.Page) error) error {
	types := []jellyfin.ItemType{jellyfin.Movie, jellyfin.Episode}
	if since.IsZero() {
		return c.Scan(ctx, jellyfin.ScanQuery{LibraryID: lib, Types: types, PageSize: scanPage}, fn)
	}
	series := map[string]jellyfin.ProviderIDs{}
	err := c.Scan(ctx, jellyfin.ScanQuery{LibraryID: lib, Types: []jellyfin.ItemType{jellyfin.Series}, PageSize: scanPage},
		func(p jellyfin.Page) error {
			for _, it := range p.Items {
				series[it.ID] = it.ProviderIDs
			}
			return nil
		})
	if err != nil {
		return err
	}
	for start := 0; ; start += scanPage {
		p, err := c.Items(ctx, jellyfin.ItemsQuery{LibraryID: lib, Types: types, StartIndex: start, Limit: scanPage, Order: jellyfin.NewestFirst})
		if err != nil {
			return err
		}
		older := false
		for i := range p.Items {
			it := &p.Items[i]
			it.SeriesProviderIDs = series[it.SeriesID]
			older = older || it.DateCreated.Before(since)
		}
		if err := fn(p); err != nil {
			return err
		}
		if older || len(p.Items) < scanPage {
			return nil
		}
	}
}

// plexItems is jellyfinItems for one type of a Plex section.
func plexItems(ctx context.Context, c *plex.Client, section string, t plex.Type, since time.Time, fn func(plex.Page) error) error {
	if since.IsZero() {
		return c.Scan(ctx, plex.ScanQuery{Section: section, Type: t, PageSize: scanPage}, fn)
	}
	shows := map[string]plex.GUIDs{}
	if t == plex.Episode {
		err := c.Scan(ctx, plex.ScanQuery{Section: section, Type: plex.Show, PageSize: scanPage}, func(p plex.Page) error {
			for _, it := range p.Items {
				shows[it.RatingKey] = it.GUIDs
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for start := 0; ; start += scanPage {
		p, err := c.Items(ctx, plex.ItemsQuery{Section: section, Type: t, Start: start, Size: scanPage, Order: plex.NewestFirst})
		if err != nil {
			return err
		}
		older := false
		for i := range p.Items {
			it := &p.Items[i]
			if it.Type == "episode" {
				it.ShowGUIDs = shows[it.ShowRatingKey]
			}
			older = older || it.AddedAt.Before(since)
		}
		if err := fn(p); err != nil {
			return err
		}
		if older || len(p.Items) < scanPage {
			return nil
		}
	}
}
