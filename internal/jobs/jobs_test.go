package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/auth"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/jobs"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/store"
	"github.com/lemedia/lemedia/internal/testenv"
)

// sender stands in for Radarr/Sonarr: it fails the first failures calls.
type sender struct {
	mu       sync.Mutex
	calls    []int64
	failures int
}

func (s *sender) Send(_ context.Context, r domain.Request) (service.Delivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, r.ID)
	if len(s.calls) <= s.failures {
		return service.Delivery{}, errors.New("radarr: connection refused")
	}
	return service.Delivery{ServiceID: 1, ExternalID: 100 + r.ID}, nil
}

func (s *sender) count() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.calls) }

type env struct {
	st     *store.Store
	svc    *service.Service
	runner *jobs.Runner
	user   int64
}

var quick = jobs.Config{PollInterval: 50 * time.Millisecond, TickInterval: 200 * time.Millisecond,
	RetryBase: 50 * time.Millisecond, Attempts: 3}

// newEnv opens a migrated database; url "" is SQLite in a temporary directory.
func newEnv(t *testing.T, url string, snd service.Sender) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, url, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := jobs.Migrate(ctx, st); err != nil {
		t.Fatal(err)
	}
	return start(t, st, snd)
}

// start adds a service and a running job runner to a database.
func start(t *testing.T, st *store.Store, snd service.Sender) *env {
	t.Helper()
	hasher, err := auth.NewHasher(auth.HasherConfig{Params: auth.MinParams})
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := secret.NewSealer(secret.New("test-services-key-0123456789abcdefghijkl"))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := service.New(service.Options{Store: st, Hasher: hasher, Sealer: sealer, Log: log, Sender: snd})
	cfg := quick
	cfg.Log = log
	r, err := jobs.New(st, svc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	svc.Handoff, svc.JobControl = r, r
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := r.Stop(ctx); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
	return &env{st: st, svc: svc, runner: r}
}

func engines(t *testing.T, fn func(t *testing.T, url string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, "") })
	t.Run("postgres", func(t *testing.T) { fn(t, testenv.Postgres(t)) })
}

