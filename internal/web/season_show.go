package web

import (
	"net/http"
	"strconv"

	"github.com/lemedia/lemedia/internal/browse"
)

type seasonView struct {
	browse.SeasonPage
	Builtin bool
	Behalf  *behalf
}

// seasonShow is GET /tv/{id}/season/{n}: one season with each episode's
// details and status, and the series page's picker for its episodes.
func (p *Pages) seasonShow(w http.ResponseWriter, r *http.Request) {
	id, ok := p.titleID(w, r)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 || n > 1000 {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	sp, err := p.browse.SeasonPage(r.Context(), id, n)
	if err != nil {
		p.browseFail(w, r, err)
		return
	}
	b, err := p.behalfOf(r)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	title := sp.Season.Name
	if title == "" {
		title = "Season " + strconv.Itoa(n)
	}
	p.render(w, r, http.StatusOK, "season", title+" · "+sp.Series.Title, seasonView{SeasonPage: sp, Builtin: p.browse.Builtin, Behalf: b})
}
