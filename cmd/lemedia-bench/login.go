package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
)

// The owner account of the Owner rows. The password is long enough for the
// server's policy and not on its list of common ones; it signs in to a
// throwaway server on 127.0.0.1 only.
const (
	ownerLogin    = "bench"
	ownerEmail    = "bench@example.org"
	ownerPassword = "lemedia-bench sign-in 7Qx"
)

// The server's cookie names (internal/web/access.go).
const (
	preCookie     = "__Host-lemedia_pre" // signs forms before sign-in
	sessionCookie = "__Host-lemedia_session"
)

// createOwner makes the owner headlessly, as an operator would before the
// first start: `lemedia user create-admin` on the same DATA_DIR (and
// DATABASE_URL), the password on standard input.
func createOwner(ctx context.Context, t *Target) error {
	cmd := exec.CommandContext(ctx, t.Binary, "user", "create-admin", "-username", ownerLogin, "-email", ownerEmail)
	cmd.Env = t.Env()
	cmd.Stdin = strings.NewReader(ownerPassword + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s user create-admin: %v: %s", t.Binary, err, strings.TrimSpace(string(out)))
	}
	return nil
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// signInForm loads the sign-in page as the visitor at client, as a browser
// would, and returns the POST that signs the owner in: the pre-session
// cookie the page set, and the form with the CSRF token bound to it.
func signInForm(ctx context.Context, t *Target, client string) (map[string]string, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.BaseURL()+"/login", nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("X-Forwarded-For", client)
	resp, err := pollClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("GET /login answered %d, want 200 (is the owner seeded?)", resp.StatusCode)
	}
	cookie := ""
	for _, c := range resp.Cookies() {
		if c.Name == preCookie {
			cookie = c.Value
		}
	}
	m := csrfField.FindSubmatch(page)
	if cookie == "" || m == nil {
		return nil, nil, fmt.Errorf("GET /login: no %s cookie or no csrf_token field", preCookie)
	}
	form := url.Values{"csrf_token": {html.UnescapeString(string(m[1]))}, "login": {ownerLogin}, "password": {ownerPassword}}
	header := map[string]string{
		"Content-Type": "application/x-www-form-urlencoded",
		"Cookie":       preCookie + "=" + cookie,
	}
	return header, []byte(form.Encode()), nil
}

// signedIn checks that a 303 from POST /login is a sign-in: a session
// cookie, and not the redirect to /setup of a server without an owner.
func signedIn(resp *http.Response) error {
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie && c.Value != "" {
			return nil
		}
	}
	return fmt.Errorf("no %s cookie in the answer (Location %q)", sessionCookie, resp.Header.Get("Location"))
}
