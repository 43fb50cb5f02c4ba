package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/lemedia/lemedia/internal/app"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/httpx"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/upstream/radarr"
	"github.com/lemedia/lemedia/internal/upstream/sonarr"
)

// sentTitles are what `lemedia seed -sent` points its requests at: the
// films of the default Radarr and the seasons of the default Sonarr's
// series, as those services list them, so that a status sync finds every
// seeded request there (a benchmark of that sync, against lemedia-sim
// -seed-arr, or a demo against real services).
type sentTitles struct {
	radarrID, sonarrID int64
	films              []radarr.Movie
	seasons            []sentSeason
	nextFilm, nextShow int
}

// sentSeason is one season of a series Sonarr holds, with its episodes.
type sentSeason struct {
	series   sonarr.Series
	season   int
	episodes []int
}

// loadSentTitles reads the default Radarr's films and the default Sonarr's
// series and their episodes, enough for films film requests and shows
// season requests; it fails when a service holds too few.
func loadSentTitles(ctx context.Context, a *app.App, films, shows int) (*sentTitles, error) {
	client := httpx.New(httpx.Policy{AllowPrivate: true, Timeout: time.Minute})
	st := &sentTitles{}
	if films > 0 {
		ms, err := defaultService(ctx, a, service.ServiceRadarr)
		if err != nil {
			return nil, err
		}
		c, err := radarr.New(radarr.Options{BaseURL: ms.BaseURL, APIKey: ms.APIKey, HTTPClient: client})
		if err != nil {
			return nil, err
		}
		all, err := c.Movies(ctx)
		if err != nil {
			return nil, fmt.Errorf("radarr %q: %w", ms.Name, err)
		}
		slices.SortFunc(all, func(x, y radarr.Movie) int { return x.ID - y.ID })
		if len(all) < films {
			return nil, fmt.Errorf("-sent: radarr %q holds %d films; %d film requests need as many", ms.Name, len(all), films)
		}
		st.radarrID, st.films = ms.ID, all[:films]
	}
	if shows > 0 {
		ms, err := defaultService(ctx, a, service.ServiceSonarr)
		if err != nil {
			return nil, err
		}
		if st.seasons, err = sonarrSeasons(ctx, ms, client, shows); err != nil {
			return nil, err
		}
		st.sonarrID = ms.ID
	}
	return st, nil
}

func defaultService(ctx context.Context, a *app.App, kind string) (service.MediaService, error) {
	ms, ok, err := a.Service.DefaultMediaService(ctx, kind, false)
	if err == nil && !ok {
		err = fmt.Errorf("-sent: no default %s is configured (lemedia service add -kind %s …)", kind, kind)
	}
	return ms, err
}

// sonarrSeasons lists want seasons, taking each series' first season, then
// each series' second, and so on, so that as many series as possible are
// followed.
func sonarrSeasons(ctx context.Context, ms service.MediaService, client *http.Client, want int) ([]sentSeason, error) {
	c, err := sonarr.New(sonarr.Options{BaseURL: ms.BaseURL, APIKey: ms.APIKey, HTTPClient: client})
	if err != nil {
		return nil, err
	}
	all, err := c.AllSeries(ctx)
	if err != nil {
		return nil, fmt.Errorf("sonarr %q: %w", ms.Name, err)
	}
	slices.SortFunc(all, func(x, y sonarr.Series) int { return x.ID - y.ID })
	// Round by round, the first min(want, series) series are all it takes.
	perShow := make([][]sentSeason, min(want, len(all)))
	for i := range perShow {
		eps, err := c.Episodes(ctx, all[i].ID)
		if err != nil {
			return nil, fmt.Errorf("sonarr %q: %w", ms.Name, err)
		}
		for _, e := range eps {
			if e.SeasonNumber == 0 {
				continue // specials
			}
			n := len(perShow[i])
			if n == 0 || perShow[i][n-1].season != e.SeasonNumber {
				perShow[i] = append(perShow[i], sentSeason{series: all[i], season: e.SeasonNumber})
				n++
			}
			perShow[i][n-1].episodes = append(perShow[i][n-1].episodes, e.EpisodeNumber)
		}
	}
	var out []sentSeason
	for round := 0; len(out) < want; round++ {
		added := false
		for _, seasons := range perShow {
			if round < len(seasons) && len(out) < want {
				out = append(out, seasons[round])
				added = true
			}
		}
		if !added {
			return nil, fmt.Errorf("-sent: sonarr %q holds %d seasons; %d series requests need as many", ms.Name, len(out), want)
		}
	}
	return out, nil
}

// next fills r (a film or a series request) with the next title, marks it
// processing and returns where it was sent.
func (st *sentTitles) next(r *domain.Request) (serviceID, externalID int64) {
	r.Status = domain.StatusProcessing
	if r.Type == domain.Movie {
		m := st.films[st.nextFilm]
		st.nextFilm++
		r.TMDBID, r.Title = m.TMDBID, m.Title
		return st.radarrID, int64(m.ID)
	}
	s := st.seasons[st.nextShow]
	st.nextShow++
	r.TMDBID, r.Title, r.Items = s.series.TMDBID, s.series.Title, nil
	for _, e := range s.episodes {
		r.Items = append(r.Items, domain.RequestItem{Season: s.season, Episode: e})
	}
	return st.sonarrID, int64(s.series.ID)
}
