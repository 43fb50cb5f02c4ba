package arr

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/lemedia/lemedia/internal/upstream/fake"
)

const testKey = "sim-key-5150"

var testToday = time.Date(2026, 6, 15, 9, 0, 0, 0, time.UTC)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// env drives a fake in process and holds every answer to the service's
// document, so the fake is checked as well as what is sent to it.
type env struct {
	t     *testing.T
	h     http.Handler
	srv   *server
	doc   *openapi3.T
	clock *clock
	// badRequests: the test breaks the contract on purpose.
	badRequests bool
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into v, failing the test if it cannot.
func (a answer) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("answer %d %q: %v", a.status, a.body, err)
	}
}

func newRadarrEnv(t *testing.T, o Options) (*env, *Radarr) {
	t.Helper()
	c := &clock{t: testToday}
	o.APIKey, o.Now = testKey, c.now
	r, err := NewRadarr(o)
	if err != nil {
		t.Fatal(err)
	}
	return newEnv(t, r, r.server, RadarrSpecFile, c), r
}

func newSonarrEnv(t *testing.T, o Options) (*env, *Sonarr) {
	t.Helper()
	c := &clock{t: testToday}
	o.APIKey, o.Now = testKey, c.now
	s, err := NewSonarr(o)
	if err != nil {
		t.Fatal(err)
	}
	return newEnv(t, s, s.server, SonarrSpecFile, c), s
}

var docs sync.Map // spec file name → *openapi3.T, for response checks

func newEnv(t *testing.T, h http.Handler, s *server, specFile string, c *clock) *env {
	t.Helper()
	d, ok := docs.Load(specFile)
	if !ok {
		p, err := fake.FindSpec(specFile)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := openapi3.NewLoader().LoadFromFile(p)
		if err != nil {
			t.Fatal(err)
		}
		d, _ = docs.LoadOrStore(specFile, doc)
	}
	e := &env{t: t, h: h, srv: s, doc: d.(*openapi3.T), clock: c}
	t.Cleanup(func() {
		if t.Failed() || e.badRequests {
			return
		}
		for _, v := range s.Violations() {
			t.Errorf("unexpected violation: %s", v)
		}
	})
	return e
}

// do sends a request with the key (unless hdr overrides headers: pairs of
// name and value) and checks a successful answer against the document.
func (e *env) do(method, target string, body any, hdr ...string) answer {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	r := httptest.NewRequest(method, target, rd)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if hdr == nil {
		hdr = []string{"X-Api-Key", testKey}
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	a := answer{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
	if a.status/100 == 2 && len(a.body) > 0 {
		e.checkAnswer(method, target, a)
	}
	return a
}

// checkAnswer validates an answer against the document's 200 response (the
// documents describe 200 where the services answer 201 or 202).
func (e *env) checkAnswer(method, target string, a answer) {
	e.t.Helper()
	r := httptest.NewRequest(method, target, nil)
	r.URL.Path = strings.TrimPrefix(r.URL.Path, e.srv.base)
	_, pattern := e.srv.mux.Handler(r)
	tmpl := pattern[strings.IndexByte(pattern, ' ')+1:]
	pi := e.doc.Paths.Value(tmpl)
	params := map[string]string{}
	for _, p := range pathParams(tmpl) {
		params[p] = "1"
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: r, PathParams: params,
			Route: &routers.Route{Spec: e.doc, Path: tmpl, PathItem: pi, Method: method, Operation: pi.GetOperation(method)},
		},
		Status: http.StatusOK, Header: a.header, Body: io.NopCloser(bytes.NewReader(a.body)),
		Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(r.Context(), in); err != nil {
		e.t.Errorf("%s %s: the answer breaks the document: %v", method, target, err)
	}
}
