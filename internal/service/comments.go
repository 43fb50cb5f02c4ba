package service

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// commentBody trims and checks the length of a comment (1–2000 characters).
func commentBody(body string) (string, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if n := utf8.RuneCountInString(body); n < 1 || n > 2000 {
		return "", fieldErr("body", "must be 1 to 2000 characters")
	}
	return body, nil
}

// CommentOnRequest adds a comment by the requester or staff; only staff may
// leave staff-only notes.
func (s *Service) CommentOnRequest(ctx context.Context, m Meta, p Principal, requestID int64, body string, staffOnly bool) error {
	r, err := s.GetRequest(ctx, p, requestID)
	if err != nil {
		return err
	}
	if r.UserID != p.User.ID && !isStaff(p) {
		return ErrNotFound // REQUEST_VIEW may look, not talk
	}
	if staffOnly && !isStaff(p) {
		return ErrForbidden
	}
	if body, err = commentBody(body); err != nil {
		return err
	}
	_, err = store.AddRequestComment(ctx, s.Store.DB, requestID, p.User.ID, staffOnly, body, s.Now())
	return err
}

// RequestComments lists what p may read of a request's comments.
func (s *Service) RequestComments(ctx context.Context, p Principal, requestID int64) ([]domain.Comment, error) {
	if _, err := s.GetRequest(ctx, p, requestID); err != nil {
		return nil, err
	}
	return store.RequestComments(ctx, s.Store.DB, requestID, isStaff(p))
}
