package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/lemedia/lemedia/internal/ratelimit"
	"github.com/lemedia/lemedia/internal/service"
)

// serviceTestLimit bounds connection tests per admin: each one makes
// outbound calls, so the form must not become a network scanner.
var serviceTestLimit = ratelimit.Limit{Name: "service-test", Rate: 20, Period: time.Minute, Burst: 10}

// testOutcome is the line the form shows after a test.
type testOutcome struct {
	OK      bool
	Message string
}

// failureText says what a failure kind means, never what the upstream said.
var failureText = map[string]string{
	"dns":           "The host name does not resolve.",
	"refused":       "LeMedia does not connect to that address: link-local and cloud metadata addresses, and LeMedia itself, are never allowed.",
	"connect":       "Nothing answered at that address and port.",
	"timeout":       "The service did not answer in time.",
	"tls":           "The secure connection failed: the certificate is not trusted, or the server does not speak https.",
	"unauthorized":  "The service refused the API key.",
	"not_found":     "Nothing was found at that address: check the URL and its base path.",
	"too_large":     "The answer was too large.",
	"redirect":      "Too many redirects, or a redirect away from http(s).",
	"bad_response":  "The answer was not what %s sends: check the URL.",
	"wrong_service": "That address is not a %s server.",
	"canceled":      "The test was cancelled.",
}

func outcomeOf(res service.ProbeResult, kind string) *testOutcome {
	label := kindLabels[kind]
	if res.OK() {
		msg := "Connected to " + label
		if res.Version != "" {
			msg += " " + res.Version
		}
		return &testOutcome{OK: true, Message: msg + "."}
	}
	if res.Failure == "http_status" {
		return &testOutcome{Message: fmt.Sprintf("The service answered with an error (HTTP %d).", res.Status)}
	}
	text, ok := failureText[res.Failure]
	if !ok {
		text = "The connection failed."
	}
	if slices.Contains([]string{"bad_response", "wrong_service"}, res.Failure) {
		text = fmt.Sprintf(text, label)
	}
	return &testOutcome{Message: text}
}

// adminServiceTestSubmit is the form's "Test connection" button: it tests
// the typed URL and key (or the stored key) and shows the form again with
// the outcome and, when connected, the service's choices in the dropdowns.
func (p *Pages) adminServiceTestSubmit(w http.ResponseWriter, r *http.Request) {
	pr, _ := principal(r)
	if !p.allow(w, r, serviceTestLimit, "user:"+strconv.FormatInt(pr.User.ID, 10)) {
		return
	}
	f := newServiceForm(r)
	st := serviceFormState{Service: service.MediaService{Kind: f.Get("kind")}}
	if id := f.Get("id"); id != "" && id != "0" {
		var ok bool
		if st, ok = p.storedState(w, r, id); !ok {
			return
		}
	} else if !slices.Contains(service.ServiceKinds, st.Service.Kind) {
		p.RenderError(w, r, http.StatusNotFound, "")
		return
	}
	st, in := postedService(r, f, st)
	res, err := p.svc.TestMediaService(r.Context(), meta(r), pr, in)
	switch {
	case errors.Is(err, service.ErrReauthRequired):
		f.Errors["api_key"] = "The saved key is sent only to the saved address. Enter the key to test another address."
		p.renderServiceForm(w, r, http.StatusUnprocessableEntity, f, st)
		return
	case err != nil:
		if !f.absorb(err) {
			p.fail(w, r, err)
			return
		}
		p.renderServiceForm(w, r, http.StatusUnprocessableEntity, f, st)
		return
	}
	st.Test = outcomeOf(res.ProbeResult, st.Service.Kind)
	if res.OK() {
		st.Choices = res.Choices
	}
	if res.KeyToken != "" {
		st.KeyToken = res.KeyToken
	}
	p.renderServiceForm(w, r, http.StatusOK, f, st)
}
