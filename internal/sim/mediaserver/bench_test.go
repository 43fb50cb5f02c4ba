package mediaserver

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/lemedia/lemedia/internal/sim/library"
)

// BenchmarkScan100k pages through 100 000 episodes, 1000 a page, as a sync
// would, straight into the handlers (no network, no spec check).
func BenchmarkScan100k(b *testing.B) {
	const episodes, size = 100_000, 1000
	lib := library.New()
	SeedLarge(lib, episodes)
	j, _ := NewJellyfin(lib, JellyfinOptions{Token: token, Unchecked: true})
	p, _ := NewPlex(lib, PlexOptions{Token: token, Unchecked: true})
	for _, tc := range []struct {
		name    string
		h       http.Handler
		headers map[string]string
		path    func(start int) string
	}{
		{"jellyfin", j, jfAuth, func(start int) string {
			return fmt.Sprintf("/Items?parentId=%s&recursive=true&includeItemTypes=Episode&fields=ProviderIds&fields=Path&fields=DateCreated&sortBy=DateCreated&sortBy=SortName&sortOrder=Ascending&startIndex=%d&limit=%d", j.shows.id, start, size)
		}},
		{"plex", p, plexAuth, func(start int) string {
			return fmt.Sprintf("/library/sections/2/all?type=4&includeGuids=1&sort=addedAt&X-Plex-Container-Start=%d&X-Plex-Container-Size=%d", start, size)
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				for start := 0; start < episodes; start += size {
					r := httptest.NewRequest(http.MethodGet, tc.path(start), nil)
					for k, v := range tc.headers {
						r.Header.Set(k, v)
					}
					w := httptest.NewRecorder()
					tc.h.ServeHTTP(w, r)
					if w.Code != http.StatusOK {
						b.Fatalf("%d %s", w.Code, w.Body)
					}
				}
			}
			b.ReportMetric(float64(episodes*b.N)/b.Elapsed().Seconds(), "episodes/s")
		})
	}
}
