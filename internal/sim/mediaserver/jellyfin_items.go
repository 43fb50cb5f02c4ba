package mediaserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

var jfKinds = map[string]kind{"Movie": kMovie, "Series": kSeries, "Season": kSeason, "Episode": kEpisode}

// items serves GET /Items under a library, series or season. Orders: by
// date created (ascending or descending), else library order, which stands
// in for Jellyfin's sort name.
func (j *Jellyfin) items(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	snap := j.snaps.get()
	want := kinds(0)
	for _, t := range list(q["includeItemTypes"]) {
		if k, ok := jfKinds[t]; ok {
			want |= kindSet(k)
		} else {
			want |= 1 << 7 // a type the fake never holds: matches nothing
		}
	}
	if want == 0 {
		want = ^kinds(0)
	}
	recursive := q.Get("recursive") == "true"
	var l []ref
	switch parent := q.Get("parentId"); parent {
	case j.movies.id, j.shows.id:
		lib := j.movies
		if parent == j.shows.id {
			lib = j.shows
		}
		scope := lib.kinds
		if !recursive {
			scope &= kindSet(kMovie, kSeries) // a library's direct children
		}
		l = snap.listing(scope&want, byDateCreated(q))
	case "":
		if recursive { // the whole server
			l = snap.listing(want, byDateCreated(q))
		}
	default:
		if p, ok := snap.byJFID[parent]; ok {
			scope := kindSet(kEpisode)
			if p.kind == kSeries {
				scope = kindSet(kSeason)
				if recursive {
					scope |= kindSet(kEpisode)
				}
			}
			l = snap.within(p, scope&want, byDateCreated(q))
		}
	}
	j.writePage(w, snap, l, q)
}

// byDateCreated reports whether the first sort key is DateCreated.
func byDateCreated(q url.Values) bool {
	by := list(q["sortBy"])
	return len(by) > 0 && by[0] == "DateCreated"
}

// writePage answers one page of a listing, honouring startIndex, limit,
// sortOrder and fields.
func (j *Jellyfin) writePage(w http.ResponseWriter, snap *snapshot, l []ref, q url.Values) {
	start, _ := strconv.Atoi(q.Get("startIndex"))
	limit, _ := strconv.Atoi(q.Get("limit"))
	order := list(q["sortOrder"])
	desc := len(order) > 0 && order[0] == "Descending"
	fields := map[string]bool{}
	for _, f := range list(q["fields"]) {
		fields[f] = true
	}
	res := jfResult{Items: []jfItem{}, TotalRecordCount: len(l), StartIndex: max(start, 0)}
	for _, it := range page(l, start, limit, desc) {
		res.Items = append(res.Items, j.dto(snap, it, fields))
	}
	writeJSON(w, res)
}

// list reads an array parameter, sent exploded (as the spec says) or
// comma-separated (as Jellyfin also takes).
func list(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// seasons serves GET /Shows/{seriesId}/Seasons.
func (j *Jellyfin) seasons(w http.ResponseWriter, r *http.Request) {
	snap := j.snaps.get()
	p, ok := snap.byJFID[r.PathValue("seriesId")]
	if !ok || p.kind != kSeries {
		jfNotFound(w)
		return
	}
	q := r.URL.Query()
	q.Del("startIndex") // the operation does not page
	q.Del("limit")
	j.writePage(w, snap, snap.within(p, kindSet(kSeason), false), q)
}

// episodes serves GET /Shows/{seriesId}/Episodes, optionally of one season.
func (j *Jellyfin) episodes(w http.ResponseWriter, r *http.Request) {
	snap := j.snaps.get()
	p, ok := snap.byJFID[r.PathValue("seriesId")]
	if !ok || p.kind != kSeries {
		jfNotFound(w)
		return
	}
	q := r.URL.Query()
	l := snap.within(p, kindSet(kEpisode), false)
	if s := q.Get("season"); s != "" {
		n, _ := strconv.Atoi(s)
		kept := l[:0:0]
		for _, e := range l {
			if snap.seasons[snap.episodes[e.idx].season].number == n {
				kept = append(kept, e)
			}
		}
		l = kept
	}
	q.Del("sortOrder")
	j.writePage(w, snap, l, q)
}
