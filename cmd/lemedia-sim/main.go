// Command lemedia-sim is a simulated media stack on loopback, for demos,
// browser tests and benchmarks: Radarr, Sonarr, Jellyfin, Plex and TMDB on
// one port under path prefixes. What LeMedia adds to Radarr or Sonarr is
// "downloaded" over a set time and then listed by Jellyfin and Plex; the
// libraries can be seeded large. Control endpoints under /control switch
// services off and delete files (see control.go and the README).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

const about = `A simulated Radarr, Sonarr, Jellyfin, Plex and TMDB on loopback for LeMedia's
demos, browser tests and benchmarks. It prints the URLs and keys to enter on
LeMedia's admin services page.`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "lemedia-sim:", err)
		os.Exit(2)
	}
}

// run serves until ctx ends. The first line written to stdout is
// "lemedia-sim listening on http://HOST:PORT", with the port chosen when
// -listen asks for port 0.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	s, err := newStack(o) // before listening: a connection accepted is served
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	defer ln.Close()
	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "lemedia-sim listening on %s\n", base)
	index := banner(o, s, base)
	fmt.Fprint(stdout, index)

	var h http.Handler = s.handler(index)
	if o.verbose {
		h = logRequests(log.New(stdout, "", log.Ltime|log.Lmicroseconds), h)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	tick := time.NewTicker(settleEvery(o.downloadTime))
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			s.settle()
		case err := <-done:
			return err
		case <-ctx.Done():
			shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := srv.Shutdown(shut)
			fmt.Fprint(stdout, violationSummary(s))
			return err
		}
	}
}

// logRequests writes one line per request: method, path, status, time.
func logRequests(l *log.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			status := strconv.Itoa(rec.status)
			v := recover()
			if v != nil {
				status = "dropped"
			}
			l.Printf("%s %s %s %s", r.Method, r.URL.Path, status, time.Since(start).Round(time.Microsecond))
			if v != nil {
				panic(v)
			}
		}()
		h.ServeHTTP(rec, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
