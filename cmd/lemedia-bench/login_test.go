package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeLogin answers GET /login like LeMedia (a pre-session cookie and a
// form with the token bound to it) and POST /login with 303 and a session
// cookie when the cookie, token and password match.
func fakeLogin(t *testing.T) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			client := r.Header.Get("X-Forwarded-For")
			http.SetCookie(w, &http.Cookie{Name: preCookie, Value: "pre-" + client, Path: "/", Secure: true, HttpOnly: true})
			fmt.Fprintf(w, `<form method="post"><input type="hidden" name="csrf_token" value="tok-%s&amp;x"><input name="login">`, client)
		case http.MethodPost:
			c, err := r.Cookie(preCookie)
			if err != nil || r.PostFormValue("csrf_token") != "tok-"+strings.TrimPrefix(c.Value, "pre-")+"&x" ||
				r.PostFormValue("login") != ownerLogin || r.PostFormValue("password") != ownerPassword {
				w.WriteHeader(http.StatusForbidden)
				return
			}
			http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "s", Path: "/"})
			http.Redirect(w, r, "/", http.StatusSeeOther)
		}
	}))
}

func fakeTarget(t *testing.T, srv *httptest.Server) *Target {
	self, err := os.FindProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// The harness's own process stands in for the server's pid (CPU, RSS).
	return &Target{Kind: "fake", Addr: strings.TrimPrefix(srv.URL, "http://"), cmd: &exec.Cmd{Process: self}}
}

func TestSignInForm(t *testing.T) {
	srv := fakeLogin(t)
	defer srv.Close()
	tg := fakeTarget(t, srv)
	header, body, err := signInForm(context.Background(), tg, clientAddr(5))
	if err != nil {
		t.Fatal(err)
	}
	if header["Cookie"] != preCookie+"=pre-198.18.0.5" || header["Content-Type"] != "application/x-www-form-urlencoded" {
		t.Errorf("header %v", header)
	}
	form, err := url.ParseQuery(string(body))
	if err != nil || form.Get("csrf_token") != "tok-198.18.0.5&x" || form.Get("login") != ownerLogin || form.Get("password") != ownerPassword {
		t.Errorf("body %q, %v", body, err)
	}
	// The row's request, as the probe and the load clients send it.
	ep := Endpoint{Method: http.MethodPost, Path: "/login", Header: header, Body: body, Status: http.StatusSeeOther, ClientIPs: 3, Check: signedIn}
	if _, err := probe(context.Background(), tg, ep); err != nil {
		t.Error(err)
	}
	rc := newRawClient(tg.Addr, ep, nil, 0, time.Now().Add(time.Minute))
	defer rc.Close()
	if status, err := rc.Do(); err != nil || status != http.StatusSeeOther {
		t.Errorf("raw client: %d, %v", status, err)
	}
}

func TestSignedInNeedsASessionCookie(t *testing.T) {
	resp := &http.Response{Header: http.Header{"Location": {"/setup"}}}
	if signedIn(resp) == nil {
		t.Error("a 303 to /setup without a session counted as a sign-in")
	}
	resp.Header.Add("Set-Cookie", sessionCookie+"=abc; Path=/")
	if err := signedIn(resp); err != nil {
		t.Error(err)
	}
}

// TestBurstFiresAtOnce: the server answers only once every request of the
// burst is in flight at the same time, so the burst completes only if the
// barrier held all of them until every connection was ready; each comes
// from its own address with its own form.
func TestBurstFiresAtOnce(t *testing.T) {
	const n = 50
	var mu sync.Mutex
	inFlight, answered := 0, 0
	all := make(chan struct{})
	clients := map[string]bool{}
	login := fakeLogin(t)
	defer login.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			login.Config.Handler.ServeHTTP(w, r)
			return
		}
		c, _ := r.Cookie(preCookie)
		mu.Lock()
		clients[r.Header.Get("X-Forwarded-For")] = c != nil && c.Value == "pre-"+r.Header.Get("X-Forwarded-For")
		if inFlight++; inFlight == n {
			close(all)
		}
		mu.Unlock()
		select {
		case <-all:
		case <-time.After(20 * time.Second):
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		mu.Lock()
		answered++
		i := answered
		mu.Unlock()
		switch {
		case i <= 2:
			w.WriteHeader(http.StatusSeeOther)
		case i == n:
			w.WriteHeader(http.StatusTeapot)
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	tg := fakeTarget(t, srv)
	b := Burst{Name: "test", Method: http.MethodPost, Path: "/login", Form: signInForm, Conns: n,
		Accept: []int{http.StatusSeeOther, http.StatusTooManyRequests, http.StatusServiceUnavailable}}
	res, err := runBurst(context.Background(), tg, b)
	if err != nil {
		t.Fatal(err)
	}
	if res.Statuses[303] != 2 || res.Statuses[503] != n-3 || res.Statuses[418] != 1 || res.Errors != 0 {
		t.Errorf("statuses %v, %d errors (%s)", res.Statuses, res.Errors, res.FirstError)
	}
	if !res.Failed() || res.Other() != 1 || !strings.Contains(res.answers(), "1 × 418 (unexpected)") {
		t.Errorf("a 418 must fail the burst: failed %v, other %d, %s", res.Failed(), res.Other(), res.answers())
	}
	if res.Latency.Count() != n || res.Wall < res.Latency.Max() || res.PeakRSS == 0 {
		t.Errorf("%d latencies, wall %v, max %v, peak RSS %d", res.Latency.Count(), res.Wall, res.Latency.Max(), res.PeakRSS)
	}
	if len(clients) != n {
		t.Errorf("%d client addresses, want %d", len(clients), n)
	}
	for client, ownForm := range clients {
		if !strings.HasPrefix(client, "198.19.") || !ownForm {
			t.Errorf("client %s: upper half of the range %v, its own form %v", client, strings.HasPrefix(client, "198.19."), ownForm)
		}
	}
}

// Seeds on the first server run after its measured starts: a Before there
// would change what the starts measure.
func TestOnlyOwnerSeedsRunBeforeTheStart(t *testing.T) {
	for _, s := range seeds {
		if s.Before != nil {
			t.Errorf("seed %s has Before; only ownerSeeds may", s.Name)
		}
	}
}

func TestRowOptions(t *testing.T) {
	o := LoadOptions{Conns: 32, Warmup: 2 * time.Second, Duration: 10 * time.Second, MaxRequests: 5_000_000}
	got := Endpoint{Conns: 1, Requests: 40, Warmup: 500 * time.Millisecond}.options(o)
	if got.Conns != 1 || got.MaxRequests != 40 || got.Warmup != 500*time.Millisecond || got.Duration != o.Duration {
		t.Errorf("row options %+v", got)
	}
	if got := (Endpoint{}).options(o); got != o {
		t.Errorf("a row without overrides changed the options: %+v", got)
	}
}

// Every data row names a set of sessions the data server signs in, and
// every row with sessions runs there.
func TestDataRowsHaveSessions(t *testing.T) {
	for _, ep := range endpoints {
		if ep.Data != (ep.Sessions != "") {
			t.Errorf("%s: Data %v, Sessions %q", ep.Name, ep.Data, ep.Sessions)
		}
		if ep.Sessions != "" && ep.Sessions != ownerSessions && ep.Sessions != usersSessions {
			t.Errorf("%s: unknown sessions %q", ep.Name, ep.Sessions)
		}
	}
}
