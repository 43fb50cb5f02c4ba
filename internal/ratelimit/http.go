package ratelimit

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/lemedia/lemedia/internal/httpio"
)

// Middleware limits each request under l by key; a request without a key
// (ok false) passes unlimited. Refused requests get a JSON 429.
func Middleware(lim Limiter, l Limit, key func(*http.Request) (string, bool)) func(http.Handler) http.Handler {
	return MiddlewareRefuse(lim, l, key, WriteTooMany)
}

// MiddlewareRefuse is Middleware with the refusal written by refuse (e.g. an
// HTML page); the rate limit headers are already set when it is called.
func MiddlewareRefuse(lim Limiter, l Limit, key func(*http.Request) (string, bool), refuse func(http.ResponseWriter, *http.Request, Result)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if k, ok := key(r); ok {
				if res := Apply(w, r, lim, l, k); !res.Allowed {
					refuse(w, r, res)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// Check is for handlers that know the key only inside (login per account):
// it spends from key under l and, when refused, writes the JSON 429 and
// returns false.
func Check(w http.ResponseWriter, r *http.Request, lim Limiter, l Limit, key string) bool {
	res := Apply(w, r, lim, l, key)
	if !res.Allowed {
		WriteTooMany(w, r, res)
	}
	return res.Allowed
}

// Apply spends from key under l and sets the rate limit headers (and
// Retry-After when refused) but writes no body: a page handler renders its
// own 429 when !Allowed. A store error refuses FailClosed limits and lets the
// others through without headers, so an outage does not take the site down.
func Apply(w http.ResponseWriter, r *http.Request, lim Limiter, l Limit, key string) Result {
	res, err := lim.Allow(r.Context(), key, l)
	if err != nil {
		slog.ErrorContext(r.Context(), "rate limit check failed", "limit", l.Name, "err", err)
		if !l.FailClosed {
			return Result{Allowed: true}
		}
		res = unavailable(l)
	}
	SetHeaders(w.Header(), res)
	return res
}

// WriteTooMany writes the 429 JSON problem for a refused res.
func WriteTooMany(w http.ResponseWriter, r *http.Request, res Result) {
	SetHeaders(w.Header(), res)
	httpio.WriteProblem(w, r, http.StatusTooManyRequests, "too many requests")
}

// SetHeaders sets RateLimit-* (the IETF draft) and the older X-RateLimit-*
// that many clients read, both with Reset in seconds from now; and
// Retry-After when res is a refusal.
func SetHeaders(h http.Header, res Result) {
	limit, remaining := strconv.Itoa(res.Limit), strconv.Itoa(res.Remaining)
	reset := strconv.FormatInt(ceilSeconds(res.ResetAfter), 10)
	for _, p := range []string{"", "X-"} {
		h.Set(p+"RateLimit-Limit", limit)
		h.Set(p+"RateLimit-Remaining", remaining)
		h.Set(p+"RateLimit-Reset", reset)
	}
	if !res.Allowed {
		h.Set("Retry-After", strconv.FormatInt(max(ceilSeconds(res.RetryAfter), 1), 10))
	}
}

// ceilSeconds rounds up: a client that waits the advertised time must pass.
func ceilSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Second - 1) / time.Second)
}
