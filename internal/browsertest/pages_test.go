package browsertest_test

import (
	"bytes"
	"image"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/lemedia/lemedia/internal/apptest"
	"github.com/lemedia/lemedia/internal/browsertest"
)

// checkScheme checks that the stylesheet applied for the colour scheme: a
// dark or light opaque background with readable text.
func checkScheme(t *testing.T, b *browsertest.Browser, scheme string) {
	t.Helper()
	bg := b.Style("body", "background-color")
	fg := b.Style("body", "color")
	lbg, alpha, err := browsertest.Luminance(bg)
	if err != nil {
		t.Fatal(err)
	}
	lfg, _, err := browsertest.Luminance(fg)
	if err != nil {
		t.Fatal(err)
	}
	if alpha != 1 {
		t.Errorf("%s: body background %s is not opaque: the stylesheet did not apply", scheme, bg)
	}
	switch scheme {
	case "dark":
		if lbg > 0.05 {
			t.Errorf("dark: body background %s is not dark (luminance %.2f)", bg, lbg)
		}
	case "light":
		if lbg < 0.8 {
			t.Errorf("light: body background %s is not light (luminance %.2f)", bg, lbg)
		}
	}
	if c := browsertest.Contrast(lbg, lfg); c < 7 {
		t.Errorf("%s: body text %s on %s has contrast %.1f, want at least 7", scheme, fg, bg, c)
	}
	if card := b.Style(".main", "max-width"); card == "none" {
		t.Errorf("%s: .main has no max-width: the stylesheet did not apply", scheme)
	}
}

// ensureSetUp completes the first-run setup through its form when the fresh
// server sends visitors there, so that the public pages show.
func ensureSetUp(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	b.Navigate("/")
	if u, err := url.Parse(b.Location()); err != nil || u.Path != "/setup" {
		return
	}
	shot(t, b, "lemedia-setup.png")
	b.SetValue("#username", "owner")
	b.SetValue("#email", "owner@example.org")
	b.SetValue("#password", "browser-test-owner-7Qx2")
	b.SetValue("#password_confirm", "browser-test-owner-7Qx2")
	b.ClickNavigate(`form[action="/setup"] [type="submit"]`)
	if u, _ := url.Parse(b.Location()); u == nil || u.Path == "/setup" {
		t.Fatalf("setup did not complete: still on %s: %q", b.Location(), b.Text("main"))
	}
	shot(t, b, "lemedia-after-setup.png")
}

// shot saves a screenshot for a person to look at when LEMEDIA_SCREENSHOTS
// names a directory.
func shot(t *testing.T, b *browsertest.Browser, name string) {
	t.Helper()
	if dir := os.Getenv("LEMEDIA_SCREENSHOTS"); dir != "" {
		b.Screenshot(filepath.Join(dir, name))
	}
}

