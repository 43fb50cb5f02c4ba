package plex

import (
	"strconv"
	"strings"
	"time"
)

// Type is a Plex metadata type, as the `type` query parameter takes it.
type Type int

// The types LeMedia reads.
const (
	Movie   Type = 1
	Show    Type = 2
	Season  Type = 3
	Episode Type = 4
)

// GUIDs are an item's ids in other databases (Plex's Guid array); zero
// when absent.
type GUIDs struct {
	TMDB int64
	TVDB int64
	IMDb string
}

// Item is a film, show, season or episode.
type Item struct {
	RatingKey string
	// Type is Plex's name: "movie", "show", "season" or "episode".
	Type  string
	Title string
	Year  int
	// GUIDs are the item's own: an episode's are the episode's, not the
	// show's. Scan fills ShowGUIDs for episodes.
	GUIDs     GUIDs
	ShowGUIDs GUIDs
	// ShowRatingKey and ShowTitle: the show of an episode or season.
	ShowRatingKey string
	ShowTitle     string
	// SeasonRatingKey: the season of an episode.
	SeasonRatingKey string
	// Season is the season number of a season or an episode; Episode the
	// episode number. Numbered says they were given.
	Season, Episode int
	Numbered        bool
	AddedAt         time.Time
	// Files are the paths of the item's media parts; HasFile says there is one.
	Files   []string
	HasFile bool
}

// metadataDTO is Plex's Metadata object, reduced to what LeMedia reads.
type metadataDTO struct {
	RatingKey string `json:"ratingKey"`
	Type      string `json:"type"`
	Title     string `json:"title"`
	Year      int    `json:"year"`
	// PlexGUID ("plex://…") must be declared: encoding/json would otherwise
	// match "guid" to the Guid array, case-insensitively, and fail.
	PlexGUID string `json:"guid"`
	GUIDs    []struct {
		ID string `json:"id"`
	} `json:"Guid"`
	GrandparentRatingKey string `json:"grandparentRatingKey"`
	GrandparentTitle     string `json:"grandparentTitle"`
	ParentRatingKey      string `json:"parentRatingKey"`
	ParentTitle          string `json:"parentTitle"`
	Index                *int   `json:"index"`
	ParentIndex          *int   `json:"parentIndex"`
	AddedAt              int64  `json:"addedAt"`
	Media                []struct {
		Part []struct {
			File string `json:"file"`
		} `json:"Part"`
	} `json:"Media"`
}

// container is a MediaContainer holding metadata.
type container struct {
	MediaContainer struct {
		Size      int           `json:"size"`
		TotalSize *int          `json:"totalSize"`
		Offset    int           `json:"offset"`
		Metadata  []metadataDTO `json:"Metadata"`
	} `json:"MediaContainer"`
}

func (d metadataDTO) item() Item {
	it := Item{RatingKey: d.RatingKey, Type: d.Type, Title: d.Title, Year: d.Year}
	for _, g := range d.GUIDs {
		scheme, id, _ := strings.Cut(g.ID, "://")
		switch scheme {
		case "tmdb":
			it.GUIDs.TMDB, _ = strconv.ParseInt(id, 10, 64)
		case "tvdb":
			it.GUIDs.TVDB, _ = strconv.ParseInt(id, 10, 64)
		case "imdb":
			it.GUIDs.IMDb = id
		}
	}
	if d.AddedAt > 0 {
		it.AddedAt = time.Unix(d.AddedAt, 0).UTC()
	}
	switch d.Type {
	case "season":
		it.ShowRatingKey, it.ShowTitle = d.ParentRatingKey, d.ParentTitle
		if d.Index != nil {
			it.Season, it.Numbered = *d.Index, true
		}
	case "episode":
		it.ShowRatingKey, it.ShowTitle = d.GrandparentRatingKey, d.GrandparentTitle
		it.SeasonRatingKey = d.ParentRatingKey
		if d.Index != nil && d.ParentIndex != nil {
			it.Season, it.Episode, it.Numbered = *d.ParentIndex, *d.Index, true
		}
	}
	for _, m := range d.Media {
		for _, p := range m.Part {
			if p.File != "" {
				it.Files = append(it.Files, p.File)
			}
		}
	}
	it.HasFile = len(it.Files) > 0
	return it
}

func items(dtos []metadataDTO) []Item {
	out := make([]Item, len(dtos))
	for i, d := range dtos {
		out[i] = d.item()
	}
	return out
}
