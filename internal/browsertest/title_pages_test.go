package browsertest_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/lemedia/lemedia/internal/browsertest"
)

// phone is a narrow, touch viewport.
func phone(b *browsertest.Browser) { b.SetViewport(390, 844, chromedp.EmulateMobile) }

// fitsWidth fails the test when the page scrolls sideways.
func fitsWidth(t *testing.T, b *browsertest.Browser, what string) {
	t.Helper()
	if w := browsertest.Eval[[]int](b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		t.Errorf("%s: the page is %dpx wide in a %dpx viewport", what, w[0], w[1])
	}
}

// TestRequestOnBehalfPicker has the owner pick alice in the film page's
// picker with the keyboard only, request the film for her, and alice find
// it in her requests.
func TestRequestOnBehalfPicker(t *testing.T) {
	_, b := requestsSetup(t)
	signInAs(t, b, ownerLogin, ownerPassword)
	f := film(t, 7)
	const field, list = "#for-user-name", "#for-user-name-list"

	b.Navigate(moviePath(f))
	if got := b.Text(".behalf-help"); got != "Leave empty to request for yourself." {
		t.Errorf("picker help before a choice: %q", got)
	}
	browsertest.Eval[bool](b, `window.__sameDocument = true`)
	b.Do(chromedp.Focus(chromedp.CSS(field)), chromedp.KeyEvent("ali"))
	option := list + ` li[role="option"]`
	waitFor(t, "the picker's suggestions", 10*time.Second, func() bool { return b.Visible(option) })
	if !browsertest.Eval[bool](b, `window.__sameDocument === true`) {
		t.Fatal("the suggestions came with a page load")
	}
	if got := b.Text(option); got != requesterLogin {
		t.Errorf("first suggestion %q, want %s", got, requesterLogin)
	}
	if v, _ := b.Attr(field, "aria-expanded"); v != "true" {
		t.Errorf("combobox aria-expanded=%q with suggestions shown", v)
	}
	shot(t, b, "lemedia-behalf-picker.png")
	b.Do(chromedp.KeyEvent(kb.ArrowDown))
	if id, _ := b.Attr(field, "aria-activedescendant"); id == "" || b.Text("#"+id) != requesterLogin {
		t.Errorf("ArrowDown did not make alice the active option (aria-activedescendant %q)", id)
	}
	b.KeyNavigate(kb.Enter) // chooses her: the page comes back for alice
	if u := here(t, b); u.Path != moviePath(f) || u.Query().Get("for_user_name") != requesterLogin || u.Query().Get("for_user") == "" {
		t.Fatalf("after choosing: %s", u)
	}
	if got := b.Text(".behalf-help"); !strings.Contains(got, "filed for "+requesterLogin) {
		t.Errorf("picker help after choosing alice: %q", got)
	}
	forUser, ok := b.Attr(`form.request-form input[name="for_user"]`, "value")
	if !ok || forUser == "" {
		t.Fatal("the request form does not carry the chosen user")
	}

	b.ClickNavigate(`form.request-form button[type="submit"]`)
	id := onRequestPage(t, b)
	b.AssertClean()

	signInAs(t, b, requesterLogin, requesterPassword)
	b.Navigate("/requests")
	if !b.Exists(fmt.Sprintf(`tbody a[href="/requests/%d"]`, id)) {
		t.Fatalf("alice's requests do not list request %d: %q", id, b.Text("main"))
	}
	b.Navigate(moviePath(f))
	if b.Exists(field) {
		t.Error("alice, not staff, sees the picker")
	}
	b.AssertClean()
}

