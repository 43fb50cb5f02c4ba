package tmdb

// MediaType is TMDB's name for a kind of result.
type MediaType string

const (
	Movie  MediaType = "movie"
	TV     MediaType = "tv"
	Person MediaType = "person"
)

// Result is one entry of a list or search: a film, a series or, in a multi
// search, a person. Dates are "YYYY-MM-DD" or empty; image paths go after an
// image size on TMDB's image host ("/t/p/w500" + PosterPath).
type Result struct {
	MediaType        MediaType
	ID               int64
	Title            string // a film's title, a series' or a person's name
	OriginalTitle    string
	OriginalLanguage string
	Overview         string
	PosterPath       string // a person's profile picture
	BackdropPath     string
	Date             string // release date of a film, first air date of a series
	GenreIDs         []int
	Popularity       float64
	VoteAverage      float64
	VoteCount        int
}

// rawResult has the union of the fields TMDB uses for films, series and people.
type rawResult struct {
	MediaType        MediaType `json:"media_type"`
	ID               int64     `json:"id"`
	Title            string    `json:"title"`
	Name             string    `json:"name"`
	OriginalTitle    string    `json:"original_title"`
	OriginalName     string    `json:"original_name"`
	OriginalLanguage string    `json:"original_language"`
	Overview         string    `json:"overview"`
	PosterPath       string    `json:"poster_path"`
	ProfilePath      string    `json:"profile_path"`
	BackdropPath     string    `json:"backdrop_path"`
	ReleaseDate      string    `json:"release_date"`
	FirstAirDate     string    `json:"first_air_date"`
	GenreIDs         []int     `json:"genre_ids"`
	Popularity       float64   `json:"popularity"`
	VoteAverage      float64   `json:"vote_average"`
	VoteCount        int       `json:"vote_count"`
}

func (r rawResult) result(kind MediaType) Result {
	if r.MediaType != "" {
		kind = r.MediaType
	}
	return Result{
		MediaType: kind, ID: r.ID,
		Title:         orDefault(r.Title, r.Name),
		OriginalTitle: orDefault(r.OriginalTitle, r.OriginalName), OriginalLanguage: r.OriginalLanguage,
		Overview: r.Overview, PosterPath: orDefault(r.PosterPath, r.ProfilePath), BackdropPath: r.BackdropPath,
		Date: orDefault(r.ReleaseDate, r.FirstAirDate), GenreIDs: r.GenreIDs,
		Popularity: r.Popularity, VoteAverage: r.VoteAverage, VoteCount: r.VoteCount,
	}
}

// Page is one page (of up to 20) of results.
type Page struct {
	Page, TotalPages, TotalResults int
	Results                        []Result
}

// DatedPage is a page of now playing or upcoming films with the release
// window TMDB used.
type DatedPage struct {
	Page
	From, To string
}

type rawPage struct {
	Page         int         `json:"page"`
	TotalPages   int         `json:"total_pages"`
	TotalResults int         `json:"total_results"`
	Results      []rawResult `json:"results"`
	Dates        struct {
		Minimum string `json:"minimum"`
		Maximum string `json:"maximum"`
	} `json:"dates"`
}

func (p rawPage) page(kind MediaType) Page {
	out := Page{Page: p.Page, TotalPages: p.TotalPages, TotalResults: p.TotalResults, Results: make([]Result, 0, len(p.Results))}
	for _, r := range p.Results {
		out.Results = append(out.Results, r.result(kind))
	}
	return out
}

// Genre is a TMDB genre.
type Genre struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// ExternalIDs are a title's ids elsewhere; TVDBID is for series only.
type ExternalIDs struct {
	IMDbID string `json:"imdb_id"`
	TVDBID int64  `json:"tvdb_id"`
}

// MovieDetails is a film.
type MovieDetails struct {
	ID               int64   `json:"id"`
	IMDbID           string  `json:"imdb_id"`
	Title            string  `json:"title"`
	OriginalTitle    string  `json:"original_title"`
	OriginalLanguage string  `json:"original_language"`
	Overview         string  `json:"overview"`
	Tagline          string  `json:"tagline"`
	Status           string  `json:"status"`
	ReleaseDate      string  `json:"release_date"`
	Runtime          int     `json:"runtime"` // minutes
	PosterPath       string  `json:"poster_path"`
	BackdropPath     string  `json:"backdrop_path"`
	Genres           []Genre `json:"genres"`
	Popularity       float64 `json:"popularity"`
	VoteAverage      float64 `json:"vote_average"`
	VoteCount        int     `json:"vote_count"`
}

// SeriesDetails is a series with a summary of each season.
type SeriesDetails struct {
	ID               int64           `json:"id"`
	Name             string          `json:"name"`
	OriginalName     string          `json:"original_name"`
	OriginalLanguage string          `json:"original_language"`
	Overview         string          `json:"overview"`
	Tagline          string          `json:"tagline"`
	Status           string          `json:"status"` // Returning Series, Ended, Canceled, …
	Type             string          `json:"type"`
	FirstAirDate     string          `json:"first_air_date"`
	LastAirDate      string          `json:"last_air_date"`
	InProduction     bool            `json:"in_production"`
	NumberOfSeasons  int             `json:"number_of_seasons"`
	NumberOfEpisodes int             `json:"number_of_episodes"`
	EpisodeRunTime   []int           `json:"episode_run_time"`
	PosterPath       string          `json:"poster_path"`
	BackdropPath     string          `json:"backdrop_path"`
	Genres           []Genre         `json:"genres"`
	Popularity       float64         `json:"popularity"`
	VoteAverage      float64         `json:"vote_average"`
	VoteCount        int             `json:"vote_count"`
	Seasons          []SeasonSummary `json:"seasons"`
	LastEpisodeToAir *Episode        `json:"last_episode_to_air"`
	NextEpisodeToAir *Episode        `json:"next_episode_to_air"`
	ExternalIDs      ExternalIDs     `json:"external_ids"`
}

// SeasonSummary is a season as listed in a series.
type SeasonSummary struct {
	ID           int64  `json:"id"`
	SeasonNumber int    `json:"season_number"`
	Name         string `json:"name"`
	Overview     string `json:"overview"`
	AirDate      string `json:"air_date"`
	EpisodeCount int    `json:"episode_count"`
	PosterPath   string `json:"poster_path"`
}

// Season is a season with its episodes.
type Season struct {
	ID           int64     `json:"id"`
	SeasonNumber int       `json:"season_number"`
	Name         string    `json:"name"`
	Overview     string    `json:"overview"`
	AirDate      string    `json:"air_date"`
	PosterPath   string    `json:"poster_path"`
	Episodes     []Episode `json:"episodes"`
}

// Episode is one episode.
type Episode struct {
	ID            int64   `json:"id"`
	SeasonNumber  int     `json:"season_number"`
	EpisodeNumber int     `json:"episode_number"`
	Name          string  `json:"name"`
	Overview      string  `json:"overview"`
	AirDate       string  `json:"air_date"`
	Runtime       int     `json:"runtime"`
	StillPath     string  `json:"still_path"`
	VoteAverage   float64 `json:"vote_average"`
}
