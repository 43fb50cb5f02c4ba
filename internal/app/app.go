// Package app is the composition root: it wires configuration, logging,
// storage and the HTTP server, and shuts them down in order.
package app

import (
	"cmp"
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/lemedia/lemedia/internal/api"
	"github.com/lemedia/lemedia/internal/auth"
	"github.com/lemedia/lemedia/internal/browse"
	"github.com/lemedia/lemedia/internal/catalog"
	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/delivery"
	"github.com/lemedia/lemedia/internal/httpx"
	"github.com/lemedia/lemedia/internal/imageproxy"
	"github.com/lemedia/lemedia/internal/jobs"
	"github.com/lemedia/lemedia/internal/metadata"
	"github.com/lemedia/lemedia/internal/notify"
	"github.com/lemedia/lemedia/internal/obs"
	"github.com/lemedia/lemedia/internal/probe"
	"github.com/lemedia/lemedia/internal/ratelimit"
	"github.com/lemedia/lemedia/internal/secret"
	"github.com/lemedia/lemedia/internal/server"
	"github.com/lemedia/lemedia/internal/service"
	"github.com/lemedia/lemedia/internal/store"
	"github.com/lemedia/lemedia/internal/upstream/arr"
	"github.com/lemedia/lemedia/internal/web"
)

// App is one running LeMedia process.
type App struct {
	Config   *config.Config
	Log      *slog.Logger
	Store    *store.Store
	Service  *service.Service
	Pages    *web.Pages
	Metadata *metadata.Source

	images      *imageproxy.Proxy
	imageSource string
	Server      *server.Server
	redis       *redis.Client
	Jobs        *jobs.Runner
	listening   atomic.Pointer[netip.AddrPort] // the real listener, once serving
}

// Options are what differs between production, tests and benchmarks.
type Options struct {
	LogOutput io.Writer
	Now       func() time.Time      // nil: time.Now
	Mail      service.MailerFactory // nil: SMTP as configured by the admin
	Jobs      jobs.Config           // zero: the defaults
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
	if err := jobs.Migrate(ctx, st); err != nil {
		a.Close()
		return nil, err
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
		// Fail fast: a limiter waiting on a dead Redis would stall every request.
		ropts.DialTimeout, ropts.DialerRetries = 2*time.Second, 1
		a.redis = redis.NewClient(ropts)
		checks = append(checks, server.Check{Name: "redis", Run: func(ctx context.Context) error {
			return a.redis.Ping(ctx).Err()
		}})
	}
	health := server.NewHealth(checks...)
	svc, limiter, err := a.services(opts)
	if err != nil {
		a.Close()
		return nil, err
	}
	policies := ratelimit.DefaultPolicies().WithUserLimit(cfg.UserRateLimit, cfg.UserRateBurst)
	penalties := ratelimit.NewPenalties(limiter)
	pages, err := web.New(web.Options{Log: log, Service: svc, SessionSecret: cfg.SessionSecret,
		SessionMaxAge: cfg.SessionMaxAge, SessionIdle: cfg.SessionIdle, Limiter: limiter,
		Policies: policies, Penalties: penalties, InsecureNote: insecureNote(cfg),
		Browse: browse.New(st, a.Metadata), Images: a.images, ImageSource: a.imageSource,
		Health: health, Engine: string(st.Engine)})
	if err != nil {
		a.Close()
		return nil, err
	}
	jobCfg := opts.Jobs
	jobCfg.Log, jobCfg.Now = log, opts.Now
	jobCfg.PollInterval = cmp.Or(jobCfg.PollInterval, cfg.JobPollInterval)
	jobCfg.RetryBase = cmp.Or(jobCfg.RetryBase, cfg.JobRetryBase)
	jobCfg.RescueAfter = cmp.Or(jobCfg.RescueAfter, cfg.JobRescueAfter)
	if a.Jobs, err = jobs.New(st, svc, jobCfg); err != nil {
		a.Close()
		return nil, err
	}
	svc.Handoff, svc.JobControl = a.Jobs, a.Jobs
	a.deliver(svc)
	a.Service, a.Pages = svc, pages
	a.Server = server.New(cfg, log, pages, opts.Now)
	reports := ratelimit.Limit{Name: "csp-report", Rate: 60, Period: time.Minute, Burst: 20}
	a.Server.RegisterCore(health, ratelimit.Middleware(limiter, reports, ratelimit.ByIP("")))
	pages.Register(a.Server.Router())
	api.New(a.Server.Router(), api.Deps{Log: log, Health: health, Service: svc, Limiter: limiter, Policies: policies, Penalties: penalties})
	a.warnings()
	return a, nil
}

