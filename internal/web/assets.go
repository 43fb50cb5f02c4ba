package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// asset is one embedded static file served under a content-hashed name,
// so it can be cached for a year and still change with every release.
type asset struct {
	body        []byte
	contentType string
	etag        string
}

// assets maps "/static/app.1a2b3c4d.css" to the file; urls maps "app.css" to that path.
type assets struct {
	byPath map[string]asset
	urls   map[string]string
}

func loadAssets() (*assets, error) {
	a := &assets{byPath: map[string]asset{}, urls: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:12]
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		url := "/static/" + strings.TrimSuffix(name, ext) + "." + hash + ext
		a.urls[name] = url
		a.byPath[url] = asset{body: body, contentType: mime.TypeByExtension(ext), etag: `"` + hash + `"`}
		return nil
	})
	return a, err
}

// url returns the hashed URL of a static file; a missing name is a template bug.
func (a *assets) url(name string) (string, error) {
	if u, ok := a.urls[name]; ok {
		return u, nil
	}
	return "", fs.ErrNotExist
}

var buildTime = time.Unix(0, 0)

func (a *assets) serve(w http.ResponseWriter, r *http.Request, notFound func(http.ResponseWriter, *http.Request)) {
	f, ok := a.byPath[r.URL.Path]
	if !ok {
		notFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", f.etag)
	http.ServeContent(w, r, "", buildTime, bytes.NewReader(f.body))
}
