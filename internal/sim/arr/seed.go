package arr

import (
	"path"
	"time"

	"github.com/lemedia/lemedia/internal/catalog"
)

// Titles added as already downloaded, for large seeded stacks
// (lemedia-sim -seed-arr): a library of thousands of films and series that
// Radarr and Sonarr hold too, so that requests can point at them. Such
// titles need not be in the catalogue. The shared library is not touched:
// the caller seeds it with the same titles.

// AddDownloaded puts films in Radarr as if they had been added at the time
// given and downloaded since: monitored, in the first root folder with the
// first quality profile, each with a file, nothing queued. A film Radarr
// holds already is left as it is. It returns how many were added.
func (r *Radarr) AddDownloaded(films []*catalog.Film, added time.Time) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, f := range films {
		if r.byTMDB[f.ID] != nil {
			continue
		}
		r.nextID++
		r.files++
		root := r.folders[0]
		m := &movie{id: r.nextID, film: f, monitored: true, qualityProfileID: r.profiles[0].ID, minimumAvailability: "released",
			rootFolderPath: root, path: path.Join(root, folderName(f.Title, year(f.ReleaseDate))), tags: []int{},
			added: added, fileID: r.files, size: filmSize(f)}
		r.movies[m.id], r.byTMDB[f.ID] = m, m
		r.order = append(r.order, m.id)
		n++
	}
	return n
}

// AddDownloaded puts series in Sonarr as if they had been added at the time
// given and every episode downloaded since: monitored, every season
// monitored, in the first root folder with the first quality and language
// profiles, each episode with a file, nothing queued. A series Sonarr holds
// already is left as it is. It returns how many were added.
func (so *Sonarr) AddDownloaded(shows []*catalog.Series, added time.Time) int {
	so.mu.Lock()
	defer so.mu.Unlock()
	n := 0
	for _, c := range shows {
		if so.byTVDB[c.TVDBID] != nil {
			continue
		}
		so.nextSeries++
		root := so.folders[0]
		s := &series{id: so.nextSeries, cat: c, monitored: true, qualityProfileID: so.profiles[0].ID,
			languageProfileID: so.languages[0].ID, seriesType: "standard", seasonFolder: true, rootFolderPath: root,
			path: path.Join(root, folderName(c.Name, year(c.FirstAirDate))), tags: []int{}, added: added, monitorNewItems: "all"}
		for i := range c.Seasons {
			se := &c.Seasons[i]
			s.seasons = append(s.seasons, seasonState{number: se.SeasonNumber, monitored: true})
			for j := range se.Episodes {
				so.nextEp++
				so.files++
				e := &episode{id: so.nextEp, series: s, cat: &se.Episodes[j], monitored: true, fileID: so.files,
					size: episodeSize(&se.Episodes[j])}
				s.episodes = append(s.episodes, e)
				so.episodes[e.id] = e
			}
		}
		so.series[s.id], so.byTVDB[c.TVDBID] = s, s
		so.order = append(so.order, s.id)
		n++
	}
	return n
}
