package mediaserver

import (
	"slices"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/upstream/fake"
)

// noViolations fails the test for every recorded contract violation.
func noViolations(t *testing.T, vs []fake.Violation) {
	t.Helper()
	for _, v := range vs {
		t.Errorf("violation: %s", v)
	}
}

// TestJellyfinAnswersMatchTheSpec sends each served call, as the client
// does, with the fake checking its own answers against Jellyfin's document.
func TestJellyfinAnswersMatchTheSpec(t *testing.T) {
	j, err := NewJellyfin(seeded(t), JellyfinOptions{Token: token, CheckResponses: true, MissingEpisodes: true})
	if err != nil {
		t.Fatal(err)
	}
	series := jfSeriesID(900000001)
	fields := "&fields=ProviderIds&fields=Path&fields=DateCreated&fields=ParentId"
	for _, path := range []string{
		"/System/Info",
		"/Library/VirtualFolders",
		"/Items?parentId=" + j.movies.id + "&recursive=true&includeItemTypes=Movie&startIndex=0&limit=5" + fields,
		"/Items?parentId=" + j.shows.id + "&recursive=true&includeItemTypes=Series&includeItemTypes=Season&includeItemTypes=Episode&limit=50&sortBy=DateCreated&sortBy=SortName&sortOrder=Descending" + fields,
		"/Items?parentId=" + series + "&recursive=true" + fields,
		"/Shows/" + series + "/Seasons?fields=ProviderIds",
		"/Shows/" + series + "/Episodes?season=1" + fields,
	} {
		if code, body := get(t, j, path, jfAuth); code != 200 {
			t.Errorf("GET %s: %d %s", path, code, body)
		}
	}
	noViolations(t, j.Violations())
	if n := j.RequestCount(); n != 7 {
		t.Errorf("%d requests recorded", n)
	}
}

func TestPlexAnswersMatchTheSpec(t *testing.T) {
	p, err := NewPlex(seeded(t), PlexOptions{Token: token, CheckResponses: true})
	if err != nil {
		t.Fatal(err)
	}
	show := itoa(plexShowKey(900000001))
	for _, path := range []string{
		"/identity",
		"/library/sections/all",
		"/library/sections/1/all?type=1&includeGuids=1&X-Plex-Container-Start=0&X-Plex-Container-Size=5",
		"/library/sections/2/all?includeGuids=1",
		"/library/sections/2/all?type=3",
		"/library/sections/2/all?type=4&includeGuids=1&sort=addedAt:desc&X-Plex-Container-Start=3&X-Plex-Container-Size=7",
		"/library/metadata/" + show + "/allLeaves",
		"/library/metadata/" + itoa(plexSeasonKey(900000001, 2)) + "/allLeaves",
	} {
		if code, body := get(t, p, path, plexAuth); code != 200 {
			t.Errorf("GET %s: %d %s", path, code, body)
		}
	}
	noViolations(t, p.Violations())
}

// TestBrokenRequestsAreRecorded checks that the fakes notice what a careless
// client would do: a token in the URL, an undeclared or mistyped parameter,
// an unserved path, no JSON asked of Plex.
func TestBrokenRequestsAreRecorded(t *testing.T) {
	lib := seeded(t)
	j, err := NewJellyfin(lib, JellyfinOptions{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlex(lib, PlexOptions{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		fake    interface{ Violations() []fake.Violation }
		send    func() int
		status  int
		because string
	}{
		{"jellyfin api_key", j, func() int { c, _ := get(t, j, "/System/Info?api_key="+token, nil); return c }, 400, "credential in the query"},
		{"jellyfin comma list", j, func() int {
			c, _ := get(t, j, "/Items?fields=ProviderIds,Path", jfAuth)
			return c
		}, 400, "fields"},
		{"jellyfin undeclared", j, func() int { c, _ := get(t, j, "/Items?StartIndex=1", jfAuth); return c }, 400, "not declared"},
		{"jellyfin unserved", j, func() int { c, _ := get(t, j, "/Users/Me", jfAuth); return c }, 404, "no Jellyfin operation"},
		{"plex token in query", p, func() int {
			c, _ := get(t, p, "/library/sections/all?X-Plex-Token="+token, map[string]string{"Accept": "application/json"})
			return c
		}, 400, "X-Plex-Token"},
		{"plex bad type", p, func() int { c, _ := get(t, p, "/library/sections/1/all?type=11", plexAuth); return c }, 400, "type"},
		{"plex xml", p, func() int {
			c, _ := get(t, p, "/library/sections/all", map[string]string{"X-Plex-Token": token})
			return c
		}, 406, "Accept"},
	}
	for _, tc := range cases {
		before := len(tc.fake.Violations())
		if got := tc.send(); got != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.status)
		}
		vs := tc.fake.Violations()[before:]
		if !slices.ContainsFunc(vs, func(v fake.Violation) bool { return strings.Contains(v.Reason, tc.because) }) {
			t.Errorf("%s: violations %v", tc.name, vs)
		}
	}
}
