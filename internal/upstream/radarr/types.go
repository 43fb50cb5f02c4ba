package radarr

import (
	"encoding/json"
	"time"

	"github.com/lemedia/lemedia/internal/upstream/arr"
)

// Movie is a film as Radarr describes it (from the library or a lookup).
// It keeps the JSON it was decoded from, for UpdateMovie.
type Movie struct {
	ID                  int     `json:"id"` // 0 for a lookup result
	TMDBID              int64   `json:"tmdbId"`
	IMDbID              string  `json:"imdbId"`
	Title               string  `json:"title"`
	Year                int     `json:"year"`
	TitleSlug           string  `json:"titleSlug"`
	Status              string  `json:"status"` // tba, announced, inCinemas, released, deleted
	Monitored           bool    `json:"monitored"`
	MinimumAvailability string  `json:"minimumAvailability"`
	QualityProfileID    int     `json:"qualityProfileId"`
	RootFolderPath      string  `json:"rootFolderPath"`
	Path                string  `json:"path"`
	Tags                []int   `json:"tags"`
	HasFile             bool    `json:"hasFile"`
	SizeOnDisk          int64   `json:"sizeOnDisk"`
	Images              []Image `json:"images"`
	arr.Raw
}

// Image is a poster or fanart link.
type Image struct {
	CoverType string `json:"coverType"`
	RemoteURL string `json:"remoteUrl"`
}

func (m *Movie) UnmarshalJSON(b []byte) error {
	type plain Movie
	if err := json.Unmarshal(b, (*plain)(m)); err != nil {
		return err
	}
	m.Keep(b)
	return nil
}

// AddOptions are LeMedia's choices for a film it adds.
type AddOptions struct {
	QualityProfileID int
	RootFolderPath   string
	// MinimumAvailability is "announced", "inCinemas" or "released" (the
	// default when empty).
	MinimumAvailability string
	Tags                []int
	Monitored           bool
	// Search asks Radarr to search for the film as soon as it is added.
	Search bool
}

// QueuePage is one page of the download queue.
type QueuePage struct {
	Page         int         `json:"page"`
	PageSize     int         `json:"pageSize"`
	TotalRecords int         `json:"totalRecords"`
	Records      []QueueItem `json:"records"`
}

// QueueItem is one download.
type QueueItem struct {
	ID      int    `json:"id"`
	MovieID int    `json:"movieId"`
	Title   string `json:"title"`
	// Size and SizeLeft are in bytes.
	Size     float64 `json:"size"`
	SizeLeft float64 `json:"sizeleft"`
	// TimeLeft is a .NET time span ("hh:mm:ss"); see Remaining.
	TimeLeft                string     `json:"timeleft"`
	EstimatedCompletionTime *time.Time `json:"estimatedCompletionTime"`
	// Status is the download client's: queued, downloading, completed, ...
	Status string `json:"status"`
	// TrackedDownloadStatus is ok, warning or error.
	TrackedDownloadStatus string `json:"trackedDownloadStatus"`
	// TrackedDownloadState is downloading, importPending, importing, imported, ...
	TrackedDownloadState string `json:"trackedDownloadState"`
	Movie                *Movie `json:"movie"`
}

// Remaining reads TimeLeft; false when Radarr sent none.
func (q QueueItem) Remaining() (time.Duration, bool) {
	d, err := arr.ParseTimeSpan(q.TimeLeft)
	return d, err == nil
}

// Progress is the fraction downloaded, from 0 to 1.
func (q QueueItem) Progress() float64 {
	if q.Size <= 0 {
		return 0
	}
	return min(max(1-q.SizeLeft/q.Size, 0), 1)
}
