package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// LoadOptions shape the load on one endpoint.
type LoadOptions struct {
	Conns       int
	Warmup      time.Duration // requests sent but not counted
	Duration    time.Duration // the measured window
	MaxRequests uint64        // a bound on measured requests, over all connections
	Client      string        // "raw" or "nethttp"
}

// Result is what one endpoint did under load.
type Result struct {
	Kind       string // "lemedia" or "baseline"
	Engine     string
	Endpoint   Endpoint
	RespBytes  int // body size of the probe response
	Conns      int // connections used
	Requests   uint64
	Errors     uint64
	FirstError string
	Elapsed    time.Duration
	Latency    Histogram
	PeakRSS    uint64
	PeakIsOwn  bool          // VmHWM was reset before this load, so the peak is this load's
	ServerCPU  time.Duration // server user+system time in the window
	ClientCPU  time.Duration // harness user+system time in the window
	Busy       float64       // share of all CPUs busy in the window (0..1)
	OtherCPU   time.Duration // busy CPU time neither process accounts for: other work, kernel softirq
}

// RPS is the completed requests per second in the measured window.
func (r *Result) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

const (
	phaseWarmup int32 = iota
	phaseMeasure
	phaseStop
)

// worker drives one connection: a request, its whole response, the next.
type worker struct {
	c        client
	limit    uint64
	hist     Histogram
	requests uint64
	errors   uint64
	firstErr string
}

func (w *worker) run(phase *atomic.Int32, expect int) {
	defer w.c.Close()
	for phase.Load() != phaseStop && w.requests < w.limit {
		t0 := time.Now()
		status, err := w.c.Do()
		d := time.Since(t0)
		if err != nil {
			time.Sleep(10 * time.Millisecond) // a server that went away must not be spun on
		}
		if phase.Load() != phaseMeasure {
			continue
		}
		w.requests++
		w.hist.Record(d)
		if err != nil || status != expect {
			w.errors++
			if w.firstErr == "" {
				if err != nil {
					w.firstErr = err.Error()
				} else {
					w.firstErr = fmt.Sprintf("status %d, want %d", status, expect)
				}
			}
		}
	}
}

// probe sends ep once and checks its status before the load, so a wrong
// table row fails at once with the answer in the message.
func probe(ctx context.Context, t *Target, ep Endpoint) (int, error) {
	var body io.Reader
	if ep.Body != nil {
		body = strings.NewReader(string(ep.Body))
	}
	req, err := http.NewRequestWithContext(ctx, ep.Method, t.BaseURL()+ep.Path, body)
	if err != nil {
		return 0, err
	}
	for _, k := range mergedHeaderKeys(ep.Header, t.Header) {
		v, ok := ep.Header[k]
		if !ok {
			v = t.Header[k]
		}
		req.Header.Set(k, v)
	}
	if ep.ClientIPs > 0 {
		req.Header.Set("X-Forwarded-For", clientAddr(0))
	}
	if len(ep.sessions) > 0 {
		for k, v := range ep.sessions[0].header() {
			req.Header.Set(k, v)
		}
	}
	resp, err := pollClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != ep.Status {
		snippet := string(b)
		if len(snippet) > 300 {
			snippet = snippet[:300] + "…"
		}
		return len(b), fmt.Errorf("%s %s answered %d, want %d: %s", ep.Method, ep.Path, resp.StatusCode, ep.Status, snippet)
	}
	if ep.Check != nil {
		if err := ep.Check(resp); err != nil {
			return len(b), fmt.Errorf("%s %s: %w", ep.Method, ep.Path, err)
		}
	}
	return len(b), nil
}

// options are o with the row's own connections, bound and warm-up.
func (ep Endpoint) options(o LoadOptions) LoadOptions {
	if ep.Conns > 0 {
		o.Conns = ep.Conns
	}
	if ep.Requests > 0 {
		o.MaxRequests = min(o.MaxRequests, ep.Requests)
	}
	if ep.Warmup > 0 {
		o.Warmup = ep.Warmup
	}
	o.MaxRequests = max(o.MaxRequests, uint64(o.Conns))
	return o
}

// runLoad loads ep on t with o.Conns keep-alive connections: o.Warmup
// uncounted, then o.Duration (or o.MaxRequests) counted; the row's own
// Conns, Requests and Warmup take precedence.
func runLoad(ctx context.Context, t *Target, ep Endpoint, o LoadOptions) (*Result, error) {
	o = ep.options(o)
	deadline := time.Now().Add(o.Warmup + o.Duration + 30*time.Second)
	limit := o.MaxRequests / uint64(o.Conns)
	if limit == 0 {
		limit = 1
	}
	workers := make([]*worker, o.Conns)
	all := ep.sessions
	for i := range workers {
		ep.sessions = connSessions(all, i, o.Conns)
		var c client
		switch o.Client {
		case "nethttp":
			sc, err := newStdClient(ep, t.BaseURL(), t.Header, i, deadline)
			if err != nil {
				return nil, err
			}
			c = sc
		default:
			c = newRawClient(t.Addr, ep, t.Header, i, deadline)
		}
		workers[i] = &worker{c: c, limit: limit}
	}
	var phase atomic.Int32
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() { w.run(&phase, ep.Status) })
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	stop := func() { phase.Store(phaseStop); <-done }

	select {
	case <-time.After(o.Warmup):
	case <-done:
	case <-ctx.Done():
		stop()
		return nil, ctx.Err()
	}
	ep.sessions = all
	res := &Result{Kind: t.Kind, Endpoint: ep, Conns: o.Conns}
	pid := t.Pid()
	res.PeakIsOwn = resetPeakRSS(pid)
	srv0, _ := processCPU(pid)
	self0 := selfCPU()
	busy0, total0 := machineCPU()
	phase.Store(phaseMeasure)
	t0 := time.Now()
	select {
	case <-time.After(o.Duration):
	case <-done:
	case <-ctx.Done():
		stop()
		return nil, ctx.Err()
	}
	phase.Store(phaseStop)
	res.Elapsed = time.Since(t0)
	srv1, err := processCPU(pid)
	if err != nil {
		stop()
		return nil, fmt.Errorf("%s is gone: %w%s", t.Kind, err, t.logTail())
	}
	res.ServerCPU = srv1 - srv0
	res.ClientCPU = selfCPU() - self0
	if busy1, total1 := machineCPU(); total1 > total0 {
		res.Busy = float64(busy1-busy0) / float64(total1-total0)
		res.OtherCPU = max(0, time.Duration(busy1-busy0)*clockTick-res.ServerCPU-res.ClientCPU)
	}
	mem, err := readMemory(pid)
	if err != nil {
		stop()
		return nil, err
	}
	res.PeakRSS = mem.HWM
	select {
	case <-done:
	case <-time.After(time.Until(deadline)):
		return nil, errors.New("requests still in flight at the deadline")
	}
	for _, w := range workers {
		res.Latency.Merge(&w.hist)
		res.Requests += w.requests
		res.Errors += w.errors
		if res.FirstError == "" {
			res.FirstError = w.firstErr
		}
	}
	return res, nil
}
