package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/service"
)

const (
	auditPageSize = 50
	dayLayout     = "2006-01-02" // what <input type="date"> sends
	maxAuditText  = 200
)

// auditFilterFields are the filter form's fields, in the order links carry them.
var auditFilterFields = []string{"actor", "action", "target", "from", "to"}

// parseAuditFilter reads the audit filter from a query string: actor (a
// user id), action and target (exact), from and to (UTC days, both
// included) and before (the keyset cursor). Bad values come back as errors
// per field.
func parseAuditFilter(q url.Values) (service.AuditFilter, map[string]string) {
	var f service.AuditFilter
	errs := map[string]string{}
	if s := strings.TrimSpace(q.Get("actor")); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			errs["actor"] = "must be a user id (a whole number)"
		}
		f.ActorID = id
	}
	f.Action, f.Target = strings.TrimSpace(q.Get("action")), strings.TrimSpace(q.Get("target"))
	for name, v := range map[string]string{"action": f.Action, "target": f.Target} {
		if len(v) > maxAuditText {
			errs[name] = "is too long"
		}
	}
	day := func(name string) time.Time {
		s := strings.TrimSpace(q.Get(name))
		if s == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation(dayLayout, s, time.UTC)
		if err != nil || t.Year() < 1970 {
			errs[name] = "must be a date (YYYY-MM-DD)"
			return time.Time{}
		}
		return t
	}
	f.From = day("from")
	if to := day("to"); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // the store's bound is exclusive; the form's "to" day is included
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		errs["to"] = "must be on or after the from date"
	}
	if s := q.Get("before"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			errs["before"] = "this page link is broken; start again from the newest entries"
		}
		f.Before = id
	}
	if len(errs) > 0 {
		return service.AuditFilter{}, errs
	}
	return f, nil
}

// auditQuery keeps the filter's non-empty fields, for links.
func auditQuery(q url.Values) url.Values {
	out := url.Values{}
	for _, k := range auditFilterFields {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

func auditURL(path string, q url.Values, extra ...string) string {
	v := auditQuery(q)
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

type auditView struct {
	*form
	Fields              []input
	Rows                []service.AuditRow
	Filtered            bool
	NewestURL, OlderURL string
	CSVURL, JSONURL     string
}

// adminAuditShow lists audit rows newest first, 50 a page, filtered.
func (p *Pages) adminAuditShow(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	q := r.URL.Query()
	filter, errs := parseAuditFilter(q)
	f := &form{Values: q, Errors: map[string]string{}}
	for k, msg := range errs {
		f.Errors[k] = msg
	}
	f.Message = f.Errors["before"]
	v := &auditView{form: f, Filtered: len(auditQuery(q)) > 0}
	labels := map[string][2]string{"actor": {"Actor (user id)", "text"}, "action": {"Action, e.g. user.suspend", "text"},
		"target": {"Target, e.g. user:12", "text"}, "from": {"From (UTC day)", "date"}, "to": {"To (UTC day, included)", "date"}}
	for _, k := range auditFilterFields {
		v.Fields = append(v.Fields, optionalField(f, k, labels[k][0], labels[k][1], f.Get(k), "off"))
	}
	if len(errs) > 0 {
		p.render(w, r, http.StatusUnprocessableEntity, "admin_audit", "Audit log", v)
		return
	}
	filter.Limit = auditPageSize + 1 // one more tells whether an older page exists
	rows, err := p.svc.AuditPage(r.Context(), pr, filter)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	if len(rows) > auditPageSize {
		rows = rows[:auditPageSize]
		v.OlderURL = auditURL("/admin/audit", q, "before", strconv.FormatInt(rows[len(rows)-1].ID, 10))
	}
	if filter.Before != 0 {
		v.NewestURL = auditURL("/admin/audit", q)
	}
	v.Rows = rows
	v.CSVURL = auditURL("/admin/audit/export", q, "format", "csv")
	v.JSONURL = auditURL("/admin/audit/export", q, "format", "json")
	p.render(w, r, http.StatusOK, "admin_audit", "Audit log", v)
}
