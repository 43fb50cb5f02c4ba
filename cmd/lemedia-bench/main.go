// Command lemedia-bench starts the real lemedia binary and measures it: time
// from exec to healthy, idle and peak RSS, and requests/s with p50/p99/max
// latency per endpoint under a bounded load of keep-alive connections sent
// from this process to 127.0.0.1 only. It compares LeMedia with a trivial
// net/http server started and loaded the same way. See docs/performance.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == baselineCommand {
		os.Exit(serveBaseline())
	}
	os.Exit(run(os.Args[1:]))
}

// options are the command line.
type options struct {
	binary    string
	engine    string
	endpoints string
	out       string
	starts    int
	idle      time.Duration
	baseline  bool
	keep      bool
	pgURL     string
	logLevel  string
	waitIdle  time.Duration
	load      LoadOptions
}

func parseFlags(args []string) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("lemedia-bench", flag.ContinueOnError)
	fs.StringVar(&o.binary, "binary", "bin/lemedia", "path of the lemedia binary to measure")
	fs.IntVar(&o.load.Conns, "conns", 32, "concurrent keep-alive connections")
	fs.DurationVar(&o.load.Duration, "duration", 10*time.Second, "measured load per endpoint")
	fs.DurationVar(&o.load.Warmup, "warmup", 2*time.Second, "uncounted load before each measurement")
	fs.Uint64Var(&o.load.MaxRequests, "max-requests", 5_000_000, "bound on measured requests per endpoint")
	fs.StringVar(&o.load.Client, "client", "raw", "load client: raw (minimal HTTP/1.1, cheapest) or nethttp (net/http Transport)")
	fs.StringVar(&o.engine, "engine", "sqlite", "database: sqlite, postgres or both")
	fs.StringVar(&o.endpoints, "endpoints", "", "comma-separated endpoint names or paths to measure, of: "+endpointNames())
	fs.StringVar(&o.out, "out", "", "also write the results as a markdown section to this file")
	fs.IntVar(&o.starts, "starts", 5, "fresh starts (new data dir, migrations included) for the start-to-healthy median")
	fs.DurationVar(&o.idle, "idle", 3*time.Second, "idle time after healthy before reading the idle RSS")
	fs.BoolVar(&o.baseline, "baseline", true, "also measure a trivial net/http server the same way, for the ratio")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary data dirs and server logs")
	fs.StringVar(&o.pgURL, "pg-url", envOr("LEMEDIA_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"),
		"PostgreSQL database to create the throwaway benchmark databases from (with psql)")
	fs.StringVar(&o.logLevel, "log-level", "", "LOG_LEVEL for the server (default: the server's own, info)")
	fs.DurationVar(&o.waitIdle, "wait-idle", 20*time.Second, "before each measurement, wait up to this long for the machine to be idle (under 15 % busy over 1s); 0 = do not wait")
	syncFlags(fs)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: lemedia-bench [flags]\n\nStarts the lemedia binary on a free loopback port with fresh data and measures it.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	case o.load.Conns < 1 || o.load.Conns > 10000:
		return nil, fmt.Errorf("-conns must be between 1 and 10000")
	case o.load.Duration <= 0 || o.load.Warmup < 0 || o.idle < 0 || o.waitIdle < 0:
		return nil, fmt.Errorf("-duration must be positive, -warmup, -idle and -wait-idle not negative")
	case o.starts < 1:
		return nil, fmt.Errorf("-starts must be at least 1")
	case o.load.MaxRequests < uint64(o.load.Conns):
		return nil, fmt.Errorf("-max-requests must be at least -conns")
	case o.load.Client != "raw" && o.load.Client != "nethttp":
		return nil, fmt.Errorf("-client must be raw or nethttp")
	case o.engine != "sqlite" && o.engine != "postgres" && o.engine != "both":
		return nil, fmt.Errorf("-engine must be sqlite, postgres or both")
	}
	return o, nil
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func endpointNames() string {
	var names []string
	for _, ep := range endpoints {
		name := ep.Name
		if ep.Optional {
			name += " (only when named)"
		}
		names = append(names, name)
	}
	for _, b := range bursts {
		names = append(names, b.Name)
	}
	return strings.Join(names, ", ")
}

