// Package browsertest drives Debian's headless chromium (through chromedp)
// against a running server, for tests of real pages: styles applied, scripts
// run, nothing refused by the Content Security Policy.
//
// A [Browser] watches everything the page and the browser report and fails
// the test, at its end or at [Browser.AssertClean], on:
//
//   - a console.error, console.warn or failed console.assert of a page script;
//   - an uncaught exception or unhandled promise rejection;
//   - a browser log entry of level error ("Refused to apply inline style…",
//     "Failed to load resource…");
//   - a securitypolicyviolation event, recorded by a listener that the
//     harness injects into every document through the DevTools protocol
//     (so the page's CSP does not apply to it), and a Content Security Policy
//     issue of the Audits domain;
//   - a response with an HTTP error status, or a request that failed, unless
//     the test said it expects that status for the page it navigates to
//     ([ExpectStatus]).
//
// Only one browser runs at a time in a test binary: [New] waits for the
// previous test's browser to close (a parallel test must call t.Parallel
// before New).
//
// Typical use:
//
//	srv := apptest.Start(t, apptest.Options{})
//	b := browsertest.New(t, srv.URL)
//	b.SetViewport(400, 800, chromedp.EmulateMobile)
//	b.Navigate("/")
//	b.Click(".nav-toggle")
//	if !b.HasClass("#nav", "open") { t.Error("menu did not open") }
//	b.Navigate("/nope", browsertest.ExpectStatus(404))
//	b.AssertClean() // optional: the end of the test checks too
//
// [Collect] turns the failures into a list the test reads with
// [Browser.Problems], for tests of the harness itself or of pages that are
// meant to misbehave.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/audits"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/lemedia/lemedia/internal/testenv"
)

// Problem is one thing the page or the browser complained about.
type Problem struct {
	Kind string // KindConsole, KindException, KindLog, KindCSP, KindIssue, KindHTTP, KindNetwork or KindHarness
	Text string
	URL  string // the document or resource concerned, when known
}

// The kinds of [Problem].
const (
	KindConsole   = "console"   // console.error / console.warn / console.assert from a page script
	KindException = "exception" // uncaught exception or unhandled rejection
	KindLog       = "log"       // browser log entry of level error
	KindCSP       = "csp"       // securitypolicyviolation event seen in the page
	KindIssue     = "issue"     // DevTools Audits issue (CSP, mixed content, CORS, blocked response, quirks mode)
	KindHTTP      = "http"      // a response with an unexpected HTTP error status
	KindNetwork   = "network"   // a request that failed (blocked, refused, aborted by the server)
	KindHarness   = "harness"   // the harness could not watch the page (its listener is missing)
)

func (p Problem) String() string {
	if p.URL == "" {
		return p.Kind + ": " + p.Text
	}
	return p.Kind + ": " + p.Text + " [" + p.URL + "]"
}

// Option configures [New].
type Option func(*config)

type config struct {
	budget  time.Duration
	step    time.Duration
	collect bool
}

// Timeout bounds the whole life of the browser (default two minutes, and never
// past the deadline of `go test -timeout`): when it runs out, the browser is
// killed and the next action fails the test.
func Timeout(d time.Duration) Option { return func(c *config) { c.budget = d } }

// StepTimeout bounds each action, navigation or evaluation (default 30s).
func StepTimeout(d time.Duration) Option { return func(c *config) { c.step = d } }

// Collect makes the browser gather problems without failing the test: the
// test reads them with [Browser.Problems]. A navigation to a page with an
// unexpected status is then a problem too, not a fatal error.
func Collect() Option { return func(c *config) { c.collect = true } }

// NavOption configures [Browser.Navigate].
type NavOption func(*navConfig)

type navConfig struct{ status int64 }

// ExpectStatus says which HTTP status the document must have (default 200).
// An error status that is expected is not a problem, and neither is the
// browser's "Failed to load resource" log entry for that document alone.
func ExpectStatus(code int) NavOption { return func(n *navConfig) { n.status = int64(code) } }

