package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"strings"
	"time"
)

// options are the command line; every flag can also be set in the
// environment as LEMEDIA_SIM_<NAME> (-download-time: LEMEDIA_SIM_DOWNLOAD_TIME),
// and a flag given on the command line wins.
type options struct {
	listen       string
	downloadTime time.Duration
	importTime   time.Duration
	keys         keys
	seedCatalog  bool
	seedEpisodes int
	seedMovies   int
	seedArr      bool
	specs        string // auto, on or off
	verbose      bool
}

// keys are the credentials each simulated service accepts.
type keys struct {
	radarr, sonarr, jellyfin, plex, tmdb string
}

// defaultKey is a fixed key per service, the same on every start, so what
// was pasted into LeMedia keeps working after a restart of the simulator.
func defaultKey(service string, n int) string {
	sum := sha256.Sum256([]byte("lemedia-sim " + service))
	return hex.EncodeToString(sum[:])[:n]
}

const envPrefix = "LEMEDIA_SIM_"

func parseOptions(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("lemedia-sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: lemedia-sim [flags]\n\n%s\nFlags (or %s<FLAG_NAME> in the environment):\n", about, envPrefix)
		fs.PrintDefaults()
	}
	fs.StringVar(&o.listen, "listen", "127.0.0.1:7878", "loopback host:port to listen on (port 0: any free port)")
	fs.DurationVar(&o.downloadTime, "download-time", 20*time.Second, "how long a grabbed film or episode takes to download")
	fs.DurationVar(&o.importTime, "import-time", 0, "how long a finished download waits for import before it is on disk")
	fs.StringVar(&o.keys.radarr, "radarr-key", defaultKey("radarr", 32), "Radarr API key")
	fs.StringVar(&o.keys.sonarr, "sonarr-key", defaultKey("sonarr", 32), "Sonarr API key")
	fs.StringVar(&o.keys.jellyfin, "jellyfin-key", defaultKey("jellyfin", 32), "Jellyfin API key")
	fs.StringVar(&o.keys.plex, "plex-key", defaultKey("plex", 20), "Plex token (X-Plex-Token)")
	fs.StringVar(&o.keys.tmdb, "tmdb-key", defaultKey("tmdb", 32), "TMDB bearer token")
	fs.BoolVar(&o.seedCatalog, "seed-catalog", false, "start with every film and episode of the built-in catalogue on disk")
	fs.IntVar(&o.seedEpisodes, "seed-episodes", 0, "add this many synthetic episodes (series of 10 seasons of 10) to the libraries")
	fs.IntVar(&o.seedMovies, "seed-movies", 0, "add this many synthetic films to the libraries")
	fs.BoolVar(&o.seedArr, "seed-arr", false, "also put every seeded film and series in Radarr and Sonarr, downloaded (for requests that point at them)")
	fs.StringVar(&o.specs, "specs", "auto", "check requests against the OpenAPI documents in specs/: auto (when found), on, off")
	fs.BoolVar(&o.verbose, "v", false, "log every request")
	if err := fromEnv(fs); err != nil {
		return nil, err
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return o, o.validate()
}

// fromEnv sets each flag that has a LEMEDIA_SIM_ variable.
func fromEnv(fs *flag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		name := envPrefix + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok && err == nil {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s: %w", name, e)
			}
		}
	})
	return err
}

func (o *options) validate() error {
	var errs []error
	if err := loopbackListen(o.listen); err != nil {
		errs = append(errs, err)
	}
	if o.downloadTime <= 0 {
		errs = append(errs, errors.New("-download-time must be positive"))
	}
	if o.importTime < 0 {
		errs = append(errs, errors.New("-import-time must not be negative"))
	}
	for name, k := range map[string]string{"radarr": o.keys.radarr, "sonarr": o.keys.sonarr,
		"jellyfin": o.keys.jellyfin, "plex": o.keys.plex, "tmdb": o.keys.tmdb} {
		if strings.TrimSpace(k) == "" || strings.ContainsAny(k, " \t\r\n\",") {
			errs = append(errs, fmt.Errorf("-%s-key must be a non-empty word", name))
		}
	}
	if o.seedEpisodes < 0 || o.seedMovies < 0 {
		errs = append(errs, errors.New("-seed-episodes and -seed-movies must not be negative"))
	}
	if o.specs != "auto" && o.specs != "on" && o.specs != "off" {
		errs = append(errs, errors.New("-specs must be auto, on or off"))
	}
	return errors.Join(errs...)
}

// loopbackListen refuses a listen address beyond this machine: the simulator
// has well-known keys and control endpoints without authentication.
func loopbackListen(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.Unmap().IsLoopback() {
		return fmt.Errorf("-listen %q: the simulator listens on loopback only (127.0.0.1, ::1 or localhost)", addr)
	}
	return nil
}
