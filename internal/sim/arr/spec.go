package arr

import (
	"errors"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/lemedia/lemedia/internal/upstream/fake"
)

// Spec file names in specs/.
const (
	RadarrSpecFile = "radarr-v3-openapi.json"
	SonarrSpecFile = "sonarr-v3-openapi.json"
)

var (
	radarrSpec = sync.OnceValues(func() (*fake.Spec, error) { return loadSpec(RadarrSpecFile, "movieIds") })
	sonarrSpec = sync.OnceValues(func() (*fake.Spec, error) {
		return loadSpec(SonarrSpecFile, "seriesId", "episodeIds", "seasonNumber")
	})
)

// RadarrSpec returns Radarr's document, found and loaded once per process.
func RadarrSpec() (*fake.Spec, error) { return radarrSpec() }

// SonarrSpec returns Sonarr's document, found and loaded once per process.
func SonarrSpec() (*fake.Spec, error) { return sonarrSpec() }

// loadSpec reads a document as the services behave: read-only fields in a
// body are ignored (a PUT sends back the whole object it got), and a command
// carries its own fields (movieIds, seriesId, ...), which the services read
// from the POST /api/v3/command body but the generated documents leave out.
// Only /api/ paths are kept: the web UI's routes (GET / with a parameter
// its path lacks, patterns Go cannot compile) make the documents invalid.
func loadSpec(name string, commandFields ...string) (*fake.Spec, error) {
	p, err := fake.FindSpec(name)
	if err != nil {
		return nil, err
	}
	return fake.LoadSpecWith(p, fake.SpecOptions{
		AcceptReadOnly: true,
		Patch: func(doc *openapi3.T) error {
			for _, p := range doc.Paths.Keys() {
				if !strings.HasPrefix(p, "/api/") {
					doc.Paths.Delete(p)
				}
			}
			ref := doc.Components.Schemas["CommandResource"]
			if ref == nil || ref.Value == nil {
				return errors.New("no CommandResource schema")
			}
			for _, f := range commandFields {
				s := openapi3.NewInt32Schema()
				if f != "seriesId" && f != "seasonNumber" {
					s = openapi3.NewArraySchema().WithItems(openapi3.NewInt32Schema())
				}
				ref.Value.Properties[f] = openapi3.NewSchemaRef("", s)
			}
			return nil
		},
	})
}
