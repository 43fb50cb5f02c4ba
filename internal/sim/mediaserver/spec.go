package mediaserver

import (
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/lemedia/lemedia/internal/upstream/fake"
)

// Spec files of the media servers in specs/.
const (
	JellyfinSpecFile = "jellyfin-openapi.json"
	PlexSpecFile     = "plex-pms-openapi.yaml"
)

var (
	jellyfinSpec = sync.OnceValues(func() (*fake.Spec, error) { return load(JellyfinSpecFile) })
	plexSpec     = sync.OnceValues(func() (*fake.Spec, error) { return load(PlexSpecFile) })
)

// JellyfinSpec returns the Jellyfin document, found and loaded once per process.
func JellyfinSpec() (*fake.Spec, error) { return jellyfinSpec() }

// PlexSpec returns the Plex document, found and loaded once per process.
func PlexSpec() (*fake.Spec, error) { return plexSpec() }

// load reads a document with the repairs below, which touch only what
// kin-openapi refuses as malformed or what our stricter check misreads;
// none of the operations the fakes serve is changed in substance.
func load(name string) (*fake.Spec, error) {
	p, err := fake.FindSpec(name)
	if err != nil {
		return nil, err
	}
	return fake.LoadSpecWith(p, fake.SpecOptions{Patch: func(doc *openapi3.T) error {
		dropConflictingPaths(doc)
		flattenExplodedObjects(doc)
		dropRepeatedParameters(doc)
		return nil
	}})
}

// dropConflictingPaths keeps one of each set of templates that differ only
// in parameter names (Jellyfin's /Items/{itemId}/RemoteSearch/Subtitles/
// {subtitleId} and …/{language}), which no router can tell apart.
func dropConflictingPaths(doc *openapi3.T) {
	seen := map[string]bool{}
	for _, tmpl := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		shape := pathParam.ReplaceAllString(tmpl, "{}")
		if seen[shape] {
			doc.Paths.Delete(tmpl)
		}
		seen[shape] = true
	}
}

// dropRepeatedParameters keeps the first of an operation's parameters with
// the same name and location (Plex's POST /:/timeline lists
// X-Plex-Client-Identifier twice; GET …/autocomplete declares type both
// alone and in its media query).
func dropRepeatedParameters(doc *openapi3.T) {
	for _, pi := range doc.Paths.Map() {
		for _, op := range pi.Operations() {
			seen := map[string]bool{}
			kept := op.Parameters[:0]
			for _, p := range op.Parameters {
				if p.Value != nil {
					key := p.Value.In + " " + strings.ToLower(p.Value.Name)
					if seen[key] {
						continue
					}
					seen[key] = true
				}
				kept = append(kept, p)
			}
			op.Parameters = kept
		}
	}
}

// flattenExplodedObjects replaces each query parameter that is an object
// sent form-style exploded (Plex's mediaQuery: type, sort, ...) by one
// parameter per property. The wire format is the same, and the fake's check
// that every query parameter is declared then knows their names.
func flattenExplodedObjects(doc *openapi3.T) {
	for _, pi := range doc.Paths.Map() {
		for _, op := range pi.Operations() {
			var out openapi3.Parameters
			for _, p := range op.Parameters {
				props := explodedProperties(p.Value)
				if props == nil {
					out = append(out, p)
					continue
				}
				for _, name := range slices.Sorted(maps.Keys(props)) {
					schema := props[name]
					out = append(out, &openapi3.ParameterRef{Value: &openapi3.Parameter{
						Name: name, In: openapi3.ParameterInQuery, Description: schema.Value.Description, Schema: schema,
					}})
				}
			}
			op.Parameters = out
		}
	}
}

// explodedProperties returns the properties of a form-style exploded object
// query parameter, or nil for any other parameter.
func explodedProperties(p *openapi3.Parameter) openapi3.Schemas {
	if p == nil || p.In != openapi3.ParameterInQuery || p.Schema == nil || p.Schema.Value == nil {
		return nil
	}
	style := p.Style
	if style == "" {
		style = openapi3.SerializationForm
	}
	explode := p.Explode == nil || *p.Explode
	s := p.Schema.Value
	if style != openapi3.SerializationForm || !explode || s.Type == nil || !s.Type.Is(openapi3.TypeObject) || len(s.Properties) == 0 {
		return nil
	}
	return s.Properties
}
