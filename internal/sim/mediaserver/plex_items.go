package mediaserver

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// sectionItems serves GET /library/sections/{sectionId}/all: one type of
// item (default the section's own), paged with X-Plex-Container-Start and
// -Size, sorted by addedAt when asked, else in library order (standing in
// for Plex's title sort).
func (p *Plex) sectionItems(w http.ResponseWriter, r *http.Request) {
	var sec plexSection
	switch r.PathValue("sectionId") {
	case p.movies.key:
		sec = p.movies
	case p.shows.key:
		sec = p.shows
	default:
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	typ := q.Get("type")
	var ks kinds
	switch {
	case sec.typ == "movie" && (typ == "" || typ == "1"):
		ks = kindSet(kMovie)
	case sec.typ == "show" && (typ == "" || typ == "2"):
		ks = kindSet(kSeries)
	case sec.typ == "show" && typ == "3":
		ks = kindSet(kSeason)
	case sec.typ == "show" && typ == "4":
		ks = kindSet(kEpisode)
	}
	sortField, _, _ := strings.Cut(q.Get("sort"), ",")
	field, mod, _ := strings.Cut(sortField, ":")
	byDate := field == "addedAt"
	snap := p.snaps.get()
	var l []ref
	if ks != 0 {
		l = snap.listing(ks, byDate)
	}
	start, size := containerParam(r, q, "X-Plex-Container-Start"), containerParam(r, q, "X-Plex-Container-Size")
	if size < 0 {
		size = 0
	} else if size == 0 && !q.Has("X-Plex-Container-Size") && r.Header.Get("X-Plex-Container-Size") == "" {
		size = -1 // not asked for: everything
	}
	items := []plexMeta{}
	if size != 0 {
		for _, it := range page(l, start, max(size, 0), byDate && mod == "desc") {
			items = append(items, p.meta(snap, it, q.Get("includeGuids") == "1"))
		}
	}
	start = min(max(start, 0), len(l))
	w.Header().Set("X-Plex-Container-Start", strconv.Itoa(start))
	w.Header().Set("X-Plex-Container-Total-Size", strconv.Itoa(len(l)))
	writeJSON(w, map[string]any{"MediaContainer": map[string]any{
		"size": len(items), "totalSize": len(l), "offset": start, "allowSync": true,
		"identifier": "com.plexapp.plugins.library", "librarySectionID": sec.id,
		"librarySectionTitle": sec.title, "Metadata": items,
	}})
}

// containerParam reads a paging value from the query, where the spec puts
// it, or from the header of the same name, which Plex also takes.
func containerParam(r *http.Request, q url.Values, name string) int {
	v := q.Get(name)
	if v == "" {
		v = r.Header.Get(name)
	}
	n, _ := strconv.Atoi(v)
	return n
}

// allLeaves serves GET /library/metadata/{ids}/allLeaves: the episodes of a
// show or of a season.
func (p *Plex) allLeaves(w http.ResponseWriter, r *http.Request) {
	snap := p.snaps.get()
	k, ok := parsePlexKey(r.PathValue("ids"))
	si, found := snap.byTVDB[k.id]
	if !ok || !found || (k.kind != plexShow && k.kind != plexSeason) {
		http.NotFound(w, r)
		return
	}
	parent := ref{kSeries, si}
	if k.kind == plexSeason {
		found = false
		sp := snap.series[si].seasons
		for i := sp.lo; i < sp.hi; i++ {
			if snap.seasons[i].number == k.season {
				parent, found = ref{kSeason, i}, true
			}
		}
		if !found {
			http.NotFound(w, r)
			return
		}
	}
	items := []plexMeta{}
	for _, it := range snap.within(parent, kindSet(kEpisode), false) {
		items = append(items, p.meta(snap, it, false))
	}
	writeJSON(w, map[string]any{"MediaContainer": map[string]any{
		"size": len(items), "allowSync": true, "identifier": "com.plexapp.plugins.library",
		"librarySectionID": p.shows.id, "librarySectionTitle": p.shows.title, "Metadata": items,
	}})
}