func TestHomePage(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	b := browsertest.New(t, srv.URL)
	b.SetViewport(1280, 800)
	ensureSetUp(t, b)

	for _, scheme := range []string{"dark", "light"} {
		t.Run(scheme, func(t *testing.T) {
			b.SetColorScheme(scheme)
			resp := b.Navigate("/")
			if csp, _ := resp.Headers["Content-Security-Policy"].(string); !strings.Contains(csp, "'nonce-") {
				t.Errorf("Content-Security-Policy %q has no nonce", csp)
			}
			if title := b.Title(); !strings.Contains(title, "LeMedia") {
				t.Errorf("title %q does not name LeMedia", title)
			}
			if !b.Visible("main h1") {
				t.Error("the main heading is not visible")
			}
			if got := b.Text("main h1"); got != "Films and series, on request." {
				t.Errorf("main heading %q", got)
			}
			checkScheme(t, b, scheme)
			// Wide: the menu button stays hidden and the navigation shows.
			if b.Visible(".nav-toggle") {
				t.Error("the menu button is visible on a wide screen")
			}
			if !b.Visible("#nav") || !b.Visible(`#nav a[aria-current="page"]`) {
				t.Error("the navigation is not visible on a wide screen")
			}
			if !b.HasClass("#nav", "collapsible") {
				t.Error("app.js did not run: #nav is not collapsible")
			}
			b.AssertClean()
		})
	}

	t.Run("narrow menu", func(t *testing.T) {
		b.SetColorScheme("dark")
		b.SetViewport(400, 800, chromedp.EmulateMobile)
		b.Navigate("/")
		if !b.Visible(".nav-toggle") {
			t.Fatal("the menu button is not visible at 400px: app.js did not run or the CSS did not apply")
		}
		if b.Visible("#nav") {
			t.Error("the navigation is open before the menu button is pressed")
		}
		expanded := func() string {
			v, _ := b.Attr(".nav-toggle", "aria-expanded")
			return v
		}
		if got := expanded(); got != "false" {
			t.Errorf("aria-expanded %q before the click", got)
		}
		b.Click(".nav-toggle")
		if got := expanded(); got != "true" {
			t.Errorf("aria-expanded %q after the click", got)
		}
		if !b.HasClass("#nav", "open") || !b.Visible(`#nav a[aria-current="page"]`) {
			t.Error("the navigation did not open")
		}
		b.Click(".nav-toggle")
		if got := expanded(); got != "false" {
			t.Errorf("aria-expanded %q after the second click", got)
		}
		if b.HasClass("#nav", "open") || b.Visible("#nav") {
			t.Error("the navigation did not close")
		}
		b.AssertClean()
	})

	// The browser sends violations to the policy's report-uri too.
	b.AssertClean()
	if lines := srv.Logs.Lines("csp violation"); len(lines) != 0 {
		t.Errorf("the server received CSP reports:\n%s", strings.Join(lines, "\n"))
	}
}

func TestNotFoundPage(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	b := browsertest.New(t, srv.URL)
	b.SetViewport(1280, 800)
	b.SetColorScheme("dark")

	resp := b.Navigate("/does-not-exist", browsertest.ExpectStatus(404))
	if resp.Status != 404 {
		t.Errorf("status %d, want 404", resp.Status)
	}
	if title := b.Title(); !strings.Contains(title, "LeMedia") {
		t.Errorf("title %q does not name LeMedia", title)
	}
	if !b.Visible("main h1") {
		t.Error("the heading is not visible")
	}
	if got := b.Text("main h1"); got != "Nothing here" {
		t.Errorf("heading %q, want %q", got, "Nothing here")
	}
	if got := b.Text(".error-code"); got != "404" {
		t.Errorf("error code %q", got)
	}
	if !b.Visible(`a.button[href="/"]`) {
		t.Error("no visible way back home")
	}
	checkScheme(t, b, "dark")
	shot(t, b, "lemedia-not-found.png")
	b.AssertClean()
	if lines := srv.Logs.Lines("csp violation"); len(lines) != 0 {
		t.Errorf("the server received CSP reports:\n%s", strings.Join(lines, "\n"))
	}
}

