package imageproxy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/httpx"
)

var urlShape = regexp.MustCompile(`^/img/[A-Za-z0-9_-]{22}/[a-z][a-z0-9-]*/[a-z0-9]+/[A-Za-z0-9._~/-]+$`)

func TestServeAndCache(t *testing.T) {
	img := pngBytes(t)
	up := newUpstream(t, serveBytes(img, "text/html")) // the claimed type is ignored
	e := newEnv(t, Options{Sources: []Source{up.source(t, "tmdb")}})

	u := e.URL("tmdb", "/abc123.png", "w500")
	if !urlShape.MatchString(u) || !strings.HasSuffix(u, "/tmdb/w500/abc123.png") {
		t.Fatalf("URL %q", u)
	}
	w := e.do(t, http.MethodGet, u)
	checkImageHeaders(t, w, "image/png")
	if !bytes.Equal(w.Body.Bytes(), img) {
		t.Fatal("body differs from the upstream image")
	}
	reqs := up.requests()
	if len(reqs) != 1 || reqs[0].URL.Path != "/t/p/w500/abc123.png" || reqs[0].URL.RawQuery != "" {
		t.Fatalf("upstream requests %v", reqs)
	}
	if got := reqs[0].Header.Get("Accept"); strings.Contains(got, "svg") || !strings.Contains(got, "image/png") {
		t.Errorf("Accept %q", got)
	}
	files := e.cacheFiles(t)
	name := cacheName("tmdb", "w500", "abc123.png")
	if len(files) != 1 || files[0] != name {
		t.Fatalf("cache files %q, want [%s]", files, name)
	}
	if w.Header().Get("ETag") != `"`+name[3:]+`"` {
		t.Errorf("ETag %q", w.Header().Get("ETag"))
	}

	// From disk: no upstream request, same answer.
	w2 := e.do(t, http.MethodGet, u)
	checkImageHeaders(t, w2, "image/png")
	if !bytes.Equal(w2.Body.Bytes(), img) || w2.Header().Get("ETag") != w.Header().Get("ETag") {
		t.Fatal("cached answer differs")
	}
	head := e.do(t, http.MethodHead, u)
	checkImageHeaders(t, head, "image/png")
	if head.Body.Len() != 0 || head.Header().Get("Content-Length") != fmt.Sprint(len(img)) {
		t.Errorf("HEAD: body %d bytes, Content-Length %q", head.Body.Len(), head.Header().Get("Content-Length"))
	}
	cond := e.do(t, http.MethodGet, u, "If-None-Match", w.Header().Get("ETag"))
	if cond.Code != http.StatusNotModified || cond.Body.Len() != 0 {
		t.Errorf("If-None-Match: %d", cond.Code)
	}
	rng := e.do(t, http.MethodGet, u, "Range", "bytes=0-7")
	if rng.Code != http.StatusPartialContent || !bytes.Equal(rng.Body.Bytes(), img[:8]) {
		t.Errorf("Range: %d %q", rng.Code, rng.Body.Bytes())
	}
	if n := up.hits.Load(); n != 1 {
		t.Errorf("%d upstream requests, want 1", n)
	}
	e.checkContained(t)

	// A new proxy on the same directory serves from disk too.
	p2, err := New(Options{Key: testKey, Sources: []Source{up.source(t, "tmdb")}, CacheDir: e.cacheDir})
	if err != nil {
		t.Fatal(err)
	}
	defer p2.Close()
	w3 := httptest.NewRecorder()
	p2.ServeHTTP(w3, httptest.NewRequest(http.MethodGet, u, nil))
	checkImageHeaders(t, w3, "image/png")
	if n := up.hits.Load(); n != 1 {
		t.Errorf("%d upstream requests after a restart, want 1", n)
	}
}

// Through a real server and mux, the way the application mounts it.
func TestMounted(t *testing.T) {
	img := jpegBytes(t)
	up := newUpstream(t, serveBytes(img, ""))
	e := newEnv(t, Options{Sources: []Source{up.source(t, "tmdb")}})
	mux := http.NewServeMux()
	mux.Handle("GET /img/", e)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		req, _ := http.NewRequest(method, srv.URL+e.URL("tmdb", "/x.jpg", "original"), nil)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" ||
			resp.Header.Get("Cache-Control") != cacheControl {
			t.Fatalf("%s: %d %v", method, resp.StatusCode, resp.Header)
		}
		if method == http.MethodGet && !bytes.Equal(body, img) {
			t.Fatal("body differs")
		}
	}
	if up.hits.Load() != 1 {
		t.Errorf("%d upstream requests, want 1", up.hits.Load())
	}
}

