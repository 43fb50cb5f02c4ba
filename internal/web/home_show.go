package web

import "net/http"

func (p *Pages) homeShow(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "home", "Home", nil)
}
