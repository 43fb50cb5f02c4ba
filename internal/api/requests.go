package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/httpio"
	"github.com/lemedia/lemedia/internal/service"
)

// Seerr-compatible request list and counts (GET /api/v1/request and
// /api/v1/request/count): the paths, parameters, numeric statuses and
// camelCase fields its clients read, with LeMedia's own status alongside.

type listRequestsInput struct {
	Take        int    `query:"take" minimum:"1" maximum:"100" default:"20" doc:"Requests per page."`
	Skip        int    `query:"skip" minimum:"0" default:"0" doc:"Requests to skip (Seerr's paging; costs what it skips). Prefer cursor."`
	Cursor      string `query:"cursor" maxLength:"120" doc:"pageInfo.next of the previous page: the page after it, whatever was added meanwhile."`
	Filter      string `query:"filter" default:"all" enum:"all,pending,approved,declined,processing,partially_available,available,failed,deleted,completed,unavailable" doc:"LeMedia's statuses by name; completed is available or deleted (Seerr's COMPLETED), unavailable is asked for but not yet in the library."`
	MediaType   string `query:"mediaType" default:"all" enum:"all,movie,tv"`
	Sort        string `query:"sort" default:"added" enum:"added,modified" doc:"Newest first: by when the request was made, or last changed."`
	RequestedBy int64  `query:"requestedBy" minimum:"1" doc:"Only this user's requests. Staff (MANAGE_REQUESTS or REQUEST_VIEW) only; others may name only themselves."`
}

type listRequestsOutput struct {
	CacheControl string `header:"Cache-Control"`
	Body         requestPage
}

type requestPage struct {
	PageInfo pageInfo       `json:"pageInfo"`
	Results  []mediaRequest `json:"results"`
	// rows, when set, are written as Results are (see appendJSON): the
	// page is encoded from the service's rows without copying them first.
	rows []*service.RequestRow
}

type pageInfo struct {
	Page     int    `json:"page" doc:"1-based."`
	Pages    int    `json:"pages"`
	Results  int    `json:"results" doc:"Requests matching the filters (may lag by up to a second behind writes made on another instance)."`
	PageSize int    `json:"pageSize"`
	Next     string `json:"next,omitempty" doc:"Cursor of the next page; absent on the last page."`
}

type mediaRequest struct {
	ID            int64           `json:"id"`
	Status        int             `json:"status" doc:"Seerr's request status: 1 pending, 2 approved, 3 declined, 4 failed, 5 completed."`
	State         string          `json:"state" doc:"LeMedia's status: pending, approved, declined, processing, partially_available, available, failed or deleted."`
	Type          string          `json:"type" enum:"movie,tv"`
	Is4k          bool            `json:"is4k" doc:"A request of the 4K track."`
	Media         mediaInfo       `json:"media"`
	RequestedBy   requester       `json:"requestedBy" doc:"Whom the request is for."`
	DeclineReason string          `json:"declineReason,omitempty"`
	Seasons       []seasonRequest `json:"seasons" doc:"The seasons a series request asks for (whole or in part); empty for a film."`
	CreatedAt     time.Time       `json:"createdAt"`
	UpdatedAt     time.Time       `json:"updatedAt"`
}

type mediaInfo struct {
	TMDBID    int64  `json:"tmdbId"`
	MediaType string `json:"mediaType" enum:"movie,tv"`
	Status    int    `json:"status" doc:"Seerr's media status: 1 unknown, 2 pending, 3 processing, 4 partially available, 5 available, 7 deleted."`
	Title     string `json:"title"`
}

type requester struct {
	ID          int64  `json:"id"`
	DisplayName string `json:"displayName"`
}

type seasonRequest struct {
	SeasonNumber int `json:"seasonNumber"`
	Status       int `json:"status" doc:"Seerr's request status of the season."`
}

type countInput struct{}

type countOutput struct {
	CacheControl string `header:"Cache-Control"`
	Body         requestCount
}

// requestCount has Seerr's RequestCount fields and LeMedia's own
// statuses. The mapping follows domain.SeerrRequestStatus.
type requestCount struct {
	Total      int            `json:"total"`
	Movie      int            `json:"movie"`
	TV         int            `json:"tv"`
	Pending    int            `json:"pending"`
	Approved   int            `json:"approved" doc:"Seerr's APPROVED: approved, processing or partially available."`
	Declined   int            `json:"declined"`
	Processing int            `json:"processing" doc:"Approved or processing: on their way to the library."`
	Available  int            `json:"available" doc:"Available or partially available."`
	Failed     int            `json:"failed"`
	Completed  int            `json:"completed" doc:"Seerr's COMPLETED: available or deleted."`
	ByStatus   map[string]int `json:"byStatus" doc:"Every LeMedia status with its count."`
}

func (a *api) registerRequests() {
	huma.Register(a, huma.Operation{
		OperationID: "list-requests",
		Method:      http.MethodGet,
		Path:        "/api/v1/request",
		Summary:     "List requests",
		Description: "Newest first, one page at a time. A user sees their own requests; staff (MANAGE_REQUESTS or REQUEST_VIEW) see everyone's.",
		Tags:        []string{"Requests"},
		Security:    signedIn,
		Middlewares: huma.Middlewares{a.signedInOnly(0)},
		Errors:      []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusUnprocessableEntity, http.StatusTooManyRequests},
	}, a.listRequests)
	huma.Register(a, huma.Operation{
		OperationID: "count-requests",
		Method:      http.MethodGet,
		Path:        "/api/v1/request/count",
		Summary:     "Count requests by type and status",
		Description: "A user's own requests; everyone's for staff (MANAGE_REQUESTS or REQUEST_VIEW). May lag by up to a second behind writes made on another instance.",
		Tags:        []string{"Requests"},
		Security:    signedIn,
		Middlewares: huma.Middlewares{a.signedInOnly(0)},
		Errors:      []int{http.StatusUnauthorized, http.StatusTooManyRequests},
	}, a.countRequests)
}