// selectEndpoints applies -endpoints, by name or path, to the rows and the
// bursts.
func selectEndpoints(filter string) ([]Endpoint, []Burst, error) {
	var eps []Endpoint
	var bs []Burst
	if filter == "" {
		for _, ep := range endpoints {
			if !ep.Optional {
				eps = append(eps, ep)
			}
		}
		return eps, append(bs, bursts...), nil
	}
	for _, want := range strings.Split(filter, ",") {
		want = strings.TrimSpace(want)
		found := false
		for _, ep := range endpoints {
			if ep.Name == want || ep.Path == want {
				eps = append(eps, ep)
				found = true
			}
		}
		for _, b := range bursts {
			if b.Name == want || b.Path == want {
				bs = append(bs, b)
				found = true
			}
		}
		if !found {
			return nil, nil, fmt.Errorf("-endpoints: no endpoint %q (have %s)", want, endpointNames())
		}
	}
	return eps, bs, nil
}

func progress(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }

func run(args []string) int {
	o, err := parseFlags(args)
	if err == flag.ErrHelp {
		return 0
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "lemedia-bench:", err)
		return 2
	}
	eps, bs, err := selectEndpoints(o.endpoints)
	if err != nil {
		fmt.Fprintln(os.Stderr, "lemedia-bench:", err)
		return 2
	}
	binary, err := filepath.Abs(o.binary)
	if err == nil {
		_, err = os.Stat(binary)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "lemedia-bench: -binary: %v (run make build first)\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	rep := &Report{When: time.Now(), Command: strings.Join(os.Args, " "), CPUs: runtime.NumCPU(), Harness: runtime.Version(), Load: o.load}
	rep.CPU, rep.Memory, rep.Kernel = machineDescription()
	if rep.Binary, err = inspectBinary(binary); err != nil {
		fmt.Fprintln(os.Stderr, "lemedia-bench:", err)
		return 1
	}
	rep.Binary.Path = o.binary

	engines := []string{o.engine}
	if o.engine == "both" {
		engines = []string{"sqlite", "postgres"}
	}
	rep.Before = machineBusy(time.Second)
	began := time.Now()
	for _, engine := range engines {
		spec := serverSpec{Kind: "lemedia", Engine: engine, Binary: binary, Endpoints: eps, Seeds: seeds, Bursts: bs, opts: o}
		if engine == "postgres" {
			spec.PG = &pgAdmin{url: o.pgURL}
		}
		if err := measureSyncs(ctx, spec); err != nil {
			fmt.Fprintf(os.Stderr, "lemedia-bench: syncs on %s: %v\n", engine, err)
			return 1
		}
		if syncOnly() {
			continue
		}
		sr, err := measureServer(ctx, spec)
		if err != nil {
			fmt.Fprintf(os.Stderr, "lemedia-bench: %s on %s: %v\n", spec.Kind, engine, err)
			return 1
		}
		rep.Servers = append(rep.Servers, sr)
	}
	if o.baseline && !syncOnly() {
		var beps []Endpoint
		for _, ep := range eps {
			if ep.Baseline {
				beps = append(beps, ep)
			}
		}
		self, err := os.Executable()
		if err == nil && len(beps) > 0 {
			spec := serverSpec{Kind: "baseline", Engine: "-", Binary: self, Args: []string{baselineCommand}, Endpoints: beps, opts: o}
			sr, err := measureServer(ctx, spec)
			if err != nil {
				fmt.Fprintf(os.Stderr, "lemedia-bench: baseline: %v\n", err)
				return 1
			}
			rep.Servers = append(rep.Servers, sr)
		}
	}
	progress("measured in %s", time.Since(began).Round(100*time.Millisecond))
	if !syncOnly() {
		rep.WriteText(os.Stdout)
	}
	writeSyncText(os.Stdout)
	if o.out != "" {
		if err := writeMarkdown(o.out, rep); err != nil {
			fmt.Fprintln(os.Stderr, "lemedia-bench:", err)
			return 1
		}
		fmt.Printf("\nwritten to %s\n", o.out)
	}
	for _, s := range rep.Servers {
		for _, res := range s.Results {
			if res.Errors > 0 {
				fmt.Fprintf(os.Stderr, "lemedia-bench: %d failed requests: the figures are not valid\n", res.Errors)
				return 1
			}
		}
		for _, res := range s.Bursts {
			if res.Failed() {
				fmt.Fprintf(os.Stderr, "lemedia-bench: %s: %d transport errors and %d answers other than %v: the burst failed\n",
					res.Burst.Name, res.Errors, res.Other(), res.Burst.Accept)
				return 1
			}
		}
	}
	return 0
}

func writeMarkdown(path string, rep *Report) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if !syncOnly() {
		rep.WriteMarkdown(f)
	}
	writeSyncMarkdown(f)
	return f.Close()
}