func TestAllowedTypes(t *testing.T) {
	for _, tc := range []struct {
		name, claimed, want string
		body                []byte
	}{
		{"png", "image/png", "image/png", pngBytes(t)},
		{"png as html", "text/html", "image/png", pngBytes(t)},
		{"jpeg", "image/jpeg", "image/jpeg", jpegBytes(t)},
		{"jpeg unlabelled", "", "image/jpeg", jpegBytes(t)},
		{"gif", "image/gif", "image/gif", gifBytes(t)},
		{"webp", "image/webp", "image/webp", webpBytes()},
		{"webp as svg", "image/svg+xml", "image/webp", webpBytes()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			up := newUpstream(t, serveBytes(tc.body, tc.claimed))
			e := newEnv(t, Options{Sources: []Source{up.source(t, "tmdb")}})
			u := e.URL("tmdb", "/i", "w92")
			w := e.do(t, http.MethodGet, u)
			checkImageHeaders(t, w, tc.want)
			// From disk, the stored type, not sniffed again.
			checkImageHeaders(t, e.do(t, http.MethodGet, u), tc.want)
			if up.hits.Load() != 1 {
				t.Errorf("%d upstream requests", up.hits.Load())
			}
		})
	}
}

func TestURLRefusesBadInput(t *testing.T) {
	up := newUpstream(t, serveBytes(pngBytes(t), ""))
	e := newEnv(t, Options{Sources: []Source{up.source(t, "tmdb")}})
	for _, tc := range []struct{ source, path, size string }{
		{"nope", "a.jpg", "w500"},
		{"builtin", "a.jpg", "w500"}, // no Builtin configured
		{"TMDB", "a.jpg", "w500"},
		{"tmdb", "a.jpg", "w501"},
		{"tmdb", "a.jpg", ""},
		{"tmdb", "a.jpg", "W500"},
		{"tmdb", "", "w500"},
		{"tmdb", "/", "w500"},
		{"tmdb", "//a.jpg", "w500"},
		{"tmdb", "../a.jpg", "w500"},
		{"tmdb", "a/../../b", "w500"},
		{"tmdb", "%2e%2e/a", "w500"},
		{"tmdb", `a\b`, "w500"},
		{"tmdb", "http://evil.test/a.png", "w500"},
		{"tmdb", "a\x00.png", "w500"},
		{"tmdb", "a?b=c", "w500"},
		{"tmdb", "a b", "w500"},
		{"tmdb", strings.Repeat("a", MaxPathLen+1), "w500"},
	} {
		if got := e.URL(tc.source, tc.path, tc.size); got != "" {
			t.Errorf("URL(%q, %q, %q) = %q, want \"\"", tc.source, tc.path, tc.size, got)
		}
	}
	if e.URL("tmdb", strings.Repeat("a", MaxPathLen), "w500") == "" {
		t.Error("a path of exactly MaxPathLen bytes refused")
	}
}

// notFound checks the one answer every refused URL gets.
func notFound(t *testing.T, what string, w *httptest.ResponseRecorder) {
	t.Helper()
	if w.Code != http.StatusNotFound || w.Body.String() != "not found\n" || w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("%s: %d %q %v, want the generic 404", what, w.Code, w.Body.String(), w.Header())
	}
	if w.Header().Get("ETag") != "" || strings.HasPrefix(w.Header().Get("Content-Type"), "image/") {
		t.Errorf("%s: image headers on a refusal", what)
	}
}

