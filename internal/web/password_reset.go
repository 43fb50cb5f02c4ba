package web

import (
	"net/http"
	"strings"
)

func (p *Pages) forgotShow(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, http.StatusOK, "forgot", "Forgot password", &form{Errors: map[string]string{}})
}

func (p *Pages) forgotSubmit(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	email := strings.TrimSpace(f.Get("email"))
	if email == "" {
		f.Errors["email"] = "enter the email address of your account"
		p.render(w, r, http.StatusUnprocessableEntity, "forgot", "Forgot password", f)
		return
	}
	if !p.limitReset(w, r, email) {
		return
	}
	p.svc.RequestReset(r.Context(), meta(r), email)
	// The same answer whether or not the account exists.
	f.Notice = "If an account uses that address, we sent it a link to choose a new password. The link works for 15 minutes."
	p.render(w, r, http.StatusOK, "forgot", "Forgot password", f)
}

func (p *Pages) resetShow(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	w.Header().Set("Referrer-Policy", "no-referrer") // the token is in this page's URL
	f := &form{Values: map[string][]string{"token": {token}}, Errors: map[string]string{}}
	if err := p.svc.CheckResetToken(r.Context(), token); err != nil {
		f.Message = err.Error()
	}
	p.render(w, r, http.StatusOK, "reset", "Choose a new password", f)
}

func (p *Pages) resetSubmit(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	f := newForm(r)
	if !p.limitReset(w, r, "") {
		return
	}
	pw := r.PostFormValue("password")
	if pw != r.PostFormValue("password_confirm") {
		f.Errors["password_confirm"] = "does not match the password"
		p.render(w, r, http.StatusUnprocessableEntity, "reset", "Choose a new password", f)
		return
	}
	if err := p.svc.ResetPassword(r.Context(), meta(r), r.PostFormValue("token"), pw); err != nil {
		if f.absorb(err) {
			p.render(w, r, http.StatusUnprocessableEntity, "reset", "Choose a new password", f)
			return
		}
		p.fail(w, r, err)
		return
	}
	clearCookie(w, sessionCookie)
	http.Redirect(w, r, "/login?reset=done", http.StatusSeeOther)
}
