package fake

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// ValidateResponse checks an answer (headers, JSON body) against the
// operation at a path template, so tests can hold a fake to the contract as
// well as the client. A status the document does not list passes: the
// documents leave out many a 404 that the services do send.
func (s *Spec) ValidateResponse(r *http.Request, tmpl string, pathParams map[string]string,
	status int, header http.Header, body []byte) error {
	pi, op := s.operation(tmpl, r.Method)
	if op == nil {
		return errors.New("no operation " + r.Method + " " + tmpl + " in the spec")
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: r, PathParams: pathParams,
			Route: &routers.Route{Spec: s.doc, Path: tmpl, PathItem: pi, Method: r.Method, Operation: op},
		},
		Status: status, Header: header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{MultiError: true, IncludeResponseStatus: false},
	}
	return openapi3filter.ValidateResponse(r.Context(), in)
}