// Browser is one headless chromium with one tab, for one test. Its methods
// fail the test on error; use it from one goroutine at a time.
type Browser struct {
	t      testing.TB
	base   *url.URL
	cfg    config
	tab    context.Context
	output *tail // chromium's own output, for when it dies

	mu       sync.Mutex
	problems []Problem
	notes    []string                     // console.log and other harmless reports, for -v
	requests map[network.RequestID]string // request id → URL, for failures
	// The error status the test expects for the next document; then the URL
	// and status of the document that had it.
	expectStatus int64
	expectURL    string
	expectCode   int64
	closed       bool
}

// slot lets one browser run at a time in a test binary (the machine has two
// cores; chromium with its renderer is a few hundred MB).
var slot = make(chan struct{}, 1)

// bindingName is the function the harness adds to every page (through
// Runtime.addBinding) for its listener to report violations with; markerName
// is the global that shows the listener is installed.
const (
	bindingName = "__browsertestViolation"
	markerName  = "__browsertestWatching"
)

// watchScript runs in every new document before the page's own scripts.
// It goes through the DevTools protocol, so the page's CSP does not block it.
// Each violation goes out at once through the binding, so none is lost when
// the page navigates away.
const watchScript = `(() => {
  const report = window.` + bindingName + `;
  if (typeof report !== "function" || window.` + markerName + `) return;
  Object.defineProperty(window, "` + markerName + `", {value: true});
  document.addEventListener("securitypolicyviolation", (e) => {
    report(JSON.stringify({
      directive: e.effectiveDirective || e.violatedDirective || "",
      blocked: e.blockedURI || "",
      source: e.sourceFile || "",
      line: e.lineNumber || 0,
      sample: e.sample || "",
      disposition: e.disposition || "",
      document: e.documentURI || ""
    }));
  }, true);
})();`

// New starts a headless chromium for the test, with a first blank tab, and
// stops it when the test ends. baseURL is what relative paths given to
// Navigate are resolved against. It skips the test (or fails it under
// LEMEDIA_REQUIRE_SERVICES=1) when chromium is not installed.
func New(t testing.TB, baseURL string, opts ...Option) *Browser {
	t.Helper()
	exe := testenv.Chromium(t)
	base, err := url.Parse(baseURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		t.Fatalf("browsertest: base URL %q is not absolute", baseURL)
	}
	cfg := config{budget: 2 * time.Minute, step: 30 * time.Second}
	for _, o := range opts {
		o(&cfg)
	}
	if d, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if dl, ok := d.Deadline(); ok {
			if left := time.Until(dl) - 5*time.Second; left < cfg.budget {
				cfg.budget = max(left, time.Second)
			}
		}
	}

	select {
	case slot <- struct{}{}:
	case <-time.After(cfg.budget):
		t.Fatalf("browsertest: another test's browser did not close within %v (call t.Parallel before New)", cfg.budget)
	}
	released := false
	release := func() {
		if !released {
			released = true
			<-slot
		}
	}

	output := &tail{max: 8 << 10}
	b := &Browser{t: t, base: base, cfg: cfg, output: output,
		requests: map[network.RequestID]string{}}
	allocOpts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-proxy-server", true),
		chromedp.Flag("renderer-process-limit", "2"),
		chromedp.WindowSize(1280, 800),
		chromedp.CombinedOutput(output),
	)
	budgetCtx, cancelBudget := context.WithTimeout(context.Background(), cfg.budget)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(budgetCtx, allocOpts...)
	tab, cancelTab := chromedp.NewContext(allocCtx,
		chromedp.WithListener(b.observe),
		chromedp.WithErrorf(b.notef),
		chromedp.WithLogf(b.notef),
	)
	b.tab = tab
	stop := func() {
		cancelTab()
		cancelAlloc()
		cancelBudget()
		release()
	}

	// Start the browser (with no step timeout: the first Run binds the
	// browser's life to its context), then watch the tab.
	if err := chromedp.Do(tab); err != nil {
		stop()
		t.Fatalf("browsertest: start %s: %v\n%s", exe, err, output.String())
	}
	setup := chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		if _, err := chromedp.Call(ctx, runtime.AddBinding, runtime.AddBindingParams{Name: bindingName}); err != nil {
			return fmt.Errorf("Runtime.addBinding: %w", err)
		}
		if _, err := chromedp.Call(ctx, audits.Enable, struct{}{}); err != nil {
			return fmt.Errorf("Audits.enable: %w", err)
		}
		if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
			page.AddScriptToEvaluateOnNewDocumentParams{Source: watchScript}); err != nil {
			return fmt.Errorf("Page.addScriptToEvaluateOnNewDocument: %w", err)
		}
		return nil
	})
	if err := b.run(setup); err != nil {
		stop()
		t.Fatalf("browsertest: set up the tab: %v", err)
	}

	t.Cleanup(func() {
		if !b.cfg.collect && b.tab.Err() == nil {
			b.AssertClean()
		}
		b.flushNotes()
		b.mu.Lock()
		b.closed = true
		b.mu.Unlock()
		stop()
	})
	return b
}

