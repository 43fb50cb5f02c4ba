package web

import (
	"fmt"
	"strconv"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
)

// quotaLine is the user's remaining request quota for one media type, shown
// next to a title page's request button.
type quotaLine struct {
	Left, Limit int
	Refill      time.Time // when the next one frees up; zero when none is used
	Text        string
}

// Exhausted reports whether no request is left until Refill.
func (q *quotaLine) Exhausted() bool { return q.Left <= 0 }

// Quota is the signed-in user's quota for "movie" or "tv", or nil when they
// have no limit (staff, or no limit set) or it cannot be read. Templates
// call it once per page: {{with $.Quota "movie"}}.
func (v view) Quota(typ string) *quotaLine {
	if v.User == nil || v.pages == nil || v.pages.svc == nil || v.req == nil {
		return nil
	}
	pr, ok := principal(v.req)
	if !ok {
		return nil
	}
	t := domain.MediaType(typ)
	used, limit, days, refill, err := v.pages.svc.QuotaStatus(v.req.Context(), pr, t)
	if err != nil {
		v.pages.log.Warn("quota status", "error", err, "request_id", requestID(v.req))
		return nil
	}
	if limit == 0 {
		return nil
	}
	return newQuotaLine(t, used, limit, days, refill, "You have")
}

// newQuotaLine words a quota status; subject is who used it up ("You
// have", or the name of the user staff request for, then "has").
func newQuotaLine(t domain.MediaType, used, limit, days int, refill time.Time, subject string) *quotaLine {
	q := &quotaLine{Left: max(limit-used, 0), Limit: limit, Refill: refill}
	kind := map[domain.MediaType]string{domain.Movie: "film", domain.TV: "series"}[t]
	window := "in any " + strconv.Itoa(days) + " days"
	switch days {
	case 1:
		window = "today"
	case 7:
		window = "this week"
	}
	when := refill.UTC().Format("2 Jan 2006 15:04 UTC")
	switch {
	case q.Left == 0 && !refill.IsZero():
		q.Text = fmt.Sprintf("%s used all %d %s requests %s; the next one frees up on %s.", subject, limit, kind, window, when)
	case q.Left == 0:
		q.Text = fmt.Sprintf("%s used all %d %s requests %s.", subject, limit, kind, window)
	case !refill.IsZero():
		q.Text = fmt.Sprintf("%d of %d %s requests left %s; the next one frees up on %s.", q.Left, limit, kind, window, when)
	default:
		q.Text = fmt.Sprintf("%d of %d %s requests left %s.", q.Left, limit, kind, window)
	}
	return q
}

// CanReportIssues decides whether title pages offer the problem report form.
func (v view) CanReportIssues() bool {
	return v.User != nil && v.User.Permissions.HasAny(domain.PermCreateIssues|domain.PermManageIssues)
}

// IsStaff and CanManageIssues decide what the navigation shows.
func (v view) IsStaff() bool {
	return v.User != nil && v.User.Permissions.Has(domain.PermManageRequests)
}
func (v view) CanManageIssues() bool {
	return v.User != nil && v.User.Permissions.Has(domain.PermManageIssues)
}
