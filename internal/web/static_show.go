package web

import "net/http"

func (p *Pages) staticShow(w http.ResponseWriter, r *http.Request) {
	p.assets.serve(w, r, func(w http.ResponseWriter, r *http.Request) {
		p.RenderError(w, r, http.StatusNotFound, "")
	})
}
