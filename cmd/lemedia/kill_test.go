package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/auth"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/jobs"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/sim/arr"
	"github.com/lemedia/lemedia/internal/store"
)

// serveEnv makes this test binary run `lemedia serve` when set, so a test
// can start LeMedia as a real process and kill it.
const serveEnv = "LEMEDIA_TEST_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(serveEnv) == "1" {
		os.Exit(run([]string{"serve"}, os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// gate holds Radarr's "add a film" until released, and counts the adds.
type gate struct {
	next    http.Handler
	arrived chan struct{}
	release chan struct{}
	mu      sync.Mutex
	adds    int
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && r.URL.Path == "/api/v3/movie" {
		g.mu.Lock()
		g.adds++
		first := g.adds == 1
		g.mu.Unlock()
		if first {
			close(g.arrived)
			<-g.release
		}
	}
	g.next.ServeHTTP(w, r)
}

// startServer runs LeMedia as a child process and waits until it listens.
func startServer(t *testing.T, env []string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), append(env, serveEnv+"=1")...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	logs := &lockedWriter{w: &stderr}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			_, _ = logs.Write([]byte(sc.Text() + "\n"))
			if regexp.MustCompile(`LeMedia is running at`).MatchString(sc.Text()) {
				ready <- true
			}
		}
		ready <- false
	}()
	select {
	case ok := <-ready:
		if !ok {
			t.Fatalf("LeMedia exited before listening: %s", cmd.Stderr.(*lockedWriter).String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("LeMedia did not start")
	}
	return cmd
}

type lockedWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.String()
}

// rescued: no run is left running, and the killed one was closed.
func rescued(runs []store.JobRun) bool {
	closed := false
	for _, r := range runs {
		if r.Outcome == "running" {
			return false
		}
		closed = closed || (r.Outcome == "failed" && strings.Contains(r.Error, "stopped"))
	}
	return closed
}

func TestHandoffCompletesOnceAfterTheProcessIsKilled(t *testing.T) {
	ctx := context.Background()
	radarr, err := arr.NewRadarr(arr.Options{APIKey: "radarr-key"})
	if err != nil {
		t.Fatal(err)
	}
	g := &gate{next: radarr, arrived: make(chan struct{}), release: make(chan struct{})}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		select {
		case <-g.release:
		default:
			close(g.release)
		}
	})

	dir := t.TempDir()
	key := secret.Token(32)
	env := []string{"DATA_DIR=" + dir, "LISTEN_ADDR=127.0.0.1:0", "DATABASE_URL=", "SERVICES_SECRET_KEY=" + key,
		"SESSION_SECRET=" + secret.Token(32), "LOG_FORMAT=text",
		"JOB_POLL_INTERVAL=50ms", "JOB_RETRY_BASE=100ms", "JOB_RESCUE_AFTER=2s"}
	first := startServer(t, env)

	// Provision Radarr and an approved request, as the admin pages would,
	// from this process on the same database.
	st, err := store.OpenSQLite(ctx, filepath.Join(dir, "lemedia.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hasher, _ := auth.NewHasher(auth.HasherConfig{Params: auth.MinParams})
	sealer, _ := secret.NewSealer(secret.New(key))
	svc := service.New(service.Options{Store: st, Hasher: hasher, Sealer: sealer, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		ReauthWindow: 10 * time.Minute, SessionIdle: time.Hour, SessionMaxAge: time.Hour, SessionBinding: "off"})
	pw := "correct horse battery staple"
	owner, err := svc.Setup(ctx, service.Meta{}, service.AccountInput{Username: "owner", Email: "o@example.org", Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	res, err := svc.Login(ctx, service.Meta{}, "owner", pw)
	if err != nil {
		t.Fatal(err)
	}
	p, err := svc.Authenticate(ctx, service.Meta{}, res.Token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateMediaService(ctx, service.Meta{}, p, service.MediaServiceInput{MediaService: service.MediaService{
		Kind: service.ServiceRadarr, Name: "Radarr", BaseURL: srv.URL, APIKey: secret.New("radarr-key"), Default: true, Enabled: true,
		Arr: service.ArrSettings{QualityProfileID: 1, RootFolder: "/movies"}}}); err != nil {
		t.Fatal(err)
	}
	inserter, err := jobs.New(st, svc, jobs.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := st.WithTx(ctx, func(tx *store.Tx) error {
		id, err = store.InsertRequest(ctx, tx, domain.Request{UserID: owner.ID, RequestedBy: owner.ID, Type: domain.Movie,
			TMDBID: 9000001, Title: "Film", Status: domain.StatusApproved}, time.Now())
		if err != nil {
			return err
		}
		return inserter.Enqueue(ctx, tx, id)
	}); err != nil {
		t.Fatal(err)
	}

	// Killed while Radarr is adding the film; the add then lands anyway.
	select {
	case <-g.arrived:
	case <-time.After(30 * time.Second):
		t.Fatal("the hand-off never reached Radarr")
	}
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	close(g.release)

	// Restarted: the request is sent (by the rescued job, or by the status
	// sync, which finds it approved and unsent); the hand-off finds the film
	// Radarr already holds.
	startServer(t, env)
	deadline := time.Now().Add(90 * time.Second)
	for {
		r, err := store.RequestByID(ctx, st.DB, id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status == domain.StatusProcessing {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("request still %s", r.Status)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// River also rescues the killed attempt once JOB_RESCUE_AFTER has
	// passed: its history row is closed, and its rerun finds the request
	// sent already.
	for {
		runs, err := store.JobRuns(ctx, st.DB, store.JobRunsFilter{Kind: "request_handoff"})
		if err != nil {
			t.Fatal(err)
		}
		if rescued(runs) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the killed attempt was never rescued: %+v", runs)
		}
		time.Sleep(200 * time.Millisecond)
	}
	g.mu.Lock()
	adds := g.adds
	g.mu.Unlock()
	if adds != 1 {
		t.Fatalf("Radarr was asked to add the film %d times", adds)
	}
	if r, _ := store.RequestByID(ctx, st.DB, id); r.ExternalID == 0 {
		t.Fatalf("no Radarr id recorded: %+v", r)
	}
	for _, v := range radarr.Violations() {
		t.Errorf("spec violation: %s", v)
	}
}
