package imageproxy

import (
	"net/http"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A FIFO at a cache name would block an open for reading; it is a miss.
func TestFIFOAtCacheNameIsAMiss(t *testing.T) {
	e, up, u := plantedEnv(t, func(e *env, name string) {
		if err := syscall.Mkdir(filepath.Join(e.cacheDir, name[:2]), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(filepath.Join(e.cacheDir, filepath.FromSlash(name)), 0o600); err != nil {
			t.Fatal(err)
		}
	})
	done := make(chan *struct{ code int })
	go func() {
		w := e.do(t, http.MethodGet, u)
		done <- &struct{ code int }{w.Code}
	}()
	select {
	case r := <-done:
		if r.code != http.StatusOK || up.hits.Load() != 1 {
			t.Errorf("status %d, %d upstream requests", r.code, up.hits.Load())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("blocked on the FIFO")
	}
}
