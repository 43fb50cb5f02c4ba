package arr

import (
	"slices"
	"strconv"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
)

// seriesResource is Sonarr's SeriesResource, the fields the fake fills.
type seriesResource struct {
	ID                int               `json:"id,omitempty"`
	Title             string            `json:"title"`
	SortTitle         string            `json:"sortTitle"`
	Status            string            `json:"status"`
	Ended             bool              `json:"ended"`
	Overview          string            `json:"overview"`
	Network           string            `json:"network"`
	AirTime           string            `json:"airTime"`
	Images            []mediaCover      `json:"images"`
	OriginalLanguage  language          `json:"originalLanguage"`
	RemotePoster      string            `json:"remotePoster,omitempty"`
	Seasons           []seasonResource  `json:"seasons"`
	Year              int               `json:"year"`
	Path              string            `json:"path,omitempty"`
	QualityProfileID  int               `json:"qualityProfileId"`
	LanguageProfileID int               `json:"languageProfileId,omitempty"`
	SeasonFolder      bool              `json:"seasonFolder"`
	Monitored         bool              `json:"monitored"`
	MonitorNewItems   string            `json:"monitorNewItems"`
	UseSceneNumbering bool              `json:"useSceneNumbering"`
	Runtime           int               `json:"runtime"`
	TVDBID            int64             `json:"tvdbId"`
	TVRageID          int               `json:"tvRageId"`
	TVMazeID          int               `json:"tvMazeId"`
	TMDBID            int64             `json:"tmdbId"`
	FirstAired        *string           `json:"firstAired,omitempty"`
	LastAired         *string           `json:"lastAired,omitempty"`
	SeriesType        string            `json:"seriesType"`
	CleanTitle        string            `json:"cleanTitle"`
	IMDbID            string            `json:"imdbId"`
	TitleSlug         string            `json:"titleSlug"`
	RootFolderPath    string            `json:"rootFolderPath,omitempty"`
	Folder            string            `json:"folder,omitempty"`
	Certification     string            `json:"certification"`
	Genres            []string          `json:"genres"`
	Tags              []int             `json:"tags"`
	Added             string            `json:"added"`
	AddOptions        *seriesAddOptions `json:"addOptions,omitempty"`
	Ratings           ratings           `json:"ratings"`
	Statistics        seriesStatistics  `json:"statistics"`
}

type seasonResource struct {
	SeasonNumber int               `json:"seasonNumber"`
	Monitored    bool              `json:"monitored"`
	Statistics   *seasonStatistics `json:"statistics,omitempty"`
}

type seasonStatistics struct {
	PreviousAiring    *string  `json:"previousAiring,omitempty"`
	NextAiring        *string  `json:"nextAiring,omitempty"`
	EpisodeFileCount  int      `json:"episodeFileCount"`
	EpisodeCount      int      `json:"episodeCount"`
	TotalEpisodeCount int      `json:"totalEpisodeCount"`
	SizeOnDisk        int64    `json:"sizeOnDisk"`
	ReleaseGroups     []string `json:"releaseGroups"`
	PercentOfEpisodes float64  `json:"percentOfEpisodes"`
}

type seriesStatistics struct {
	SeasonCount       int      `json:"seasonCount"`
	EpisodeFileCount  int      `json:"episodeFileCount"`
	EpisodeCount      int      `json:"episodeCount"`
	TotalEpisodeCount int      `json:"totalEpisodeCount"`
	SizeOnDisk        int64    `json:"sizeOnDisk"`
	ReleaseGroups     []string `json:"releaseGroups"`
	PercentOfEpisodes float64  `json:"percentOfEpisodes"`
}

type seriesAddOptions struct {
	IgnoreEpisodesWithFiles      bool   `json:"ignoreEpisodesWithFiles"`
	IgnoreEpisodesWithoutFiles   bool   `json:"ignoreEpisodesWithoutFiles"`
	Monitor                      string `json:"monitor,omitempty"`
	SearchForMissingEpisodes     bool   `json:"searchForMissingEpisodes"`
	SearchForCutoffUnmetEpisodes bool   `json:"searchForCutoffUnmetEpisodes"`
}

type ratings struct {
	Votes int     `json:"votes"`
	Value float64 `json:"value"`
}

type episodeResource struct {
	ID                       int             `json:"id"`
	SeriesID                 int             `json:"seriesId"`
	TVDBID                   int64           `json:"tvdbId"`
	EpisodeFileID            int             `json:"episodeFileId"`
	SeasonNumber             int             `json:"seasonNumber"`
	EpisodeNumber            int             `json:"episodeNumber"`
	Title                    string          `json:"title"`
	AirDate                  string          `json:"airDate,omitempty"`
	AirDateUTC               *string         `json:"airDateUtc,omitempty"`
	Runtime                  int             `json:"runtime"`
	Overview                 string          `json:"overview"`
	HasFile                  bool            `json:"hasFile"`
	Monitored                bool            `json:"monitored"`
	UnverifiedSceneNumbering bool            `json:"unverifiedSceneNumbering"`
	Series                   *seriesResource `json:"series,omitempty"`
}

// seriesStatus maps TMDB's status to Sonarr's.
func seriesStatus(c *catalog.Series, today string) string {
	switch {
	case c.FirstAirDate == "" || c.FirstAirDate > today:
		return "upcoming"
	case c.Status == "Ended" || c.Status == "Canceled":
		return "ended"
	}
	return "continuing"
}

