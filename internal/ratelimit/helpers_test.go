package ratelimit

import (
	"context"
	"crypto/rand"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/lemedia/lemedia/internal/testenv"
)

var ctx = context.Background()

// clock is a fake time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newMiniredis starts miniredis on a fake clock. redis_rate's script reads
// the server's TIME, which miniredis takes from SetTime; FastForward alone
// only ages TTLs, so advance does both.
func newMiniredis(t testing.TB) (*miniredis.Miniredis, *redis.Client, func(time.Duration)) {
	mr := miniredis.RunT(t)
	now := newClock().Now()
	mr.SetTime(now)
	advance := func(d time.Duration) {
		now = now.Add(d)
		mr.SetTime(now)
		mr.FastForward(d)
	}
	c := redis.NewClient(&redis.Options{Addr: mr.Addr()})
	t.Cleanup(func() { c.Close() })
	return mr, c, advance
}

// newRealRedis returns a Redis limiter on the local server whose keys carry a
// prefix unique to this test, deleted afterwards.
func newRealRedis(t testing.TB) (*Redis, *redis.Client) {
	opt, err := redis.ParseURL(testenv.Redis(t))
	if err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(opt)
	if err := c.Ping(ctx).Err(); err != nil {
		c.Close()
		testenv.Missing(t, "Redis", err)
	}
	r := NewRedis(c, "lemedia:test:"+strings.ToLower(rand.Text())+":")
	t.Cleanup(func() {
		keys, _ := c.Keys(context.Background(), "rate:"+r.prefix+"*").Result()
		if len(keys) > 0 {
			c.Del(context.Background(), keys...)
		}
		c.Close()
	})
	return r, c
}

// downClient points at a port nothing listens on.
func downClient(t testing.TB) *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", DialTimeout: 200 * time.Millisecond, DialerRetries: 1, MaxRetries: -1})
	t.Cleanup(func() { c.Close() })
	return c
}

// logRecorder keeps the records logged through it.
type logRecorder struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (h *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (h *logRecorder) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.recs = append(h.recs, r)
	return nil
}
func (h *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *logRecorder) WithGroup(string) slog.Handler      { return h }

// levels lists the levels logged so far, in order.
func (h *logRecorder) levels() []slog.Level {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []slog.Level
	for _, r := range h.recs {
		out = append(out, r.Level)
	}
	return out
}

func mustAllow(t *testing.T, s Limiter, key string, l Limit) Result {
	t.Helper()
	res, err := s.Allow(ctx, key, l)
	if err != nil {
		t.Fatalf("Allow(%q, %s): %v", key, l.Name, err)
	}
	return res
}
