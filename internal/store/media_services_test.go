package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/store"
)

func TestMediaServiceRows(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
		add := func(kind, name string, def, is4K bool) int64 {
			t.Helper()
			var id int64
			err := s.WithTx(ctx, func(tx *store.Tx) error {
				var err error
				id, err = store.InsertMediaService(ctx, tx, store.MediaService{Kind: kind, Name: name, BaseURL: "http://x:1",
					Default: def, Is4K: is4K, Enabled: true, Settings: `{"arr":{}}`}, now)
				if err != nil {
					return err
				}
				return store.SetMediaServiceKey(ctx, tx, id, "v1.sealed."+name)
			})
			if err != nil {
				t.Fatalf("add %s: %v", name, err)
			}
			return id
		}
		main := add("radarr", "Main", true, false)
		uhd := add("radarr", "UHD", true, true) // another tier: its own default
		other := add("radarr", "Other", false, false)
		add("sonarr", "Main", true, false) // names are per kind

		// A second default of one kind and tier breaks the partial unique index.
		_, err := store.InsertMediaService(ctx, s.DB, store.MediaService{Kind: "radarr", Name: "Second", BaseURL: "http://y",
			Default: true, Enabled: true, Settings: "{}"}, now)
		if !store.IsConflict(err, "media_service") {
			t.Fatalf("second default: %v", err)
		}
		_, err = store.InsertMediaService(ctx, s.DB, store.MediaService{Kind: "radarr", Name: "Main", BaseURL: "http://y", Settings: "{}"}, now)
		if !store.IsConflict(err, "media_service") {
			t.Fatalf("duplicate name: %v", err)
		}
		_, err = store.InsertMediaService(ctx, s.DB, store.MediaService{Kind: "lidarr", Name: "Music", BaseURL: "http://y", Settings: "{}"}, now)
		if err == nil {
			t.Fatal("an unknown kind was stored")
		}

		// Moving the default: clear, then set.
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			if err := store.ClearMediaServiceDefault(ctx, tx, "radarr", false, now); err != nil {
				return err
			}
			r, err := store.MediaServiceByID(ctx, tx, other)
			if err != nil {
				return err
			}
			r.Default = true
			return store.UpdateMediaService(ctx, tx, r, now.Add(time.Minute))
		})
		if err != nil {
			t.Fatal(err)
		}
		list, err := store.ListMediaServices(ctx, s.DB, store.MediaServicesFilter{Kind: "radarr"})
		if err != nil || len(list) != 3 {
			t.Fatalf("list: %v %v", list, err)
		}
		if list[0].ID != other || !list[0].Default || list[1].ID != main || list[1].Default || list[2].ID != uhd || !list[2].Is4K {
			t.Fatalf("order or defaults wrong: %+v", list)
		}
		if list[0].APIKey != "v1.sealed.Other" || !list[0].UpdatedAt.Equal(now.Add(time.Minute)) || !list[0].CreatedAt.Equal(now) {
			t.Fatalf("row: %+v", list[0])
		}
		if ok, err := store.HasDefaultMediaService(ctx, s.DB, "sonarr", true); ok || err != nil {
			t.Fatalf("4K sonarr default: %v %v", ok, err)
		}

		// Disabled rows are left out of the enabled list.
		r, _ := store.MediaServiceByID(ctx, s.DB, main)
		r.Enabled = false
		if err := store.UpdateMediaService(ctx, s.DB, r, now); err != nil {
			t.Fatal(err)
		}
		enabled, _ := store.ListMediaServices(ctx, s.DB, store.MediaServicesFilter{Kind: "radarr", EnabledOnly: true})
		if len(enabled) != 2 {
			t.Fatalf("enabled: %+v", enabled)
		}

		// Re-sealing is conditional on the value read.
		if ok, err := store.ResealMediaServiceKey(ctx, s.DB, main, "v1.stale", "v1.new"); ok || err != nil {
			t.Fatalf("stale swap: %v %v", ok, err)
		}
		if ok, err := store.ResealMediaServiceKey(ctx, s.DB, main, "v1.sealed.Main", "v1.new"); !ok || err != nil {
			t.Fatalf("swap: %v %v", ok, err)
		}
		keys, _ := store.SealedMediaServiceKeys(ctx, s.DB)
		if len(keys) != 4 || keys[0].Value != "v1.new" {
			t.Fatalf("keys: %+v", keys)
		}

		if err := store.DeleteMediaService(ctx, s.DB, main); err != nil {
			t.Fatal(err)
		}
		if _, err := store.MediaServiceByID(ctx, s.DB, main); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("deleted row: %v", err)
		}
		if err := store.DeleteMediaService(ctx, s.DB, main); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("second delete: %v", err)
		}
	})
}
