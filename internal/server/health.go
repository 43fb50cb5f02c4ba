package server

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/lemedia/lemedia/internal/httpio"
)

// Check is one dependency the process needs to serve.
type Check struct {
	Name string
	Run  func(ctx context.Context) error
}

// Health runs the readiness checks. The public answer is reused for a
// quarter of a second: a load balancer probing many times a second costs
// four database round trips, and an outage still shows within 250 ms.
type Health struct {
	checks []Check
	last   atomic.Pointer[verdict]
}

type verdict struct {
	ok bool
	at time.Time
}

const publicHealthTTL = 250 * time.Millisecond

// NewHealth returns a Health over checks.
func NewHealth(checks ...Check) *Health { return &Health{checks: checks} }

// Result is the outcome of one check.
type Result struct {
	Name    string        `json:"name"`
	OK      bool          `json:"ok"`
	Latency time.Duration `json:"latency_ns"`
	Error   string        `json:"error,omitempty"`
}

// Ready runs every check with a short deadline; ok only if all pass.
func (h *Health) Ready(ctx context.Context) (bool, []Result) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	ok := true
	results := make([]Result, len(h.checks))
	for i, c := range h.checks {
		start := time.Now()
		err := c.Run(ctx)
		results[i] = Result{Name: c.Name, OK: err == nil, Latency: time.Since(start)}
		if err != nil {
			ok = false
			results[i].Error = err.Error()
		}
	}
	return ok, results
}

// Status is the public health answer: nothing but ok or unavailable.
type Status struct {
	Status string `json:"status" enum:"ok,unavailable" doc:"ok when the service can serve requests"`
}

// PublicStatus maps readiness to the public answer and its HTTP status.
func (h *Health) PublicStatus(ctx context.Context) (int, Status) {
	v := h.last.Load()
	if v == nil || time.Since(v.at) > publicHealthTTL {
		ok, _ := h.Ready(ctx)
		v = &verdict{ok: ok, at: time.Now()}
		h.last.Store(v)
	}
	if v.ok {
		return http.StatusOK, Status{Status: "ok"}
	}
	return http.StatusServiceUnavailable, Status{Status: "unavailable"}
}

// liveness is fixed once the process serves: it answers while the process runs.
var alive = Status{Status: "ok"}

func healthzHandler(w http.ResponseWriter, _ *http.Request) {
	httpio.WriteJSON(w, http.StatusOK, alive)
}

func (h *Health) readyzHandler(w http.ResponseWriter, r *http.Request) {
	status, body := h.PublicStatus(r.Context())
	httpio.WriteJSON(w, status, body)
}

// MigrationsCheck caches a positive answer: a schema once current stays current
// for this binary, while a negative one is asked again on every probe.
func MigrationsCheck(current func(context.Context) (bool, error)) Check {
	var done atomic.Bool
	return Check{Name: "migrations", Run: func(ctx context.Context) error {
		if done.Load() {
			return nil
		}
		ok, err := current(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return errPending
		}
		done.Store(true)
		return nil
	}}
}

type healthError string

func (e healthError) Error() string { return string(e) }

const errPending = healthError("migrations pending")
