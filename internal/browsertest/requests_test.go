package browsertest_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/lemedia/lemedia/internal/browsertest"
)

// TestRequestSearchAndFilm has a user find a film with the live search
// (results come without a page load), open it, request it, and see the
// status where the button was.
func TestRequestSearchAndFilm(t *testing.T) {
	_, b := requestsSetup(t)
	signInAs(t, b, requesterLogin, requesterPassword)
	f := film(t, 0)
	link := `#search-results a.poster-card[href="` + moviePath(f) + `"]`

	b.Navigate("/")
	if got := b.Text("main h1"); got != "Discover" {
		t.Errorf("the signed-in home page heading is %q, want Discover", got)
	}
	shot(t, b, "lemedia-discover.png")

	b.Navigate("/search")
	browsertest.Eval[bool](b, `window.__sameDocument = true`)
	part := strings.ToLower(strings.Fields(f.Title)[1])[:6] // "The Clockmaker's Garden" → "clockm"
	b.Do(chromedp.SendKeys(chromedp.CSS("#q"), part))
	waitFor(t, "live search results for "+strconv.Quote(part), 10*time.Second, func() bool { return b.Exists(link) })
	if !browsertest.Eval[bool](b, `window.__sameDocument === true`) {
		t.Error("the results came with a page load, not live")
	}
	if u := here(t, b); u.Path != "/search" || u.Query().Get("q") != part {
		t.Errorf("after the live search the address is %s, want /search?q=%s", u, part)
	}
	if got := b.Text(link + " .poster-title"); got != f.Title {
		t.Errorf("the result's title is %q, want %q", got, f.Title)
	}
	b.AssertClean()

	b.ClickNavigate(link)
	wantPath(t, b, moviePath(f))
	if got := b.Text("main h1"); got != f.Title {
		t.Errorf("film page heading %q, want %q", got, f.Title)
	}
	if b.Exists(".title-status") {
		t.Errorf("a fresh film already shows a status: %q", b.Text(".title-status"))
	}
	b.ClickNavigate(`form.request-form button[type="submit"]`)
	id := onRequestPage(t, b)
	if got := requestStatus(b); got != "Pending" {
		t.Errorf("new request's status %q, want Pending", got)
	}
	if got := b.Text("main h1"); got != f.Title {
		t.Errorf("request page heading %q, want %q", got, f.Title)
	}
	if got := b.Text(".flash-ok"); got != "Request sent." {
		t.Errorf("notice %q, want “Request sent.”", got)
	}

	b.Navigate(moviePath(f))
	if b.Exists("form.request-form") {
		t.Error("the film page still offers the Request button after the request")
	}
	if !b.Visible(".title-status .status") || b.Text(".title-status .status") != "Pending" {
		t.Errorf("the film page does not show the status Pending where the button was: %q", b.Text("main .title-info"))
	}

	b.Navigate("/requests")
	if !b.Exists(fmt.Sprintf(`tbody a[href="/requests/%d"]`, id)) {
		t.Errorf("My requests does not list request %d: %q", id, b.Text("main"))
	}
	b.AssertClean()
}

