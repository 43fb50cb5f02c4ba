// Package web renders LeMedia's HTML pages on the server: html/template with
// a strict CSP (every script carries the response's nonce, no inline style).
package web

import (
	"bytes"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"sync"

	"github.com/lemedia/lemedia/internal/httpio"
)

//go:embed templates
var templateFS embed.FS

// Pages renders every page.
type Pages struct {
	log    *slog.Logger
	assets *assets
	pages  map[string]*template.Template
}

// New parses the templates and hashes the static files once, at start.
func New(log *slog.Logger) (*Pages, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	p := &Pages{log: log, assets: a, pages: map[string]*template.Template{}}
	base, err := template.New("layout.html").Funcs(template.FuncMap{"asset": a.url}).
		ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"home", "error"} {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		p.pages[name] = t
	}
	return p, nil
}

// view is what every template sees.
type view struct {
	Title string
	Nonce string
	Data  any
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page.
func (p *Pages) render(w http.ResponseWriter, r *http.Request, status int, page, title string, data any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	v := view{Title: title, Nonce: httpio.From(r.Context()).Nonce, Data: data}
	if err := p.pages[page].ExecuteTemplate(buf, "layout.html", v); err != nil {
		p.log.Error("render", "page", page, "error", err, "request_id", httpio.From(r.Context()).ID)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

func requestID(r *http.Request) string { return httpio.From(r.Context()).ID }
