// Package metadata chooses where film and series data come from: TMDB when
// a token is configured, otherwise the built-in catalogue, served in-process
// through the same client (no network, no second code path).
package metadata

import (
	"context"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/upstream/fake"
	"github.com/lemedia/lemedia/internal/upstream/tmdb"
)

// BuiltinBase is the made-up address of the built-in catalogue.
const BuiltinBase = "http://builtin.lemedia.invalid"

// Source is the metadata client and, for the built-in catalogue, the
// handler that also serves its posters.
type Source struct {
	TMDB    *tmdb.Client
	Builtin http.Handler // nil when TMDB is real
}

// Options configure the source.
type Options struct {
	Token            secret.Secret // empty: the built-in catalogue
	BaseURL          string        // TMDB API base, e.g. https://api.themoviedb.org
	HTTPClient       *http.Client  // the guarded outbound client, for real TMDB
	Language, Region string
	CacheTTL         time.Duration
	Now              func() time.Time
}

// New builds the source.
func New(o Options) (*Source, error) {
	opts := tmdb.Options{BaseURL: o.BaseURL, Token: o.Token, HTTPClient: o.HTTPClient, Language: o.Language,
		Region: o.Region, CacheTTL: o.CacheTTL, Now: o.Now}
	s := &Source{}
	if o.Token.IsZero() {
		h, err := fake.NewTMDB(catalog.Default(), fake.TMDBOptions{Unchecked: true, Today: o.Now, Token: "builtin"})
		if err != nil {
			return nil, err
		}
		s.Builtin = h
		opts.BaseURL, opts.Token = BuiltinBase, secret.New("builtin")
		opts.HTTPClient = &http.Client{Transport: inProcess{h}}
		opts.RatePerSecond = 1e6 // nothing to protect
	}
	c, err := tmdb.New(opts)
	if err != nil {
		return nil, err
	}
	s.TMDB = c
	return s, nil
}

// inProcess answers requests with a handler, without a socket.
type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// Movie implements service.Metadata.
func (s *Source) Movie(ctx context.Context, id int64) (service.TitleInfo, error) {
	m, err := s.TMDB.Movie(ctx, id)
	if err != nil {
		return service.TitleInfo{}, err
	}
	return service.TitleInfo{Title: m.Title, PosterPath: m.PosterPath}, nil
}

// Series implements service.Metadata: every season but specials, with its episodes.
func (s *Source) Series(ctx context.Context, id int64) (service.TitleInfo, error) {
	d, err := s.TMDB.Series(ctx, id)
	if err != nil {
		return service.TitleInfo{}, err
	}
	info := service.TitleInfo{Title: d.Name, PosterPath: d.PosterPath, TVDBID: d.ExternalIDs.TVDBID,
		Anime: isAnime(d), Seasons: map[int][]int{}}
	for _, sum := range d.Seasons {
		if sum.SeasonNumber == 0 {
			continue
		}
		season, err := s.TMDB.Season(ctx, id, sum.SeasonNumber)
		if err != nil {
			return service.TitleInfo{}, err
		}
		for _, e := range season.Episodes {
			info.Seasons[sum.SeasonNumber] = append(info.Seasons[sum.SeasonNumber], e.EpisodeNumber)
		}
	}
	return info, nil
}

// animationGenre is TMDB's genre id for animation.
const animationGenre = 16

// isAnime: animation in Japanese, the usual test for Sonarr's anime type.
func isAnime(d tmdb.SeriesDetails) bool {
	if d.OriginalLanguage != "ja" {
		return false
	}
	for _, g := range d.Genres {
		if g.ID == animationGenre {
			return true
		}
	}
	return false
}
