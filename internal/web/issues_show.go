package web

import (
	"net/http"
	"strconv"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
)

type issuesView struct {
	Page   service.IssuePage
	All    bool // everyone's issues rather than one's own
	Status string
}

// issuesShow is GET /issues: the user's own issues, or everyone's for issue
// staff, filtered by open or resolved, newest first.
func (p *Pages) issuesShow(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	q := r.URL.Query()
	status := q.Get("status")
	if status != "" && status != domain.IssueOpen && status != domain.IssueResolved {
		p.RenderError(w, r, http.StatusBadRequest, "Unknown status filter.")
		return
	}
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	page, err := p.svc.IssuesPage(r.Context(), pr, status, before)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	all := pr.User.Permissions.HasAny(domain.PermManageIssues | domain.PermViewIssues)
	title := "My issues"
	if all {
		title = "Issues"
	}
	p.render(w, r, http.StatusOK, "issues", title, issuesView{Page: page, All: all, Status: status})
}

type issueView struct {
	*form
	Issue   domain.Issue
	Manager bool // may resolve and reopen
	CanPost bool // may comment: the reporter or an issue manager
}

var issueNotices = map[string]string{
	"reported": "Thanks: the problem is reported.", "comment": "Comment added.",
	"resolved": "Issue resolved.", "open": "Issue reopened.",
}

// issueShow is GET /issues/{id}: an issue, its comments and what the user
// may do with it. Another user's issue is a 404.
func (p *Pages) issueShow(w http.ResponseWriter, r *http.Request) {
	p.renderIssue(w, r, http.StatusOK, emptyForm(issueNotices[r.URL.Query().Get("done")]))
}

func (p *Pages) renderIssue(w http.ResponseWriter, r *http.Request, status int, f *form) {
	pr, _ := principal(r)
	id, ok := pathID(r, "id")
	if !ok {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	is, err := p.svc.GetIssue(r.Context(), pr, id)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	manager := pr.User.Permissions.Has(domain.PermManageIssues)
	p.render(w, r, status, "issue", is.Title, issueView{form: f, Issue: is, Manager: manager,
		CanPost: manager || is.UserID == pr.User.ID})
}
