package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/lemedia/lemedia/internal/service"
)

// form carries what the user typed back to the page with the errors next to
// their fields. Passwords are never echoed.
type form struct {
	Values  url.Values
	Errors  map[string]string
	Message string // an error not about one field
	Notice  string // a success message
}

func newForm(r *http.Request) *form {
	_ = r.ParseForm()
	v := url.Values{}
	for k, vals := range r.PostForm {
		if !strings.Contains(k, "password") && k != "csrf_token" && k != "code" {
			v[k] = vals
		}
	}
	return &form{Values: v, Errors: map[string]string{}}
}

func (f *form) Get(k string) string { return f.Values.Get(k) }

// Form lets templates pass the form on from views that embed it.
func (f *form) Form() *form { return f }

// Has reports whether a checkbox value is set.
func (f *form) Has(k, v string) bool {
	for _, x := range f.Values[k] {
		if x == v {
			return true
		}
	}
	return false
}

// absorb files a service error under its field; it reports whether the
// error was one the user can fix.
func (f *form) absorb(err error) bool {
	var fe *service.FieldError
	var many service.FieldErrors
	switch {
	case errors.As(err, &many):
		for _, e := range many {
			f.Errors[e.Field] = sentence(e.Message)
		}
	case errors.As(err, &fe):
		f.Errors[fe.Field] = sentence(fe.Message)
	case errors.Is(err, service.ErrInvalidCredentials), errors.Is(err, service.ErrInvalidToken),
		errors.Is(err, service.ErrSetupDone), errors.Is(err, service.ErrInvalidCode):
		f.Message = sentence(err.Error())
	default:
		return false
	}
	return true
}

// sentence shows a service message as a sentence: capital first, full stop last.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
