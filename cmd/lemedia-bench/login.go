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
	"strconv"
	"strings"
	"sync"
	"time"
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
	return signInFormAs(ctx, t, client, ownerLogin, ownerPassword)
}

// signInFormAs is signInForm for any account.
func signInFormAs(ctx context.Context, t *Target, client, login, password string) (map[string]string, []byte, error) {
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
	form := url.Values{"csrf_token": {html.UnescapeString(string(m[1]))}, "login": {login}, "password": {password}}
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

// The data set of the Data rows: `lemedia seed` (cmd/lemedia/seed.go)
// makes the users seed-user-1 … seed-user-200 with this password, and
// 10 000 requests spread over them.
const (
	seedUsers    = 200
	seedRequests = 10000
	seedPassword = "benchmark user password"
)

// The session sets of the Data rows, in Target.Sessions.
const (
	ownerSessions = "owner" // the owner signed in 32 times: staff, one user
	usersSessions = "users" // every seeded user signed in once
	ownerSignIns  = 32
)

// Addresses of the sign-ins of the data server (indexes into 198.18.0.0/15),
// apart from those of the other rows, one per session.
const (
	ownerSessionAddr = 16384
	userSessionAddr  = 16384 + 256
)

// Session is a signed-in browser: its session cookie and the address it
// signed in from, which its requests keep.
type Session struct {
	Cookie string // the value of the session cookie
	Addr   string // X-Forwarded-For
}

// header is what a request of the session sends.
func (s Session) header() map[string]string {
	return map[string]string{"Cookie": sessionCookie + "=" + s.Cookie, "X-Forwarded-For": s.Addr}
}

// seedData runs `lemedia seed` on the data dir (and database) before the
// server starts, as an operator would.
func seedData(ctx context.Context, t *Target) error {
	cmd := exec.CommandContext(ctx, t.Binary, "seed", "-users", strconv.Itoa(seedUsers), "-requests", strconv.Itoa(seedRequests))
	cmd.Env = t.Env()
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s seed: %v: %s", t.Binary, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// signInSessions signs the owner in ownerSignIns times and every seeded
// user once, each from its own address, two at a time (the server hashes
// at most NumCPU passwords at once and answers 503 to a sign-in that waits
// too long for a slot; such a sign-in is tried again).
func signInSessions(ctx context.Context, t *Target) error {
	type job struct {
		set, login, password, addr string
		i                          int
	}
	var jobs []job
	for i := range ownerSignIns {
		jobs = append(jobs, job{ownerSessions, ownerLogin, ownerPassword, clientAddr(ownerSessionAddr + i), i})
	}
	for i := range seedUsers {
		jobs = append(jobs, job{usersSessions, "seed-user-" + strconv.Itoa(i+1), seedPassword, clientAddr(userSessionAddr + i), i})
	}
	t.Sessions = map[string][]Session{ownerSessions: make([]Session, ownerSignIns), usersSessions: make([]Session, seedUsers)}
	next := make(chan job)
	errs := make(chan error, 2)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for j := range next {
				cookie, err := signIn(ctx, t, j.addr, j.login, j.password)
				if err != nil {
					errs <- fmt.Errorf("signing in %s: %w", j.login, err)
					return
				}
				t.Sessions[j.set][j.i] = Session{Cookie: cookie, Addr: j.addr}
			}
		})
	}
	var err error
feed:
	for _, j := range jobs {
		select {
		case next <- j:
		case err = <-errs:
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errs:
		default:
		}
	}
	return err
}

// signIn signs login in from addr as a browser does and returns the
// session cookie; a 503 (no hashing slot free) is tried again.
func signIn(ctx context.Context, t *Target, addr, login, password string) (string, error) {
	header, body, err := signInFormAs(ctx, t, addr, login, password)
	if err != nil {
		return "", err
	}
	for try := 0; ; try++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.BaseURL()+"/login", strings.NewReader(string(body)))
		if err != nil {
			return "", err
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		req.Header.Set("X-Forwarded-For", addr)
		resp, err := pollClient.Do(req)
		if err != nil {
			return "", err
		}
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable && try < 20 {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		if resp.StatusCode != http.StatusSeeOther {
			return "", fmt.Errorf("POST /login answered %d, want 303", resp.StatusCode)
		}
		for _, c := range resp.Cookies() {
			if c.Name == sessionCookie && c.Value != "" {
				return c.Value, nil
			}
		}
		return "", fmt.Errorf("no %s cookie in the answer (Location %q)", sessionCookie, resp.Header.Get("Location"))
	}
}
