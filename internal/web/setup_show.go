package web

import (
	"errors"
	"net/http"

	"github.com/lemedia/lemedia/internal/service"
)

func (p *Pages) setupShow(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "setup", "Set up LeMedia", &form{Errors: map[string]string{}})
}

func (p *Pages) setupSubmit(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	in := service.AccountInput{Username: f.Get("username"), Email: f.Get("email"), Password: r.PostFormValue("password")}
	if in.Password != r.PostFormValue("password_confirm") {
		f.Errors["password_confirm"] = "does not match the password"
		p.render(w, r, http.StatusUnprocessableEntity, "setup", "Set up LeMedia", f)
		return
	}
	_, err := p.svc.Setup(r.Context(), meta(r), in)
	if errors.Is(err, service.ErrSetupDone) {
		p.RenderError(w, r, http.StatusConflict, "Setup was already completed. Sign in instead.")
		return
	}
	if err != nil {
		if f.absorb(err) {
			p.render(w, r, http.StatusUnprocessableEntity, "setup", "Set up LeMedia", f)
			return
		}
		p.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/login?setup=done", http.StatusSeeOther)
}
