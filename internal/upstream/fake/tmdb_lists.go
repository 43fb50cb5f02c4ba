package fake

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
)

const perPage = 20

type page struct {
	Page         int   `json:"page"`
	Results      []any `json:"results"`
	TotalPages   int   `json:"total_pages"`
	TotalResults int   `json:"total_results"`
}

type dates struct {
	Maximum string `json:"maximum"`
	Minimum string `json:"minimum"`
}

type datedPage struct {
	Dates dates `json:"dates"`
	page
}

// paginate cuts one page of 20 from the entries, as TMDB does; a page past
// the end is empty, and pages run from 1 to 500.
func paginate(w http.ResponseWriter, r *http.Request, es []catalog.Entry, withType bool) (page, bool) {
	n := 1
	if v := r.URL.Query().Get("page"); v != "" {
		n, _ = strconv.Atoi(v) // the spec check has rejected non-integers
	}
	if n < 1 || n > 500 {
		writeError(w, http.StatusBadRequest, 22, "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.")
		return page{}, false
	}
	p := page{Page: n, Results: []any{}, TotalResults: len(es), TotalPages: (len(es) + perPage - 1) / perPage}
	for i := (n - 1) * perPage; i < len(es) && i < n*perPage; i++ {
		p.Results = append(p.Results, entryItem(es[i], withType))
	}
	return p, true
}

func (t *TMDB) writePage(w http.ResponseWriter, r *http.Request, es []catalog.Entry, withType bool) {
	if p, ok := paginate(w, r, es, withType); ok {
		writeJSON(w, http.StatusOK, p)
	}
}

func (t *TMDB) list(get func() []catalog.Entry) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { t.writePage(w, r, get(), false) }
}

// dated answers now playing and upcoming, which state their date window.
func (t *TMDB) dated(window func(time.Time) catalog.DateRange, get func(time.Time) []catalog.Entry) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		today := t.day()
		p, ok := paginate(w, r, get(today), false)
		if !ok {
			return
		}
		d := window(today)
		writeJSON(w, http.StatusOK, datedPage{Dates: dates{Maximum: d.To, Minimum: d.From}, page: p})
	}
}

func (t *TMDB) searchMulti(w http.ResponseWriter, r *http.Request) {
	t.writePage(w, r, t.cat.Search(r.URL.Query().Get("query"), catalog.KindAny), true)
}

func (t *TMDB) searchMovie(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	t.writePage(w, r, inYear(t.cat.Search(q.Get("query"), catalog.KindFilm), q.Get("primary_release_year"), q.Get("year")), false)
}

func (t *TMDB) searchTV(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	t.writePage(w, r, inYear(t.cat.Search(q.Get("query"), catalog.KindSeries), q.Get("first_air_date_year"), q.Get("year")), false)
}

// inYear keeps the entries dated in the first year given, if any.
func inYear(es []catalog.Entry, years ...string) []catalog.Entry {
	for _, y := range years {
		if y != "" {
			return slices.DeleteFunc(es, func(e catalog.Entry) bool { return !strings.HasPrefix(e.Date(), y+"-") })
		}
	}
	return es
}

func (t *TMDB) trending(k catalog.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		t.writePage(w, r, t.cat.Trending(k, t.day(), r.PathValue("time_window")), true)
	}
}

// discover maps TMDB's discover parameters onto a catalogue filter.
func (t *TMDB) discover(k catalog.Kind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f := catalog.Filter{Kind: k, Language: q.Get("with_original_language")}
		f.Genres, f.AnyGenre = genreList(q.Get("with_genres"))
		f.WithoutGenres, _ = genreList(q.Get("without_genres"))
		f.MinVoteAverage, _ = strconv.ParseFloat(q.Get("vote_average.gte"), 64)
		minVotes, _ := strconv.ParseFloat(q.Get("vote_count.gte"), 64)
		f.MinVoteCount = int(minVotes)
		date := "primary_release_date"
		if k == catalog.KindSeries {
			date = "first_air_date"
			f.Year, _ = strconv.Atoi(q.Get("first_air_date_year"))
		} else {
			f.Year, _ = strconv.Atoi(cmpOr(q.Get("primary_release_year"), q.Get("year")))
		}
		f.From, f.To = q.Get(date+".gte"), q.Get(date+".lte")
		sort := cmpOr(q.Get("sort_by"), "popularity.desc")
		field, dir, _ := strings.Cut(sort, ".")
		f.Ascending = dir == "asc"
		switch field {
		case "vote_average", "vote_count":
			f.SortBy = catalog.SortField(field)
		case "primary_release_date", "first_air_date":
			f.SortBy = catalog.SortDate
		case "title", "name":
			f.SortBy = catalog.SortTitle
		case "original_title", "original_name":
			f.SortBy = catalog.SortOriginalTitle
		default: // popularity; revenue is not in the catalogue
			f.SortBy = catalog.SortPopularity
		}
		t.writePage(w, r, t.cat.Discover(f), false)
	}
}

// genreList reads "28,12" (all of them) or "28|12" (any of them).
func genreList(s string) ([]int, bool) {
	if s == "" {
		return nil, false
	}
	anyOf := strings.Contains(s, "|")
	var out []int
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '|' }) {
		if id, err := strconv.Atoi(strings.TrimSpace(part)); err == nil {
			out = append(out, id)
		}
	}
	return out, anyOf
}

func cmpOr(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