// Context is the tab's context, for chromedp calls the helpers do not cover.
// Use [Browser.Step] to bound such a call.
func (b *Browser) Context() context.Context { return b.tab }

// Step returns a context for one action on the tab, bounded by StepTimeout.
func (b *Browser) Step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.tab, b.cfg.step)
}

func (b *Browser) run(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := b.Step()
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

// URL resolves a path (or an absolute URL) against the base URL.
func (b *Browser) URL(ref string) string {
	u, err := b.base.Parse(ref)
	if err != nil {
		b.t.Fatalf("browsertest: bad URL %q: %v", ref, err)
	}
	return u.String()
}

// Navigate loads the page, waits for its load event and returns the document
// response (after redirects). The status must be 200 unless [ExpectStatus]
// says otherwise. Problems of the page left behind are gathered first.
func (b *Browser) Navigate(ref string, opts ...NavOption) *network.Response {
	b.t.Helper()
	target := b.URL(ref)
	return b.load("navigate to "+target, chromedp.NavigateResponse(target), opts)
}

// ClickNavigate clicks the first visible element matching sel (a link, a
// form's submit button) and waits for the page it leads to, like Navigate.
func (b *Browser) ClickNavigate(sel string, opts ...NavOption) *network.Response {
	b.t.Helper()
	click := func(ctx context.Context, _ *chromedp.Target) (*network.Response, error) {
		return chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	}
	return b.load("click "+sel, click, opts)
}

// KeyNavigate sends keys (chromedp/kb names such as kb.Enter, or text) to
// the focused element and waits for the page they lead to, like Navigate:
// for a link or a form a script follows on a key.
func (b *Browser) KeyNavigate(keys string, opts ...NavOption) *network.Response {
	b.t.Helper()
	press := func(ctx context.Context, _ *chromedp.Target) (*network.Response, error) {
		return chromedp.RunResponse(ctx, chromedp.KeyEvent(keys))
	}
	return b.load("press keys", press, opts)
}

func (b *Browser) load(what string, action chromedp.Action[*network.Response], opts []NavOption) *network.Response {
	b.t.Helper()
	nc := navConfig{status: 200}
	for _, o := range opts {
		o(&nc)
	}
	b.harvest()
	b.mu.Lock()
	b.expectStatus, b.expectURL, b.expectCode = 0, "", 0
	if nc.status >= 400 {
		b.expectStatus = nc.status
	}
	b.mu.Unlock()

	ctx, cancel := b.Step()
	defer cancel()
	resp, err := chromedp.Run(ctx, action)
	if err != nil {
		b.t.Fatalf("browsertest: %s: %v", what, err)
	}
	if resp == nil {
		b.t.Fatalf("browsertest: %s: no document response", what)
	}
	if resp.Status != nc.status {
		msg := fmt.Sprintf("document status %d, want %d", resp.Status, nc.status)
		if b.cfg.collect {
			b.add(Problem{Kind: KindHTTP, Text: msg, URL: resp.URL})
		} else {
			b.t.Fatalf("browsertest: %s: %s at %s", what, msg, resp.URL)
		}
	}
	return resp
}

// Location returns the URL of the current document.
func (b *Browser) Location() string {
	b.t.Helper()
	return Run(b, chromedp.Location())
}

// SetValue sets the value of a form field (an input, a textarea) matching
// sel, as typing would, with input and change events.
func (b *Browser) SetValue(sel, value string) {
	b.t.Helper()
	b.mustExist(sel)
	Eval[bool](b, `(() => {
  const el = `+element(sel)+`;
  el.focus();
  el.value = `+jsString(value)+`;
  el.dispatchEvent(new Event("input", {bubbles: true}));
  el.dispatchEvent(new Event("change", {bubbles: true}));
  return true;
})()`)
}

// Do runs chromedp actions, each step bounded, and fails the test on error.
func (b *Browser) Do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := b.run(actions...); err != nil {
		b.t.Fatalf("browsertest: %v", err)
	}
}

