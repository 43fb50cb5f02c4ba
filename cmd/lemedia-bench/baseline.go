package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// baselineCommand is the hidden first argument that makes this binary the
// baseline server instead of the harness.
const baselineCommand = "baseline-server"

// serveBaseline is the floor LeMedia is compared with: a trivial net/http
// handler answering the health paths with a fixed JSON body, no middleware,
// no database, no logging. It runs as its own process, started and
// measured exactly like LeMedia, so the ratio between the two is the cost
// of what LeMedia does per request.
func serveBaseline() int {
	addr := os.Getenv("LISTEN_ADDR")
	if addr == "" {
		addr = "127.0.0.1:3010"
	}
	body := []byte(`{"status":"ok"}` + "\n")
	health := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", health)
	mux.HandleFunc("GET /api/v1/health", health)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		return 1
	}
	fmt.Printf("baseline is running at http://%s\n", ln.Addr())
	// The same limits as LeMedia's server, which cost a deadline per request.
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		return 1
	}
	return 0
}
