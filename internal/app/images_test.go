package app_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/lemedia/lemedia/internal/apptest"
)

func TestPostersGoThroughTheSignedProxy(t *testing.T) {
	s := apptest.Start(t, apptest.Options{})
	owner := setupOwner(t, s)
	page := owner.Get("/movie/9000001")
	src := regexp.MustCompile(`src="(/img/[^"]+)"`).FindStringSubmatch(page.Body)
	if page.Status != 200 || src == nil {
		t.Fatalf("film page: %d, no proxied poster", page.Status)
	}
	anon := s.NewBrowser(t) // posters need no session: the signature authorises
	img := anon.Get(src[1])
	if img.Status != 200 || img.Header.Get("Content-Type") != "image/png" || !strings.HasPrefix(img.Body, "\x89PNG") ||
		!strings.Contains(img.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("poster: %d %v", img.Status, img.Header)
	}
	forged := strings.Replace(src[1], "/img/", "/img/AAAA", 1)
	if p := anon.Get(forged); p.Status != http.StatusNotFound {
		t.Fatalf("forged signature: %d", p.Status)
	}
}
