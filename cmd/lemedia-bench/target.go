package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// Target is one running server process: LeMedia or the baseline.
type Target struct {
	Kind        string // "lemedia" or "baseline"
	Binary      string
	Args        []string
	Dir         string // temporary; holds the data dir and the log
	DataDir     string
	DatabaseURL string // empty for SQLite
	LogLevel    string // empty: the server's default
	Addr        string // 127.0.0.1:PORT
	Header      map[string]string
	Sessions    map[string][]Session // signed-in sessions by set, for Endpoint.Sessions
	Extra       []string             // more environment (NAME=value), e.g. dataEnv

	cmd     *exec.Cmd
	log     *os.File
	exited  chan struct{}
	waitErr error
}

// passThrough are variables of the Go runtime worth varying in experiments.
var passThrough = []string{"PATH", "HOME", "TMPDIR", "GOMAXPROCS", "GOGC", "GOMEMLIMIT", "GODEBUG", "TZ"}

// Env is the server's environment: only what it needs, so that nothing set
// in the caller's shell changes the figures.
func (t *Target) Env() []string {
	var env []string
	for _, k := range passThrough {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	// The harness is the server's proxy: endpoints with ClientIPs send
	// X-Forwarded-For, as a TLS proxy in front of LeMedia would.
	if t.Addr != "" { // empty before Start, for a seed's CLI run
		env = append(env, "LISTEN_ADDR="+t.Addr)
	}
	env = append(env, "DATA_DIR="+t.DataDir, "TRUSTED_PROXIES=127.0.0.1")
	if t.DatabaseURL != "" {
		env = append(env, "DATABASE_URL="+t.DatabaseURL)
	}
	if t.LogLevel != "" {
		env = append(env, "LOG_LEVEL="+t.LogLevel)
	}
	return append(env, t.Extra...)
}

// BaseURL is where the server answers.
func (t *Target) BaseURL() string { return "http://" + t.Addr }

// LogPath is the file that receives the server's stdout and stderr.
func (t *Target) LogPath() string { return filepath.Join(t.Dir, "server.log") }

// Startup is how long one start took.
type Startup struct {
	Live  time.Duration // exec to the first 200 from /healthz
	Ready time.Duration // exec to the first 200 from /api/v1/health
}

// freeLoopbackAddr asks the kernel for a free port on 127.0.0.1.
func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	return addr, ln.Close()
}

// Start execs the server and polls it until it is healthy.
func (t *Target) Start(ctx context.Context) (Startup, error) {
	var err error
	if t.Addr, err = freeLoopbackAddr(); err != nil {
		return Startup{}, err
	}
	if t.log, err = os.Create(t.LogPath()); err != nil {
		return Startup{}, err
	}
	t.cmd = exec.Command(t.Binary, t.Args...)
	t.cmd.Env = t.Env()
	t.cmd.Stdout, t.cmd.Stderr = t.log, t.log
	// The server must not outlive the harness, whatever stops it.
	t.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	t.exited = make(chan struct{})
	start := time.Now()
	if err := t.cmd.Start(); err != nil {
		t.log.Close()
		return Startup{}, err
	}
	go func() { t.waitErr = t.cmd.Wait(); close(t.exited) }()
	var s Startup
	if s.Live, err = t.pollUntilOK(ctx, "/healthz", start); err != nil {
		return s, err
	}
	if s.Ready, err = t.pollUntilOK(ctx, "/api/v1/health", start); err != nil {
		return s, err
	}
	return s, nil
}

// pollClient opens a new connection for every probe, as an orchestrator would.
var pollClient = &http.Client{
	Timeout:       2 * time.Second,
	Transport:     &http.Transport{Proxy: nil, DisableKeepAlives: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// pollUntilOK asks path every millisecond until it answers 200, and
// returns the time since start.
func (t *Target) pollUntilOK(ctx context.Context, path string, start time.Time) (time.Duration, error) {
	deadline := start.Add(30 * time.Second)
	url := t.BaseURL() + path
	for {
		if resp, err := pollClient.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start), nil
			}
		}
		select {
		case <-t.exited:
			return 0, fmt.Errorf("%s exited before %s answered 200 (%v)%s", t.Kind, path, t.waitErr, t.logTail())
		case <-ctx.Done():
			return 0, ctx.Err()
		default:
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("%s: %s did not answer 200 within 30s%s", t.Kind, path, t.logTail())
		}
		time.Sleep(time.Millisecond)
	}
}

// Alive reports whether the process still runs.
func (t *Target) Alive() bool {
	select {
	case <-t.exited:
		return false
	default:
		return true
	}
}

// Stop asks the server to shut down (SIGTERM) and kills it if it has not
// stopped within grace.
func (t *Target) Stop(grace time.Duration) error {
	if t.cmd == nil || t.cmd.Process == nil {
		return nil
	}
	defer t.log.Close()
	if !t.Alive() {
		return t.exitError()
	}
	_ = t.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-t.exited:
		return t.exitError()
	case <-time.After(grace):
		_ = t.cmd.Process.Kill()
		<-t.exited
		return fmt.Errorf("%s did not stop within %s of SIGTERM; killed", t.Kind, grace)
	}
}

func (t *Target) exitError() error {
	var ee *exec.ExitError
	if t.waitErr != nil && !errors.As(t.waitErr, &ee) {
		return t.waitErr
	}
	if t.cmd.ProcessState != nil && !t.cmd.ProcessState.Success() {
		return fmt.Errorf("%s exited with %s%s", t.Kind, t.cmd.ProcessState, t.logTail())
	}
	return nil
}

// logTail returns the last lines of the server log, for error messages.
func (t *Target) logTail() string {
	b, err := os.ReadFile(t.LogPath())
	if err != nil || len(b) == 0 {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 15 {
		lines = lines[len(lines)-15:]
	}
	return "\n--- " + t.LogPath() + " (last lines)\n" + strings.Join(lines, "\n")
}

// Pid is the server's process id.
func (t *Target) Pid() int { return t.cmd.Process.Pid }
