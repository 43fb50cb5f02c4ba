package fake

import "github.com/lemedia/lemedia/internal/catalog"

// The types below copy TMDB's response shapes field for field (names,
// order, nulls) for the parts of a response the catalogue can fill.

type movieResult struct {
	Adult            bool    `json:"adult"`
	BackdropPath     string  `json:"backdrop_path"`
	GenreIDs         []int   `json:"genre_ids"`
	ID               int64   `json:"id"`
	MediaType        string  `json:"media_type,omitempty"`
	OriginalLanguage string  `json:"original_language"`
	OriginalTitle    string  `json:"original_title"`
	Overview         string  `json:"overview"`
	Popularity       float64 `json:"popularity"`
	PosterPath       string  `json:"poster_path"`
	ReleaseDate      string  `json:"release_date"`
	Title            string  `json:"title"`
	Video            bool    `json:"video"`
	VoteAverage      float64 `json:"vote_average"`
	VoteCount        int     `json:"vote_count"`
}

type tvResult struct {
	Adult            bool     `json:"adult"`
	BackdropPath     string   `json:"backdrop_path"`
	GenreIDs         []int    `json:"genre_ids"`
	ID               int64    `json:"id"`
	MediaType        string   `json:"media_type,omitempty"`
	OriginCountry    []string `json:"origin_country"`
	OriginalLanguage string   `json:"original_language"`
	OriginalName     string   `json:"original_name"`
	Overview         string   `json:"overview"`
	Popularity       float64  `json:"popularity"`
	PosterPath       string   `json:"poster_path"`
	FirstAirDate     string   `json:"first_air_date"`
	Name             string   `json:"name"`
	VoteAverage      float64  `json:"vote_average"`
	VoteCount        int      `json:"vote_count"`
}

func movieItem(f *catalog.Film, withType bool) movieResult {
	m := movieResult{
		BackdropPath: f.BackdropPath(), GenreIDs: f.GenreIDs, ID: f.ID,
		OriginalLanguage: f.OriginalLanguage, OriginalTitle: f.OriginalTitle, Overview: f.Overview,
		Popularity: f.Popularity, PosterPath: f.PosterPath(), ReleaseDate: f.ReleaseDate, Title: f.Title,
		VoteAverage: f.VoteAverage, VoteCount: f.VoteCount,
	}
	if withType {
		m.MediaType = "movie"
	}
	return m
}

func tvItem(s *catalog.Series, withType bool) tvResult {
	t := tvResult{
		BackdropPath: s.BackdropPath(), GenreIDs: s.GenreIDs, ID: s.ID, OriginCountry: s.OriginCountry,
		OriginalLanguage: s.OriginalLanguage, OriginalName: s.OriginalName, Overview: s.Overview,
		Popularity: s.Popularity, PosterPath: s.PosterPath(), FirstAirDate: s.FirstAirDate, Name: s.Name,
		VoteAverage: s.VoteAverage, VoteCount: s.VoteCount,
	}
	if withType {
		t.MediaType = "tv"
	}
	return t
}

func entryItem(e catalog.Entry, withType bool) any {
	if e.Film != nil {
		return movieItem(e.Film, withType)
	}
	return tvItem(e.Series, withType)
}

type genre = catalog.Genre

type country struct {
	ISO  string `json:"iso_3166_1"`
	Name string `json:"name"`
}

type language struct {
	EnglishName string `json:"english_name"`
	ISO         string `json:"iso_639_1"`
	Name        string `json:"name"`
}

var countries = map[string]string{
	"BR": "Brazil", "CA": "Canada", "DE": "Germany", "ES": "Spain", "FR": "France",
	"GB": "United Kingdom", "IE": "Ireland", "IN": "India", "IT": "Italy", "JP": "Japan",
	"KR": "South Korea", "NO": "Norway", "SE": "Sweden", "US": "United States of America",
}

var languages = map[string]language{
	"de": {"German", "de", "Deutsch"}, "en": {"English", "en", "English"},
	"es": {"Spanish", "es", "Español"}, "fr": {"French", "fr", "Français"},
	"hi": {"Hindi", "hi", "हिन्दी"}, "it": {"Italian", "it", "Italiano"},
	"ja": {"Japanese", "ja", "日本語"}, "ko": {"Korean", "ko", "한국어/조선말"},
	"no": {"Norwegian", "no", "Norsk"}, "pt": {"Portuguese", "pt", "Português"},
	"sv": {"Swedish", "sv", "svenska"},
}

func productionCountries(codes []string) []country {
	out := []country{}
	for _, c := range codes {
		out = append(out, country{c, countries[c]})
	}
	return out
}

func spokenLanguages(code string) []language {
	if l, ok := languages[code]; ok {
		return []language{l}
	}
	return []language{}
}

func genresOf(k catalog.Kind, ids []int) []genre {
	out := []genre{}
	for _, id := range ids {
		out = append(out, genre{ID: id, Name: catalog.GenreName(k, id)})
	}
	return out
}
