package catalog

// Genre is a TMDB genre: the ids and names are TMDB's own.
type Genre struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

var movieGenres = []Genre{
	{28, "Action"}, {12, "Adventure"}, {16, "Animation"}, {35, "Comedy"}, {80, "Crime"},
	{99, "Documentary"}, {18, "Drama"}, {10751, "Family"}, {14, "Fantasy"}, {36, "History"},
	{27, "Horror"}, {10402, "Music"}, {9648, "Mystery"}, {10749, "Romance"},
	{878, "Science Fiction"}, {10770, "TV Movie"}, {53, "Thriller"}, {10752, "War"}, {37, "Western"},
}

var tvGenres = []Genre{
	{10759, "Action & Adventure"}, {16, "Animation"}, {35, "Comedy"}, {80, "Crime"},
	{99, "Documentary"}, {18, "Drama"}, {10751, "Family"}, {10762, "Kids"}, {9648, "Mystery"},
	{10763, "News"}, {10764, "Reality"}, {10765, "Sci-Fi & Fantasy"}, {10766, "Soap"},
	{10767, "Talk"}, {10768, "War & Politics"}, {37, "Western"},
}

// Genres lists TMDB's genres for films (KindFilm) or series (KindSeries).
func Genres(k Kind) []Genre {
	if k == KindSeries {
		return tvGenres
	}
	return movieGenres
}

// GenreName names a genre id for a kind, or "" when TMDB has no such genre.
func GenreName(k Kind, id int) string {
	for _, g := range Genres(k) {
		if g.ID == id {
			return g.Name
		}
	}
	return ""
}
