package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/service"
)

type adminUserRow struct {
	ID                    int64
	Username, Email, Role string
	Owner, MFA, Suspended bool
	Created               time.Time
}

type adminUsersView struct {
	Notice            string
	Query             string
	Total             int
	Rows              []adminUserRow
	FirstURL, NextURL string // empty when there is no such page
}

const maxUserSearch = 100 // runes

// adminUsersShow lists accounts, 25 a page by id, with an optional search
// on username or email: GET /admin/users?q=…&after=…
func (p *Pages) adminUsersShow(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	q := r.URL.Query()
	search := strings.TrimSpace(q.Get("q"))
	if rs := []rune(search); len(rs) > maxUserSearch {
		search = string(rs[:maxUserSearch])
	}
	after, err := strconv.ParseInt(q.Get("after"), 10, 64)
	if err != nil || after < 0 {
		after = 0 // a broken cursor starts from the first page
	}
	page, err := p.svc.ListUsers(r.Context(), pr, search, after)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	v := adminUsersView{Query: search, Total: page.Total, Rows: make([]adminUserRow, 0, len(page.Users))}
	if q.Get("done") == "deleted" {
		v.Notice = "The account was deleted."
	}
	for _, u := range page.Users {
		v.Rows = append(v.Rows, adminUserRow{ID: u.ID, Username: u.Username, Email: u.Email, Role: roleLabel(u.Permissions),
			Owner: u.IsOwner, MFA: u.MFAEnabled, Suspended: u.Suspended(), Created: u.CreatedAt})
	}
	if after != 0 {
		v.FirstURL = usersURL(search, 0)
	}
	if page.Next != 0 {
		v.NextURL = usersURL(search, page.Next)
	}
	p.render(w, r, http.StatusOK, "admin_users", "Users", v)
}

func usersURL(search string, after int64) string {
	v := url.Values{}
	if search != "" {
		v.Set("q", search)
	}
	if after != 0 {
		v.Set("after", strconv.FormatInt(after, 10))
	}
	if len(v) == 0 {
		return "/admin/users"
	}
	return "/admin/users?" + v.Encode()
}

type adminUserNewView struct {
	*form
	Roles []option
}

func (p *Pages) adminUserNewShow(w http.ResponseWriter, r *http.Request) {
	p.renderUserNew(w, r, http.StatusOK, emptyForm(""))
}

func (p *Pages) renderUserNew(w http.ResponseWriter, r *http.Request, status int, f *form) {
	role := f.Get("role")
	if role == "" {
		role = "user"
	}
	p.render(w, r, status, "admin_user_new", "New user", adminUserNewView{form: f, Roles: roleOptions(role, false)})
}

// adminUserNewSubmit creates an account with a preset role and opens it.
func (p *Pages) adminUserNewSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	f := newForm(r)
	perms := presetOrCustom(f, false)
	if len(f.Errors) > 0 {
		p.renderUserNew(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	in := service.AccountInput{Username: f.Get("username"), Email: f.Get("email"), Password: r.PostFormValue("password")}
	u, err := p.svc.CreateUser(r.Context(), meta(r), pr, in, perms)
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/users/"+strconv.FormatInt(u.ID, 10)+"?done=created", http.StatusSeeOther)
	case f.absorb(err):
		if msg, ok := f.Errors["permissions"]; ok { // the role select stands for the permissions here
			f.Errors["role"] = msg
		}
		p.renderUserNew(w, r, http.StatusUnprocessableEntity, f)
	default:
		p.fail(w, r, err)
	}
}
