package server

import (
	"net/http"
	"strconv"
	"strings"
)

// Paths answered with JSON get the API header set and JSON errors.
func isAPIPath(path string) bool {
	return strings.HasPrefix(path, "/api/") || path == "/healthz" || path == "/readyz" || path == "/csp-report"
}

const apiCSP = "default-src 'none'; frame-ancestors 'none'"

// pageCSP allows only our own styles, images and connections, and scripts
// carrying this response's nonce (and what they load).
func pageCSP(nonce string, https bool) string {
	csp := "default-src 'none'; script-src 'nonce-" + nonce + "' 'strict-dynamic'; style-src 'self'; " +
		"img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; " +
		"frame-ancestors 'none'; base-uri 'none'; object-src 'none'; report-uri /csp-report"
	if https {
		csp += "; upgrade-insecure-requests"
	}
	return csp
}

const permissionsPolicy = "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), " +
	"magnetometer=(), microphone=(), midi=(), payment=(), usb=()"

// setSecurityHeaders sets the headers every response carries, before the
// handler runs, so errors, panics and the mux's own 404/405 have them too.
func (s *Server) setSecurityHeaders(h http.Header, path, nonce string) {
	if isAPIPath(path) {
		h.Set("Content-Security-Policy", apiCSP)
	} else {
		h.Set("Content-Security-Policy", pageCSP(nonce, s.cfg.HTTPS()))
	}
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("Permissions-Policy", permissionsPolicy)
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	if s.cfg.HTTPS() && s.cfg.HSTSMaxAge > 0 {
		h.Set("Strict-Transport-Security", "max-age="+strconv.FormatInt(int64(s.cfg.HSTSMaxAge.Seconds()), 10))
	}
}
