package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/lemedia/lemedia/internal/service"
)

func (p *Pages) loginShow(w http.ResponseWriter, r *http.Request) {
	if _, ok := principal(r); ok {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	f := &form{Values: map[string][]string{"next": {safeNext(r.URL.Query().Get("next"))}}, Errors: map[string]string{}}
	if r.URL.Query().Get("setup") == "done" {
		f.Notice = "Your account is ready. Sign in to continue."
	}
	if r.URL.Query().Get("reset") == "done" {
		f.Notice = "Your password was changed. Sign in with the new one."
	}
	p.render(w, r, http.StatusOK, "login", "Sign in", f)
}

func (p *Pages) loginSubmit(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	login := strings.TrimSpace(f.Get("login"))
	if !p.limitLogin(w, r, login) {
		return
	}
	res, err := p.svc.Login(r.Context(), meta(r), login, r.PostFormValue("password"))
	switch {
	case errors.Is(err, service.ErrInvalidCredentials):
		p.loginFailed(r, login)
		f.Message = err.Error()
		p.render(w, r, http.StatusUnauthorized, "login", "Sign in", f)
		return
	case err != nil:
		p.fail(w, r, err)
		return
	}
	p.loginSucceeded(r, login)
	p.startSession(w, res)
	switch res.Stage {
	case service.StageMFA:
		http.Redirect(w, r, "/login/mfa?next="+url.QueryEscape(safeNext(f.Get("next"))), http.StatusSeeOther)
	case service.StageEnrol:
		http.Redirect(w, r, "/mfa/setup", http.StatusSeeOther)
	default:
		http.Redirect(w, r, safeNext(f.Get("next")), http.StatusSeeOther)
	}
}

func (p *Pages) mfaChallengeShow(w http.ResponseWriter, r *http.Request) {
	f := &form{Values: map[string][]string{"next": {safeNext(r.URL.Query().Get("next"))}}, Errors: map[string]string{}}
	p.render(w, r, http.StatusOK, "mfa_challenge", "Two-step verification", f)
}

func (p *Pages) mfaChallengeSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	f := newForm(r)
	if !p.limitMFA(w, r, pr.User.ID) {
		return
	}
	res, err := p.svc.CompleteMFA(r.Context(), meta(r), pr, r.PostFormValue("code"))
	if err != nil {
		if f.absorb(err) {
			p.loginFailed(r, "")
			p.render(w, r, http.StatusUnauthorized, "mfa_challenge", "Two-step verification", f)
			return
		}
		p.fail(w, r, err)
		return
	}
	p.startSession(w, res)
	http.Redirect(w, r, safeNext(f.Get("next")), http.StatusSeeOther)
}

func (p *Pages) logoutSubmit(w http.ResponseWriter, r *http.Request) {
	if pr, ok := principal(r); ok {
		if err := p.svc.Logout(r.Context(), meta(r), pr); err != nil {
			p.fail(w, r, err)
			return
		}
	}
	clearCookie(w, sessionCookie)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
