package web

import (
	"net/http"

	"github.com/lemedia/lemedia/internal/service"
)

type enrolView struct {
	*form
	Enrolment service.Enrolment
	Required  bool // the site requires MFA before anything else
}

func (p *Pages) mfaSetupShow(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	if pr.User.MFAEnabled {
		http.Redirect(w, r, "/profile/security", http.StatusSeeOther)
		return
	}
	p.renderEnrol(w, r, http.StatusOK, &form{Errors: map[string]string{}})
}

func (p *Pages) renderEnrol(w http.ResponseWriter, r *http.Request, status int, f *form) {
	pr, _ := principal(r)
	e, err := p.svc.BeginEnrol(pr)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, r, status, "mfa_setup", "Turn on two-step verification",
		enrolView{form: f, Enrolment: e, Required: pr.Session.Stage == service.StageEnrol})
}

func (p *Pages) mfaSetupSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	f := newForm(r)
	if !p.limitMFA(w, r, pr.User.ID) {
		return
	}
	codes, res, err := p.svc.ConfirmEnrol(r.Context(), meta(r), pr, r.PostFormValue("pending"), r.PostFormValue("code"))
	if err != nil {
		if f.absorb(err) {
			p.renderEnrol(w, r, http.StatusUnprocessableEntity, f)
			return
		}
		p.fail(w, r, err)
		return
	}
	p.startSession(w, res)
	p.render(w, r, http.StatusOK, "recovery_codes", "Your recovery codes", codes)
}
