package imageproxy

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/httpx"
)

var testKey = bytes.Repeat([]byte("0123456789abcdef"), 2)

func testImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 4, 6))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	return img
}

func pngBytes(t testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, testImage()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func jpegBytes(t testing.TB) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gifBytes(t testing.TB) []byte {
	pal := image.NewPaletted(image.Rect(0, 0, 2, 2), color.Palette{color.Black, color.White})
	var b bytes.Buffer
	if err := gif.Encode(&b, pal, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// webpBytes is a minimal lossless WebP container (1×1); only its magic
// numbers matter here.
func webpBytes() []byte {
	chunk := []byte{0x2f, 0, 0, 0, 0, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0x00}
	var b bytes.Buffer
	b.WriteString("RIFF")
	binary.Write(&b, binary.LittleEndian, uint32(4+8+len(chunk)))
	b.WriteString("WEBPVP8L")
	binary.Write(&b, binary.LittleEndian, uint32(len(chunk)))
	b.Write(chunk)
	return b.Bytes()
}

// upstream is a loopback image server that counts requests and connections.
type upstream struct {
	*httptest.Server
	hits  atomic.Int64
	conns atomic.Int64
	mu    sync.Mutex
	reqs  []*http.Request
}

func newUpstream(t testing.TB, h http.HandlerFunc) *upstream {
	t.Helper()
	u := &upstream{}
	u.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.hits.Add(1)
		u.mu.Lock()
		u.reqs = append(u.reqs, r.Clone(r.Context()))
		u.mu.Unlock()
		h(w, r)
	}))
	u.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			u.conns.Add(1)
		}
	}
	u.Start()
	t.Cleanup(u.Close)
	return u
}

func (u *upstream) requests() []*http.Request {
	u.mu.Lock()
	defer u.mu.Unlock()
	return slices.Clone(u.reqs)
}

func (u *upstream) addr(t testing.TB) netip.AddrPort {
	return netip.MustParseAddrPort(u.Listener.Addr().String())
}

// serveBytes answers every request with body and the claimed content type.
func serveBytes(body []byte, claimed string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if claimed != "" {
			w.Header().Set("Content-Type", claimed)
		}
		w.Write(body)
	}
}

// source returns a Source for u with base path /t/p and a loopback client.
func (u *upstream) source(t testing.TB, name string) Source {
	base, err := url.Parse(u.URL + "/t/p")
	if err != nil {
		t.Fatal(err)
	}
	return Source{Name: name, BaseURL: base, Client: httpx.New(httpx.Policy{AllowPrivate: true})}
}

// lockedBuffer collects log output from concurrent requests.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// env is a proxy whose cache directory sits in parent next to a decoy
// directory "outside" that must stay empty.
type env struct {
	*Proxy
	parent, cacheDir, outside string
	log                       *lockedBuffer
}

func newEnv(t testing.TB, o Options) *env {
	t.Helper()
	parent := t.TempDir()
	e := &env{parent: parent, cacheDir: filepath.Join(parent, "cache"), outside: filepath.Join(parent, "outside"), log: &lockedBuffer{}}
	if err := os.Mkdir(e.outside, 0o700); err != nil {
		t.Fatal(err)
	}
	if o.Key == nil {
		o.Key = testKey
	}
	o.CacheDir = e.cacheDir
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(e.log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	p, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	e.Proxy = p
	return e
}

// do serves one request for a URL path (which may be escaped) directly.
func (e *env) do(t testing.TB, method, target string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	u, err := url.ParseRequestURI(target)
	if err != nil {
		u = &url.URL{Path: target}
	}
	return e.doURL(method, u, hdr...)
}

func (e *env) doURL(method string, u *url.URL, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "/", nil)
	r.URL = u
	r.RequestURI = u.RequestURI()
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	e.ServeHTTP(w, r)
	return w
}

// cacheFiles lists every non-directory under the cache directory.
func (e *env) cacheFiles(t testing.TB) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(e.cacheDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(e.cacheDir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkContained fails unless the parent holds only the cache and the empty
// decoy, and every file in the cache has a cache name.
func (e *env) checkContained(t testing.TB) {
	t.Helper()
	ents, err := os.ReadDir(e.parent)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range ents {
		names = append(names, d.Name())
	}
	if !slices.Equal(names, []string{"cache", "outside"}) {
		t.Fatalf("parent directory changed: %q", names)
	}
	if out, _ := os.ReadDir(e.outside); len(out) != 0 {
		t.Fatalf("something written outside the cache: %v", out)
	}
	for _, f := range e.cacheFiles(t) {
		if !isCacheName(f) {
			t.Fatalf("cache holds %q, not a cache name", f)
		}
	}
}

func checkImageHeaders(t testing.TB, w *httptest.ResponseRecorder, ct string) {
	t.Helper()
	h := w.Header()
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, want 200 (%q)", w.Code, w.Body.String())
	}
	if got := h.Get("Content-Type"); got != ct {
		t.Errorf("Content-Type %q, want %q", got, ct)
	}
	if got := h.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control %q", got)
	}
	if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options %q", got)
	}
	if got := h.Get("ETag"); len(got) != 66 || !strings.HasPrefix(got, `"`) {
		t.Errorf("ETag %q", got)
	}
	if h.Get("Content-Security-Policy") != "" {
		t.Error("the proxy set a Content-Security-Policy; the server owns it")
	}
}

// waitFor polls cond; the deadline only guards against a hang.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