// TestHomeScreenshots takes full-page screenshots at desktop and phone widths,
// in both colour schemes, and checks that they show a rendered page. With
// LEMEDIA_SCREENSHOTS=dir, copies land in dir as lemedia-home-*.png for a
// person to look at.
func TestHomeScreenshots(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	b := browsertest.New(t, srv.URL)
	ensureSetUp(t, b)
	dir := t.TempDir()
	for _, c := range []struct {
		name          string
		width, height int
		scheme        string
		opts          []chromedp.EmulateViewportOption
	}{
		{"desktop", 1280, 800, "dark", nil},
		{"phone", 400, 860, "dark", []chromedp.EmulateViewportOption{chromedp.EmulateMobile}},
		{"desktop-light", 1280, 800, "light", nil},
		{"phone-light", 400, 860, "light", []chromedp.EmulateViewportOption{chromedp.EmulateMobile}},
	} {
		t.Run(c.name, func(t *testing.T) {
			b.SetViewport(c.width, c.height, c.opts...)
			b.SetColorScheme(c.scheme)
			b.Navigate("/")
			name := "lemedia-home-" + c.name + ".png"
			raw := b.Screenshot(filepath.Join(dir, name))
			img, err := png.Decode(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("screenshot is not a PNG: %v", err)
			}
			r := img.Bounds()
			if r.Dx() != c.width || r.Dy() < c.height {
				t.Errorf("screenshot is %dx%d, want %d wide and at least %d high", r.Dx(), r.Dy(), c.width, c.height)
			}
			if n := colours(img); n < 50 {
				t.Errorf("screenshot has %d colours: nothing rendered?", n)
			}
			// The bottom left corner, in the footer, is the page background.
			lum := luminance(img.At(r.Min.X+2, r.Max.Y-2))
			if c.scheme == "dark" && lum > 0.1 || c.scheme == "light" && lum < 0.8 {
				t.Errorf("%s background has luminance %.2f", c.scheme, lum)
			}
			if out := os.Getenv("LEMEDIA_SCREENSHOTS"); out != "" {
				if err := os.WriteFile(filepath.Join(out, name), raw, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b.AssertClean()
		})
	}
}

func colours(img image.Image) int {
	seen := map[[3]uint32]bool{}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			seen[[3]uint32{cr >> 8, cg >> 8, cb >> 8}] = true
		}
	}
	return len(seen)
}

func luminance(c interface{ RGBA() (r, g, b, a uint32) }) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// The harness must see a violation on LeMedia's own pages, under LeMedia's
// own policy, and the browser's report must reach the server's report-uri.
func TestAppPolicyViolationIsCaught(t *testing.T) {
	srv := apptest.Start(t, apptest.Options{})
	b := browsertest.New(t, srv.URL, browsertest.Collect())
	b.Navigate("/")
	if ps := b.Problems(); len(ps) != 0 {
		t.Fatalf("the home page has problems before the test breaks it: %v", ps)
	}
	// An inline style attribute and an image from another origin (a
	// documentation address: refused before any connection is tried).
	browsertest.Eval[bool](b, `(() => {
  document.querySelector("main h1").setAttribute("style", "color: red");
  const img = new Image();
  img.src = "http://192.0.2.1/pixel.png";
  document.body.append(img);
  return true;
})()`)
	ps := b.Problems()
	for _, want := range []string{"style-src-attr", "img-src"} {
		found := false
		for _, p := range ps {
			found = found || p.Kind == browsertest.KindCSP && strings.Contains(p.Text, want)
		}
		if !found {
			t.Errorf("no %s violation among %v", want, ps)
		}
	}
	if got := b.Style("main h1", "color"); got == "rgb(255, 0, 0)" {
		t.Error("the inline style applied: the policy is not enforced")
	}
	// The reports travel on their own; wait for them, generously.
	ok := browsertest.Eval[bool](b, `new Promise((resolve) => setTimeout(() => resolve(true), 50))`)
	for i := 0; ok && i < 200 && len(srv.Logs.Lines("csp violation", "img-src")) == 0; i++ {
		ok = browsertest.Eval[bool](b, `new Promise((resolve) => setTimeout(() => resolve(true), 50))`)
	}
	if len(srv.Logs.Lines("csp violation", "style-src-attr")) == 0 || len(srv.Logs.Lines("csp violation", "img-src")) == 0 {
		t.Errorf("the server did not log both reports; its csp lines:\n%s", strings.Join(srv.Logs.Lines("csp"), "\n"))
	}
	for _, p := range b.Problems() {
		if p.Kind != browsertest.KindCSP && p.Kind != browsertest.KindIssue && p.Kind != browsertest.KindLog {
			t.Errorf("unexpected problem while reporting: %s", p)
		}
	}
}
