package httpio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Problem is the JSON error body of every API error (RFC 9457 shape plus the
// request id and the fields at fault).
type Problem struct {
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail,omitempty"`
	RequestID string       `json:"request_id,omitempty"`
	Errors    []FieldError `json:"errors,omitempty"`
}

// FieldError names one bad input.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (p *Problem) Error() string { return p.Detail }

// GetStatus lets huma use Problem as its error model.
func (p *Problem) GetStatus() int { return p.Status }

// WriteJSON writes v with status and no caching.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// WriteProblem writes a JSON error carrying the request id.
func WriteProblem(w http.ResponseWriter, r *http.Request, status int, detail string, fields ...FieldError) {
	p := NewProblem(r, status, detail, fields...)
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(p)
}

// NewProblem builds the error body for r.
func NewProblem(r *http.Request, status int, detail string, fields ...FieldError) *Problem {
	return &Problem{Title: http.StatusText(status), Status: status, Detail: detail, RequestID: From(r.Context()).ID, Errors: fields}
}

// DecodeJSON reads one JSON value from the (size-limited) body into dst,
// refusing unknown fields and trailing data. The returned error is a *Problem
// (400, or 413 for an oversized body) ready for WriteProblem.
func DecodeJSON(r *http.Request, dst any) *Problem {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	if err == nil {
		if _, extra := dec.Token(); extra != io.EOF {
			err = errors.New("trailing data after the JSON value")
		}
	}
	if err == nil {
		return nil
	}
	if tooLarge(err) {
		return NewProblem(r, http.StatusRequestEntityTooLarge, "request body too large")
	}
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		return NewProblem(r, http.StatusBadRequest, "invalid JSON body",
			FieldError{Field: typeErr.Field, Message: "must be " + typeErr.Type.String()})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return NewProblem(r, http.StatusBadRequest, "invalid JSON body", FieldError{Field: field, Message: "unknown field"})
	case errors.Is(err, io.EOF):
		return NewProblem(r, http.StatusBadRequest, "request body is empty")
	default:
		return NewProblem(r, http.StatusBadRequest, fmt.Sprintf("invalid JSON body: %s", sanitize(err)))
	}
}

func tooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

// sanitize keeps decoder messages short and free of echoed input.
func sanitize(err error) string {
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if len(msg) > 120 {
		msg = msg[:120]
	}
	return string(bytes.ToValidUTF8([]byte(msg), nil))
}
