package apptest

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Browser is a test client that keeps cookies by hand: the session cookie is
// Secure, and Go's cookie jar will not send Secure cookies over plain http.
type Browser struct {
	t       testing.TB
	base    string
	Cookies map[string]string
	Header  http.Header // sent with every request
}

// NewBrowser returns a client for the server with no cookies.
func (s *Server) NewBrowser(t testing.TB) *Browser {
	return &Browser{t: t, base: s.URL, Cookies: map[string]string{}, Header: http.Header{}}
}

// Page is one response.
type Page struct {
	Status   int
	Header   http.Header
	Body     string
	Location string
}

// Get fetches a path.
func (b *Browser) Get(path string) Page { return b.Do("GET", path, nil) }

// Post submits a form; the CSRF token of the last page is not added.
func (b *Browser) Post(path string, form url.Values) Page { return b.Do("POST", path, form) }

// Submit fetches formPage, takes its csrf_token and posts form to action.
func (b *Browser) Submit(formPage, action string, form url.Values) Page {
	b.t.Helper()
	p := b.Get(formPage)
	tok := CSRFToken(p.Body)
	if tok == "" {
		b.t.Fatalf("no csrf_token on %s (status %d)", formPage, p.Status)
	}
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("csrf_token", tok)
	return b.Post(action, f)
}

// Do sends one request with the browser's cookies and keeps what it sets.
func (b *Browser) Do(method, path string, form url.Values) Page {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.Header {
		req.Header[k] = v
	}
	for name, v := range b.Cookies {
		req.AddCookie(&http.Cookie{Name: name, Value: v})
	}
	resp, err := Client().Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.Cookies, c.Name)
		} else {
			b.Cookies[c.Name] = c.Value
		}
	}
	return Page{Status: resp.StatusCode, Header: resp.Header, Body: string(raw), Location: resp.Header.Get("Location")}
}

var csrfRe = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// CSRFToken returns the first form token in a page.
func CSRFToken(html string) string {
	m := csrfRe.FindStringSubmatch(html)
	if m == nil {
		return ""
	}
	return m[1]
}
