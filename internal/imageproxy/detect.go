package imageproxy

import (
	"bytes"
	"net/http"
)

// imageType is an allowed raster type; its value is the byte stored in a
// cache file's header. Zero is "not allowed".
type imageType byte

const (
	typeJPEG imageType = 1
	typePNG  imageType = 2
	typeWebP imageType = 3
	typeGIF  imageType = 4
)

var contentTypes = [...]string{
	typeJPEG: "image/jpeg",
	typePNG:  "image/png",
	typeWebP: "image/webp",
	typeGIF:  "image/gif",
}

// ContentType is the MIME type served for t, or "" when t is not allowed.
func (t imageType) ContentType() string {
	if t == 0 || int(t) >= len(contentTypes) {
		return ""
	}
	return contentTypes[t]
}

// detect returns the type of an image from its bytes, whatever an upstream
// claimed, and the sniffed type for logs. Both http.DetectContentType and an
// explicit magic number must agree on one of the allowed raster types: SVG,
// HTML, XML, JSON, BMP, ICO, AVIF and everything else give 0.
func detect(b []byte) (imageType, string) {
	sniffed := http.DetectContentType(b)
	var t imageType
	switch sniffed {
	case "image/jpeg":
		if bytes.HasPrefix(b, []byte("\xFF\xD8\xFF")) {
			t = typeJPEG
		}
	case "image/png":
		if bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1A\n")) {
			t = typePNG
		}
	case "image/webp":
		if len(b) >= 16 && bytes.HasPrefix(b, []byte("RIFF")) && string(b[8:15]) == "WEBPVP8" {
			t = typeWebP
		}
	case "image/gif":
		if bytes.HasPrefix(b, []byte("GIF87a")) || bytes.HasPrefix(b, []byte("GIF89a")) {
			t = typeGIF
		}
	}
	return t, sniffed
}
