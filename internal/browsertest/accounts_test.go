package browsertest_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/browsertest"
)

// TestAccountSetup walks the first-run setup: every page leads to it, a bad
// form comes back with each error next to its field and creates nothing, a
// good one leads to the sign-in page, and then setup is gone.
func TestAccountSetup(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	b := browsertest.New(t, srv.URL)
	b.SetViewport(1280, 800)

	for _, path := range []string{"/", "/login", "/profile/security", "/admin/users", "/forgot"} {
		b.Navigate(path)
		if u := here(t, b); u.Path != "/setup" {
			t.Errorf("a fresh server sent %s to %s, want /setup", path, u)
		}
	}
	wantPath(t, b, "/setup")
	if got := b.Text("main h1"); got != "Welcome to LeMedia" {
		t.Errorf("setup heading %q", got)
	}

	// A bad email and a short password: both errors at once, each next to
	// its field, and what was typed (but no password) comes back.
	b.SetValue("#username", "owner")
	b.SetValue("#email", "not-an-email")
	b.SetValue("#password", "short")
	b.SetValue("#password_confirm", "short")
	b.ClickNavigate(`form[action="/setup"] button[type="submit"]`, browsertest.ExpectStatus(422))
	wantPath(t, b, "/setup")
	for field, want := range map[string]string{
		"email":    "Must be an email address",
		"password": "at least 8 characters",
	} {
		errSel := "#" + field + "-error"
		if !b.Visible(errSel) {
			t.Errorf("no visible error for %s", field)
			continue
		}
		if got := b.Text(errSel); !strings.Contains(got, want) {
			t.Errorf("%s error %q, want it to say %q", field, got, want)
		}
		// Next to its field: in the same .field box, tied to the input.
		sameBox := browsertest.Eval[bool](b, fmt.Sprintf(
			`document.querySelector("#%s-error").closest(".field") === document.querySelector("#%s").closest(".field")`, field, field))
		if !sameBox {
			t.Errorf("the %s error is not in the %s field's box", field, field)
		}
		if v, _ := b.Attr("#"+field, "aria-invalid"); v != "true" {
			t.Errorf("#%s aria-invalid %q, want true", field, v)
		}
		if v, _ := b.Attr("#"+field, "aria-describedby"); v != field+"-error" {
			t.Errorf("#%s aria-describedby %q, want %s-error", field, v, field)
		}
		if !b.HasClass("#"+field+"-error", "field-error") || !browsertest.Eval[bool](b,
			fmt.Sprintf(`document.querySelector("#%s").closest(".field").classList.contains("has-error")`, field)) {
			t.Errorf("the %s field is not styled as an error", field)
		}
	}
	for _, ok := range []string{"username", "password_confirm"} {
		if b.Exists("#" + ok + "-error") {
			t.Errorf("%s has an error: %q", ok, b.Text("#"+ok+"-error"))
		}
	}
	if got := browsertest.Eval[string](b, `document.querySelector("#username").value + "|" + document.querySelector("#email").value`); got != "owner|not-an-email" {
		t.Errorf("username|email came back as %q", got)
	}
	if got := browsertest.Eval[string](b, `document.querySelector("#password").value + document.querySelector("#password_confirm").value`); got != "" {
		t.Error("the password came back in the page")
	}
	shot(t, b, "lemedia-setup-errors.png")
	b.AssertClean()

	// Nothing was created: the site still asks for setup.
	b.Navigate("/login")
	wantPath(t, b, "/setup")

	b.SetValue("#username", ownerLogin)
	b.SetValue("#email", "owner@example.org")
	b.SetValue("#password", ownerPassword)
	b.SetValue("#password_confirm", ownerPassword)
	b.ClickNavigate(`form[action="/setup"] button[type="submit"]`)
	u := wantPath(t, b, "/login")
	if u.Query().Get("setup") != "done" {
		t.Errorf("after setup: %s, want ?setup=done", u)
	}
	if !b.Visible(".flash-ok") {
		t.Fatal("no visible notice after setup")
	}
	if got := b.Text(".flash-ok"); !strings.Contains(got, "Your account is ready") {
		t.Errorf("notice %q, want “Your account is ready…”", got)
	}
	if b.Exists(".flash-error") {
		t.Errorf("error on the sign-in page after setup: %q", b.Text(".flash-error"))
	}
	shot(t, b, "lemedia-login-after-setup.png")

	// Setup is over for good; the other pages show again.
	b.Navigate("/setup", browsertest.ExpectStatus(404))
	if got := b.Text(".error-code"); got != "404" {
		t.Errorf("/setup after setup shows error code %q", got)
	}
	b.Navigate("/")
	wantPath(t, b, "/")
	b.Navigate("/login")
	wantPath(t, b, "/login")
	b.AssertClean()
}