// Run runs one chromedp action that returns a value, and fails the test on
// error.
func Run[T any](b *Browser, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := b.Step()
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browsertest: %v", err)
	}
	return v
}

// Eval evaluates a JavaScript expression in the page (awaiting a promise) and
// decodes its JSON value.
func Eval[T any](b *Browser, expr string) T {
	b.t.Helper()
	return Run(b, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// element is a JavaScript expression for the first element matching sel.
func element(sel string) string { return "document.querySelector(" + jsString(sel) + ")" }

// Title returns the document title.
func (b *Browser) Title() string {
	b.t.Helper()
	return Run(b, chromedp.Title())
}

// Exists reports whether an element matches the CSS selector.
func (b *Browser) Exists(sel string) bool {
	b.t.Helper()
	return Eval[bool](b, element(sel)+" !== null")
}

// Text returns the rendered text of the first element matching sel, which
// must exist.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	b.mustExist(sel)
	return Eval[string](b, element(sel)+".innerText")
}

// Visible reports whether the first element matching sel exists, is rendered
// (not display:none, visibility:hidden or hidden by an ancestor) and has a
// non-empty box.
func (b *Browser) Visible(sel string) bool {
	b.t.Helper()
	return Eval[bool](b, `(() => {
  const el = `+element(sel)+`;
  if (!el || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
})()`)
}

// Attr returns an attribute of the first element matching sel, which must
// exist.
func (b *Browser) Attr(sel, name string) (string, bool) {
	b.t.Helper()
	b.mustExist(sel)
	v := Eval[*string](b, element(sel)+".getAttribute("+jsString(name)+")")
	if v == nil {
		return "", false
	}
	return *v, true
}

// HasClass reports whether the first element matching sel, which must exist,
// has the class.
func (b *Browser) HasClass(sel, class string) bool {
	b.t.Helper()
	b.mustExist(sel)
	return Eval[bool](b, element(sel)+".classList.contains("+jsString(class)+")")
}

// Style returns a computed style property of the first element matching sel,
// which must exist, for example Style("body", "background-color").
func (b *Browser) Style(sel, property string) string {
	b.t.Helper()
	b.mustExist(sel)
	return Eval[string](b, "getComputedStyle("+element(sel)+").getPropertyValue("+jsString(property)+")")
}

func (b *Browser) mustExist(sel string) {
	b.t.Helper()
	if !b.Exists(sel) {
		b.t.Fatalf("browsertest: no element matches %q on %s", sel, Eval[string](b, "location.href"))
	}
}

// Click sends a real mouse click to the first visible element matching sel.
func (b *Browser) Click(sel string) {
	b.t.Helper()
	b.Do(chromedp.Click(chromedp.CSS(sel)))
}

// WaitVisible waits (up to the step timeout) until an element matching sel
// is visible.
func (b *Browser) WaitVisible(sel string) {
	b.t.Helper()
	b.Do(chromedp.WaitVisible(chromedp.CSS(sel)))
}

// SetViewport sets the size of the page's viewport in CSS pixels. Give
// chromedp.EmulateMobile, chromedp.EmulateScale(2)… to emulate a phone.
func (b *Browser) SetViewport(width, height int, opts ...chromedp.EmulateViewportOption) {
	b.t.Helper()
	b.Do(chromedp.EmulateViewport(int64(width), int64(height), opts...))
}

// SetColorScheme makes prefers-color-scheme answer "dark" or "light"; ""
// removes the override.
func (b *Browser) SetColorScheme(scheme string) {
	b.t.Helper()
	p := emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	}
	b.Do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, p)
		return err
	}))
}

