package main

import (
	"context"
	"net/http"
	"time"
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

	// Form, when set, is asked once on the running server before the probe
	// (as the first client address) for what the request needs, such as a
	// form's cookie and CSRF token; its header and body go with every request.
	Form Form
	// Owner rows run on a second fresh server that has an owner account
	// (see ownerSeeds), since once an owner exists / and /setup answer
	// differently.
	Owner bool
	// Conns, Requests and Warmup override -conns, -max-requests and -warmup
	// for this row (zero: the flag). Conns 1 is a sequential closed loop.
	Conns    int
	Requests uint64
	Warmup   time.Duration
	Check    func(*http.Response) error // more checks on the probe's answer (optional)
	Note     string                     // shown after the path in the report
	P50      [2]time.Duration           // target: the p50 must lie within [P50[0], P50[1]]; zero: none

	// Data rows run on a third fresh server that dataSeeds filled (an
	// owner, 200 users, 10 000 requests) and signed in. Sessions names the
	// set of sessions in Target.Sessions the row uses: each connection
	// takes its share of them and rotates over it, request by request,
	// each session from the address it signed in from (X-Forwarded-For).
	Data     bool
	Sessions string
	// Targets: requests/s by engine, p99 and peak RSS; zero: none. Target
	// names what the figure stands for in the target lines.
	MinRPS  map[string]float64
	MaxP99  time.Duration
	MaxPeak uint64
	Target  string

	sessions []Session // t.Sessions[Sessions], set by loadRow
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
	// A sign-in with the right password: argon2id, the rate limits, a new
	// session and its audit row. Sequential by design: its figure is what one
	// sign-in costs, 50–100 ms; concurrency is the burst's business. Every
	// sign-in comes from its own address (10 are allowed per address in 15
	// minutes) and reuses the one form cookie and CSRF token, as a browser
	// that signs in again from the same page may.
	{Name: "login", Method: http.MethodPost, Path: "/login", Status: http.StatusSeeOther, ClientIPs: loginClients,
		Form: signInForm, Check: signedIn, Owner: true, Conns: 1, Requests: 40, Warmup: 500 * time.Millisecond,
		Note: "sign-in, 1 connection: sequential by design", P50: [2]time.Duration{targetLoginLow, targetLoginHigh}},

	// The data set (see dataSeeds): 200 users with 10 000 requests, each
	// user signed in once, and the owner (staff) 32 times. The data server
	// runs with the per-user budget raised (dataEnv): the rows load every
	// session at full speed for the whole window, and every request is
	// still checked against its user's budget.
	//
	// The JSON API carries the targets: the request list, newest first and
	// filtered by status, a user's own and staff's everyone's; the counts.
	{Name: "api-requests", Method: http.MethodGet, Path: "/api/v1/request", Status: http.StatusOK, Data: true, Sessions: usersSessions,
		Note: "own list, 20 per page, newest first, 200 users", Target: "the request list",
		MinRPS: targetListRPS, MaxP99: targetListP99, MaxPeak: targetDataRSS},
	{Name: "api-requests-pending", Method: http.MethodGet, Path: "/api/v1/request?filter=pending", Status: http.StatusOK, Data: true,
		Sessions: usersSessions, Note: "own list filtered by status, 200 users", Target: "the request list, filtered",
		MinRPS: targetListRPS, MaxP99: targetListP99, MaxPeak: targetDataRSS},
	{Name: "api-requests-staff", Method: http.MethodGet, Path: "/api/v1/request", Status: http.StatusOK, Data: true, Sessions: ownerSessions,
		Note: "everyone's 10 000, the owner's 32 sessions", Target: "the request list, staff",
		MinRPS: targetListRPS, MaxP99: targetListP99, MaxPeak: targetDataRSS},
	{Name: "api-counts", Method: http.MethodGet, Path: "/api/v1/request/count", Status: http.StatusOK, Data: true, Sessions: usersSessions,
		Note: "own counts, 200 users", Target: "the counts summary", MinRPS: targetCountsRPS, MaxPeak: targetDataRSS},
	{Name: "api-counts-staff", Method: http.MethodGet, Path: "/api/v1/request/count", Status: http.StatusOK, Data: true, Sessions: ownerSessions,
		Note: "everyone's, the owner's 32 sessions", Target: "the counts summary, staff", MinRPS: targetCountsRPS, MaxPeak: targetDataRSS},
	// The same data as HTML pages, and the title pages and search.
	{Name: "requests", Method: http.MethodGet, Path: "/requests", Status: http.StatusOK, Data: true, Sessions: usersSessions,
		Note: "HTML: own list, 20 per page, 200 users"},
	{Name: "requests-pending", Method: http.MethodGet, Path: "/requests?status=pending", Status: http.StatusOK, Data: true,
		Sessions: usersSessions, Note: "HTML: own list, filtered, 200 users"},
	{Name: "admin-requests", Method: http.MethodGet, Path: "/admin/requests", Status: http.StatusOK, Data: true, Sessions: ownerSessions,
		Note: "HTML: staff queue, everyone's pending, the owner"},
	{Name: "movie", Method: http.MethodGet, Path: "/movie/9000001", Status: http.StatusOK, Data: true, Sessions: usersSessions,
		Note: "film page with availability, 200 users"},
	{Name: "tv", Method: http.MethodGet, Path: "/tv/9100001", Status: http.StatusOK, Data: true, Sessions: usersSessions,
		Note: "series page with availability, 200 users"},
	{Name: "search", Method: http.MethodGet, Path: "/search?q=lantern&partial=1", Status: http.StatusOK, Data: true, Sessions: usersSessions,
		Note: "200 users"},
}

