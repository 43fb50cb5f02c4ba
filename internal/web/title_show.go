package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/lemedia/lemedia/internal/browse"
	"github.com/lemedia/lemedia/internal/domain"
)

type movieView struct {
	browse.Movie
	Builtin  bool
	Behalf   *behalf // staff's "request on behalf of" picker; nil for others
	Status4K browse.Status4K
}

type seriesView struct {
	browse.Series
	Builtin  bool
	Behalf   *behalf
	Status4K browse.Status4K
}

// titleID reads the {id} of a title page; false answers 404.
func (p *Pages) titleID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 || p.browse == nil {
		p.RenderError(w, r, http.StatusNotFound, "")
		return 0, false
	}
	return id, true
}

// browseFail answers a catalogue error: an unknown title is a 404.
func (p *Pages) browseFail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, browse.ErrNotFound) {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	p.fail(w, r, err)
}

// movieShow is GET /movie/{id}: a film, its status and the request form.
func (p *Pages) movieShow(w http.ResponseWriter, r *http.Request) {
	id, ok := p.titleID(w, r)
	if !ok {
		return
	}
	m, err := p.browse.Movie(r.Context(), id)
	if err != nil {
		p.browseFail(w, r, err)
		return
	}
	b, err := p.behalfOf(r)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	s4k, err := p.browse.TitleStatus4K(r.Context(), domain.Movie, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "movie", m.Title, movieView{Movie: m, Builtin: p.browse.Builtin, Behalf: b, Status4K: s4k})
}

// seriesShow is GET /tv/{id}: a series with its seasons and episodes, each
// with its status, and the form to request some or all of them.
func (p *Pages) seriesShow(w http.ResponseWriter, r *http.Request) {
	id, ok := p.titleID(w, r)
	if !ok {
		return
	}
	s, err := p.browse.Series(r.Context(), id)
	if err != nil {
		p.browseFail(w, r, err)
		return
	}
	b, err := p.behalfOf(r)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	s4k, err := p.browse.TitleStatus4K(r.Context(), domain.TV, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "series", s.Title, seriesView{Series: s, Builtin: p.browse.Builtin, Behalf: b, Status4K: s4k})
}
