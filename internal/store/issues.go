package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
)

// InsertIssue stores a new, open issue.
func InsertIssue(ctx context.Context, q Querier, is domain.Issue, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO media_issue
		(user_id, media_type, tmdb_id, title, season, episode, kind, description, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $9) RETURNING id`,
		is.UserID, string(is.Type), is.TMDBID, is.Title, is.Season, is.Episode, is.Kind, is.Description, now.UTC()).Scan(&id)
	if err == nil {
		wrote(q, &issuesVersion)
	}
	return id, err
}

const issueColumns = `id, user_id, media_type, tmdb_id, title, season, episode, kind, description, status, created_at, updated_at`

func scanIssue(r rowScanner) (domain.Issue, error) {
	var is domain.Issue
	var typ string
	err := r.Scan(&is.ID, &is.UserID, &typ, &is.TMDBID, &is.Title, &is.Season, &is.Episode, &is.Kind, &is.Description, &is.Status,
		&is.CreatedAt, &is.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return is, ErrNotFound
	}
	is.Type, is.CreatedAt, is.UpdatedAt = domain.MediaType(typ), is.CreatedAt.UTC(), is.UpdatedAt.UTC()
	return is, err
}

// IssueByID returns an issue with its comments.
func IssueByID(ctx context.Context, q Querier, id int64) (domain.Issue, error) {
	is, err := scanIssue(q.QueryRowContext(ctx, `SELECT `+issueColumns+` FROM media_issue WHERE id = $1`, id))
	if err != nil {
		return is, err
	}
	is.Comments, err = comments(ctx, q, `SELECT c.id, c.user_id, u.username, FALSE, c.body, c.created_at
		FROM issue_comment c JOIN app_user u ON u.id = c.user_id WHERE c.issue_id = $1 ORDER BY c.id`, id)
	return is, err
}

// SetIssueStatus resolves or reopens an issue.
func SetIssueStatus(ctx context.Context, q Querier, id int64, status string, now time.Time) error {
	err := exec1(ctx, q, `UPDATE media_issue SET status = $1, updated_at = $2 WHERE id = $3`, status, now.UTC(), id)
	if err == nil {
		wrote(q, &issuesVersion)
	}
	return err
}

// AddIssueComment stores a comment on an issue.
func AddIssueComment(ctx context.Context, q Querier, issueID, userID int64, body string, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO issue_comment (issue_id, user_id, body, created_at) VALUES ($1, $2, $3, $4)`,
		issueID, userID, body, now.UTC())
	return err
}

// IssueFilter selects a page of issues, newest first.
type IssueFilter struct {
	UserID int64 // 0: everyone's
	Status string
	Before int64
	Limit  int
}

// ListIssues returns one page of issues (without comments).
func ListIssues(ctx context.Context, q Querier, f IssueFilter) ([]domain.Issue, error) {
	w := filter{sql: `SELECT ` + issueColumns + ` FROM media_issue WHERE 1=1`}
	if f.UserID != 0 {
		w.and("user_id =", f.UserID)
	}
	if f.Status != "" {
		w.and("status =", f.Status)
	}
	if f.Before != 0 {
		w.and("id <", f.Before)
	}
	query, args := w.limit("id DESC", f.Limit)
	return queryAll(ctx, q, query, args, scanIssue)
}

// CountIssues counts everyone's issues in one status, through the
// (status, id) index: the issue managers' navigation count.
func CountIssues(ctx context.Context, q Querier, status string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM media_issue WHERE status = $1`, status).Scan(&n)
	return n, err
}
