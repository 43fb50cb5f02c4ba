package api

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
)

// encodingJSON is what huma's default format writes.
func encodingJSON(t *testing.T, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func fast(t *testing.T, v any) string {
	t.Helper()
	var buf bytes.Buffer
	if err := fastJSON.Marshal(&buf, v); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// The hand-written JSON must be byte for byte what encoding/json writes.
func TestFastJSONMatchesEncodingJSON(t *testing.T) {
	hostile := []string{"", "plain", `quote " and \ backslash`, "<b>&amp;</b>", "tab\tnew\nline\rcr\bbs\fff",
		"\x00\x01\x1f\x7f", "bad utf8 \xff\xfe end", "line sep \u2028 para \u2029", "émoji 🎬 日本", "\xe2\x80"}
	at := time.Date(2026, 11, 27, 15, 4, 5, 120000000, time.UTC)
	for _, s := range hostile {
		item := mediaRequest{ID: 42, Status: 2, State: "approved", Type: "tv",
			Media:       mediaInfo{TMDBID: 9100001, MediaType: "tv", Status: 3, Title: s},
			RequestedBy: requester{ID: 7, DisplayName: s}, DeclineReason: s,
			Seasons: []seasonRequest{{1, 2}, {3, 2}}, CreatedAt: at, UpdatedAt: at.Add(time.Nanosecond)}
		film := item
		film.Seasons, film.DeclineReason, film.UpdatedAt = []seasonRequest{}, "", time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		for _, p := range []requestPage{
			{PageInfo: pageInfo{Page: 2, Pages: 9, Results: 170, PageSize: 20, Next: "djEuMC4zLjQy"}, Results: []mediaRequest{item, film}},
			{PageInfo: pageInfo{Page: 1, Pages: 0, PageSize: 20}, Results: []mediaRequest{}},
			{},
		} {
			if got, want := fast(t, p), encodingJSON(t, p); got != want {
				t.Fatalf("page with %q:\n got %s\nwant %s", s, got, want)
			}
		}
	}
	// A page written from the service's rows is the page of their mediaRequests.
	for _, s := range hostile {
		rows := []*service.RequestRow{
			{Request: domain.Request{ID: 9, UserID: 3, Type: domain.TV, TMDBID: 91, Title: s, Status: domain.StatusPartiallyAvailable,
				DeclineReason: s, CreatedAt: at, UpdatedAt: at, Is4K: true}, Username: s, Seasons: []int{1, 2, 10}},
			{Request: domain.Request{ID: 8, UserID: 4, Type: domain.Movie, TMDBID: 90, Title: s, Status: domain.StatusDeleted,
				CreatedAt: at, UpdatedAt: at.Add(time.Hour)}, Username: "u"},
		}
		fromRows := requestPage{PageInfo: pageInfo{Page: 1, Pages: 1, Results: 2, PageSize: 20}, rows: rows}
		built := requestPage{PageInfo: fromRows.PageInfo, Results: []mediaRequest{requestFrom(rows[0]), requestFrom(rows[1])}}
		if got, want := fast(t, fromRows), encodingJSON(t, built); got != want {
			t.Fatalf("rows with %q:\n got %s\nwant %s", s, got, want)
		}
	}
	empty := requestPage{PageInfo: pageInfo{Page: 1, PageSize: 20}, rows: []*service.RequestRow{}}
	if got, want := fast(t, empty), encodingJSON(t, requestPage{PageInfo: empty.PageInfo, Results: []mediaRequest{}}); got != want {
		t.Fatalf("no rows:\n got %s\nwant %s", got, want)
	}
	for _, c := range []requestCount{{}, {Total: 3, Movie: 1, TV: 2, Pending: 1, Approved: 1, Declined: 1, Processing: 2, Available: 5,
		Failed: 6, Completed: 7, ByStatus: map[string]int{"pending": 1, "approved": 2, "deleted": 0, "available": 9}}} {
		if got, want := fast(t, c), encodingJSON(t, c); got != want {
			t.Fatalf("counts:\n got %s\nwant %s", got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"a", "\"\\", "\xff", "\u2028", "\x00", "<&>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		want := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s want %s", s, got, want)
		}
	})
}
