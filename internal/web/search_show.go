package web

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/lemedia/lemedia/internal/browse"
	"github.com/lemedia/lemedia/internal/httpio"
)

type searchView struct {
	browse.Results
	Builtin bool
}

// searchShow is GET /search?q=&page=: the results page, or with
// partial=1 only the results fragment, for search as you type.
func (p *Pages) searchShow(w http.ResponseWriter, r *http.Request) {
	if p.browse == nil {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	res, err := p.browse.Search(r.Context(), q.Get("q"), page)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v := searchView{Results: res, Builtin: p.browse.Builtin}
	if q.Get("partial") == "1" {
		p.renderFragment(w, r, "search", "results", v)
		return
	}
	title := "Search"
	if res.Query != "" {
		title = "Search: " + res.Query
	}
	p.render(w, r, http.StatusOK, "search", title, v)
}

// renderFragment executes one named template of a page without the
// layout, for a script to put into the page.
func (p *Pages) renderFragment(w http.ResponseWriter, r *http.Request, page, name string, data any) {
	t, ok := p.pages[page]
	if !ok {
		p.log.Error("render: no such page", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, view{Nonce: httpio.From(r.Context()).Nonce, Data: data}); err != nil {
		p.log.Error("render", "page", page, "fragment", name, "error", err, "request_id", requestID(r))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}
