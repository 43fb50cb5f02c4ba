package main

import (
	"context"
	"fmt"
	"maps"
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
	Bursts    []Burst
	PG        *pgAdmin // PostgreSQL only
	opts      *options
}

const stopGrace = 30 * time.Second

// measureServer starts the server opts.starts times on fresh data, keeps the
// last one, reads its idle RSS, seeds it, and loads every endpoint. Then,
// when there are Owner rows or bursts, it stops that server and starts one
// more on fresh data that ownerSeeds gave an owner, and runs them on it.
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

	var ownerRows, dataRows []Endpoint
	for _, ep := range s.Endpoints {
		switch {
		case ep.Data:
			dataRows = append(dataRows, ep)
			continue
		case ep.Owner:
			ownerRows = append(ownerRows, ep)
			continue
		}
		if err := loadRow(ctx, s, t, run, ep); err != nil {
			return nil, err
		}
	}
	if len(ownerRows) > 0 || len(s.Bursts) > 0 {
		// The rows and bursts that need an owner get a server of their own,
		// started fresh on a data dir where the owner was created beforehand.
		if t, err = restartSeeded(ctx, s, t, &dirs, ownerSeeds, s.opts.starts, "server with an owner"); err != nil {
			return nil, err
		}
		if err := ownerPhase(ctx, s, t, run, ownerRows); err != nil {
			return nil, err
		}
	}
	if len(dataRows) > 0 {
		// The rows on the data set get a third server, started fresh on a
		// data dir with the owner and `lemedia seed`'s users and requests.
		if t, err = restartSeeded(ctx, s, t, &dirs, dataSeeds, s.opts.starts+1, "server with the data set", dataEnv...); err != nil {
			return nil, err
		}
		// The 232 sign-ins leave the argon2id hashes' memory resident
		// (about 150 MiB): the rows run on a fresh process over the same
		// data, with the sessions the sign-ins stored in the database, so
		// their peak RSS is theirs.
		if err := t.Stop(stopGrace); err != nil {
			return nil, err
		}
		st, err := t.Start(ctx)
		if err != nil {
			return nil, err
		}
		progress("%s %s: the data server restarted after the sign-ins, healthy after %s", s.Kind, s.Engine, ms(st.Ready))
		for _, ep := range dataRows {
			if err := loadRow(ctx, s, t, run, ep); err != nil {
				return nil, err
			}
		}
	}
	return run, nil
}

// restartSeeded stops old and starts a server on fresh data (PostgreSQL
// database number pg) that seeds prepared: their Before runs before the
// start, their Run after it.
func restartSeeded(ctx context.Context, s serverSpec, old *Target, dirs *[]string, seeds []Seed, pg int, what string, env ...string) (*Target, error) {
	if err := old.Stop(stopGrace); err != nil {
		return old, err
	}
	dir, err := os.MkdirTemp("", "lemedia-bench-")
	if err != nil {
		return old, err
	}
	*dirs = append(*dirs, dir)
	t := &Target{Kind: s.Kind, Binary: s.Binary, Args: s.Args, Dir: dir, DataDir: filepath.Join(dir, "data"), LogLevel: s.opts.logLevel, Extra: env}
	if s.PG != nil {
		if t.DatabaseURL, err = s.PG.Create(pg); err != nil {
			return old, err
		}
	}
	for _, seed := range seeds {
		if seed.Before == nil {
			continue
		}
		began := time.Now()
		if err := seed.Before(ctx, t); err != nil {
			return old, fmt.Errorf("seed %s: %w", seed.Name, err)
		}
		progress("%s %s: seed %s (before the start) in %s", s.Kind, s.Engine, seed.Name, time.Since(began).Round(time.Millisecond))
	}
	st, err := t.Start(ctx)
	if err != nil {
		return t, err
	}
	progress("%s %s: %s healthy after %s", s.Kind, s.Engine, what, ms(st.Ready))
	for _, seed := range seeds {
		if seed.Run == nil {
			continue
		}
		began := time.Now()
		if err := seed.Run(ctx, t); err != nil {
			return t, fmt.Errorf("seed %s: %w", seed.Name, err)
		}
		progress("%s %s: seed %s in %s", s.Kind, s.Engine, seed.Name, time.Since(began).Round(time.Millisecond))
	}
	return t, nil
}

// ownerPhase runs the Owner rows and the bursts on t.
func ownerPhase(ctx context.Context, s serverSpec, t *Target, run *ServerRun, ownerRows []Endpoint) error {
	for _, ep := range ownerRows {
		if err := loadRow(ctx, s, t, run, ep); err != nil {
			return err
		}
	}
	for _, b := range s.Bursts {
		waitIdle(ctx, s.opts.waitIdle)
		res, err := runBurst(ctx, t, b)
		if err != nil {
			return fmt.Errorf("%s: %w", b.Name, err)
		}
		if !t.Alive() {
			return fmt.Errorf("%s exited during %s%s", s.Kind, b.Name, t.logTail())
		}
		res.Engine = s.Engine
		run.Bursts = append(run.Bursts, res)
		progress("%s %s: %s: prepared in %s; %s, %d transport errors, all answered after %s, peak RSS %s", s.Kind, s.Engine, b.Name,
			res.Prepare.Round(time.Millisecond), res.answers(), res.Errors, ms(res.Wall), mib(res.PeakRSS))
	}
	return nil
}

// loadRow probes and loads one row on t and adds its result to run.
func loadRow(ctx context.Context, s serverSpec, t *Target, run *ServerRun, ep Endpoint) error {
	if ep.Sessions != "" {
		if ep.sessions = t.Sessions[ep.Sessions]; len(ep.sessions) == 0 {
			return fmt.Errorf("%s %s: no signed-in sessions %q on this server", ep.Method, ep.Path, ep.Sessions)
		}
	}
	waitIdle(ctx, s.opts.waitIdle)
	if ep.Form != nil {
		header, body, err := ep.Form(ctx, t, clientAddr(0))
		if err != nil {
			return fmt.Errorf("%s %s: preparing the form: %w", ep.Method, ep.Path, err)
		}
		merged := maps.Clone(ep.Header)
		if merged == nil {
			merged = map[string]string{}
		}
		maps.Copy(merged, header)
		ep.Header, ep.Body = merged, body
	}
	size, err := probe(ctx, t, ep)
	if err != nil {
		return err
	}
	res, err := runLoad(ctx, t, ep, s.opts.load)
	if err != nil {
		return fmt.Errorf("%s %s: %w", ep.Method, ep.Path, err)
	}
	if !t.Alive() {
		return fmt.Errorf("%s exited during the load on %s%s", s.Kind, ep.Path, t.logTail())
	}
	res.Engine, res.RespBytes = s.Engine, size
	run.Results = append(run.Results, res)
	progress("%s %s: %s %s: %s req/s, p50 %s, p99 %s, %d errors, peak RSS %s", s.Kind, s.Engine, ep.Method, ep.Path,
		grouped(int64(res.RPS())), ms(res.Latency.Quantile(0.5)), ms(res.Latency.Quantile(0.99)), res.Errors, mib(res.PeakRSS))
	return nil
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
