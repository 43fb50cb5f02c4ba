package main

import (
	"net/http"
	"sync/atomic"
	"time"
)

// The states a service can be switched into from /control.
const (
	stateUp          = "up"
	stateUnavailable = "unavailable" // 503 to everything
	stateDrop        = "drop"        // connections closed without an answer
)

// switched wraps a service with an outage switch and an added delay, the
// same way for all five, whatever each fake offers itself.
type switched struct {
	name  string
	h     http.Handler
	state atomic.Value // string
	delay atomic.Int64 // time.Duration
}

func newSwitched(name string, h http.Handler) *switched {
	s := &switched{name: name, h: h}
	s.state.Store(stateUp)
	return s
}

func (s *switched) State() string            { return s.state.Load().(string) }
func (s *switched) Delay() time.Duration     { return time.Duration(s.delay.Load()) }
func (s *switched) SetState(state string)    { s.state.Store(state) }
func (s *switched) SetDelay(d time.Duration) { s.delay.Store(int64(d)) }

func (s *switched) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if d := s.Delay(); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	switch s.State() {
	case stateUnavailable:
		w.Header().Set("Retry-After", "30")
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
		return
	case stateDrop:
		panic(http.ErrAbortHandler) // net/http closes the connection quietly
	}
	s.h.ServeHTTP(w, r)
}
