package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The proof that the harness sees what it must: a tiny server with the same
// kind of strict policy as LeMedia's pages, and pages that break it.

const testNonce = "dGVzdC1ub25jZS0xMjM0NTY"

const testCSP = "default-src 'none'; script-src 'nonce-" + testNonce + "' 'strict-dynamic'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// testPages maps a path to the body of its <body>; "/gone" answers 404.
var testPages = map[string]string{
	"/clean": `<h1 class="title">Clean</h1>
<script nonce="` + testNonce + `" src="/ok.js"></script>`,
	"/inline-script": `<h1>Inline script</h1>
<script>document.title = "inline script ran";</script>`,
	"/inline-style": `<h1 style="color: red">Inline style attribute</h1>
<style>h1 { color: blue }</style>`,
	"/console": `<h1>Console</h1>
<script nonce="` + testNonce + `">console.error("boom from the page"); console.warn("careful from the page"); console.log("just saying");</script>`,
	"/throw": `<h1>Throw</h1>
<script nonce="` + testNonce + `">Promise.reject(new Error("nobody catches this promise")); throw new Error("kaput from the page");</script>`,
	"/missing-image": `<h1>Missing image</h1><img src="/no-such-image.png" alt="">`,
	"/eval": `<h1>Eval</h1>
<script nonce="` + testNonce + `">try { eval("1 + 1"); } catch (e) { document.title = "eval refused"; }</script>`,
	"/later": `<h1>Later</h1><button id="go" type="button">Go</button>
<script nonce="` + testNonce + `">document.getElementById("go").addEventListener("click", () => {
  document.body.setAttribute("style", "background: red");
  setTimeout(() => { throw new Error("late failure"); }, 0);
});</script>`,
	"/gone": `<h1>Gone</h1>`,
	"/link": `<h1>Link</h1><a id="to-gone" href="/gone">Gone</a> <a id="to-clean" href="/clean">Clean</a>`,
	"/leave": `<h1 style="color: red">Leaving</h1>
<script nonce="` + testNonce + `">addEventListener("load", () => setTimeout(() => location.replace("/clean"), 50));</script>`,
}

func testServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ok.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `document.querySelector(".title").classList.add("scripted");`)
	})
	mux.HandleFunc("GET /style.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprint(w, `body { background: rgb(10, 20, 30); color: rgb(230, 230, 230); }`)
	})
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		body, ok := testPages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Security-Policy", testCSP)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/gone" {
			w.WriteHeader(http.StatusNotFound)
		}
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/style.css"></head><body>%s</body></html>`, body)
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	return ts
}

// kinds lists the problems' kinds, sorted and without repeats.
func kinds(ps []Problem) []string {
	var k []string
	for _, p := range ps {
		k = append(k, p.Kind)
	}
	slices.Sort(k)
	return slices.Compact(k)
}

// find returns the problems of the kind whose text contains every part.
func find(ps []Problem, kind string, parts ...string) []Problem {
	var out []Problem
	for _, p := range ps {
		ok := p.Kind == kind
		for _, s := range parts {
			ok = ok && strings.Contains(p.String(), s)
		}
		if ok {
			out = append(out, p)
		}
	}
	return out
}

func mustFind(t *testing.T, ps []Problem, kind string, parts ...string) {
	t.Helper()
	if len(find(ps, kind, parts...)) == 0 {
		t.Errorf("no %s problem containing %q among:\n%s", kind, parts, list(ps))
	}
}

func list(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.String() + "\n")
	}
	if b.Len() == 0 {
		return "  (none)\n"
	}
	return b.String()
}

