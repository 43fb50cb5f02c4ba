package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Report is everything one run of the harness measured.
type Report struct {
	When    time.Time
	Command string
	CPUs    int
	CPU     string
	Memory  string
	Kernel  string
	Harness string  // the harness's Go version
	Before  float64 // share of the CPUs busy just before the run
	Binary  BinaryInfo
	Load    LoadOptions
	Servers []*ServerRun
}

// ServerRun is one server (LeMedia on one engine, or the baseline).
type ServerRun struct {
	Kind    string // "lemedia" or "baseline"
	Engine  string // "sqlite", "postgres", or "-" for the baseline
	Starts  []Startup
	Idle    time.Duration
	IdleRSS uint64
	Results []*Result
	Bursts  []*BurstResult
}

// Targets from docs/performance.md, for this 2-core machine and 32 connections.
const (
	targetHealthRPS = 25000
	targetIdleRSS   = 30 << 20
	targetStart     = 200 * time.Millisecond
	targetBinary    = 40_000_000
	targetLoginLow  = 50 * time.Millisecond  // one sign-in (argon2id), by design
	targetLoginHigh = 100 * time.Millisecond //
	targetBurstRSS  = 300 << 20              // peak RSS over a burst of 500 sign-ins
	targetListP99   = 20 * time.Millisecond  // the request lists
	targetDataRSS   = 80 << 20               // peak RSS under the load of the data rows

	busyOther = 0.2 // cores of other work in a window above which a latency target is flagged
)

// Requests/s targets of the data rows, by engine.
var (
	targetListRPS   = map[string]float64{"sqlite": 10000, "postgres": 5000}
	targetCountsRPS = map[string]float64{"sqlite": 15000, "postgres": 15000}
)

func medianOf(starts []Startup, pick func(Startup) time.Duration) (median, lo, hi time.Duration) {
	if len(starts) == 0 {
		return 0, 0, 0
	}
	ds := make([]time.Duration, len(starts))
	for i, s := range starts {
		ds[i] = pick(s)
	}
	slices.Sort(ds)
	median = ds[len(ds)/2]
	if len(ds)%2 == 0 {
		median = (ds[len(ds)/2-1] + ds[len(ds)/2]) / 2
	}
	return median, ds[0], ds[len(ds)-1]
}

func ready(s Startup) time.Duration { return s.Ready }
func live(s Startup) time.Duration  { return s.Live }

// ms formats a duration in milliseconds, with precision suited to its size.
func ms(d time.Duration) string {
	f := float64(d) / float64(time.Millisecond)
	switch {
	case f < 10:
		return fmt.Sprintf("%.2f ms", f)
	case f < 100:
		return fmt.Sprintf("%.1f ms", f)
	default:
		return fmt.Sprintf("%.0f ms", f)
	}
}

