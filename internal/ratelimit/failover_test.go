package ratelimit

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"testing"
	"time"
)

var (
	critical = Limit{Name: "login-account", Rate: 5, Period: 15 * time.Minute, Burst: 5, FailClosed: true}
	general  = Limit{Name: "anon", Rate: 5, Period: 15 * time.Minute, Burst: 5}
)

func newDownFailover(t *testing.T) (*Failover, *logRecorder) {
	rec := &logRecorder{}
	f := NewFailover(NewRedis(downClient(t), "lemedia:"), NewMemory(newClock().Now), slog.New(rec))
	return f, rec
}

func TestFailoverFallsBackToMemoryForGeneralLimits(t *testing.T) {
	f, rec := newDownFailover(t)
	for i := range 5 {
		res := mustAllow(t, f, "ip", general)
		if !res.Allowed || res.Remaining != 4-i {
			t.Fatalf("request %d: %+v, want the memory backend's count", i+1, res)
		}
	}
	if res := mustAllow(t, f, "ip", general); res.Allowed {
		t.Fatalf("memory fallback did not limit: %+v", res)
	}
	if got := rec.levels(); !slices.Equal(got, []slog.Level{slog.LevelWarn}) {
		t.Fatalf("logged %v over 6 requests, want one warning", got)
	}
}

func TestFailoverRefusesFailClosedLimits(t *testing.T) {
	f, rec := newDownFailover(t)
	for range 3 {
		res, err := f.Allow(ctx, "alice", critical)
		if err != nil || res.Allowed || res.RetryAfter != FailClosedRetry || res.Limit != 5 {
			t.Fatalf("%+v %v, want refused for %v without an error", res, err, FailClosedRetry)
		}
	}
	if got := rec.levels(); !slices.Equal(got, []slog.Level{slog.LevelWarn}) {
		t.Fatalf("logged %v, want one warning", got)
	}
}

func TestFailoverLogsRecoveryOnceAndUsesRedisAgain(t *testing.T) {
	mr, client, _ := newMiniredis(t)
	rec := &logRecorder{}
	c := newClock()
	f := NewFailover(NewRedis(client, "lemedia:"), NewMemory(c.Now), slog.New(rec))
	f.now = c.Now

	mustAllow(t, f, "ip", general) // one request counted in Redis
	mr.Close()
	for range 3 {
		mustAllow(t, f, "ip", general)
		if res, _ := f.Allow(ctx, "alice", critical); res.Allowed {
			t.Fatal("fail-closed limit allowed during the outage")
		}
	}
	if err := mr.Restart(); err != nil {
		t.Fatal(err)
	}
	c.Advance(probeEvery)
	res := mustAllow(t, f, "ip", general)
	if res.Remaining != 3 { // Redis's count (1 before) plus this one
		t.Fatalf("after recovery: %+v, want Redis's count (3 remaining)", res)
	}
	mustAllow(t, f, "ip", general)
	if got := rec.levels(); !slices.Equal(got, []slog.Level{slog.LevelWarn, slog.LevelInfo}) {
		t.Fatalf("logged %v, want one warning and one recovery", got)
	}
}

// failing counts calls to a Store that always errors.
type failing struct{ calls int }

func (s *failing) Allow(context.Context, string, Limit) (Result, error) {
	s.calls++
	return Result{}, errors.New("down")
}
func (s *failing) Peek(c context.Context, k string, l Limit) (Result, error) { return s.Allow(c, k, l) }
func (s *failing) Reset(context.Context, string, Limit) error {
	s.calls++
	return errors.New("down")
}

func TestFailoverProbesOncePerIntervalAndLogsOnce(t *testing.T) {
	primary := &failing{}
	c := newClock()
	rec := &logRecorder{}
	f := NewFailover(primary, NewMemory(c.Now), slog.New(rec))
	f.now = c.Now
	for range 10 {
		mustAllow(t, f, "ip", general)
	}
	if primary.calls != 1 {
		t.Fatalf("primary tried %d times within one interval, want 1", primary.calls)
	}
	c.Advance(probeEvery)
	for range 10 {
		mustAllow(t, f, "ip", general)
	}
	if primary.calls != 2 {
		t.Fatalf("primary tried %d times over two intervals, want 2", primary.calls)
	}
	if got := rec.levels(); !slices.Equal(got, []slog.Level{slog.LevelWarn}) {
		t.Fatalf("logged %v for one outage probed twice, want one warning", got)
	}
}

func TestFailoverIgnoresCanceledRequests(t *testing.T) {
	f, rec := newDownFailover(t)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := f.Allow(cctx, "ip", general); err == nil {
		t.Fatal("canceled request answered without error")
	}
	if f.down.Load() || len(rec.levels()) != 0 {
		t.Fatalf("a canceled request was taken for an outage: logs %v", rec.levels())
	}
}

func TestFailoverResetClearsTheFallback(t *testing.T) {
	f, rec := newDownFailover(t)
	exhaustPlain(t, f, "ip", general)
	if err := f.Reset(ctx, "ip", general); err != nil {
		t.Fatalf("Reset during an outage: %v", err)
	}
	if res := mustAllow(t, f, "ip", general); res.Remaining != 4 {
		t.Fatalf("after Reset: %+v", res)
	}
	if got := rec.levels(); len(got) != 1 {
		t.Fatalf("logged %v, want one warning", got)
	}
}

func exhaustPlain(t *testing.T, s Limiter, key string, l Limit) {
	t.Helper()
	for range l.burst() {
		mustAllow(t, s, key, l)
	}
	if res := mustAllow(t, s, key, l); res.Allowed {
		t.Fatalf("not exhausted: %+v", res)
	}
}
