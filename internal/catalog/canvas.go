package catalog

import (
	"image"
	"image/color"
	"math"
)

// canvas draws with palette indexes, clipping at the edges.
type canvas struct{ img *image.Paletted }

func (c canvas) w() int { return c.img.Rect.Dx() }
func (c canvas) h() int { return c.img.Rect.Dy() }

func (c canvas) fill(x0, y0, x1, y1 int, idx uint8) {
	x0, y0 = max(x0, 0), max(y0, 0)
	x1, y1 = min(x1, c.w()), min(y1, c.h())
	for y := y0; y < y1; y++ {
		row := c.img.Pix[y*c.img.Stride:]
		for x := x0; x < x1; x++ {
			row[x] = idx
		}
	}
}

func (c canvas) disc(cx, cy, rad int, idx uint8) {
	for dy := -rad; dy <= rad; dy++ {
		dx := int(math.Sqrt(float64(rad*rad - dy*dy)))
		c.fill(cx-dx, cy+dy, cx+dx+1, cy+dy+1, idx)
	}
}

// triangle fills the triangle with apex (x0, y0) above a flat base at y1.
func (c canvas) triangle(x0, y0, xl, y1, xr, _ int, idx uint8) {
	for y := max(y0, 0); y <= y1 && y < c.h(); y++ {
		t := float64(y-y0) / float64(max(y1-y0, 1))
		c.fill(x0+int(t*float64(xl-x0)), y, x0+int(t*float64(xr-x0))+1, y+1, idx)
	}
}

// write draws text at scale s with a one-pixel-per-scale drop shadow.
func (c canvas) write(text []rune, x, y, s int, fg, shadow uint8) {
	off := max(1, s/2)
	for pass, idx := range []uint8{shadow, fg} {
		d := off * (1 - pass)
		cx := x
		for _, r := range text {
			g := glyphs[r]
			for gy, row := range g {
				for gx := range glyphW {
					if row[gx] == '#' {
						px, py := cx+gx*s+d, y+gy*s+d
						c.fill(px, py, px+s, py+s, idx)
					}
				}
			}
			cx += advance * s
		}
	}
}

// rng is a small deterministic generator (splitmix64), so a title's picture
// never changes between runs or versions of Go.
type rng uint64

func (r *rng) next() uint64 {
	*r += 0x9E3779B97F4A7C15
	z := uint64(*r)
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func hsv(h, s, v float64) color.RGBA {
	h = math.Mod(h, 360)
	c := v * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := v - c
	var r, g, b float64
	switch {
	case h < 60:
		r, g = c, x
	case h < 120:
		r, g = x, c
	case h < 180:
		g, b = c, x
	case h < 240:
		g, b = x, c
	case h < 300:
		r, b = x, c
	default:
		r, b = c, x
	}
	return color.RGBA{uint8((r + m) * 255), uint8((g + m) * 255), uint8((b + m) * 255), 0xff}
}
