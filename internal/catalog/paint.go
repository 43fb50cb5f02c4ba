package catalog

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
)

// art describes one generated picture: a banded gradient, a motif chosen by
// the seed, the title in the bitmap font and a footer naming the catalogue.
type art struct {
	title, caption string
	seed           uint64
	landscape      bool
}

// Palette slots.
const (
	bands     = 8 // 0..7: the background gradient
	cAccent   = 8
	cAccent2  = 9
	cMotif    = 10
	cText     = 11
	cShadow   = 12
	cFooter   = 13
	cFootText = 14
	cMotif2   = 15
)

func (a art) render(w int) ([]byte, error) {
	h := w * 3 / 2
	if a.landscape {
		h = w * 9 / 16
	}
	r := rng(a.seed)
	img := image.NewPaletted(image.Rect(0, 0, w, h), a.palette(&r))
	cv := canvas{img}
	for y := range h {
		cv.fill(0, y, w, y+1, uint8(y*bands/h))
	}
	a.motif(cv, &r)
	footH := a.footer(cv)
	a.text(cv, footH)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (a art) palette(r *rng) color.Palette {
	hue := float64(r.next() % 360)
	hue2 := hue + 40 + float64(r.next()%120)
	p := make(color.Palette, 16)
	for i := range bands {
		t := float64(i) / (bands - 1)
		p[i] = hsv(hue+(hue2-hue)*t, 0.55+0.2*t, 0.18+0.5*t)
	}
	acc := hue + 150 + float64(r.next()%60)
	p[cAccent] = hsv(acc, 0.65, 0.95)
	p[cAccent2] = hsv(acc+25, 0.35, 1)
	p[cMotif] = hsv(hue2, 0.5, 0.3)
	p[cMotif2] = hsv(hue2+20, 0.45, 0.45)
	p[cText] = color.RGBA{0xfa, 0xf7, 0xf0, 0xff}
	p[cShadow] = color.RGBA{0x10, 0x10, 0x14, 0xff}
	p[cFooter] = color.RGBA{0x14, 0x14, 0x1a, 0xff}
	p[cFootText] = color.RGBA{0xc8, 0xc8, 0xd0, 0xff}
	return p
}

// motif draws one of six simple compositions in the upper part of the picture.
func (a art) motif(cv canvas, r *rng) {
	w, h := cv.w(), cv.h()
	unit := float64(min(w, h))
	switch r.next() % 6 {
	case 0: // a sun over a striped sea
		cx, cy := w/2+int(r.float()*float64(w)/4)-w/8, h/3
		cv.disc(cx, cy, int(unit*0.24), cAccent)
		for i := range 6 {
			y := cy + int(unit*0.05) + i*int(unit*0.045)
			cv.fill(0, y, w, y+int(unit*0.02)+1, cMotif)
		}
	case 1: // mountains
		for i, c := range []uint8{cMotif2, cMotif, cAccent} {
			peak := int(r.float() * float64(w))
			top := h/6 + i*h/10
			base := h/2 + i*h/12
			cv.triangle(peak, top, peak-w*2/3, base, peak+w*2/3, base, c)
			if c == cAccent {
				cv.triangle(peak, top, peak-w/10, top+h/14, peak+w/10, top+h/14, cAccent2)
			}
		}
	case 2: // diagonal stripes
		step := int(unit*0.09) + 1
		for y := range h * 3 / 5 {
			for x := range w {
				if (x+y)/step%3 == 0 {
					cv.img.Pix[y*cv.img.Stride+x] = cMotif2
				}
			}
		}
		cv.disc(w*3/4, h/4, int(unit*0.12), cAccent)
	case 3: // rings
		cx, cy := int(r.float()*float64(w)), h/3
		for i := 7; i >= 1; i-- {
			c := uint8(cAccent)
			if i%2 == 0 {
				c = cMotif
			}
			cv.disc(cx, cy, int(unit*0.06*float64(i)), c)
		}
	case 4: // dots
		step := int(unit*0.12) + 1
		for y := step / 2; y < h*3/5; y += step {
			for x := step / 2; x < w; x += step {
				rad := int(float64(step) * (0.15 + 0.3*r.float()))
				c := uint8(cMotif2)
				if r.next()%5 == 0 {
					c = cAccent
				}
				cv.disc(x, y, rad, c)
			}
		}
	default: // waves
		amp, per := unit*0.04, float64(w)/(1.5+r.float()*2)
		for i := range 5 {
			base := float64(h)*0.15 + float64(i)*unit*0.1
			c := uint8(cMotif2)
			if i == 2 {
				c = cAccent
			}
			for x := range w {
				y := int(base + amp*math.Sin(float64(x)/per*2*math.Pi+float64(i)))
				cv.fill(x, y, x+1, y+int(unit*0.035)+1, c)
			}
		}
	}
}

// footer writes the catalogue's name on a dark band and returns its height.
func (a art) footer(cv canvas) int {
	w, h := cv.w(), cv.h()
	s := max(1, min(w, h)/250)
	pad := 2 * s
	fh := glyphH*s + 2*pad
	cv.fill(0, h-fh, w, h, cFooter)
	for _, label := range []string{"LEMEDIA BUILT-IN CATALOGUE", "LEMEDIA BUILT-IN", "BUILT-IN"} {
		if len(label)*advance*s+pad*4 <= w {
			cv.write(printable(label), pad*2, h-fh+pad, s, cFootText, cFooter)
			break
		}
	}
	return fh
}

// text writes the caption and the wrapped title above the footer.
func (a art) text(cv canvas, footH int) {
	w, h := cv.w(), cv.h()
	margin := max(2, w/14)
	avail := w - 2*margin
	words := strings.Fields(string(printable(a.title)))
	s := max(1, min(w, h)/62)
	if a.landscape {
		s = max(1, h/80)
	}
	var lines []string
	for ; ; s-- {
		lines = wrap(words, avail/(advance*s))
		if s == 1 || (len(lines) <= 4 && fits(lines, avail/(advance*s))) {
			break
		}
	}
	cs := max(1, s/2)
	lineH := (glyphH + 3) * s
	y := h - footH - margin - len(lines)*lineH
	cv.write(printable(a.caption), margin, y-(glyphH+3)*cs, cs, cAccent2, cShadow)
	for _, l := range lines {
		cv.write([]rune(l), margin, y, s, cText, cShadow)
		y += lineH
	}
}

func wrap(words []string, perLine int) []string {
	var lines []string
	cur := ""
	for _, wd := range words {
		switch {
		case cur == "":
			cur = wd
		case len([]rune(cur))+1+len([]rune(wd)) <= perLine:
			cur += " " + wd
		default:
			lines = append(lines, cur)
			cur = wd
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

func fits(lines []string, perLine int) bool {
	for _, l := range lines {
		if len([]rune(l)) > perLine {
			return false
		}
	}
	return true
}
