package server

import (
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/lemedia/lemedia/internal/httpio"
)

// handle is the outermost layer: it establishes who is asking, sets the
// security headers, recovers panics and writes the access log.
func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	peer := peerAddr(r)
	info := &httpio.Info{ClientIP: s.proxies.clientIP(r, peer), HTTPS: s.proxies.https(r, peer)}
	if id := r.Header.Get("X-Request-Id"); s.proxies.trusted(peer) && validRequestID(id) {
		info.ID = id
	} else {
		info.ID = randomText(12)
	}
	if !isAPIPath(r.URL.Path) {
		info.Nonce = randomText(18)
	}
	r = r.WithContext(httpio.WithInfo(r.Context(), info))
	h := w.Header()
	h.Set("X-Request-Id", info.ID)
	s.setSecurityHeaders(h, r.URL.Path, info.Nonce)

	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.Error("panic", "request_id", info.ID, "panic", p, "stack", string(debug.Stack()))
			if sw.status == 0 {
				s.writeError(sw, r, http.StatusInternalServerError, "")
			}
		}
		s.logRequest(r, info, sw, time.Since(start))
	}()
	s.crossOrigin.Handler(s.router).ServeHTTP(sw, r)
}

func (s *Server) logRequest(r *http.Request, info *httpio.Info, sw *statusWriter, d time.Duration) {
	level := slog.LevelInfo
	if isHealthPath(r.URL.Path) && sw.status < 500 {
		level = slog.LevelDebug // probes every few seconds would drown the log
	}
	if !s.log.Enabled(r.Context(), level) {
		return
	}
	s.log.LogAttrs(r.Context(), level, "http",
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path), // never the query: it may carry tokens
		slog.Int("status", sw.statusOr200()),
		slog.Int64("bytes", sw.bytes),
		slog.Float64("ms", float64(d.Microseconds())/1000),
		slog.String("ip", info.ClientIP.String()),
		slog.String("request_id", info.ID),
	)
}

func isHealthPath(p string) bool { return p == "/healthz" || p == "/readyz" || p == "/api/v1/health" }

func randomText(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) statusOr200() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// Unwrap lets http.ResponseController reach the connection (flush, deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