// totpCode is the code of the authenticator for the time given.
func totpCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCodeCustom(secret, at, totp.ValidateOpts{
		Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		t.Fatalf("TOTP code from the key on the page: %v", err)
	}
	return code
}

// wrongCode is a 6-digit code that no step the server accepts has now.
func wrongCode(t *testing.T, secret string) string {
	t.Helper()
	now := time.Now()
	var valid []string
	for d := -2; d <= 2; d++ {
		valid = append(valid, totpCode(t, secret, now.Add(time.Duration(d)*30*time.Second)))
	}
	for n := 123456; ; n++ {
		if c := fmt.Sprintf("%06d", n); !slices.Contains(valid, c) {
			return c
		}
	}
}

var recoveryCodeRe = regexp.MustCompile(`^[a-z2-9]{5}-[a-z2-9]{5}$`)

// TestAccountMFA turns on two-step verification from the security page, then
// signs in with a code, refuses a wrong one, and takes a recovery code once.
func TestAccountMFA(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	b := browsertest.New(t, srv.URL)
	b.SetViewport(1280, 800)
	ensureSetUp(t, b)

	b.Navigate("/login")
	shot(t, b, "lemedia-login.png")
	signIn(t, b, ownerLogin, ownerPassword)
	wantPath(t, b, "/")

	b.Navigate("/profile/security")
	if got := b.Text("main"); !strings.Contains(got, "Off.") {
		t.Errorf("two-step verification is not shown as off: %q", got)
	}
	b.ClickNavigate(`main a.button[href="/mfa/setup"]`)
	wantPath(t, b, "/mfa/setup")
	if !b.Visible("img.qr") {
		t.Error("the QR code is not visible")
	}
	if w := browsertest.Eval[int](b, `document.querySelector("img.qr").naturalWidth`); w == 0 {
		t.Error("the QR code image did not load")
	}
	if b.Visible("code.secret") {
		t.Error("the manual key shows before “Can't scan it?” is opened")
	}
	b.Click("details summary")
	if !b.Visible("code.secret") {
		t.Fatal("the manual key is not visible after opening “Can't scan it?”")
	}
	secret := strings.TrimSpace(b.Text("code.secret"))
	if len(secret) < 26 {
		t.Fatalf("manual key %q is too short", secret)
	}
	shot(t, b, "lemedia-mfa-setup.png")

	enrolledAt := time.Now()
	b.SetValue("#code", totpCode(t, secret, enrolledAt))
	b.ClickNavigate(`form[action="/mfa/setup"] button[type="submit"]`)
	if got := b.Text("main h1"); got != "Your recovery codes" {
		t.Fatalf("after enrolment: heading %q on %s: %q", got, b.Location(), b.Text("main"))
	}
	codes := browsertest.Eval[[]string](b, `Array.from(document.querySelectorAll("ul.codes li code"), (c) => c.innerText.trim())`)
	if len(codes) != 10 {
		t.Fatalf("%d recovery codes, want 10: %q", len(codes), codes)
	}
	for _, c := range codes {
		if !recoveryCodeRe.MatchString(c) {
			t.Errorf("recovery code %q does not look like one", c)
		}
	}
	if distinct := slices.Compact(slices.Sorted(slices.Values(codes))); len(distinct) != 10 {
		t.Errorf("recovery codes repeat: %q", codes)
	}
	shot(t, b, "lemedia-recovery-codes.png")
	b.ClickNavigate(`main a.button[href="/profile/security"]`)
	wantPath(t, b, "/profile/security")
	if got := b.Text("main"); !strings.Contains(got, "On. You sign in with your password and a code") {
		t.Errorf("two-step verification is not shown as on: %q", got)
	}
	signOut(t, b)

	// Second sign-in: the password leads to the code.
	signIn(t, b, ownerLogin, ownerPassword)
	wantPath(t, b, "/login/mfa")
	if got := b.Text("main h1"); got != "Two-step verification" {
		t.Errorf("challenge heading %q", got)
	}
	if b.Exists(`#nav a[href="/profile/security"]`) {
		t.Error("the navigation shows the account before the code is given")
	}
	b.Navigate("/profile/security")
	wantPath(t, b, "/login/mfa") // a half-signed-in session opens nothing else

	b.SetValue("#code", wrongCode(t, secret))
	b.ClickNavigate(`form[action="/login/mfa"] button[type="submit"]`, browsertest.ExpectStatus(401))
	wantPath(t, b, "/login/mfa")
	if !b.Visible("#code-error") {
		t.Fatalf("no visible error for a wrong code: %q", b.Text("main"))
	}
	if got := b.Text("#code-error"); !strings.Contains(got, "not valid") {
		t.Errorf("wrong code error %q", got)
	}
	if v, _ := b.Attr("#code", "aria-invalid"); v != "true" {
		t.Errorf("#code aria-invalid %q after a wrong code", v)
	}
	shot(t, b, "lemedia-mfa-challenge-error.png")

	// The step used for enrolment is spent: take the next one.
	b.SetValue("#code", totpCode(t, secret, time.Now().Add(30*time.Second)))
	b.ClickNavigate(`form[action="/login/mfa"] button[type="submit"]`)
	wantPath(t, b, "/")
	if got := b.Text(`#nav a[href="/profile/security"]`); got != ownerLogin {
		t.Errorf("after the code the navigation shows %q, want %q", got, ownerLogin)
	}
	signOut(t, b)

	// Third sign-in with a recovery code, which then works no more.
	signIn(t, b, ownerLogin, ownerPassword)
	wantPath(t, b, "/login/mfa")
	b.SetValue("#code", codes[3])
	b.ClickNavigate(`form[action="/login/mfa"] button[type="submit"]`)
	wantPath(t, b, "/")
	if !b.Exists(`#nav .notices-link .badge`) {
		t.Error("no unread notice after a recovery code was used")
	}
	b.ClickNavigate(`#nav a.notices-link`)
	if got := b.Text("main"); !strings.Contains(got, "9 recovery codes left") {
		t.Errorf("the notices do not say how many recovery codes are left: %q", got)
	}
	signOut(t, b)

	signIn(t, b, ownerLogin, ownerPassword)
	wantPath(t, b, "/login/mfa")
	b.SetValue("#code", codes[3])
	b.ClickNavigate(`form[action="/login/mfa"] button[type="submit"]`, browsertest.ExpectStatus(401))
	wantPath(t, b, "/login/mfa")
	if !b.Visible("#code-error") {
		t.Error("a used recovery code was not refused with an error")
	}
	b.ClickNavigate(`main form[action="/logout"] button[type="submit"]`)
	wantPath(t, b, "/login")
	b.AssertClean()
}