func TestSignatureRefused(t *testing.T) {
	up := newUpstream(t, serveBytes(pngBytes(t), ""))
	jf := newUpstream(t, serveBytes(pngBytes(t), ""))
	e := newEnv(t, Options{Sources: []Source{up.source(t, "tmdb"), jf.source(t, "jellyfin")}})
	good := e.URL("tmdb", "a.png", "w500")
	sig := strings.Split(good, "/")[2]
	other := sign(bytes.Repeat([]byte("x"), 32), "tmdb", "w500", "a.png")
	flip := []byte(sig)
	flip[5] ^= 1
	cases := map[string]string{
		"missing":          "/img/tmdb/w500/a.png",
		"empty":            "/img//tmdb/w500/a.png",
		"forged":           "/img/AAAAAAAAAAAAAAAAAAAAAA/tmdb/w500/a.png",
		"other key":        "/img/" + other + "/tmdb/w500/a.png",
		"flipped bit":      "/img/" + string(flip) + "/tmdb/w500/a.png",
		"upper case":       "/img/" + strings.ToUpper(sig) + "/tmdb/w500/a.png",
		"truncated":        "/img/" + sig[:21] + "/tmdb/w500/a.png",
		"padded":           "/img/" + sig + "==/tmdb/w500/a.png",
		"full length hmac": "/img/" + sig + sig + "/tmdb/w500/a.png",
		"tampered path":    "/img/" + sig + "/tmdb/w500/b.png",
		"tampered size":    "/img/" + sig + "/tmdb/original/a.png",
		"tampered source":  "/img/" + sig + "/jellyfin/w500/a.png",
		"extra segment":    "/img/" + sig + "/tmdb/w500/a.png/x",
		"sig escaped":      "/img/" + url.PathEscape(sig[:3]) + "%" + fmt.Sprintf("%02X", sig[3]) + sig[4:] + "/tmdb/w500/a.png",
		"no prefix":        strings.TrimPrefix(good, "/img"),
		"other prefix":     "/image" + strings.TrimPrefix(good, "/img"),
		"dot segment":      "/img/./" + sig + "/tmdb/w500/a.png",
		"trailing slash":   good + "/",
		"query is not sig": "/img/tmdb/w500/a.png?sig=" + sig,
		"signature only":   "/img/" + sig,
	}
	for what, target := range cases {
		notFound(t, what, e.do(t, http.MethodGet, target))
	}
	if up.hits.Load()+jf.hits.Load() != 0 || up.conns.Load()+jf.conns.Load() != 0 {
		t.Errorf("refused URLs reached upstream: %d requests", up.hits.Load()+jf.hits.Load())
	}
	if files := e.cacheFiles(t); len(files) != 0 {
		t.Errorf("cache files after refusals: %q", files)
	}
	// The query string is ignored, not signed: the good URL with one works.
	checkImageHeaders(t, e.do(t, http.MethodGet, good+"?v=2"), "image/png")
	if w := e.do(t, http.MethodPost, good); w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d %v", w.Code, w.Header())
	}
}

func TestUnknownSource(t *testing.T) {
	tm := newUpstream(t, serveBytes(pngBytes(t), ""))
	jf := newUpstream(t, serveBytes(pngBytes(t), ""))
	both := newEnv(t, Options{Sources: []Source{tm.source(t, "tmdb"), jf.source(t, "jellyfin")}})
	u := both.URL("jellyfin", "Items/1/Images/Primary", "w342")
	if u == "" {
		t.Fatal("no URL")
	}
	// The same key without that source (an admin removed the server).
	only := newEnv(t, Options{Sources: []Source{tm.source(t, "tmdb")}})
	notFound(t, "removed source", only.do(t, http.MethodGet, u))
	// Validly signed for names that are not sources.
	for _, src := range []string{"nope", "builtin", "TMDB", "tmdb ", "tm%64b"} {
		notFound(t, src, only.do(t, http.MethodGet, "/img/"+sign(testKey, src, "w342", "a.png")+"/"+src+"/w342/a.png"))
	}
	// Validly signed for a size that is not allowed.
	notFound(t, "size", only.do(t, http.MethodGet, "/img/"+sign(testKey, "tmdb", "w9999", "a.png")+"/tmdb/w9999/a.png"))
	if tm.hits.Load()+jf.hits.Load() != 0 {
		t.Error("upstream reached")
	}
}