func mib(n uint64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// fmtMS and fmtMiB write round limits: 50 ms, 300 MiB.
func fmtMS(d time.Duration) string { return fmt.Sprintf("%g ms", float64(d)/float64(time.Millisecond)) }
func fmtMiB(n uint64) string       { return fmt.Sprintf("%g MiB", float64(n)/(1<<20)) }

func (r *Report) hasBursts() bool {
	for _, s := range r.Servers {
		if len(s.Bursts) > 0 {
			return true
		}
	}
	return false
}

// grouped writes n with a space every three digits: 25 000.
func grouped(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + grouped(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func perRequest(d time.Duration, n uint64) string {
	if n == 0 {
		return "-"
	}
	if per := d / time.Duration(n); per >= time.Millisecond {
		return ms(per) // a sign-in
	}
	return fmt.Sprintf("%.1f µs", float64(d)/float64(time.Microsecond)/float64(n))
}

func (r *Report) binaryLine() string {
	link := "dynamically linked"
	switch {
	case r.Binary.Format != "ELF":
		link = "linking unknown (" + r.Binary.Format + ")"
	case r.Binary.Static:
		link = "statically linked (no PT_INTERP)"
	}
	s := fmt.Sprintf("%s, %.1f MB (%s bytes), %s", r.Binary.Path, float64(r.Binary.Size)/1e6, grouped(r.Binary.Size), link)
	if r.Binary.GoVersion != "" {
		s += ", built with " + r.Binary.GoVersion
	}
	if r.Binary.CGO != "" {
		s += ", CGO_ENABLED=" + r.Binary.CGO
	}
	return s
}

func (r *Report) loadLine() string {
	return fmt.Sprintf("%d keep-alive connections from this process (%s client) to 127.0.0.1, %s warm-up then %s per endpoint (unless its row says otherwise)",
		r.Load.Conns, r.Load.Client, r.Load.Warmup, r.Load.Duration)
}

// label is how a row is named in the tables.
func (res *Result) label() string {
	s := res.Endpoint.Method + " " + res.Endpoint.Path
	if res.Endpoint.Note != "" {
		s += " (" + res.Endpoint.Note + ")"
	}
	return s
}

// answers lists the count of each accepted status, then any other.
func (r *BurstResult) answers() string {
	var parts []string
	for _, status := range r.Burst.Accept {
		parts = append(parts, fmt.Sprintf("%d × %d", r.Statuses[status], status))
	}
	var others []int
	for status := range r.Statuses {
		if !slices.Contains(r.Burst.Accept, status) {
			others = append(others, status)
		}
	}
	slices.Sort(others)
	for _, status := range others {
		parts = append(parts, fmt.Sprintf("%d × %d (unexpected)", r.Statuses[status], status))
	}
	return strings.Join(parts, ", ")
}

func (r *BurstResult) label() string {
	s := r.Burst.Name + ": " + r.Burst.Method + " " + r.Burst.Path
	if r.Burst.Note != "" {
		s += " (" + r.Burst.Note + ")"
	}
	return s
}

func (r *Report) machineLine() string {
	s := fmt.Sprintf("%d CPUs (%s), %s RAM, Linux %s; %.0f %% busy in the second before the run", r.CPUs, r.CPU, r.Memory, r.Kernel, r.Before*100)
	if r.Before > 0.1 {
		s += " (NOT idle: other work lowers every figure)"
	}
	return s
}

// cores is CPU time over the window, in cores.
func cores(d, window time.Duration) string {
	if window <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", d.Seconds()/window.Seconds())
}

// WriteText prints the report for a terminal.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "\nLeMedia benchmark, %s\n", r.When.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "machine  %s\n", r.machineLine())
	fmt.Fprintf(w, "binary   %s\n", r.binaryLine())
	fmt.Fprintf(w, "harness  %s, %s\n", r.Harness, r.Command)
	fmt.Fprintf(w, "load     %s\n\n", r.loadLine())

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "server\tengine\tstarts\tstart→healthy (median)\tmin\tmax\t/healthz 200 (median)\tidle RSS\t")
	for _, s := range r.Servers {
		med, lo, hi := medianOf(s.Starts, ready)
		lmed, _, _ := medianOf(s.Starts, live)
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t\n", s.Kind, s.Engine, len(s.Starts), ms(med), ms(lo), ms(hi), ms(lmed), mib(s.IdleRSS))
	}
	tw.Flush()
	fmt.Fprintln(w)

	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "server\tengine\tendpoint\treq/s\tp50\tp99\tmax\terrors\tpeak RSS\tserver CPU/req\tbench CPU/req\tCPU busy\tother cores\tbody\t")
	for _, s := range r.Servers {
		for _, res := range s.Results {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%.0f %%\t%s\t%d B\t\n",
				s.Kind, s.Engine, res.label(), grouped(int64(res.RPS())),
				ms(res.Latency.Quantile(0.50)), ms(res.Latency.Quantile(0.99)), ms(res.Latency.Max()),
				res.Errors, mib(res.PeakRSS), perRequest(res.ServerCPU, res.Requests),
				perRequest(res.ClientCPU, res.Requests), res.Busy*100, cores(res.OtherCPU, res.Elapsed), res.RespBytes)
		}
	}
	tw.Flush()
	for _, s := range r.Servers {
		for _, res := range s.Results {
			if res.Errors > 0 {
				fmt.Fprintf(w, "  %s %s %s: %d errors, first: %s\n", s.Kind, s.Engine, res.Endpoint.Path, res.Errors, res.FirstError)
			}
		}
	}
	if r.hasBursts() {
		fmt.Fprintln(w, "\nbursts: every connection opened and its form prepared first, then all requests sent at once; p50/p99 from that instant to each answer")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "server\tengine\tburst\trequests\tanswers\ttransport errors\tall answered\tp50\tp99\tpeak RSS\tserver CPU/req\t")
		for _, s := range r.Servers {
			for _, b := range s.Bursts {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t\n", s.Kind, s.Engine, b.label(), b.Burst.Conns, b.answers(),
					b.Errors, ms(b.Wall), ms(b.Latency.Quantile(0.5)), ms(b.Latency.Quantile(0.99)), mib(b.PeakRSS),
					perRequest(b.ServerCPU, uint64(b.Burst.Conns)))
			}
		}
		tw.Flush()
		for _, s := range r.Servers {
			for _, b := range s.Bursts {
				if b.Failed() {
					fmt.Fprintf(w, "  %s %s %s: %d transport errors, %d other answers, first: %s\n", s.Kind, s.Engine, b.Burst.Name, b.Errors, b.Other(), b.FirstError)
				}
			}
		}
	}
	fmt.Fprintln(w, "\ntargets (2 cores, 32 connections, load generator on the same cores)")
	for _, line := range r.targetLines() {
		fmt.Fprintln(w, "  "+line)
	}
}

