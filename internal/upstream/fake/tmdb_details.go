package fake

import (
	"fmt"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
)

type movieDetails struct {
	Adult               bool             `json:"adult"`
	BackdropPath        string           `json:"backdrop_path"`
	BelongsToCollection any              `json:"belongs_to_collection"`
	Budget              int              `json:"budget"`
	Genres              []genre          `json:"genres"`
	Homepage            string           `json:"homepage"`
	ID                  int64            `json:"id"`
	IMDbID              string           `json:"imdb_id"`
	OriginCountry       []string         `json:"origin_country"`
	OriginalLanguage    string           `json:"original_language"`
	OriginalTitle       string           `json:"original_title"`
	Overview            string           `json:"overview"`
	Popularity          float64          `json:"popularity"`
	PosterPath          string           `json:"poster_path"`
	ProductionCompanies []any            `json:"production_companies"`
	ProductionCountries []country        `json:"production_countries"`
	ReleaseDate         string           `json:"release_date"`
	Revenue             int              `json:"revenue"`
	Runtime             int              `json:"runtime"`
	SpokenLanguages     []language       `json:"spoken_languages"`
	Status              string           `json:"status"`
	Tagline             string           `json:"tagline"`
	Title               string           `json:"title"`
	Video               bool             `json:"video"`
	VoteAverage         float64          `json:"vote_average"`
	VoteCount           int              `json:"vote_count"`
	ExternalIDs         *movieExternalID `json:"external_ids,omitempty"`
}

func movieDetail(f *catalog.Film, today time.Time) movieDetails {
	return movieDetails{
		BackdropPath: f.BackdropPath(), Genres: genresOf(catalog.KindFilm, f.GenreIDs), ID: f.ID,
		IMDbID: f.IMDbID, OriginCountry: f.OriginCountry, OriginalLanguage: f.OriginalLanguage,
		OriginalTitle: f.OriginalTitle, Overview: f.Overview, Popularity: f.Popularity,
		PosterPath: f.PosterPath(), ProductionCompanies: []any{},
		ProductionCountries: productionCountries(f.OriginCountry), ReleaseDate: f.ReleaseDate,
		Runtime: f.Runtime, SpokenLanguages: spokenLanguages(f.OriginalLanguage),
		Status: f.StatusOn(today), Tagline: f.Tagline, Title: f.Title,
		VoteAverage: f.VoteAverage, VoteCount: f.VoteCount,
	}
}

type movieExternalID struct {
	ID          int64   `json:"id"`
	IMDbID      string  `json:"imdb_id"`
	WikidataID  *string `json:"wikidata_id"`
	FacebookID  *string `json:"facebook_id"`
	InstagramID *string `json:"instagram_id"`
	TwitterID   *string `json:"twitter_id"`
}

type tvExternalID struct {
	ID          int64   `json:"id"`
	IMDbID      string  `json:"imdb_id"`
	FreebaseMID *string `json:"freebase_mid"`
	FreebaseID  *string `json:"freebase_id"`
	TVDBID      int64   `json:"tvdb_id"`
	TVRageID    *int64  `json:"tvrage_id"`
	WikidataID  *string `json:"wikidata_id"`
	FacebookID  *string `json:"facebook_id"`
	InstagramID *string `json:"instagram_id"`
	TwitterID   *string `json:"twitter_id"`
}

type episodeJSON struct {
	AirDate        string  `json:"air_date"`
	EpisodeNumber  int     `json:"episode_number"`
	EpisodeType    string  `json:"episode_type"`
	ID             int64   `json:"id"`
	Name           string  `json:"name"`
	Overview       string  `json:"overview"`
	ProductionCode string  `json:"production_code"`
	Runtime        int     `json:"runtime"`
	SeasonNumber   int     `json:"season_number"`
	ShowID         int64   `json:"show_id"`
	StillPath      string  `json:"still_path"`
	VoteAverage    float64 `json:"vote_average"`
	VoteCount      int     `json:"vote_count"`
}

// seasonEpisode is an episode as listed in season details.
type seasonEpisode struct {
	episodeJSON
	Crew       []any `json:"crew"`
	GuestStars []any `json:"guest_stars"`
}

func episode(s *catalog.Series, e *catalog.Episode) episodeJSON {
	typ := "standard"
	if se, _ := s.Season(e.SeasonNumber); se != nil && e.EpisodeNumber == len(se.Episodes) {
		typ = "finale"
	}
	votes := 0
	if e.VoteAverage > 0 {
		votes = 5 + int(e.ID%97)
	}
	return episodeJSON{
		AirDate: e.AirDate, EpisodeNumber: e.EpisodeNumber, EpisodeType: typ, ID: e.ID, Name: e.Name,
		Overview: e.Overview, ProductionCode: fmt.Sprintf("%d%02d", e.SeasonNumber, e.EpisodeNumber),
		Runtime: e.Runtime, SeasonNumber: e.SeasonNumber, ShowID: s.ID, StillPath: e.StillPath(),
		VoteAverage: e.VoteAverage, VoteCount: votes,
	}
}

type seasonSummary struct {
	AirDate      string  `json:"air_date"`
	EpisodeCount int     `json:"episode_count"`
	ID           int64   `json:"id"`
	Name         string  `json:"name"`
	Overview     string  `json:"overview"`
	PosterPath   string  `json:"poster_path"`
	SeasonNumber int     `json:"season_number"`
	VoteAverage  float64 `json:"vote_average"`
}

