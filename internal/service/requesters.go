package service

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// Requester is a user staff may file a request for: only what the request
// dialog's picker shows, never the email or permissions.
type Requester struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// maxRequesters is how many matches the picker lists at once.
const maxRequesters = 10

// mayRequest reports whether u can be the user a request is for.
func mayRequest(u domain.User) bool {
	return !u.Suspended() && u.Permissions.HasAny(domain.PermRequest|domain.PermRequestMovie|domain.PermRequestTV)
}

// SearchRequesters finds active users who may request, by part of their
// username or email, for staff with manage-requests; others get
// ErrForbidden. The staff member themself is left out: requesting for
// oneself needs no picker.
func (s *Service) SearchRequesters(ctx context.Context, p Principal, query string) ([]Requester, error) {
	if !isStaff(p) {
		return nil, ErrForbidden
	}
	query = strings.TrimSpace(query)
	out := []Requester{}
	if query == "" {
		return out, nil
	}
	// Ask for more than we show: suspended and non-requesting accounts are
	// dropped after the query.
	page, err := store.ListUsers(ctx, s.Store.DB, query, 0, 3*maxRequesters)
	if err != nil {
		return nil, err
	}
	for _, u := range page.Users {
		if u.ID != p.User.ID && mayRequest(u) && len(out) < maxRequesters {
			out = append(out, Requester{ID: u.ID, Name: u.Username})
		}
	}
	return out, nil
}

// FindRequester resolves the user staff chose in the picker: the id when
// the typed name still names that user, otherwise the exact username or
// email typed (the picker without its script). An empty name means
// nobody. Non-staff get ErrForbidden; an unknown, suspended or
// non-requesting user a FieldError on "for_user".
func (s *Service) FindRequester(ctx context.Context, p Principal, id int64, name string) (Requester, error) {
	if !isStaff(p) {
		return Requester{}, ErrForbidden
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return Requester{}, nil
	}
	var u domain.User
	err := store.ErrNotFound
	if id > 0 {
		u, err = store.UserByID(ctx, s.Store.DB, id)
		if err == nil && domain.Key(u.Username) != domain.Key(name) {
			err = store.ErrNotFound // the name was changed after picking: believe the name
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		u, err = store.UserByLogin(ctx, s.Store.DB, name)
	}
	switch {
	case errors.Is(err, store.ErrNotFound) || (err == nil && !mayRequest(u)):
		return Requester{}, fieldErr("for_user", "no active user called “"+name+"” may request")
	case err != nil:
		return Requester{}, err
	}
	return Requester{ID: u.ID, Name: u.Username}, nil
}

// QuotaStatusFor is QuotaStatus of the user staff request for, so the
// dialog shows the limit the service will enforce on them.
func (s *Service) QuotaStatusFor(ctx context.Context, p Principal, userID int64, t domain.MediaType) (used, limit, days int, refill time.Time, err error) {
	if !isStaff(p) {
		return 0, 0, 0, time.Time{}, ErrForbidden
	}
	u, err := store.UserByID(ctx, s.Store.DB, userID)
	if errors.Is(err, store.ErrNotFound) {
		err = ErrNotFound
	}
	if err != nil {
		return 0, 0, 0, time.Time{}, err
	}
	return s.QuotaStatus(ctx, Principal{User: u}, t)
}
