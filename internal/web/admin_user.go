package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
)

type permBox struct {
	Name, Help string
	Checked    bool
}

type adminUserView struct {
	*form
	Target    domain.User
	RoleLabel string
	Locked    string // why the actions are off for this account; "" when they are on
	Elevated  bool   // no password prompt before the sensitive actions
	Roles     []option
	Perms     []permBox
	Quota     []input
	Sessions  []service.Session
}

var userNotices = map[string]string{
	"created":     "The account was created.",
	"permissions": "Permissions saved. The user was signed out everywhere, so the change applies at once.",
	"quota":       "Request limits saved.",
	"suspended":   "The account is suspended and was signed out everywhere.",
	"restored":    "The suspension was lifted.",
	"sessions":    "The user was signed out everywhere.",
	"session":     "The session was ended.",
	"mfa":         "Two-step verification was reset and the user was signed out everywhere.",
}

// lockReason is why the service would refuse every action on target, so the
// page can show them disabled with the reason.
func lockReason(actor, target domain.User) string {
	var fe *service.FieldError
	if err := service.CanManage(actor, target); errors.As(err, &fe) {
		return strings.ToUpper(fe.Message[:1]) + fe.Message[1:] + "."
	}
	return ""
}

func (p *Pages) adminUserShow(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	p.renderUser(w, r, http.StatusOK, id, emptyForm(userNotices[r.URL.Query().Get("done")]))
}

func (p *Pages) renderUser(w http.ResponseWriter, r *http.Request, status int, id int64, f *form) {
	pr, _ := principal(r)
	u, err := p.svc.GetUser(r.Context(), pr, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	sessions, err := p.svc.Sessions(r.Context(), pr, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v := &adminUserView{form: f, Target: u, RoleLabel: roleLabel(u.Permissions), Locked: lockReason(pr.User, u),
		Elevated: p.svc.Elevated(pr), Sessions: sessions}
	// Show what was sent when the permissions form came back with an error.
	role, bits := string(domain.RoleOf(u.Permissions)), u.Permissions
	if _, sent := f.Values["role"]; sent {
		role = f.Get("role")
		bits, _ = domain.ParsePermissionNames(f.Values["perm"])
	}
	v.Roles = roleOptions(role, true)
	for _, info := range domain.Permissions {
		v.Perms = append(v.Perms, permBox{Name: info.Name, Help: info.Help, Checked: bits&info.Bit != 0})
	}
	for _, q := range quotaFields(&u.Quota) {
		v.Quota = append(v.Quota, optionalField(f, q.name, q.label, "number", pick(f, q.name, itoaPtr(*q.val)), "off"))
	}
	p.render(w, r, status, "admin_user", u.Username, v)
}

// afterUserChange ends every admin action on a user: back to the user page
// with a notice, to the password prompt, or the page again with the error.
func (p *Pages) afterUserChange(w http.ResponseWriter, r *http.Request, id int64, f *form, err error, done string) {
	next := "/admin/users/" + strconv.FormatInt(id, 10)
	switch {
	case err == nil:
		http.Redirect(w, r, next+"?done="+done, http.StatusSeeOther)
	case errors.Is(err, service.ErrReauthRequired):
		reauthTo(w, r, next)
	case f.absorb(err):
		p.renderUser(w, r, http.StatusUnprocessableEntity, id, f)
	default:
		p.fail(w, r, err)
	}
}

// adminUserPermissionsSubmit sets a preset's bits, or the ticked boxes
// when the role is "custom".
func (p *Pages) adminUserPermissionsSubmit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	pr, _ := principal(r)
	f := newForm(r)
	if _, sent := f.Values["role"]; !sent {
		f.Values.Set("role", "") // so the page shows this form's state
	}
	perms := presetOrCustom(f, true)
	if len(f.Errors) > 0 {
		p.renderUser(w, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	p.afterUserChange(w, r, id, f, p.svc.SetPermissions(r.Context(), meta(r), pr, id, perms), "permissions")
}