// TestAccountSessionRevoke signs in twice (chromium, and Go's client as
// another device), ends the second session from the security page and
// checks that its cookie no longer works.
func TestAccountSessionRevoke(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	b := browsertest.New(t, srv.URL)
	b.SetViewport(1280, 800)
	ensureSetUp(t, b)
	signIn(t, b, ownerLogin, ownerPassword)
	wantPath(t, b, "/")

	other := mustClientSignIn(t, srv, ownerLogin, ownerPassword)
	wantSignedIn(t, other, "the second device before the revoke")

	b.Navigate("/profile/security")
	rows := sessionRows(b)
	if len(rows) != 2 {
		t.Fatalf("%d sessions listed, want 2: %+v", len(rows), rows)
	}
	var mine, theirs sessionRow
	for _, r := range rows {
		switch {
		case strings.Contains(r.Text, "Firefox on macOS"):
			theirs = r
		case strings.Contains(r.Text, "Chrome on Linux"):
			mine = r
		}
	}
	if theirs.Text == "" || mine.Text == "" {
		t.Fatalf("cannot tell the two sessions apart: %+v", rows)
	}
	if !strings.Contains(mine.Text, "this device") || mine.Action != "" {
		t.Errorf("the current session is not marked as this device without a Sign out: %+v", mine)
	}
	if strings.Contains(theirs.Text, "this device") || !regexp.MustCompile(`^/profile/sessions/\d+/revoke$`).MatchString(theirs.Action) {
		t.Fatalf("the other session has no Sign out form: %+v", theirs)
	}
	if !b.Visible(`form[action="/profile/sessions/revoke-others"] button`) {
		t.Error("no “Sign out everywhere else” with two sessions")
	}
	shot(t, b, "lemedia-profile-security.png")

	b.ClickNavigate(`form[action="` + theirs.Action + `"] button[type="submit"]`)
	u := wantPath(t, b, "/profile/security")
	if u.Query().Get("done") != "revoked" {
		t.Errorf("after the revoke: %s", u)
	}
	if got := b.Text(".flash-ok"); got != "The session was ended." {
		t.Errorf("notice %q", got)
	}
	if rows := sessionRows(b); len(rows) != 1 || !strings.Contains(rows[0].Text, "this device") {
		t.Errorf("after the revoke the table lists %+v, want only this device", rows)
	}
	if b.Exists(`form[action="/profile/sessions/revoke-others"]`) {
		t.Error("“Sign out everywhere else” still shows with one session")
	}

	wantSignedOut(t, other, "the revoked session")
	b.Navigate("/profile/security")
	wantPath(t, b, "/profile/security") // this one lives on
	b.AssertClean()
}

