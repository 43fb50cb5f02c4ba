package imageproxy

import (
	"bytes"
	"encoding/binary"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestCacheNameShape(t *testing.T) {
	n := cacheName("tmdb", "w500", "a.png")
	if !isCacheName(n) || !filepath.IsLocal(n) || n[:2] != n[3:5] {
		t.Fatalf("%q", n)
	}
	if cacheName("tmdb", "w500", "a.png") != n || cacheName("tmdb", "w500", "b.png") == n ||
		cacheName("tmdb", "w342", "a.png") == n || cacheName("jellyfin", "w500", "a.png") == n {
		t.Error("names do not follow source, size and path")
	}
	for _, bad := range []string{"", "../" + n[3:], n[:2] + "\\" + n[3:], "00/" + n[3:], n + "x", n[:66],
		"ab/ABCDEF" + n[9:], n[:2] + "/" + n[3:66] + "/"} {
		if isCacheName(bad) {
			t.Errorf("isCacheName(%q)", bad)
		}
	}
}

// The cache's own guard: os.Root refuses names that leave the directory
// even if isCacheName were bypassed.
func TestRootConfines(t *testing.T) {
	e := newEnv(t, Options{Builtin: func(string, string) ([]byte, bool) { return nil, false }})
	for _, name := range []string{"../outside/x", "/etc/passwd", "ab/../../outside/x", "../cache/../outside/x"} {
		if f, err := e.cache.root.Create(name); err == nil {
			f.Close()
			t.Errorf("root created %q", name)
		}
		if err := e.cache.put(name, typePNG, pngBytes(t)); err == nil {
			t.Errorf("put(%q) accepted", name)
		}
		if _, ok := e.cache.get(name); ok {
			t.Errorf("get(%q) hit", name)
		}
	}
	e.checkContained(t)
}

// plantedEnv is a proxy whose cache holds, at the name of the image it will
// be asked for, something planted by an attacker with write access.
func plantedEnv(t *testing.T, plant func(e *env, name string)) (*env, *upstream, string) {
	t.Helper()
	img := pngBytes(t)
	up := newUpstream(t, serveBytes(img, ""))
	e := newEnv(t, Options{Sources: []Source{up.source(t, "tmdb")}})
	name := cacheName("tmdb", "w500", "a.png")
	plant(e, name)
	return e, up, e.URL("tmdb", "a.png", "w500")
}

func TestSymlinkOutOfCacheNotFollowed(t *testing.T) {
	secret := []byte("\x89PNG\r\n\x1a\nsecret outside the cache")
	for _, tc := range []struct {
		name   string
		target func(e *env) string
	}{
		{"absolute", func(e *env) string { return filepath.Join(e.parent, "secret.png") }},
		{"relative", func(*env) string { return "../../secret.png" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var outsideFile string
			e, up, u := plantedEnv(t, func(e *env, name string) {
				outsideFile = filepath.Join(e.parent, "secret.png")
				// A well-formed cache file: served if the link were followed.
				hdr := binary.BigEndian.AppendUint64([]byte("lmi1\x02"), uint64(len(secret)))
				if err := os.WriteFile(outsideFile, append(hdr, secret...), 0o600); err != nil {
					t.Fatal(err)
				}
				os.MkdirAll(filepath.Join(e.cacheDir, name[:2]), 0o700)
				if err := os.Symlink(tc.target(e), filepath.Join(e.cacheDir, filepath.FromSlash(name))); err != nil {
					t.Fatal(err)
				}
			})
			w := e.do(t, http.MethodGet, u)
			checkImageHeaders(t, w, "image/png")
			if bytes.Contains(w.Body.Bytes(), []byte("secret")) || up.hits.Load() != 1 {
				t.Fatalf("served the file outside the cache (upstream hits %d)", up.hits.Load())
			}
			before, _ := os.ReadFile(outsideFile)
			if !bytes.Contains(before, secret) {
				t.Fatal("the file outside the cache was changed")
			}
			// The link was replaced by the real file, not written through.
			fi, err := os.Lstat(filepath.Join(e.cacheDir, filepath.FromSlash(cacheName("tmdb", "w500", "a.png"))))
			if err != nil || !fi.Mode().IsRegular() {
				t.Fatalf("cache entry %v %v", fi, err)
			}
			checkImageHeaders(t, e.do(t, http.MethodGet, u), "image/png")
			if up.hits.Load() != 1 {
				t.Errorf("%d upstream requests", up.hits.Load())
			}
		})
	}
}

func TestSymlinkedShardNotWrittenThrough(t *testing.T) {
	e, up, u := plantedEnv(t, func(e *env, name string) {
		if err := os.Symlink(e.outside, filepath.Join(e.cacheDir, name[:2])); err != nil {
			t.Fatal(err)
		}
	})
	// Served from memory; the write fails inside the root and is logged.
	checkImageHeaders(t, e.do(t, http.MethodGet, u), "image/png")
	checkImageHeaders(t, e.do(t, http.MethodGet, u), "image/png")
	if out, _ := os.ReadDir(e.outside); len(out) != 0 {
		t.Fatalf("written through the link: %v", out)
	}
	if up.hits.Load() != 2 {
		t.Errorf("%d upstream requests, want 2 (nothing cacheable)", up.hits.Load())
	}
	if !bytes.Contains([]byte(e.log.String()), []byte("cache write failed")) {
		t.Errorf("log %q", e.log.String())
	}
}

func TestOddCacheEntriesAreMisses(t *testing.T) {
	img := pngBytes(t)
	for _, tc := range []struct {
		name  string
		plant func(path string) error
	}{
		{"directory", func(p string) error { return os.Mkdir(p, 0o700) }},
		{"empty", func(p string) error { return os.WriteFile(p, nil, 0o600) }},
		{"no header", func(p string) error { return os.WriteFile(p, img, 0o600) }},
		{"bad magic", func(p string) error {
			return os.WriteFile(p, append([]byte("xxxx\x02\x00\x00\x00\x00\x00\x00\x00\x04"), "abcd"...), 0o600)
		}},
		{"bad type", func(p string) error {
			return os.WriteFile(p, append([]byte("lmi1\x09\x00\x00\x00\x00\x00\x00\x00\x04"), "abcd"...), 0o600)
		}},
		{"svg type 0", func(p string) error {
			return os.WriteFile(p, append([]byte("lmi1\x00\x00\x00\x00\x00\x00\x00\x00\x06"), "<svg/>"...), 0o600)
		}},
		{"truncated", func(p string) error {
			return os.WriteFile(p, append([]byte("lmi1\x02\x00\x00\x00\x00\x00\x00\x10\x00"), img...), 0o600)
		}},
		{"too long", func(p string) error {
			return os.WriteFile(p, append([]byte("lmi1\x02\x00\x00\x00\x00\x00\x00\x00\x04"), img...), 0o600)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, up, u := plantedEnv(t, func(e *env, name string) {
				os.MkdirAll(filepath.Join(e.cacheDir, name[:2]), 0o700)
				if err := tc.plant(filepath.Join(e.cacheDir, filepath.FromSlash(name))); err != nil {
					t.Fatal(err)
				}
			})
			w := e.do(t, http.MethodGet, u)
			if tc.name == "directory" {
				// Cannot be replaced by a rename: served, not cached.
				checkImageHeaders(t, w, "image/png")
				return
			}
			checkImageHeaders(t, w, "image/png")
			if !bytes.Equal(w.Body.Bytes(), img) || up.hits.Load() != 1 {
				t.Fatalf("served the planted entry (hits %d)", up.hits.Load())
			}
			checkImageHeaders(t, e.do(t, http.MethodGet, u), "image/png")
			if up.hits.Load() != 1 {
				t.Errorf("damaged entry not replaced: %d upstream requests", up.hits.Load())
			}
		})
	}
}

// stepClock is a deterministic clock.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Minute)
	return c.t
}

