package arr

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// reply is a handler's answer, encoded after the state is unlocked.
type reply struct {
	status int
	v      any // nil: no body
}

func ok(v any) reply       { return reply{http.StatusOK, v} }
func created(v any) reply  { return reply{http.StatusCreated, v} }  // the services' POST answer
func accepted(v any) reply { return reply{http.StatusAccepted, v} } // their PUT answer

// errorBody is the services' error model for 404 and 500 answers.
type errorBody struct {
	Message     string `json:"message"`
	Description string `json:"description,omitempty"`
}

// notFound is what a missing id gets (a ModelNotFoundException).
func notFound(kind string, id int) reply {
	return reply{http.StatusNotFound, errorBody{Message: kind + " with ID " + strconv.Itoa(id) + " does not exist"}}
}

// failure is one entry of a 400 validation answer.
type failure struct {
	PropertyName   string `json:"propertyName"`
	ErrorMessage   string `json:"errorMessage"`
	AttemptedValue any    `json:"attemptedValue"`
	Severity       string `json:"severity"`
	ErrorCode      string `json:"errorCode,omitempty"`
}

func invalid(fs ...failure) reply { return reply{http.StatusBadRequest, fs} }

func fail(property, message string, attempted any, code string) failure {
	return failure{PropertyName: property, ErrorMessage: message, AttemptedValue: attempted, Severity: "error", ErrorCode: code}
}

func (r reply) write(w http.ResponseWriter) {
	if r.v == nil {
		w.WriteHeader(r.status)
		return
	}
	writeJSON(w, r.status, r.v)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// decode reads a JSON body leniently, as the services do (unknown fields
// ignored, absent ones left at their zero value).
func decode(body []byte, v any) bool { return json.Unmarshal(body, v) == nil }

// stamp formats a time as the services do.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// dayStamp turns a catalogue date into a timestamp at midnight UTC; "" stays "".
func dayStamp(day string) *string {
	if day == "" {
		return nil
	}
	s := day + "T00:00:00Z"
	return &s
}

// timeSpan formats a duration as a .NET TimeSpan ("[d.]hh:mm:ss").
func timeSpan(d time.Duration) string {
	d = max(d, 0).Round(time.Second)
	days := int(d / (24 * time.Hour))
	d -= time.Duration(days) * 24 * time.Hour
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	out := ""
	if days > 0 {
		out = strconv.Itoa(days) + "."
	}
	return out + two(h) + ":" + two(m) + ":" + two(s)
}

func two(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
