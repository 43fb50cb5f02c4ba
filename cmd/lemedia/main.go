// Command lemedia is LeMedia: the web UI, the API and the background jobs in one binary.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/lemedia/lemedia/internal/app"
	"github.com/lemedia/lemedia/internal/config"
	"github.com/lemedia/lemedia/internal/jobs"
	"github.com/lemedia/lemedia/internal/obs"
	"github.com/lemedia/lemedia/internal/store"
)

const usage = `Usage: lemedia [command]

Commands:
  serve         start LeMedia (default)
  migrate       apply database migrations and exit
  healthcheck   exit 0 when the local server is ready, 1 otherwise
  config show   print the effective configuration, secrets redacted
  user create-admin -username NAME -email ADDRESS
                create the owner without a browser; the password is read from standard input
  audit verify  check the audit log's hash chain; exit 1 naming the first changed or removed row
  secrets rotate
                re-seal stored secrets under SERVICES_SECRET_KEY, opening old ones with
                SERVICES_SECRET_KEY_PREVIOUS (see README.md, "Rotating SERVICES_SECRET_KEY")
  service add -kind radarr|sonarr|jellyfin|plex -name NAME -url URL [-default]
                [-quality-profile N -root-folder PATH …] [-libraries ID,ID]
                configure a media service without a browser; the API key is read from
                standard input (lemedia service add -h lists every flag)
  service list  list the configured media services (keys are never shown)
  seed [-users N] [-requests N] [-sent]
                fill an empty database with users and requests for benchmarks and demos
  help          show this text

Configuration comes from the environment; see README.md.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd = args[0]
	}
	if cmd == "help" || cmd == "-h" || cmd == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cfg, err := config.Load(os.LookupEnv)
	if err != nil {
		fmt.Fprintf(stderr, "lemedia: invalid configuration:\n%v\n", indent(err))
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch {
	case cmd == "serve":
		err = serve(ctx, cfg, stdout, stderr)
	case cmd == "migrate":
		err = migrate(ctx, cfg, stdout)
	case cmd == "healthcheck":
		err = healthcheck(cfg)
	case cmd == "user" && len(args) > 1 && args[1] == "create-admin":
		err = createAdmin(ctx, cfg, args[2:], stdin, stdout, stderr)
	case cmd == "service" && len(args) > 1 && args[1] == "add":
		err = serviceAdd(ctx, cfg, args[2:], stdin, stdout, stderr)
	case cmd == "service" && len(args) > 1 && args[1] == "list":
		err = serviceList(ctx, cfg, args[2:], stdout)
	case cmd == "seed":
		err = seed(ctx, cfg, args[1:], stdout, stderr)
	case cmd == "audit" && len(args) > 1 && args[1] == "verify":
		err = auditVerify(ctx, cfg, stdout)
	case cmd == "secrets" && len(args) > 1 && args[1] == "rotate":
		err = secretsRotate(ctx, cfg, stdout)
	case cmd == "config" && len(args) > 1 && args[1] == "show":
		if err = config.EnsureSecrets(cfg); err == nil {
			config.Show(stdout, cfg)
		}
	default:
		fmt.Fprintf(stderr, "lemedia: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "lemedia: %v\n", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, cfg *config.Config, stdout, stderr io.Writer) error {
	a, err := app.New(ctx, cfg, app.Options{LogOutput: stderr})
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	if cfg.BaseURL != nil {
		url = cfg.BaseURL.String()
	}
	fmt.Fprintf(stdout, "LeMedia is running at %s (%s database)\n", url, a.Store.Engine)
	return a.Serve(ctx, ln)
}

func migrate(ctx context.Context, cfg *config.Config, stdout io.Writer) error {
	st, err := store.Open(ctx, cfg.DatabaseURL.Reveal(), cfg.DataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	n, err := st.Migrate(ctx)
	if err != nil {
		return err
	}
	if err := jobs.Migrate(ctx, st); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d migration(s) applied on %s\n", n, st.Engine)
	return nil
}

// healthcheck asks the local server's /readyz; for container health checks
// in images that have no curl.
func healthcheck(cfg *config.Config) error {
	host, port, err := net.SplitHostPort(cfg.ListenAddr)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get("http://" + net.JoinHostPort(host, port) + "/readyz")
	if err != nil {
		return fmt.Errorf("not healthy: %s", obs.StripQuery(err.Error()))
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New("not healthy: status " + resp.Status)
	}
	return nil
}

func indent(err error) string {
	var out string
	for _, line := range splitLines(err.Error()) {
		out += "  " + line + "\n"
	}
	return out
}

func splitLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			lines = append(lines, s[start:i])
			start = i + 1
		}
	}
	return append(lines, s[start:])
}
