package app_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/apptest"
)

// requestFilm files a film request as b and returns the request's path.
func requestFilm(t *testing.T, b *apptest.Browser, id string) string {
	t.Helper()
	p := b.Submit("/movie/"+id, "/requests", url.Values{"type": {"movie"}, "tmdb_id": {id}})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("request film %s: %d %s", id, p.Status, p.Body)
	}
	return strings.TrimSuffix(p.Location, "?done=created")
}

func TestBulkQueueActions(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	owner := setupOwner(t, s)
	createUser(t, s, owner, "rita")
	rita := s.NewBrowser(t)
	signIn(t, rita, "rita", "password of rita")
	var paths []string
	for _, id := range []string{"9000001", "9000002", "9000003", "9000004", "9000005"} {
		paths = append(paths, requestFilm(t, rita, id))
	}
	ids := func(ps ...string) []string {
		var out []string
		for _, p := range ps {
			out = append(out, strings.TrimPrefix(p, "/requests/"))
		}
		return out
	}

	// Counts in the navigation: staff only.
	queue := owner.Get("/admin/requests")
	if !strings.Contains(queue.Body, `aria-label="5 pending"`) || strings.Count(queue.Body, `name="id"`) != 5 {
		t.Fatalf("queue: no pending count or checkboxes")
	}
	if p := rita.Get("/requests"); regexp.MustCompile(`aria-label="\d+ pending"`).MatchString(p.Body) || strings.Contains(p.Body, `name="id"`) {
		t.Fatal("a requester sees the pending count or the bulk form")
	}
	if p := rita.Submit("/requests", "/requests/bulk", url.Values{"action": {"approve"}, "id": ids(paths[0])}); p.Status != http.StatusNotFound {
		t.Fatalf("requester bulk: %d", p.Status)
	}

	// Approve three.
	p := owner.Submit("/admin/requests", "/requests/bulk", url.Values{"action": {"approve"}, "id": ids(paths[:3]...)})
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/admin/requests?") {
		t.Fatalf("bulk approve: %d %s", p.Status, p.Body)
	}
	page := owner.Get(p.Location)
	if !strings.Contains(page.Body, "Approved 3 requests.") || strings.Contains(page.Body, "Not done") || !strings.Contains(page.Body, `aria-label="2 pending"`) {
		t.Fatalf("after bulk approve: %s", page.Body)
	}
	for _, path := range paths[:3] {
		if !strings.Contains(rita.Get(path).Body, "status-approved") {
			t.Fatalf("%s not approved", path)
		}
	}
	if n := auditActions(t, s, "request.approved"); n != 3 {
		t.Fatalf("%d approval audit rows", n)
	}

	// Decline needs a reason; each request is checked on its own.
	p = owner.Submit("/admin/requests", "/requests/bulk", url.Values{"action": {"decline"}, "id": ids(paths[3:]...)})
	page = owner.Get(p.Location)
	if !strings.Contains(page.Body, "Declined 0 requests.") || !strings.Contains(page.Body, "a decline needs a reason") {
		t.Fatalf("decline without a reason: %s", p.Location)
	}
	// An approved one cannot be… approved again; a missing one is reported too.
	p = owner.Submit("/admin/requests", "/requests/bulk", url.Values{"action": {"decline"}, "reason": {"Not this month"},
		"id": append(ids(paths[3:]...), "999999")})
	page = owner.Get(p.Location)
	if !strings.Contains(page.Body, "Declined 2 requests.") || !strings.Contains(page.Body, "#999999: it no longer exists") {
		t.Fatalf("bulk decline: %s", p.Location)
	}
	if !strings.Contains(rita.Get(paths[4]).Body, "Not this month") {
		t.Fatal("the requester does not see the reason")
	}
	p = owner.Submit("/admin/requests", "/requests/bulk", url.Values{"action": {"approve"}, "id": ids(paths[3])})
	if page = owner.Get(p.Location); !strings.Contains(page.Body, "its status does not allow it") {
		t.Fatalf("approving a declined request: %s", p.Location)
	}
	// A forged notice in the URL shows nothing but the fixed texts.
	if page = owner.Get("/admin/requests?done=bulk-approve&ok=1&failed=1.<b>evil</b>,2.status"); strings.Contains(page.Body, "evil") {
		t.Fatal("text from the URL reached the page")
	}

	// More than 100 ids are refused before anything is done.
	var many []string
	for i := 1; i <= 101; i++ {
		many = append(many, strconv.Itoa(1000+i))
	}
	if p := owner.Submit("/admin/requests", "/requests/bulk", url.Values{"action": {"approve"}, "id": many}); p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("101 ids: %d", p.Status)
	}
	if p := owner.Submit("/admin/requests", "/requests/bulk", url.Values{"action": {"explode"}, "id": ids(paths[0])}); p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("unknown action: %d", p.Status)
	}
}

