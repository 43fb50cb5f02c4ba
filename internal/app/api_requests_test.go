package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// apiPage is the part of GET /api/v1/request the tests read.
type apiPage struct {
	PageInfo struct {
		Page, Pages, Results, PageSize int
		Next                           string
	}
	Results []struct {
		ID     int64
		Status int
		State  string
		Type   string
		Media  struct {
			TMDBID    int64 `json:"tmdbId"`
			MediaType string
			Status    int
			Title     string
		}
		RequestedBy struct {
			ID          int64
			DisplayName string
		}
		Seasons   []struct{ SeasonNumber, Status int }
		CreatedAt time.Time
		UpdatedAt time.Time
	}
}

func getJSON[T any](t *testing.T, b *apptest.Browser, path string, want int) T {
	t.Helper()
	p := b.Get(path)
	var v T
	if p.Status != want {
		t.Fatalf("GET %s: %d, want %d: %s", path, p.Status, want, p.Body)
	}
	if !strings.HasPrefix(p.Header.Get("Content-Type"), "application/json") || p.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("GET %s: Content-Type %q, Cache-Control %q", path, p.Header.Get("Content-Type"), p.Header.Get("Cache-Control"))
	}
	if err := json.Unmarshal([]byte(p.Body), &v); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, p.Body)
	}
	return v
}

