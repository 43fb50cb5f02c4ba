package app_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// makeAvailable moves an approved request on as the library sync will:
// approved → processing → available.
func makeAvailable(t *testing.T, s *apptest.Server, requestPath string) {
	t.Helper()
	id, err := strconv.ParseInt(strings.TrimPrefix(requestPath, "/requests/"), 10, 64)
	if err != nil {
		t.Fatalf("request path %q", requestPath)
	}
	err = s.App.Store.WithTx(context.Background(), func(tx *store.Tx) error {
		now := time.Now()
		if err := store.MoveRequest(context.Background(), tx, id, domain.StatusApproved, domain.StatusProcessing, 0, "", now); err != nil {
			return err
		}
		return store.MoveRequest(context.Background(), tx, id, domain.StatusProcessing, domain.StatusAvailable, 0, "", now)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func auditActions(t *testing.T, s *apptest.Server, action string) int {
	t.Helper()
	var n int
	if err := s.App.Store.DB.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = $1`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIssueFlow(t *testing.T) { bothEngines(t, issueFlow) }

func issueFlow(t *testing.T, o apptest.Options) {
	s := apptest.Start(t, o)
	owner := setupOwner(t, s)
	createUser(t, s, owner, "rita")
	createUser(t, s, owner, "sam")
	rita, sam := s.NewBrowser(t), s.NewBrowser(t)
	signIn(t, rita, "rita", "password of rita")
	signIn(t, sam, "sam", "password of sam")

	const film = "/movie/9000001"
	report := url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}, "kind": {"audio"}, "description": {"The sound drifts\nafter an hour."}}
	// Not in the library yet: no form, and a report is refused.
	if p := rita.Get(film); strings.Contains(p.Body, "Report a problem") {
		t.Fatal("report form on a title that is not available")
	}
	if p := rita.Submit(film, "/issues", report); p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("report on an unavailable title: %d", p.Status)
	}
	req := rita.Submit(film, "/requests", url.Values{"type": {"movie"}, "tmdb_id": {"9000001"}})
	reqPath := strings.TrimSuffix(req.Location, "?done=created")
	if p := owner.Submit(reqPath, reqPath+"/approve", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d", p.Status)
	}
	makeAvailable(t, s, reqPath)
	if p := rita.Get(film); !strings.Contains(p.Body, "Report a problem") || !strings.Contains(p.Body, `action="/issues"`) {
		t.Fatalf("no report form on an available title: %d", p.Status)
	}

	// Rita reports; the issue is hers.
	p := rita.Submit(film, "/issues", report)
	m := regexp.MustCompile(`^/issues/(\d+)\?done=reported$`).FindStringSubmatch(p.Location)
	if p.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("report: %d %s %s", p.Status, p.Location, p.Body)
	}
	issue := "/issues/" + m[1]
	if p := rita.Get(issue); p.Status != 200 || !strings.Contains(p.Body, "The sound drifts\nafter an hour.") || !strings.Contains(p.Body, "Open") {
		t.Fatalf("issue page: %d", p.Status)
	}
	// Comments are escaped text; white-space: pre-wrap keeps the line breaks.
	hostile := "<script>alert(1)</script>\nsecond line"
	if p := rita.Submit(issue, issue+"/comments", url.Values{"body": {hostile}}); p.Status != http.StatusSeeOther {
		t.Fatalf("comment: %d %s", p.Status, p.Body)
	}
	if p := rita.Submit(issue, issue+"/comments", url.Values{"body": {"   "}}); p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("empty comment: %d", p.Status)
	}
	page := owner.Get(issue)
	if strings.Contains(page.Body, "<script>alert(1)") || !strings.Contains(page.Body, "&lt;script&gt;alert(1)&lt;/script&gt;\nsecond line") {
		t.Fatal("an issue comment was not escaped")
	}
	// Navigation counts: the owner sees the open issue, Rita no count.
	if !strings.Contains(page.Body, `aria-label="1 open"`) {
		t.Fatal("the issue manager sees no open count")
	}
	if strings.Contains(rita.Get(issue).Body, `aria-label="1 open"`) {
		t.Fatal("a user sees the open issue count")
	}

	// Another user: 404 for reading, commenting and the status.
	if p := sam.Get(issue); p.Status != http.StatusNotFound {
		t.Fatalf("another user reads the issue: %d", p.Status)
	}
	if p := sam.Submit("/issues", issue+"/comments", url.Values{"body": {"hi"}}); p.Status != http.StatusNotFound {
		t.Fatalf("another user comments: %d", p.Status)
	}
	if p := rita.Submit(issue, issue+"/status", url.Values{"status": {"resolved"}}); p.Status != http.StatusNotFound {
		t.Fatalf("the reporter resolves: %d", p.Status)
	}
	if p := sam.Get("/issues"); strings.Contains(p.Body, `href="`+issue+`"`) {
		t.Fatal("another user's list shows the issue")
	}
	if p := rita.Get("/issues?status=open"); !strings.Contains(p.Body, `href="`+issue+`"`) {
		t.Fatal("the reporter's list misses the issue")
	}

	// Staff resolve and reopen, each with an audit row.
	if p := owner.Submit(issue, issue+"/status", url.Values{"status": {"resolved"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("resolve: %d %s", p.Status, p.Body)
	}
	if p := rita.Get(issue); !strings.Contains(p.Body, "Resolved") {
		t.Fatal("the reporter does not see the resolution")
	}
	if p := owner.Get("/issues?status=open"); strings.Contains(p.Body, `href="`+issue+`"`) {
		t.Fatal("a resolved issue under open")
	}
	if p := owner.Get("/issues?status=resolved"); !strings.Contains(p.Body, `href="`+issue+`"`) {
		t.Fatal("a resolved issue missing under resolved")
	}
	if p := owner.Submit(issue, issue+"/status", url.Values{"status": {"open"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("reopen: %d", p.Status)
	}
	if p := owner.Submit(issue, issue+"/status", url.Values{"status": {"closed"}}); p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("unknown status: %d", p.Status)
	}
	if auditActions(t, s, "issue.resolved") != 1 || auditActions(t, s, "issue.open") != 1 {
		t.Fatal("resolve and reopen are not audited")
	}

	// Ten reports an hour per user: Rita has sent two (one refused), the
	// eleventh attempt gets 429.
	for i := 3; i <= 10; i++ {
		if p := rita.Submit(film, "/issues", report); p.Status != http.StatusSeeOther {
			t.Fatalf("report %d: %d", i, p.Status)
		}
	}
	if p := rita.Submit(film, "/issues", report); p.Status != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" {
		t.Fatalf("report over the limit: %d", p.Status)
	}
	// The limit is Rita's own: Sam (no report yet) is not held by it.
	if p := sam.Submit(film, "/issues", report); p.Status != http.StatusSeeOther {
		t.Fatalf("another user's first report: %d", p.Status)
	}
}
