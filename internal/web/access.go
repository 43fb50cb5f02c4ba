package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/httpio"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/service"
)

const (
	sessionCookie = "__Host-lemedia_session"
	preCookie     = "__Host-lemedia_pre" // signs forms before sign-in; never a session
)

// Access says who may use a route. Every route declares one; only those
// marked Public answer without a full session.
type Access struct {
	Public bool
	Stage  string            // the session stage the route is for; "" a full session, "any" every stage
	Perm   domain.Permission // permissions needed on top of a full session
	Setup  bool              // served only while setup is needed
}

var (
	public   = Access{Public: true}
	signedIn = Access{}
	mfaStep  = Access{Stage: service.StageMFA}
	enrol    = Access{Stage: service.StageEnrol} // enrol stage or a full session
	setup    = Access{Public: true, Setup: true}
)

func need(p domain.Permission) Access { return Access{Perm: p} }

type principalKey struct{}

// principal is the signed-in user of the request, if any.
func principal(r *http.Request) (service.Principal, bool) {
	p, ok := r.Context().Value(principalKey{}).(service.Principal)
	return p, ok
}

func meta(r *http.Request) service.Meta {
	info := httpio.From(r.Context())
	return service.Meta{IP: info.ClientIP.String(), RequestID: info.ID, UserAgent: r.UserAgent()}
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// guard is the one place that decides whether a request reaches its page:
// session, setup state, CSRF token, stage and permissions, in that order.
func (p *Pages) guard(a Access, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var pr service.Principal
		var signed bool
		if c, err := r.Cookie(sessionCookie); err == nil {
			if pr, err = p.svc.Authenticate(ctx, meta(r), c.Value); err == nil {
				signed = true
				r = r.WithContext(context.WithValue(ctx, principalKey{}, pr))
			} else {
				clearCookie(w, sessionCookie)
			}
		}
		needSetup, err := p.svc.SetupNeeded(ctx)
		if err != nil {
			p.fail(w, r, err)
			return
		}
		switch {
		case needSetup && !a.Setup:
			http.Redirect(w, r, "/setup", http.StatusSeeOther)
			return
		case !needSetup && a.Setup:
			p.RenderError(w, r, http.StatusNotFound, "")
			return
		}
		if !p.rateLimitRequest(w, r, pr, signed) {
			return
		}
		if unsafeMethod(r.Method) && !p.validCSRF(r, pr, signed) {
			p.RenderError(w, r, http.StatusForbidden, "This form expired or came from another site. Go back, reload the page and try again.")
			return
		}
		if a.Public {
			h(w, r)
			return
		}
		if !signed {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			p.RenderError(w, r, http.StatusUnauthorized, "Sign in to do that.")
			return
		}
		if !stageAllows(a, pr.Session.Stage) {
			switch pr.Session.Stage {
			case service.StageMFA:
				http.Redirect(w, r, "/login/mfa", http.StatusSeeOther)
			case service.StageEnrol:
				http.Redirect(w, r, "/mfa/setup", http.StatusSeeOther)
			default:
				p.RenderError(w, r, http.StatusNotFound, "")
			}
			return
		}
		if !pr.User.Permissions.Has(a.Perm) {
			p.RenderError(w, r, http.StatusNotFound, "") // a page you may not use does not exist for you
			return
		}
		h(w, r)
	}
}

func stageAllows(a Access, stage string) bool {
	switch a.Stage {
	case "any":
		return true
	case "":
		return stage == service.StageFull
	case service.StageEnrol:
		return stage == service.StageEnrol || stage == service.StageFull
	}
	return stage == a.Stage
}

// validCSRF checks the form field or X-Csrf-Token header against the
// session's token, or, before sign-in, against the signed pre-session cookie.
func (p *Pages) validCSRF(r *http.Request, pr service.Principal, signed bool) bool {
	got := r.Header.Get("X-Csrf-Token")
	if got == "" {
		if err := r.ParseForm(); err != nil {
			return false
		}
		got = r.PostFormValue("csrf_token")
	}
	want := ""
	if signed {
		want = pr.Session.CSRFToken
	} else if c, err := r.Cookie(preCookie); err == nil && c.Value != "" {
		want = p.preToken(c.Value)
	}
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func (p *Pages) preToken(cookie string) string {
	m := hmac.New(sha256.New, []byte(p.sessionSecret.Reveal()))
	m.Write([]byte("lemedia form v1:" + cookie))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrfToken returns the token for forms on this page, setting the
// pre-session cookie when a signed-out visitor has none.
func (p *Pages) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if pr, ok := principal(r); ok {
		return pr.Session.CSRFToken
	}
	c, err := r.Cookie(preCookie)
	if err != nil || len(c.Value) < 32 {
		c = &http.Cookie{Name: preCookie, Value: secret.Token(32)}
		setCookie(w, c.Name, c.Value, 0)
	}
	return p.preToken(c.Value)
}

func setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func clearCookie(w http.ResponseWriter, name string) { setCookie(w, name, "", -1) }

// startSession hands the browser a new session token.
func (p *Pages) startSession(w http.ResponseWriter, res service.LoginResult) {
	setCookie(w, sessionCookie, res.Token, int(p.sessionMaxAge.Seconds())) // the server enforces expiry too
}

// fail answers an unexpected error with the generic page; service errors
// that mean something to the user are handled by the caller.
func (p *Pages) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, service.ErrNotFound):
		p.RenderError(w, r, http.StatusNotFound, "")
	case errors.Is(err, service.ErrForbidden):
		p.RenderError(w, r, http.StatusNotFound, "")
	case errors.Is(err, service.ErrBusy):
		w.Header().Set("Retry-After", "2")
		p.RenderError(w, r, http.StatusServiceUnavailable, err.Error())
	default:
		p.log.Error("page", "path", r.URL.Path, "error", err, "request_id", requestID(r))
		p.RenderError(w, r, http.StatusInternalServerError, "")
	}
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}
