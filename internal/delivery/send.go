package delivery

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/upstream/radarr"
	"github.com/lemedia/lemedia/internal/upstream/sonarr"
)

// Send hands an approved request to the default Radarr (films) or Sonarr
// (series), the 4K one for a 4K request. It is safe to repeat: what is
// already there is monitored and searched, never added twice.
func (d *Delivery) Send(ctx context.Context, r domain.Request) (service.Delivery, error) {
	kind := service.ServiceRadarr
	if r.Type == domain.TV {
		kind = service.ServiceSonarr
	}
	ms, ok, err := d.services.DefaultMediaService(ctx, kind, r.Is4K)
	if err != nil {
		return service.Delivery{}, err
	}
	if !ok {
		return service.Delivery{}, service.ErrNoDownloadService
	}
	var id int
	if r.Type == domain.TV {
		id, err = d.sendSeries(ctx, ms, r)
	} else {
		id, err = d.sendMovie(ctx, ms, r)
	}
	return service.Delivery{ServiceID: ms.ID, ExternalID: int64(id)}, err
}

func (d *Delivery) radarr(ms service.MediaService) (*radarr.Client, error) {
	return radarr.New(radarr.Options{BaseURL: ms.BaseURL, APIKey: ms.APIKey, HTTPClient: d.newClient()})
}

func (d *Delivery) sonarr(ms service.MediaService) (*sonarr.Client, error) {
	return sonarr.New(sonarr.Options{BaseURL: ms.BaseURL, APIKey: ms.APIKey, HTTPClient: d.newClient()})
}

func (d *Delivery) sendMovie(ctx context.Context, ms service.MediaService, r domain.Request) (int, error) {
	c, err := d.radarr(ms)
	if err != nil {
		return 0, err
	}
	m, found, err := c.FindByTMDB(ctx, r.TMDBID)
	if err != nil {
		return 0, err
	}
	if !found {
		lookup, err := c.Lookup(ctx, r.TMDBID)
		if err != nil {
			return 0, fmt.Errorf("radarr does not know this film: %w", err)
		}
		tags, err := d.tags(ctx, ms, r, c.Tags, c.CreateTag)
		if err != nil {
			return 0, err
		}
		m, err = c.AddMovie(ctx, lookup, radarr.AddOptions{QualityProfileID: ms.Arr.QualityProfileID,
			RootFolderPath: ms.Arr.RootFolder, MinimumAvailability: ms.Arr.MinimumAvailability,
			Tags: tags, Monitored: true, Search: true})
		if errors.Is(err, radarr.ErrAlreadyExists) { // added meanwhile, by someone else
			m, found, err = c.FindByTMDB(ctx, r.TMDBID)
			if err == nil && !found {
				err = errors.New("radarr says the film exists but does not list it")
			}
		}
		if err != nil || !found {
			return m.ID, err
		}
	}
	if !m.Monitored {
		m.Monitored = true
		if m, err = c.UpdateMovie(ctx, m); err != nil {
			return 0, err
		}
	}
	if !m.HasFile {
		if _, err := c.SearchMovies(ctx, m.ID); err != nil {
			return m.ID, err
		}
	}
	return m.ID, nil
}

func (d *Delivery) sendSeries(ctx context.Context, ms service.MediaService, r domain.Request) (int, error) {
	info, err := d.meta.Series(ctx, r.TMDBID)
	if err != nil {
		return 0, fmt.Errorf("series details: %w", err)
	}
	if info.TVDBID == 0 {
		return 0, errors.New("the series has no TVDB id, which Sonarr needs")
	}
	c, err := d.sonarr(ms)
	if err != nil {
		return 0, err
	}
	s, found, err := c.FindByTVDB(ctx, info.TVDBID)
	if err != nil {
		return 0, err
	}
	if !found {
		lookup, ok, err := c.Lookup(ctx, info.TVDBID)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, errors.New("sonarr does not know this series")
		}
		tags, err := d.tags(ctx, ms, r, c.Tags, c.CreateTag)
		if err != nil {
			return 0, err
		}
		// Added with nothing monitored: the requested episodes are
		// monitored one by one below, so nobody gets more than they asked.
		opts := sonarr.AddOptions{QualityProfileID: ms.Arr.QualityProfileID,
			LanguageProfileID: ms.Arr.LanguageProfileID, RootFolderPath: ms.Arr.RootFolder,
			SeriesType: ms.Arr.SeriesType, SeasonFolder: ms.Arr.SeasonFolders, Tags: tags, Monitor: "none"}
		if info.Anime {
			opts.SeriesType = "anime"
			opts.QualityProfileID = cmp.Or(ms.Arr.AnimeQualityProfileID, opts.QualityProfileID)
			opts.RootFolderPath = cmp.Or(ms.Arr.AnimeRootFolder, opts.RootFolderPath)
		}
		s, err = c.AddSeries(ctx, lookup, opts)
		if errors.Is(err, sonarr.ErrAlreadyExists) {
			s, found, err = c.FindByTVDB(ctx, info.TVDBID)
			if err == nil && !found {
				err = errors.New("sonarr says the series exists but does not list it")
			}
		}
		if err != nil {
			return 0, err
		}
	}
	if !s.Monitored {
		s.Monitored = true
		if s, err = c.UpdateSeries(ctx, s); err != nil {
			return 0, err
		}
	}
	eps, err := c.Episodes(ctx, s.ID)
	if err != nil {
		return s.ID, err
	}
	want := map[[2]int]bool{}
	for _, it := range r.Items {
		want[[2]int{it.Season, it.Episode}] = true
	}
	var ids []int
	for _, e := range eps {
		if want[[2]int{e.SeasonNumber, e.EpisodeNumber}] {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) == 0 {
		// Sonarr fills a new series' episodes a moment after the add; the
		// job retries, and finds the series added.
		return s.ID, errors.New("sonarr has not listed the requested episodes yet")
	}
	if err := c.MonitorEpisodes(ctx, ids, true); err != nil {
		return s.ID, err
	}
	_, err = c.SearchEpisodes(ctx, ids...)
	return s.ID, err
}

// tags are the service's own plus, when set, one naming the requester.
func (d *Delivery) tags(ctx context.Context, ms service.MediaService, r domain.Request,
	list func(context.Context) ([]radarr.Tag, error), create func(context.Context, string) (radarr.Tag, error)) ([]int, error) {
	tags := append([]int(nil), ms.Arr.Tags...)
	if !ms.Arr.TagRequester {
		return tags, nil
	}
	label := "lemedia-user-" + strconv.FormatInt(r.UserID, 10)
	have, err := list(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range have {
		if t.Label == label {
			return append(tags, t.ID), nil
		}
	}
	t, err := create(ctx, label)
	if err != nil {
		return nil, err
	}
	return append(tags, t.ID), nil
}