// TestRequestSeasonsAndEpisode has a user request two seasons of a series
// and one episode of another, and sees them pending, their boxes disabled.
func TestRequestSeasonsAndEpisode(t *testing.T) {
	_, b := requestsSetup(t)
	signInAs(t, b, requesterLogin, requesterPassword)
	s1, s2 := series(t, 0), series(t, 1)
	submitSelected := `form.season-form .season-actions button[type="submit"]:not([form])`

	b.Navigate(seriesPath(s1))
	if got := b.Text("main h1"); got != s1.Name {
		t.Errorf("series page heading %q, want %q", got, s1.Name)
	}
	if n := len(s1.Seasons); n < 3 {
		t.Fatalf("%s has %d seasons; the test needs 3", s1.Name, n)
	}
	for _, n := range []int{1, 2} {
		openSeason(t, b, n)
		b.Click(seasonBox(n))
	}
	if got := browsertest.Eval[int](b, `document.querySelectorAll('input[name="season"]:checked').length`); got != 2 {
		t.Fatalf("%d season boxes ticked, want 2", got)
	}
	if got := b.Text(submitSelected); got != "Request selected" {
		t.Errorf("the submit button says %q", got)
	}
	b.ClickNavigate(submitSelected)
	onRequestPage(t, b)
	if got := requestStatus(b); got != "Pending" {
		t.Errorf("status %q, want Pending", got)
	}
	want := len(s1.Seasons[0].Episodes) + len(s1.Seasons[1].Episodes)
	if got := b.Text("main article.card p"); !strings.Contains(got, fmt.Sprintf("Series · %d episodes", want)) {
		t.Errorf("request summary %q, want it to count %d episodes", got, want)
	}

	b.Navigate(seriesPath(s1))
	for _, n := range []int{1, 2} {
		sd := seasonDetails(n)
		if got := b.Text(sd + " > summary .status"); got != "Pending" {
			t.Errorf("season %d's badge says %q, want Pending", n, got)
		}
		for _, c := range checkboxes(b, sd+` input[type="checkbox"]`) {
			if !c.Disabled {
				t.Errorf("season %d: box %s is not disabled after the request", n, c.Value)
			}
		}
	}
	for _, c := range checkboxes(b, seasonDetails(3)+` input[type="checkbox"]`) {
		if c.Disabled {
			t.Errorf("season 3 (not requested): box %s is disabled", c.Value)
		}
	}
	if !b.Exists(".title-status .status") {
		t.Error("the series page shows no status after two seasons were requested")
	} else {
		t.Logf("series status after two seasons: %q", b.Text(".title-status .status"))
	}
	openSeason(t, b, 1)
	shot(t, b, "lemedia-series.png")

	// One episode of another series.
	b.Navigate(seriesPath(s2))
	openSeason(t, b, 1)
	b.Click(episodeBox(1, 1))
	b.ClickNavigate(submitSelected)
	onRequestPage(t, b)
	if got := requestStatus(b); got != "Pending" {
		t.Errorf("status %q, want Pending", got)
	}
	if got := b.Text("main article.card p"); !strings.Contains(got, "Series · 1 episode") || strings.Contains(got, "episodes") {
		t.Errorf("request summary %q, want one episode", got)
	}
	b.Navigate(seriesPath(s2))
	openSeason(t, b, 1)
	boxes := map[string]checkboxState{}
	for _, c := range checkboxes(b, seasonDetails(1)+` input[name="episode"]`) {
		boxes[c.Value] = c
	}
	if c, ok := boxes["1:1"]; !ok || !c.Disabled {
		t.Errorf("episode 1:1 box after its request: %+v (found %v), want disabled", c, ok)
	}
	if c := boxes["1:2"]; c.Disabled {
		t.Error("episode 1:2 (not requested) is disabled")
	}
	if got := b.Text(`li.episode:has(` + episodeBox(1, 1) + `) .status`); got != "Pending" {
		t.Errorf("episode 1:1's badge says %q, want Pending", got)
	}
	b.AssertClean()
}

// TestRequestApproveDecline has the owner approve one request in the queue
// and decline another with a reason, which the requester then reads.
func TestRequestApproveDecline(t *testing.T) {
	const reason = "Not available in our region."
	_, b := requestsSetup(t)
	signInAs(t, b, requesterLogin, requesterPassword)
	fa, fd := film(t, 1), film(t, 2)
	approveID := requestFilm(t, b, fa)
	declineID := requestFilm(t, b, fd)

	signInAs(t, b, ownerLogin, ownerPassword)
	b.Navigate("/admin/requests")
	for _, id := range []int64{approveID, declineID} {
		row := fmt.Sprintf(`tbody tr:has(a[href="/requests/%d"])`, id)
		if !b.Exists(row) {
			t.Fatalf("the queue does not list request %d: %q", id, b.Text("main"))
		}
		if got := b.Text(row + " .status"); got != "Pending" {
			t.Errorf("request %d shows %q in the queue, want Pending", id, got)
		}
		if !b.Exists(fmt.Sprintf(`%s input[type="checkbox"][name="id"][value="%d"]`, row, id)) {
			t.Errorf("request %d has no bulk checkbox in the queue", id)
		}
	}
	shot(t, b, "lemedia-request-queue.png")

	b.ClickNavigate(fmt.Sprintf(`tbody a[href="/requests/%d"]`, approveID))
	b.ClickNavigate(fmt.Sprintf(`form[action="/requests/%d/approve"] button[type="submit"]`, approveID))
	if u := wantPath(t, b, fmt.Sprintf("/requests/%d", approveID)); u.Query().Get("done") != "approved" {
		t.Errorf("after approving: %s", u)
	}
	if got := requestStatus(b); got != "Approved" {
		t.Errorf("status after approving %q, want Approved", got)
	}

	b.ClickNavigate(`main a[href="/admin/requests"]`)
	b.ClickNavigate(fmt.Sprintf(`tbody a[href="/requests/%d"]`, declineID))
	decline := fmt.Sprintf(`form[action="/requests/%d/decline"]`, declineID)
	b.SetValue(decline+` input[name="reason"]`, reason)
	b.ClickNavigate(decline + ` button[type="submit"]`)
	if u := wantPath(t, b, fmt.Sprintf("/requests/%d", declineID)); u.Query().Get("done") != "declined" {
		t.Errorf("after declining: %s", u)
	}
	if got := requestStatus(b); got != "Declined" {
		t.Errorf("status after declining %q, want Declined", got)
	}
	b.AssertClean()

	// The requester, in chromium again.
	signInAs(t, b, requesterLogin, requesterPassword)
	b.Navigate(fmt.Sprintf("/requests/%d", approveID))
	if got := requestStatus(b); got != "Approved" {
		t.Errorf("the requester sees %q on the approved request", got)
	}
	b.Navigate(fmt.Sprintf("/requests/%d", declineID))
	if got := requestStatus(b); got != "Declined" {
		t.Errorf("the requester sees %q on the declined request", got)
	}
	if got := b.Text("main article.card"); !strings.Contains(got, "Reason: "+reason) {
		t.Errorf("the requester does not see the reason: %q", got)
	}
	b.Navigate("/requests")
	for id, want := range map[int64]string{approveID: "Approved", declineID: "Declined"} {
		if got := b.Text(fmt.Sprintf(`tbody tr:has(a[href="/requests/%d"]) .status`, id)); got != want {
			t.Errorf("My requests shows %q for request %d, want %s", got, id, want)
		}
	}
	b.AssertClean()
}

