package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
)

type requestsView struct {
	Page     service.RequestPage
	All      bool // the staff queue rather than one's own
	Status   string
	Type     string
	Statuses []domain.RequestStatus
	Notice   string
}

// requestsShow lists the user's requests (GET /requests) or, for staff, the
// queue of everyone's (GET /admin/requests, pending first by default).
func (p *Pages) requestsShow(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	all := r.URL.Path == "/admin/requests"
	q := r.URL.Query()
	status, typ := domain.RequestStatus(q.Get("status")), domain.MediaType(q.Get("type"))
	if all && !q.Has("status") {
		status = domain.StatusPending
	}
	if (status != "" && !status.Valid()) || (typ != "" && typ != domain.Movie && typ != domain.TV) {
		p.RenderError(w, r, http.StatusBadRequest, "Unknown status or type filter.")
		return
	}
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	page, err := p.svc.ListRequests(r.Context(), pr, all, status, typ, before)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	title := "My requests"
	if all {
		title = "Request queue"
	}
	p.render(w, r, http.StatusOK, "requests", title, requestsView{Page: page, All: all, Status: string(status), Type: string(typ),
		Statuses: domain.RequestStatuses, Notice: map[string]string{"approved": "Approved.", "declined": "Declined."}[q.Get("done")]})
}

type requestView struct {
	*form
	Request  domain.Request
	History  []domain.RequestEvent
	Comments []domain.Comment
	Staff    bool
	Mine     bool
}

func (p *Pages) requestShow(w http.ResponseWriter, r *http.Request) {
	p.renderRequest(w, r, http.StatusOK, &form{Errors: map[string]string{}, Notice: requestNotices[r.URL.Query().Get("done")]})
}

var requestNotices = map[string]string{
	"created": "Request sent.", "approved": "Request approved.", "declined": "Request declined.",
	"comment": "Comment added.", "deleted": "Request withdrawn.",
}

func (p *Pages) renderRequest(w http.ResponseWriter, r *http.Request, status int, f *form) {
	pr, _ := principal(r)
	id, ok := pathID(r, "id")
	if !ok {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	req, err := p.svc.GetRequest(r.Context(), pr, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	history, err := p.svc.RequestHistory(r.Context(), pr, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	comments, err := p.svc.RequestComments(r.Context(), pr, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, r, status, "request", req.Title, requestView{form: f, Request: req, History: history, Comments: comments,
		Staff: pr.User.Permissions.Has(domain.PermManageRequests), Mine: req.UserID == pr.User.ID})
}

// requestAction runs one staff or owner action on a request and comes back
// to its page.
func (p *Pages) requestAction(w http.ResponseWriter, r *http.Request, done string, act func(pr service.Principal, id int64, f *form) error) {
	p.objectAction(w, r, "/requests/", p.renderRequest, func(pr service.Principal, id int64, f *form) (string, error) {
		return done, act(pr, id, f)
	})
}

// objectAction is the shape of every POST on one request or issue: parse
// the id, act, then redirect to base+id?done=…, or show the page again with
// the user's error, or fail.
func (p *Pages) objectAction(w http.ResponseWriter, r *http.Request, base string,
	rerender func(http.ResponseWriter, *http.Request, int, *form), act func(pr service.Principal, id int64, f *form) (string, error)) {
	pr, _ := principal(r)
	id, ok := pathID(r, "id")
	if !ok {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	f := newForm(r)
	done, err := act(pr, id, f)
	switch {
	case err == nil:
		http.Redirect(w, r, base+strconv.FormatInt(id, 10)+"?done="+done, http.StatusSeeOther)
	case errors.Is(err, service.ErrForbidden):
		p.RenderError(w, r, http.StatusForbidden, "You may not do that.")
	case f.absorb(err):
		rerender(w, r, http.StatusUnprocessableEntity, f)
	default:
		p.fail(w, r, err)
	}
}

func (p *Pages) requestApproveSubmit(w http.ResponseWriter, r *http.Request) {
	p.requestAction(w, r, "approved", func(pr service.Principal, id int64, _ *form) error {
		return p.svc.Approve(r.Context(), meta(r), pr, id)
	})
}

func (p *Pages) requestDeclineSubmit(w http.ResponseWriter, r *http.Request) {
	p.requestAction(w, r, "declined", func(pr service.Principal, id int64, f *form) error {
		return p.svc.Decline(r.Context(), meta(r), pr, id, f.Get("reason"))
	})
}

func (p *Pages) requestDeleteSubmit(w http.ResponseWriter, r *http.Request) {
	p.requestAction(w, r, "deleted", func(pr service.Principal, id int64, _ *form) error {
		return p.svc.DeleteRequest(r.Context(), meta(r), pr, id)
	})
}

func (p *Pages) requestCommentSubmit(w http.ResponseWriter, r *http.Request) {
	p.requestAction(w, r, "comment", func(pr service.Principal, id int64, f *form) error {
		return p.svc.CommentOnRequest(r.Context(), meta(r), pr, id, r.PostFormValue("body"), f.Get("staff_only") == "yes")
	})
}