// seedRequests stores n requests for user, every status and both types in
// turn, one minute apart from at; tmdb ids from base. It returns the ids.
func seedRequests(t *testing.T, s *apptest.Server, user int64, n int, base int64, at time.Time) []int64 {
	t.Helper()
	ctx := context.Background()
	var ids []int64
	err := s.App.Store.WithTx(ctx, func(tx *store.Tx) error {
		for i := range n {
			r := domain.Request{UserID: user, RequestedBy: user, Type: domain.Movie, TMDBID: base + int64(i), Title: "Film " + strconv.Itoa(i),
				Status: domain.RequestStatuses[i%len(domain.RequestStatuses)]}
			if i%3 == 2 {
				r.Type, r.Title = domain.TV, "Series "+strconv.Itoa(i)
				r.Items = []domain.RequestItem{{Season: 2, Episode: 1}, {Season: 1, Episode: 1}, {Season: 1, Episode: 2}}
			}
			id, err := store.InsertRequest(ctx, tx, r, at.Add(time.Duration(i)*time.Minute))
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// pageAll follows the cursors from path and returns every id in order.
func pageAll(t *testing.T, b *apptest.Browser, path string) ([]int64, apiPage) {
	t.Helper()
	var ids []int64
	var first apiPage
	for page := 1; ; page++ {
		p := getJSON[apiPage](t, b, path, 200)
		if page == 1 {
			first = p
		}
		if p.PageInfo.Page != page {
			t.Fatalf("%s: pageInfo.page %d, want %d", path, p.PageInfo.Page, page)
		}
		for _, r := range p.Results {
			ids = append(ids, r.ID)
		}
		if p.PageInfo.Next == "" {
			return ids, first
		}
		if page > 100 {
			t.Fatal("more than 100 pages")
		}
		u, _ := url.Parse(path)
		q := u.Query()
		q.Set("cursor", p.PageInfo.Next)
		u.RawQuery = q.Encode()
		path = u.String()
	}
}

func descending(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	slices.Reverse(out)
	return out
}

func TestRequestAPI(t *testing.T) { bothEngines(t, requestAPI) }

func requestAPI(t *testing.T, o apptest.Options) {
	s := apptest.Start(t, o)
	owner := setupOwner(t, s)
	ritaID, _ := strconv.ParseInt(createUser(t, s, owner, "rita"), 10, 64)
	samID, _ := strconv.ParseInt(createUser(t, s, owner, "sam"), 10, 64)
	rita, sam := s.NewBrowser(t), s.NewBrowser(t)
	signIn(t, rita, "rita", "password of rita")
	signIn(t, sam, "sam", "password of sam")
	at := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	ritas := seedRequests(t, s, ritaID, 53, 7_000_000, at)
	sams := seedRequests(t, s, samID, 12, 7_100_000, at.Add(time.Hour))

	t.Run("anonymous", func(t *testing.T) {
		anon := s.NewBrowser(t)
		for _, path := range []string{"/api/v1/request", "/api/v1/request/count"} {
			p := anon.Get(path)
			assertProblem(t, response{p.Status, p.Header, p.Body}, 401, "sign in")
		}
		anon.Cookies["__Host-lemedia_session"] = "not-a-session"
		if p := anon.Get("/api/v1/request"); p.Status != 401 {
			t.Fatalf("forged cookie: %d", p.Status)
		}
	})

	t.Run("own requests, every page once, newest first", func(t *testing.T) {
		ids, first := pageAll(t, rita, "/api/v1/request?take=10")
		if !slices.Equal(ids, descending(ritas)) {
			t.Fatalf("paged ids %v, want %v", ids, descending(ritas))
		}
		pi := first.PageInfo
		if pi.Results != 53 || pi.Pages != 6 || pi.PageSize != 10 || pi.Page != 1 {
			t.Fatalf("pageInfo %+v", pi)
		}
		r := first.Results[0]
		if r.RequestedBy.ID != ritaID || r.RequestedBy.DisplayName != "rita" || r.Media.TMDBID != 7_000_052 || r.CreatedAt.IsZero() {
			t.Fatalf("first result %+v", r)
		}
		// Seerr's skip gives the same pages.
		p := getJSON[apiPage](t, rita, "/api/v1/request?take=10&skip=20", 200)
		if p.PageInfo.Page != 3 || p.Results[0].ID != ids[20] || len(p.Results) != 10 {
			t.Fatalf("skip=20: page %d, first %d, want %d", p.PageInfo.Page, p.Results[0].ID, ids[20])
		}
		// The default page is 20.
		if p := getJSON[apiPage](t, rita, "/api/v1/request", 200); len(p.Results) != 20 || p.PageInfo.PageSize != 20 {
			t.Fatalf("default page: %d results", len(p.Results))
		}
	})

	t.Run("shapes and filters", func(t *testing.T) {
		ids, first := pageAll(t, rita, "/api/v1/request?filter=pending&take=3")
		want := 0
		for i := range ritas {
			if domain.RequestStatuses[i%len(domain.RequestStatuses)] == domain.StatusPending {
				want++
			}
		}
		if len(ids) != want || first.PageInfo.Results != want {
			t.Fatalf("pending: %d ids, results %d, want %d", len(ids), first.PageInfo.Results, want)
		}
		for _, r := range first.Results {
			if r.State != "pending" || r.Status != 1 || r.Media.Status != 2 {
				t.Fatalf("pending row %+v", r)
			}
		}
		tv := getJSON[apiPage](t, rita, "/api/v1/request?mediaType=tv&take=100", 200)
		if len(tv.Results) != 17 || tv.PageInfo.Results != 17 {
			t.Fatalf("tv: %d results (%d)", len(tv.Results), tv.PageInfo.Results)
		}
		for _, r := range tv.Results {
			if r.Type != "tv" || r.Media.MediaType != "tv" || len(r.Seasons) != 2 || r.Seasons[0].SeasonNumber != 1 || r.Seasons[1].SeasonNumber != 2 ||
				r.Seasons[0].Status != r.Status {
				t.Fatalf("tv row %+v", r)
			}
		}
		films := getJSON[apiPage](t, rita, "/api/v1/request?mediaType=movie&filter=available&take=100", 200)
		for _, r := range films.Results {
			if r.Type != "movie" || r.State != "available" || r.Status != 5 || r.Media.Status != 5 || len(r.Seasons) != 0 {
				t.Fatalf("available film %+v", r)
			}
		}
		done := getJSON[apiPage](t, rita, "/api/v1/request?filter=completed&take=100", 200)
		for _, r := range done.Results {
			if r.State != "available" && r.State != "deleted" {
				t.Fatalf("completed row %+v", r)
			}
		}
	})

	t.Run("others' requests: staff only", func(t *testing.T) {
		p := rita.Get("/api/v1/request?requestedBy=" + strconv.FormatInt(samID, 10))
		prob := assertProblem(t, response{p.Status, p.Header, p.Body}, 403, "requestedBy")
		if len(prob.Errors) != 1 || prob.Errors[0].Field != "query.requestedBy" {
			t.Fatalf("errors %+v", prob.Errors)
		}
		if ids, _ := pageAll(t, rita, "/api/v1/request?take=100&requestedBy="+strconv.FormatInt(ritaID, 10)); len(ids) != 53 {
			t.Fatalf("requestedBy herself: %d", len(ids))
		}
		ids, _ := pageAll(t, sam, "/api/v1/request?take=7")
		if !slices.Equal(ids, descending(sams)) {
			t.Fatal("sam sees more than his own requests")
		}
		all, first := pageAll(t, owner, "/api/v1/request?take=25")
		if !slices.Equal(all, descending(append(slices.Clone(ritas), sams...))) || first.PageInfo.Results != 65 {
			t.Fatalf("staff: %d requests (results %d)", len(all), first.PageInfo.Results)
		}
		onlySam, _ := pageAll(t, owner, "/api/v1/request?take=5&requestedBy="+strconv.FormatInt(samID, 10))
		if !slices.Equal(onlySam, descending(sams)) {
			t.Fatal("staff filter by requestedBy")
		}
	})

	t.Run("sort by modified", func(t *testing.T) {
		// Move an old pending request: it becomes the most recently modified.
		old := ritas[0]
		err := s.App.Store.WithTx(context.Background(), func(tx *store.Tx) error {
			return store.MoveRequest(context.Background(), tx, old, domain.StatusPending, domain.StatusApproved, 0, "", at.Add(48*time.Hour))
		})
		if err != nil {
			t.Fatal(err)
		}
		ids, first := pageAll(t, rita, "/api/v1/request?sort=modified&take=8")
		if ids[0] != old || first.Results[0].State != "approved" || len(ids) != 53 {
			t.Fatalf("modified: first %d, want %d; %d ids", ids[0], old, len(ids))
		}
		sorted := slices.Clone(ids)
		slices.Sort(sorted)
		if len(slices.Compact(sorted)) != 53 {
			t.Fatal("a request was listed twice")
		}
	})

	t.Run("counts", func(t *testing.T) {
		type counts struct {
			Total, Movie, TV, Pending, Approved, Declined, Processing, Available, Failed, Completed int
			ByStatus                                                                                map[string]int
		}
		c := getJSON[counts](t, rita, "/api/v1/request/count", 200)
		if c.Total != 53 || c.Movie != 36 || c.TV != 17 || c.Movie+c.TV != c.Total {
			t.Fatalf("rita's counts %+v", c)
		}
		sum := 0
		for _, n := range c.ByStatus {
			sum += n
		}
		if sum != 53 || len(c.ByStatus) != 8 || c.Pending != c.ByStatus["pending"] ||
			c.Approved != c.ByStatus["approved"]+c.ByStatus["processing"]+c.ByStatus["partially_available"] ||
			c.Completed != c.ByStatus["available"]+c.ByStatus["deleted"] {
			t.Fatalf("rita's counts %+v", c)
		}
		if all := getJSON[counts](t, owner, "/api/v1/request/count", 200); all.Total != 65 {
			t.Fatalf("staff counts %+v", all)
		}
		// A new request shows at once, in the counts and the list's total.
		requestFilm(t, rita, "9000001")
		if c2 := getJSON[counts](t, rita, "/api/v1/request/count", 200); c2.Total != 54 || c2.Pending != c.Pending+1 {
			t.Fatalf("after a request: %+v", c2)
		}
		if p := getJSON[apiPage](t, owner, "/api/v1/request?take=1", 200); p.PageInfo.Results != 66 || p.Results[0].Media.TMDBID != 9000001 {
			t.Fatalf("after a request: %+v", p.PageInfo)
		}
	})

	t.Run("bad parameters name the field", func(t *testing.T) {
		next := getJSON[apiPage](t, rita, "/api/v1/request?take=2", 200).PageInfo.Next
		modNext := getJSON[apiPage](t, rita, "/api/v1/request?take=2&sort=modified", 200).PageInfo.Next
		for _, c := range []struct{ query, field string }{
			{"take=0", "query.take"},
			{"take=101", "query.take"},
			{"take=ten", "query.take"},
			{"skip=-1", "query.skip"},
			{"filter=everything", "query.filter"},
			{"mediaType=music", "query.mediaType"},
			{"sort=oldest", "query.sort"},
			{"requestedBy=0", "query.requestedBy"},
			{"cursor=garbage", "query.cursor"},
			{"cursor=" + next + "&sort=modified", "query.cursor"},
			{"cursor=" + modNext, "query.cursor"},
			{"cursor=" + next + "&skip=4", "query.skip"},
		} {
			p := rita.Get("/api/v1/request?" + c.query)
			if p.Status != 422 && p.Status != 400 {
				t.Fatalf("%s: %d %s", c.query, p.Status, p.Body)
			}
			prob := assertProblem(t, response{p.Status, p.Header, p.Body}, p.Status, "")
			if len(prob.Errors) == 0 || prob.Errors[0].Field != c.field || prob.Errors[0].Message == "" {
				t.Fatalf("%s: errors %+v, want field %s", c.query, prob.Errors, c.field)
			}
		}
	})

	t.Run("a session still to enrol in MFA", func(t *testing.T) {
		if p := owner.Submit("/admin/settings", "/admin/settings/security", url.Values{"mfa_required": {"all"},
			"audit_retention_days": {"90"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("require MFA: %d %s", p.Status, p.Body)
		}
		createUser(t, s, owner, "enid")
		enid := s.NewBrowser(t)
		signIn(t, enid, "enid", "password of enid")
		p := enid.Get("/api/v1/request")
		assertProblem(t, response{p.Status, p.Header, p.Body}, 401, "second factor")
	})

	t.Run("signed out: at once", func(t *testing.T) {
		cookie := sam.Cookies["__Host-lemedia_session"]
		if p := sam.Submit("/profile/security", "/logout", nil); p.Status != http.StatusSeeOther {
			t.Fatalf("logout: %d", p.Status)
		}
		old := s.NewBrowser(t)
		old.Cookies["__Host-lemedia_session"] = cookie
		if p := old.Get("/api/v1/request/count"); p.Status != 401 {
			t.Fatalf("ended session: %d", p.Status)
		}
	})
}

// Requests without a session spend from their address's anonymous budget,
// as pages do: a flood of forged cookies ends in 429, not in a database
// lookup each.
func TestRequestAPIAnonymousBudget(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	setupOwner(t, s)
	anon := s.NewBrowser(t)
	anon.Cookies["__Host-lemedia_session"] = "forged"
	for i := range 150 {
		p := anon.Get("/api/v1/request/count")
		if p.Status == http.StatusTooManyRequests {
			if p.Header.Get("Retry-After") == "" || i < 50 {
				t.Fatalf("429 after %d requests, Retry-After %q", i, p.Header.Get("Retry-After"))
			}
			return
		}
		if p.Status != http.StatusUnauthorized {
			t.Fatalf("request %d: %d", i, p.Status)
		}
	}
	t.Fatal("150 requests without a session and no 429")
}
