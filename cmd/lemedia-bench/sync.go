package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The sync phases: the availability sync (library_full_sync) of a library
// of 100 000 episodes read from a simulated Jellyfin, and again from a
// simulated Plex, and the status sync (request_status_sync) of 10 000
// requests sent to a simulated Radarr and Sonarr. Each runs in the real
// binary through its job system (queued from the admin jobs page by the
// signed-in owner, as "Run now" does) against lemedia-sim; its figures are
// the job's own record (job_run: started_at to finished_at, and its counts),
// as the admin jobs page shows it. See docs/performance.md, "Syncs".

// syncOptions are the sync phases' flags.
type syncOptions struct {
	mode     string // auto, on, off or only
	sim      string
	episodes int
	films    int
	requests int
	servers  string
}

var syncOpts syncOptions

// Targets of the sync phases (issue 5).
const (
	targetLibrarySync = 10 * time.Second // the whole 100 000-episode library
	targetStatusSync  = 5 * time.Second  // 10 000 requests
)

// syncFlags adds the sync phases' flags to the harness's.
func syncFlags(fs *flag.FlagSet) {
	fs.StringVar(&syncOpts.mode, "sync", "auto", "sync phases against lemedia-sim: auto (when -endpoints is not given), on, off, or only (nothing else)")
	fs.StringVar(&syncOpts.sim, "sim", "bin/lemedia-sim", "path of the lemedia-sim binary, for the sync phases")
	fs.IntVar(&syncOpts.episodes, "sync-episodes", 100_000, "episodes in the simulated library")
	fs.IntVar(&syncOpts.films, "sync-films", 7_500, "films in the simulated library (the film requests of the status sync point at them)")
	fs.IntVar(&syncOpts.requests, "sync-requests", 10_000, "requests the status sync follows (a quarter series, a season each)")
	fs.StringVar(&syncOpts.servers, "sync-servers", "jellyfin,plex", "media servers to read the library from, each into a fresh LeMedia; the first also runs the status sync")
}

func syncOnly() bool { return syncOpts.mode == "only" }

func syncWanted(o *options) bool {
	switch syncOpts.mode {
	case "on", "only":
		return true
	case "auto":
		return o.endpoints == ""
	}
	return false
}

// SyncResult is one job run.
type SyncResult struct {
	Engine    string
	Server    string // the media server the library came from
	Job       string
	Note      string
	Items     int    // items read (library) or requests walked (status)
	Unit      string // "items" or "requests"
	Duration  time.Duration
	Counts    string
	Window    time.Duration // from "Run now" until the harness saw the run finished
	ServerCPU time.Duration // LeMedia, over the window
	SimCPU    time.Duration // lemedia-sim, over the window
	OtherCPU  time.Duration // the rest of the machine (PostgreSQL's backends), over the window
	PeakRSS   uint64
	Target    time.Duration
}

func (r *SyncResult) PerSecond() float64 {
	if r.Duration <= 0 {
		return 0
	}
	return float64(r.Items) / r.Duration.Seconds()
}

var syncResults []*SyncResult

