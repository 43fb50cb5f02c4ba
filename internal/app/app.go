// Package app is the composition root: it wires configuration, logging,
// storage and the HTTP server, and shuts them down in order.
package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/lemedia/lemedia/internal/api"
	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/obs"
	"github.com/lemedia/lemedia/internal/server"
	"github.com/lemedia/lemedia/internal/store"
	"github.com/lemedia/lemedia/internal/web"
)

// App is one running LeMedia process.
type App struct {
	Config *config.Config
	Log    *slog.Logger
	Store  *store.Store
	Server *server.Server
	redis  *redis.Client
}

// Options are what differs between production, tests and benchmarks.
type Options struct {
	LogOutput io.Writer
	Now       func() time.Time // nil: time.Now
}

// New opens the database, migrates it and builds the server.
func New(ctx context.Context, cfg *config.Config, opts Options) (*App, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := obs.NewLogger(opts.LogOutput, cfg.LogLevel, cfg.LogFormat)
	if err := config.EnsureSecrets(cfg); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, cfg.DatabaseURL.Reveal(), cfg.DataDir)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Log: log, Store: st}
	if n, err := st.Migrate(ctx); err != nil {
		a.Close()
		return nil, err
	} else if n > 0 {
		log.Info("migrations applied", "count", n, "engine", string(st.Engine))
	}
	checks := []server.Check{
		{Name: "database", Run: st.Ping},
		server.MigrationsCheck(st.MigrationsCurrent),
	}
	if !cfg.RedisURL.IsZero() {
		ropts, err := redis.ParseURL(cfg.RedisURL.Reveal())
		if err != nil {
			a.Close()
			return nil, fmt.Errorf("REDIS_URL: cannot be parsed")
		}
		a.redis = redis.NewClient(ropts)
		checks = append(checks, server.Check{Name: "redis", Run: func(ctx context.Context) error {
			return a.redis.Ping(ctx).Err()
		}})
	}
	pages, err := web.New(log)
	if err != nil {
		a.Close()
		return nil, err
	}
	a.Server = server.New(cfg, log, pages, opts.Now)
	health := server.NewHealth(checks...)
	a.Server.RegisterCore(health)
	pages.Register(a.Server.Router())
	api.New(a.Server.Router(), api.Deps{Health: health})
	a.warnings()
	return a, nil
}

func (a *App) warnings() {
	cfg := a.Config
	if len(cfg.GeneratedSecrets) > 0 {
		a.Log.Info("using secrets generated in the data dir", "names", cfg.GeneratedSecrets, "data_dir", cfg.DataDir)
		if a.Store.Engine == store.Postgres {
			a.Log.Warn("set SESSION_SECRET and SERVICES_SECRET_KEY explicitly when several instances share one PostgreSQL")
		}
	}
	if host, _, _ := net.SplitHostPort(cfg.ListenAddr); !isLoopback(host) && !cfg.HTTPS() {
		a.Log.Warn("listening beyond loopback without an https APP_BASE_URL: put LeMedia behind a TLS proxy and set APP_BASE_URL")
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Run serves on the configured address until ctx ends.
func (a *App) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.Config.ListenAddr)
	if err != nil {
		return err
	}
	return a.Serve(ctx, ln)
}

// Serve serves on ln until ctx ends, then drains requests in flight.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	a.Log.Info("LeMedia is listening", "url", "http://"+ln.Addr().String(), "engine", string(a.Store.Engine))
	return a.Server.Serve(ctx, ln, 25*time.Second)
}

// Close releases the database and Redis.
func (a *App) Close() {
	if a.redis != nil {
		_ = a.redis.Close()
	}
	if a.Store != nil {
		_ = a.Store.Close()
	}
}
