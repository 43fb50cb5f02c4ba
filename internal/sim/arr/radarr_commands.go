package arr

import (
	"net/http"
	"strings"
	"time"
)

// commandInput is a command body; which fields count depends on the name.
type commandInput struct {
	Name         string `json:"name"`
	MovieIDs     []int  `json:"movieIds"`
	SeriesID     int    `json:"seriesId"`
	EpisodeIDs   []int  `json:"episodeIds"`
	SeasonNumber *int   `json:"seasonNumber"`
}

type commandResource struct {
	ID          int    `json:"id"`
	Name        string `json:"name"`
	CommandName string `json:"commandName"`
	Status      string `json:"status"`
	Priority    string `json:"priority"`
	Trigger     string `json:"trigger"`
	Queued      string `json:"queued"`
	Started     string `json:"started"`
}

// command answers POST /api/v3/command; MoviesSearch grabs the monitored
// films without a file at once.
func (r *Radarr) command(_ *http.Request, body []byte, now time.Time) reply {
	var in commandInput
	if !decode(body, &in) || !strings.EqualFold(in.Name, "MoviesSearch") {
		return invalid(fail("Name", "Unknown or unsupported command", in.Name, ""))
	}
	for _, id := range in.MovieIDs {
		if m := r.movies[id]; m != nil {
			r.search(m, now, true)
		}
	}
	r.cmds++
	return created(newCommand(r.cmds, "MoviesSearch", "Movies Search", now))
}

func newCommand(id int, name, display string, now time.Time) commandResource {
	return commandResource{ID: id, Name: name, CommandName: display, Status: "started",
		Priority: "normal", Trigger: "manual", Queued: stamp(now), Started: stamp(now)}
}

// queuePage answers GET /api/v3/queue.
func (r *Radarr) queuePage(req *http.Request, _ []byte, now time.Time) reply {
	q := req.URL.Query()
	page, size := intOr(q.Get("page"), 1), intOr(q.Get("pageSize"), 10)
	withMovie := q.Get("includeMovie") == "true"
	items, total := r.queue.page(page, size)
	records := make([]queueResource, 0, len(items))
	for _, d := range items {
		rec := queueRecord(&r.queue, d, now)
		rec.MovieID = d.target
		if m := r.movies[d.target]; withMovie && m != nil {
			res := r.resource(m, now)
			rec.Movie = &res
		}
		records = append(records, rec)
	}
	return ok(queuePageResource{Page: page, PageSize: size, SortKey: "timeleft", SortDirection: "ascending",
		TotalRecords: total, Records: records})
}
