package web

import (
	"html/template"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lemedia/lemedia/internal/browse"
	"github.com/lemedia/lemedia/internal/service"
)

type discoverView struct {
	Rows    []browse.Row
	Builtin bool
}

// discoverShow is GET /: the discover rows when signed in, the landing
// page otherwise.
func (p *Pages) discoverShow(w http.ResponseWriter, r *http.Request) {
	pr, ok := principal(r)
	if !ok || pr.Session.Stage != service.StageFull || p.browse == nil {
		p.homeShow(w, r)
		return
	}
	rows, err := p.browse.Home(r.Context(), pr.User)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "discover", "Home", discoverView{Rows: rows, Builtin: p.browse.Builtin})
}

// posterURL is the signed image-proxy address of a poster or backdrop; ""
// when there is no image (the template then draws a placeholder).
func (p *Pages) posterURL(path, size string) string {
	if p.images == nil || path == "" {
		return ""
	}
	return p.images.URL(p.imageSource, path, size)
}

// browseFuncs are the template helpers of the catalogue pages.
func (p *Pages) browseFuncs() template.FuncMap {
	return template.FuncMap{
		"poster":   p.posterURL,
		"initials": initials,
		"shade":    func(id int64) int64 { return (id%6 + 6) % 6 },
	}
}

// initials are the first letters of a title's first two significant words,
// for the poster placeholder.
func initials(title string) string {
	words := strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	var pick []string
	for _, w := range words {
		switch strings.ToLower(w) {
		case "the", "a", "an", "and", "of", "le", "la", "les":
			continue
		}
		pick = append(pick, w)
	}
	if len(pick) == 0 {
		pick = words
	}
	var b strings.Builder
	for _, w := range pick[:min(len(pick), 2)] {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}
