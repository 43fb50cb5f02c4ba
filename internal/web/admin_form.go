package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/lemedia/lemedia/internal/domain"
)

// Small helpers shared by the admin pages (users, audit log, settings).

// option is one <option> of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// options builds a select's options from value/label pairs, marking cur.
func options(cur string, pairs ...string) []option {
	out := make([]option, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, option{Value: pairs[i], Label: pairs[i+1], Selected: pairs[i] == cur})
	}
	return out
}

// pick is what a form field shows: what the user sent, when this form was
// the one sent, else the stored value.
func pick(f *form, key, stored string) string {
	if _, sent := f.Values[key]; sent {
		return f.Get(key)
	}
	return stored
}

// optionalField is a labelled input that may stay empty.
func optionalField(f *form, name, label, typ, value, autocomplete string) input {
	return input{Name: name, Label: label, Type: typ, Value: value, Error: sentence(f.Errors[name]), Autocomplete: autocomplete}
}

// emptyForm is a form for a GET, with the notice for ?done= if any.
func emptyForm(notice string) *form {
	return &form{Values: url.Values{}, Errors: map[string]string{}, Notice: notice}
}

// pathID reads a positive numeric path segment; anything else is a 404.
func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// roleLabels names the permission presets in forms and tables.
var roleLabels = map[domain.Role]string{
	domain.RoleAdmin:     "Administrator",
	domain.RoleModerator: "Moderator",
	domain.RoleUser:      "User",
	domain.RoleCustom:    "Custom",
}

func roleLabel(p domain.Permission) string { return roleLabels[domain.RoleOf(p)] }

// roleOptions lists the presets for a select; custom adds the "use the
// ticked boxes" choice.
func roleOptions(cur string, custom bool) []option {
	pairs := []string{
		string(domain.RoleUser), roleLabels[domain.RoleUser],
		string(domain.RoleModerator), roleLabels[domain.RoleModerator],
		string(domain.RoleAdmin), roleLabels[domain.RoleAdmin] + " (only the owner can grant this)",
	}
	if custom {
		pairs = append(pairs, string(domain.RoleCustom), "Custom (the ticked boxes below)")
	}
	return options(cur, pairs...)
}

// presetOrCustom turns the role field and the ticked boxes into bits: a
// preset's bits, or the boxes when the role is custom. Problems are filed
// in f.Errors.
func presetOrCustom(f *form, allowCustom bool) domain.Permission {
	role := domain.Role(f.Get("role"))
	if role == domain.RoleCustom && allowCustom {
		perms, ok := domain.ParsePermissionNames(f.Values["perm"])
		if !ok {
			f.Errors["permissions"] = "contains unknown permissions"
		}
		return perms
	}
	perms, ok := domain.RolePermissions[role]
	if !ok {
		f.Errors["role"] = "choose a role"
	}
	return perms
}

// reauthTo sends the admin to confirm their password, then back to next.
func reauthTo(w http.ResponseWriter, r *http.Request, next string) {
	http.Redirect(w, r, "/reauth?next="+next, http.StatusSeeOther)
}