// TestAccountSuspend has the owner create alice, suspend her while she is
// signed in elsewhere, and lift the suspension.
func TestAccountSuspend(t *testing.T) {
	const alicePassword = "alice-browser-test-9Kp4"
	srv := apptest.Start(t, apptest.Options{})
	b := browsertest.New(t, srv.URL)
	b.SetViewport(1280, 800)
	ensureSetUp(t, b)
	signIn(t, b, ownerLogin, ownerPassword)
	wantPath(t, b, "/")

	b.ClickNavigate(`#nav a[href="/admin/users"]`)
	wantPath(t, b, "/admin/users")
	b.ClickNavigate(`main a.button[href="/admin/users/new"]`)
	wantPath(t, b, "/admin/users/new")
	b.SetValue("#username", "alice")
	b.SetValue("#email", "alice@example.org")
	b.SetValue("#password", alicePassword)
	b.SetValue("#role", "user")
	b.ClickNavigate(`form[action="/admin/users/new"] button[type="submit"]`)
	u := here(t, b)
	if !regexp.MustCompile(`^/admin/users/\d+$`).MatchString(u.Path) || u.Query().Get("done") != "created" {
		t.Fatalf("after creating alice: %s: %q", u, b.Text("main"))
	}
	alicePage := u.Path
	if got := b.Text("main h1"); got != "alice" {
		t.Errorf("user page heading %q", got)
	}
	if got := b.Text(".flash-ok"); got != "The account was created." {
		t.Errorf("notice %q", got)
	}

	alice := mustClientSignIn(t, srv, "alice", alicePassword)
	wantSignedIn(t, alice, "alice before the suspension")

	b.Navigate(alicePage)
	if rows := sessionRows(b); len(rows) != 1 || !strings.Contains(rows[0].Text, "Firefox on macOS") {
		t.Errorf("alice's page lists sessions %+v, want her one", rows)
	}
	b.ClickNavigate(`form[action="` + alicePage + `/suspend"] button[type="submit"]`)
	u = wantPath(t, b, alicePage)
	if u.Query().Get("done") != "suspended" {
		t.Errorf("after suspending: %s", u)
	}
	if got := b.Text(".flash-ok"); !strings.Contains(got, "suspended") {
		t.Errorf("notice %q", got)
	}
	if got := b.Text("dl.details"); !strings.Contains(got, "Suspended since") {
		t.Errorf("status does not say suspended: %q", got)
	}
	if !b.Visible(`form[action="` + alicePage + `/restore"] button`) {
		t.Error("no visible “Lift suspension” button")
	}
	if rows := sessionRows(b); len(rows) != 1 || !strings.Contains(rows[0].Text, "Not signed in anywhere") {
		t.Errorf("alice still has sessions: %+v", rows)
	}
	shot(t, b, "lemedia-admin-user.png")

	wantSignedOut(t, alice, "alice after the suspension")
	_, suspended := clientSignIn(t, srv, "alice", alicePassword)
	_, wrong := clientSignIn(t, srv, "alice", "not-alices-password")
	if suspended.Status != 401 || wrong.Status != 401 {
		t.Errorf("sign-in of a suspended account answered %d, with a wrong password %d; want 401 both", suspended.Status, wrong.Status)
	}
	if msg := flashError(suspended.Body); msg == "" || msg != flashError(wrong.Body) {
		t.Errorf("a suspended account gets %q, a wrong password %q: want the same generic message", msg, flashError(wrong.Body))
	}

	// The list shows the suspension, and leads back to her page.
	b.ClickNavigate(`main .crumbs a[href="/admin/users"]`)
	row := browsertest.Eval[string](b, `(() => {
  const a = document.querySelector('tbody a[href="`+alicePage+`"]');
  return a ? a.closest("tr").innerText : "";
})()`)
	if !strings.Contains(row, "Suspended") {
		t.Errorf("alice's row in the list does not say suspended: %q", row)
	}
	b.ClickNavigate(`tbody a[href="` + alicePage + `"]`)
	wantPath(t, b, alicePage)

	b.ClickNavigate(`form[action="` + alicePage + `/restore"] button[type="submit"]`)
	u = wantPath(t, b, alicePage)
	if u.Query().Get("done") != "restored" {
		t.Errorf("after lifting: %s", u)
	}
	if got := b.Text(".flash-ok"); got != "The suspension was lifted." {
		t.Errorf("notice %q", got)
	}
	if got := b.Text("dl.details"); strings.Contains(got, "Suspended") {
		t.Errorf("status still says suspended: %q", got)
	}
	alice = mustClientSignIn(t, srv, "alice", alicePassword)
	wantSignedIn(t, alice, "alice after the suspension was lifted")
	b.AssertClean()
}

