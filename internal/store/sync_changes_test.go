package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// TestApplySyncChanges: a page of a sync's decisions ends as MoveRequest
// (no actor) and then the progress and episodes would leave each request:
// statuses, progress, episodes, history, claims; a request moved meanwhile
// is left alone.
func TestApplySyncChanges(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
		eps := func(st domain.RequestStatus, progress int, n int) []domain.RequestItem {
			var out []domain.RequestItem
			for e := 1; e <= n; e++ {
				out = append(out, domain.RequestItem{Season: 1, Episode: e, Status: st, Progress: progress})
			}
			return out
		}
		var ids []int64
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			uid, err := store.CreateUser(ctx, tx, store.NewUser{Username: "u", Email: "u@example.org", PasswordHash: "x", Now: now})
			if err != nil {
				return err
			}
			for i, r := range []domain.Request{
				{Type: domain.Movie, TMDBID: 1, Status: domain.StatusProcessing},                      // → available
				{Type: domain.TV, TMDBID: 2, Status: domain.StatusProcessing, Items: eps("", 0, 3)},   // → partially available, mixed
				{Type: domain.TV, TMDBID: 3, Status: domain.StatusAvailable, Items: eps("", 0, 2)},    // → deleted, claims go
				{Type: domain.TV, TMDBID: 4, Status: domain.StatusProcessing, Items: eps("", 0, 2)},   // progress only
				{Type: domain.Movie, TMDBID: 5, Status: domain.StatusApproved},                        // moved meanwhile
				{Type: domain.TV, TMDBID: 6, Status: domain.StatusProcessing, Items: eps("", 0, 600)}, // more episodes than a statement's rows
			} {
				r.UserID, r.RequestedBy, r.Title = uid, uid, "T"
				id, err := store.InsertRequest(ctx, tx, r, now)
				if err != nil {
					return err
				}
				ids = append(ids, id)
				if err := store.SetRequestDelivery(ctx, tx, id, 1, int64(i+1)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		mixed := eps(domain.StatusAvailable, 100, 3)
		mixed[2] = domain.RequestItem{Season: 1, Episode: 3, Status: domain.StatusProcessing, Progress: 40}
		long := eps(domain.StatusProcessing, 10, 600)
		long[599].Progress = 90
		changes := []store.SyncChange{
			{From: domain.StatusProcessing, Next: domain.Request{ID: ids[0], Type: domain.Movie, Status: domain.StatusAvailable, Progress: 100}},
			{From: domain.StatusProcessing, Next: domain.Request{ID: ids[1], Type: domain.TV, Status: domain.StatusPartiallyAvailable, Progress: 40, Items: mixed}},
			{From: domain.StatusAvailable, Next: domain.Request{ID: ids[2], Type: domain.TV, Status: domain.StatusDeleted, Items: eps(domain.StatusDeleted, 0, 2)},
				Reason: "no longer in the library"},
			{From: domain.StatusProcessing, Next: domain.Request{ID: ids[3], Type: domain.TV, Status: domain.StatusProcessing, Progress: 55,
				Items: eps(domain.StatusProcessing, 55, 2)}},
			{From: domain.StatusProcessing, Next: domain.Request{ID: ids[4], Type: domain.Movie, Status: domain.StatusAvailable, Progress: 100}},
			{From: domain.StatusProcessing, Next: domain.Request{ID: ids[5], Type: domain.TV, Status: domain.StatusProcessing, Progress: 11, Items: long}},
		}
		version := store.RequestsVersion()
		var applied []bool
		later := now.Add(time.Hour)
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			applied, err = store.ApplySyncChanges(ctx, tx, changes, later)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := []bool{true, true, true, true, false, true}; !slices.Equal(applied, want) {
			t.Fatalf("applied %v, want %v", applied, want)
		}
		if store.RequestsVersion() == version {
			t.Error("the requests' version did not move")
		}
		for i, c := range changes {
			got, err := store.RequestByID(ctx, s.DB, ids[i])
			if err != nil {
				t.Fatal(err)
			}
			want := c.Next
			if !applied[i] {
				want = domain.Request{ID: ids[i], Type: domain.Movie, Status: domain.StatusApproved}
			}
			if got.Status != want.Status || got.Progress != want.Progress || !slices.Equal(got.Items, want.Items) {
				t.Errorf("request %d: %s %d %v, want %s %d %v", i, got.Status, got.Progress, got.Items, want.Status, want.Progress, want.Items)
			}
			moved := applied[i] && c.Next.Status != c.From
			if moved != got.UpdatedAt.Equal(later) {
				t.Errorf("request %d: updated at %v", i, got.UpdatedAt)
			}
			events, err := store.RequestEvents(ctx, s.DB, ids[i])
			if err != nil {
				t.Fatal(err)
			}
			if !moved {
				if len(events) != 0 {
					t.Errorf("request %d: history %+v", i, events)
				}
				continue
			}
			if len(events) != 1 || events[0].From != c.From || events[0].To != c.Next.Status || events[0].Reason != c.Reason ||
				events[0].ActorID != 0 || !events[0].At.Equal(later) {
				t.Errorf("request %d: history %+v", i, events)
			}
		}
		// The deleted series holds no episode any more: it can be requested again.
		claims, err := store.Claims(ctx, s.DB, domain.TV, 3)
		if err != nil || len(claims) != 0 {
			t.Errorf("claims of the deleted series: %v %v", claims, err)
		}
		if claims, _ := store.Claims(ctx, s.DB, domain.TV, 2); len(claims) != 3 {
			t.Errorf("claims of the partially available series: %v", claims)
		}
		// Nothing to do is nothing done.
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			a, err := store.ApplySyncChanges(ctx, tx, nil, later)
			if len(a) != 0 {
				t.Errorf("applied %v", a)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
