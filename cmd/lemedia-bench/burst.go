package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"slices"
	"sync"
	"time"
)

// burstClients is the first address index of bursts: the upper half of
// 198.18.0.0/15 (198.19.0.0 on), so a burst shares no address with a row.
const burstClients = 1 << 16

// burstTimeout bounds a whole burst, from the first connection to the last answer.
const burstTimeout = time.Minute

// BurstResult is what one burst did.
type BurstResult struct {
	Kind       string
	Engine     string
	Burst      Burst
	Statuses   map[int]int // answers per status
	Errors     int         // transport errors: no complete answer
	FirstError string
	Prepare    time.Duration // preparing the forms and opening the connections
	Wall       time.Duration // from the barrier to the last answer
	Latency    Histogram     // from the barrier to each answer
	PeakRSS    uint64
	PeakIsOwn  bool          // VmHWM was reset just before the barrier
	ServerCPU  time.Duration // server user+system time from the barrier to the last answer
}

// Other is the number of answers with a status the burst does not accept.
func (r *BurstResult) Other() int {
	n := 0
	for status, c := range r.Statuses {
		if !slices.Contains(r.Burst.Accept, status) {
			n += c
		}
	}
	return n
}

// Failed reports whether any request got no answer or one not accepted.
func (r *BurstResult) Failed() bool { return r.Errors > 0 || r.Other() > 0 }

// runBurst prepares b.Conns requests (each its own client address and Form),
// opens a connection for each, then sends them all at once and waits for
// every answer.
func runBurst(ctx context.Context, t *Target, b Burst) (*BurstResult, error) {
	began := time.Now()
	reqs := make([][]byte, b.Conns)
	for i := range reqs {
		client := clientAddr(burstClients + i)
		ep := Endpoint{Method: b.Method, Path: b.Path}
		if b.Form != nil {
			var err error
			if ep.Header, ep.Body, err = b.Form(ctx, t, client); err != nil {
				return nil, fmt.Errorf("preparing request %d: %w", i+1, err)
			}
		}
		head, tail := buildRequest(ep, t.Addr, t.Header)
		reqs[i] = append(append(head, "X-Forwarded-For: "+client+"\r\n"...), tail...)
	}
	deadline := time.Now().Add(burstTimeout)
	conns := make([]net.Conn, b.Conns)
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close()
			}
		}
	}()
	for i := range conns {
		c, err := net.DialTimeout("tcp", t.Addr, 5*time.Second)
		if err != nil {
			return nil, fmt.Errorf("opening connection %d: %w", i+1, err)
		}
		_ = c.SetDeadline(deadline)
		conns[i] = c
	}

	type answer struct {
		status int
		at     time.Duration
		err    error
	}
	answers := make([]answer, b.Conns)
	fire := make(chan struct{})
	var t0 time.Time // written before fire is closed, read after
	var ready, done sync.WaitGroup
	for i, c := range conns {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			br := bufio.NewReaderSize(c, 4096)
			ready.Done()
			<-fire
			status, err := 0, error(nil)
			if _, err = c.Write(reqs[i]); err == nil {
				status, _, err = readResponse(br, false)
			}
			answers[i] = answer{status, time.Since(t0), err}
		}()
	}
	ready.Wait()
	finished := make(chan struct{})
	go func() { done.Wait(); close(finished) }()

	res := &BurstResult{Kind: t.Kind, Burst: b, Statuses: map[int]int{}, Prepare: time.Since(began)}
	pid := t.Pid()
	res.PeakIsOwn = resetPeakRSS(pid)
	cpu0, _ := processCPU(pid)
	t0 = time.Now()
	close(fire)
	select {
	case <-finished:
	case <-ctx.Done():
		for _, c := range conns {
			c.Close() // unblocks every reader
		}
		<-finished
		return nil, ctx.Err()
	}
	cpu1, err := processCPU(pid)
	if err != nil {
		return nil, fmt.Errorf("%s is gone: %w%s", t.Kind, err, t.logTail())
	}
	res.ServerCPU = cpu1 - cpu0
	mem, err := readMemory(pid)
	if err != nil {
		return nil, err
	}
	res.PeakRSS = mem.HWM
	for _, a := range answers {
		res.Wall = max(res.Wall, a.at)
		if a.err != nil {
			res.Errors++
			if res.FirstError == "" {
				res.FirstError = a.err.Error()
			}
			continue
		}
		res.Statuses[a.status]++
		res.Latency.Record(a.at)
	}
	if other := res.Other(); other > 0 && res.FirstError == "" {
		for status := range res.Statuses {
			if !slices.Contains(b.Accept, status) {
				res.FirstError = fmt.Sprintf("status %d, want one of %v", status, b.Accept)
				break
			}
		}
	}
	return res, nil
}