func TestEviction(t *testing.T) {
	img := pngBytes(t)
	per := int64(headerSize + len(img))
	up := newUpstream(t, serveBytes(img, ""))
	clock := &stepClock{t: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	e := newEnv(t, Options{Sources: []Source{up.source(t, "tmdb")}, CacheMaxBytes: 4 * per, Now: clock.now})
	paths := []string{"1.png", "2.png", "3.png", "4.png", "5.png"}
	for _, p := range paths {
		checkImageHeaders(t, e.do(t, http.MethodGet, e.URL("tmdb", p, "w92")), "image/png")
	}
	// Over the limit at the 5th: the oldest go until at most 90% (3 files).
	var want []string
	for _, p := range paths[2:] {
		want = append(want, cacheName("tmdb", "w92", p))
	}
	slices.Sort(want)
	got := e.cacheFiles(t)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("after eviction %q, want %q", got, want)
	}
	if e.cache.total.Load() != 3*per {
		t.Errorf("total %d, want %d", e.cache.total.Load(), 3*per)
	}
	e.checkContained(t)
}

func TestStaleTempFilesRemoved(t *testing.T) {
	dir := t.TempDir()
	name := cacheName("tmdb", "w92", "a.png")
	os.MkdirAll(filepath.Join(dir, name[:2]), 0o700)
	old := filepath.Join(dir, filepath.FromSlash(name)+tmpMarker+"old")
	fresh := filepath.Join(dir, filepath.FromSlash(name)+tmpMarker+"fresh")
	other := filepath.Join(dir, "README")
	for _, f := range []string{old, fresh, other} {
		if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	os.Chtimes(old, now.Add(-2*time.Hour), now.Add(-2*time.Hour))
	os.Chtimes(fresh, now.Add(-time.Minute), now.Add(-time.Minute))
	p, err := New(Options{Key: testKey, CacheDir: dir, Now: func() time.Time { return now },
		Builtin: func(string, string) ([]byte, bool) { return nil, false }})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for f, want := range map[string]bool{old: false, fresh: true, other: true} {
		if _, err := os.Stat(f); (err == nil) != want {
			t.Errorf("%s exists=%v, want %v", filepath.Base(f), err == nil, want)
		}
	}
}

func TestPutGetRoundTrip(t *testing.T) {
	e := newEnv(t, Options{Builtin: func(string, string) ([]byte, bool) { return nil, false }})
	name := cacheName("x", "w92", "y")
	for _, img := range [][]byte{gifBytes(t), webpBytes()} {
		typ, _ := detect(img)
		if err := e.cache.put(name, typ, img); err != nil {
			t.Fatal(err)
		}
		ent, ok := e.cache.get(name)
		if !ok {
			t.Fatal("miss")
		}
		got, err := io.ReadAll(ent.body)
		ent.f.Close()
		if err != nil || ent.typ != typ || !bytes.Equal(got, img) {
			t.Fatalf("got %v %d bytes, want %v", ent.typ, len(got), typ)
		}
	}
	if err := e.cache.put(name, 0, []byte("<svg/>")); err == nil {
		t.Error("put accepted type 0")
	}
	e.checkContained(t)
}
