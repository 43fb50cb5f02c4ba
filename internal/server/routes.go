package server

import "net/http"

// RegisterCore adds the routes the server itself owns.
func (s *Server) RegisterCore(h *Health) {
	rt := s.router
	rt.Handle("GET /healthz", http.HandlerFunc(healthzHandler))
	rt.Handle("GET /readyz", http.HandlerFunc(h.readyzHandler))
	rt.Handle("GET /.well-known/security.txt", http.HandlerFunc(s.securityTxt))
	rt.Handle("POST /csp-report", http.HandlerFunc(s.cspReportHandler))
}
