package app_test

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/app"
	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/testenv"
)

func TestHealthOnBothEngines(t *testing.T) {
	for _, pg := range []bool{false, true} {
		name := map[bool]string{false: "sqlite", true: "postgres"}[pg]
		t.Run(name, func(t *testing.T) {
			s := apptest.Start(t, apptest.Options{Postgres: pg})
			for _, p := range []string{"/healthz", "/readyz", "/api/v1/health"} {
				r := get(t, s, p, nil)
				if r.status != 200 || r.body != "{\"status\":\"ok\"}\n" || r.header.Get("Cache-Control") != "no-store" {
					t.Errorf("%s: %d %q %q", p, r.status, r.body, r.header.Get("Cache-Control"))
				}
			}
			if got := string(s.App.Store.Engine); got != name {
				t.Fatalf("engine %s", got)
			}
		})
	}
}

// The database disappears (connections cut and refused) and comes back.
func TestHealthFollowsTheDatabase(t *testing.T) {
	url, name, admin := testenv.PostgresDatabase(t)
	s := apptest.Start(t, apptest.Options{Env: map[string]string{"DATABASE_URL": url}})
	waitStatus := func(want int) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			r := get(t, s, "/api/v1/health", nil)
			rz := get(t, s, "/readyz", nil)
			if r.status == want && rz.status == want {
				body := map[int]string{200: "{\"status\":\"ok\"}\n", 503: "{\"status\":\"unavailable\"}\n"}[want]
				if r.body != body || rz.body != body {
					t.Fatalf("body %q / %q", r.body, rz.body)
				}
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("health stayed %d/%d, want %d", r.status, rz.status, want)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitStatus(200)
	mustExec(t, admin, `ALTER DATABASE `+name+` ALLOW_CONNECTIONS false`)
	mustExec(t, admin, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '`+name+`'`)
	waitStatus(503)
	if r := get(t, s, "/healthz", nil); r.status != 200 {
		t.Errorf("liveness follows the database: %d", r.status)
	}
	mustExec(t, admin, `ALTER DATABASE `+name+` ALLOW_CONNECTIONS true`)
	waitStatus(200)
}

func mustExec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func TestHealthChecksRedisWhenConfigured(t *testing.T) {
	up := apptest.Start(t, apptest.Options{Env: map[string]string{"REDIS_URL": testenv.Redis(t)}})
	if r := get(t, up, "/api/v1/health", nil); r.status != 200 {
		t.Fatalf("with Redis up: %d", r.status)
	}
	down := apptest.Start(t, apptest.Options{Env: map[string]string{"REDIS_URL": "redis://127.0.0.1:1/0"}})
	if r := get(t, down, "/api/v1/health", nil); r.status != 503 || r.body != "{\"status\":\"unavailable\"}\n" {
		t.Fatalf("with Redis down: %d %q", r.status, r.body)
	}
}

func TestGracefulShutdownFinishesRequestsInFlight(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	entered, release := make(chan struct{}), make(chan struct{})
	s.App.Server.Router().Handle("GET /test-slow", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		w.Write([]byte("finished"))
	}))
	type result struct {
		r   response
		err error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := http.Get(s.URL + "/test-slow")
		if err != nil {
			done <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b := make([]byte, 64)
		n, _ := resp.Body.Read(b)
		done <- result{r: response{status: resp.StatusCode, body: string(b[:n])}}
	}()
	<-entered
	stopped := make(chan struct{})
	go func() { s.Stop(); close(stopped) }()
	// New connections are refused once shutdown has begun.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
		if _, err := c.Get(s.URL + "/healthz"); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("server still accepts new connections during shutdown")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case <-stopped:
		t.Fatal("shutdown did not wait for the request in flight")
	default:
	}
	close(release)
	res := <-done
	if res.err != nil || res.r.status != 200 || res.r.body != "finished" {
		t.Fatalf("in-flight request: %+v %v", res.r, res.err)
	}
	<-stopped
	if err := s.App.Store.Ping(context.Background()); err == nil {
		t.Error("database still open after shutdown")
	}
}

func TestStartRefusesAnUnreachableDatabase(t *testing.T) {
	cfg, err := config.Load(func(k string) (string, bool) {
		v, ok := map[string]string{"DATA_DIR": t.TempDir(), "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"}[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	if a, err := app.New(context.Background(), cfg, app.Options{LogOutput: &apptest.Logs{}}); err == nil {
		a.Close()
		t.Fatal("started without a database")
	}
}

func TestAdminStatusShowsDetailsOnlyToAdmins(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	owner := setupOwner(t, s)
	p := owner.Get("/admin/status")
	for _, want := range []string{"Ready", "database", "migrations", "sqlite", "built-in"} {
		if p.Status != 200 || !strings.Contains(p.Body, want) {
			t.Fatalf("status page lacks %q: %d", want, p.Status)
		}
	}
	createUser(t, s, owner, "nosy")
	nosy := s.NewBrowser(t)
	signIn(t, nosy, "nosy", "password of nosy")
	if p := nosy.Get("/admin/status"); p.Status != http.StatusNotFound {
		t.Fatalf("a user sees the status page: %d", p.Status)
	}
	if r := get(t, s, "/api/v1/health", nil); strings.Contains(r.body, "database") {
		t.Fatalf("public health says too much: %s", r.body)
	}
}
