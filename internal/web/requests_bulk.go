package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/lemedia/lemedia/internal/service"
)

// maxBulk is how many requests one bulk action may touch.
const maxBulk = 100

// bulkReasons are the failure codes a bulk action reports in its redirect;
// the page shows only these fixed texts, never text from the URL.
var bulkReasons = map[string]string{
	"missing": "it no longer exists",
	"status":  "its status does not allow it (changed meanwhile?)",
	"reason":  "a decline needs a reason of 1 to 500 characters",
	"refused": "you may not do that",
	"error":   "an unexpected error (logged)",
}

// requestsBulkSubmit approves or declines the checked requests of the staff
// queue, each through the service with its own checks, and reports how many
// succeeded and which failed and why.
func (p *Pages) requestsBulkSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	_ = r.ParseForm()
	action := r.PostForm.Get("action")
	if action != "approve" && action != "decline" {
		p.RenderError(w, r, http.StatusUnprocessableEntity, "Choose approve or decline.")
		return
	}
	var ids []int64
	for _, v := range r.PostForm["id"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			p.RenderError(w, r, http.StatusUnprocessableEntity, "A request id is not a number.")
			return
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
		if len(ids) > maxBulk {
			p.RenderError(w, r, http.StatusUnprocessableEntity, "Choose at most "+strconv.Itoa(maxBulk)+" requests at once.")
			return
		}
	}
	if len(ids) == 0 {
		http.Redirect(w, r, "/admin/requests?done=bulk-none", http.StatusSeeOther)
		return
	}
	reason := r.PostForm.Get("reason")
	ok := 0
	var failed []string
	for _, id := range ids {
		var err error
		if action == "approve" {
			err = p.svc.Approve(r.Context(), meta(r), pr, id)
		} else {
			err = p.svc.Decline(r.Context(), meta(r), pr, id, reason)
		}
		if err == nil {
			ok++
			continue
		}
		failed = append(failed, strconv.FormatInt(id, 10)+"."+p.bulkReason(r, id, err))
	}
	q := url.Values{"done": {"bulk-" + action}, "ok": {strconv.Itoa(ok)}}
	if len(failed) > 0 {
		q.Set("failed", strings.Join(failed, ","))
	}
	http.Redirect(w, r, "/admin/requests?"+q.Encode(), http.StatusSeeOther)
}

func (p *Pages) bulkReason(r *http.Request, id int64, err error) string {
	var fe *service.FieldError
	switch {
	case errors.Is(err, service.ErrNotFound):
		return "missing"
	case errors.Is(err, service.ErrForbidden):
		return "refused"
	case errors.As(err, &fe) && fe.Field == "reason":
		return "reason"
	case errors.As(err, &fe):
		return "status"
	}
	p.log.Error("bulk request action", "request", id, "error", err, "request_id", requestID(r))
	return "error"
}

// bulkResult is what the queue page says after a bulk action.
type bulkResult struct {
	Summary string
	Failed  []string // "#12: its status does not allow it"
}

// BulkResult reads the outcome of a bulk action from the queue's URL; nil
// when the page was not reached from one.
func (v view) BulkResult() *bulkResult {
	if v.req == nil {
		return nil
	}
	q := v.req.URL.Query()
	verb := map[string]string{"bulk-approve": "Approved", "bulk-decline": "Declined"}[q.Get("done")]
	if q.Get("done") == "bulk-none" {
		return &bulkResult{Summary: "No requests were selected."}
	}
	if verb == "" {
		return nil
	}
	n, _ := strconv.Atoi(q.Get("ok"))
	res := &bulkResult{Summary: verb + " " + strconv.Itoa(max(n, 0)) + " request" + map[bool]string{true: "", false: "s"}[n == 1] + "."}
	for _, f := range strings.Split(q.Get("failed"), ",") {
		id, code, found := strings.Cut(f, ".")
		why, known := bulkReasons[code]
		if _, err := strconv.ParseInt(id, 10, 64); !found || !known || err != nil || len(res.Failed) >= maxBulk {
			continue
		}
		res.Failed = append(res.Failed, "#"+id+": "+why)
	}
	return res
}
