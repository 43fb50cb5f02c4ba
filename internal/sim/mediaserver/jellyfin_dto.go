package mediaserver

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// jfItem is Jellyfin's BaseItemDto with the fields the fake fills; like
// Jellyfin it leaves out what is null or was not asked for in "fields".
type jfItem struct {
	Name              string            `json:"Name"`
	ServerID          string            `json:"ServerId"`
	ID                string            `json:"Id"`
	DateCreated       string            `json:"DateCreated,omitempty"`
	Path              string            `json:"Path,omitempty"`
	ProviderIDs       map[string]string `json:"ProviderIds,omitempty"`
	ProductionYear    int               `json:"ProductionYear,omitempty"`
	IndexNumber       *int              `json:"IndexNumber,omitempty"`
	ParentIndexNumber *int              `json:"ParentIndexNumber,omitempty"`
	IsFolder          bool              `json:"IsFolder"`
	Type              string            `json:"Type"`
	ParentID          string            `json:"ParentId,omitempty"`
	SeriesName        string            `json:"SeriesName,omitempty"`
	SeriesID          string            `json:"SeriesId,omitempty"`
	SeasonID          string            `json:"SeasonId,omitempty"`
	SeasonName        string            `json:"SeasonName,omitempty"`
	LocationType      string            `json:"LocationType"`
	MediaType         string            `json:"MediaType"`
}

type jfResult struct {
	Items            []jfItem `json:"Items"`
	TotalRecordCount int      `json:"TotalRecordCount"`
	StartIndex       int      `json:"StartIndex"`
}

// dto renders one item as Jellyfin would.
func (j *Jellyfin) dto(s *snapshot, r ref, fields map[string]bool) jfItem {
	var it jfItem
	var added time.Time
	var ids map[string]string
	switch r.kind {
	case kMovie:
		m := s.movies[r.idx]
		folder := fmt.Sprintf("%s/%s", j.movies.path, titleYear(m.Title, m.Year))
		it = jfItem{Name: m.Title, ID: jfMovieID(m.TMDBID), Type: "Movie", ProductionYear: m.Year,
			Path: folder + "/" + titleYear(m.Title, m.Year) + ".mkv", ParentID: j.movies.id, MediaType: "Video"}
		added, ids = m.AddedAt, map[string]string{"Tmdb": itoa(m.TMDBID), "Imdb": m.IMDbID}
	case kSeries:
		se := s.series[r.idx]
		it = jfItem{Name: se.Title, ID: se.jfID, Type: "Series", ProductionYear: se.Year, IsFolder: true,
			Path: seriesPath(j.shows.path, se), ParentID: j.shows.id, MediaType: "Unknown"}
		added, ids = se.added, map[string]string{"Tmdb": itoa(se.TMDBID), "Tvdb": itoa(se.TVDBID), "Imdb": se.IMDbID}
	case kSeason:
		sn := s.seasons[r.idx]
		se := s.series[sn.series]
		it = jfItem{Name: seasonName(sn.number), ID: sn.jfID, Type: "Season", IsFolder: true,
			IndexNumber: ptr(sn.number), Path: seriesPath(j.shows.path, se) + seasonDir(sn.number),
			ParentID: se.jfID, SeriesName: se.Title, SeriesID: se.jfID, MediaType: "Unknown"}
		added, ids = sn.added, map[string]string{}
	case kEpisode:
		e := s.episodes[r.idx]
		sn, se := s.seasons[e.season], s.series[e.series]
		it = jfItem{Name: e.Title, ID: jfEpisodeID(se.TVDBID, e.Season, e.Number), Type: "Episode",
			IndexNumber: ptr(e.Number), ParentIndexNumber: ptr(e.Season),
			Path:     fmt.Sprintf("%s%s/%s S%02dE%02d.mkv", seriesPath(j.shows.path, se), seasonDir(e.Season), clean(se.Title), e.Season, e.Number),
			ParentID: sn.jfID, SeriesName: se.Title, SeriesID: se.jfID, SeasonID: sn.jfID, SeasonName: seasonName(e.Season),
			MediaType: "Video"}
		added, ids = e.AddedAt, map[string]string{"Tvdb": itoa(EpisodeTVDBID(se.TVDBID, e.Season, e.Number))}
		if e.virtual {
			it.Path, it.LocationType = "", "Virtual"
		}
	}
	it.ServerID = j.serverID
	if it.LocationType == "" {
		it.LocationType = "FileSystem"
	}
	if !fields["Path"] {
		it.Path = ""
	}
	if !fields["ParentId"] {
		it.ParentID = ""
	}
	if fields["DateCreated"] {
		it.DateCreated = added.UTC().Format("2006-01-02T15:04:05.0000000Z")
	}
	if fields["ProviderIds"] {
		it.ProviderIDs = map[string]string{}
		for k, v := range ids {
			if v != "" && v != "0" {
				it.ProviderIDs[k] = v
			}
		}
	}
	return it
}

// jfNotFound answers 404 with ASP.NET's problem details, as Jellyfin does.
func jfNotFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(`{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404}`))
}

func ptr(n int) *int { return &n }

func seasonName(n int) string {
	if n == 0 {
		return "Specials"
	}
	return "Season " + strconv.Itoa(n)
}

func seasonDir(n int) string { return fmt.Sprintf("/Season %02d", n) }

func seriesPath(root string, se seriesNode) string { return root + "/" + titleYear(se.Title, se.Year) }

func titleYear(title string, year int) string {
	if year == 0 {
		return clean(title)
	}
	return fmt.Sprintf("%s (%d)", clean(title), year)
}

// clean keeps a title usable as one path element.
func clean(s string) string { return slashes.Replace(s) }

var slashes = strings.NewReplacer("/", "-", "\\", "-")
