package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestOptions(t *testing.T) {
	t.Setenv("LEMEDIA_SIM_DOWNLOAD_TIME", "3s")
	t.Setenv("LEMEDIA_SIM_SEED_EPISODES", "100000")
	o, err := parseOptions([]string{"-seed-episodes", "7"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.downloadTime != 3*time.Second || o.seedEpisodes != 7 || o.listen != "127.0.0.1:7878" {
		t.Errorf("the environment or the flag lost: %+v", o)
	}
	if o.keys.radarr == o.keys.sonarr || len(o.keys.radarr) != 32 || len(o.keys.plex) != 20 {
		t.Errorf("default keys %+v", o.keys)
	}
	again, _ := parseOptions(nil, io.Discard)
	if again.keys != o.keys {
		t.Error("the default keys change between starts")
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-listen", "0.0.0.0:7878"}, "loopback only"},
		{[]string{"-listen", "192.168.1.2:7878"}, "loopback only"},
		{[]string{"-listen", "7878"}, "-listen"},
		{[]string{"-download-time", "0s"}, "-download-time"},
		{[]string{"-radarr-key", ""}, "-radarr-key"},
		{[]string{"-plex-key", "a b"}, "-plex-key"},
		{[]string{"-specs", "maybe"}, "-specs"},
		{[]string{"-seed-movies", "-1"}, "-seed-movies"},
		{[]string{"extra"}, "unexpected argument"},
	} {
		if _, err := parseOptions(c.args, io.Discard); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v", c.args, err)
		}
	}
	t.Setenv("LEMEDIA_SIM_IMPORT_TIME", "soon")
	if _, err := parseOptions(nil, io.Discard); err == nil || !strings.Contains(err.Error(), "LEMEDIA_SIM_IMPORT_TIME") {
		t.Errorf("a bad variable: %v", err)
	}
	for _, ok := range []string{"127.0.0.1:0", "[::1]:7878", "localhost:7878", "127.0.0.2:80"} {
		if err := loopbackListen(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
}