// services builds the password hasher, the sealer, the rate limiter and the
// use cases over them.
func (a *App) services(opts Options) (*service.Service, ratelimit.Store, error) {
	cfg := a.Config
	hasher, err := auth.NewHasher(auth.HasherConfig{Params: auth.Params(cfg.Argon2)})
	if err != nil {
		return nil, nil, err
	}
	var previous []secret.Secret // opens what was sealed before a rotation
	if !cfg.ServicesSecretKeyPrevious.IsZero() {
		previous = append(previous, cfg.ServicesSecretKeyPrevious)
	}
	sealer, err := secret.NewSealer(cfg.ServicesSecretKey, previous...)
	if err != nil {
		return nil, nil, err
	}
	var limiter ratelimit.Store = ratelimit.NewMemory(opts.Now)
	if a.redis != nil {
		limiter = ratelimit.NewFailover(ratelimit.NewRedis(a.redis, cfg.RedisPrefix), limiter, a.Log)
	}
	meta, err := metadata.New(metadata.Options{Token: cfg.TMDBToken, BaseURL: "https://api.themoviedb.org",
		HTTPClient: httpx.New(httpx.Policy{Timeout: 10 * time.Second, DenyAddrs: ownAddrs(cfg)}),
		Language:   cfg.TMDBLanguage, Region: cfg.TMDBRegion, Now: opts.Now})
	if err != nil {
		return nil, nil, err
	}
	a.Metadata = meta
	if err := a.imageProxy(meta); err != nil {
		return nil, nil, err
	}
	svc := service.New(service.Options{Metadata: meta,
		Store: a.Store, Hasher: hasher, Sealer: sealer, Log: a.Log, Now: opts.Now, BaseURL: cfg.BaseURL,
		SessionIdle: cfg.SessionIdle, SessionMaxAge: cfg.SessionMaxAge, ReauthWindow: cfg.ReauthWindow,
		SessionBinding: cfg.SessionBinding, Mail: opts.mailer(),
		Prober: &probe.Prober{Deny: a.denyAddrs},
	})
	return svc, limiter, nil
}

// imageProxy serves posters through signed URLs: from TMDB's image host, or
// from the built-in catalogue's generated images.
func (a *App) imageProxy(meta *metadata.Source) error {
	key, err := hkdf.Key(sha256.New, []byte(a.Config.SessionSecret.Reveal()), nil, "lemedia image proxy v1", 32)
	if err != nil {
		return err
	}
	o := imageproxy.Options{Key: key, CacheDir: filepath.Join(a.Config.DataDir, "cache", "images"), Log: a.Log}
	a.imageSource = imageproxy.BuiltinSource
	if meta.Builtin != nil {
		o.Builtin = func(path, size string) ([]byte, bool) {
			b, err := catalog.Default().Image(path, size)
			return b, err == nil
		}
	} else {
		base, _ := url.Parse("https://image.tmdb.org/t/p/")
		o.Sources = []imageproxy.Source{{Name: "tmdb", BaseURL: base,
			Client: httpx.New(httpx.Policy{Timeout: 10 * time.Second, MaxResponseBytes: imageproxy.DefaultMaxBytes, DenyAddrs: ownAddrs(a.Config)})}}
		a.imageSource = "tmdb"
	}
	a.images, err = imageproxy.New(o)
	return err
}

