package ratelimit

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/httpio"
)

// request builds a request as the server middleware would leave it.
func request(ip string, header ...string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/x", nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	info := &httpio.Info{ID: "req-1"}
	if ip != "" {
		info.ClientIP = netip.MustParseAddr(ip)
	}
	return r.WithContext(httpio.WithInfo(r.Context(), info))
}

func limited(lim Limiter, l Limit) (http.Handler, *int) {
	calls := new(int)
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { *calls++ })
	return Middleware(lim, l, ByIP("ip:"))(next), calls
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func wantHeaders(t *testing.T, w *httptest.ResponseRecorder, limit, remaining, reset string) {
	t.Helper()
	for _, p := range []string{"", "X-"} {
		for name, want := range map[string]string{"RateLimit-Limit": limit, "RateLimit-Remaining": remaining, "RateLimit-Reset": reset} {
			if got := w.Header().Get(p + name); got != want {
				t.Errorf("%s%s = %q, want %q", p, name, got, want)
			}
		}
	}
}

func TestMiddlewareCountsDownThenRefusesWithProblem(t *testing.T) {
	l := Limit{Name: "t", Rate: 2, Period: time.Minute, Burst: 2}
	h, calls := limited(NewMemory(newClock().Now), l)

	w := serve(h, request("203.0.113.7"))
	wantHeaders(t, w, "2", "1", "30")
	w = serve(h, request("203.0.113.7"))
	wantHeaders(t, w, "2", "0", "60")
	if w.Code != http.StatusOK || w.Header().Get("Retry-After") != "" {
		t.Fatalf("allowed request: %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}

	w = serve(h, request("203.0.113.7"))
	if w.Code != http.StatusTooManyRequests || *calls != 2 {
		t.Fatalf("third request: %d, handler ran %d times", w.Code, *calls)
	}
	wantHeaders(t, w, "2", "0", "60")
	if got := w.Header().Get("Retry-After"); got != "30" {
		t.Errorf("Retry-After = %q, want 30", got)
	}
	var p httpio.Problem
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || p.Status != 429 || p.Detail != "too many requests" || p.RequestID != "req-1" {
		t.Fatalf("body %s (%v)", w.Body, err)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q", ct)
	}
}

func TestMiddlewareKeysByTrustedIPOnly(t *testing.T) {
	l := Limit{Name: "t", Rate: 1, Period: time.Minute, Burst: 1}
	h, _ := limited(NewMemory(newClock().Now), l)
	serve(h, request("2001:db8:1:2::1"))
	for _, c := range []struct {
		r    *http.Request
		want int
		why  string
	}{
		{request("2001:db8:1:2::1", "X-Forwarded-For", "192.0.2.1", "X-Real-Ip", "192.0.2.2"), 429, "headers must not change the key"},
		{request("2001:db8:1:2:ffff::9"), 429, "same /64"},
		{request("2001:db8:1:3::1"), 200, "another /64"},
		{request("203.0.113.7"), 200, "another address"},
		{request(""), 200, "no client IP: not limited"},
		{request(""), 200, "no client IP: not limited"},
	} {
		if w := serve(h, c.r); w.Code != c.want {
			t.Errorf("%s: %d, want %d", c.why, w.Code, c.want)
		}
	}
}

func TestMiddlewareRefuseRendersItsOwnPage(t *testing.T) {
	l := Limit{Name: "t", Rate: 1, Period: time.Minute, Burst: 1}
	page := func(w http.ResponseWriter, r *http.Request, res Result) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte("<p>slow down</p>"))
	}
	h := MiddlewareRefuse(NewMemory(newClock().Now), l, ByIP(""), page)(http.NotFoundHandler())
	serve(h, request("203.0.113.7"))
	w := serve(h, request("203.0.113.7"))
	if w.Code != 429 || w.Body.String() != "<p>slow down</p>" || w.Header().Get("Retry-After") != "60" {
		t.Fatalf("%d %q Retry-After %q", w.Code, w.Body, w.Header().Get("Retry-After"))
	}
}

func TestCheckWritesOnlyRefusals(t *testing.T) {
	lim := NewMemory(newClock().Now)
	l := Limit{Name: "login-account", Rate: 1, Period: 15 * time.Minute, Burst: 1}
	key := AccountKey("Alice")
	w := httptest.NewRecorder()
	if !Check(w, request("203.0.113.7"), lim, l, key) || w.Body.Len() != 0 || w.Header().Get("RateLimit-Remaining") != "0" {
		t.Fatalf("allowed: body %q headers %v", w.Body, w.Header())
	}
	w = httptest.NewRecorder()
	if Check(w, request("198.51.100.1"), lim, l, AccountKey(" alice ")) || w.Code != 429 || w.Header().Get("Retry-After") != "900" {
		t.Fatalf("refused: %d headers %v", w.Code, w.Header())
	}
}

func TestApplyLeavesTheBodyToTheCaller(t *testing.T) {
	lim := NewMemory(newClock().Now)
	l := Limit{Name: "reset-ip", Rate: 1, Period: time.Hour, Burst: 1}
	Apply(httptest.NewRecorder(), request("203.0.113.7"), lim, l, "ip")
	w := httptest.NewRecorder()
	res := Apply(w, request("203.0.113.7"), lim, l, "ip")
	if res.Allowed || w.Body.Len() != 0 || w.Header().Get("Retry-After") != "3600" || w.Header().Get("RateLimit-Limit") != "1" {
		t.Fatalf("%+v, body %q, headers %v", res, w.Body, w.Header())
	}
}

type broken struct{}

func (broken) Allow(context.Context, string, Limit) (Result, error) {
	return Result{}, errors.New("no store")
}
func (broken) Reset(context.Context, string, Limit) error { return errors.New("no store") }

func TestApplyOnStoreErrorFailsOpenOrClosed(t *testing.T) {
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(&logRecorder{}))
	w := httptest.NewRecorder()
	if res := Apply(w, request("203.0.113.7"), broken{}, general, "ip"); !res.Allowed || len(w.Header()) != 0 {
		t.Fatalf("general limit: %+v headers %v, want allowed without headers", res, w.Header())
	}
	w = httptest.NewRecorder()
	if Check(w, request("203.0.113.7"), broken{}, critical, "alice") || w.Code != 429 || w.Header().Get("Retry-After") != "5" {
		t.Fatalf("fail-closed limit: %d, headers %v", w.Code, w.Header())
	}
}

func TestRetryAfterRoundsUpToWholeSeconds(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                       "1",
		100 * time.Millisecond:  "1",
		time.Second:             "1",
		1200 * time.Millisecond: "2",
		3 * time.Minute:         "180",
	} {
		h := http.Header{}
		SetHeaders(h, Result{RetryAfter: d, ResetAfter: d})
		if got := h.Get("Retry-After"); got != want {
			t.Errorf("RetryAfter %v: Retry-After %q, want %q", d, got, want)
		}
	}
}
