package web

import "testing"

func TestBrowseInitials(t *testing.T) {
	for title, want := range map[string]string{
		"The Lantern Street Irregulars": "LS", "Ferris and the Cloud Factory": "FC", "Pixel & Pip": "PP",
		"The": "T", "": "", "été brûlant": "ÉB", "2046": "2",
	} {
		if got := initials(title); got != want {
			t.Errorf("initials(%q) = %q, want %q", title, got, want)
		}
	}
}