// Screenshot captures the whole page (beyond the viewport) as PNG and, when
// path is not empty, writes it there.
func (b *Browser) Screenshot(path string) []byte {
	b.t.Helper()
	png := Run(b, chromedp.FullScreenshot(100))
	if path != "" {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.t.Fatal(err)
		}
		if err := os.WriteFile(path, png, 0o644); err != nil {
			b.t.Fatal(err)
		}
	}
	return png
}

// Problems gathers what the current page reported so far, returns it and
// forgets it.
func (b *Browser) Problems() []Problem {
	b.t.Helper()
	b.harvest()
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

// AssertClean fails the test (without stopping it) for every problem
// gathered so far, and forgets them.
func (b *Browser) AssertClean() {
	b.t.Helper()
	b.flushNotes()
	for _, p := range b.Problems() {
		b.t.Errorf("browser: %s", p)
	}
}

// harvest makes sure that what the current document reported so far has
// reached observe: it waits one task in the page, so that violation events
// the page queued are dispatched, and the evaluation is a round trip, so
// every event the browser sent before its answer has been seen. It also
// checks that the violation listener is in the page.
func (b *Browser) harvest() {
	b.t.Helper()
	expr := `new Promise((resolve) => setTimeout(() => resolve({
  href: location.href,
  watching: window.` + markerName + ` === true
}), 0))`
	ctx, cancel := b.Step()
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Href     string
		Watching bool
	}](expr, chromedp.EvalAwaitPromise))
	switch {
	case err != nil && b.tab.Err() != nil:
		b.t.Errorf("browsertest: the browser is gone (budget %v over?): %v\n%s", b.cfg.budget, err, b.output.String())
	case err != nil:
		b.add(Problem{Kind: KindHarness, Text: "cannot reach the page: " + err.Error()})
	case !res.Watching && (strings.HasPrefix(res.Href, "http:") || strings.HasPrefix(res.Href, "https:")):
		p := Problem{Kind: KindHarness, Text: "the securitypolicyviolation listener is missing", URL: res.Href}
		b.mu.Lock()
		if !slices.Contains(b.problems, p) {
			b.problems = append(b.problems, p)
		}
		b.mu.Unlock()
	}
}

// violation is what the injected listener reports.
type violation struct {
	Directive, Blocked, Source, Sample, Disposition, Document string
	Line                                                      int
}

func (v violation) problem() Problem {
	text := "violates " + v.Directive
	if v.Blocked != "" {
		text += ", blocked " + v.Blocked
	}
	if v.Source != "" {
		text += " at " + v.Source + ":" + strconv.Itoa(v.Line)
	}
	if v.Sample != "" {
		text += ", sample " + strconv.Quote(v.Sample)
	}
	if v.Disposition != "" && v.Disposition != "enforce" {
		text += " (" + v.Disposition + ")"
	}
	return Problem{Kind: KindCSP, Text: text, URL: v.Document}
}

