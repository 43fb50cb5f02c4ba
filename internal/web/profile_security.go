package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/lemedia/lemedia/internal/service"
)

type securityView struct {
	*form
	User     any
	Sessions []service.Session
	Current  int64
	Elevated bool
}

func (p *Pages) securityShow(w http.ResponseWriter, r *http.Request) {
	p.renderSecurity(w, r, http.StatusOK, &form{Errors: map[string]string{}, Notice: noticeFor(r.URL.Query().Get("done"))})
}

func noticeFor(done string) string {
	return map[string]string{
		"password": "Your password was changed. Other devices were signed out.",
		"email":    "Your email address was changed.",
		"mfa-off":  "Two-step verification is off.",
		"revoked":  "The session was ended.",
		"others":   "Every other session was ended.",
	}[done]
}

func (p *Pages) renderSecurity(w http.ResponseWriter, r *http.Request, status int, f *form) {
	pr, _ := principal(r)
	sessions, err := p.svc.Sessions(r.Context(), pr, pr.User.ID)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, r, status, "profile_security", "Security",
		securityView{form: f, User: pr.User, Sessions: sessions, Current: pr.Session.ID, Elevated: p.svc.Elevated(pr)})
}

// afterChange handles a profile action's error: a field error re-renders
// the page, a missing re-authentication sends the user to confirm first.
func (p *Pages) afterChange(w http.ResponseWriter, r *http.Request, f *form, err error, done string) {
	switch {
	case err == nil:
		http.Redirect(w, r, "/profile/security?done="+done, http.StatusSeeOther)
	case errors.Is(err, service.ErrReauthRequired):
		http.Redirect(w, r, "/reauth?next=/profile/security", http.StatusSeeOther)
	case f.absorb(err):
		p.renderSecurity(w, r, http.StatusUnprocessableEntity, f)
	default:
		p.fail(w, r, err)
	}
}

func (p *Pages) passwordSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	f := newForm(r)
	if r.PostFormValue("new_password") != r.PostFormValue("new_password_confirm") {
		f.Errors["new_password_confirm"] = "does not match the new password"
		p.renderSecurity(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	res, err := p.svc.ChangePassword(r.Context(), meta(r), pr, r.PostFormValue("current_password"), r.PostFormValue("new_password"))
	if err == nil {
		p.startSession(w, res)
	}
	p.afterChange(w, r, f, err, "password")
}

func (p *Pages) emailSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	f := newForm(r)
	p.afterChange(w, r, f, p.svc.ChangeEmail(r.Context(), meta(r), pr, f.Get("email")), "email")
}

func (p *Pages) mfaDisableSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	p.afterChange(w, r, newForm(r), p.svc.DisableMFA(r.Context(), meta(r), pr), "mfa-off")
}

func (p *Pages) recoveryCodesSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	codes, err := p.svc.RegenerateRecoveryCodes(r.Context(), meta(r), pr)
	if err != nil {
		p.afterChange(w, r, newForm(r), err, "")
		return
	}
	p.render(w, r, http.StatusOK, "recovery_codes", "Your recovery codes", codes)
}

func (p *Pages) sessionRevokeSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	p.afterChange(w, r, newForm(r), p.svc.RevokeSession(r.Context(), meta(r), pr, pr.User.ID, id), "revoked")
}

func (p *Pages) sessionsRevokeOthersSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	p.afterChange(w, r, newForm(r), p.svc.RevokeOtherSessions(r.Context(), meta(r), pr), "others")
}
