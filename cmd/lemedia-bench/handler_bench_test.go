package main

// These benchmarks run LeMedia's real handler chain in this process, without
// sockets, to attribute the per-request cost that the load harness measures
// end to end. They are for profiling:
//
//	go test ./cmd/lemedia-bench -run '^$' -bench . -benchmem -cpuprofile cpu.out
//	go tool pprof -top -cum cmd/lemedia-bench.test cpu.out

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/app"
	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/server"
)

// newApp wires LeMedia as production does (SQLite in a temp dir, JSON logs
// at info), with the log discarded after it is encoded.
func newApp(b *testing.B) *app.App {
	b.Helper()
	env := map[string]string{"DATA_DIR": b.TempDir(), "LISTEN_ADDR": "127.0.0.1:0", "TRUSTED_PROXIES": "127.0.0.1"}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		b.Fatal(err)
	}
	a, err := app.New(context.Background(), cfg, app.Options{LogOutput: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(a.Close)
	return a
}

// discardWriter is a ResponseWriter that keeps nothing but the status.
type discardWriter struct {
	h      http.Header
	status int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(code int)        { w.status = code }

// BenchmarkHandler is the whole middleware and handler of each path, minus
// net/http's connection handling: /healthz has no database and no huma,
// /readyz adds the database checks, /api/v1/health adds huma. Pages rotate
// X-Forwarded-For over many clients to stay inside the per-IP budget.
func BenchmarkHandler(b *testing.B) {
	h := newApp(b).Server.Handler()
	for _, c := range []struct {
		path   string
		status int
		page   bool
	}{
		{"/healthz", 200, false}, {"/readyz", 200, false}, {"/api/v1/health", 200, false},
		{"/", http.StatusSeeOther, true}, {"/setup", 200, true},
	} {
		b.Run(c.path, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, c.path, nil)
			req.RemoteAddr = "127.0.0.1:40000"
			w := &discardWriter{h: http.Header{}}
			addrs := []string{"198.18.0.1"}
			if c.page {
				addrs = make([]string, pageClients)
				for i := range addrs {
					addrs[i] = clientAddr(i)
				}
			}
			xff := []string{addrs[0]}
			req.Header["X-Forwarded-For"] = xff
			h.ServeHTTP(w, req)
			if w.status != c.status && !(w.status == 0 && c.status == 200) {
				b.Fatalf("%s: status %d, want %d", c.path, w.status, c.status)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				xff[0] = addrs[i%len(addrs)]
				clear(w.h)
				h.ServeHTTP(w, req)
			}
		})
	}
}

// BenchmarkPieces measures the parts of a health request one by one.
func BenchmarkPieces(b *testing.B) {
	a := newApp(b)
	ctx := context.Background()
	b.Run("store.Ping", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := a.Store.Ping(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("store.Ping/deadline", func(b *testing.B) { // as in Health.Ready: the driver watches ctx
		dctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		b.ReportAllocs()
		for b.Loop() {
			if err := a.Store.Ping(dctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("store.Ping/parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				if err := a.Store.Ping(ctx); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("prepared SELECT 1", func(b *testing.B) { // what a ping with a kept statement would cost
		stmt, err := a.Store.DB.PrepareContext(ctx, "SELECT 1")
		if err != nil {
			b.Fatal(err)
		}
		defer stmt.Close()
		b.ReportAllocs()
		var one int
		for b.Loop() {
			if err := stmt.QueryRowContext(ctx).Scan(&one); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("health.Ready", func(b *testing.B) {
		h := server.NewHealth(server.Check{Name: "database", Run: a.Store.Ping}, server.MigrationsCheck(a.Store.MigrationsCurrent))
		b.ReportAllocs()
		for b.Loop() {
			if ok, _ := h.Ready(ctx); !ok {
				b.Fatal("not ready")
			}
		}
	})
	b.Run("context.WithTimeout", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, cancel := context.WithTimeout(ctx, 2*time.Second)
			cancel()
		}
	})
	b.Run("request id and nonce", func(b *testing.B) { // what the middleware draws per page
		b.ReportAllocs()
		var id, nonce [18]byte
		for b.Loop() {
			_, _ = rand.Read(id[:12])
			_, _ = rand.Read(nonce[:])
			_ = base64.RawURLEncoding.EncodeToString(id[:12]) + base64.RawURLEncoding.EncodeToString(nonce[:])
		}
	})
}
