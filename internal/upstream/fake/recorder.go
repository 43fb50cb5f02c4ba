package fake

import (
	"net/http"
	"sync"
)

// Request is what a fake saw of one request.
type Request struct {
	Method        string
	URL           string // path and query, as sent
	Authorization string // the header, as sent
	APIKey        string // the X-Api-Key header, as sent
}

// Violation is a request that broke the service's contract.
type Violation struct {
	Method, URL string
	Reason      string
}

func (v Violation) String() string { return v.Method + " " + v.URL + ": " + v.Reason }

// recorder keeps the recent requests and violations of a fake (the oldest
// go first past keepLast, so a long-running simulator stays small) and counts
// them all.
type recorder struct {
	mu         sync.Mutex
	requests   []Request
	violations []Violation
	count      int
}

const keepLast = 1000

func (rec *recorder) request(r *http.Request) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.count++
	rec.requests = appendBounded(rec.requests, Request{r.Method, r.URL.RequestURI(), r.Header.Get("Authorization"), r.Header.Get("X-Api-Key")})
}

func (rec *recorder) violation(r *http.Request, reason string) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.violations = appendBounded(rec.violations, Violation{r.Method, r.URL.RequestURI(), reason})
}

func appendBounded[T any](s []T, v T) []T {
	if len(s) >= keepLast {
		s = append(s[:0:0], s[len(s)-keepLast+1:]...)
	}
	return append(s, v)
}

// Requests returns the API requests received (the most recent thousand).
func (rec *recorder) Requests() []Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Request(nil), rec.requests...)
}

// RequestCount counts every API request received.
func (rec *recorder) RequestCount() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.count
}

// Violations returns the requests that broke the contract (the most recent thousand).
func (rec *recorder) Violations() []Violation {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]Violation(nil), rec.violations...)
}

// Recorder is the request log for fakes outside this package: embed it, call
// Record for each API request and RecordViolation for each broken contract.
type Recorder struct{ recorder }

// Record notes one request.
func (rec *Recorder) Record(r *http.Request) { rec.request(r) }

// RecordViolation notes a request that broke the contract.
func (rec *Recorder) RecordViolation(r *http.Request, reason string) { rec.violation(r, reason) }
