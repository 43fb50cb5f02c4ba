package arr

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// listEpisodes answers GET /api/v3/episode for ?seriesId= (optionally with
// seasonNumber) or ?episodeIds=.
func (so *Sonarr) listEpisodes(req *http.Request, _ []byte, now time.Time) reply {
	q := req.URL.Query()
	withSeries := q.Get("includeSeries") == "true"
	out := []episodeResource{}
	emit := func(e *episode) {
		res := so.episodeResource(e)
		if withSeries {
			s := so.resource(e.series, now)
			res.Series = &s
		}
		out = append(out, res)
	}
	switch {
	case q.Has("seriesId"):
		id, _ := strconv.Atoi(q.Get("seriesId"))
		s := so.series[id]
		if s == nil {
			return notFound("Series", id)
		}
		season, bySeason := -1, q.Has("seasonNumber")
		if bySeason {
			season, _ = strconv.Atoi(q.Get("seasonNumber"))
		}
		for _, e := range s.episodes {
			if !bySeason || e.cat.SeasonNumber == season {
				emit(e)
			}
		}
	case q.Has("episodeIds"):
		for _, id := range splitIDs(q["episodeIds"]) {
			if e := so.episodes[id]; e != nil {
				emit(e)
			}
		}
	default:
		return invalid(fail("", "seriesId or episodeIds must be provided", nil, ""))
	}
	return ok(out)
}

// splitIDs reads ids given as repeated parameters or comma lists.
func splitIDs(values []string) []int {
	var out []int
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if id, err := strconv.Atoi(strings.TrimSpace(part)); err == nil {
				out = append(out, id)
			}
		}
	}
	return out
}

// monitorEpisodes answers PUT /api/v3/episode/monitor.
func (so *Sonarr) monitorEpisodes(_ *http.Request, body []byte, _ time.Time) reply {
	var in struct {
		EpisodeIDs []int `json:"episodeIds"`
		Monitored  bool  `json:"monitored"`
	}
	if !decode(body, &in) {
		return invalid(fail("", "Unreadable body", nil, ""))
	}
	out := []episodeResource{}
	for _, id := range in.EpisodeIDs {
		if e := so.episodes[id]; e != nil {
			e.monitored = in.Monitored
			out = append(out, so.episodeResource(e))
		}
	}
	return accepted(out)
}

// command answers POST /api/v3/command: SeriesSearch, SeasonSearch and
// EpisodeSearch grab at once.
func (so *Sonarr) command(_ *http.Request, body []byte, now time.Time) reply {
	var in commandInput
	if !decode(body, &in) {
		return invalid(fail("", "Unreadable body", nil, ""))
	}
	var display string
	switch strings.ToLower(in.Name) {
	case "seriessearch":
		in.Name, display = "SeriesSearch", "Series Search"
		if s := so.series[in.SeriesID]; s != nil {
			so.searchSeries(s, nil, now)
		}
	case "seasonsearch":
		in.Name, display = "SeasonSearch", "Season Search"
		if s := so.series[in.SeriesID]; s != nil && in.SeasonNumber != nil {
			so.searchSeries(s, in.SeasonNumber, now)
		}
	case "episodesearch":
		in.Name, display = "EpisodeSearch", "Episode Search"
		for _, id := range in.EpisodeIDs {
			if e := so.episodes[id]; e != nil {
				so.search(e, now, true)
			}
		}
	default:
		return invalid(fail("Name", "Unknown or unsupported command", in.Name, ""))
	}
	so.cmds++
	return created(newCommand(so.cmds, in.Name, display, now))
}

// queuePage answers GET /api/v3/queue.
func (so *Sonarr) queuePage(req *http.Request, _ []byte, now time.Time) reply {
	q := req.URL.Query()
	page, size := intOr(q.Get("page"), 1), intOr(q.Get("pageSize"), 10)
	withSeries, withEpisode := q.Get("includeSeries") == "true", q.Get("includeEpisode") == "true"
	items, total := so.queue.page(page, size)
	records := make([]queueResource, 0, len(items))
	for _, d := range items {
		rec := queueRecord(&so.queue, d, now)
		if e := so.episodes[d.target]; e != nil {
			hasFile, season := e.fileID != 0, e.cat.SeasonNumber
			rec.SeriesID, rec.EpisodeID, rec.SeasonNumber, rec.EpisodeHasFile = e.series.id, e.id, &season, &hasFile
			if withSeries {
				res := so.resource(e.series, now)
				rec.Series = &res
			}
			if withEpisode {
				res := so.episodeResource(e)
				rec.Episode = &res
			}
		}
		records = append(records, rec)
	}
	return ok(queuePageResource{Page: page, PageSize: size, SortKey: "timeleft", SortDirection: "ascending",
		TotalRecords: total, Records: records})
}
