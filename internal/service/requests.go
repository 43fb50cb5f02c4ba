package service

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// Metadata is what requests need to know about a title; the TMDB client and
// the built-in catalogue both provide it.
type Metadata interface {
	Movie(ctx context.Context, tmdbID int64) (TitleInfo, error)
	Series(ctx context.Context, tmdbID int64) (TitleInfo, error)
}

// TitleInfo describes a film or a series with its seasons' episodes.
type TitleInfo struct {
	Title      string
	PosterPath string
	TVDBID     int64         // series only; what Sonarr knows a series by
	Anime      bool          // series only: Japanese animation, sent with Sonarr's anime settings
	Seasons    map[int][]int // season number → episode numbers; specials (season 0) left out
}

// Handoff enqueues sending an approved request to Radarr or Sonarr, inside
// the approving transaction so both happen or neither does.
type Handoff interface {
	// Enqueue queues a hand-off. It is not unique: a retry right after a
	// failure must not be lost to the failed job still finishing, and a
	// second job for a request already sent does nothing.
	Enqueue(ctx context.Context, tx *store.Tx, requestID int64) error
	// EnqueueOnce queues one unless one is already queued or running (for
	// the periodic re-send of waiting requests).
	EnqueueOnce(ctx context.Context, tx *store.Tx, requestID int64) error
}

// Request errors a caller maps to a status.
var (
	ErrAlreadyRequested = errors.New("already requested or available")
	ErrMaintenance      = errors.New("requests are paused for maintenance")
	ErrNothingToRequest = errors.New("nothing left to request")
)

// QuotaError says a request would go over the user's limit and when it
// refills.
type QuotaError struct {
	Type     domain.MediaType
	Limit    int
	Days     int
	RefillAt time.Time
}

func (e *QuotaError) Error() string { return "request limit reached" }

// Episode names one episode.
type Episode struct{ Season, Episode int }

// RequestInput is what a user asks for. For a series: nothing chosen means
// every season; Seasons and Episodes may be combined.
type RequestInput struct {
	Type      domain.MediaType
	TMDBID    int64
	Seasons   []int
	Episodes  []Episode
	ForUserID int64 // staff requesting on someone's behalf; 0 for oneself
	Is4K      bool  // the 4K track, sent to the default 4K Radarr/Sonarr
}

// CreateRequest files a request. The film or every episode is claimed in
// the same transaction, so of two identical requests at the same moment one
// wins and the other gets ErrAlreadyRequested; the quota is checked under a
// per-user lock, so parallel submissions never exceed it.
func (s *Service) CreateRequest(ctx context.Context, m Meta, p Principal, in RequestInput) (domain.Request, error) {
	settings := s.Settings(ctx) // read before the transaction: it must not wait for a second connection
	if settings.Maintenance {
		return domain.Request{}, ErrMaintenance
	}
	target, err := s.requestTarget(ctx, p, in)
	if err != nil {
		return domain.Request{}, err
	}
	if err := s.check4K(ctx, target, in); err != nil {
		return domain.Request{}, err
	}
	r := domain.Request{UserID: target.ID, RequestedBy: p.User.ID, Type: in.Type, TMDBID: in.TMDBID, Status: domain.StatusPending, Is4K: in.Is4K}
	if err := s.fillRequest(ctx, &r, in); err != nil {
		return domain.Request{}, err
	}
	if autoApproves(p.User.Permissions, in.Type, in.Is4K) {
		r.Status = domain.StatusApproved
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.LockUserRequests(ctx, tx, target.ID); err != nil {
			return err
		}
		if err := s.checkQuota(ctx, tx, settings, target, r); err != nil {
			return err
		}
		id, err := store.InsertRequest(ctx, tx, r, s.Now())
		if store.IsConflict(err, "media_claim") {
			return ErrAlreadyRequested
		}
		if err != nil {
			return err
		}
		r.ID = id
		if r.Status == domain.StatusApproved && s.Handoff != nil {
			return s.Handoff.Enqueue(ctx, tx, id)
		}
		return nil
	})
	if err != nil {
		return domain.Request{}, err
	}
	r.CreatedAt, r.UpdatedAt = s.Now().UTC(), s.Now().UTC()
	return r, nil
}

