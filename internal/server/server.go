// Package server is LeMedia's HTTP front: the http.Server, the global
// middleware, the router, errors, health and security.txt.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/httpio"
)

// ErrorPages renders an HTML error page for browsers.
type ErrorPages interface {
	RenderError(w http.ResponseWriter, r *http.Request, status int, detail string)
}

// Server holds the process-wide HTTP state.
type Server struct {
	cfg         *config.Config
	log         *slog.Logger
	proxies     proxies
	router      *Router
	crossOrigin *http.CrossOriginProtection
	pages       ErrorPages
	now         func() time.Time
}

// New builds the server; routes are added through Router before Serve.
func New(cfg *config.Config, log *slog.Logger, pages ErrorPages, now func() time.Time) *Server {
	s := &Server{cfg: cfg, log: log, proxies: proxies(cfg.TrustedProxies), pages: pages, now: now}
	s.router = &Router{mux: http.NewServeMux(), bodyLimit: cfg.BodyLimit, errors: s.writeError}
	s.crossOrigin = http.NewCrossOriginProtection()
	if cfg.BaseURL != nil {
		_ = s.crossOrigin.AddTrustedOrigin(cfg.BaseURL.Scheme + "://" + cfg.BaseURL.Host)
	}
	s.crossOrigin.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("cross-origin request refused", "method", r.Method, "path", r.URL.Path,
			"origin", r.Header.Get("Origin"), "request_id", httpio.From(r.Context()).ID)
		s.writeError(w, r, http.StatusForbidden, "cross-origin request refused")
	}))
	return s
}

// Router is where the pages and the API register their routes.
func (s *Server) Router() *Router { return s.router }

// Handler is the complete handler, middleware included.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.handle) }

// writeError answers with JSON for API paths and clients that ask for JSON,
// and with the styled error page otherwise.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, status int, detail string) {
	if isAPIPath(r.URL.Path) || strings.Contains(r.Header.Get("Accept"), "application/json") || s.pages == nil {
		if detail == "" {
			detail = http.StatusText(status)
		}
		httpio.WriteProblem(w, r, status, detail)
		return
	}
	s.pages.RenderError(w, r, status, detail)
}

// Serve serves on ln until ctx ends, then stops accepting connections and
// waits up to grace for requests in flight.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	return err
}
