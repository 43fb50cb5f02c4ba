package jellyfin

import (
	"strconv"
	"strings"
	"time"
)

// ItemType is a Jellyfin BaseItemKind.
type ItemType string

// The item types LeMedia reads.
const (
	Movie   ItemType = "Movie"
	Series  ItemType = "Series"
	Season  ItemType = "Season"
	Episode ItemType = "Episode"
)

// Collection types of the libraries LeMedia reads.
const (
	CollectionMovies = "movies"
	CollectionTV     = "tvshows"
)

// ProviderIDs are an item's ids in other databases; zero when absent.
type ProviderIDs struct {
	TMDB int64
	TVDB int64
	IMDb string
}

// Item is a film, series, season or episode.
type Item struct {
	ID   string
	Type ItemType
	Name string
	// ProviderIDs are the item's own: an episode's are the episode's, not
	// the series'. Scan fills SeriesProviderIDs for episodes.
	ProviderIDs       ProviderIDs
	SeriesProviderIDs ProviderIDs
	SeriesID          string
	SeriesName        string
	SeasonID          string
	// Season is the season number of a season or an episode; Episode the
	// episode number. Numbered says both were given (for an episode) or the
	// season number was (for a season).
	Season, Episode int
	Numbered        bool
	DateCreated     time.Time
	Path            string
	// HasFile: a film or episode with a real file on disk, not a virtual
	// (missing or unaired) placeholder.
	HasFile bool
}

// itemDTO is BaseItemDto, reduced to what LeMedia reads.
type itemDTO struct {
	ID                string            `json:"Id"`
	Name              string            `json:"Name"`
	Type              string            `json:"Type"`
	ProviderIDs       map[string]string `json:"ProviderIds"`
	SeriesID          string            `json:"SeriesId"`
	SeriesName        string            `json:"SeriesName"`
	SeasonID          string            `json:"SeasonId"`
	IndexNumber       *int              `json:"IndexNumber"`
	ParentIndexNumber *int              `json:"ParentIndexNumber"`
	DateCreated       string            `json:"DateCreated"`
	Path              string            `json:"Path"`
	LocationType      string            `json:"LocationType"`
	IsFolder          bool              `json:"IsFolder"`
}

// queryResult is BaseItemDtoQueryResult.
type queryResult struct {
	Items            []itemDTO `json:"Items"`
	TotalRecordCount int       `json:"TotalRecordCount"`
	StartIndex       int       `json:"StartIndex"`
}

func (d itemDTO) item() Item {
	it := Item{
		ID: d.ID, Type: ItemType(d.Type), Name: d.Name,
		ProviderIDs: providerIDs(d.ProviderIDs),
		SeriesID:    d.SeriesID, SeriesName: d.SeriesName, SeasonID: d.SeasonID,
		DateCreated: parseDate(d.DateCreated), Path: d.Path,
		HasFile: !d.IsFolder && d.Path != "" && d.LocationType != "Virtual",
	}
	switch it.Type {
	case Season:
		if d.IndexNumber != nil {
			it.Season, it.Numbered = *d.IndexNumber, true
		}
	case Episode:
		if d.IndexNumber != nil && d.ParentIndexNumber != nil {
			it.Season, it.Episode, it.Numbered = *d.ParentIndexNumber, *d.IndexNumber, true
		}
	}
	return it
}

// providerIDs reads ProviderIds; Jellyfin's keys are "Tmdb", "Tvdb" and
// "Imdb", but plugins have spelled them differently.
func providerIDs(m map[string]string) ProviderIDs {
	var p ProviderIDs
	for k, v := range m {
		v = strings.TrimSpace(v)
		switch strings.ToLower(k) {
		case "tmdb":
			p.TMDB, _ = strconv.ParseInt(v, 10, 64)
		case "tvdb":
			p.TVDB, _ = strconv.ParseInt(v, 10, 64)
		case "imdb":
			p.IMDb = v
		}
	}
	return p
}

// parseDate reads Jellyfin's dates: RFC 3339 with seven fractional digits,
// sometimes without a zone (then UTC). Zero when absent or unreadable.
func parseDate(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC()
	}
	if t, err := time.Parse("2006-01-02T15:04:05.9999999", s); err == nil {
		return t
	}
	return time.Time{}
}