// dataEnv is the data server's extra configuration: a per-user budget that
// 32 connections on one user (the staff rows) cannot spend. The default,
// 1 200 a minute after a burst of 300, would refuse most of a row; the
// check itself still runs on every request.
var dataEnv = []string{"USER_RATE_LIMIT=1000000", "USER_RATE_BURST=1000000"}

// pageClients keeps every address well inside the anonymous page budget
// (a burst of 100, then 300 a minute) at any rate this machine can reach.
const pageClients = 8192

// loginClients gives each sign-in of the login row its own address: the
// warm-up and the 40 measured ones use a few dozen.
const loginClients = 4096

// Burst is a scenario rather than a closed loop: Conns connections are
// opened first and each prepared as its own client (an address from the
// upper half of 198.18.0.0/15, its own Form), then, past a barrier, every
// connection sends its one request at the same instant. Reported: the count
// of each status, the time until all were answered, and the server's peak
// RSS over the burst.
type Burst struct {
	Name       string
	Method     string
	Path       string
	Form       Form  // prepares each connection's request; nil: none
	Conns      int   // requests sent at once, one per connection
	Accept     []int // the statuses that are a designed answer; any other is an error
	Owner      bool  // run on the server with an owner account, like Endpoint.Owner
	Note       string
	MaxPeakRSS uint64 // target: peak RSS over the burst below this; zero: none
}

// bursts run after the rows, on the same server.
var bursts = []Burst{
	// 500 browsers submitting the sign-in form at once. The server runs at
	// most NumCPU argon2id hashes at a time (32 MiB each) and answers 503
	// with Retry-After to a sign-in that waited 100 ms for a slot, so most
	// answers are 503, a few 303, and memory stays bounded.
	{Name: "login-burst", Method: http.MethodPost, Path: "/login", Form: signInForm, Conns: 500, Owner: true,
		Accept: []int{http.StatusSeeOther, http.StatusTooManyRequests, http.StatusServiceUnavailable},
		Note:   "500 sign-ins at once", MaxPeakRSS: targetBurstRSS},
}

// Form prepares a request that needs a page first: it may ask the running
// server, as the visitor at the client address given, and returns the
// headers and body to send.
type Form func(ctx context.Context, t *Target, client string) (header map[string]string, body []byte, err error)

// Seed prepares a data set for the load: users, requests, a library. Run
// goes on a healthy server; it may call the API, or run the binary with
// t.Env() (the same DATA_DIR and DATABASE_URL), and may set t.Header (a
// session cookie, an X-Api-Key) for the endpoints that need it. Before runs
// on the data dir and database before the server starts; only ownerSeeds
// use it, since the first server's starts are measured on empty data.
type Seed struct {
	Name   string
	Before func(ctx context.Context, t *Target) error
	Run    func(ctx context.Context, t *Target) error
}

// seeds run in order after the idle RSS is read and before the first load.
var seeds = []Seed{}

// ownerSeeds prepare the server of the Owner rows and bursts.
var ownerSeeds = []Seed{{Name: "owner account", Before: createOwner}}

// dataSeeds prepare the server of the Data rows: the owner and the seeded
// data set before the start, then the sign-ins.
var dataSeeds = []Seed{
	{Name: "owner account", Before: createOwner},
	{Name: "data set (lemedia seed)", Before: seedData},
	{Name: "sessions", Run: signInSessions},
}