// requestTarget resolves whom the request is for and checks they may have it.
func (s *Service) requestTarget(ctx context.Context, p Principal, in RequestInput) (domain.User, error) {
	if in.Type != domain.Movie && in.Type != domain.TV {
		return domain.User{}, fieldErr("type", "must be movie or tv")
	}
	target := p.User
	if in.ForUserID != 0 && in.ForUserID != p.User.ID {
		if !p.User.Permissions.Has(domain.PermManageRequests) {
			return domain.User{}, ErrForbidden
		}
		u, err := store.UserByID(ctx, s.Store.DB, in.ForUserID)
		if err != nil || u.Suspended() {
			return domain.User{}, fieldErr("user", "no such active user")
		}
		target = u
	}
	need := domain.PermRequestMovie
	if in.Type == domain.TV {
		need = domain.PermRequestTV
	}
	if !target.Permissions.HasAny(domain.PermRequest | need) {
		return domain.User{}, ErrForbidden
	}
	return target, nil
}

// fillRequest looks the title up and turns the choice into episodes.
func (s *Service) fillRequest(ctx context.Context, r *domain.Request, in RequestInput) error {
	var info TitleInfo
	var err error
	if in.Type == domain.Movie {
		info, err = s.Metadata.Movie(ctx, in.TMDBID)
	} else {
		info, err = s.Metadata.Series(ctx, in.TMDBID)
	}
	if err != nil {
		return ErrNotFound
	}
	r.Title, r.PosterPath = info.Title, info.PosterPath
	if in.Type == domain.Movie {
		return nil
	}
	seasons := in.Seasons
	if len(seasons) == 0 && len(in.Episodes) == 0 {
		for n := range info.Seasons {
			seasons = append(seasons, n)
		}
	}
	seen := map[Episode]bool{}
	for _, n := range seasons {
		eps, ok := info.Seasons[n]
		if !ok {
			return fieldErr("seasons", "season "+itoa(int64(n))+" does not exist")
		}
		for _, e := range eps {
			seen[Episode{n, e}] = true
		}
	}
	for _, e := range in.Episodes {
		if !slices.Contains(info.Seasons[e.Season], e.Episode) {
			return fieldErr("episodes", "S"+itoa(int64(e.Season))+"E"+itoa(int64(e.Episode))+" does not exist")
		}
		seen[e] = true
	}
	if len(seen) == 0 {
		return ErrNothingToRequest
	}
	for e := range seen {
		r.Items = append(r.Items, domain.RequestItem{Season: e.Season, Episode: e.Episode})
	}
	slices.SortFunc(r.Items, func(a, b domain.RequestItem) int { return (a.Season-b.Season)*10000 + a.Episode - b.Episode })
	return nil
}

func autoApproves(p domain.Permission, t domain.MediaType, is4K bool) bool {
	if is4K {
		return autoApproves4K(p, t)
	}
	bit := domain.PermAutoApproveMovie
	if t == domain.TV {
		bit = domain.PermAutoApproveTV
	}
	return p.HasAny(domain.PermAutoApprove | bit | domain.PermManageRequests)
}

