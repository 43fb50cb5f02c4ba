package web

import (
	"net/http"
)

// reauthShow asks for the password again before a sensitive action; the
// action's page links here with next=.
func (p *Pages) reauthShow(w http.ResponseWriter, r *http.Request) {
	f := &form{Values: map[string][]string{"next": {safeNext(r.URL.Query().Get("next"))}}, Errors: map[string]string{}}
	p.render(w, r, http.StatusOK, "reauth", "Confirm it's you", f)
}

func (p *Pages) reauthSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	f := newForm(r)
	if !p.limitMFA(w, r, pr.User.ID) {
		return
	}
	err := p.svc.Reauthenticate(r.Context(), meta(r), pr, r.PostFormValue("password"), r.PostFormValue("code"))
	if err != nil {
		if f.absorb(err) {
			p.loginFailed(r, "")
			p.render(w, r, http.StatusUnauthorized, "reauth", "Confirm it's you", f)
			return
		}
		p.fail(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(f.Get("next")), http.StatusSeeOther)
}

// sessionExtend is called by the timeout warning's "stay signed in": the
// guard has already refreshed the session; the answer carries nothing.
func (p *Pages) sessionExtend(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	if err := p.svc.Touch(r.Context(), pr); err != nil {
		p.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

func (p *Pages) noticesShow(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	list, err := p.svc.Notices(r.Context(), pr)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "notices", "Notices", list)
}
