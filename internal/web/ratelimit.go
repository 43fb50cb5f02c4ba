package web

import (
	"net/http"
	"strconv"

	"github.com/lemedia/lemedia/internal/httpio"
	"github.com/lemedia/lemedia/internal/ratelimit"
	"github.com/lemedia/lemedia/internal/service"
)

func clientKey(r *http.Request) string { return ratelimit.IPKey(httpio.From(r.Context()).ClientIP) }

// allow spends one request of l for key, with the limit tightened for an IP
// that keeps failing, and renders the 429 page when it is spent.
func (p *Pages) allow(w http.ResponseWriter, r *http.Request, l ratelimit.Limit, key string) bool {
	l = p.penalties.Limit(r.Context(), clientKey(r), l)
	res := ratelimit.Apply(w, r, p.limiter, l, key)
	if !res.Allowed {
		p.RenderError(w, r, http.StatusTooManyRequests, "Too many attempts. Wait a little and try again.")
	}
	return res.Allowed
}

// spent refuses when the failures budget of key is used up, without
// spending any: only failures count against an account.
func (p *Pages) spent(w http.ResponseWriter, r *http.Request, l ratelimit.Limit, key string) bool {
	res, err := p.limiter.Peek(r.Context(), key, l)
	if err != nil && l.FailClosed {
		res = ratelimit.Result{Limit: l.Burst, RetryAfter: ratelimit.FailClosedRetry}
	} else if err != nil {
		return false
	}
	if res.Allowed {
		return false
	}
	ratelimit.SetHeaders(w.Header(), res)
	p.RenderError(w, r, http.StatusTooManyRequests, "Too many attempts. Wait a little and try again.")
	return true
}

// rateLimitRequest is the general budget: per IP before sign-in, per user after.
func (p *Pages) rateLimitRequest(w http.ResponseWriter, r *http.Request, pr service.Principal, signed bool) bool {
	if signed {
		return p.allow(w, r, p.policies.Authenticated, "user:"+strconv.FormatInt(pr.User.ID, 10))
	}
	return p.allow(w, r, p.policies.Anonymous, clientKey(r))
}

func (p *Pages) limitLogin(w http.ResponseWriter, r *http.Request, login string) bool {
	return p.allow(w, r, p.policies.LoginIP, clientKey(r)) && !p.spent(w, r, p.policies.LoginAccount, ratelimit.AccountKey(login))
}

// loginFailed counts a failure against the account (when known) and the IP.
func (p *Pages) loginFailed(r *http.Request, login string) {
	ctx := r.Context()
	if login != "" {
		_, _ = p.limiter.Allow(ctx, ratelimit.AccountKey(login), p.policies.LoginAccount)
	}
	if pr, ok := principal(r); ok {
		_, _ = p.limiter.Allow(ctx, "user:"+strconv.FormatInt(pr.User.ID, 10), p.policies.MFAAccount)
	}
	if _, err := p.penalties.Fail(ctx, clientKey(r)); err != nil {
		p.log.Warn("penalty", "error", err)
	}
}

func (p *Pages) loginSucceeded(r *http.Request, login string) {
	_ = p.limiter.Reset(r.Context(), ratelimit.AccountKey(login), p.policies.LoginAccount)
}

func (p *Pages) limitMFA(w http.ResponseWriter, r *http.Request, userID int64) bool {
	return !p.spent(w, r, p.policies.MFAAccount, "user:"+strconv.FormatInt(userID, 10))
}

func (p *Pages) limitReset(w http.ResponseWriter, r *http.Request, email string) bool {
	if !p.allow(w, r, p.policies.ResetIP, clientKey(r)) {
		return false
	}
	return email == "" || p.allow(w, r, p.policies.ResetAddress, ratelimit.AccountKey(email))
}
