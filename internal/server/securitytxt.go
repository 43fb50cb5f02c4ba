package server

import (
	"net/http"
	"strings"
	"time"
)

// securityTxt serves RFC 9116's file when a contact is configured; its
// Expires is always a year ahead of today, so it never goes stale.
func (s *Server) securityTxt(w http.ResponseWriter, r *http.Request) {
	if s.cfg.SecurityContact == "" {
		s.writeError(w, r, http.StatusNotFound, "")
		return
	}
	var b strings.Builder
	b.WriteString("Contact: " + s.cfg.SecurityContact + "\n")
	b.WriteString("Expires: " + s.now().UTC().Truncate(24*time.Hour).AddDate(1, 0, 0).Format(time.RFC3339) + "\n")
	b.WriteString("Preferred-Languages: en\n")
	if s.cfg.BaseURL != nil {
		b.WriteString("Canonical: " + s.cfg.BaseURL.String() + "/.well-known/security.txt\n")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write([]byte(b.String()))
}