// TestRequestQuota has the owner set a film limit of one a week; after one
// request the next film's page shows when it refills, its button disabled.
func TestRequestQuota(t *testing.T) {
	_, b := requestsSetup(t)
	signInAs(t, b, ownerLogin, ownerPassword)
	b.Navigate("/admin/settings")
	b.SetValue("#movie_quota", "1")
	b.SetValue("#movie_quota_days", "7")
	b.ClickNavigate(`form[action="/admin/settings/security"] button[type="submit"]`)
	wantPath(t, b, "/admin/settings")
	if got := b.Text(".flash-ok"); got != "Settings saved." {
		t.Errorf("notice %q", got)
	}
	if got := browsertest.Eval[string](b, `document.querySelector("#movie_quota").value + "/" + document.querySelector("#movie_quota_days").value`); got != "1/7" {
		t.Errorf("the settings page shows the film quota as %s, want 1/7", got)
	}

	signInAs(t, b, requesterLogin, requesterPassword)
	first, second := film(t, 3), film(t, 4)
	b.Navigate(moviePath(first))
	if got := b.Text("form.request-form .quota"); got != "1 of 1 film requests left this week." {
		t.Errorf("quota line before any request %q", got)
	}
	b.ClickNavigate(`form.request-form button[type="submit"]`)
	onRequestPage(t, b)
	if got := requestStatus(b); got != "Pending" {
		t.Errorf("status %q, want Pending", got)
	}

	b.Navigate(moviePath(second))
	btn := `form.request-form button[type="submit"]`
	if _, disabled := b.Attr(btn, "disabled"); !disabled {
		t.Error("the Request button of a second film is not disabled with the quota used up")
	}
	if !b.Visible(".quota.quota-out") {
		t.Fatal("no visible refill notice")
	}
	got := b.Text(".quota.quota-out")
	if !strings.HasPrefix(got, "You have used all 1 film requests this week; the next one frees up on ") {
		t.Errorf("refill notice %q", got)
	}
	refill := time.Now().UTC().Add(7 * 24 * time.Hour).Format("2 Jan 2006")
	if !strings.Contains(got, refill) {
		t.Errorf("refill notice %q does not name %s", got, refill)
	}
	b.AssertClean()
}

