package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/apptest"
)

const validReport = `{"csp-report":{"document-uri":"http://x/?token=q-canary","violated-directive":"style-src","effective-directive":"style-src-attr","blocked-uri":"inline"}}`

func TestOversizedBodiesGet413AndAreNotProcessed(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	body := append([]byte(`{"csp-report":{"document-uri":"`), bytes.Repeat([]byte("a"), 1<<20)...)
	body = append(body, `"}}`...) // valid JSON, 1 MiB + a few bytes
	t.Run("with Content-Length", func(t *testing.T) {
		r := do(t, s, "POST", "/csp-report", body, http.Header{"Content-Type": {"application/csp-report"}})
		assertProblem(t, r, 413, "")
	})
	t.Run("chunked, no Content-Length", func(t *testing.T) {
		req, _ := http.NewRequest("POST", s.URL+"/csp-report", io.MultiReader(bytes.NewReader(body))) // unknown length: chunked
		req.Header.Set("Content-Type", "application/csp-report")
		if req.ContentLength != 0 {
			t.Fatal("request would carry a Content-Length")
		}
		resp, err := apptest.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		assertProblem(t, response{resp.StatusCode, resp.Header, string(b)}, 413, "")
	})
	t.Run("exactly 1 MiB is accepted", func(t *testing.T) {
		pad := 1<<20 - len(validReport)
		ok := []byte(validReport[:len(validReport)-2] + `,"script-sample":"` + strings.Repeat("b", pad-len(`,"script-sample":""`)) + `"}}`)
		if len(ok) != 1<<20 {
			t.Fatalf("built %d bytes", len(ok))
		}
		if r := do(t, s, "POST", "/csp-report", ok, nil); r.status != 204 {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
	})
	if n := len(s.Logs.Lines("csp violation")); n != 1 {
		t.Fatalf("%d reports processed, want only the 1 MiB one", n)
	}
}

func TestStrictJSONBodies(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	cases := []struct{ name, body, field, detail string }{
		{"unknown field", `{"csp-report":{"document-uri":"x","evil":1}}`, "evil", "invalid JSON body"},
		{"wrong type", `{"csp-report":{"line-number":"ten"}}`, "csp-report.line-number", "invalid JSON body"},
		{"trailing data", `{"csp-report":{}} {"again":1}`, "", "trailing data"},
		{"empty", ``, "", "request body is empty"},
		{"not JSON", `<xml/>`, "", "invalid JSON body"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := do(t, s, "POST", "/csp-report", []byte(c.body), nil)
			p := assertProblem(t, r, 400, c.detail)
			if c.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != c.field) {
				t.Errorf("errors %+v, want field %q", p.Errors, c.field)
			}
		})
	}
	if r := do(t, s, "POST", "/csp-report", []byte(validReport), nil); r.status != 204 {
		t.Fatalf("valid report: %d %s", r.status, r.body)
	}
	line := s.Logs.Lines("csp violation")
	if len(line) != 1 || strings.Contains(line[0], "canary") || !strings.Contains(line[0], `"directive":"style-src-attr"`) {
		t.Fatalf("report log: %v", line)
	}
}

type problem struct {
	Title, Detail string
	Status        int
	RequestID     string `json:"request_id"`
	Errors        []struct{ Field, Message string }
}

func assertProblem(t *testing.T, r response, status int, detail string) problem {
	t.Helper()
	var p problem
	if err := json.Unmarshal([]byte(r.body), &p); err != nil {
		t.Fatalf("status %d, body not JSON: %q", r.status, r.body)
	}
	if r.status != status || p.Status != status || p.RequestID != r.header.Get("X-Request-Id") || p.RequestID == "" {
		t.Fatalf("got %d %+v, want %d", r.status, p, status)
	}
	if !strings.Contains(p.Detail, detail) {
		t.Fatalf("detail %q, want %q", p.Detail, detail)
	}
	return p
}

