// Package fake holds in-process stand-ins for the services LeMedia calls, for
// tests, demos and benchmarks. Each is an http.Handler that answers like the
// real service and checks every request it receives against the service's
// public OpenAPI document (specs/ in the repository), recording what fails so
// tests can assert that none did.
package fake

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Spec is an OpenAPI document, loaded once and shared by any number of fakes.
type Spec struct {
	doc            *openapi3.T
	acceptReadOnly bool
}

// SpecOptions adjusts how LoadSpecWith reads a document.
type SpecOptions struct {
	// AcceptReadOnly lets request bodies carry properties the document marks
	// read-only. Radarr and Sonarr ignore them, and the way to change one of
	// their objects is to GET it, change it and PUT it back whole.
	AcceptReadOnly bool
	// Patch amends the document after loading and before it is checked, for
	// what a service accepts but its generated document leaves out.
	Patch func(*openapi3.T) error
}

// SpecsDirEnv names a directory holding the specs; it overrides the search.
const SpecsDirEnv = "LEMEDIA_SPECS_DIR"

// FindSpec locates a spec file: in $LEMEDIA_SPECS_DIR, else in a specs/
// directory of the working directory or one of its parents (the repository
// root when tests run), else in the shared contracts directory.
func FindSpec(name string) (string, error) {
	var tried []string
	try := func(dir string) (string, bool) {
		p := filepath.Join(dir, name)
		tried = append(tried, p)
		_, err := os.Stat(p)
		return p, err == nil
	}
	if dir := os.Getenv(SpecsDirEnv); dir != "" {
		if p, ok := try(dir); ok {
			return p, nil
		}
		return "", fmt.Errorf("fake: %s not found in $%s (%s)", name, SpecsDirEnv, dir)
	}
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			// specs/ in the tree, or the team's shared/specs beside the checkout.
			if p, ok := try(filepath.Join(dir, "specs")); ok {
				return p, nil
			}
			if p, ok := try(filepath.Join(dir, "shared", "specs")); ok {
				return p, nil
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	return "", fmt.Errorf("fake: %s not found; tried %s (set $%s)", name, strings.Join(tried, ", "), SpecsDirEnv)
}

// LoadSpec reads and checks an OpenAPI 3.0 or 3.1 document. kin-openapi reads
// TMDB's 3.1 document as it is: nothing is rewritten. The structural check
// leaves out examples and schema defaults, which TMDB's document gets wrong
// (examples stored as JSON strings, "false" as a boolean default) and which
// play no part in validating requests.
func LoadSpec(path string) (*Spec, error) { return LoadSpecWith(path, SpecOptions{}) }

// LoadSpecWith is LoadSpec with options.
func LoadSpecWith(path string, o SpecOptions) (*Spec, error) {
	doc, err := openapi3.NewLoader().LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("fake: load %s: %w", path, err)
	}
	if o.Patch != nil {
		if err := o.Patch(doc); err != nil {
			return nil, fmt.Errorf("fake: patch %s: %w", path, err)
		}
	}
	err = doc.Validate(context.Background(),
		openapi3.DisableExamplesValidation(), openapi3.DisableSchemaDefaultsValidation())
	if err != nil {
		return nil, fmt.Errorf("fake: %s is not a valid document: %w", path, err)
	}
	return &Spec{doc: doc, acceptReadOnly: o.AcceptReadOnly}, nil
}

// TMDBSpecFile is the TMDB v3 document's file name in specs/.
const TMDBSpecFile = "tmdb-v3-openapi.json"

var tmdbSpec = sync.OnceValues(func() (*Spec, error) {
	p, err := FindSpec(TMDBSpecFile)
	if err != nil {
		return nil, err
	}
	return LoadSpec(p)
})

// TMDBSpec returns the TMDB document, found and loaded once per process.
func TMDBSpec() (*Spec, error) { return tmdbSpec() }

// operation returns the operation for a path template and method, if any.
func (s *Spec) operation(tmpl, method string) (*openapi3.PathItem, *openapi3.Operation) {
	pi := s.doc.Paths.Value(tmpl)
	if pi == nil {
		return nil, nil
	}
	return pi, pi.GetOperation(method)
}

// HasOperation reports whether the document has an operation for a path
// template and method.
func (s *Spec) HasOperation(tmpl, method string) bool {
	_, op := s.operation(tmpl, method)
	return op != nil
}

// Validate checks one request against the operation at a path template,
// for fakes outside this package; see validate.
func (s *Spec) Validate(r *http.Request, tmpl string, pathParams map[string]string) error {
	return s.validate(r, tmpl, pathParams)
}

// validate checks one request against the operation at a path template:
// kin-openapi's ValidateRequest (parameters, types, enums, required values,
// security), plus two checks of our own: no query parameter the operation
// does not declare (the real services ignore them, which hides typos) and no
// credential in the URL.
func (s *Spec) validate(r *http.Request, tmpl string, pathParams map[string]string) error {
	pi, op := s.operation(tmpl, r.Method)
	if op == nil {
		return fmt.Errorf("no operation %s %s in the spec", r.Method, tmpl)
	}
	var errs []error
	declared := map[string]bool{}
	for _, list := range []openapi3.Parameters{pi.Parameters, op.Parameters} {
		for _, p := range list {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
				declared[p.Value.Name] = true
			}
		}
	}
	query := r.URL.Query()
	for _, name := range slices.Sorted(maps.Keys(query)) {
		if !declared[name] {
			errs = append(errs, fmt.Errorf("query parameter %q is not declared by the operation", name))
		}
	}
	if cred := credential(r); cred != "" && strings.Contains(r.URL.RequestURI(), cred) {
		errs = append(errs, errors.New("the credential appears in the URL"))
	}
	in := &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: pathParams,
		Route:      &routers.Route{Spec: s.doc, Path: tmpl, PathItem: pi, Method: r.Method, Operation: op},
		Options: &openapi3filter.Options{
			MultiError:                 true,
			SkipSettingDefaults:        true, // leave the request as the client sent it
			ExcludeReadOnlyValidations: s.acceptReadOnly,
			AuthenticationFunc:         authenticate,
		},
	}
	if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// authenticate checks that a request carries what a security scheme asks
// for; whether the value is right is the fake's business, not the spec's.
func authenticate(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	r, sc := in.RequestValidationInput.Request, in.SecurityScheme
	switch {
	case sc.Type == "apiKey" && sc.In == "header" && r.Header.Get(sc.Name) != "",
		sc.Type == "apiKey" && sc.In == "query" && r.URL.Query().Get(sc.Name) != "",
		sc.Type == "http" && strings.EqualFold(sc.Scheme, "bearer") && bearer(r) != "":
		return nil
	}
	return in.NewError(nil)
}

// credential is the secret a request carries in a header, if any.
func credential(r *http.Request) string {
	if t := bearer(r); t != "" {
		return t
	}
	return r.Header.Get("X-Api-Key")
}

// bearer returns the token of an "Authorization: Bearer <token>" header.
func bearer(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}