// hostilePaths are image paths as they would appear in a request URL (some
// escaped), for sources whose signature is valid.
var hostilePaths = []string{
	"..",
	"../etc/passwd",
	"../../../../../../etc/passwd",
	"a/../../outside/x.png",
	"a/..",
	"a/../b",
	"%2e%2e/x.png",
	"%2E%2E/%2E%2E/x.png",
	"..%2fx.png",
	"..%2F..%2Fx.png",
	"%2e%2e%2f%2e%2e%2fx.png",
	"%252e%252e%252fx.png",
	"a%2fb.png",
	"/etc/passwd",
	"//evil.test/x.png",
	"a//b.png",
	"a/",
	".",
	"./a.png",
	"a/./b.png",
	`..\x.png`,
	`a\b.png`,
	"a%5cb.png",
	"..%5c..%5cx.png",
	"http://evil.test/x.png",
	"https:/evil.test/x.png",
	"file:///etc/passwd",
	"javascript:alert(1)",
	"C:/Windows/x.png",
	"a\x00.png",
	"a%00.png",
	"a\n.png",
	"a%0d%0aSet-Cookie:x.png",
	"a\x7f.png",
	"a%7f.png",
	"a b.png",
	"a%20b.png",
	"%41.png",
	"é.png",
	"%c3%a9.png",
	"%c0%ae%c0%ae/x.png",
	"a;b.png",
	"a@b.png",
	strings.Repeat("a", MaxPathLen+1),
	strings.Repeat("a/", 300) + "b",
}

// signedTarget builds a request URL for target (the part after "/img/{sig}/")
// whose signature covers what the handler will see after decoding.
func signedTarget(key []byte, target string) *url.URL {
	const placeholder = "SIGSIGSIGSIGSIGSIGSIGS"
	raw := Prefix + placeholder + "/" + target
	u, err := url.ParseRequestURI(raw)
	if err != nil {
		u = &url.URL{Path: raw}
	}
	resign(key, u)
	return u
}

// resign replaces the signature segment of u with a valid signature of the
// (decoded) rest of the path.
func resign(key []byte, u *url.URL) {
	rest, ok := strings.CutPrefix(u.Path, Prefix)
	if !ok {
		return
	}
	parts := strings.SplitN(rest, "/", 4)
	if len(parts) != 4 {
		return
	}
	sig := sign(key, parts[1], parts[2], parts[3])
	u.Path = Prefix + sig + "/" + strings.Join(parts[1:], "/")
	if rr, ok := strings.CutPrefix(u.RawPath, Prefix); ok {
		if i := strings.IndexByte(rr, '/'); i >= 0 {
			u.RawPath = Prefix + sig + rr[i:]
		}
	}
}

func TestHostilePaths(t *testing.T) {
	img := pngBytes(t)
	up := newUpstream(t, serveBytes(img, ""))
	e := newEnv(t, Options{
		Sources: []Source{up.source(t, "tmdb")},
		Builtin: func(string, string) ([]byte, bool) { return img, true },
	})
	for _, src := range []string{"tmdb", BuiltinSource} {
		for _, p := range hostilePaths {
			u := signedTarget(testKey, src+"/w500/"+p)
			notFound(t, fmt.Sprintf("%s %q", src, p), e.doURL(http.MethodGet, u))
		}
	}
	if up.hits.Load() != 0 {
		t.Errorf("hostile paths reached upstream %d times", up.hits.Load())
	}
	if files := e.cacheFiles(t); len(files) != 0 {
		t.Errorf("cache files: %q", files)
	}
	e.checkContained(t)
	// The helper itself works: a plain path signed the same way is served.
	checkImageHeaders(t, e.doURL(http.MethodGet, signedTarget(testKey, "tmdb/w500/a/b.png")), "image/png")
}

