package arr

import (
	"slices"
	"strconv"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
)

// movieResource is Radarr's MovieResource, the fields the fake fills.
type movieResource struct {
	ID                  int              `json:"id"`
	Title               string           `json:"title"`
	OriginalTitle       string           `json:"originalTitle"`
	OriginalLanguage    language         `json:"originalLanguage"`
	SortTitle           string           `json:"sortTitle"`
	SizeOnDisk          int64            `json:"sizeOnDisk"`
	Status              string           `json:"status"`
	Overview            string           `json:"overview"`
	InCinemas           *string          `json:"inCinemas,omitempty"`
	ReleaseDate         *string          `json:"releaseDate,omitempty"`
	Images              []mediaCover     `json:"images"`
	RemotePoster        string           `json:"remotePoster,omitempty"`
	Year                int              `json:"year"`
	Studio              string           `json:"studio"`
	Path                string           `json:"path,omitempty"`
	QualityProfileID    int              `json:"qualityProfileId"`
	HasFile             bool             `json:"hasFile"`
	MovieFileID         int              `json:"movieFileId"`
	Monitored           bool             `json:"monitored"`
	MinimumAvailability string           `json:"minimumAvailability"`
	IsAvailable         bool             `json:"isAvailable"`
	FolderName          string           `json:"folderName,omitempty"`
	Runtime             int              `json:"runtime"`
	CleanTitle          string           `json:"cleanTitle"`
	IMDbID              string           `json:"imdbId"`
	TMDBID              int64            `json:"tmdbId"`
	TitleSlug           string           `json:"titleSlug"`
	RootFolderPath      string           `json:"rootFolderPath,omitempty"`
	Folder              string           `json:"folder,omitempty"`
	Certification       string           `json:"certification"`
	Genres              []string         `json:"genres"`
	Tags                []int            `json:"tags"`
	Added               string           `json:"added"`
	AddOptions          *addMovieOptions `json:"addOptions,omitempty"`
	Popularity          float64          `json:"popularity"`
	Statistics          movieStatistics  `json:"statistics"`
}

type language struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

type mediaCover struct {
	CoverType string `json:"coverType"`
	URL       string `json:"url"`
	RemoteURL string `json:"remoteUrl"`
}

type addMovieOptions struct {
	SearchForMovie bool   `json:"searchForMovie"`
	Monitor        string `json:"monitor,omitempty"`
}

type movieStatistics struct {
	MovieFileCount int      `json:"movieFileCount"`
	SizeOnDisk     int64    `json:"sizeOnDisk"`
	ReleaseGroups  []string `json:"releaseGroups"`
}

var english = language{ID: 1, Name: "English"}

// filmResource describes a catalogue film as a lookup does (id 0, no path).
func (r *Radarr) filmResource(f *catalog.Film, now time.Time) movieResource {
	y := year(f.ReleaseDate)
	genres := make([]string, 0, len(f.GenreIDs))
	for _, g := range f.GenreIDs {
		genres = append(genres, catalog.GenreName(catalog.KindFilm, g))
	}
	released := f.ReleaseDate <= catalog.Day(now)
	status := "announced"
	if released {
		status = "released"
	}
	return movieResource{
		Title: f.Title, OriginalTitle: f.OriginalTitle, OriginalLanguage: english, SortTitle: cleanTitle(f.Title),
		Status: status, Overview: f.Overview, InCinemas: dayStamp(f.ReleaseDate), ReleaseDate: dayStamp(f.ReleaseDate),
		Images: []mediaCover{
			{CoverType: "poster", URL: "/MediaCover/" + strconv.FormatInt(f.ID, 10) + "/poster.jpg", RemoteURL: r.images + f.PosterPath()},
			{CoverType: "fanart", URL: "/MediaCover/" + strconv.FormatInt(f.ID, 10) + "/fanart.jpg", RemoteURL: r.images + f.BackdropPath()},
		},
		RemotePoster: r.images + f.PosterPath(), Year: y, Studio: "LeMedia Pictures",
		MinimumAvailability: "released", IsAvailable: released, Runtime: f.Runtime,
		CleanTitle: cleanTitle(f.Title), IMDbID: f.IMDbID, TMDBID: f.ID, TitleSlug: strconv.FormatInt(f.ID, 10),
		Folder: folderName(f.Title, y), Certification: "PG-13", Genres: genres, Tags: []int{},
		Added: "0001-01-01T00:00:00Z", Popularity: f.Popularity, Statistics: movieStatistics{ReleaseGroups: []string{}},
	}
}

// resource describes a library film.
func (r *Radarr) resource(m *movie, now time.Time) movieResource {
	res := r.filmResource(m.film, now)
	res.ID, res.Path, res.RootFolderPath, res.FolderName = m.id, m.path, m.rootFolderPath, m.path
	res.Folder = ""
	res.QualityProfileID, res.Monitored, res.MinimumAvailability = m.qualityProfileID, m.monitored, m.minimumAvailability
	res.Tags = slices.Clone(m.tags)
	res.Added = stamp(m.added)
	res.AddOptions = &addMovieOptions{SearchForMovie: m.searchOnAdd}
	if m.fileID != 0 {
		res.HasFile, res.MovieFileID, res.SizeOnDisk = true, m.fileID, m.size
		res.Statistics = movieStatistics{MovieFileCount: 1, SizeOnDisk: m.size, ReleaseGroups: []string{"SIM"}}
	}
	return res
}
