package main

// BenchmarkData runs the data rows' requests through LeMedia's real
// handler chain in this process, on a small seeded data set, for profiles
// and per-request allocation counts:
//
//	go test ./cmd/lemedia-bench -run '^$' -bench Data -benchmem -cpuprofile cpu.out
//	LEMEDIA_BENCH_POSTGRES=1 go test ./cmd/lemedia-bench -run '^$' -bench Data -benchmem

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/app"
	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/store"
	"github.com/lemedia/lemedia/internal/testenv"
)

const (
	benchUsers    = 20
	benchRequests = 2000
)

// seededApp is LeMedia with benchUsers users and benchRequests requests,
// each user signed in once; it returns the session tokens.
func seededApp(b *testing.B) (*app.App, []string) {
	b.Helper()
	env := map[string]string{"DATA_DIR": b.TempDir(), "LISTEN_ADDR": "127.0.0.1:0", "TRUSTED_PROXIES": "127.0.0.1",
		"USER_RATE_LIMIT": "1000000", "USER_RATE_BURST": "1000000", "ARGON2_MEMORY_KIB": "19456"}
	if os.Getenv("LEMEDIA_BENCH_POSTGRES") == "1" {
		env["DATABASE_URL"] = testenv.Postgres(b)
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	a, err := app.New(ctx, cfg, app.Options{LogOutput: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(a.Close)
	const pw = "benchmark user password"
	hash, err := a.Service.Hasher.Hash(ctx, pw)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now().Add(-benchRequests * time.Minute)
	ids := make([]int64, benchUsers)
	statuses := []domain.RequestStatus{domain.StatusPending, domain.StatusPending, domain.StatusApproved, domain.StatusProcessing,
		domain.StatusAvailable, domain.StatusAvailable, domain.StatusAvailable, domain.StatusPartiallyAvailable, domain.StatusFailed}
	err = a.Store.WithTx(ctx, func(tx *store.Tx) error {
		owner, err := store.CreateUser(ctx, tx, store.NewUser{Username: "owner", Email: "owner@example.org", PasswordHash: hash,
			Permissions: domain.PermAdmin, IsOwner: true, Now: now})
		if err != nil {
			return err
		}
		_ = owner
		for i := range ids {
			name := "seed-user-" + strconv.Itoa(i+1)
			if ids[i], err = store.CreateUser(ctx, tx, store.NewUser{Username: name, Email: name + "@example.org", PasswordHash: hash,
				Permissions: domain.RolePermissions[domain.RoleUser], Now: now}); err != nil {
				return err
			}
		}
		for i := range benchRequests {
			r := domain.Request{UserID: ids[i%len(ids)], Type: domain.Movie, TMDBID: int64(8_000_000 + i),
				Title: "Seeded film " + strconv.Itoa(i+1), Status: statuses[i%len(statuses)]}
			if i%4 == 3 {
				r.Type, r.Title = domain.TV, "Seeded series "+strconv.Itoa(i+1)
				for e := 1; e <= 8; e++ {
					r.Items = append(r.Items, domain.RequestItem{Season: 1, Episode: e})
				}
			}
			r.RequestedBy = r.UserID
			if _, err := store.InsertRequest(ctx, tx, r, now.Add(time.Duration(i)*time.Minute)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	tokens := make([]string, 0, benchUsers+1)
	for i := range benchUsers {
		res, err := a.Service.Login(ctx, service.Meta{IP: clientAddr(i), UserAgent: "bench"}, "seed-user-"+strconv.Itoa(i+1), pw)
		if err != nil {
			b.Fatal(err)
		}
		tokens = append(tokens, res.Token)
	}
	res, err := a.Service.Login(ctx, service.Meta{IP: clientAddr(benchUsers), UserAgent: "bench"}, "owner", pw)
	if err != nil {
		b.Fatal(err)
	}
	return a, append(tokens, res.Token) // the owner's last
}

func BenchmarkData(b *testing.B) {
	a, tokens := seededApp(b)
	h := a.Server.Handler()
	users, owner := tokens[:benchUsers], tokens[benchUsers:]
	for _, c := range []struct {
		name, path string
		tokens     []string
	}{
		{"api-list", "/api/v1/request", users},
		{"api-list-pending", "/api/v1/request?filter=pending", users},
		{"api-list-staff", "/api/v1/request", owner},
		{"api-counts", "/api/v1/request/count", users},
		{"api-counts-staff", "/api/v1/request/count", owner},
		{"page-requests", "/requests", users},
		{"page-admin-requests", "/admin/requests", owner},
	} {
		b.Run(c.name, func(b *testing.B) {
			reqs := make([]*http.Request, len(c.tokens))
			// A cancellable context, as net/http gives every request: the
			// database drivers watch it (a goroutine per query).
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			for i, tok := range c.tokens {
				r := httptest.NewRequestWithContext(ctx, http.MethodGet, c.path, nil)
				r.RemoteAddr = "127.0.0.1:40000"
				r.Header.Set("X-Forwarded-For", clientAddr(i))
				r.Header.Set("User-Agent", "bench")
				r.Header.Set("Cookie", sessionCookie+"="+tok)
				reqs[i] = r
			}
			w := &discardWriter{h: http.Header{}}
			h.ServeHTTP(w, reqs[0])
			if w.status != 0 && w.status != 200 {
				b.Fatalf("%s: status %d", c.path, w.status)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				clear(w.h)
				w.status = 0
				h.ServeHTTP(w, reqs[i%len(reqs)])
			}
			if w.status != 0 && w.status != 200 {
				b.Fatalf("%s: status %d", c.path, w.status)
			}
		})
	}
}