// targetLines checks the figures against the targets.
func (r *Report) targetLines() []string {
	mark := func(ok bool) string {
		if ok {
			return "ok  "
		}
		return "MISS"
	}
	var lines []string
	var baseline *Result
	for _, s := range r.Servers {
		if s.Kind == "baseline" {
			for _, res := range s.Results {
				if res.Endpoint.Path == "/api/v1/health" {
					baseline = res
				}
			}
		}
	}
	for _, s := range r.Servers {
		if s.Kind != "lemedia" {
			continue
		}
		for _, res := range s.Results {
			if res.Endpoint.Path != "/api/v1/health" {
				continue
			}
			line := fmt.Sprintf("%s GET /api/v1/health >= %s req/s (%s): %s", mark(res.RPS() >= targetHealthRPS), grouped(targetHealthRPS), s.Engine, grouped(int64(res.RPS())))
			if baseline != nil && baseline.RPS() > 0 {
				line += fmt.Sprintf(", %.0f %% of the trivial net/http baseline (%s req/s)", 100*res.RPS()/baseline.RPS(), grouped(int64(baseline.RPS())))
			}
			lines = append(lines, line)
		}
		lines = append(lines, fmt.Sprintf("%s idle RSS <= 30 MiB (%s): %s", mark(s.IdleRSS <= targetIdleRSS), s.Engine, mib(s.IdleRSS)))
		med, _, _ := medianOf(s.Starts, ready)
		lines = append(lines, fmt.Sprintf("%s start to healthy <= 0.2 s (%s, median of %d fresh starts): %s", mark(med <= targetStart), s.Engine, len(s.Starts), ms(med)))
	}
	for _, s := range r.Servers {
		for _, res := range s.Results {
			if lo, hi := res.Endpoint.P50[0], res.Endpoint.P50[1]; hi > 0 {
				p50 := res.Latency.Quantile(0.5)
				line := fmt.Sprintf("%s %s %s p50 within %s–%s (%s, %d requests on %d connection(s)): %s, p99 %s, server CPU %s per request",
					mark(res.Requests > 0 && p50 >= lo && p50 <= hi), res.Endpoint.Method, res.Endpoint.Path, fmtMS(lo), fmtMS(hi), s.Engine,
					res.Requests, res.Conns, ms(p50), ms(res.Latency.Quantile(0.99)), perRequest(res.ServerCPU, res.Requests))
				// A latency target is a CPU-time target: other work on the
				// machine (even on the other core: shared caches, memory
				// bandwidth, hyperthread siblings) slows argon2id.
				if res.Elapsed > 0 && res.OtherCPU.Seconds()/res.Elapsed.Seconds() >= busyOther {
					line += fmt.Sprintf(" (other work used %s cores meanwhile: not a clean figure)", cores(res.OtherCPU, res.Elapsed))
				}
				lines = append(lines, line)
			}
		}
		for _, res := range s.Results {
			lines = append(lines, dataTargetLines(mark, s.Engine, res)...)
		}
		for _, b := range s.Bursts {
			lines = append(lines, fmt.Sprintf("%s %s (%d × %s %s at once): every answer one of %v, no transport error (%s): %s, %d transport errors, all answered after %s",
				mark(!b.Failed()), b.Burst.Name, b.Burst.Conns, b.Burst.Method, b.Burst.Path, b.Burst.Accept, s.Engine, b.answers(), b.Errors, ms(b.Wall)))
			if b.Burst.MaxPeakRSS > 0 {
				own := ""
				if !b.PeakIsOwn {
					own = " (VmHWM could not be reset: peak since start)"
				}
				lines = append(lines, fmt.Sprintf("%s %s peak RSS < %s (%s): %s%s", mark(b.PeakRSS < b.Burst.MaxPeakRSS), b.Burst.Name,
					fmtMiB(b.Burst.MaxPeakRSS), s.Engine, mib(b.PeakRSS), own))
			}
		}
	}
	ok := r.Binary.Static && r.Binary.Size <= targetBinary
	lines = append(lines, fmt.Sprintf("%s static binary <= 40 MB: %.1f MB, static: %v", mark(ok), float64(r.Binary.Size)/1e6, r.Binary.Static))
	return lines
}

