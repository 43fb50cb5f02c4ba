package app_test

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/apptest"
)

// pageCSPPattern is the exact page policy of DESIGN.md with a fresh nonce.
var pageCSPPattern = regexp.MustCompile(`^default-src 'none'; script-src 'nonce-([A-Za-z0-9_-]{24})' 'strict-dynamic'; ` +
	`style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; ` +
	`frame-ancestors 'none'; base-uri 'none'; object-src 'none'; report-uri /csp-report$`)

func TestSecurityHeadersOnEveryKindOfResponse(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	s.App.Server.Router().Handle("GET /test-panic", http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("test panic with secret=canary")
	}))
	home := get(t, s, "/setup", nil) // before setup every page leads there
	css := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{12}\.css)"`).FindStringSubmatch(home.body)
	if css == nil {
		t.Fatal("home page links no hashed stylesheet")
	}
	big := bytes.Repeat([]byte("x"), 1<<20+1)
	cases := []struct {
		name, method, path string
		body               []byte
		status             int
		json               bool
	}{
		{"page", "GET", "/setup", nil, 200, false},
		{"api", "GET", "/api/v1/health", nil, 200, true},
		{"liveness", "GET", "/healthz", nil, 200, true},
		{"static", "GET", css[1], nil, 200, false},
		{"page 404", "GET", "/no/such/page", nil, 404, false},
		{"api 404", "GET", "/api/v1/nothing", nil, 404, true},
		{"405", "DELETE", "/api/v1/health", nil, 405, true},
		{"page 405", "POST", "/", nil, 405, false},
		{"413", "POST", "/csp-report", big, 413, true},
		{"500", "GET", "/test-panic", nil, 500, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := do(t, s, c.method, c.path, c.body, nil)
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, r.body)
			}
			h := r.header
			for name, want := range map[string]string{
				"X-Content-Type-Options":       "nosniff",
				"Referrer-Policy":              "strict-origin-when-cross-origin",
				"Cross-Origin-Opener-Policy":   "same-origin",
				"Cross-Origin-Resource-Policy": "same-origin",
			} {
				if got := h.Get(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
			if !strings.Contains(h.Get("Permissions-Policy"), "camera=()") {
				t.Errorf("Permissions-Policy = %q", h.Get("Permissions-Policy"))
			}
			if h.Get("X-Xss-Protection") != "" || h.Get("Strict-Transport-Security") != "" {
				t.Errorf("unexpected header: %v", h)
			}
			if h.Get("X-Request-Id") == "" {
				t.Error("no X-Request-Id")
			}
			csp := h.Get("Content-Security-Policy")
			if strings.Contains(csp, "unsafe-") {
				t.Fatalf("unsafe CSP %q", csp)
			}
			if c.json {
				if csp != "default-src 'none'; frame-ancestors 'none'" {
					t.Errorf("API CSP %q", csp)
				}
				if !strings.HasPrefix(h.Get("Content-Type"), "application/") || !strings.Contains(h.Get("Content-Type"), "json") {
					t.Errorf("content type %q", h.Get("Content-Type"))
				}
			} else if !pageCSPPattern.MatchString(csp) {
				t.Errorf("page CSP %q", csp)
			}
			if c.status >= 400 && !strings.Contains(r.body, h.Get("X-Request-Id")) {
				t.Errorf("error body lacks the request id: %s", r.body)
			}
			if strings.Contains(r.body, "canary") || strings.Contains(r.body, "goroutine") {
				t.Errorf("error body leaks internals: %s", r.body)
			}
		})
	}
	if len(s.Logs.Lines(`"msg":"panic"`, "stack")) != 1 {
		t.Error("the panic was not logged with its stack")
	}
}

func TestStaticFilesAreCachedForAYear(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	home := get(t, s, "/setup", nil)
	for _, m := range regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`).FindAllStringSubmatch(home.body, -1) {
		r := get(t, s, m[1], nil)
		if r.status != 200 || r.header.Get("Cache-Control") != "public, max-age=31536000, immutable" || r.header.Get("ETag") == "" {
			t.Errorf("%s: %d %v", m[1], r.status, r.header)
		}
	}
	if r := get(t, s, "/static/app.css", nil); r.status != 404 {
		t.Errorf("unhashed asset name served: %d", r.status)
	}
}

func TestNonceIsFreshAndOnEveryScript(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	var nonces []string
	for range 2 {
		r := get(t, s, "/setup", nil)
		m := pageCSPPattern.FindStringSubmatch(r.header.Get("Content-Security-Policy"))
		if m == nil {
			t.Fatalf("CSP %q", r.header.Get("Content-Security-Policy"))
		}
		scripts := regexp.MustCompile(`<script[^>]*>`).FindAllString(r.body, -1)
		if len(scripts) == 0 {
			t.Fatal("no script tag to check")
		}
		for _, tag := range scripts {
			if !strings.Contains(tag, `nonce="`+m[1]+`"`) {
				t.Errorf("script without this response's nonce: %s", tag)
			}
		}
		if regexp.MustCompile(`\son[a-z]+=|style="`).MatchString(r.body) {
			t.Error("inline handler or style attribute in the page")
		}
		nonces = append(nonces, m[1])
	}
	if nonces[0] == nonces[1] {
		t.Fatal("the nonce repeats between responses")
	}
}

func TestHSTSOnlyWithHTTPSBaseURL(t *testing.T) {
	s := apptest.Start(t, apptest.Options{Env: map[string]string{"APP_BASE_URL": "https://media.example.org"}})
	for _, p := range []string{"/setup", "/api/v1/health", "/missing"} {
		r := get(t, s, p, nil)
		if got := r.header.Values("Strict-Transport-Security"); len(got) != 1 || got[0] != "max-age=63072000" {
			t.Errorf("%s: HSTS %q", p, got)
		}
		if p == "/setup" && !strings.HasSuffix(r.header.Get("Content-Security-Policy"), "; upgrade-insecure-requests") {
			t.Errorf("https page CSP lacks upgrade-insecure-requests")
		}
	}
	off := apptest.Start(t, apptest.Options{Env: map[string]string{"APP_BASE_URL": "https://media.example.org", "HSTS_MAX_AGE": "0"}})
	if h := get(t, off, "/", nil).header.Get("Strict-Transport-Security"); h != "" {
		t.Errorf("HSTS_MAX_AGE=0 still sends %q", h)
	}
}

type response struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, s *apptest.Server, path string, header http.Header) response {
	return do(t, s, "GET", path, nil, header)
}

func do(t *testing.T, s *apptest.Server, method, path string, body []byte, header http.Header) response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := apptest.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, string(b)}
}
