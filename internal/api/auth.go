package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/httpio"
	"github.com/lemedia/lemedia/internal/ratelimit"
	"github.com/lemedia/lemedia/internal/service"
)

// sessionCookie is the pages' session cookie (internal/web): a browser
// signed in to the pages may call the API with it.
const sessionCookie = "__Host-lemedia_session"

// cookieAuth is the OpenAPI security scheme of the session cookie.
const cookieAuth = "cookieAuth"

var signedIn = []map[string][]string{{cookieAuth: {}}}

type principalKey struct{}

// principal is the caller that signedInOnly let through.
func principal(ctx context.Context) service.Principal {
	p, _ := ctx.Value(principalKey{}).(service.Principal)
	return p
}

// signedInOnly admits a request with a valid, fully signed-in session and
// spends from its user's budget (others spend from their address's), as
// the pages' guard does: the service
// checks the session (idle and absolute expiry, the fingerprint binding,
// suspension) and reads the user fresh; a session still waiting for its
// second factor or enrolment is refused; need are the permissions the
// operation requires on top.
func (a *api) signedInOnly(need domain.Permission) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		r, w := humago.Unwrap(ctx)
		info := httpio.From(r.Context())
		ip := ratelimit.IPKey(info.ClientIP)
		// limit spends from key's budget (tightened for an IP that keeps
		// failing) and answers 429 when it is spent.
		limit := func(l ratelimit.Limit, key string) bool {
			if a.deps.Penalties != nil {
				l = a.deps.Penalties.Limit(r.Context(), ip, l)
			}
			if res := ratelimit.Apply(w, r, a.deps.Limiter, l, key); !res.Allowed {
				a.refuse(ctx, http.StatusTooManyRequests, "too many requests")
				return false
			}
			return true
		}
		// unsigned answers 401 from the anonymous budget of the address.
		unsigned := func(detail string) {
			if limit(a.deps.Policies.Anonymous, ip) {
				a.refuse(ctx, http.StatusUnauthorized, detail)
			}
		}
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			unsigned("sign in first: this operation needs a session")
			return
		}
		m := service.Meta{IP: info.ClientIP.String(), RequestID: info.ID, UserAgent: r.UserAgent()}
		p, err := a.deps.Service.Authenticate(r.Context(), m, c.Value)
		if err != nil {
			unsigned("sign in first: the session has ended")
			return
		}
		if p.Session.Stage != service.StageFull {
			unsigned("finish signing in first (second factor)")
			return
		}
		if !limit(a.deps.Policies.Authenticated, "user:"+strconv.FormatInt(p.User.ID, 10)) {
			return
		}
		if !p.User.Permissions.Has(need) {
			a.refuse(ctx, http.StatusForbidden, "you do not have permission for this operation")
			return
		}
		next(huma.WithValue(ctx, principalKey{}, p))
	}
}

func (a *api) refuse(ctx huma.Context, status int, detail string) {
	ctx.SetHeader("Cache-Control", "no-store")
	_ = huma.WriteErr(a.API, ctx, status, detail)
}