// TestAccountTimeoutWarning lets the page's clock run ahead (DevTools
// virtual time) to the moment app.js warns before the idle timeout, presses
// “Stay signed in” and checks that the server kept the session alive.
func TestAccountTimeoutWarning(t *testing.T) {
	const idle = 5 * time.Minute // the shortest SESSION_IDLE_TIMEOUT allowed
	const warnAt = idle - idle/4 // app.js: idle − min(2 min, idle/4)
	clk := &clock{}
	srv := apptest.Start(t, apptest.Options{Now: clk.Now, Env: map[string]string{"SESSION_IDLE_TIMEOUT": "5m"}})
	b := browsertest.New(t, srv.URL)
	b.SetViewport(1280, 800)
	ensureSetUp(t, b)

	// A second session, left idle, shows what the clock does without the
	// warning.
	idleSession := mustClientSignIn(t, srv, ownerLogin, ownerPassword)
	signIn(t, b, ownerLogin, ownerPassword)
	wantPath(t, b, "/")
	if v, _ := b.Attr("body", "data-idle-seconds"); v != "300" {
		t.Fatalf("body data-idle-seconds %q, want 300", v)
	}
	hidden := func() bool {
		return browsertest.Eval[bool](b, `document.getElementById("timeout-warning").hidden`)
	}
	if !hidden() || b.Visible("#timeout-warning") {
		t.Fatal("the timeout warning shows at once")
	}

	// Four minutes pass on the server: one minute of the session is left.
	clk.Advance(4 * time.Minute)

	// In the page, well before the warning: still hidden.
	start := pageNow(b)
	virtualTime(t, b, warnAt-25*time.Second)
	waitFor(t, "virtual time to reach the budget", 10*time.Second, func() bool {
		return pageNow(b)-start >= float64((warnAt - 25*time.Second).Milliseconds())
	})
	if !hidden() {
		t.Fatalf("the warning showed after %.0fs, before %v", (pageNow(b)-start)/1000, warnAt)
	}
	// Past the warning time: it shows, with the button focused.
	virtualTime(t, b, 30*time.Second)
	waitFor(t, "the timeout warning", 10*time.Second, func() bool { return !hidden() })
	if !b.Visible("#timeout-warning") || !b.Visible("#stay-signed-in") {
		t.Fatal("the timeout warning is not visible")
	}
	if got := browsertest.Eval[string](b, `document.activeElement ? document.activeElement.id : ""`); got != "stay-signed-in" {
		t.Errorf("focus is on %q, want the Stay signed in button", got)
	}
	if got := b.Text("#timeout-warning"); !strings.Contains(got, "Still there?") || !strings.Contains(got, "Stay signed in") {
		t.Errorf("warning text %q", got)
	}

	b.Click("#stay-signed-in")
	waitFor(t, "the warning to hide after “Stay signed in”", 10*time.Second, hidden)
	if u := here(t, b); u.Path != "/" {
		t.Fatalf("“Stay signed in” left the page for %s", u)
	}
	status := browsertest.Eval[[]int](b, `performance.getEntriesByType("resource")
  .filter((e) => new URL(e.name).pathname === "/session/extend")
  .map((e) => e.responseStatus)`)
	if !slices.Equal(status, []int{204}) {
		t.Errorf("POST /session/extend answered %v, want one 204", status)
	}

	// Let the page's time run on: the timer is armed again.
	virtualTime(t, b, 0)
	waitFor(t, "the warning to come back", 10*time.Second, func() bool { return !hidden() })
	shot(t, b, "lemedia-timeout-warning.png")

	// Four more minutes on the server: eight since sign-in, four since
	// “Stay signed in”. The idle session is over, this one is not.
	clk.Advance(4 * time.Minute)
	wantSignedOut(t, idleSession, "the session left idle for 8 minutes")
	b.Navigate("/profile/security")
	wantPath(t, b, "/profile/security")
	b.AssertClean()
}
