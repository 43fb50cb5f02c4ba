package main

import (
	"context"
	"net/http"
)

// Endpoint is one row of the load table. To measure another route, add a
// line to endpoints; the harness probes it once, then loads it.
type Endpoint struct {
	Name     string            // short name, shown in the table and matched by -endpoints
	Method   string            // GET, POST, …
	Path     string            // path and query, on 127.0.0.1 only
	Header   map[string]string // extra request headers (optional)
	Body     []byte            // request body (optional); sent with Content-Length
	Status   int               // the status expected; anything else counts as an error
	Baseline bool              // also load the trivial baseline server with it
	Optional bool              // measured only when named in -endpoints
	// ClientIPs spreads the requests over this many client addresses, sent
	// as X-Forwarded-For (the server trusts 127.0.0.1 as its proxy), so that
	// per-IP rate limits see many clients, as behind a real proxy. The
	// addresses are header text from 198.18.0.0/15, the range RFC 2544
	// reserves for benchmarks; nothing is ever sent to them.
	ClientIPs int
}

// endpoints is the load table, in the order the endpoints are measured.
var endpoints = []Endpoint{
	{Name: "health", Method: http.MethodGet, Path: "/api/v1/health", Status: http.StatusOK, Baseline: true},
	// On a fresh install every page sends the visitor to /setup; once a seed
	// completes the setup, this row expects 200 and measures the home page.
	{Name: "home", Method: http.MethodGet, Path: "/", Status: http.StatusSeeOther, ClientIPs: pageClients},
	// A whole HTML page: template, CSP nonce, CSRF token, access log line.
	{Name: "setup", Method: http.MethodGet, Path: "/setup", Status: http.StatusOK, ClientIPs: pageClients},
	// For finding where the time of health goes: the same middleware without
	// the database and huma (healthz), and with the database but without huma (readyz).
	{Name: "healthz", Method: http.MethodGet, Path: "/healthz", Status: http.StatusOK, Baseline: true, Optional: true},
	{Name: "readyz", Method: http.MethodGet, Path: "/readyz", Status: http.StatusOK, Optional: true},
}

// pageClients keeps every address well inside the anonymous page budget
// (a burst of 100, then 300 a minute) at any rate this machine can reach.
const pageClients = 8192

// Seed prepares a data set on a healthy server before the load: users,
// requests, a library. It may call the API, or run the binary with
// t.Env() (the same DATA_DIR and DATABASE_URL), and may set t.Header
// (a session cookie, an X-Api-Key) for the endpoints that need it.
type Seed struct {
	Name string
	Run  func(ctx context.Context, t *Target) error
}

// seeds run in order after the idle RSS is read and before the first load.
var seeds = []Seed{}
