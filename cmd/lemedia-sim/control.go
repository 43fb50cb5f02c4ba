package main

import (
	"encoding/json"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"time"
)

// controlRoutes are the simulator's own endpoints, for tests and demos:
//
//	GET  /control/status                        services' states and counts, library size
//	GET  /control/violations                    requests that broke a service's contract
//	POST /control/down?service=S[&mode=M]       S: radarr, sonarr, jellyfin, plex, tmdb or all;
//	                                            M: unavailable (503, default) or drop
//	POST /control/up?service=S                  answer again, without delay
//	POST /control/delay?service=S&d=2s          answer after a delay
//	POST /control/remove?tmdb=ID[&type=T]       delete a film's or series' files (T: movie or tv)
//	POST /control/remove?tvdb=ID[&season=N[&episode=E]]
//	                                            delete a series', a season's or an episode's files
func (s *stack) controlRoutes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /control/status", s.controlStatus)
	mux.HandleFunc("GET /control/violations", s.controlViolations)
	mux.HandleFunc("POST /control/down", s.controlSwitch(func(sv *service, r *http.Request) bool {
		mode := r.URL.Query().Get("mode")
		switch mode {
		case "", stateUnavailable:
			sv.SetState(stateUnavailable)
		case stateDrop:
			sv.SetState(stateDrop)
		default:
			return false
		}
		return true
	}))
	mux.HandleFunc("POST /control/up", s.controlSwitch(func(sv *service, _ *http.Request) bool {
		sv.SetState(stateUp)
		sv.SetDelay(0)
		return true
	}))
	mux.HandleFunc("POST /control/delay", s.controlSwitch(func(sv *service, r *http.Request) bool {
		d, err := time.ParseDuration(r.URL.Query().Get("d"))
		if err != nil || d < 0 || d > 10*time.Minute {
			return false
		}
		sv.SetDelay(d)
		return true
	}))
	mux.HandleFunc("POST /control/remove", s.controlRemove)
	return mux
}

type serviceStatus struct {
	State      string `json:"state"`
	Delay      string `json:"delay"`
	Requests   int    `json:"requests"`
	Violations int    `json:"violations"`
	Checked    bool   `json:"checked_against_spec"`
}

type statusBody struct {
	Services     map[string]serviceStatus `json:"services"`
	Movies       int                      `json:"movies"`
	Series       int                      `json:"series"`
	Episodes     int                      `json:"episodes"`
	DownloadTime string                   `json:"download_time"`
}

func (s *stack) controlStatus(w http.ResponseWriter, _ *http.Request) {
	out := statusBody{Services: map[string]serviceStatus{}, DownloadTime: s.opts.downloadTime.String()}
	for name, sv := range s.services {
		out.Services[name] = serviceStatus{State: sv.State(), Delay: sv.Delay().String(),
			Requests: sv.rec.RequestCount(), Violations: len(sv.rec.Violations()), Checked: sv.checked}
	}
	out.Movies, out.Series, out.Episodes = s.lib.Counts()
	reply(w, http.StatusOK, out)
}

func (s *stack) controlViolations(w http.ResponseWriter, _ *http.Request) {
	out := map[string][]string{}
	for name, sv := range s.services {
		out[name] = []string{}
		for _, v := range sv.rec.Violations() {
			out[name] = append(out[name], v.String())
		}
	}
	reply(w, http.StatusOK, out)
}

// controlSwitch applies set to the service named by ?service= (or to all).
func (s *stack) controlSwitch(set func(*service, *http.Request) bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("service")
		names := []string{name}
		if name == "all" {
			names = servicePaths
		} else if s.services[name] == nil {
			reply(w, http.StatusBadRequest, map[string]string{"error": "service must be one of radarr, sonarr, jellyfin, plex, tmdb, all"})
			return
		}
		for _, n := range names {
			if !set(s.services[n], r) {
				reply(w, http.StatusBadRequest, map[string]string{"error": "bad mode or delay"})
				return
			}
		}
		s.controlStatus(w, r)
	}
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// loopbackOnly serves requests from this machine to a loopback host name:
// neither another machine nor a web page that rebound a name to 127.0.0.1
// can reach the control endpoints.
func loopbackOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isLoopbackHost(r.RemoteAddr) || !isLoopbackHost(r.Host) {
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func isLoopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// queryInt reads an integer parameter; absent is def, malformed is ok=false.
func queryInt(r *http.Request, name string, def int64) (int64, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil
}
