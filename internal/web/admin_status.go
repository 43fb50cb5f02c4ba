package web

import (
	"net/http"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/lemedia/lemedia/internal/server"
)

type statusView struct {
	Ready     bool
	Checks    []server.Result
	GoVersion string
	Revision  string
	Engine    string
	Uptime    time.Duration
	Builtin   bool
	Insecure  string
}

var started = time.Now()

// adminStatusShow gives admins what public health never says: each check
// with its latency, the build and the engine.
func (p *Pages) adminStatusShow(w http.ResponseWriter, r *http.Request) {
	v := statusView{GoVersion: runtime.Version(), Engine: p.engine, Uptime: time.Since(started).Round(time.Second),
		Insecure: p.insecureNote}
	if p.health != nil {
		v.Ready, v.Checks = p.health.Ready(r.Context())
	}
	if p.browse != nil {
		v.Builtin = p.browse.Builtin
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				v.Revision = s.Value
			}
		}
	}
	p.render(w, r, http.StatusOK, "admin_status", "Status", v)
}