// WriteMarkdown writes the report as a markdown section.
func (r *Report) WriteMarkdown(w io.Writer) {
	fmt.Fprintf(w, "## Run of %s\n\n", r.When.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "- machine: %s\n", r.machineLine())
	fmt.Fprintf(w, "- binary: %s\n", r.binaryLine())
	fmt.Fprintf(w, "- harness: %s\n", r.Harness)
	fmt.Fprintf(w, "- command: `%s`\n", r.Command)
	fmt.Fprintf(w, "- load: %s\n\n", r.loadLine())

	fmt.Fprintln(w, "| server | engine | starts | start to healthy (median) | min | max | /healthz 200 (median) | idle RSS |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range r.Servers {
		med, lo, hi := medianOf(s.Starts, ready)
		lmed, _, _ := medianOf(s.Starts, live)
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s | %s | %s |\n", s.Kind, s.Engine, len(s.Starts), ms(med), ms(lo), ms(hi), ms(lmed), mib(s.IdleRSS))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| server | engine | endpoint | req/s | p50 | p99 | max | errors | peak RSS | server CPU/req | bench CPU/req | CPU busy | other cores |")
	fmt.Fprintln(w, "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range r.Servers {
		for _, res := range s.Results {
			note := ""
			if res.Endpoint.Note != "" {
				note = " (" + res.Endpoint.Note + ")"
			}
			fmt.Fprintf(w, "| %s | %s | `%s %s`%s | %s | %s | %s | %s | %d | %s | %s | %s | %.0f %% | %s |\n",
				s.Kind, s.Engine, res.Endpoint.Method, res.Endpoint.Path, note, grouped(int64(res.RPS())),
				ms(res.Latency.Quantile(0.50)), ms(res.Latency.Quantile(0.99)), ms(res.Latency.Max()),
				res.Errors, mib(res.PeakRSS), perRequest(res.ServerCPU, res.Requests),
				perRequest(res.ClientCPU, res.Requests), res.Busy*100, cores(res.OtherCPU, res.Elapsed))
		}
	}
	if r.hasBursts() {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| server | engine | burst | requests | answers | transport errors | all answered | p50 | p99 | peak RSS | server CPU/req |")
		fmt.Fprintln(w, "| --- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
		for _, s := range r.Servers {
			for _, b := range s.Bursts {
				fmt.Fprintf(w, "| %s | %s | %s: `%s %s` | %d | %s | %d | %s | %s | %s | %s | %s |\n", s.Kind, s.Engine, b.Burst.Name,
					b.Burst.Method, b.Burst.Path, b.Burst.Conns, b.answers(), b.Errors, ms(b.Wall), ms(b.Latency.Quantile(0.5)),
					ms(b.Latency.Quantile(0.99)), mib(b.PeakRSS), perRequest(b.ServerCPU, uint64(b.Burst.Conns)))
			}
		}
	}
	fmt.Fprintln(w, "\nTargets:")
	fmt.Fprintln(w)
	for _, line := range r.targetLines() {
		fmt.Fprintln(w, "- "+strings.TrimSpace(line))
	}
}

// dataTargetLines checks a row's requests/s, p99 and peak RSS targets.
func dataTargetLines(mark func(bool) string, engine string, res *Result) []string {
	ep := res.Endpoint
	what := ep.Target
	if what == "" {
		what = ep.Method + " " + ep.Path
	}
	what += fmt.Sprintf(" (%s %s, %s, %d requests on %d connections)", ep.Method, ep.Path, engine, res.Requests, res.Conns)
	var lines []string
	if min := ep.MinRPS[engine]; min > 0 {
		lines = append(lines, fmt.Sprintf("%s %s >= %s req/s: %s", mark(res.Errors == 0 && res.RPS() >= min), what,
			grouped(int64(min)), grouped(int64(res.RPS()))))
	}
	if ep.MaxP99 > 0 {
		p99 := res.Latency.Quantile(0.99)
		lines = append(lines, fmt.Sprintf("%s %s p99 <= %s: %s", mark(res.Requests > 0 && p99 <= ep.MaxP99), what, fmtMS(ep.MaxP99), ms(p99)))
	}
	if ep.MaxPeak > 0 {
		lines = append(lines, fmt.Sprintf("%s %s peak RSS <= %s: %s", mark(res.PeakRSS <= ep.MaxPeak), what, fmtMiB(ep.MaxPeak), mib(res.PeakRSS)))
	}
	return lines
}
