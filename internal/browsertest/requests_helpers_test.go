package browsertest_test

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/browsertest"
	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// The requester that requestsSetup creates.
const (
	requesterLogin    = "alice"
	requesterPassword = "alice-requests-test-5Hn8"
)

// requestsSetup starts a server with the owner (set up through the first-run
// form in chromium) and a plain user, alice (created by the owner with Go's
// client), and returns them with the browser, signed out.
func requestsSetup(t *testing.T) (*apptest.Server, *browsertest.Browser) {
	t.Helper()
	srv := apptest.Start(t, apptest.Options{})
	b := browsertest.New(t, srv.URL, browsertest.Timeout(4*time.Minute))
	b.SetViewport(1280, 800)
	ensureSetUp(t, b)

	owner := mustClientSignIn(t, srv, ownerLogin, ownerPassword)
	p := owner.Submit("/admin/users/new", "/admin/users/new", url.Values{
		"username": {requesterLogin}, "email": {"alice@example.org"},
		"password": {requesterPassword}, "role": {"user"},
	})
	if p.Status != 303 || !strings.Contains(p.Location, "done=created") {
		t.Fatalf("the owner could not create %s: status %d, Location %q, message %q",
			requesterLogin, p.Status, p.Location, flashError(p.Body))
	}
	return srv, b
}

// signInAs signs whoever is in the browser out and signs login in.
func signInAs(t *testing.T, b *browsertest.Browser, login, password string) {
	t.Helper()
	if b.Exists(`#nav form[action="/logout"]`) {
		signOut(t, b)
	}
	signIn(t, b, login, password)
	wantPath(t, b, "/")
}

// film is a film of the built-in catalogue, by index.
func film(t *testing.T, i int) *catalog.Film {
	t.Helper()
	fs := catalog.Default().Films()
	if len(fs) <= i {
		t.Fatalf("the built-in catalogue has %d films", len(fs))
	}
	return fs[i]
}

// series is a series of the built-in catalogue, by index.
func series(t *testing.T, i int) *catalog.Series {
	t.Helper()
	ss := catalog.Default().AllSeries()
	if len(ss) <= i {
		t.Fatalf("the built-in catalogue has %d series", len(ss))
	}
	return ss[i]
}

func moviePath(f *catalog.Film) string    { return "/movie/" + strconv.FormatInt(f.ID, 10) }
func seriesPath(s *catalog.Series) string { return "/tv/" + strconv.FormatInt(s.ID, 10) }

var requestPathRe = regexp.MustCompile(`^/requests/(\d+)$`)

// onRequestPage checks that the browser shows a request's page and returns
// its id.
func onRequestPage(t *testing.T, b *browsertest.Browser) int64 {
	t.Helper()
	u := here(t, b)
	m := requestPathRe.FindStringSubmatch(u.Path)
	if m == nil {
		t.Fatalf("on %s, want a request's page; the page says: %q", u, b.Text("main"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// requestFilm opens a film's page and presses Request; it returns the id of
// the request the browser lands on.
func requestFilm(t *testing.T, b *browsertest.Browser, f *catalog.Film) int64 {
	t.Helper()
	b.Navigate(moviePath(f))
	b.ClickNavigate(`form.request-form button[type="submit"]`)
	return onRequestPage(t, b)
}

// requestStatus is the status badge of a request's page.
func requestStatus(b *browsertest.Browser) string {
	return b.Text("main article.card .status")
}

// makeAvailable moves a request on to available through the store, as the
// library sync (not written yet) would.
func makeAvailable(t *testing.T, srv *apptest.Server, id int64) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	steps := [][2]domain.RequestStatus{
		{domain.StatusPending, domain.StatusApproved},
		{domain.StatusApproved, domain.StatusProcessing},
		{domain.StatusProcessing, domain.StatusAvailable},
	}
	err := srv.App.Store.WithTx(ctx, func(tx *store.Tx) error {
		for _, s := range steps {
			if err := store.MoveRequest(ctx, tx, id, s[0], s[1], 0, "", now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("make request %d available: %v", id, err)
	}
}

// openSeason opens a season's <details> on a series page (by clicking its
// summary) unless it is open already.
func openSeason(t *testing.T, b *browsertest.Browser, n int) {
	t.Helper()
	sel := seasonDetails(n)
	if !b.Exists(sel) {
		t.Fatalf("no season %d on %s", n, b.Location())
	}
	if !browsertest.Eval[bool](b, `document.querySelector(`+jsQuote(sel)+`).open`) {
		b.Click(sel + " > summary")
	}
	b.WaitVisible(seasonBox(n))
}

// seasonDetails selects the <details> holding season n's checkbox.
func seasonDetails(n int) string {
	return `details.season:has(input[name="season"][value="` + strconv.Itoa(n) + `"])`
}

func seasonBox(n int) string { return `input[name="season"][value="` + strconv.Itoa(n) + `"]` }

func episodeBox(s, e int) string {
	return `input[name="episode"][value="` + strconv.Itoa(s) + ":" + strconv.Itoa(e) + `"]`
}

// checkboxStates reads the checked and disabled states of the checkboxes
// matching sel.
type checkboxState struct {
	Value    string `json:"value"`
	Checked  bool   `json:"checked"`
	Disabled bool   `json:"disabled"`
}

func checkboxes(b *browsertest.Browser, sel string) []checkboxState {
	return browsertest.Eval[[]checkboxState](b, `Array.from(document.querySelectorAll(`+jsQuote(sel)+`)).map((el) => ({
  value: el.value, checked: el.checked, disabled: el.disabled
}))`)
}

// jsQuote quotes s for JavaScript.
func jsQuote(s string) string { return strconv.Quote(s) }
