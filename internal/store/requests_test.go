package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

func TestClaimsAndStatuses(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
		var uid int64
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			if uid, err = store.CreateUser(ctx, tx, store.NewUser{Username: "u", Email: "u@example.org", PasswordHash: "x", Now: now}); err != nil {
				return err
			}
			for _, r := range []domain.Request{
				{UserID: uid, RequestedBy: uid, Type: domain.Movie, TMDBID: 1, Title: "A", Status: domain.StatusPending},
				{UserID: uid, RequestedBy: uid, Type: domain.TV, TMDBID: 2, Title: "B", Status: domain.StatusApproved,
					Items: []domain.RequestItem{{Season: 1, Episode: 1}, {Season: 1, Episode: 2}}},
				{UserID: uid, RequestedBy: uid, Type: domain.TV, TMDBID: 2, Title: "B", Status: domain.StatusPending,
					Items: []domain.RequestItem{{Season: 2, Episode: 1}}},
			} {
				if _, err := store.InsertRequest(ctx, tx, r, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// An overlapping request is refused by the claim's key, and nothing of it stays.
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := store.InsertRequest(ctx, tx, domain.Request{UserID: uid, RequestedBy: uid, Type: domain.TV, TMDBID: 2,
				Title: "B", Status: domain.StatusPending, Items: []domain.RequestItem{{Season: 3, Episode: 1}, {Season: 1, Episode: 2}}}, now)
			return err
		})
		if !store.IsConflict(err, "media_claim") {
			t.Fatalf("overlapping claim: %v", err)
		}
		tv, err := store.ClaimStatuses(ctx, s.DB, domain.TV, []int64{2, 3})
		if err != nil || len(tv[2]) != 2 || len(tv[3]) != 0 {
			t.Fatalf("series statuses %v %v", tv, err)
		}
		mv, _ := store.ClaimStatuses(ctx, s.DB, domain.Movie, []int64{1, 2})
		if len(mv[1]) != 1 || mv[1][0] != domain.StatusPending || len(mv[2]) != 0 {
			t.Fatalf("film statuses %v", mv)
		}
		claims, _ := store.Claims(ctx, s.DB, domain.TV, 2)
		if len(claims) != 3 || claims[[2]int{2, 1}] != domain.StatusPending || claims[[2]int{3, 1}] != "" {
			t.Fatalf("claims %v", claims)
		}
	})
}