// checkQuota refuses a request that would take the user over their limit.
func (s *Service) checkQuota(ctx context.Context, tx *store.Tx, st SiteSettings, u domain.User, r domain.Request) error {
	if u.Permissions.Has(domain.PermManageRequests) {
		return nil // staff are not limited
	}
	q := QuotaFor(st, u, r.Type)
	if q.Limit == 0 {
		return nil
	}
	since := s.Now().Add(-time.Duration(q.Days) * 24 * time.Hour)
	used, err := store.QuotaUse(ctx, tx, u.ID, r.Type, since, st.TVQuotaPerSeason)
	if err != nil {
		return err
	}
	if used+quotaCost(r, st.TVQuotaPerSeason) <= q.Limit {
		return nil
	}
	oldest, err := store.OldestQuotaUse(ctx, tx, u.ID, r.Type, since)
	if err != nil {
		return err
	}
	return &QuotaError{Type: r.Type, Limit: q.Limit, Days: q.Days, RefillAt: oldest.Add(time.Duration(q.Days) * 24 * time.Hour)}
}

func quotaCost(r domain.Request, perSeason bool) int {
	if r.Type == domain.Movie || !perSeason {
		return 1
	}
	seasons := map[int]bool{}
	for _, it := range r.Items {
		seasons[it.Season] = true
	}
	return len(seasons)
}

// Quota is a limit in force: Limit requests per Days; Limit 0 is unlimited.
type Quota struct{ Limit, Days int }

// QuotaFor is the user's own limit, or the site default.
func QuotaFor(st SiteSettings, u domain.User, t domain.MediaType) Quota {
	q := Quota{Limit: st.MovieQuota, Days: st.MovieQuotaDays}
	limit, days := u.Quota.MovieLimit, u.Quota.MovieDays
	if t == domain.TV {
		q = Quota{Limit: st.TVQuota, Days: st.TVQuotaDays}
		limit, days = u.Quota.TVLimit, u.Quota.TVDays
	}
	if limit != nil {
		q.Limit = *limit
	}
	if days != nil {
		q.Days = *days
	}
	if q.Days <= 0 {
		q.Days = 7
	}
	return q
}

// move applies one transition under the state machine, with its audit-free
// history row; staff actions add an audit row too.
func (s *Service) move(ctx context.Context, m Meta, p Principal, id int64, to domain.RequestStatus, reason string,
	allowed func(r domain.Request) bool) error {
	r, err := s.GetRequest(ctx, p, id)
	if err != nil {
		return err
	}
	if !allowed(r) {
		return ErrNotFound
	}
	if !domain.CanMove(r.Status, to) {
		return fieldErr("status", "a "+strings.ReplaceAll(string(r.Status), "_", " ")+" request cannot become "+strings.ReplaceAll(string(to), "_", " "))
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := store.MoveRequest(ctx, tx, id, r.Status, to, p.User.ID, reason, s.Now()); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fieldErr("status", "the request changed meanwhile; reload and try again")
			}
			return err
		}
		if to == domain.StatusApproved && s.Handoff != nil {
			if err := s.Handoff.Enqueue(ctx, tx, id); err != nil {
				return err
			}
		}
		if p.User.ID == r.UserID && to == domain.StatusDeleted {
			return nil // withdrawing one's own request is not an admin action
		}
		return s.record(ctx, tx, m, &p.User, "request."+string(to), "request:"+itoa(id), "success", map[string]any{"from": r.Status, "reason": reason})
	})
}

func isStaff(p Principal) bool { return p.User.Permissions.Has(domain.PermManageRequests) }

// Approve moves a pending (or, on retry, failed) request on and enqueues the hand-off.
func (s *Service) Approve(ctx context.Context, m Meta, p Principal, id int64) error {
	return s.move(ctx, m, p, id, domain.StatusApproved, "", func(domain.Request) bool { return isStaff(p) })
}

// Decline refuses a request with a reason the requester sees.
func (s *Service) Decline(ctx context.Context, m Meta, p Principal, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < 1 || n > 500 {
		return fieldErr("reason", "must be 1 to 500 characters")
	}
	return s.move(ctx, m, p, id, domain.StatusDeclined, reason, func(domain.Request) bool { return isStaff(p) })
}

