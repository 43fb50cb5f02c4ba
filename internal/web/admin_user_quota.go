package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/lemedia/lemedia/internal/domain"
)

type quotaField struct {
	name, label string
	val         **int
}

// quotaFields names the quota form's fields; the names are the service's.
func quotaFields(q *domain.Quota) []quotaField {
	return []quotaField{
		{"quota_movie_limit", "Film requests allowed", &q.MovieLimit},
		{"quota_movie_days", "Film limit period, in days", &q.MovieDays},
		{"quota_tv_limit", "Series requests allowed", &q.TVLimit},
		{"quota_tv_days", "Series limit period, in days", &q.TVDays},
	}
}

func itoaPtr(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// parseQuota reads the quota form: empty inherits the site default.
func parseQuota(f *form) domain.Quota {
	var q domain.Quota
	for _, fld := range quotaFields(&q) {
		s := strings.TrimSpace(f.Get(fld.name))
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			f.Errors[fld.name] = "must be a whole number, or empty for the site default"
			continue
		}
		*fld.val = &n
	}
	return q
}

// adminUserQuotaSubmit sets the user's request limits; an empty field
// inherits the site default.
func (p *Pages) adminUserQuotaSubmit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	pr, _ := principal(r)
	f := newForm(r)
	q := parseQuota(f)
	if len(f.Errors) > 0 {
		p.renderUser(w, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	p.afterUserChange(w, r, id, f, p.svc.SetQuota(r.Context(), meta(r), pr, id, q), "quota")
}
