package service_test

import (
	"context"
	"errors"
	"testing"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/service"
)

func TestRequests4K(t *testing.T) {
	for _, url := range []string{"", "pg"} {
		t.Run(map[string]string{"": "sqlite", "pg": "postgres"}[url], func(t *testing.T) {
			e, h := requestEnv(t, pgURL(t, url))
			ctx := context.Background()
			owner := e.owner(t)
			user := domain.RolePermissions[domain.RoleUser]
			e.user(t, owner, "ann", user)
			e.user(t, owner, "bob", user|domain.PermRequest4KMovie)
			e.user(t, owner, "cat", user|domain.PermRequest4K|domain.PermAutoApprove4KMovie)
			ann, bob, cat := e.login(t, "ann", "password for ann"), e.login(t, "bob", "password for bob"), e.login(t, "cat", "password for cat")
			film := func(id int64, is4K bool) service.RequestInput {
				return service.RequestInput{Type: domain.Movie, TMDBID: id, Is4K: is4K}
			}

			// No 4K Radarr yet: refused with a field error, and not offered.
			if _, err := e.svc.CreateRequest(ctx, m, bob, film(9_000_001, true)); fieldOf(err) != "is_4k" {
				t.Fatalf("4K without a 4K Radarr: %v", err)
			}
			if e.svc.Can4K(ctx, bob, domain.Movie) {
				t.Fatal("4K offered without a 4K Radarr")
			}
			if _, err := e.svc.CreateMediaService(ctx, m, owner, radarrInput("Main", "standardkey")); err != nil {
				t.Fatal(err)
			}
			in4K := radarrInput("Radarr 4K", "fourkkey")
			in4K.Is4K, in4K.Default = true, true
			if _, err := e.svc.CreateMediaService(ctx, m, owner, in4K); err != nil {
				t.Fatal(err)
			}
			if !e.svc.Can4K(ctx, bob, domain.Movie) || e.svc.Can4K(ctx, ann, domain.Movie) || e.svc.Can4K(ctx, cat, domain.TV) {
				t.Fatal("4K offered to the wrong people or media types")
			}

			// No permission: refused, whatever the instance.
			if _, err := e.svc.CreateRequest(ctx, m, ann, film(9_000_001, true)); !errors.Is(err, service.ErrForbidden) {
				t.Fatalf("4K without permission: %v", err)
			}
			if _, err := e.svc.CreateRequest(ctx, m, bob, service.RequestInput{Type: domain.TV, TMDBID: 9_100_001, Is4K: true}); !errors.Is(err, service.ErrForbidden) {
				t.Fatalf("4K series with the film bit only: %v", err)
			}
			// Allowed, but no 4K Sonarr.
			if _, err := e.svc.CreateRequest(ctx, m, cat, service.RequestInput{Type: domain.TV, TMDBID: 9_100_001, Is4K: true}); fieldOf(err) != "is_4k" {
				t.Fatalf("4K series without a 4K Sonarr: %v", err)
			}

			// Standard and 4K of the same film are separate tracks; each once.
			std, err := e.svc.CreateRequest(ctx, m, ann, film(9_000_001, false))
			if err != nil || std.Is4K {
				t.Fatalf("standard: %+v %v", std, err)
			}
			uhd, err := e.svc.CreateRequest(ctx, m, bob, film(9_000_001, true))
			if err != nil || !uhd.Is4K || uhd.Status != domain.StatusPending {
				t.Fatalf("4K beside standard: %+v %v", uhd, err)
			}
			if _, err := e.svc.CreateRequest(ctx, m, cat, film(9_000_001, true)); !errors.Is(err, service.ErrAlreadyRequested) {
				t.Fatalf("second 4K: %v", err)
			}
			if _, err := e.svc.CreateRequest(ctx, m, cat, film(9_000_001, false)); !errors.Is(err, service.ErrAlreadyRequested) {
				t.Fatalf("second standard: %v", err)
			}
			got, err := e.svc.GetRequest(ctx, owner, uhd.ID)
			if err != nil || !got.Is4K {
				t.Fatalf("stored: %+v %v", got, err)
			}
			if len(h.ids) != 0 {
				t.Fatalf("pending requests handed off: %v", h.ids)
			}

			// AUTO_APPROVE_4K_MOVIE approves a 4K film at once, not a standard one.
			auto, err := e.svc.CreateRequest(ctx, m, cat, film(9_000_002, true))
			if err != nil || auto.Status != domain.StatusApproved || len(h.ids) != 1 || h.ids[0] != auto.ID {
				t.Fatalf("auto-approved 4K: %+v %v %v", auto, err, h.ids)
			}
			plain, err := e.svc.CreateRequest(ctx, m, cat, film(9_000_002, false))
			if err != nil || plain.Status != domain.StatusPending {
				t.Fatalf("standard beside auto-approved 4K: %+v %v", plain, err)
			}

			// A declined 4K request frees the 4K track only.
			if err := e.svc.Decline(ctx, m, owner, uhd.ID, "Not in 4K"); err != nil {
				t.Fatal(err)
			}
			again, err := e.svc.CreateRequest(ctx, m, cat, film(9_000_001, true))
			if err != nil || again.Status != domain.StatusApproved {
				t.Fatalf("4K after decline: %+v %v", again, err)
			}

			// Lists carry the tier.
			page, err := e.svc.ListRequests(ctx, owner, true, "", domain.Movie, 0)
			if err != nil {
				t.Fatal(err)
			}
			tiers := map[int64]bool{}
			for _, r := range page.Requests {
				tiers[r.ID] = r.Is4K
			}
			if len(tiers) != 5 || !tiers[again.ID] || !tiers[auto.ID] || tiers[std.ID] || tiers[plain.ID] {
				t.Fatalf("list tiers: %v", tiers)
			}
		})
	}
}
