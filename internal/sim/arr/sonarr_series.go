package arr

import (
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// list answers GET /api/v3/series: every series, or the one with ?tvdbId=.
func (so *Sonarr) list(req *http.Request, _ []byte, now time.Time) reply {
	if v := req.URL.Query().Get("tvdbId"); v != "" {
		id, _ := strconv.ParseInt(v, 10, 64)
		if s := so.byTVDB[id]; s != nil {
			return ok([]seriesResource{so.resource(s, now)})
		}
		return ok([]seriesResource{})
	}
	out := make([]seriesResource, 0, len(so.order))
	for _, id := range so.order {
		out = append(out, so.resource(so.series[id], now))
	}
	return ok(out)
}

// lookup answers GET /api/v3/series/lookup?term=: "tvdb:N", "tmdb:N" or
// words of a title. A series in the library comes back as it is there; an
// id nobody knows is an empty list.
func (so *Sonarr) lookup(req *http.Request, _ []byte, now time.Time) reply {
	term := strings.TrimSpace(req.URL.Query().Get("term"))
	out := []seriesResource{}
	add := func(tvdbID int64) {
		if s := so.byTVDB[tvdbID]; s != nil {
			out = append(out, so.resource(s, now))
		} else if c, found := so.cat.FindTVDB(tvdbID); found {
			out = append(out, so.showResource(c, now))
		}
	}
	prefix, id, isID := strings.Cut(term, ":")
	n, err := strconv.ParseInt(id, 10, 64)
	switch {
	case isID && err == nil && strings.EqualFold(prefix, "tvdb"):
		add(n)
	case isID && err == nil && strings.EqualFold(prefix, "tmdb"):
		if c, found := so.cat.Series(n); found {
			add(c.TVDBID)
		}
	case term != "":
		key := cleanTitle(term)
		for _, c := range so.cat.AllSeries() {
			if strings.Contains(cleanTitle(c.Name), key) && len(out) < 20 {
				add(c.TVDBID)
			}
		}
	}
	return ok(out)
}

func (so *Sonarr) byID(req *http.Request) (*series, int) {
	id, _ := strconv.Atoi(req.PathValue("id"))
	return so.series[id], id
}

func (so *Sonarr) get(req *http.Request, _ []byte, now time.Time) reply {
	s, id := so.byID(req)
	if s == nil {
		return notFound("Series", id)
	}
	return ok(so.resource(s, now))
}

// seriesInput is what Sonarr reads from a POST or PUT body.
type seriesInput struct {
	TVDBID            int64             `json:"tvdbId"`
	QualityProfileID  int               `json:"qualityProfileId"`
	LanguageProfileID int               `json:"languageProfileId"`
	RootFolderPath    string            `json:"rootFolderPath"`
	Path              string            `json:"path"`
	SeriesType        string            `json:"seriesType"`
	SeasonFolder      bool              `json:"seasonFolder"`
	Monitored         bool              `json:"monitored"`
	MonitorNewItems   string            `json:"monitorNewItems"`
	Tags              []int             `json:"tags"`
	Seasons           []seasonResource  `json:"seasons"`
	AddOptions        *seriesAddOptions `json:"addOptions"`
}

// add answers POST /api/v3/series with Sonarr's checks.
func (so *Sonarr) add(_ *http.Request, body []byte, now time.Time) reply {
	var in seriesInput
	if !decode(body, &in) {
		return invalid(fail("", "Unreadable body", nil, ""))
	}
	var fs []failure
	if in.Path == "" && so.folderOf(in.RootFolderPath) == "" {
		fs = append(fs, fail("RootFolderPath", "Root folder '"+in.RootFolderPath+"' does not exist", in.RootFolderPath, "RootFolderExistsValidator"))
	}
	if in.Path != "" && so.folderOf(in.Path) == "" {
		fs = append(fs, fail("Path", "Path '"+in.Path+"' is not in a root folder", in.Path, "RootFolderValidator"))
	}
	fs = append(fs, so.checkProfiles(in)...)
	switch {
	case in.TVDBID <= 0:
		fs = append(fs, fail("TvdbId", "'Tvdb Id' must be greater than '0'.", in.TVDBID, "GreaterThanValidator"))
	case so.byTVDB[in.TVDBID] != nil:
		fs = append(fs, fail("TvdbId", "This series has already been added", in.TVDBID, "SeriesExistsValidator"))
	}
	if len(fs) > 0 {
		return invalid(fs...)
	}
	c, found := so.cat.FindTVDB(in.TVDBID)
	if !found {
		return invalid(fail("TvdbId", "A series with this ID was not found.", in.TVDBID, ""))
	}
	p := in.Path
	if p == "" {
		p = path.Join(in.RootFolderPath, folderName(c.Name, year(c.FirstAirDate)))
	}
	so.nextSeries++
	s := &series{id: so.nextSeries, cat: c, monitored: in.Monitored, qualityProfileID: in.QualityProfileID,
		languageProfileID: in.LanguageProfileID, seriesType: orDefault(in.SeriesType, "standard"),
		seasonFolder: in.SeasonFolder, rootFolderPath: so.folderOf(p), path: p, tags: dedupe(in.Tags),
		added: now, monitorNewItems: orDefault(in.MonitorNewItems, "all"), addOptions: in.AddOptions}
	for _, se := range c.Seasons {
		s.seasons = append(s.seasons, seasonState{number: se.SeasonNumber, monitored: seasonFlag(in.Seasons, se.SeasonNumber)})
		for i := range se.Episodes {
			so.nextEp++
			e := &episode{id: so.nextEp, series: s, cat: &se.Episodes[i]}
			s.episodes = append(s.episodes, e)
			so.episodes[e.id] = e
		}
	}
	monitor := ""
	if in.AddOptions != nil {
		monitor = in.AddOptions.Monitor
	}
	applyMonitor(s, monitor, now)
	so.series[s.id], so.byTVDB[c.TVDBID] = s, s
	so.order = append(so.order, s.id)
	if in.AddOptions != nil && in.AddOptions.SearchForMissingEpisodes && s.monitored {
		so.searchSeries(s, nil, now)
	}
	return created(so.resource(s, now))
}

func (so *Sonarr) checkProfiles(in seriesInput) []failure {
	var fs []failure
	if !so.hasProfile(in.QualityProfileID) {
		fs = append(fs, fail("QualityProfileId", "QualityProfile does not exist", in.QualityProfileID, "QualityProfileExistsValidator"))
	}
	// Sonarr v3 needs a language profile; v4 ignores the field, so 0 passes.
	if in.LanguageProfileID != 0 && (in.LanguageProfileID < 1 || in.LanguageProfileID > len(so.languages)) {
		fs = append(fs, fail("LanguageProfileId", "Language profile does not exist", in.LanguageProfileID, "LanguageProfileExistsValidator"))
	}
	if !so.validTags(in.Tags) {
		fs = append(fs, fail("Tags", "Tag does not exist", in.Tags, "TagExistsValidator"))
	}
	return fs
}

func seasonFlag(seasons []seasonResource, n int) bool {
	for _, se := range seasons {
		if se.SeasonNumber == n {
			return se.Monitored
		}
	}
	return false
}

// update answers PUT /api/v3/series/{id}. Like Sonarr it takes the body as
// the whole series (a field left out is reset), and a season whose flag
// changes has all its episodes set to match.
func (so *Sonarr) update(req *http.Request, body []byte, now time.Time) reply {
	s, id := so.byID(req)
	if s == nil {
		return notFound("Series", id)
	}
	var in seriesInput
	if !decode(body, &in) {
		return invalid(fail("", "Unreadable body", nil, ""))
	}
	fs := so.checkProfiles(in)
	if strings.TrimSpace(in.Path) == "" {
		fs = append(fs, fail("Path", "'Path' must not be empty.", in.Path, "NotEmptyValidator"))
	}
	if len(fs) > 0 {
		return invalid(fs...)
	}
	s.monitored, s.qualityProfileID, s.tags = in.Monitored, in.QualityProfileID, dedupe(in.Tags)
	s.seriesType, s.seasonFolder = orDefault(in.SeriesType, "standard"), in.SeasonFolder
	s.monitorNewItems = orDefault(in.MonitorNewItems, "all")
	if in.LanguageProfileID != 0 {
		s.languageProfileID = in.LanguageProfileID
	}
	for i := range s.seasons {
		se := &s.seasons[i]
		flag := seasonFlag(in.Seasons, se.number)
		if flag == se.monitored {
			continue
		}
		se.monitored = flag
		for _, e := range s.episodes {
			if e.cat.SeasonNumber == se.number {
				e.monitored = flag
			}
		}
	}
	return accepted(so.resource(s, now))
}

// delete answers DELETE /api/v3/series/{id}: the series leaves Sonarr, and
// its files leave the disk only with deleteFiles=true.
func (so *Sonarr) delete(req *http.Request, _ []byte, _ time.Time) reply {
	s, id := so.byID(req)
	if s == nil {
		return notFound("Series", id)
	}
	so.remove(s, req.URL.Query().Get("deleteFiles") == "true")
	return ok(nil)
}
