package arr

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// year is the year of a catalogue date, 0 if there is none.
func year(day string) int {
	if len(day) < 4 {
		return 0
	}
	y, _ := strconv.Atoi(day[:4])
	return y
}

// slug is a title as the services put it in URLs: "the-clockmaker-2019".
func slug(title string, extra int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.TrimRight(b.String(), "-")
	if extra > 0 {
		s += "-" + strconv.Itoa(extra)
	}
	return s
}

// cleanTitle is the services' search key: lower-case letters and digits.
func cleanTitle(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// folderName is "Title (Year)" without characters folders cannot hold.
func folderName(title string, y int) string {
	clean := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*`, r) {
			return -1
		}
		return r
	}, title)
	if y > 0 {
		return fmt.Sprintf("%s (%d)", clean, y)
	}
	return clean
}

// releaseName is what a download is called: "The.Clockmaker.2019.1080p.WEB-DL".
func releaseName(title string, y int, episode string) string {
	words := strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	name := strings.Join(words, ".")
	if episode != "" {
		return name + "." + episode + ".1080p.WEB-DL-SIM"
	}
	return fmt.Sprintf("%s.%d.1080p.WEB-DL-SIM", name, y)
}
