// Package api is LeMedia's JSON API under /api/v1, described by OpenAPI 3.1.
package api

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/lemedia/lemedia/internal/httpio"
	"github.com/lemedia/lemedia/internal/ratelimit"
	"github.com/lemedia/lemedia/internal/server"
	"github.com/lemedia/lemedia/internal/service"
)

// Version is the API's version in its OpenAPI document.
const Version = "1.0.0"

// Deps are what the operations need.
type Deps struct {
	Log       *slog.Logger
	Health    *server.Health
	Service   *service.Service
	Limiter   ratelimit.Store
	Policies  ratelimit.Policies
	Penalties *ratelimit.Penalties // nil: no tightening for failing IPs
}

// api is the huma API with what its operations need.
type api struct {
	huma.API
	deps Deps
}

// New registers every operation on router and returns the huma API.
func New(router *server.Router, deps Deps) huma.API {
	cfg := huma.DefaultConfig("LeMedia API", Version)
	cfg.OpenAPIPath = "/api/v1/openapi"
	cfg.DocsPath = ""    // huma's page loads scripts from a CDN; ours comes later
	cfg.SchemasPath = "" // schemas live inside the OpenAPI document
	cfg.CreateHooks = nil
	cfg.Info.Description = "Request films and series, follow them to availability."
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		cookieAuth: {Type: "apiKey", In: "cookie", Name: sessionCookie,
			Description: "The session of a browser signed in to LeMedia's pages."},
	}
	cfg.Formats = jsonFormats
	a := &api{API: humago.New(router, cfg), deps: deps}
	registerHealth(a, deps.Health)
	a.registerRequests()
	return a.API
}

func init() {
	// Every API error has the same body as the rest of the server's errors,
	// with the request id a user can quote.
	huma.NewErrorWithContext = func(ctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		p := &httpio.Problem{Title: http.StatusText(status), Status: status, Detail: msg}
		if ctx != nil {
			p.RequestID = httpio.From(ctx.Context()).ID
		}
		for _, e := range errs {
			if d, ok := e.(*huma.ErrorDetail); ok {
				p.Errors = append(p.Errors, httpio.FieldError{Field: d.Location, Message: d.Message})
			} else if e != nil {
				p.Errors = append(p.Errors, httpio.FieldError{Message: e.Error()})
			}
		}
		return p
	}
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		return huma.NewErrorWithContext(nil, status, msg, errs...)
	}
}

type healthOutput struct {
	Status       int    `json:"-"`
	CacheControl string `header:"Cache-Control"`
	Body         server.Status
}

func registerHealth(a huma.API, h *server.Health) {
	huma.Register(a, huma.Operation{
		OperationID: "get-health",
		Method:      http.MethodGet,
		Path:        "/api/v1/health",
		Summary:     "Is the service ready?",
		Description: "ok when the database answers and its schema is current (and Redis, when configured). Details are for admins.",
		Tags:        []string{"Health"},
		Errors:      []int{http.StatusServiceUnavailable},
	}, func(ctx context.Context, _ *struct{}) (*healthOutput, error) {
		status, body := h.PublicStatus(ctx)
		return &healthOutput{Status: status, CacheControl: "no-store", Body: body}, nil
	})
}