// TestRequestCommentsStaffNote has the requester comment (markup stays
// text) and staff add a staff-only note that only staff see.
func TestRequestCommentsStaffNote(t *testing.T) {
	const (
		comment = "Could we get the <b>bold</b> director's cut?"
		note    = "Staff: the director's cut is only on the 4K disc."
	)
	_, b := requestsSetup(t)
	signInAs(t, b, requesterLogin, requesterPassword)
	id := requestFilm(t, b, film(t, 5))
	form := fmt.Sprintf(`form[action="/requests/%d/comments"]`, id)
	if b.Exists(form + ` input[name="staff_only"]`) {
		t.Error("the requester is offered the staff-only box")
	}
	b.SetValue("#body", comment)
	b.ClickNavigate(form + ` button[type="submit"]`)
	onRequestPage(t, b)
	if got := b.Text(".flash-ok"); got != "Comment added." {
		t.Errorf("notice %q", got)
	}
	if got := b.Text("li.comment .comment-body"); got != comment {
		t.Errorf("comment shows as %q, want the literal text %q", got, comment)
	}
	if b.Exists("li.comment .comment-body b") {
		t.Error("the comment's <b> became an element")
	}

	signInAs(t, b, ownerLogin, ownerPassword)
	b.Navigate(fmt.Sprintf("/requests/%d", id))
	b.SetValue("#body", note)
	b.Click(form + ` input[name="staff_only"]`)
	b.ClickNavigate(form + ` button[type="submit"]`)
	onRequestPage(t, b)
	if got := b.Text("li.comment.staff-note .comment-body"); got != note {
		t.Errorf("staff see the note as %q", got)
	}
	if got := b.Text("li.comment.staff-note .badge"); got != "staff only" {
		t.Errorf("the note's badge %q", got)
	}
	if n := browsertest.Eval[int](b, `document.querySelectorAll("li.comment").length`); n != 2 {
		t.Errorf("staff see %d comments, want 2", n)
	}
	b.AssertClean()

	signInAs(t, b, requesterLogin, requesterPassword)
	b.Navigate(fmt.Sprintf("/requests/%d", id))
	if main := b.Text("main"); strings.Contains(main, "4K disc") || strings.Contains(main, "staff only") {
		t.Errorf("the requester sees the staff note: %q", main)
	}
	if n := browsertest.Eval[int](b, `document.querySelectorAll("li.comment").length`); n != 1 {
		t.Errorf("the requester sees %d comments, want 1 (hers)", n)
	}
	if got := b.Text("li.comment .comment-body"); got != comment {
		t.Errorf("the requester's comment shows as %q", got)
	}
	b.AssertClean()
}

// TestIssueReportResolved has a user report an audio problem on a film in
// the library, and the owner resolve it.
func TestIssueReportResolved(t *testing.T) {
	const description = "The audio drifts out of sync after twenty minutes."
	srv, b := requestsSetup(t)
	signInAs(t, b, requesterLogin, requesterPassword)
	f := film(t, 6)
	reqID := requestFilm(t, b, f)
	makeAvailable(t, srv, reqID)

	b.Navigate(moviePath(f))
	if got := b.Text(".title-status .status"); got != "Available" {
		t.Errorf("film status %q, want Available", got)
	}
	if !b.Visible("details.report-problem > summary") {
		t.Fatal("no visible “Report a problem” on an available film")
	}
	b.Click("details.report-problem > summary")
	b.WaitVisible("#issue-description")
	b.SetValue("#issue-kind", "audio")
	b.SetValue("#issue-description", description)
	b.ClickNavigate(`details.report-problem button[type="submit"]`)
	u := here(t, b)
	if !strings.HasPrefix(u.Path, "/issues/") || u.Query().Get("done") != "reported" {
		t.Fatalf("after the report: %s: %q", u, b.Text("main"))
	}
	issuePath := u.Path
	if got := b.Text("main h1"); got != f.Title {
		t.Errorf("issue heading %q, want %q", got, f.Title)
	}
	if got := b.Text("main article.card .status"); got != "Open" {
		t.Errorf("new issue status %q, want Open", got)
	}
	if got := b.Text("main article.card"); !strings.Contains(got, "audio") || !strings.Contains(got, description) {
		t.Errorf("the issue page does not show kind and description: %q", got)
	}
	if b.Exists(`form[action="` + issuePath + `/status"]`) {
		t.Error("the reporter is offered Resolve")
	}

	signInAs(t, b, ownerLogin, ownerPassword)
	b.Navigate("/issues")
	row := `tbody tr:has(a[href="` + issuePath + `"])`
	if !b.Exists(row) {
		t.Fatalf("/issues does not list %s: %q", issuePath, b.Text("main"))
	}
	if got := b.Text(row); !strings.Contains(got, "audio") || !strings.Contains(got, "Open") {
		t.Errorf("issue row %q", got)
	}
	b.ClickNavigate(row + " a")
	b.ClickNavigate(`form[action="` + issuePath + `/status"] button[type="submit"]`)
	wantPath(t, b, issuePath)
	if got := b.Text("main article.card .status"); got != "Resolved" {
		t.Errorf("status after resolving %q, want Resolved", got)
	}
	b.AssertClean()

	signInAs(t, b, requesterLogin, requesterPassword)
	b.Navigate(issuePath)
	if got := b.Text("main article.card .status"); got != "Resolved" {
		t.Errorf("the reporter sees status %q, want Resolved", got)
	}
	b.AssertClean()
}
