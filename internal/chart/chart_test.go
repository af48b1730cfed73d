package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func sample(standalone bool) *Chart {
	return &Chart{
		ID: "t", Title: "Held and contested, 2014–2025", Desc: "A step chart of two series.",
		Dates: []string{"2014-03-18", "2015-02-18", "2022-03-25", "2022-11-12", "2025-08-08"},
		Series: []Series{
			{Name: "Held by Russian forces", Class: "held", Values: []float64{27032.6, 44141.4, 160317, 108330.3, 113740.3}, Area: true},
			{Name: "Contested", Class: "contested", Values: []float64{0, 0, 0, 309.8, 2249.6}, Dashed: true},
		},
		Standalone: standalone, Subtitle: "18 March 2014 to 8 August 2025", Source: "Source: a test",
	}
}

func TestSVGGolden(t *testing.T) {
	for _, standalone := range []bool{false, true} {
		b, err := SVG(sample(standalone))
		if err != nil {
			t.Fatal(err)
		}
		// Well-formed XML, with the text alternative and the axis labels.
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := d.Token(); err != nil {
				if err.Error() != "EOF" {
					t.Fatalf("not well-formed: %v", err)
				}
				break
			}
		}
		s := string(b)
		for _, want := range []string{`role="img"`, `aria-labelledby="t-title t-desc"`, `<title id="t-title">`, `<desc id="t-desc">`, ">2022<", ">150,000<", ">km²<"} {
			if !strings.Contains(s, want) {
				t.Errorf("standalone %t: no %s", standalone, want)
			}
		}
		if got := strings.Contains(s, "Source: a test"); got != standalone {
			t.Errorf("standalone %t: source line shown %t", standalone, got)
		}
		name := "sample.svg"
		if standalone {
			name = "sample-standalone.svg"
		}
		golden(t, name, b)
	}
}

// TestPNG checks the PNG's size and that it shows what the SVG does: the
// background, the held line and area, the contested line and dark text.
func TestPNG(t *testing.T) {
	for _, theme := range []Theme{Light, Dark} {
		pal := palettes[theme]
		for _, scale := range []float64{1, 2} {
			c := sample(true)
			c.Theme = theme
			b, err := PNG(c, scale)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != int(StandaloneWidth*scale) || h != int(StandaloneHeight*scale) {
				t.Errorf("%s, scale %g: %d×%d", theme, scale, w, h)
			}
			// The held area is the line's colour at a quarter over the
			// background.
			blend := func(c, under color.RGBA, a float64) color.RGBA {
				f := func(x, y uint8) uint8 { return uint8(float64(x)*a + float64(y)*(1-a) + 0.5) }
				return color.RGBA{f(c.R, under.R), f(c.G, under.G), f(c.B, under.B), 0xff}
			}
			counts := map[string]int{}
			want := map[string]color.RGBA{
				"background": pal.bg, "held line": pal.held, "held area": blend(pal.held, pal.bg, float64(pal.heldArea.A)/255),
				"contested line": pal.contested, "text": pal.fg,
			}
			bounds := img.Bounds()
			for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
				for x := bounds.Min.X; x < bounds.Max.X; x++ {
					got := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
					for name, c := range want {
						if near(got, c, 3) {
							counts[name]++
						}
					}
				}
			}
			// At least this share of the pixels: the area covers a fifth of
			// the chart, the lines and text a few thousandths.
			px := float64(bounds.Dx() * bounds.Dy())
			for name, share := range map[string]float64{"background": 0.3, "held area": 0.15, "held line": 0.002, "contested line": 0.0005, "text": 0.001} {
				if float64(counts[name]) < share*px {
					t.Errorf("%s, scale %g: %s (%v) on %d pixels, want at least %.0f", theme, scale, name, want[name], counts[name], share*px)
				}
			}
		}
	}
	if _, err := PNG(sample(true), 9); !errors.Is(err, ErrInvalid) {
		t.Errorf("scale 9: %v, want ErrInvalid", err)
	}
}

func TestInvalid(t *testing.T) {
	for name, c := range map[string]*Chart{
		"no dates":     {},
		"bad date":     {Dates: []string{"2014-13-01"}},
		"out of order": {Dates: []string{"2015-01-01", "2014-01-01"}},
		"short series": {Dates: []string{"2014-01-01", "2015-01-01"}, Series: []Series{{Name: "x", Values: []float64{1}}}},
	} {
		if _, err := SVG(c); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
}

func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		max  float64
		want string
	}{
		{160317, "[0 50000 100000 150000 200000]"},
		{27032.6, "[0 10000 20000 30000]"},
		{0, "[0 1]"},
		{2249.6, "[0 500 1000 1500 2000 2500]"},
	} {
		if got := fmtFloats(niceTicks(tc.max, 5)); got != tc.want {
			t.Errorf("niceTicks(%g) = %s, want %s", tc.max, got, tc.want)
		}
	}
}

// near reports whether a and b differ by at most d in each channel.
func near(a, b color.RGBA, d int) bool {
	diff := func(x, y uint8) bool { return max(int(x)-int(y), int(y)-int(x)) <= d }
	return diff(a.R, b.R) && diff(a.G, b.G) && diff(a.B, b.B) && diff(a.A, b.A)
}

func fmtFloats(fs []float64) string {
	var s []string
	for _, f := range fs {
		s = append(s, num(f))
	}
	return "[" + strings.Join(s, " ") + "]"
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff", name)
	}
}

func BenchmarkPNG(b *testing.B) {
	b.ReportAllocs()
	c := sample(true)
	for b.Loop() {
		if _, err := PNG(c, 1); err != nil {
			b.Fatal(err)
		}
	}
}
