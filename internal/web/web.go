// Package web renders LeMedia's HTML pages on the server: html/template with
// a strict CSP (every script carries the response's nonce, no inline style).
package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/lemedia/lemedia/internal/browse"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/httpio"
	"github.com/lemedia/lemedia/internal/imageproxy"
	"github.com/lemedia/lemedia/internal/ratelimit"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/server"
	"github.com/lemedia/lemedia/internal/service"
)

//go:embed templates
var templateFS embed.FS

// Options are what the pages need from the rest of the program.
type Options struct {
	Log           *slog.Logger
	Service       *service.Service
	SessionSecret secret.Secret
	SessionMaxAge time.Duration
	SessionIdle   time.Duration
	Limiter       ratelimit.Store
	Policies      ratelimit.Policies
	Penalties     *ratelimit.Penalties
	InsecureNote  string         // shown to admins when cookies cannot work as deployed
	Health        *server.Health // readiness checks, shown in detail to admins
	Engine        string
	Images        *imageproxy.Proxy
	ImageSource   string // the image proxy source of posters: "tmdb" or "builtin"
	Browse        *browse.Browser
}

// Pages renders every page.
type Pages struct {
	log           *slog.Logger
	svc           *service.Service
	sessionSecret secret.Secret
	sessionMaxAge time.Duration
	sessionIdle   time.Duration
	limiter       ratelimit.Store
	policies      ratelimit.Policies
	penalties     *ratelimit.Penalties
	insecureNote  string
	health        *server.Health
	engine        string
	images        *imageproxy.Proxy
	imageSource   string
	browse        *browse.Browser
	assets        *assets
	pages         map[string]*template.Template
	routes        []Route
}

// New parses the templates and hashes the static files once, at start.
func New(o Options) (*Pages, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	p := &Pages{log: o.Log, svc: o.Service, sessionSecret: o.SessionSecret, sessionMaxAge: o.SessionMaxAge,
		sessionIdle: o.SessionIdle, limiter: o.Limiter, policies: o.Policies, penalties: o.Penalties,
		insecureNote: o.InsecureNote, images: o.Images, health: o.Health, engine: o.Engine, imageSource: o.ImageSource, browse: o.Browse, assets: a, pages: map[string]*template.Template{}}
	base, err := template.New("layout.html").Funcs(funcs(a)).Funcs(p.browseFuncs()).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	names, _ := fs.Glob(templateFS, "templates/*.html")
	for _, path := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(path, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, path)
		if err != nil {
			return nil, err
		}
		p.pages[name] = t
	}
	return p, nil
}

func funcs(a *assets) template.FuncMap {
	return template.FuncMap{
		"asset": a.url,
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format("2 Jan 2006 15:04 UTC")
		},
		"device":     service.DescribeDevice,
		"permNames":  func(p domain.Permission) []string { return p.Names() },
		"noticeText": func(kind string) string { return service.NoticeTitles[kind] },
		"input":      newInput,
		"pngDataURL": pngDataURL,
		"sentence":   sentence,
		"reportForm": func(csrf, typ string, id int64) reportForm { return reportForm{CSRF: csrf, Type: typ, ID: id} },
		"statusText": func(s domain.RequestStatus) string {
			return strings.ToUpper(string(s[:1])) + strings.ReplaceAll(string(s[1:]), "_", " ")
		},
	}
}

// input is one labelled form field with its value and error, for the
// "field" template: {{template "field" (input "email" "Email" "email" .Data.Form "email")}}.
type input struct {
	Name, Label, Type, Value, Error, Autocomplete string
	Required                                      bool
}

func newInput(name, label, typ string, f *form, autocomplete string) input {
	in := input{Name: name, Label: label, Type: typ, Autocomplete: autocomplete, Required: true}
	if f != nil {
		in.Error = sentence(f.Errors[name])
		if typ != "password" {
			in.Value = f.Get(name)
		}
	}
	return in
}

// view is what every template sees.
type view struct {
	Title       string
	Nonce       string
	CSRF        string
	User        *domain.User
	Unread      int
	IdleSeconds int // for the timeout warning; 0 when signed out
	Data        any
	// Maintenance shows the "requests are paused" banner on every page.
	Maintenance bool
	// Navigation counts: pending requests for staff, open issues for
	// issue managers; 0 for everyone else.
	PendingRequests int
	OpenIssues      int
	pages           *Pages        // for the page helpers in quota.go
	req             *http.Request // the request being rendered
}

// CanManageUsers and IsAdmin decide what the navigation shows.
func (v view) CanManageUsers() bool {
	return v.User != nil && v.User.Permissions.Has(domain.PermManageUsers)
}
func (v view) IsAdmin() bool { return v.User != nil && v.User.Permissions.Has(domain.PermAdmin) }

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 instead of half a page.
func (p *Pages) render(w http.ResponseWriter, r *http.Request, status int, page, title string, data any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	v := view{Title: title, Nonce: httpio.From(r.Context()).Nonce, Data: data, pages: p, req: r}
	if pr, ok := principal(r); ok {
		v.CSRF = pr.Session.CSRFToken
		if pr.Session.Stage == "full" {
			v.User = &pr.User
			v.Unread = p.svc.UnreadNotices(r.Context(), pr)
			v.IdleSeconds = int(p.sessionIdle.Seconds())
			if pr.User.Permissions.Has(domain.PermManageRequests) {
				v.PendingRequests = p.svc.PendingRequestCount(r.Context(), pr)
			}
			if pr.User.Permissions.Has(domain.PermManageIssues) {
				v.OpenIssues = p.svc.OpenIssueCount(r.Context(), pr)
			}
		}
	} else if p.svc != nil {
		v.CSRF = p.csrfToken(w, r)
	}
	if p.svc != nil {
		v.Maintenance = p.svc.Settings(r.Context()).Maintenance
	}
	t, ok := p.pages[page]
	if !ok {
		p.log.Error("render: no such page", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(buf, "layout.html", v); err != nil {
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

// pngDataURL lets a server-made PNG (the MFA QR code) through html/template,
// which otherwise refuses data: URLs; anything else stays refused.
func pngDataURL(s string) template.URL {
	if strings.HasPrefix(s, "data:image/png;base64,") && !strings.ContainsAny(s, "\"'<> ") {
		return template.URL(s)
	}
	return ""
}

// reportForm is what the "report-problem" partial needs.
type reportForm struct {
	CSRF, Type string
	ID         int64
}
