package browsertest_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/browsertest"
)

// The owner that ensureSetUp creates.
const (
	ownerLogin    = "owner"
	ownerPassword = "browser-test-owner-7Qx2"
)

// sessionCookie is the name of LeMedia's session cookie.
const sessionCookie = "__Host-lemedia_session"

// firefoxUA is the User-Agent of the second device, made with Go's client,
// so its row in the sessions tables is easy to tell from chromium's.
const firefoxUA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0"

// here returns the URL of the page the browser shows.
func here(t *testing.T, b *browsertest.Browser) *url.URL {
	t.Helper()
	u, err := url.Parse(b.Location())
	if err != nil {
		t.Fatalf("location %q: %v", b.Location(), err)
	}
	return u
}

// wantPath fails the test unless the browser shows path.
func wantPath(t *testing.T, b *browsertest.Browser, path string) *url.URL {
	t.Helper()
	u := here(t, b)
	if u.Path != path {
		t.Fatalf("on %s, want %s; the page says: %q", u, path, b.Text("main"))
	}
	return u
}

// signIn submits the sign-in form in the browser; opts say what status the
// page after it must have.
func signIn(t *testing.T, b *browsertest.Browser, login, password string, opts ...browsertest.NavOption) {
	t.Helper()
	b.Navigate("/login")
	b.SetValue("#login", login)
	b.SetValue("#password", password)
	b.ClickNavigate(`form[action="/login"] button[type="submit"]`, opts...)
}

// signOut presses the Sign out button of the navigation.
func signOut(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	b.ClickNavigate(`#nav form[action="/logout"] button[type="submit"]`)
	wantPath(t, b, "/login")
	if b.Exists(`#nav form[action="/logout"]`) {
		t.Fatal("the navigation still has a Sign out button after signing out")
	}
}

// clientSignIn signs in with Go's HTTP client, as a second device; it
// returns the page the form answered with and the client.
func clientSignIn(t *testing.T, srv *apptest.Server, login, password string) (*apptest.Browser, apptest.Page) {
	t.Helper()
	c := srv.NewBrowser(t)
	c.Header.Set("User-Agent", firefoxUA)
	p := c.Submit("/login", "/login", url.Values{"login": {login}, "password": {password}})
	return c, p
}

// mustClientSignIn is clientSignIn for an account that must get in.
func mustClientSignIn(t *testing.T, srv *apptest.Server, login, password string) *apptest.Browser {
	t.Helper()
	c, p := clientSignIn(t, srv, login, password)
	if p.Status != 303 || p.Location != "/" || c.Cookies[sessionCookie] == "" {
		t.Fatalf("%s could not sign in with the HTTP client: status %d, Location %q, message %q",
			login, p.Status, p.Location, flashError(p.Body))
	}
	return c
}

// wantSignedOut checks that the client's session no longer opens a page
// that needs one.
func wantSignedOut(t *testing.T, c *apptest.Browser, why string) {
	t.Helper()
	p := c.Get("/profile/security")
	if p.Status != 303 || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("%s: GET /profile/security answered %d (Location %q), want a redirect to /login", why, p.Status, p.Location)
	}
	if _, kept := c.Cookies[sessionCookie]; kept {
		t.Errorf("%s: the server did not clear the dead session cookie", why)
	}
}

// wantSignedIn checks that the client's session opens a page that needs one.
func wantSignedIn(t *testing.T, c *apptest.Browser, why string) {
	t.Helper()
	if p := c.Get("/profile/security"); p.Status != 200 {
		t.Errorf("%s: GET /profile/security answered %d (Location %q), want 200", why, p.Status, p.Location)
	}
}

var flashErrorRe = regexp.MustCompile(`<p class="flash flash-error" role="alert">([^<]*)</p>`)

// flashError returns the page-level error message of an HTML page.
func flashError(html string) string {
	if m := flashErrorRe.FindStringSubmatch(html); m != nil {
		return m[1]
	}
	return ""
}

// sessionRow is one row of a sessions table.
type sessionRow struct {
	Text   string `json:"text"`
	Action string `json:"action"` // the revoke form's action, "" when the row has none
}

// sessionRows reads the rows of the first sessions table of the page.
func sessionRows(b *browsertest.Browser) []sessionRow {
	return browsertest.Eval[[]sessionRow](b, `Array.from(document.querySelectorAll("table.table tbody tr")).map((tr) => ({
  text: tr.innerText.replace(/\s+/g, " ").trim(),
  action: tr.querySelector("form") ? tr.querySelector("form").getAttribute("action") : ""
}))`)
}

// virtualTime lets the page's clock and timers run ahead of real time:
// budget of virtual time runs as fast as the page can, then the page's time
// stops until the next call. A zero budget lets virtual time run on for
// good (timers then fire as soon as the page is idle).
func virtualTime(t *testing.T, b *browsertest.Browser, budget time.Duration) {
	t.Helper()
	p := emulation.SetVirtualTimePolicyParams{Policy: emulation.VirtualTimePolicyAdvance}
	if budget > 0 {
		ms := float64(budget.Milliseconds())
		p.Budget = &ms
	}
	b.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetVirtualTimePolicy, p)
		return err
	}))
}

// pageNow is the page's performance.now() in milliseconds.
func pageNow(b *browsertest.Browser) float64 {
	return browsertest.Eval[float64](b, "performance.now()")
}

// waitFor polls cond from Go (not with the page's timers, which virtual
// time may have stopped) until it holds or the time is up.
func waitFor(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// clock is a server clock that a test moves forward.
type clock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += d
}
