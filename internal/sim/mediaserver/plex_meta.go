package mediaserver

import (
	"fmt"
	"strings"
	"time"
)

// plexMeta is Plex's Metadata object with the fields the fake fills.
type plexMeta struct {
	RatingKey            string      `json:"ratingKey"`
	Key                  string      `json:"key"`
	GUID                 string      `json:"guid"`
	Type                 string      `json:"type"`
	Title                string      `json:"title"`
	Year                 int         `json:"year,omitempty"`
	Index                *int        `json:"index,omitempty"`
	ParentIndex          *int        `json:"parentIndex,omitempty"`
	ParentRatingKey      string      `json:"parentRatingKey,omitempty"`
	ParentKey            string      `json:"parentKey,omitempty"`
	ParentTitle          string      `json:"parentTitle,omitempty"`
	GrandparentRatingKey string      `json:"grandparentRatingKey,omitempty"`
	GrandparentKey       string      `json:"grandparentKey,omitempty"`
	GrandparentTitle     string      `json:"grandparentTitle,omitempty"`
	GrandparentGUID      string      `json:"grandparentGuid,omitempty"`
	LibrarySectionID     int         `json:"librarySectionID"`
	LibrarySectionTitle  string      `json:"librarySectionTitle"`
	LeafCount            int         `json:"leafCount,omitempty"`
	ChildCount           int         `json:"childCount,omitempty"`
	AddedAt              int64       `json:"addedAt"`
	UpdatedAt            int64       `json:"updatedAt"`
	GUIDs                []plexGUID  `json:"Guid,omitempty"`
	Media                []plexMedia `json:"Media,omitempty"`
}

type plexGUID struct {
	ID string `json:"id"`
}

type plexMedia struct {
	ID        int64      `json:"id"`
	Container string     `json:"container"`
	Part      []plexPart `json:"Part"`
}

type plexPart struct {
	ID        int64  `json:"id"`
	Key       string `json:"key"`
	File      string `json:"file"`
	Container string `json:"container"`
}

// meta renders one item as Plex would.
func (p *Plex) meta(s *snapshot, r ref, withGUIDs bool) plexMeta {
	var m plexMeta
	var guids []string
	var added time.Time
	switch r.kind {
	case kMovie:
		mv := s.movies[r.idx]
		rk := plexMovieKey(mv.TMDBID)
		file := fmt.Sprintf("%s/%s/%s.mkv", p.movies.path, titleYear(mv.Title, mv.Year), titleYear(mv.Title, mv.Year))
		m = plexMeta{RatingKey: itoa(rk), Key: metaKey(rk), GUID: plexGUIDOf("movie", rk), Type: "movie",
			Title: mv.Title, Year: mv.Year, LibrarySectionID: p.movies.id, LibrarySectionTitle: p.movies.title,
			Media: media(rk, file)}
		guids, added = []string{"imdb://" + mv.IMDbID, "tmdb://" + itoa(mv.TMDBID)}, mv.AddedAt
	case kSeries:
		se := s.series[r.idx]
		rk := plexShowKey(se.TVDBID)
		m = plexMeta{RatingKey: itoa(rk), Key: metaKey(rk) + "/children", GUID: plexGUIDOf("show", rk), Type: "show",
			Title: se.Title, Year: se.Year, LeafCount: se.onDisk, ChildCount: int(se.seasons.hi - se.seasons.lo)}
		guids, added = []string{"imdb://" + se.IMDbID, "tmdb://" + itoa(se.TMDBID), "tvdb://" + itoa(se.TVDBID)}, se.added
	case kSeason:
		sn := s.seasons[r.idx]
		se := s.series[sn.series]
		rk, show := plexSeasonKey(se.TVDBID, sn.number), plexShowKey(se.TVDBID)
		m = plexMeta{RatingKey: itoa(rk), Key: metaKey(rk) + "/children", GUID: plexGUIDOf("season", rk), Type: "season",
			Title: seasonName(sn.number), Index: ptr(sn.number), ParentRatingKey: itoa(show), ParentKey: metaKey(show),
			ParentTitle: se.Title, LeafCount: sn.onDisk}
		added = sn.added
	case kEpisode:
		e := s.episodes[r.idx]
		se := s.series[e.series]
		rk := plexEpisodeKey(se.TVDBID, e.Season, e.Number)
		season, show := plexSeasonKey(se.TVDBID, e.Season), plexShowKey(se.TVDBID)
		file := fmt.Sprintf("%s/%s%s/%s S%02dE%02d.mkv", p.shows.path, titleYear(se.Title, se.Year), seasonDir(e.Season), clean(se.Title), e.Season, e.Number)
		m = plexMeta{RatingKey: itoa(rk), Key: metaKey(rk), GUID: plexGUIDOf("episode", rk), Type: "episode",
			Title: e.Title, Index: ptr(e.Number), ParentIndex: ptr(e.Season),
			ParentRatingKey: itoa(season), ParentKey: metaKey(season), ParentTitle: seasonName(e.Season),
			GrandparentRatingKey: itoa(show), GrandparentKey: metaKey(show), GrandparentTitle: se.Title,
			GrandparentGUID: plexGUIDOf("show", show), Media: media(rk, file)}
		guids, added = []string{"tvdb://" + itoa(EpisodeTVDBID(se.TVDBID, e.Season, e.Number))}, e.AddedAt
	}
	if m.LibrarySectionID == 0 {
		m.LibrarySectionID, m.LibrarySectionTitle = p.shows.id, p.shows.title
	}
	m.AddedAt, m.UpdatedAt = added.Unix(), added.Unix()
	if withGUIDs {
		for _, g := range guids {
			if !strings.HasSuffix(g, "://") && !strings.HasSuffix(g, "://0") {
				m.GUIDs = append(m.GUIDs, plexGUID{g})
			}
		}
	}
	return m
}

func metaKey(rk int64) string { return "/library/metadata/" + itoa(rk) }

// plexGUIDOf is the item's plex:// GUID, 24 hex digits like Plex's own.
func plexGUIDOf(typ string, rk int64) string {
	return "plex://" + typ + "/" + jellyfinID("plex", typ, itoa(rk))[:24]
}

func media(rk int64, file string) []plexMedia {
	return []plexMedia{{ID: rk, Container: "mkv", Part: []plexPart{{
		ID: rk, Key: fmt.Sprintf("/library/parts/%d/file.mkv", rk), File: file, Container: "mkv"}}}}
}