// DeleteRequest withdraws a request: the requester's own while pending, or
// any as staff. What it held can be requested again.
func (s *Service) DeleteRequest(ctx context.Context, m Meta, p Principal, id int64) error {
	return s.move(ctx, m, p, id, domain.StatusDeleted, "", func(r domain.Request) bool {
		return isStaff(p) || (r.UserID == p.User.ID && r.Status == domain.StatusPending)
	})
}

// GetRequest returns a request its owner, staff or REQUEST_VIEW may see;
// anyone else gets ErrNotFound.
func (s *Service) GetRequest(ctx context.Context, p Principal, id int64) (domain.Request, error) {
	r, err := store.RequestByID(ctx, s.Store.DB, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && r.UserID != p.User.ID && !p.User.Permissions.HasAny(domain.PermManageRequests|domain.PermRequestView)) {
		return domain.Request{}, ErrNotFound
	}
	return r, err
}

// RequestPage is one page of a request list.
type RequestPage struct {
	Requests []domain.Request
	Next     int64 // id to continue before; 0 on the last page
}

// ListRequests lists the user's own requests, or, with all set, everyone's
// for staff and REQUEST_VIEW (others get their own).
func (s *Service) ListRequests(ctx context.Context, p Principal, all bool, status domain.RequestStatus, t domain.MediaType, before int64) (RequestPage, error) {
	f := store.RequestFilter{UserID: p.User.ID, Status: status, Type: t, Before: before, Limit: 21}
	if all && p.User.Permissions.HasAny(domain.PermManageRequests|domain.PermRequestView) {
		f.UserID = 0
	}
	list, err := store.ListRequests(ctx, s.Store.Read(), f)
	page := RequestPage{Requests: list}
	if len(list) == 21 {
		page.Requests, page.Next = list[:20], list[19].ID
	}
	return page, err
}

// RequestHistory returns a visible request's transitions.
func (s *Service) RequestHistory(ctx context.Context, p Principal, id int64) ([]domain.RequestEvent, error) {
	if _, err := s.GetRequest(ctx, p, id); err != nil {
		return nil, err
	}
	return store.RequestEvents(ctx, s.Store.DB, id)
}

// PendingRequestCount is the number of pending requests for staff; 0 for
// everyone else, without a query.
func (s *Service) PendingRequestCount(ctx context.Context, p Principal) int {
	if !isStaff(p) {
		return 0
	}
	c, err := s.requestCounts(ctx, 0) // kept for a moment: every staff page shows it
	if err != nil {
		return 0 // a count in the navigation is not worth failing a page
	}
	return c.Count("", domain.StatusPending)
}

// QuotaStatus says how much of their limit for a media type the user has
// used: limit 0 is unlimited (staff, or no limit set). refill is when the
// oldest counted request leaves the window; zero when none is counted. It
// reads outside any transaction: a display, not a check.
func (s *Service) QuotaStatus(ctx context.Context, p Principal, t domain.MediaType) (used, limit, days int, refill time.Time, err error) {
	if t != domain.Movie && t != domain.TV {
		return 0, 0, 0, time.Time{}, fieldErr("type", "must be movie or tv")
	}
	if isStaff(p) {
		return 0, 0, 0, time.Time{}, nil
	}
	st := s.Settings(ctx)
	q := QuotaFor(st, p.User, t)
	if q.Limit == 0 {
		return 0, 0, q.Days, time.Time{}, nil
	}
	window := time.Duration(q.Days) * 24 * time.Hour
	since := s.Now().Add(-window)
	if used, err = store.QuotaUse(ctx, s.Store.Read(), p.User.ID, t, since, st.TVQuotaPerSeason); err != nil {
		return 0, 0, 0, time.Time{}, err
	}
	if used > 0 {
		oldest, err := store.OldestQuotaUse(ctx, s.Store.Read(), p.User.ID, t, since)
		if err != nil {
			return 0, 0, 0, time.Time{}, err
		}
		if !oldest.IsZero() {
			refill = oldest.Add(window)
		}
	}
	return used, q.Limit, q.Days, refill, nil
}