func (a *api) listRequests(ctx context.Context, in *listRequestsInput) (*listRequestsOutput, error) {
	q := service.RequestListQuery{Statuses: filterStatuses[in.Filter], RequestedBy: in.RequestedBy,
		Cursor: in.Cursor, Skip: in.Skip, Take: in.Take}
	if in.MediaType != "all" {
		q.Type = domain.MediaType(in.MediaType)
	}
	if in.Sort == "modified" {
		q.Sort = service.SortModified
	}
	page, err := a.deps.Service.ListRequestPage(ctx, principal(ctx), q)
	if err != nil {
		return nil, a.serviceError(ctx, err)
	}
	out := &listRequestsOutput{CacheControl: "no-store"}
	out.Body.PageInfo = pageInfo{Page: page.Page, Pages: (page.Total + in.Take - 1) / in.Take, Results: page.Total,
		PageSize: in.Take, Next: page.Next}
	out.Body.rows = page.Rows
	if out.Body.rows == nil {
		out.Body.rows = []*service.RequestRow{} // "results": [], never null
	}
	return out, nil
}

// filterStatuses maps the filter parameter to the statuses it lists.
var filterStatuses = func() map[string][]domain.RequestStatus {
	m := map[string][]domain.RequestStatus{
		"all":         nil,
		"completed":   {domain.StatusAvailable, domain.StatusDeleted},
		"unavailable": {domain.StatusPending, domain.StatusApproved, domain.StatusProcessing, domain.StatusPartiallyAvailable},
	}
	for _, s := range domain.RequestStatuses {
		m[string(s)] = []domain.RequestStatus{s}
	}
	return m
}()

func requestFrom(r *service.RequestRow) mediaRequest {
	out := mediaRequest{ID: r.ID, Status: r.Status.SeerrRequestStatus(), State: string(r.Status), Type: string(r.Type), Is4k: r.Is4K,
		Media:         mediaInfo{TMDBID: r.TMDBID, MediaType: string(r.Type), Status: r.Status.SeerrMediaStatus(), Title: r.Title},
		RequestedBy:   requester{ID: r.UserID, DisplayName: r.Username},
		DeclineReason: r.DeclineReason, Seasons: make([]seasonRequest, len(r.Seasons)), CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	for i, n := range r.Seasons {
		out.Seasons[i] = seasonRequest{SeasonNumber: n, Status: out.Status}
	}
	return out
}

func (a *api) countRequests(ctx context.Context, _ *countInput) (*countOutput, error) {
	c, err := a.deps.Service.RequestCountsFor(ctx, principal(ctx))
	if err != nil {
		return nil, a.serviceError(ctx, err)
	}
	out := &countOutput{CacheControl: "no-store"}
	b := &out.Body
	b.Total, b.Movie, b.TV = c.Count(""), c.Count(domain.Movie), c.Count(domain.TV)
	b.Pending = c.Count("", domain.StatusPending)
	b.Approved = c.Count("", domain.StatusApproved, domain.StatusProcessing, domain.StatusPartiallyAvailable)
	b.Declined = c.Count("", domain.StatusDeclined)
	b.Processing = c.Count("", domain.StatusApproved, domain.StatusProcessing)
	b.Available = c.Count("", domain.StatusAvailable, domain.StatusPartiallyAvailable)
	b.Failed = c.Count("", domain.StatusFailed)
	b.Completed = c.Count("", domain.StatusAvailable, domain.StatusDeleted)
	b.ByStatus = make(map[string]int, len(domain.RequestStatuses))
	for _, s := range domain.RequestStatuses {
		b.ByStatus[string(s)] = c.Count("", s)
	}
	return out, nil
}

// serviceError turns a service error into the API's answer, with the
// request id; field errors name the query parameter at fault.
func (a *api) serviceError(ctx context.Context, err error) error {
	problem := func(status int, detail string, fields ...httpio.FieldError) error {
		return &httpio.Problem{Title: http.StatusText(status), Status: status, Detail: detail,
			RequestID: httpio.From(ctx).ID, Errors: fields}
	}
	var fe *service.FieldError
	switch {
	case errors.As(err, &fe):
		return problem(http.StatusUnprocessableEntity, "invalid "+fe.Field, httpio.FieldError{Field: "query." + fe.Field, Message: fe.Message})
	case errors.Is(err, service.ErrForbidden):
		const msg = "only staff may list other users' requests"
		return problem(http.StatusForbidden, "requestedBy: "+msg, httpio.FieldError{Field: "query.requestedBy", Message: msg})
	case errors.Is(err, service.ErrNotFound):
		return problem(http.StatusNotFound, "not found")
	}
	log := a.deps.Log
	if log == nil {
		log = slog.Default()
	}
	log.ErrorContext(ctx, "api", "error", err, "request_id", httpio.From(ctx).ID)
	return problem(http.StatusInternalServerError, "internal error")
}
