package domain

import "time"

// MediaType is what a request is for.
type MediaType string

const (
	Movie MediaType = "movie"
	TV    MediaType = "tv"
)

// RequestStatus is where a request is in its life.
type RequestStatus string

const (
	StatusPending            RequestStatus = "pending"             // waiting for staff
	StatusApproved           RequestStatus = "approved"            // to be sent to Radarr/Sonarr
	StatusDeclined           RequestStatus = "declined"            // refused by staff, with a reason
	StatusProcessing         RequestStatus = "processing"          // in Radarr/Sonarr, downloading
	StatusPartiallyAvailable RequestStatus = "partially_available" // some episodes in the library
	StatusAvailable          RequestStatus = "available"           // everything asked for is in the library
	StatusFailed             RequestStatus = "failed"              // the hand-off gave up; staff may retry
	StatusDeleted            RequestStatus = "deleted"             // withdrawn, or gone from the library
)

// transitions is the whole state machine: every legal move, nothing else.
var transitions = map[RequestStatus][]RequestStatus{
	StatusPending:            {StatusApproved, StatusDeclined, StatusDeleted, StatusAvailable},
	StatusApproved:           {StatusProcessing, StatusFailed, StatusAvailable, StatusPartiallyAvailable, StatusDeclined, StatusDeleted},
	StatusProcessing:         {StatusPartiallyAvailable, StatusAvailable, StatusFailed, StatusDeleted},
	StatusPartiallyAvailable: {StatusAvailable, StatusProcessing, StatusFailed, StatusDeleted},
	StatusAvailable:          {StatusPartiallyAvailable, StatusDeleted},
	StatusFailed:             {StatusApproved, StatusDeclined, StatusDeleted},
	StatusDeclined:           {StatusDeleted},
	StatusDeleted:            {},
}

// RequestStatuses lists every status in display order.
var RequestStatuses = []RequestStatus{StatusPending, StatusApproved, StatusProcessing, StatusPartiallyAvailable,
	StatusAvailable, StatusFailed, StatusDeclined, StatusDeleted}

// CanMove reports whether from → to is a legal transition.
func CanMove(from, to RequestStatus) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Valid reports whether s is a known status.
func (s RequestStatus) Valid() bool { _, ok := transitions[s]; return ok }

// Active reports whether a request in this status still holds its titles:
// while it does, nobody can request them again.
func (s RequestStatus) Active() bool { return s != StatusDeclined && s != StatusDeleted }

// SeerrRequestStatus maps to Seerr's MediaRequestStatus (PENDING 1,
// APPROVED 2, DECLINED 3, FAILED 4, COMPLETED 5).
func (s RequestStatus) SeerrRequestStatus() int {
	switch s {
	case StatusPending:
		return 1
	case StatusApproved, StatusProcessing, StatusPartiallyAvailable:
		return 2
	case StatusDeclined:
		return 3
	case StatusFailed:
		return 4
	}
	return 5 // available, deleted: the request is complete
}

// SeerrMediaStatus maps to Seerr's MediaStatus (UNKNOWN 1, PENDING 2,
// PROCESSING 3, PARTIALLY_AVAILABLE 4, AVAILABLE 5, BLOCKLISTED 6, DELETED 7).
func (s RequestStatus) SeerrMediaStatus() int {
	switch s {
	case StatusPending:
		return 2
	case StatusApproved, StatusProcessing, StatusFailed:
		return 3
	case StatusPartiallyAvailable:
		return 4
	case StatusAvailable:
		return 5
	case StatusDeleted:
		return 7
	}
	return 1
}

// Request is one user's request for a film or for parts of a series.
type Request struct {
	ID            int64
	UserID        int64 // who it is for
	RequestedBy   int64 // who filed it (staff on behalf of someone)
	Type          MediaType
	TMDBID        int64
	Title         string
	PosterPath    string
	Status        RequestStatus
	Is4K          bool // the 4K track: sent to the default 4K Radarr/Sonarr
	DeclineReason string
	Progress      int           // download progress, 0-100, while processing
	ServiceID     int64         // the Radarr/Sonarr it was sent to; 0 before the hand-off
	ExternalID    int64         // its movie or series id there
	Items         []RequestItem // episodes of a series request; empty for films
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// RequestItem is one episode of a series request.
type RequestItem struct {
	Season, Episode int
	Status          RequestStatus
	Progress        int // download progress, 0-100
}

// RequestEvent records one transition: who moved the request, when and why.
type RequestEvent struct {
	At       time.Time
	ActorID  int64 // 0: the system
	From, To RequestStatus
	Reason   string
}

// Comment is a message on a request; staff-only notes are never shown to
// the requester.
type Comment struct {
	ID        int64
	UserID    int64
	Username  string
	StaffOnly bool
	Body      string
	CreatedAt time.Time
}

// Issue kinds and statuses.
const (
	IssueOpen     = "open"
	IssueResolved = "resolved"
)

// IssueKinds are what can be wrong with an available title.
var IssueKinds = []string{"video", "audio", "subtitles", "other"}

// Issue is a problem someone reported with an available title.
type Issue struct {
	ID              int64
	UserID          int64
	Type            MediaType
	TMDBID          int64
	Title           string
	Season, Episode int // 0: the whole title
	Kind            string
	Description     string
	Status          string
	Comments        []Comment
	CreatedAt       time.Time
	UpdatedAt       time.Time
}