func TestQuotaSettingsAndMaintenance(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	owner := setupOwner(t, s)
	createUser(t, s, owner, "rita")
	rita := s.NewBrowser(t)
	signIn(t, rita, "rita", "password of rita")
	settings := func(extra url.Values) apptest.Page {
		t.Helper()
		f := url.Values{"mfa_required": {"none"}, "audit_retention_days": {"365"}, "requests_section": {"yes"},
			"movie_quota": {"1"}, "movie_quota_days": {"7"}, "tv_quota": {"0"}, "tv_quota_days": {"7"}, "tv_quota_per_season": {"yes"}}
		for k, v := range extra {
			f[k] = v
		}
		return owner.Submit("/admin/settings", "/admin/settings/security", f)
	}
	// Out-of-range values are refused next to their fields.
	if p := settings(url.Values{"movie_quota_days": {"0"}}); p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "Must be between 1 and 365 days") {
		t.Fatalf("zero days: %d", p.Status)
	}
	bad := settings(url.Values{"movie_quota": {"1001"}, "tv_quota_days": {"366"}})
	if bad.Status != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, "Must be between 0 (no limit) and 1000") ||
		!strings.Contains(bad.Body, "Must be between 1 and 365 days") {
		t.Fatalf("bad quota settings: %d", bad.Status)
	}
	if p := settings(nil); p.Status != http.StatusSeeOther {
		t.Fatalf("save quotas: %d %s", p.Status, p.Body)
	}
	if p := owner.Get("/admin/settings"); !regexp.MustCompile(`name="movie_quota" type="number"[^>]* value="1"`).MatchString(p.Body) {
		t.Fatal("the film limit is not shown as saved")
	}
	// Saving only the security fields keeps the limits.
	if p := owner.Submit("/admin/settings", "/admin/settings/security", url.Values{"mfa_required": {"none"}, "audit_retention_days": {"90"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("security only: %d", p.Status)
	}

	// One film a week: before, the page says so; the second is refused.
	if p := rita.Get("/movie/9000001"); !strings.Contains(p.Body, "1 of 1 film requests left this week.") {
		t.Fatalf("no quota line: %s", p.Body)
	}
	requestFilm(t, rita, "9000001")
	p := rita.Submit("/movie/9000002", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000002"}})
	if p.Status != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" {
		t.Fatalf("second film: %d", p.Status)
	}
	film := rita.Get("/movie/9000002")
	if !strings.Contains(film.Body, "You have used all 1 film requests this week; the next one frees up on") ||
		!strings.Contains(film.Body, `<button type="submit" class="button" disabled>Request</button>`) {
		t.Fatalf("no refill notice or enabled button: %s", film.Body)
	}
	// Staff are not limited and see no quota line.
	if p := owner.Get("/movie/9000002"); strings.Contains(p.Body, "film requests left") || strings.Contains(p.Body, "frees up") {
		t.Fatal("staff see a quota")
	}

	// Maintenance: a banner everywhere, new requests 503 with Retry-After.
	if p := settings(url.Values{"movie_quota": {"0"}, "maintenance": {"yes"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("maintenance on: %d", p.Status)
	}
	for _, path := range []string{"/requests", "/movie/9000003", "/issues"} {
		if p := rita.Get(path); !strings.Contains(p.Body, "Requests are paused for maintenance") {
			t.Fatalf("%s: no maintenance banner", path)
		}
	}
	p = rita.Submit("/movie/9000003", "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000003"}})
	if p.Status != http.StatusServiceUnavailable || p.Header.Get("Retry-After") == "" || !strings.Contains(p.Body, "Requests are paused for maintenance") {
		t.Fatalf("request during maintenance: %d %v", p.Status, p.Header)
	}
	if p := settings(nil); p.Status != http.StatusSeeOther {
		t.Fatal("maintenance off")
	}
	if p := rita.Get("/requests"); strings.Contains(p.Body, "Requests are paused for maintenance") {
		t.Fatal("the banner stays after maintenance")
	}
}