// approved files an approved film request and queues its hand-off in the
// same transaction, as the service does.
func (e *env) approved(t *testing.T, tmdbID int64) int64 {
	t.Helper()
	ctx := context.Background()
	if e.user == 0 {
		if _, err := e.svc.Setup(ctx, service.Meta{}, service.AccountInput{Username: "owner", Email: "owner@example.org",
			Password: "correct horse battery staple"}); err != nil {
			t.Fatal(err)
		}
		u, err := store.UserByLogin(ctx, e.st.DB, "owner")
		if err != nil {
			t.Fatal(err)
		}
		e.user = u.ID
	}
	var id int64
	err := e.st.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		id, err = store.InsertRequest(ctx, tx, domain.Request{UserID: e.user, RequestedBy: e.user, Type: domain.Movie,
			TMDBID: tmdbID, Title: "Film", Status: domain.StatusApproved}, time.Now())
		if err != nil {
			return err
		}
		return e.runner.Enqueue(ctx, tx, id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (e *env) status(t *testing.T, id int64) domain.Request {
	t.Helper()
	r, err := store.RequestByID(context.Background(), e.st.DB, id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// eventually polls cond for up to 20 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func runs(t *testing.T, st *store.Store, kind string) []store.JobRun {
	t.Helper()
	list, err := store.JobRuns(context.Background(), st.DB, store.JobRunsFilter{Kind: kind, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func TestApprovedRequestIsHandedOff(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		snd := &sender{}
		e := newEnv(t, url, snd)
		id := e.approved(t, 9000001)
		eventually(t, "processing", func() bool { return e.status(t, id).Status == domain.StatusProcessing })
		if r := e.status(t, id); r.ServiceID != 1 || r.ExternalID != 100+id {
			t.Fatalf("delivery not recorded: %+v", r)
		}
		eventually(t, "run recorded", func() bool {
			r := runs(t, e.st, "request_handoff")
			return len(r) == 1 && r[0].Outcome == "ok" && !r[0].FinishedAt.IsZero()
		})
		if snd.count() != 1 {
			t.Fatalf("sent %d times", snd.count())
		}
	})
}

func TestRolledBackApprovalQueuesNothing(t *testing.T) {
	snd := &sender{}
	e := newEnv(t, "", snd)
	e.approved(t, 9000001) // creates the owner and proves the runner works
	eventually(t, "first hand-off", func() bool { return snd.count() == 1 })
	ctx := context.Background()
	boom := errors.New("boom")
	err := e.st.WithTx(ctx, func(tx *store.Tx) error {
		id, err := store.InsertRequest(ctx, tx, domain.Request{UserID: e.user, RequestedBy: e.user, Type: domain.Movie,
			TMDBID: 9000002, Title: "Film", Status: domain.StatusApproved}, time.Now())
		if err != nil {
			return err
		}
		if err := e.runner.Enqueue(ctx, tx, id); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	var queued int
	if err := e.st.DB.QueryRow(`SELECT COUNT(*) FROM river_job WHERE kind = 'request_handoff'`).Scan(&queued); err != nil {
		t.Fatal(err)
	}
	if queued != 1 {
		t.Fatalf("%d hand-off jobs exist, want the first one only", queued)
	}
}

func TestHandoffRetriesUntilTheServiceIsBack(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		snd := &sender{failures: 2}
		e := newEnv(t, url, snd)
		id := e.approved(t, 9000001)
		eventually(t, "processing", func() bool { return e.status(t, id).Status == domain.StatusProcessing })
		if snd.count() != 3 {
			t.Fatalf("sent %d times, want 3", snd.count())
		}
		eventually(t, "three runs", func() bool { return len(runs(t, e.st, "request_handoff")) == 3 })
		got := runs(t, e.st, "request_handoff")
		if got[0].Outcome != "ok" || got[1].Outcome != "failed" || !strings.Contains(got[1].Error, "connection refused") {
			t.Fatalf("runs = %+v", got)
		}
	})
}

func TestHandoffFailsTheRequestAfterTheLastAttempt(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		snd := &sender{failures: 1000}
		e := newEnv(t, url, snd)
		id := e.approved(t, 9000001)
		eventually(t, "failed", func() bool { return e.status(t, id).Status == domain.StatusFailed })
		if snd.count() != quick.Attempts {
			t.Fatalf("sent %d times, want %d", snd.count(), quick.Attempts)
		}
		events, err := store.RequestEvents(context.Background(), e.st.DB, id)
		if err != nil {
			t.Fatal(err)
		}
		last := events[len(events)-1]
		if last.To != domain.StatusFailed || !strings.Contains(last.Reason, "connection refused") || last.ActorID != 0 {
			t.Fatalf("last event = %+v", last)
		}
	})
}

func TestNoDownloadServiceLeavesTheRequestApproved(t *testing.T) {
	e := newEnv(t, "", nil)
	id := e.approved(t, 9000001)
	eventually(t, "skipped run", func() bool {
		r := runs(t, e.st, "request_handoff")
		return len(r) == 1 && r[0].Outcome == "skipped"
	})
	if got := e.status(t, id).Status; got != domain.StatusApproved {
		t.Fatalf("status = %s", got)
	}
}

func TestRunNowQueuesOnceAtATime(t *testing.T) {
	e := newEnv(t, "", nil)
	ctx := context.Background()
	queued, err := e.runner.RunNow(ctx, "housekeeping")
	if err != nil || !queued {
		t.Fatalf("first run now: %v %v", queued, err)
	}
	eventually(t, "housekeeping run", func() bool {
		r := runs(t, e.st, "housekeeping")
		return len(r) == 1 && r[0].Outcome == "ok"
	})
	if _, err := e.runner.RunNow(ctx, "no_such_job"); !errors.Is(err, service.ErrUnknownJob) {
		t.Fatalf("unknown kind: %v", err)
	}
}

func TestTwoInstancesRunAPeriodicJobOncePerDueTime(t *testing.T) {
	url := testenv.Postgres(t)
	a := newEnv(t, url, nil)
	st2, err := store.Open(context.Background(), url, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st2.Close() })
	start(t, st2, nil)
	due := func() {
		if _, err := a.st.DB.Exec(`UPDATE job_schedule SET next_run_at = $1 WHERE kind = 'housekeeping'`,
			time.Now().Add(-time.Second).UTC()); err != nil {
			t.Fatal(err)
		}
	}
	for round := 1; round <= 2; round++ {
		due()
		eventually(t, "a housekeeping run", func() bool { return len(runs(t, a.st, "housekeeping")) >= round })
		time.Sleep(8 * quick.TickInterval) // several more ticks on both instances
		if n := len(runs(t, a.st, "housekeeping")); n != round {
			t.Fatalf("round %d: %d runs", round, n)
		}
	}
	sc, err := store.JobScheduleByKind(context.Background(), a.st.DB, "housekeeping")
	if err != nil || sc.NextRunAt.Before(time.Now().Add(50*time.Minute)) {
		t.Fatalf("next run not moved an interval on: %+v %v", sc, err)
	}
}

func TestRunNowAgainAfterARunEnds(t *testing.T) {
	engines(t, func(t *testing.T, url string) {
		e := newEnv(t, url, nil)
		for i := 1; i <= 2; i++ {
			// The previous run counts as running until River has recorded
			// its end, a moment after our history row says so.
			eventually(t, "queued", func() bool {
				queued, err := e.runner.RunNow(context.Background(), "housekeeping")
				if err != nil {
					t.Fatal(err)
				}
				return queued
			})
			eventually(t, "run finished", func() bool {
				r := runs(t, e.st, "housekeeping")
				return len(r) == i && r[0].Outcome == "ok"
			})
		}
	})
}