// showResource describes a catalogue series as a lookup does: no id or
// path, every season unmonitored.
func (so *Sonarr) showResource(c *catalog.Series, now time.Time) seriesResource {
	today := catalog.Day(now)
	status := seriesStatus(c, today)
	genres := make([]string, 0, len(c.GenreIDs))
	for _, g := range c.GenreIDs {
		genres = append(genres, catalog.GenreName(catalog.KindSeries, g))
	}
	seasons := make([]seasonResource, 0, len(c.Seasons))
	for _, se := range c.Seasons {
		seasons = append(seasons, seasonResource{SeasonNumber: se.SeasonNumber})
	}
	runtime := 0
	if len(c.EpisodeRunTime) > 0 {
		runtime = c.EpisodeRunTime[0]
	}
	y := year(c.FirstAirDate)
	id := strconv.FormatInt(c.ID, 10)
	return seriesResource{
		Title: c.Name, SortTitle: cleanTitle(c.Name), Status: status, Ended: status == "ended",
		Overview: c.Overview, Network: "LeMedia Network", AirTime: "20:00",
		Images: []mediaCover{
			{CoverType: "poster", URL: "/MediaCover/" + id + "/poster.jpg", RemoteURL: so.images + c.PosterPath()},
			{CoverType: "fanart", URL: "/MediaCover/" + id + "/fanart.jpg", RemoteURL: so.images + c.BackdropPath()},
		},
		OriginalLanguage: english, RemotePoster: so.images + c.PosterPath(), Seasons: seasons, Year: y,
		SeasonFolder: true, MonitorNewItems: "all", Runtime: runtime, TVDBID: c.TVDBID, TMDBID: c.ID,
		FirstAired: dayStamp(c.FirstAirDate), LastAired: dayStamp(lastAired(c, today)), SeriesType: "standard",
		CleanTitle: cleanTitle(c.Name), IMDbID: c.IMDbID, TitleSlug: slug(c.Name, 0),
		Folder: folderName(c.Name, y), Certification: "TV-14", Genres: genres, Tags: []int{},
		Added: "0001-01-01T00:00:00Z", Ratings: ratings{Votes: c.VoteCount, Value: c.VoteAverage},
		Statistics: seriesStatistics{SeasonCount: countSeasons(c), ReleaseGroups: []string{}},
	}
}

func lastAired(c *catalog.Series, today string) string {
	if e := c.LastEpisodeOn(dayTime(today)); e != nil {
		return e.AirDate
	}
	return ""
}

func dayTime(day string) time.Time {
	t, _ := time.Parse(time.DateOnly, day)
	return t
}

func countSeasons(c *catalog.Series) int {
	n := 0
	for _, se := range c.Seasons {
		if se.SeasonNumber > 0 {
			n++
		}
	}
	return n
}

// resource describes a library series with its monitoring and statistics.
func (so *Sonarr) resource(s *series, now time.Time) seriesResource {
	res := so.showResource(s.cat, now)
	today := catalog.Day(now)
	res.ID, res.Path, res.RootFolderPath, res.Folder = s.id, s.path, s.rootFolderPath, ""
	res.QualityProfileID, res.LanguageProfileID = s.qualityProfileID, s.languageProfileID
	res.SeasonFolder, res.Monitored, res.MonitorNewItems, res.SeriesType = s.seasonFolder, s.monitored, s.monitorNewItems, s.seriesType
	res.Tags, res.Added, res.AddOptions = slices.Clone(s.tags), stamp(s.added), s.addOptions
	// One pass over the episodes (in season order) fills every season's counts.
	stats := make([]seasonStatistics, len(s.seasons))
	index := make(map[int]int, len(s.seasons))
	for i, se := range s.seasons {
		index[se.number] = i
		stats[i].ReleaseGroups = []string{}
	}
	for _, e := range s.episodes {
		st := &stats[index[e.cat.SeasonNumber]]
		st.TotalEpisodeCount++
		aired := e.cat.AirDate != "" && e.cat.AirDate <= today
		if e.fileID != 0 {
			st.EpisodeFileCount++
			st.SizeOnDisk += e.size
			st.ReleaseGroups = []string{"SIM"}
		}
		if e.fileID != 0 || (e.monitored && aired) {
			st.EpisodeCount++
		}
		if aired {
			st.PreviousAiring = dayStamp(e.cat.AirDate)
		} else if st.NextAiring == nil && e.cat.AirDate != "" {
			st.NextAiring = dayStamp(e.cat.AirDate)
		}
	}
	total := seriesStatistics{SeasonCount: res.Statistics.SeasonCount, ReleaseGroups: []string{}}
	res.Seasons = make([]seasonResource, len(s.seasons))
	for i, se := range s.seasons {
		st := &stats[i]
		st.PercentOfEpisodes = percent(st.EpisodeFileCount, st.EpisodeCount)
		res.Seasons[i] = seasonResource{SeasonNumber: se.number, Monitored: se.monitored, Statistics: st}
		total.EpisodeFileCount += st.EpisodeFileCount
		total.EpisodeCount += st.EpisodeCount
		total.TotalEpisodeCount += st.TotalEpisodeCount
		total.SizeOnDisk += st.SizeOnDisk
		if st.EpisodeFileCount > 0 {
			total.ReleaseGroups = []string{"SIM"}
		}
	}
	total.PercentOfEpisodes = percent(total.EpisodeFileCount, total.EpisodeCount)
	res.Statistics = total
	return res
}

func percent(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) * 100 / float64(of)
}

func (so *Sonarr) episodeResource(e *episode) episodeResource {
	return episodeResource{
		ID: e.id, SeriesID: e.series.id, TVDBID: e.cat.ID, EpisodeFileID: e.fileID,
		SeasonNumber: e.cat.SeasonNumber, EpisodeNumber: e.cat.EpisodeNumber, Title: e.cat.Name,
		AirDate: e.cat.AirDate, AirDateUTC: dayStamp(e.cat.AirDate), Runtime: e.cat.Runtime,
		Overview: e.cat.Overview, HasFile: e.fileID != 0, Monitored: e.monitored,
	}
}