func TestUpstreamRefused(t *testing.T) {
	png := pngBytes(t)
	big := append(bytes.Clone(png), make([]byte, 2048)...)
	release := make(chan struct{})
	defer close(release)
	stall := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
	for _, tc := range []struct {
		name   string
		h      http.HandlerFunc
		status int
		reason string
	}{
		{"svg", serveBytes([]byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "image/svg+xml"), 502, "type text/plain"},
		{"svg claiming png", serveBytes([]byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), "image/png"), 502, "type text/xml"},
		{"html claiming png", serveBytes([]byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), "image/png"), 502, "type text/html"},
		{"json claiming png", serveBytes([]byte(`{"poster":"x"}`), "image/png"), 502, "type text/plain"},
		{"empty 200", serveBytes(nil, "image/png"), 502, "type text/plain"},
		{"png magic only", serveBytes([]byte("\x89PNG"), "image/png"), 502, "type"},
		{"bmp", serveBytes(append([]byte("BM"), make([]byte, 64)...), "image/bmp"), 502, "type image/bmp"},
		{"ico", serveBytes(append([]byte("\x00\x00\x01\x00"), make([]byte, 64)...), "image/x-icon"), 502, "type image/x-icon"},
		{"pdf", serveBytes([]byte("%PDF-1.7\n"), "image/png"), 502, "type application/pdf"},
		{"oversized with length", serveBytes(big, "image/png"), 502, "too_large"},
		{"oversized chunked", func(w http.ResponseWriter, r *http.Request) {
			w.Write(big[:100])
			w.(http.Flusher).Flush()
			w.Write(big[100:])
		}, 502, "too_large"},
		{"404", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "upstream says gone", 404) }, 404, "http_status 404"},
		{"500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "upstream stack trace", 500) }, 502, "http_status 500"},
		{"204", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) }, 502, "http_status 204"},
		{"206", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(206); w.Write(png) }, 502, "http_status 206"},
		{"304", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(304) }, 502, "http_status 304"},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, r.URL.Path, 302) }, 502, "redirect"},
		{"redirect to another scheme", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "file:///etc/passwd", 302) }, 502, "redirect"},
		{"slow headers", stall, 504, "timeout"},
		{"slow body", func(w http.ResponseWriter, r *http.Request) {
			w.Write(png[:16])
			w.(http.Flusher).Flush()
			stall(w, r)
		}, 504, "timeout"},
		{"cut short", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(len(png)+10))
			w.Write(png)
		}, 502, "bad_response"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			up := newUpstream(t, tc.h)
			src := up.source(t, "tmdb")
			e := newEnv(t, Options{Sources: []Source{src}, MaxBytes: int64(len(big) - 1), Timeout: 300 * time.Millisecond})
			w := e.do(t, http.MethodGet, e.URL("tmdb", "x.png", "w500"))
			if w.Code != tc.status {
				t.Errorf("status %d, want %d", w.Code, tc.status)
			}
			if ct := w.Header().Get("Content-Type"); strings.HasPrefix(ct, "image/") || w.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("headers %v", w.Header())
			}
			if b := w.Body.String(); b != "image unavailable\n" && b != "not found\n" {
				t.Errorf("body %q: not the generic message", b)
			}
			if files := e.cacheFiles(t); len(files) != 0 {
				t.Errorf("cached after a refusal: %q", files)
			}
			log := e.log.String()
			if !strings.Contains(log, "reason=\""+tc.reason) && !strings.Contains(log, "reason="+tc.reason) {
				t.Errorf("log %q does not give the reason %q", log, tc.reason)
			}
			if strings.Contains(log, "alert") || strings.Contains(log, "upstream says") || strings.Contains(log, "stack trace") {
				t.Errorf("upstream body in the log: %q", log)
			}
			e.checkContained(t)
		})
	}
}

func TestMaxBytes(t *testing.T) {
	img := pngBytes(t)
	up := newUpstream(t, serveBytes(img, ""))
	exact := newEnv(t, Options{Sources: []Source{up.source(t, "tmdb")}, MaxBytes: int64(len(img))})
	checkImageHeaders(t, exact.do(t, http.MethodGet, exact.URL("tmdb", "a.png", "w92")), "image/png")
	under := newEnv(t, Options{Sources: []Source{up.source(t, "tmdb")}, MaxBytes: int64(len(img) - 1)})
	if w := under.do(t, http.MethodGet, under.URL("tmdb", "a.png", "w92")); w.Code != http.StatusBadGateway {
		t.Errorf("one byte over: %d", w.Code)
	}
	// The client's own cap (httpx) is honoured too.
	src := up.source(t, "tmdb")
	src.Client = httpx.New(httpx.Policy{AllowPrivate: true, MaxResponseBytes: 20})
	small := newEnv(t, Options{Sources: []Source{src}})
	if w := small.do(t, http.MethodGet, small.URL("tmdb", "a.png", "w92")); w.Code != http.StatusBadGateway {
		t.Errorf("over the client's cap: %d", w.Code)
	}
	if !strings.Contains(small.log.String(), "too_large") {
		t.Errorf("log %q", small.log.String())
	}
	if len(under.cacheFiles(t))+len(small.cacheFiles(t)) != 0 {
		t.Error("cached")
	}
}

