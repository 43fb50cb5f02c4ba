package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Keys the tests start the simulator with.
const (
	radarrKey   = "test-radarr-key"
	sonarrKey   = "test-sonarr-key"
	jellyfinKey = "test-jellyfin-key"
	plexKey     = "test-plex-token"
	tmdbKey     = "test-tmdb-token"
)

// sim is a simulator started in process by run on a free loopback port.
type sim struct {
	t    *testing.T
	base string
}

// startSim runs the simulator until the test ends and waits for its banner.
func startSim(t *testing.T, args ...string) *sim {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	args = append([]string{"-listen", "127.0.0.1:0", "-radarr-key", radarrKey, "-sonarr-key", sonarrKey,
		"-jellyfin-key", jellyfinKey, "-plex-key", plexKey, "-tmdb-key", tmdbKey}, args...)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run: %v", err)
		}
	})
	lines := bufio.NewScanner(pr)
	if !lines.Scan() {
		t.Fatalf("no banner: %v", <-done)
	}
	base, ok := strings.CutPrefix(lines.Text(), "lemedia-sim listening on ")
	if !ok {
		t.Fatalf("first line %q", lines.Text())
	}
	go func() { // keep reading so the simulator never blocks on its output
		for lines.Scan() {
		}
	}()
	s := &sim{t: t, base: base}
	t.Cleanup(s.noViolations)
	return s
}

// do sends a request with headers (pairs of name and value) and returns the
// status and body.
func (s *sim) do(method, path, body string, headers ...string) (int, []byte) {
	s.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.base+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return resp.StatusCode, b
}

// json sends a request that must answer want and decodes the body into v.
func (s *sim) json(method, path, body string, want int, v any, headers ...string) {
	s.t.Helper()
	status, b := s.do(method, path, body, headers...)
	if status != want {
		s.t.Fatalf("%s %s: %d %s, want %d", method, path, status, b, want)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			s.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}

func (s *sim) status() statusBody {
	s.t.Helper()
	var st statusBody
	s.json(http.MethodGet, "/control/status", "", http.StatusOK, &st)
	return st
}

// noViolations fails the test for any request that broke a contract.
func (s *sim) noViolations() {
	if s.t.Failed() {
		return
	}
	var vs map[string][]string
	s.json(http.MethodGet, "/control/violations", "", http.StatusOK, &vs)
	for name, list := range vs {
		for _, v := range list {
			s.t.Errorf("%s violation: %s", name, v)
		}
	}
}

// eventually polls cond until it holds, for at most five seconds.
func (s *sim) eventually(what string, cond func() bool) {
	s.t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: not after 5s", what)
		}
	}
}

// Headers of each service's clients.
var (
	radarrAuth   = []string{"X-Api-Key", radarrKey}
	sonarrAuth   = []string{"X-Api-Key", sonarrKey}
	jellyfinAuth = []string{"Authorization", `MediaBrowser Client="test", Device="test", DeviceId="t", Version="1", Token="` + jellyfinKey + `"`}
	plexAuth     = []string{"X-Plex-Token", plexKey, "Accept", "application/json", "X-Plex-Client-Identifier", "test"}
	tmdbAuth     = []string{"Authorization", "Bearer " + tmdbKey}
)