func seasonVote(se *catalog.Season) float64 {
	sum, n := 0.0, 0
	for _, e := range se.Episodes {
		if e.VoteAverage > 0 {
			sum, n = sum+e.VoteAverage, n+1
		}
	}
	if n == 0 {
		return 0
	}
	return float64(int(sum/float64(n)*10+0.5)) / 10
}

type tvDetails struct {
	Adult               bool            `json:"adult"`
	BackdropPath        string          `json:"backdrop_path"`
	CreatedBy           []any           `json:"created_by"`
	EpisodeRunTime      []int           `json:"episode_run_time"`
	FirstAirDate        string          `json:"first_air_date"`
	Genres              []genre         `json:"genres"`
	Homepage            string          `json:"homepage"`
	ID                  int64           `json:"id"`
	InProduction        bool            `json:"in_production"`
	Languages           []string        `json:"languages"`
	LastAirDate         string          `json:"last_air_date"`
	LastEpisodeToAir    *episodeJSON    `json:"last_episode_to_air"`
	Name                string          `json:"name"`
	NextEpisodeToAir    *episodeJSON    `json:"next_episode_to_air"`
	Networks            []any           `json:"networks"`
	NumberOfEpisodes    int             `json:"number_of_episodes"`
	NumberOfSeasons     int             `json:"number_of_seasons"`
	OriginCountry       []string        `json:"origin_country"`
	OriginalLanguage    string          `json:"original_language"`
	OriginalName        string          `json:"original_name"`
	Overview            string          `json:"overview"`
	Popularity          float64         `json:"popularity"`
	PosterPath          string          `json:"poster_path"`
	ProductionCompanies []any           `json:"production_companies"`
	ProductionCountries []country       `json:"production_countries"`
	Seasons             []seasonSummary `json:"seasons"`
	SpokenLanguages     []language      `json:"spoken_languages"`
	Status              string          `json:"status"`
	Tagline             string          `json:"tagline"`
	Type                string          `json:"type"`
	VoteAverage         float64         `json:"vote_average"`
	VoteCount           int             `json:"vote_count"`
	ExternalIDs         *tvExternalID   `json:"external_ids,omitempty"`
}

func seriesDetail(s *catalog.Series, today time.Time) tvDetails {
	d := tvDetails{
		BackdropPath: s.BackdropPath(), CreatedBy: []any{}, EpisodeRunTime: s.EpisodeRunTime,
		FirstAirDate: s.FirstAirDate, Genres: genresOf(catalog.KindSeries, s.GenreIDs), ID: s.ID,
		InProduction: s.InProduction(), Languages: []string{s.OriginalLanguage}, Name: s.Name,
		Networks: []any{}, NumberOfEpisodes: s.NumberOfEpisodes(), NumberOfSeasons: s.NumberOfSeasons(),
		OriginCountry: s.OriginCountry, OriginalLanguage: s.OriginalLanguage, OriginalName: s.OriginalName,
		Overview: s.Overview, Popularity: s.Popularity, PosterPath: s.PosterPath(),
		ProductionCompanies: []any{}, ProductionCountries: productionCountries(s.OriginCountry),
		SpokenLanguages: spokenLanguages(s.OriginalLanguage), Status: s.Status, Tagline: s.Tagline,
		Type: "Scripted", VoteAverage: s.VoteAverage, VoteCount: s.VoteCount,
	}
	if len(s.GenreIDs) > 0 && s.GenreIDs[0] == 99 {
		d.Type = "Documentary"
	}
	if e := s.LastEpisodeOn(today); e != nil {
		ej := episode(s, e)
		d.LastEpisodeToAir, d.LastAirDate = &ej, e.AirDate
	}
	if e := s.NextEpisodeOn(today); e != nil {
		ej := episode(s, e)
		d.NextEpisodeToAir = &ej
	}
	for i := range s.Seasons {
		se := &s.Seasons[i]
		d.Seasons = append(d.Seasons, seasonSummary{
			AirDate: se.AirDate, EpisodeCount: len(se.Episodes), ID: se.ID, Name: se.Name,
			Overview: se.Overview, PosterPath: se.PosterPath(), SeasonNumber: se.SeasonNumber,
			VoteAverage: seasonVote(se),
		})
	}
	return d
}

type seasonDetails struct {
	MongoID      string          `json:"_id"`
	AirDate      string          `json:"air_date"`
	Episodes     []seasonEpisode `json:"episodes"`
	Name         string          `json:"name"`
	Overview     string          `json:"overview"`
	ID           int64           `json:"id"`
	PosterPath   string          `json:"poster_path"`
	SeasonNumber int             `json:"season_number"`
	VoteAverage  float64         `json:"vote_average"`
}

func seasonDetail(s *catalog.Series, se *catalog.Season) seasonDetails {
	d := seasonDetails{
		MongoID: fmt.Sprintf("%024x", se.ID), AirDate: se.AirDate, Episodes: []seasonEpisode{},
		Name: se.Name, Overview: se.Overview, ID: se.ID, PosterPath: se.PosterPath(),
		SeasonNumber: se.SeasonNumber, VoteAverage: seasonVote(se),
	}
	for i := range se.Episodes {
		d.Episodes = append(d.Episodes, seasonEpisode{episode(s, &se.Episodes[i]), []any{}, []any{}})
	}
	return d
}