func TestHarnessSeesViolations(t *testing.T) {
	ts := testServer(t)
	b := New(t, ts.URL, Collect())

	t.Run("clean page", func(t *testing.T) {
		b.Navigate("/clean")
		if ps := b.Problems(); len(ps) != 0 {
			t.Errorf("a clean page has problems:\n%s", list(ps))
		}
		if !b.HasClass(".title", "scripted") {
			t.Error("the nonce'd external script did not run")
		}
		if got := b.Style("body", "background-color"); got != "rgb(10, 20, 30)" {
			t.Errorf("body background %q: the stylesheet did not apply", got)
		}
	})

	t.Run("inline script", func(t *testing.T) {
		b.Navigate("/inline-script")
		if got := b.Title(); got != "Test" {
			t.Errorf("title %q: the inline script ran despite the policy", got)
		}
		ps := b.Problems()
		mustFind(t, ps, KindCSP, "script-src-elem")
		mustFind(t, ps, KindIssue, "ContentSecurityPolicyIssue", "script-src-elem")
		mustFind(t, ps, KindLog, "security: ", "inline script violates", "Content Security Policy")
	})

	t.Run("inline style", func(t *testing.T) {
		b.Navigate("/inline-style")
		ps := b.Problems()
		mustFind(t, ps, KindCSP, "style-src-attr")
		mustFind(t, ps, KindCSP, "style-src-elem")
		mustFind(t, ps, KindLog, "security: ", "inline style violates", "Content Security Policy")
	})

	t.Run("eval", func(t *testing.T) {
		b.Navigate("/eval")
		if got := b.Title(); got != "eval refused" {
			t.Errorf("title %q: eval was not refused", got)
		}
		mustFind(t, b.Problems(), KindCSP, "script-src", "eval")
	})

	t.Run("console", func(t *testing.T) {
		b.Navigate("/console")
		ps := b.Problems()
		mustFind(t, ps, KindConsole, "console.error: boom from the page")
		mustFind(t, ps, KindConsole, "console.warning: careful from the page")
		if len(find(ps, KindConsole, "just saying")) != 0 {
			t.Errorf("console.log is not a problem:\n%s", list(ps))
		}
	})

	t.Run("exceptions", func(t *testing.T) {
		b.Navigate("/throw")
		ps := b.Problems()
		mustFind(t, ps, KindException, "kaput from the page")
		mustFind(t, ps, KindException, "nobody catches this promise")
	})

	t.Run("missing image", func(t *testing.T) {
		b.Navigate("/missing-image")
		ps := b.Problems()
		mustFind(t, ps, KindHTTP, "404", "/no-such-image.png")
		mustFind(t, ps, KindLog, "404", "/no-such-image.png")
	})

	t.Run("after load", func(t *testing.T) {
		b.Navigate("/later")
		if ps := b.Problems(); len(ps) != 0 {
			t.Fatalf("problems before the click:\n%s", list(ps))
		}
		b.Click("#go")
		ps := b.Problems()
		mustFind(t, ps, KindCSP, "style-src-attr")
		mustFind(t, ps, KindException, "late failure")
	})

	t.Run("page left by itself", func(t *testing.T) {
		b.Navigate("/leave")
		b.WaitVisible(".title.scripted") // on /clean now
		mustFind(t, b.Problems(), KindCSP, "style-src-attr", "/leave")
	})

	t.Run("expected error status", func(t *testing.T) {
		resp := b.Navigate("/gone", ExpectStatus(404))
		if resp.Status != 404 {
			t.Errorf("status %d", resp.Status)
		}
		if ps := b.Problems(); len(ps) != 0 {
			t.Errorf("an expected 404 document is a problem:\n%s", list(ps))
		}
	})

	t.Run("unexpected error status", func(t *testing.T) {
		b.Navigate("/gone")
		ps := b.Problems()
		mustFind(t, ps, KindHTTP, "document status 404, want 200")
		mustFind(t, ps, KindLog, "404", "/gone")
	})

	t.Run("click to an expected error page", func(t *testing.T) {
		b.Navigate("/link")
		if resp := b.ClickNavigate("#to-gone", ExpectStatus(404)); resp.Status != 404 {
			t.Errorf("status %d", resp.Status)
		}
		if ps := b.Problems(); len(ps) != 0 {
			t.Errorf("an expected 404 document is a problem:\n%s", list(ps))
		}
		b.Navigate("/link")
		b.ClickNavigate("#to-clean")
		if !b.HasClass(".title", "scripted") {
			t.Error("ClickNavigate did not wait for the next page")
		}
	})

	t.Run("click to an unexpected error page", func(t *testing.T) {
		b.Navigate("/link")
		b.ClickNavigate("#to-gone")
		mustFind(t, b.Problems(), KindHTTP, "404", "/gone")
	})

	t.Run("expected status is only for the document", func(t *testing.T) {
		b.Navigate("/gone", ExpectStatus(404))
		// The same kind of failure from a script on that page is still one.
		Eval[bool](b, `fetch("/gone").then(() => true)`)
		mustFind(t, b.Problems(), KindHTTP, "404", "/gone")
	})
}

// recorder is a testing.TB that keeps the harness's errors and cleanups
// instead of failing the real test.
type recorder struct {
	testing.TB
	mu       sync.Mutex
	errs     []string
	cleanups []func()
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) Error(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprint(args...))
}

func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }

func (r *recorder) finish() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
	r.cleanups = nil
}

// Without Collect, problems fail the test: at AssertClean, and at the end of
// the test for what is left.
func TestHarnessFailsTheTest(t *testing.T) {
	ts := testServer(t)
	rec := &recorder{TB: t}
	b := New(rec, ts.URL)
	defer rec.finish()

	b.Navigate("/clean")
	b.AssertClean()
	if len(rec.errs) != 0 {
		t.Fatalf("a clean page failed the test: %q", rec.errs)
	}

	b.Navigate("/console")
	b.AssertClean()
	if !slices.ContainsFunc(rec.errs, func(s string) bool { return strings.Contains(s, "boom from the page") }) {
		t.Errorf("AssertClean did not fail the test for console.error: %q", rec.errs)
	}

	rec.errs = nil
	b.Navigate("/inline-style")
	rec.finish() // the end of the test
	if !slices.ContainsFunc(rec.errs, func(s string) bool { return strings.Contains(s, "csp: violates style-src-attr") }) {
		t.Errorf("the end of the test did not fail it for a CSP violation: %q", rec.errs)
	}
}
