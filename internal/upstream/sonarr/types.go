package sonarr

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/lemedia/lemedia/internal/upstream/arr"
)

// Series is a show as Sonarr describes it (from the library or a lookup).
// It keeps the JSON it was decoded from, for UpdateSeries.
type Series struct {
	ID               int               `json:"id"` // 0 for a lookup result not in the library
	TVDBID           int64             `json:"tvdbId"`
	TMDBID           int64             `json:"tmdbId"`
	IMDbID           string            `json:"imdbId"`
	Title            string            `json:"title"`
	Year             int               `json:"year"`
	TitleSlug        string            `json:"titleSlug"`
	Status           string            `json:"status"` // continuing, ended, upcoming, deleted
	Monitored        bool              `json:"monitored"`
	SeriesType       string            `json:"seriesType"` // standard, daily, anime
	SeasonFolder     bool              `json:"seasonFolder"`
	QualityProfileID int               `json:"qualityProfileId"`
	RootFolderPath   string            `json:"rootFolderPath"`
	Path             string            `json:"path"`
	Tags             []int             `json:"tags"`
	Seasons          []Season          `json:"seasons"`
	Statistics       *SeriesStatistics `json:"statistics"`
	arr.Raw
}

func (s *Series) UnmarshalJSON(b []byte) error {
	type plain Series
	if err := json.Unmarshal(b, (*plain)(s)); err != nil {
		return err
	}
	s.Keep(b)
	return nil
}

// Season is one season's monitoring and counts.
type Season struct {
	SeasonNumber int               `json:"seasonNumber"`
	Monitored    bool              `json:"monitored"`
	Statistics   *SeasonStatistics `json:"statistics,omitempty"`
}

// SeriesStatistics counts episodes and files. EpisodeCount is what Sonarr
// wants (monitored and aired, or with a file); TotalEpisodeCount is all.
type SeriesStatistics struct {
	SeasonCount       int   `json:"seasonCount"`
	EpisodeFileCount  int   `json:"episodeFileCount"`
	EpisodeCount      int   `json:"episodeCount"`
	TotalEpisodeCount int   `json:"totalEpisodeCount"`
	SizeOnDisk        int64 `json:"sizeOnDisk"`
}

// SeasonStatistics counts one season's episodes and files.
type SeasonStatistics struct {
	EpisodeFileCount  int   `json:"episodeFileCount"`
	EpisodeCount      int   `json:"episodeCount"`
	TotalEpisodeCount int   `json:"totalEpisodeCount"`
	SizeOnDisk        int64 `json:"sizeOnDisk"`
}

// MonitorSeasons marks seasons monitored (and the series with them), leaving
// the others as they are; UpdateSeries saves it.
func (s *Series) MonitorSeasons(numbers ...int) {
	for _, n := range numbers {
		i := slices.IndexFunc(s.Seasons, func(se Season) bool { return se.SeasonNumber == n })
		if i < 0 {
			s.Seasons = append(s.Seasons, Season{SeasonNumber: n, Monitored: true})
			continue
		}
		s.Seasons[i].Monitored = true
	}
	if len(numbers) > 0 {
		s.Monitored = true
	}
}

// Episode is one episode of a library series.
type Episode struct {
	ID            int        `json:"id"`
	SeriesID      int        `json:"seriesId"`
	TVDBID        int64      `json:"tvdbId"`
	SeasonNumber  int        `json:"seasonNumber"`
	EpisodeNumber int        `json:"episodeNumber"`
	Title         string     `json:"title"`
	AirDate       string     `json:"airDate"` // YYYY-MM-DD, empty if unknown
	AirDateUTC    *time.Time `json:"airDateUtc"`
	Monitored     bool       `json:"monitored"`
	HasFile       bool       `json:"hasFile"`
	EpisodeFileID int        `json:"episodeFileId"`
}

// AddOptions are LeMedia's choices for a series it adds.
type AddOptions struct {
	QualityProfileID int
	// LanguageProfileID is required by Sonarr v3 and ignored by v4; 0
	// leaves it out.
	LanguageProfileID int
	RootFolderPath    string
	// SeriesType is "standard" (the default when empty), "daily" or "anime".
	SeriesType   string
	SeasonFolder bool
	Tags         []int
	// Seasons lists the season numbers to monitor; the series' other seasons
	// are added unmonitored, and Sonarr monitors the episodes of the chosen
	// ones. Leave Monitor empty when choosing seasons.
	Seasons []int
	// Monitor is Sonarr's addOptions.monitor ("all", "future", "missing",
	// "existing", "pilot", "firstSeason", "lastSeason", "none") for when no
	// seasons are chosen.
	Monitor string
	// Search asks Sonarr to search for the monitored missing episodes at once.
	Search bool
}

// QueuePage is one page of the download queue.
type QueuePage struct {
	Page         int         `json:"page"`
	PageSize     int         `json:"pageSize"`
	TotalRecords int         `json:"totalRecords"`
	Records      []QueueItem `json:"records"`
}

// QueueItem is one download of one episode.
type QueueItem struct {
	ID           int    `json:"id"`
	SeriesID     int    `json:"seriesId"`
	EpisodeID    int    `json:"episodeId"`
	SeasonNumber int    `json:"seasonNumber"`
	Title        string `json:"title"`
	// Size and SizeLeft are in bytes.
	Size     float64 `json:"size"`
	SizeLeft float64 `json:"sizeleft"`
	// TimeLeft is a .NET time span ("hh:mm:ss"); see Remaining.
	TimeLeft                string     `json:"timeleft"`
	EstimatedCompletionTime *time.Time `json:"estimatedCompletionTime"`
	// Status is the download client's: queued, downloading, completed, ...
	Status                string   `json:"status"`
	TrackedDownloadStatus string   `json:"trackedDownloadStatus"`
	TrackedDownloadState  string   `json:"trackedDownloadState"`
	EpisodeHasFile        bool     `json:"episodeHasFile"`
	Series                *Series  `json:"series"`
	Episode               *Episode `json:"episode"`
}

// Remaining reads TimeLeft; false when Sonarr sent none.
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