// TestSeasonPageRequestEpisodes has a user go from a series page to a
// season's page on a phone, tick two episodes (one with the keyboard),
// request them, and see their status there.
func TestSeasonPageRequestEpisodes(t *testing.T) {
	_, b := requestsSetup(t)
	signInAs(t, b, requesterLogin, requesterPassword)
	phone(b)
	s := series(t, 2)
	if len(s.Seasons) < 2 || len(s.Seasons[1].Episodes) < 3 {
		t.Fatalf("%s has too few seasons or episodes for the test", s.Name)
	}
	season2 := seriesPath(s) + "/season/2"

	b.Navigate(seriesPath(s))
	openSeason(t, b, 2)
	b.ClickNavigate(`a[href="` + season2 + `"]`)
	wantPath(t, b, season2)
	if got := b.Text("main h1"); !strings.Contains(got, "2") {
		t.Errorf("season page heading %q", got)
	}
	if got := b.Text(".breadcrumb a"); got != s.Name {
		t.Errorf("breadcrumb %q, want %q", got, s.Name)
	}
	want := len(s.Seasons[1].Episodes)
	if n := browsertest.Eval[int](b, `document.querySelectorAll("li.episode-card").length`); n != want {
		t.Errorf("%d episodes shown, want %d", n, want)
	}
	if got := b.Text("#episode-1 h3"); !strings.Contains(got, s.Seasons[1].Episodes[0].Name) {
		t.Errorf("first episode titled %q, want %q", got, s.Seasons[1].Episodes[0].Name)
	}
	// The first still is in view: it must have loaded through the proxy.
	b.Do(chromedp.ScrollIntoView(chromedp.CSS("#episode-1 .still img")))
	waitFor(t, "the first episode's still", 10*time.Second, func() bool {
		return browsertest.Eval[bool](b, `(() => { const i = document.querySelector("#episode-1 .still img"); return i.complete && i.naturalWidth > 0; })()`)
	})
	fitsWidth(t, b, "season page on a phone")
	shot(t, b, "lemedia-season-phone.png")

	b.Click(episodeBox(2, 1))
	b.Do(chromedp.Focus(chromedp.CSS(episodeBox(2, 3))), chromedp.KeyEvent(" "))
	if got := browsertest.Eval[int](b, `document.querySelectorAll('input[name="episode"]:checked').length`); got != 2 {
		t.Fatalf("%d episode boxes ticked, want 2", got)
	}
	b.ClickNavigate(`form.episodes-form .season-actions button[type="submit"]:not([name])`)
	onRequestPage(t, b)
	if got := b.Text("main article.card p"); !strings.Contains(got, "Series · 2 episodes") {
		t.Errorf("request summary %q, want two episodes", got)
	}

	b.Navigate(season2)
	for _, e := range []int{1, 3} {
		if c := checkboxes(b, episodeBox(2, e)); len(c) != 1 || !c[0].Disabled {
			t.Errorf("episode 2:%d after its request: %+v, want disabled", e, c)
		}
		if got := b.Text("#episode-" + strconv.Itoa(e) + " .status"); got != "Pending" {
			t.Errorf("episode 2:%d's badge %q, want Pending", e, got)
		}
	}
	if c := checkboxes(b, episodeBox(2, 2)); len(c) != 1 || c[0].Disabled {
		t.Errorf("episode 2:2 (not requested): %+v", c)
	}
	if got := b.Text(".title-status .status"); got != "Partially requested" {
		t.Errorf("season status %q", got)
	}
	if b.Exists(`button[name="season"]`) {
		t.Error("“Request the whole season” is offered with two of its episodes requested")
	}
	fitsWidth(t, b, "season page after the request")
	b.Navigate(seriesPath(s)+"/season/99", browsertest.ExpectStatus(404))
	b.AssertClean()
}

// TestDiscoverLiveSearch has a user type in the discover page's search box:
// results replace the rows without a page load, clearing the box brings the
// rows back, and Enter still goes to the search page.
func TestDiscoverLiveSearch(t *testing.T) {
	_, b := requestsSetup(t)
	signInAs(t, b, requesterLogin, requesterPassword)
	f := film(t, 0)
	part := strings.ToLower(strings.Fields(f.Title)[1])[:6]
	link := `#search-results a.poster-card[href="` + moviePath(f) + `"]`

	b.Navigate("/")
	if b.Visible("#search-results") || !b.Visible("#discover-rows") {
		t.Fatal("before typing: the results box shows or the rows do not")
	}
	browsertest.Eval[bool](b, `window.__sameDocument = true`)
	b.Do(chromedp.Focus(chromedp.CSS("#q")), chromedp.KeyEvent(part))
	waitFor(t, "live results on discover", 10*time.Second, func() bool { return b.Visible(link) })
	if b.Visible("#discover-rows") {
		t.Error("the rows still show under the results")
	}
	if !browsertest.Eval[bool](b, `window.__sameDocument === true`) {
		t.Error("the results came with a page load")
	}
	if u := here(t, b); u.Path != "/" {
		t.Errorf("live search on discover moved the address to %s", u)
	}
	shot(t, b, "lemedia-discover-search.png")

	b.SetValue("#q", "")
	waitFor(t, "the rows to come back", 10*time.Second, func() bool { return b.Visible("#discover-rows") })
	if b.Visible("#search-results") {
		t.Error("the results stay with an empty box")
	}

	b.Do(chromedp.Focus(chromedp.CSS("#q")), chromedp.KeyEvent(part))
	b.KeyNavigate(kb.Enter)
	if u := wantPath(t, b, "/search"); u.Query().Get("q") != part {
		t.Errorf("Enter went to %s", u)
	}
	if !b.Exists(link) {
		t.Errorf("the search page lacks the film: %q", b.Text("main"))
	}
	b.AssertClean()
}