func (b *Browser) add(p Problem) {
	b.mu.Lock()
	b.problems = append(b.problems, p)
	b.mu.Unlock()
}

func (b *Browser) notef(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.notes = append(b.notes, fmt.Sprintf("chromedp: "+format, args...))
}

func (b *Browser) flushNotes() {
	b.mu.Lock()
	notes := b.notes
	b.notes = nil
	closed := b.closed
	b.mu.Unlock()
	if closed {
		return
	}
	for _, n := range notes {
		b.t.Log(n)
	}
}

// failingIssues are the Audits issues that fail a test; the others are
// noted in the test log.
var failingIssues = map[audits.InspectorIssueCode]bool{
	audits.InspectorIssueCodeContentSecurityPolicyIssue: true,
	audits.InspectorIssueCodeMixedContentIssue:          true,
	audits.InspectorIssueCodeBlockedByResponseIssue:     true,
	audits.InspectorIssueCodeCorsIssue:                  true,
	audits.InspectorIssueCodeQuirksModeIssue:            true,
}

// observe gets every event of the tab, on chromedp's reading goroutine: it
// must be quick and must not call the browser.
func (b *Browser) observe(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		text := consoleText(ev.Args)
		where := ""
		if st := ev.StackTrace; st != nil && len(st.CallFrames) > 0 {
			f := st.CallFrames[0]
			where = f.URL + ":" + strconv.FormatInt(f.LineNumber+1, 10)
		}
		switch ev.Type {
		case runtime.ConsoleAPICalledTypeError, runtime.ConsoleAPICalledTypeWarning, runtime.ConsoleAPICalledTypeAssert:
			b.problems = append(b.problems, Problem{Kind: KindConsole, Text: "console." + string(ev.Type) + ": " + text, URL: where})
		default:
			b.notes = append(b.notes, "console."+string(ev.Type)+": "+text+" "+where)
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			desc, _, _ := strings.Cut(d.Exception.Description, "\n")
			text += " " + desc
		}
		where := d.URL
		if where != "" {
			where += ":" + strconv.FormatInt(d.LineNumber+1, 10)
		}
		b.problems = append(b.problems, Problem{Kind: KindException, Text: text, URL: where})
	case *log.EventEntryAdded:
		e := ev.Entry
		switch {
		case e.Level == log.EntryLevelError && b.expectedLocked(e):
			b.notes = append(b.notes, "expected: "+e.Text+" ["+e.URL+"]")
		case e.Level == log.EntryLevelError:
			b.problems = append(b.problems, Problem{Kind: KindLog, Text: string(e.Source) + ": " + e.Text, URL: e.URL})
		default:
			b.notes = append(b.notes, "log "+string(e.Level)+" "+string(e.Source)+": "+e.Text+" "+e.URL)
		}
	case *runtime.EventBindingCalled:
		if ev.Name != bindingName {
			return
		}
		var v violation
		if err := json.Unmarshal([]byte(ev.Payload), &v); err != nil {
			b.problems = append(b.problems, Problem{Kind: KindHarness, Text: "bad violation report: " + err.Error()})
			return
		}
		b.problems = append(b.problems, v.problem())
	case *audits.EventIssueAdded:
		b.issueLocked(ev.Issue)
	case *network.EventRequestWillBeSent:
		if ev.Request != nil {
			b.requests[ev.RequestID] = ev.Request.URL
		}
	case *network.EventResponseReceived:
		r := ev.Response
		if r == nil || r.Status < 400 {
			return
		}
		if ev.Type == network.ResourceTypeDocument && b.expectStatus == r.Status {
			b.expectStatus, b.expectURL, b.expectCode = 0, r.URL, r.Status // for this one document
			return
		}
		b.problems = append(b.problems, Problem{Kind: KindHTTP,
			Text: fmt.Sprintf("%s answered %d %s", ev.Type, r.Status, r.StatusText), URL: r.URL})
	case *network.EventLoadingFailed:
		if ev.Canceled && ev.BlockedReason == "" {
			return // a navigation or the page stopped it
		}
		text := string(ev.Type) + " failed: " + ev.ErrorText
		if ev.BlockedReason != "" {
			text += " (blocked: " + string(ev.BlockedReason) + ")"
		}
		b.problems = append(b.problems, Problem{Kind: KindNetwork, Text: text, URL: b.requests[ev.RequestID]})
	}
}

