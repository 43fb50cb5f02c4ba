// Package archtest keeps the package edges of DESIGN.md honest.
package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const mod = "github.com/lemedia/lemedia/"

// forbidden lists, per package, internal packages it must never import.
var forbidden = map[string][]string{
	"internal/web":    {"internal/store", "internal/api"},
	"internal/api":    {"internal/store", "internal/web"},
	"internal/server": {"internal/store"},
	"internal/store":  {"internal/server", "internal/web", "internal/api", "internal/app", "internal/config"},
	"internal/domain": {"internal/"},
	"internal/secret": {"internal/"},
	"internal/httpx":  {"internal/store", "internal/service", "internal/web", "internal/api", "internal/server", "internal/app", "internal/auth", "internal/config"},
	"internal/browse": {"internal/web", "internal/api", "internal/server", "internal/app", "internal/service"},
	"internal/httpio": {"internal/store", "internal/server", "internal/web", "internal/api"},
	// Use cases reach the job queue and upstream services only through
	// interfaces they declare.
	"internal/service": {"internal/jobs", "internal/upstream/", "internal/web", "internal/api", "internal/app", "internal/server"},
	"internal/jobs":    {"internal/web", "internal/api", "internal/server", "internal/app"},
}

func TestPackageEdges(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, mod+"...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], mod)
		rules, ok := forbidden[pkg]
		if !ok {
			continue
		}
		checked++
		for _, dep := range fields[1:] {
			if !strings.HasPrefix(dep, mod) {
				continue // the standard library and modules
			}
			dep = strings.TrimPrefix(dep, mod)
			for _, bad := range rules {
				if strings.HasPrefix(dep, bad) && dep != pkg {
					t.Errorf("%s depends on %s", pkg, dep)
				}
			}
		}
	}
	if checked < 6 {
		t.Fatalf("only %d packages checked: the list no longer matches the tree", checked)
	}
}
