package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// serverSpec is one server to measure.
type serverSpec struct {
	Kind      string // "lemedia" or "baseline"
	Engine    string
	Binary    string
	Args      []string
	Endpoints []Endpoint
	Seeds     []Seed
	PG        *pgAdmin // PostgreSQL only
	opts      *options
}

const stopGrace = 30 * time.Second

// measureServer starts the server opts.starts times on fresh data, keeps the
// last one, reads its idle RSS, seeds it, and loads every endpoint.
func measureServer(ctx context.Context, s serverSpec) (run *ServerRun, err error) {
	run = &ServerRun{Kind: s.Kind, Engine: s.Engine, Idle: s.opts.idle}
	var dirs []string
	keep := s.opts.keep
	defer func() {
		if s.PG != nil {
			if derr := s.PG.DropAll(); derr != nil && err == nil {
				err = derr
			}
		}
		if err != nil && len(dirs) > 0 {
			keep = true
			progress("  kept %s for its server log", dirs[len(dirs)-1])
		}
		if !keep {
			for _, d := range dirs {
				os.RemoveAll(d)
			}
		}
	}()

	var t *Target
	waitIdle(ctx, s.opts.waitIdle)
	for i := range s.opts.starts {
		dir, err := os.MkdirTemp("", "lemedia-bench-")
		if err != nil {
			return nil, err
		}
		dirs = append(dirs, dir)
		t = &Target{Kind: s.Kind, Binary: s.Binary, Args: s.Args, Dir: dir, DataDir: filepath.Join(dir, "data"), LogLevel: s.opts.logLevel}
		if s.PG != nil {
			if t.DatabaseURL, err = s.PG.Create(i); err != nil {
				return nil, err
			}
		}
		st, err := t.Start(ctx)
		if err != nil {
			_ = t.Stop(stopGrace)
			return nil, err
		}
		run.Starts = append(run.Starts, st)
		progress("%s %s: start %d/%d healthy after %s (/healthz after %s)", s.Kind, s.Engine, i+1, s.opts.starts, ms(st.Ready), ms(st.Live))
		if i < s.opts.starts-1 {
			if err := t.Stop(stopGrace); err != nil {
				return nil, err
			}
		}
	}
	defer func() {
		if serr := t.Stop(stopGrace); serr != nil && err == nil {
			err = serr
		}
	}()

	select {
	case <-time.After(s.opts.idle):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	mem, err := readMemory(t.Pid())
	if err != nil {
		return nil, err
	}
	run.IdleRSS = mem.RSS
	progress("%s %s: idle RSS %s after %s", s.Kind, s.Engine, mib(mem.RSS), s.opts.idle)

	for _, seed := range s.Seeds {
		began := time.Now()
		if err := seed.Run(ctx, t); err != nil {
			return nil, fmt.Errorf("seed %s: %w", seed.Name, err)
		}
		progress("%s %s: seed %s in %s", s.Kind, s.Engine, seed.Name, time.Since(began).Round(time.Millisecond))
	}

	for _, ep := range s.Endpoints {
		waitIdle(ctx, s.opts.waitIdle)
		size, err := probe(ctx, t, ep)
		if err != nil {
			return nil, err
		}
		res, err := runLoad(ctx, t, ep, s.opts.load)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", ep.Method, ep.Path, err)
		}
		if !t.Alive() {
			return nil, fmt.Errorf("%s exited during the load on %s%s", s.Kind, ep.Path, t.logTail())
		}
		res.Engine, res.RespBytes = s.Engine, size
		run.Results = append(run.Results, res)
		progress("%s %s: %s %s: %s req/s, p50 %s, p99 %s, %d errors, peak RSS %s", s.Kind, s.Engine, ep.Method, ep.Path,
			grouped(int64(res.RPS())), ms(res.Latency.Quantile(0.5)), ms(res.Latency.Quantile(0.99)), res.Errors, mib(res.PeakRSS))
	}
	return run, nil
}

// idleBelow is the share of the CPUs under which the machine counts as idle.
const idleBelow = 0.15

// waitIdle waits up to limit for a second in which the machine is idle, so
// that other work (a build, a test suite) does not lower the figures.
func waitIdle(ctx context.Context, limit time.Duration) {
	if limit <= 0 {
		return
	}
	began := time.Now()
	for {
		busy := machineBusy(time.Second)
		if busy < idleBelow {
			if waited := time.Since(began); waited > 2*time.Second {
				progress("  waited %s for an idle machine", waited.Round(time.Second))
			}
			return
		}
		if time.Since(began) >= limit || ctx.Err() != nil {
			progress("  machine still %.0f %% busy after %s; measuring anyway", busy*100, limit)
			return
		}
	}
}
