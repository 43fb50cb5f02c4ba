package service

import (
	"context"
	"errors"
	"slices"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// IssueInput is a problem report on an available title.
type IssueInput struct {
	Type            domain.MediaType
	TMDBID          int64
	Season, Episode int
	Kind            string
	Description     string
}

func canSeeIssues(p Principal) bool {
	return p.User.Permissions.HasAny(domain.PermManageIssues | domain.PermViewIssues)
}

// ReportIssue files an issue on a title that is (at least partly) available.
func (s *Service) ReportIssue(ctx context.Context, m Meta, p Principal, in IssueInput) (domain.Issue, error) {
	if !p.User.Permissions.HasAny(domain.PermCreateIssues | domain.PermManageIssues) {
		return domain.Issue{}, ErrForbidden
	}
	if !slices.Contains(domain.IssueKinds, in.Kind) {
		return domain.Issue{}, fieldErr("kind", "must be video, audio, subtitles or other")
	}
	desc, err := commentBody(in.Description)
	if err != nil {
		return domain.Issue{}, fieldErr("description", "must be 1 to 2000 characters")
	}
	claims, err := store.Claims(ctx, s.Store.DB, in.Type, in.TMDBID)
	if err != nil {
		return domain.Issue{}, err
	}
	available := false
	for _, st := range claims {
		available = available || st == domain.StatusAvailable || st == domain.StatusPartiallyAvailable
	}
	if !available {
		return domain.Issue{}, fieldErr("title", "only titles in the library can have issues")
	}
	info, err := s.titleInfo(ctx, in.Type, in.TMDBID)
	if err != nil {
		return domain.Issue{}, err
	}
	is := domain.Issue{UserID: p.User.ID, Type: in.Type, TMDBID: in.TMDBID, Title: info.Title, Season: in.Season,
		Episode: in.Episode, Kind: in.Kind, Description: desc, Status: domain.IssueOpen}
	is.ID, err = store.InsertIssue(ctx, s.Store.DB, is, s.Now())
	return is, err
}

func (s *Service) titleInfo(ctx context.Context, t domain.MediaType, id int64) (TitleInfo, error) {
	if t == domain.TV {
		return s.Metadata.Series(ctx, id)
	}
	return s.Metadata.Movie(ctx, id)
}

// GetIssue returns an issue its reporter or issue staff may see.
func (s *Service) GetIssue(ctx context.Context, p Principal, id int64) (domain.Issue, error) {
	is, err := store.IssueByID(ctx, s.Store.DB, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && is.UserID != p.User.ID && !canSeeIssues(p)) {
		return domain.Issue{}, ErrNotFound
	}
	return is, err
}

// CommentOnIssue adds a comment by the reporter or issue staff.
func (s *Service) CommentOnIssue(ctx context.Context, m Meta, p Principal, id int64, body string) error {
	is, err := s.GetIssue(ctx, p, id)
	if err != nil {
		return err
	}
	if is.UserID != p.User.ID && !p.User.Permissions.Has(domain.PermManageIssues) {
		return ErrNotFound
	}
	if body, err = commentBody(body); err != nil {
		return err
	}
	return store.AddIssueComment(ctx, s.Store.DB, id, p.User.ID, body, s.Now())
}

// SetIssueStatus resolves or reopens an issue (issue managers only).
func (s *Service) SetIssueStatus(ctx context.Context, m Meta, p Principal, id int64, status string) error {
	if !p.User.Permissions.Has(domain.PermManageIssues) {
		return ErrNotFound
	}
	if status != domain.IssueOpen && status != domain.IssueResolved {
		return fieldErr("status", "must be open or resolved")
	}
	if _, err := s.GetIssue(ctx, p, id); err != nil {
		return err
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.SetIssueStatus(ctx, tx, id, status, s.Now()); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &p.User, "issue."+status, "issue:"+itoa(id), "success", nil)
	})
}

// Issues lists issues: one's own, or everyone's for issue staff.
func (s *Service) Issues(ctx context.Context, p Principal, status string, before int64) ([]domain.Issue, error) {
	f := store.IssueFilter{Status: status, Before: before, Limit: 25}
	if !canSeeIssues(p) {
		f.UserID = p.User.ID
	}
	return store.ListIssues(ctx, s.Store.DB, f)
}

// IssuePage is one page of an issue list.
type IssuePage struct {
	Issues []domain.Issue
	Next   int64 // id to continue before; 0 on the last page
}

// IssuesPage is Issues with keyset paging: one's own issues, or everyone's
// for issue staff, newest first.
func (s *Service) IssuesPage(ctx context.Context, p Principal, status string, before int64) (IssuePage, error) {
	if status != "" && status != domain.IssueOpen && status != domain.IssueResolved {
		return IssuePage{}, fieldErr("status", "must be open or resolved")
	}
	f := store.IssueFilter{Status: status, Before: before, Limit: 26}
	if !canSeeIssues(p) {
		f.UserID = p.User.ID
	}
	list, err := store.ListIssues(ctx, s.Store.DB, f)
	page := IssuePage{Issues: list}
	if len(list) == 26 {
		page.Issues, page.Next = list[:25], list[24].ID
	}
	return page, err
}

// OpenIssueCount is the number of open issues for issue managers; 0 for
// everyone else, without a query.
func (s *Service) OpenIssueCount(ctx context.Context, p Principal) int {
	if !p.User.Permissions.Has(domain.PermManageIssues) {
		return 0
	}
	n, err := s.openIssueCount(ctx) // kept for a moment: every manager's page shows it
	if err != nil {
		return 0 // a count in the navigation is not worth failing a page
	}
	return n
}
