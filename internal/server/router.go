package server

import (
	"net/http"
	"strconv"
)

// Router is the one ServeMux of the process. Every route it registers reads
// its body through http.MaxBytesReader, and unknown paths and methods get the
// same headers and error pages as everything else.
type Router struct {
	mux       *http.ServeMux
	bodyLimit int64
	errors    func(w http.ResponseWriter, r *http.Request, status int, detail string)
}

// RouteOption adjusts one route.
type RouteOption func(*route)

type route struct{ bodyLimit int64 }

// BodyLimit gives one route a body limit other than the default.
func BodyLimit(n int64) RouteOption { return func(r *route) { r.bodyLimit = n } }

// Handle registers h for a ServeMux pattern such as "GET /requests/{id}".
func (rt *Router) Handle(pattern string, h http.Handler, opts ...RouteOption) {
	o := route{bodyLimit: rt.bodyLimit}
	for _, opt := range opts {
		opt(&o)
	}
	rt.mux.Handle(pattern, rt.limitBody(o.bodyLimit, h))
}

// HandleFunc registers a handler function (huma's adapter uses this too).
func (rt *Router) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	rt.Handle(pattern, http.HandlerFunc(h))
}

// limitBody refuses a declared oversized body at once and cuts an undeclared
// (chunked) one where it crosses the limit, so the handler's read fails.
func (rt *Router) limitBody(limit int64, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			w.Header().Set("Connection", "close")
			rt.errors(w, r, http.StatusRequestEntityTooLarge, "request body larger than "+strconv.FormatInt(limit, 10)+" bytes")
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		h.ServeHTTP(w, r)
	})
}

func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pattern := rt.mux.Handler(r); pattern == "" {
		rt.unrouted(w, r)
		return
	}
	rt.mux.ServeHTTP(w, r)
}

// unrouted answers what the mux has no route for: 404, or 405 with Allow.
// The mux is asked which of the two it is; the answer is ours.
func (rt *Router) unrouted(w http.ResponseWriter, r *http.Request) {
	rec := &probeWriter{header: http.Header{}}
	rt.mux.ServeHTTP(rec, r)
	switch rec.code {
	case http.StatusMethodNotAllowed:
		w.Header().Set("Allow", rec.header.Get("Allow"))
		rt.errors(w, r, http.StatusMethodNotAllowed, "")
	case http.StatusMovedPermanently, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		// The mux cleans paths (//a/../b) by redirecting; keep that.
		w.Header().Set("Location", rec.header.Get("Location"))
		w.WriteHeader(rec.code)
	default:
		rt.errors(w, r, http.StatusNotFound, "")
	}
}

// probeWriter records what the mux would have answered, and discards it.
type probeWriter struct {
	header http.Header
	code   int
}

func (p *probeWriter) Header() http.Header         { return p.header }
func (p *probeWriter) Write(b []byte) (int, error) { return len(b), nil }
func (p *probeWriter) WriteHeader(code int)        { p.code = code }
