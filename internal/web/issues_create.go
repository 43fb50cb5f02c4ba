package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/ratelimit"
	"github.com/lemedia/lemedia/internal/service"
)

// issueReportLimit is how many problem reports one user may file: enough
// for a bad evening, not enough to flood the issue managers.
var issueReportLimit = ratelimit.Limit{Name: "issue-report", Rate: 10, Period: time.Hour, Burst: 10}

// issueCreateSubmit is POST /issues: a problem report from a title page
// (type, tmdb_id, optional season and episode, kind, description).
func (p *Pages) issueCreateSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	if !p.allow(w, r, issueReportLimit, "issue-report:user:"+strconv.FormatInt(pr.User.ID, 10)) {
		return
	}
	f := newForm(r)
	in := service.IssueInput{Type: domain.MediaType(f.Get("type")), Kind: f.Get("kind"), Description: r.PostFormValue("description")}
	var err error
	if in.Type != domain.Movie && in.Type != domain.TV {
		p.RenderError(w, r, http.StatusUnprocessableEntity, "The title type must be movie or tv.")
		return
	}
	if in.TMDBID, err = strconv.ParseInt(f.Get("tmdb_id"), 10, 64); err != nil || in.TMDBID <= 0 {
		p.RenderError(w, r, http.StatusUnprocessableEntity, "The title id is missing or not a number.")
		return
	}
	for name, dst := range map[string]*int{"season": &in.Season, "episode": &in.Episode} {
		if v := strings.TrimSpace(f.Get(name)); v != "" && in.Type == domain.TV {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 10000 {
				p.RenderError(w, r, http.StatusUnprocessableEntity, "The "+name+" must be a number.")
				return
			}
			*dst = n
		}
	}
	is, err := p.svc.ReportIssue(r.Context(), meta(r), pr, in)
	var fe *service.FieldError
	switch {
	case err == nil:
		http.Redirect(w, r, "/issues/"+strconv.FormatInt(is.ID, 10)+"?done=reported", http.StatusSeeOther)
	case errors.Is(err, service.ErrForbidden):
		p.RenderError(w, r, http.StatusForbidden, "Your account may not report problems.")
	case errors.As(err, &fe):
		msg := fe.Message
		if fe.Field == "kind" || fe.Field == "description" {
			msg = "the " + fe.Field + " " + msg
		}
		p.RenderError(w, r, http.StatusUnprocessableEntity, sentence(msg))
	default:
		p.fail(w, r, err)
	}
}

// issueAction runs a comment or status change and comes back to the issue.
func (p *Pages) issueAction(w http.ResponseWriter, r *http.Request, act func(pr service.Principal, id int64, f *form) (string, error)) {
	p.objectAction(w, r, "/issues/", p.renderIssue, act)
}

// issueCommentSubmit is POST /issues/{id}/comments (the reporter or issue staff).
func (p *Pages) issueCommentSubmit(w http.ResponseWriter, r *http.Request) {
	p.issueAction(w, r, func(pr service.Principal, id int64, _ *form) (string, error) {
		return "comment", p.svc.CommentOnIssue(r.Context(), meta(r), pr, id, r.PostFormValue("body"))
	})
}

// issueStatusSubmit is POST /issues/{id}/status: resolve or reopen.
func (p *Pages) issueStatusSubmit(w http.ResponseWriter, r *http.Request) {
	p.issueAction(w, r, func(pr service.Principal, id int64, f *form) (string, error) {
		status := f.Get("status")
		return status, p.svc.SetIssueStatus(r.Context(), meta(r), pr, id, status)
	})
}
