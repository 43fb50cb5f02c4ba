package imageproxy

import (
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCacheName: whatever the source, size and path, the cache name is two
// hex digits, a slash and 64 hex digits; storing under it creates exactly
// that file inside the cache directory and nothing anywhere else; and a raw
// hostile string used as a name is refused without creating anything.
func FuzzCacheName(f *testing.F) {
	f.Add("tmdb", "w500", "abc.jpg")
	f.Add("builtin", "original", "lemedia-poster-1.png")
	for _, p := range hostilePaths {
		f.Add("tmdb", "w500", p)
		f.Add("../"+p, "..", p)
	}
	e := newEnv(f, Options{Builtin: func(string, string) ([]byte, bool) { return nil, false }})
	img := pngBytes(f)
	f.Fuzz(func(t *testing.T, source, size, p string) {
		name := cacheName(source, size, p)
		if !isCacheName(name) || !filepath.IsLocal(name) || strings.Contains(name, "..") {
			t.Fatalf("cacheName(%q, %q, %q) = %q", source, size, p, name)
		}
		if err := e.cache.put(name, typePNG, img); err != nil {
			t.Fatalf("put %q: %v", name, err)
		}
		files := e.cacheFiles(t)
		if len(files) != 1 || files[0] != name {
			t.Fatalf("cache holds %q, want [%s]", files, name)
		}
		if ent, ok := e.cache.get(name); !ok {
			t.Fatal("stored entry missing")
		} else {
			ent.f.Close()
		}
		// Hostile text as a name: refused, nothing created.
		for _, raw := range []string{p, source + "/" + p, size} {
			if ent, ok := e.cache.get(raw); ok {
				ent.f.Close()
				if raw != name {
					t.Fatalf("get(%q) hit", raw)
				}
			}
			if !isCacheName(raw) && e.cache.put(raw, typePNG, img) == nil {
				t.Fatalf("put(%q) accepted", raw)
			}
		}
		e.checkContained(t)
		clearCache(t, e)
	})
}

// FuzzServePath: any request path, signed or not, is either refused or
// served for a plain path; upstream requests stay under the source's base
// path; files appear only under cache names inside the cache directory.
func FuzzServePath(f *testing.F) {
	f.Add("AAAAAAAAAAAAAAAAAAAAAA/tmdb/w500/a.png", true)
	f.Add("AAAAAAAAAAAAAAAAAAAAAA/builtin/w92/lemedia-poster-1.png", true)
	f.Add("AAAAAAAAAAAAAAAAAAAAAA/tmdb/w500/a.png", false)
	for _, p := range hostilePaths {
		f.Add("AAAAAAAAAAAAAAAAAAAAAA/tmdb/w500/"+p, true)
		f.Add("AAAAAAAAAAAAAAAAAAAAAA/builtin/original/"+p, true)
	}
	img := pngBytes(f)
	up := newUpstream(f, serveBytes(img, "image/png"))
	e := newEnv(f, Options{
		Sources: []Source{up.source(f, "tmdb")},
		Builtin: func(string, string) ([]byte, bool) { return img, true },
	})
	f.Fuzz(func(t *testing.T, target string, signIt bool) {
		raw := Prefix + target
		u, err := url.ParseRequestURI(raw)
		if err != nil {
			u = &url.URL{Path: raw}
		}
		if signIt {
			resign(testKey, u)
		}
		before := len(up.requests())
		w := e.doURL(http.MethodGet, u)
		switch w.Code {
		case http.StatusOK:
			rest := strings.TrimPrefix(u.Path, Prefix)
			parts := strings.SplitN(rest, "/", 4)
			if len(parts) != 4 || u.EscapedPath() != u.Path || !validPath(parts[3]) || !ValidSize(parts[2]) ||
				(parts[1] != "tmdb" && parts[1] != BuiltinSource) {
				t.Fatalf("served %q (escaped %q)", u.Path, u.EscapedPath())
			}
		case http.StatusNotFound:
		default:
			t.Fatalf("status %d for %q", w.Code, u.Path)
		}
		for _, r := range up.requests()[before:] {
			p := r.URL.EscapedPath()
			if path.Clean(p) != p || !strings.HasPrefix(p, "/t/p/") || strings.ContainsAny(p, "%\\:") || r.URL.RawQuery != "" {
				t.Fatalf("upstream request %q", r.URL)
			}
		}
		e.checkContained(t)
		clearCache(t, e)
	})
}

// clearCache empties the cache directory (not the directory itself, which
// the proxy's os.Root holds open).
func clearCache(t *testing.T, e *env) {
	t.Helper()
	ents, err := os.ReadDir(e.cacheDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ents {
		if err := os.RemoveAll(filepath.Join(e.cacheDir, d.Name())); err != nil {
			t.Fatal(err)
		}
	}
}
