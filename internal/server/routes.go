package server

import "net/http"

// RegisterCore adds the routes the server itself owns. limit guards the one
// public route that writes something (the log): CSP reports.
func (s *Server) RegisterCore(h *Health, limit func(http.Handler) http.Handler) {
	rt := s.router
	rt.Handle("GET /healthz", http.HandlerFunc(healthzHandler))
	rt.Handle("GET /readyz", http.HandlerFunc(h.readyzHandler))
	rt.Handle("GET /.well-known/security.txt", http.HandlerFunc(s.securityTxt))
	rt.Handle("POST /csp-report", limit(http.HandlerFunc(s.cspReportHandler)))
}