// ownAddrs is LeMedia's own listener, which no outbound call may reach.
func ownAddrs(cfg *config.Config) []netip.AddrPort {
	if ap, err := netip.ParseAddrPort(cfg.ListenAddr); err == nil {
		return []netip.AddrPort{ap}
	}
	if _, port, err := net.SplitHostPort(cfg.ListenAddr); err == nil { // ":3010" or "localhost:3010"
		if p, err := strconv.ParseUint(port, 10, 16); err == nil {
			return []netip.AddrPort{netip.AddrPortFrom(netip.IPv6Unspecified(), uint16(p))}
		}
	}
	return nil
}

// deliver connects the use cases to the configured Radarr, Sonarr,
// Jellyfin and Plex.
func (a *App) deliver(svc *service.Service) {
	d := delivery.New(svc, a.Metadata, func() *http.Client {
		// Admin-set service URLs may be private addresses; never
		// link-local, metadata or LeMedia itself.
		return httpx.New(httpx.Policy{AllowPrivate: true, Timeout: 60 * time.Second, DenyAddrs: a.denyAddrs(),
			MaxResponseBytes: arr.MaxBody}) // Radarr's and Sonarr's whole lists, read once per status sync
	})
	svc.Sender, svc.Tracker, svc.Library = d, d, d
}

// denyAddrs is what no outbound call may reach: the configured listen
// address and the listener actually serving (they differ with port 0).
func (a *App) denyAddrs() []netip.AddrPort {
	out := ownAddrs(a.Config)
	if ap := a.listening.Load(); ap != nil {
		out = append(out, *ap)
	}
	return out
}

func (o Options) mailer() service.MailerFactory {
	if o.Mail != nil {
		return o.Mail
	}
	return func(s service.SMTPSettings, password string) service.Mailer {
		return notify.SMTP{Host: s.Host, Port: s.Port, Username: s.Username, Password: password, From: s.From, TLS: s.TLS}
	}
}

// insecureNote explains, when it applies, why browsers will refuse the
// session cookie: it is always Secure, which needs https or loopback.
func insecureNote(cfg *config.Config) string {
	host, _, _ := net.SplitHostPort(cfg.ListenAddr)
	if cfg.HTTPS() || isLoopback(host) {
		return ""
	}
	return "LeMedia listens on " + cfg.ListenAddr + " without an https APP_BASE_URL. Browsers keep the session cookie only over https " +
		"(or on this machine itself), so sign-in will not work from other devices until LeMedia is behind a TLS proxy and APP_BASE_URL is set."
}

func (a *App) warnings() {
	cfg := a.Config
	if len(cfg.GeneratedSecrets) > 0 {
		a.Log.Info("using secrets generated in the data dir", "names", cfg.GeneratedSecrets, "data_dir", cfg.DataDir)
		if a.Store.Engine == store.Postgres {
			a.Log.Warn("set SESSION_SECRET and SERVICES_SECRET_KEY explicitly when several instances share one PostgreSQL")
		}
	}
	if note := insecureNote(cfg); note != "" {
		a.Log.Warn(note)
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
	if ap, err := netip.ParseAddrPort(ln.Addr().String()); err == nil {
		a.listening.Store(&ap)
	}
	// Jobs work under their own context: a shutdown first drains HTTP, then
	// gives running jobs a moment to finish before cancelling them (a
	// cancelled job is retried, by this or another instance).
	if err := a.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	err := a.Server.Serve(ctx, ln, 25*time.Second)
	stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if jerr := a.Jobs.Stop(stopCtx); jerr != nil {
		a.Log.Warn("jobs stopped uncleanly", "error", jerr)
	}
	return err
}

// Close releases the database, Redis and the image cache.
func (a *App) Close() {
	if a.images != nil {
		a.images.Close()
	}
	if a.redis != nil {
		_ = a.redis.Close()
	}
	if a.Store != nil {
		_ = a.Store.Close()
	}
}
