package web

import (
	"context"
	"net/http"

	"github.com/lemedia/lemedia/internal/service"
)

// userAction runs one POST action on /admin/users/{id} and goes back to the
// user page with ?done=.
func (p *Pages) userAction(w http.ResponseWriter, r *http.Request, done string,
	act func(context.Context, service.Meta, service.Principal, int64) error) {
	id, ok := pathID(r, "id")
	if !ok {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	pr, _ := principal(r)
	p.afterUserChange(w, r, id, newForm(r), act(r.Context(), meta(r), pr, id), done)
}

func (p *Pages) adminUserSuspendSubmit(w http.ResponseWriter, r *http.Request) {
	p.userAction(w, r, "suspended", p.svc.Suspend)
}

func (p *Pages) adminUserRestoreSubmit(w http.ResponseWriter, r *http.Request) {
	p.userAction(w, r, "restored", p.svc.Restore)
}

// adminUserSessionsEndSubmit signs the user out everywhere (needs a recent
// password confirmation).
func (p *Pages) adminUserSessionsEndSubmit(w http.ResponseWriter, r *http.Request) {
	p.userAction(w, r, "sessions", p.svc.EndUserSessions)
}

// adminUserMFAResetSubmit turns the user's two-step verification off, for a
// lost device (needs a recent password confirmation).
func (p *Pages) adminUserMFAResetSubmit(w http.ResponseWriter, r *http.Request) {
	p.userAction(w, r, "mfa", p.svc.ResetUserMFA)
}

func (p *Pages) adminUserSessionRevokeSubmit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	sid, ok2 := pathID(r, "sid")
	if !ok || !ok2 {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	pr, _ := principal(r)
	p.afterUserChange(w, r, id, newForm(r), p.svc.RevokeSession(r.Context(), meta(r), pr, id, sid), "session")
}

// adminUserDeleteSubmit deletes the account once the "I understand" box is
// ticked; without it the page comes back asking for it.
func (p *Pages) adminUserDeleteSubmit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	pr, _ := principal(r)
	f := newForm(r)
	if f.Get("confirm") != "yes" {
		f.Errors["confirm"] = "tick the box to confirm that the account will be deleted"
		p.renderUser(w, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	err := p.svc.DeleteUser(r.Context(), meta(r), pr, id)
	if err == nil {
		http.Redirect(w, r, "/admin/users?done=deleted", http.StatusSeeOther)
		return
	}
	p.afterUserChange(w, r, id, f, err, "")
}

type resetLinkView struct {
	ID       int64
	Username string
	Link     string
}

// adminUserResetLinkSubmit makes a one-time password reset link and shows
// it once (needs a recent password confirmation).
func (p *Pages) adminUserResetLinkSubmit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	pr, _ := principal(r)
	link, err := p.svc.CreateResetLink(r.Context(), meta(r), pr, id)
	if err != nil {
		p.afterUserChange(w, r, id, newForm(r), err, "")
		return
	}
	u, err := p.svc.GetUser(r.Context(), pr, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "admin_reset_link", "Reset link for "+u.Username, resetLinkView{ID: id, Username: u.Username, Link: link})
}
