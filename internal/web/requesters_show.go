package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/lemedia/lemedia/internal/ratelimit"
)

// pickerLimit bounds the picker's look-ups per staff member: a person
// typing makes a few a second at most; a script walking the user list is cut off.
var pickerLimit = ratelimit.Limit{Name: "user-picker", Rate: 60, Period: time.Minute, Burst: 30}

// requestersShow is GET /admin/requests/users?q=: for the request dialog's
// picker, the active users matching q as JSON [{"id":…,"name":…}], nothing more.
func (p *Pages) requestersShow(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	if !p.allow(w, r, pickerLimit, "user:"+strconv.FormatInt(pr.User.ID, 10)) {
		return
	}
	q := r.URL.Query().Get("q")
	if rs := []rune(q); len(rs) > maxUserSearch {
		q = string(rs[:maxUserSearch])
	}
	list, err := p.svc.SearchRequesters(r.Context(), pr, q)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(list) // escapes <, > and & too
}
