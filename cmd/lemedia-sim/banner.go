package main

import (
	"fmt"
	"strings"

	"github.com/lemedia/lemedia/internal/upstream/fake"
)

// banner is what to enter in LeMedia, printed at start and served at /.
func banner(o *options, s *stack, base string) string {
	var b strings.Builder
	movies, series, episodes := s.lib.Counts()
	fmt.Fprintf(&b, `
Simulated media stack: downloads take %s; on disk: %d films, %d series, %d episodes.

Enter these in LeMedia under Admin > Services (/admin/services):
  Radarr    %-32s API key %s   (profile "Any", root folder /movies)
  Sonarr    %-32s API key %s   (profile "Any", root folder /tv)
  Jellyfin  %-32s API key %s   (libraries "Movies" and "Shows")
  Plex      %-32s token   %s   (sections "Movies" and "TV Shows")
  TMDB      %-32s token   %s   (LeMedia's built-in catalogue holds the same titles)

Control (loopback only):
  curl %s/control/status
  curl -X POST '%s/control/down?service=radarr'       (&mode=drop; service=all)
  curl -X POST '%s/control/up?service=radarr'
  curl -X POST '%s/control/delay?service=jellyfin&d=2s'
  curl -X POST '%s/control/remove?tmdb=9000002'       (or tvdb=ID&season=N&episode=E)
  curl %s/control/violations
`, o.downloadTime, movies, series, episodes,
		base+"/radarr", o.keys.radarr, base+"/sonarr", o.keys.sonarr,
		base+"/jellyfin", o.keys.jellyfin, base+"/plex", o.keys.plex, base+"/tmdb", o.keys.tmdb,
		base, base, base, base, base, base)
	if o.seedArr {
		fmt.Fprintf(&b, "\nRadarr and Sonarr hold every film and series on disk (-seed-arr), downloaded.\n")
	}
	var unchecked []string
	for _, name := range servicePaths {
		if !s.services[name].checked {
			unchecked = append(unchecked, name)
		}
	}
	if len(unchecked) > 0 {
		why := "-specs off"
		if o.specs != "off" {
			why = "documents not found; set " + fake.SpecsDirEnv
		}
		fmt.Fprintf(&b, "\nRequests not checked against the OpenAPI documents (%s): %s\n", why, strings.Join(unchecked, ", "))
	}
	return b.String()
}

// violationSummary tells, at exit, whether every request kept the contracts.
func violationSummary(s *stack) string {
	var b strings.Builder
	total := 0
	for _, name := range servicePaths {
		vs := s.services[name].rec.Violations()
		total += len(vs)
		for _, v := range vs {
			fmt.Fprintf(&b, "  %s: %s\n", name, v)
		}
	}
	if total == 0 {
		return "lemedia-sim: stopped; no request broke a service's contract\n"
	}
	return fmt.Sprintf("lemedia-sim: stopped; %d requests broke a service's contract:\n%s", total, b.String())
}