func TestConcurrentMisses(t *testing.T) {
	img := pngBytes(t)
	release := make(chan struct{})
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
		w.Write(img)
	})
	e := newEnv(t, Options{Sources: []Source{up.source(t, "tmdb")}})
	u := e.URL("tmdb", "same.png", "w185")
	const n = 12
	var wg sync.WaitGroup
	codes := make([]int, n)
	bodies := make([][]byte, n)
	for i := range n {
		wg.Go(func() {
			w := e.do(t, http.MethodGet, u)
			codes[i], bodies[i] = w.Code, w.Body.Bytes()
		})
	}
	waitFor(t, "all requests to wait for the fetch", func() bool { return e.waiting.Load() == n })
	close(release)
	wg.Wait()
	for i := range n {
		if codes[i] != 200 || !bytes.Equal(bodies[i], img) {
			t.Errorf("request %d: %d", i, codes[i])
		}
	}
	if got := up.hits.Load(); got != 1 {
		t.Errorf("%d upstream requests for %d concurrent misses, want 1", got, n)
	}
}

// A client giving up does not abort the shared fetch.
func TestCanceledClientStillCaches(t *testing.T) {
	img := pngBytes(t)
	release := make(chan struct{})
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
		w.Write(img)
	})
	e := newEnv(t, Options{Sources: []Source{up.source(t, "tmdb")}})
	u := e.URL("tmdb", "c.png", "w185")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		r := httptest.NewRequest(http.MethodGet, u, nil).WithContext(ctx)
		e.ServeHTTP(httptest.NewRecorder(), r)
	}()
	waitFor(t, "the fetch", func() bool { return up.hits.Load() == 1 })
	cancel()
	close(release)
	<-done
	waitFor(t, "the cache file", func() bool { return len(e.cacheFiles(t)) == 1 })
	checkImageHeaders(t, e.do(t, http.MethodGet, u), "image/png")
	if up.hits.Load() != 1 {
		t.Errorf("%d upstream requests", up.hits.Load())
	}
}

func TestBuiltin(t *testing.T) {
	img := pngBytes(t)
	var mu sync.Mutex
	var calls []string
	builtin := func(path, size string) ([]byte, bool) {
		mu.Lock()
		calls = append(calls, path+" "+size)
		mu.Unlock()
		switch path {
		case "lemedia-poster-9000001.png":
			return img, true
		case "lemedia-poster-svg.png":
			return []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), true
		}
		return nil, false
	}
	// A network source whose client fails the test if it is ever used.
	noNet := Source{Name: "tmdb", BaseURL: &url.URL{Scheme: "https", Host: "image.tmdb.org", Path: "/t/p"},
		Client: &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			t.Errorf("network request to %s", r.URL.Host)
			return nil, fmt.Errorf("no network in this test")
		})}}
	e := newEnv(t, Options{Builtin: builtin, Sources: []Source{noNet}})
	u := e.URL(BuiltinSource, "/lemedia-poster-9000001.png", "w342")
	if !strings.HasPrefix(u, "/img/") || !strings.HasSuffix(u, "/builtin/w342/lemedia-poster-9000001.png") {
		t.Fatalf("URL %q", u)
	}
	w := e.do(t, http.MethodGet, u)
	checkImageHeaders(t, w, "image/png")
	if !bytes.Equal(w.Body.Bytes(), img) {
		t.Fatal("body differs")
	}
	checkImageHeaders(t, e.do(t, http.MethodHead, u), "image/png")
	notFound(t, "unknown builtin", e.do(t, http.MethodGet, e.URL(BuiltinSource, "lemedia-poster-1.png", "w342")))
	if w := e.do(t, http.MethodGet, e.URL(BuiltinSource, "lemedia-poster-svg.png", "w342")); w.Code != http.StatusBadGateway {
		t.Errorf("builtin SVG: %d", w.Code)
	}
	mu.Lock()
	want := []string{"lemedia-poster-9000001.png w342", "lemedia-poster-9000001.png w342", "lemedia-poster-1.png w342", "lemedia-poster-svg.png w342"}
	if fmt.Sprint(calls) != fmt.Sprint(want) {
		t.Errorf("builtin calls %q, want %q", calls, want)
	}
	mu.Unlock()
	if files := e.cacheFiles(t); len(files) != 0 {
		t.Errorf("builtin images written to disk: %q", files)
	}
	// Builtin only, no sources at all.
	only := newEnv(t, Options{Builtin: builtin})
	checkImageHeaders(t, only.do(t, http.MethodGet, only.URL(BuiltinSource, "lemedia-poster-9000001.png", "original")), "image/png")
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRedirectToAnotherHostRefused(t *testing.T) {
	img := pngBytes(t)
	second := newUpstream(t, serveBytes(img, "image/png"))
	first := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, second.URL+"/t/p/w500/a.png", http.StatusFound)
	})
	src := first.source(t, "tmdb")
	src.Client = httpx.New(httpx.Policy{AllowPrivate: true, DenyAddrs: []netip.AddrPort{second.addr(t)}})
	e := newEnv(t, Options{Sources: []Source{src}})
	w := e.do(t, http.MethodGet, e.URL("tmdb", "a.png", "w500"))
	if w.Code != http.StatusBadGateway {
		t.Errorf("status %d, want 502", w.Code)
	}
	if first.hits.Load() != 1 || second.conns.Load() != 0 || second.hits.Load() != 0 {
		t.Errorf("first %d requests, second %d connections", first.hits.Load(), second.conns.Load())
	}
	if files := e.cacheFiles(t); len(files) != 0 {
		t.Errorf("cached: %q", files)
	}
	if !strings.Contains(e.log.String(), "reason=redirect") {
		t.Errorf("log %q", e.log.String())
	}

	// The same check without the proxy's own rule: httpx's policy refuses the
	// second server's address on its own.
	direct := httpx.New(httpx.Policy{AllowPrivate: true, DenyAddrs: []netip.AddrPort{second.addr(t)}})
	resp, err := direct.Get(first.URL + "/t/p/w500/a.png")
	if err == nil {
		resp.Body.Close()
	}
	if f := httpx.Classify(err, resp); f.Kind != httpx.KindRefused || second.conns.Load() != 0 {
		t.Errorf("httpx alone: %v, %d connections to the second server", f, second.conns.Load())
	}
}

