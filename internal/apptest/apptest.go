// Package apptest starts a real LeMedia server for tests: the same wiring as
// production, on a free loopback port, with a fresh database.
package apptest

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/app"
	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/jobs"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/testenv"
)

// Server is a running LeMedia.
type Server struct {
	URL  string
	App  *app.App
	Logs *Logs
	stop func()
}

// Options choose the engine and extra environment.
type Options struct {
	Postgres bool              // a fresh PostgreSQL schema instead of SQLite
	Env      map[string]string // more settings, by variable name
	Now      func() time.Time
	Jobs     *jobs.Config // nil: quick polling and retries, for tests
}

// QuickJobs polls and retries within tens of milliseconds, so tests of
// background work take a moment, not minutes.
var QuickJobs = jobs.Config{PollInterval: 50 * time.Millisecond, TickInterval: 250 * time.Millisecond,
	RetryBase: 100 * time.Millisecond, Attempts: 3}

// Start runs a server until the test ends.
func Start(t testing.TB, o Options) *Server {
	t.Helper()
	env := map[string]string{"DATA_DIR": t.TempDir(), "LISTEN_ADDR": "127.0.0.1:0", "LOG_LEVEL": "debug",
		"REDIS_PREFIX": "lemedia-test:" + secret.Token(9) + ":"} // tests share one Redis
	if o.Postgres {
		env["DATABASE_URL"] = testenv.Postgres(t)
	}
	for k, v := range o.Env {
		env[k] = v
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	logs := &Logs{}
	jc := QuickJobs
	if o.Jobs != nil {
		jc = *o.Jobs
	}
	a, err := app.New(context.Background(), cfg, app.Options{LogOutput: logs, Now: o.Now, Jobs: jc})
	if err != nil {
		t.Fatalf("app: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	s := &Server{URL: "http://" + ln.Addr().String(), App: a, Logs: logs}
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
			a.Close()
		})
	}
	t.Cleanup(s.stop)
	return s
}

// Stop shuts the server down gracefully and waits for it.
func (s *Server) Stop() { s.stop() }

// Client is an HTTP client that does not follow redirects.
func Client() *http.Client {
	return &http.Client{
		Timeout:       10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Logs collects the server's log lines; safe for concurrent use.
type Logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns everything logged so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Lines returns the log lines containing every one of parts.
func (l *Logs) Lines(parts ...string) []string {
	var out []string
	for _, line := range strings.Split(l.String(), "\n") {
		ok := line != ""
		for _, p := range parts {
			ok = ok && strings.Contains(line, p)
		}
		if ok {
			out = append(out, line)
		}
	}
	return out
}
