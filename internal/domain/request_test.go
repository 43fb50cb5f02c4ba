package domain

import "testing"

func TestTransitionTable(t *testing.T) {
	legal := map[[2]RequestStatus]bool{}
	for from, tos := range transitions {
		for _, to := range tos {
			legal[[2]RequestStatus{from, to}] = true
		}
	}
	// Every pair of statuses: legal exactly when the table says so.
	for _, from := range RequestStatuses {
		for _, to := range RequestStatuses {
			if got := CanMove(from, to); got != legal[[2]RequestStatus{from, to}] {
				t.Errorf("%s -> %s: %v", from, to, got)
			}
		}
	}
	for _, must := range [][2]RequestStatus{
		{StatusPending, StatusApproved}, {StatusPending, StatusDeclined}, {StatusFailed, StatusApproved},
		{StatusProcessing, StatusAvailable}, {StatusAvailable, StatusDeleted},
	} {
		if !CanMove(must[0], must[1]) {
			t.Errorf("%s -> %s must be legal", must[0], must[1])
		}
	}
	for _, never := range [][2]RequestStatus{
		{StatusDeleted, StatusPending}, {StatusDeclined, StatusApproved}, {StatusAvailable, StatusPending},
		{StatusPending, StatusProcessing}, {StatusPending, StatusPending}, {StatusDeleted, StatusDeleted},
	} {
		if CanMove(never[0], never[1]) {
			t.Errorf("%s -> %s must be illegal", never[0], never[1])
		}
	}
	if len(transitions) != len(RequestStatuses) {
		t.Error("a status is missing from the table or the list")
	}
}

func TestSeerrMapping(t *testing.T) {
	cases := map[RequestStatus][2]int{
		StatusPending: {1, 2}, StatusApproved: {2, 3}, StatusProcessing: {2, 3}, StatusPartiallyAvailable: {2, 4},
		StatusAvailable: {5, 5}, StatusDeclined: {3, 1}, StatusFailed: {4, 3}, StatusDeleted: {5, 7},
	}
	for s, want := range cases {
		if got := [2]int{s.SeerrRequestStatus(), s.SeerrMediaStatus()}; got != want {
			t.Errorf("%s: %v, want %v", s, got, want)
		}
	}
}
