package web

import (
	"net/http"

	"github.com/lemedia/lemedia/internal/server"
)

// Register adds every page route. This file is the sitemap of the UI.
func (p *Pages) Register(rt *server.Router) {
	rt.Handle("GET /{$}", http.HandlerFunc(p.homeShow))
	rt.Handle("GET /static/", http.HandlerFunc(p.staticShow))
}