// expectedLocked reports whether a log entry is the browser's complaint
// about a document error status the test expects.
func (b *Browser) expectedLocked(e *log.Entry) bool {
	return b.expectURL != "" && e.URL == b.expectURL && e.Source == log.EntrySourceNetwork &&
		strings.Contains(e.Text, "status of "+strconv.FormatInt(b.expectCode, 10))
}

func (b *Browser) issueLocked(is *audits.InspectorIssue) {
	if is == nil {
		return
	}
	detail := ""
	if is.Details != nil {
		if d := is.Details.ContentSecurityPolicyIssueDetails; d != nil {
			detail = string(d.ContentSecurityPolicyViolationType) + " violates " + d.ViolatedDirective
			if d.BlockedURL != "" {
				detail += ", blocked " + d.BlockedURL
			}
			if loc := d.SourceCodeLocation; loc != nil {
				detail += " at " + loc.URL + ":" + strconv.FormatInt(loc.LineNumber+1, 10)
			}
		} else if raw, err := json.Marshal(is.Details); err == nil {
			detail = string(raw)
		}
	}
	text := string(is.Code)
	if detail != "" {
		text += ": " + detail
	}
	if failingIssues[is.Code] {
		b.problems = append(b.problems, Problem{Kind: KindIssue, Text: text})
	} else {
		b.notes = append(b.notes, "issue "+text)
	}
}

// consoleText renders console arguments the way the console shows them,
// roughly.
func consoleText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		switch {
		case a == nil:
		case a.Type == runtime.RemoteObjectTypeString:
			var s string
			if json.Unmarshal(a.Value, &s) == nil {
				parts = append(parts, s)
				continue
			}
			parts = append(parts, string(a.Value))
		case a.UnserializableValue != "":
			parts = append(parts, string(a.UnserializableValue))
		case a.Description != "":
			parts = append(parts, a.Description)
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

// tail keeps the last max bytes written to it (chromium's own output, shown
// when it fails to start).
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (w *tail) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, p...)
	if over := len(w.buf) - w.max; over > 0 {
		w.buf = w.buf[over:]
	}
	return len(p), nil
}

func (w *tail) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(w.buf)
}

// Luminance returns the relative luminance (0 black … 1 white) of a computed
// CSS colour "rgb(r, g, b)" or "rgba(r, g, b, a)", and its alpha.
func Luminance(color string) (lum, alpha float64, err error) {
	s := strings.TrimSpace(color)
	var inner string
	switch {
	case strings.HasPrefix(s, "rgba(") && strings.HasSuffix(s, ")"):
		inner = s[5 : len(s)-1]
	case strings.HasPrefix(s, "rgb(") && strings.HasSuffix(s, ")"):
		inner = s[4 : len(s)-1]
	default:
		return 0, 0, fmt.Errorf("not an rgb() colour: %q", color)
	}
	inner = strings.NewReplacer(",", " ", "/", " ").Replace(inner)
	fields := strings.Fields(inner)
	if len(fields) != 3 && len(fields) != 4 {
		return 0, 0, fmt.Errorf("not an rgb() colour: %q", color)
	}
	var c [4]float64
	c[3] = 1
	for i, f := range fields {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("not an rgb() colour: %q", color)
		}
		c[i] = v
	}
	lin := func(v float64) float64 {
		v /= 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2]), c[3], nil
}

// Contrast returns the WCAG contrast ratio of two luminances (1 … 21).
func Contrast(l1, l2 float64) float64 {
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}