func TestRedirectOnSameHostFollowed(t *testing.T) {
	img := pngBytes(t)
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/t/p/w500/old.png" {
			http.Redirect(w, r, "/t/p/w500/new.png", http.StatusMovedPermanently)
			return
		}
		w.Write(img)
	})
	e := newEnv(t, Options{Sources: []Source{up.source(t, "tmdb")}})
	checkImageHeaders(t, e.do(t, http.MethodGet, e.URL("tmdb", "old.png", "w500")), "image/png")
	if up.hits.Load() != 2 {
		t.Errorf("%d upstream requests, want 2", up.hits.Load())
	}
}

func TestHeaderAndCustomUpstream(t *testing.T) {
	up := newUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/jf/Items/abc/Images/Primary" {
			w.Write(jpegBytes(t))
			return
		}
		http.Error(w, "no", 500)
	})
	base, _ := url.Parse(up.URL + "/jf")
	src := Source{
		Name: "jellyfin", BaseURL: base, Client: httpx.New(httpx.Policy{AllowPrivate: true}),
		Header: http.Header{"X-Emby-Token": {"header-key-1234"}},
		Upstream: func(path, size string) (string, url.Values) {
			q := url.Values{"quality": {"90"}}
			if w, ok := strings.CutPrefix(size, "w"); ok {
				q.Set("maxWidth", w)
			}
			if path == "broken" {
				q.Set("api_key", "QUERYSECRET") // never do this; here to check the log
			}
			return path, q
		},
	}
	e := newEnv(t, Options{Sources: []Source{src}})
	checkImageHeaders(t, e.do(t, http.MethodGet, e.URL("jellyfin", "Items/abc/Images/Primary", "w342")), "image/jpeg")
	reqs := up.requests()
	if len(reqs) != 1 || reqs[0].Header.Get("X-Emby-Token") != "header-key-1234" ||
		reqs[0].URL.Query().Get("maxWidth") != "342" || reqs[0].URL.Query().Get("quality") != "90" {
		t.Fatalf("upstream saw %v", reqs)
	}
	if w := e.do(t, http.MethodGet, e.URL("jellyfin", "broken", "w92")); w.Code != http.StatusBadGateway {
		t.Errorf("status %d", w.Code)
	}
	log := e.log.String()
	if !strings.Contains(log, "/jf/broken") || !strings.Contains(log, "http_status 500") {
		t.Errorf("log %q lacks the redacted URL or the reason", log)
	}
	if strings.Contains(log, "QUERYSECRET") || strings.Contains(log, "header-key") || strings.Contains(log, "quality") {
		t.Errorf("log %q carries the query or a header", log)
	}

	// An Upstream function cannot climb out of the base path.
	src.Upstream = func(path, size string) (string, url.Values) { return "../../admin/" + path, nil }
	e2 := newEnv(t, Options{Sources: []Source{src}})
	if w := e2.do(t, http.MethodGet, e2.URL("jellyfin", "x", "w92")); w.Code != http.StatusBadGateway {
		t.Errorf("climbing Upstream: %d", w.Code)
	}
	if len(up.requests()) != 2 {
		t.Errorf("%d upstream requests, want 2", len(up.requests()))
	}
}

