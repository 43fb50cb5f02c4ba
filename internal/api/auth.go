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
// spends from its user's budget, as the pages' guard does: the service
// checks the session (idle and absolute expiry, the fingerprint binding,
// suspension) and reads the user fresh; a session still waiting for its
// second factor or enrolment is refused; need are the permissions the
// operation requires on top.
func (a *api) signedInOnly(need domain.Permission) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		r, w := humago.Unwrap(ctx)
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			a.refuse(ctx, http.StatusUnauthorized, "sign in first: this operation needs a session")
			return
		}
		info := httpio.From(r.Context())
		m := service.Meta{IP: info.ClientIP.String(), RequestID: info.ID, UserAgent: r.UserAgent()}
		p, err := a.deps.Service.Authenticate(r.Context(), m, c.Value)
		if err != nil {
			a.refuse(ctx, http.StatusUnauthorized, "sign in first: the session has ended")
			return
		}
		if p.Session.Stage != service.StageFull {
			a.refuse(ctx, http.StatusUnauthorized, "finish signing in first (second factor)")
			return
		}
		l := a.deps.Policies.Authenticated
		if a.deps.Penalties != nil {
			l = a.deps.Penalties.Limit(r.Context(), ratelimit.IPKey(info.ClientIP), l)
		}
		if res := ratelimit.Apply(w, r, a.deps.Limiter, l, "user:"+strconv.FormatInt(p.User.ID, 10)); !res.Allowed {
			a.refuse(ctx, http.StatusTooManyRequests, "too many requests")
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