// measureSyncs runs the sync phases on one engine.
func measureSyncs(ctx context.Context, spec serverSpec) (err error) {
	if spec.Kind != "lemedia" || !syncWanted(spec.opts) {
		return nil
	}
	switch syncOpts.mode {
	case "auto", "on", "only":
	default:
		return fmt.Errorf("-sync must be auto, on, off or only")
	}
	servers := strings.Split(syncOpts.servers, ",")
	for _, s := range servers {
		if s != "jellyfin" && s != "plex" {
			return fmt.Errorf("-sync-servers: %q is not jellyfin or plex", s)
		}
	}
	simBin, err := filepath.Abs(syncOpts.sim)
	if err == nil {
		_, err = os.Stat(simBin)
	}
	if err != nil {
		return fmt.Errorf("-sim: %v (make bench builds it: go build -o bin/lemedia-sim ./cmd/lemedia-sim)", err)
	}
	var dirs []string
	keep := spec.opts.keep
	defer func() {
		if spec.PG != nil {
			if derr := spec.PG.DropAll(); derr != nil && err == nil {
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
	began := time.Now()
	sim, err := startSim(ctx, simBin)
	if err != nil {
		return err
	}
	defer sim.Stop()
	progress("lemedia-sim: %d episodes and %d films in the libraries, in Radarr and Sonarr too, ready after %s",
		syncOpts.episodes, syncOpts.films, time.Since(began).Round(time.Millisecond))

	for i, server := range servers {
		dir, err := os.MkdirTemp("", "lemedia-bench-sync-")
		if err != nil {
			return err
		}
		dirs = append(dirs, dir)
		t := &Target{Kind: spec.Kind, Binary: spec.Binary, Dir: dir, DataDir: filepath.Join(dir, "data"), LogLevel: spec.opts.logLevel}
		if spec.PG != nil {
			if t.DatabaseURL, err = spec.PG.Create(100 + i); err != nil {
				return err
			}
		}
		status := i == 0 // the first server's LeMedia also follows the requests
		if err := syncServer(ctx, spec, t, sim, server, status, i); err != nil {
			_ = t.Stop(stopGrace)
			return fmt.Errorf("%s: %w", server, err)
		}
		if err := t.Stop(stopGrace); err != nil {
			return err
		}
	}
	return nil
}

// syncServer provisions a fresh LeMedia with the simulated services (with
// the CLI, before its start, as an operator would), starts it, and runs the
// syncs on it.
func syncServer(ctx context.Context, spec serverSpec, t *Target, sim *simProcess, server string, status bool, n int) error {
	began := time.Now()
	if err := createOwner(ctx, t); err != nil {
		return err
	}
	libs, err := sim.libraries(ctx, server)
	if err != nil {
		return err
	}
	add := []serviceAdd{{kind: server, name: server, url: sim.base + "/" + server, key: sim.keys[server], args: []string{"-libraries", libs}}}
	if status {
		add = append(add,
			serviceAdd{kind: "radarr", name: "radarr", url: sim.base + "/radarr", key: sim.keys["radarr"], args: []string{"-quality-profile", "1", "-root-folder", "/movies"}},
			serviceAdd{kind: "sonarr", name: "sonarr", url: sim.base + "/sonarr", key: sim.keys["sonarr"], args: []string{"-quality-profile", "1", "-root-folder", "/tv", "-language-profile", "1"}})
	}
	for _, a := range add {
		if err := a.run(ctx, t); err != nil {
			return err
		}
	}
	progress("%s %s: owner and services (lemedia service add: %s) in %s", spec.Kind, spec.Engine, servicesLine(add), time.Since(began).Round(time.Millisecond))
	if _, err := t.Start(ctx); err != nil {
		return err
	}
	addr := clientAddr(syncSessionAddr + n)
	cookie, err := signIn(ctx, t, addr, ownerLogin, ownerPassword)
	if err != nil {
		return fmt.Errorf("signing in the owner: %w", err)
	}
	admin := &jobsPage{t: t, s: Session{Cookie: cookie, Addr: addr}}
	if err := admin.pauseAll(ctx); err != nil {
		return err
	}
	run := func(kind, note string, items func(map[string]any) int, unit string, target time.Duration) error {
		waitIdle(ctx, spec.opts.waitIdle)
		res, err := admin.runJob(ctx, kind, sim)
		if err != nil {
			return err
		}
		var counts map[string]any
		if err := json.Unmarshal([]byte(res.Counts), &counts); err != nil {
			return fmt.Errorf("%s: counts %q: %v", kind, res.Counts, err)
		}
		res.Engine, res.Server, res.Note, res.Items, res.Unit, res.Target = spec.Engine, server, note, items(counts), unit, target
		syncResults = append(syncResults, res)
		progress("%s %s: %s (%s): %s %s in %s, %s/s; counts %s; LeMedia CPU %s, sim CPU %s, other %s, peak RSS %s", spec.Kind, spec.Engine,
			kind, server, grouped(int64(res.Items)), unit, ms(res.Duration), grouped(int64(res.PerSecond())), res.Counts,
			ms(res.ServerCPU), ms(res.SimCPU), ms(res.OtherCPU), mib(res.PeakRSS))
		return nil
	}
	first := fmt.Sprintf("first scan: %s episodes and %s films, every one new", grouped(int64(syncOpts.episodes)), grouped(int64(syncOpts.films)))
	if err := run("library_full_sync", first, countOf("items_seen"), "items", targetLibrarySync); err != nil {
		return err
	}
	if !status {
		return nil
	}
	if err := run("library_full_sync", "again: every item known", countOf("items_seen"), "items", targetLibrarySync); err != nil {
		return err
	}
	began = time.Now()
	if err := seedSent(ctx, t); err != nil {
		return err
	}
	progress("%s %s: seed %d requests sent to Radarr and Sonarr (lemedia seed -sent) in %s", spec.Kind, spec.Engine, syncOpts.requests,
		time.Since(began).Round(time.Millisecond))
	if err := run("request_status_sync", "every request processing → available", countOf("requests"), "requests", targetStatusSync); err != nil {
		return err
	}
	if err := run("request_status_sync", "again: nothing to change", countOf("requests"), "requests", targetStatusSync); err != nil {
		return err
	}
	following := fmt.Sprintf("again, and the %s requests followed", grouped(int64(syncOpts.requests)))
	return run("library_full_sync", following, countOf("items_seen"), "items", targetLibrarySync)
}

// syncSessionAddr is where the sync servers' owner sign-ins come from
// (an index into 198.18.0.0/15), apart from every other row's.
const syncSessionAddr = 24576

func countOf(key string) func(map[string]any) int {
	return func(m map[string]any) int {
		n, _ := m[key].(float64)
		return int(n)
	}
}

// seedSent fills the running server with the status sync's requests:
// `lemedia seed -sent` points every one at a film of the simulated Radarr
// or a season of the simulated Sonarr, as sent there and processing.
func seedSent(ctx context.Context, t *Target) error {
	cmd := exec.CommandContext(ctx, t.Binary, "seed", "-users", strconv.Itoa(seedUsers), "-requests", strconv.Itoa(syncOpts.requests), "-sent")
	cmd.Env = t.Env()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s seed -sent: %v: %s", t.Binary, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// serviceAdd is one `lemedia service add`, the key on standard input.
type serviceAdd struct {
	kind, name, url, key string
	args                 []string
}

func (a serviceAdd) run(ctx context.Context, t *Target) error {
	args := append([]string{"service", "add", "-kind", a.kind, "-name", a.name, "-url", a.url}, a.args...)
	cmd := exec.CommandContext(ctx, t.Binary, args...)
	cmd.Env = t.Env()
	cmd.Stdin = strings.NewReader(a.key + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s service add -kind %s: %v: %s", t.Binary, a.kind, err, strings.TrimSpace(string(out)))
	}
	return nil
}

func servicesLine(add []serviceAdd) string {
	var names []string
	for _, a := range add {
		names = append(names, a.kind)
	}
	return strings.Join(names, ", ")
}

// simProcess is a running lemedia-sim.
type simProcess struct {
	cmd    *exec.Cmd
	base   string
	keys   map[string]string
	exited chan struct{}
}

// startSim starts lemedia-sim on a free loopback port with the sync's
// library, Radarr and Sonarr holding it too, keys of this run (in its
// environment, not its command line), no request checks against the
// OpenAPI documents (they would cost the simulator CPU on the cores the
// server uses; the tests check the contracts) and downloads that never
// finish during the run.
func startSim(ctx context.Context, bin string) (*simProcess, error) {
	s := &simProcess{keys: map[string]string{}, exited: make(chan struct{})}
	env := []string{}
	for _, k := range []string{"PATH", "HOME", "TMPDIR", "GOMAXPROCS", "GOGC", "GODEBUG"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	for _, name := range []string{"radarr", "sonarr", "jellyfin", "plex", "tmdb"} {
		b := make([]byte, 16)
		rand.Read(b)
		s.keys[name] = hex.EncodeToString(b)
		env = append(env, "LEMEDIA_SIM_"+strings.ToUpper(name)+"_KEY="+s.keys[name])
	}
	s.cmd = exec.Command(bin, "-listen", "127.0.0.1:0", "-seed-episodes", strconv.Itoa(syncOpts.episodes),
		"-seed-movies", strconv.Itoa(syncOpts.films), "-seed-arr", "-specs", "off", "-download-time", "24h")
	s.cmd.Env = env
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	s.cmd.Stderr = os.Stderr
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { s.cmd.Wait(); close(s.exited) }()
	lines := bufio.NewScanner(out)
	first := make(chan string, 1)
	go func() {
		if lines.Scan() {
			first <- lines.Text()
		}
		close(first)
		for lines.Scan() { // keep reading: the simulator must never block on its output
		}
	}()
	select {
	case line := <-first:
		base, ok := strings.CutPrefix(line, "lemedia-sim listening on ")
		if !ok {
			s.Stop()
			return nil, fmt.Errorf("lemedia-sim said %q", line)
		}
		s.base = base
	case <-time.After(2 * time.Minute):
		s.Stop()
		return nil, fmt.Errorf("lemedia-sim did not start within 2 minutes")
	case <-ctx.Done():
		s.Stop()
		return nil, ctx.Err()
	}
	return s, nil
}

// Stop ends the simulator.
func (s *simProcess) Stop() {
	if s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

func (s *simProcess) pid() int { return s.cmd.Process.Pid }

// libraries asks the simulated media server for its library ids, as the
// admin form's "Test connection" does: every film and series library.
func (s *simProcess) libraries(ctx context.Context, server string) (string, error) {
	var path string
	header := map[string]string{}
	switch server {
	case "jellyfin":
		path = "/jellyfin/Library/VirtualFolders"
		header["Authorization"] = `MediaBrowser Client="lemedia-bench", Device="bench", DeviceId="bench", Version="1", Token="` + s.keys[server] + `"`
	case "plex":
		path = "/plex/library/sections/all"
		header["X-Plex-Token"], header["Accept"] = s.keys[server], "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+path, nil)
	if err != nil {
		return "", err
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := pollClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil || resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %d %v", path, resp.StatusCode, err)
	}
	var ids []string
	if server == "jellyfin" {
		var folders []struct {
			ItemID         string `json:"ItemId"`
			CollectionType string `json:"CollectionType"`
		}
		err = json.Unmarshal(body, &folders)
		for _, f := range folders {
			if f.CollectionType == "movies" || f.CollectionType == "tvshows" {
				ids = append(ids, f.ItemID)
			}
		}
	} else {
		var sections struct {
			MediaContainer struct {
				Directory []struct {
					Key  string `json:"key"`
					Type string `json:"type"`
				} `json:"Directory"`
			} `json:"MediaContainer"`
		}
		err = json.Unmarshal(body, &sections)
		for _, d := range sections.MediaContainer.Directory {
			if d.Type == "movie" || d.Type == "show" {
				ids = append(ids, d.Key)
			}
		}
	}
	if err == nil && len(ids) == 0 {
		err = fmt.Errorf("no film or series library")
	}
	return strings.Join(ids, ","), err
}