func TestNewValidation(t *testing.T) {
	client := httpx.New(httpx.Policy{})
	base := &url.URL{Scheme: "https", Host: "image.tmdb.org", Path: "/t/p"}
	ok := Source{Name: "tmdb", BaseURL: base, Client: client}
	dir := t.TempDir()
	with := func(f func(*Options)) Options {
		o := Options{Key: testKey, Sources: []Source{ok}, CacheDir: dir}
		f(&o)
		return o
	}
	src := func(f func(*Source)) func(*Options) {
		return func(o *Options) {
			s := ok
			f(&s)
			o.Sources = []Source{s}
		}
	}
	mustParse := func(s string) *url.URL {
		u, err := url.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	for name, o := range map[string]Options{
		"short key":      with(func(o *Options) { o.Key = testKey[:31] }),
		"no key":         with(func(o *Options) { o.Key = nil }),
		"no cache dir":   with(func(o *Options) { o.CacheDir = "" }),
		"no sources":     with(func(o *Options) { o.Sources = nil }),
		"duplicate":      with(func(o *Options) { o.Sources = []Source{ok, ok} }),
		"builtin name":   with(src(func(s *Source) { s.Name = BuiltinSource })),
		"upper case":     with(src(func(s *Source) { s.Name = "TMDB" })),
		"empty name":     with(src(func(s *Source) { s.Name = "" })),
		"slash in name":  with(src(func(s *Source) { s.Name = "a/b" })),
		"long name":      with(src(func(s *Source) { s.Name = strings.Repeat("a", 33) })),
		"nil client":     with(src(func(s *Source) { s.Client = nil })),
		"nil base":       with(src(func(s *Source) { s.BaseURL = nil })),
		"relative base":  with(src(func(s *Source) { s.BaseURL = mustParse("/t/p") })),
		"ftp base":       with(src(func(s *Source) { s.BaseURL = mustParse("ftp://h/t") })),
		"user info":      with(src(func(s *Source) { s.BaseURL = mustParse("https://u:p@h/t") })),
		"query":          with(src(func(s *Source) { s.BaseURL = mustParse("https://h/t?api_key=x") })),
		"fragment":       with(src(func(s *Source) { s.BaseURL = mustParse("https://h/t#x") })),
		"opaque":         with(src(func(s *Source) { s.BaseURL = mustParse("https:h") })),
		"cache is file":  with(func(o *Options) { o.CacheDir = writeFile(t, dir, "file") }),
		"no source name": with(src(func(s *Source) { s.Name = "-a" })),
	} {
		if p, err := New(o); err == nil {
			p.Close()
			t.Errorf("%s: New accepted it", name)
		}
	}
	p, err := New(with(func(*Options) {}))
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
}

func writeFile(t *testing.T, dir, name string) string {
	t.Helper()
	f := filepath.Join(dir, name)
	if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// The longest allowed path is served, with the size segment in front of it
// upstream (found by FuzzServePath: the upstream path was held to the same
// 512-byte limit and refused).
func TestLongestPathServed(t *testing.T) {
	up := newUpstream(t, serveBytes(pngBytes(t), ""))
	e := newEnv(t, Options{Sources: []Source{up.source(t, "tmdb")}})
	long := strings.Repeat("a/", MaxPathLen/2-1) + "bc"
	if len(long) != MaxPathLen {
		t.Fatal(len(long))
	}
	checkImageHeaders(t, e.do(t, http.MethodGet, e.URL("tmdb", long, "original")), "image/png")
	if reqs := up.requests(); len(reqs) != 1 || reqs[0].URL.Path != "/t/p/original/"+long {
		t.Errorf("upstream saw %v", reqs)
	}
}
