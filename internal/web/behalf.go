package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
)

// behalf is the "request on behalf of" picker of a title page's request
// dialog, for staff only: nil for everyone else, so they never see it.
// The picker is a GET form on the page itself (for_user_name, and the
// for_user id the script fills in), so it works without JavaScript; the
// chosen user goes into the request forms as a hidden for_user.
type behalf struct {
	Path  string // the page, to clear the choice
	ID    int64  // the chosen user; 0 while requesting for oneself
	Name  string // the chosen user's name, or what was typed
	Error string // why the typed name is not a user one may request for
}

// behalfOf reads the picker's choice from the page's query.
func (p *Pages) behalfOf(r *http.Request) (*behalf, error) {
	pr, ok := principal(r)
	if !ok || !pr.User.Permissions.Has(domain.PermManageRequests) {
		return nil, nil
	}
	q := r.URL.Query()
	b := &behalf{Path: r.URL.Path, Name: strings.TrimSpace(q.Get("for_user_name"))}
	if rs := []rune(b.Name); len(rs) > maxUserSearch {
		b.Name = string(rs[:maxUserSearch])
	}
	id, _ := strconv.ParseInt(q.Get("for_user"), 10, 64)
	u, err := p.svc.FindRequester(r.Context(), pr, id, b.Name)
	var fe *service.FieldError
	switch {
	case errors.As(err, &fe):
		b.Error = sentence(fe.Message)
	case err != nil:
		return nil, err
	default:
		b.ID = u.ID
		if u.ID != 0 {
			b.Name = u.Name
		}
	}
	return b, nil
}

// QuotaFor is the quota the request dialog shows: the chosen user's when
// staff request on someone's behalf, otherwise the signed-in user's.
// A name that is no one shows as an exhausted line, so the request
// buttons are disabled rather than filing the request for staff themself.
func (v view) QuotaFor(typ string, b *behalf) *quotaLine {
	if b == nil || (b.ID == 0 && b.Error == "") {
		return v.Quota(typ)
	}
	if b.Error != "" {
		return &quotaLine{Text: "Choose someone who may request, or clear the name to request for yourself."}
	}
	if v.User == nil || v.pages == nil || v.req == nil {
		return nil
	}
	pr, _ := principal(v.req)
	t := domain.MediaType(typ)
	used, limit, days, refill, err := v.pages.svc.QuotaStatusFor(v.req.Context(), pr, b.ID, t)
	if err != nil {
		v.pages.log.Warn("quota status", "error", err, "request_id", requestID(v.req))
		return nil
	}
	if limit == 0 {
		return &quotaLine{Left: 1, Text: b.Name + " has no request limit."}
	}
	return newQuotaLine(t, used, limit, days, refill, b.Name+" has")
}