func TestForwardedHeadersOnlyFromTrustedProxies(t *testing.T) {
	spoof := http.Header{"X-Forwarded-For": {"203.0.113.7"}, "X-Forwarded-Proto": {"https"}, "X-Request-Id": {"from-client-1"}}
	t.Run("untrusted peer", func(t *testing.T) {
		s := apptest.Start(t, apptest.Options{})
		r := get(t, s, "/setup?probe=untrusted", spoof)
		if r.header.Get("X-Request-Id") == "from-client-1" {
			t.Error("request id taken from an untrusted peer")
		}
		lines := s.Logs.Lines(`"msg":"http"`, `"path":"/setup"`)
		if len(lines) != 1 || !strings.Contains(lines[0], `"ip":"127.0.0.1"`) || strings.Contains(lines[0], "203.0.113.7") {
			t.Fatalf("logged %v", lines)
		}
		if strings.Contains(s.Logs.String(), "probe=") {
			t.Error("query string reached the log")
		}
	})
	t.Run("trusted peer", func(t *testing.T) {
		s := apptest.Start(t, apptest.Options{Env: map[string]string{"TRUSTED_PROXIES": "127.0.0.1,10.0.0.0/8"}})
		// The client prepends a fake hop; the proxies append what they saw.
		h := http.Header{"X-Forwarded-For": {"198.51.100.9, 203.0.113.7, 10.1.2.3"}, "X-Request-Id": {"from-proxy-1"}}
		r := get(t, s, "/setup", h)
		if r.header.Get("X-Request-Id") != "from-proxy-1" {
			t.Errorf("request id from a trusted proxy not kept: %q", r.header.Get("X-Request-Id"))
		}
		lines := s.Logs.Lines(`"msg":"http"`, `"path":"/setup"`)
		if len(lines) != 1 || !strings.Contains(lines[0], `"ip":"203.0.113.7"`) {
			t.Fatalf("logged %v", lines)
		}
		if r := get(t, s, "/setup", http.Header{"X-Request-Id": {"bad id\" with quotes"}}); strings.Contains(r.header.Get("X-Request-Id"), "quotes") {
			t.Error("a malformed request id was accepted")
		}
	})
}

func TestCrossOriginUnsafeRequestsRefused(t *testing.T) {
	s := apptest.Start(t, apptest.Options{Env: map[string]string{"APP_BASE_URL": "https://media.example.org"}})
	cases := []struct {
		name   string
		header http.Header
		status int
	}{
		{"cross-site fetch", http.Header{"Sec-Fetch-Site": {"cross-site"}}, 403},
		{"foreign origin", http.Header{"Origin": {"https://evil.example"}}, 403},
		{"same origin", http.Header{"Sec-Fetch-Site": {"same-origin"}}, 204},
		{"configured origin", http.Header{"Origin": {"https://media.example.org"}}, 204},
		{"no browser headers", http.Header{}, 204},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.header.Set("Content-Type", "application/csp-report")
			r := do(t, s, "POST", "/csp-report", []byte(validReport), c.header)
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %s", r.status, c.status, r.body)
			}
			if c.status == 403 {
				assertProblem(t, r, 403, "cross-origin")
			}
		})
	}
	if r := get(t, s, "/setup", http.Header{"Sec-Fetch-Site": {"cross-site"}}); r.status != 200 {
		t.Errorf("a cross-site GET (a link) was refused: %d", r.status)
	}
}

func TestSecurityTxt(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 27, 15, 4, 5, 0, time.UTC) }
	none := apptest.Start(t, apptest.Options{Now: now})
	if r := get(t, none, "/.well-known/security.txt", nil); r.status != 404 {
		t.Fatalf("without a contact: %d", r.status)
	}
	s := apptest.Start(t, apptest.Options{Now: now, Env: map[string]string{
		"SECURITY_CONTACT": "mailto:security@example.org", "APP_BASE_URL": "https://media.example.org"}})
	r := get(t, s, "/.well-known/security.txt", nil)
	want := "Contact: mailto:security@example.org\nExpires: 2027-11-27T00:00:00Z\nPreferred-Languages: en\n" +
		"Canonical: https://media.example.org/.well-known/security.txt\n"
	if r.status != 200 || r.body != want || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("%d %q", r.status, r.body)
	}
}

func TestCSPReportsAreRateLimited(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	var last response
	for range 21 {
		last = do(t, s, "POST", "/csp-report", []byte(validReport), nil)
	}
	if last.status != http.StatusTooManyRequests || last.header.Get("Retry-After") == "" {
		t.Fatalf("21st report: %d", last.status)
	}
	if n := len(s.Logs.Lines("csp violation")); n != 20 {
		t.Fatalf("%d reports logged, want 20", n)
	}
}
