package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
	"github.com/lemedia/lemedia/internal/testenv"
)

// BenchmarkUpsertLibraryItems is one page of a library sync: 1 000 episodes
// upserted in one transaction, as SyncLibrary does per page a media server
// answers. "new" inserts them (a first scan), "seen" updates them (every
// later full scan).
//
//	go test ./internal/store -run '^$' -bench UpsertLibraryItems -benchmem
func BenchmarkUpsertLibraryItems(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			url := ""
			if engine == "postgres" {
				url = testenv.Postgres(b)
			}
			ctx := context.Background()
			s, err := store.Open(ctx, url, b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if _, err := s.Migrate(ctx); err != nil {
				b.Fatal(err)
			}
			const page = 1000
			items := func(n int) []store.LibraryItem {
				out := make([]store.LibraryItem, page)
				for i := range out {
					k := n*page + i
					out[i] = store.LibraryItem{ItemID: "episode-" + strconv.Itoa(k), Type: domain.TV, TMDBID: int64(8_100_001 + k/100),
						TVDBID: int64(800_000_001 + k/100), Season: 1 + k%100/10, Episode: 1 + k%10, AddedAt: time.Unix(int64(k), 0)}
				}
				return out
			}
			for _, mode := range []string{"new", "seen"} {
				b.Run(mode, func(b *testing.B) {
					n := 0
					for b.Loop() {
						batch := items(n)
						if mode == "new" {
							n++
						}
						err := s.WithTx(ctx, func(tx *store.Tx) error { return store.UpsertLibraryItems(ctx, tx, 1, batch, time.Now()) })
						if err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(b.N*page)/b.Elapsed().Seconds(), "items/s")
				})
			}
		})
	}
}
