package render

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

var (
	white = color.RGBA{255, 255, 255, 255}
	red   = color.RGBA{200, 0, 0, 255}
	black = color.RGBA{0, 0, 0, 255}
	// halfBlue is blue at half opacity, straight alpha: over white it is
	// (127, 127, 255).
	halfBlue  = color.NRGBA{0, 0, 255, 128}
	overWhite = color.RGBA{127, 127, 255, 255}
)

// testDrawing is a 200×100 drawing with one of each item: a red square
// with a hole on the left, a translucent blue box over white in the middle,
// a hatched box, a circle and a bold word on the right.
func testDrawing() *Drawing {
	d := NewDrawing(200, 100, white)
	d.sc.title, d.sc.desc = "A test drawing", "Shapes and a word."
	d.Group("areas")
	d.Shape(orb.Polygon{box4(10, 10, 60, 60), box4(30, 30, 20, 20)}, Style{Fill: red, Stroke: black, Width: 2})
	d.Rect(orb.Bound{Min: orb.Point{80, 10}, Max: orb.Point{100, 30}}, 0, Style{Fill: halfBlue})
	h := &Hatch{Spacing: 10, Stripe: 4, Line: red, Background: white}
	d.Shape(box4(80, 40, 20, 20), Style{Hatch: h})
	d.Shape(box4(80, 70, 20, 20), Style{Hatch: h, Stroke: black, Width: 1})
	d.Shape(orb.LineString{{10, 80}, {70, 80}}, Style{Stroke: black, Width: 4, Dash: []float64{10, 10}})
	d.Group("text")
	d.Circle(orb.Point{130, 20}, 8, Style{Fill: black, Stroke: white, Width: 1.5})
	d.Text(orb.Point{150, 70}, "WWW", Text{Size: 30, Face: Bold, Anchor: Middle, Fill: black, Halo: white, HaloWidth: 2})
	return d
}

func TestDrawingPNG(t *testing.T) {
	for _, scale := range []float64{1, 2} {
		t.Run(fmt.Sprint(scale), func(t *testing.T) {
			b, err := testDrawing().PNG(scale)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := img.Bounds().Size(), (image.Point{int(200 * scale), int(100 * scale)}); got != want {
				t.Fatalf("size %v, want %v", got, want)
			}
			checkPixels(t, img, scale, 0)
		})
	}
}

// checkPixels checks the pixels of testDrawing drawn at scale, each
// channel within tol.
func checkPixels(t *testing.T, img image.Image, scale float64, tol int) {
	t.Helper()
	for _, c := range []struct {
		name string
		at   orb.Point
		want color.RGBA
	}{
		{"background", orb.Point{190, 5}, white},
		{"square", orb.Point{20, 20}, red},
		{"square's hole", orb.Point{40, 40}, white},
		{"square's border", orb.Point{10, 40}, black},
		{"translucent box", orb.Point{90, 20}, overWhite},
		{"hatch stripe", orb.Point{88.5, 53.5}, red}, // (x+y)/√2 = 10√2·10/10… on a stripe
		{"hatch gap", orb.Point{91, 56}, white},      // between two
		{"dash", orb.Point{15, 80}, black},
		{"gap in the dash", orb.Point{25, 80}, white},
		{"circle", orb.Point{130, 20}, black},
		{"above the text", orb.Point{150, 40}, white},
	} {
		p := img.At(int(c.at[0]*scale), int(c.at[1]*scale))
		got := color.RGBAModel.Convert(p).(color.RGBA)
		if !closeTo(got, c.want, tol) {
			t.Errorf("%s at %v: %v, want %v", c.name, c.at, got, c.want)
		}
	}
	// The text, 85 px wide and centred on x = 150, inks a good share of
	// the box from its baseline to its cap height, and nothing past it.
	ink := func(x0, y0, x1, y1 float64) float64 {
		n, dark := 0, 0
		for y := int(y0 * scale); y < int(y1*scale); y++ {
			for x := int(x0 * scale); x < int(x1*scale); x++ {
				n++
				if r, _, _, _ := img.At(x, y).RGBA(); r < 0x4000 {
					dark++
				}
			}
		}
		return float64(dark) / float64(n)
	}
	if got := ink(108, 50, 192, 70); got < 0.25 {
		t.Errorf("the text inks %.0f%% of its box, want at least 25%%", got*100)
	}
	if got := ink(194, 40, 200, 75); got > 0 {
		t.Errorf("%.0f%% inked right of the text, want none", got*100)
	}
}

func closeTo(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return max(int(x)-int(y), int(y)-int(x)) <= tol }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

func TestDrawingPNGInvalid(t *testing.T) {
	for _, tc := range []struct {
		w, h, scale float64
	}{{100, 100, 0}, {100, 100, -1}, {MaxSide + 1, 100, 1}, {3000, 100, 2}, {0, 100, 1}} {
		if _, err := NewDrawing(tc.w, tc.h, white).PNG(tc.scale); !errors.Is(err, ErrInvalid) {
			t.Errorf("%g×%g at scale %g: %v, want ErrInvalid", tc.w, tc.h, tc.scale, err)
		}
	}
}

// drawingPDF writes d with the maps' PDF writer. The site draws its
// Drawings as PNGs only; with a scene of known pixels, the drawing tests
// check the SVG and PDF writers the maps use too.
func drawingPDF(d *Drawing, when time.Time) ([]byte, error) {
	if d.fonts() == nil {
		return nil, d.err
	}
	return writePDF(&d.sc, d.f, pdfLayout{w: d.sc.w * mmPerPx, h: d.sc.h * mmPerPx}, when)
}

func TestDrawingSVG(t *testing.T) {
	td := testDrawing()
	b, err := writeSVG(&td.sc, td.fonts())
	if err != nil {
		t.Fatal(err)
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.Token(); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not well-formed: %v\n%s", err, b)
			}
			break
		}
	}
	s := string(b)
	for _, want := range []string{
		`<title id="cm-title">A test drawing</title>`, `<desc id="cm-desc">Shapes and a word.</desc>`,
		`<g class="areas">`, `<g class="text">`,
		`fill="#0000ff" fill-opacity="0.502"`,
		`fill="url(#hatch-1)"`,
		// The word outlined in Go Bold, its halo 2 px at any scale, with
		// the text itself transparent over it.
		`fill="#000000" stroke="#ffffff" stroke-width="136.5" paint-order="stroke"><use xlink:href="#g1"/><use xlink:href="#g1" x="1933"/><use xlink:href="#g1" x="3866"/></g>`,
		`font-weight="bold" text-anchor="middle" fill-opacity="0">WWW</text>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("no %s in\n%s", want, s)
		}
	}
	// One glyph, W, defined once for its three uses.
	if n := strings.Count(s, `<path id="g`); n != 1 {
		t.Errorf("%d glyphs defined, want 1", n)
	}
	// One pattern for the hatch both boxes share.
	if n := strings.Count(s, "<pattern "); n != 1 {
		t.Errorf("%d patterns, want 1", n)
	}
	if strings.Contains(s, `class="drawing"`) {
		t.Error("an empty first group was written")
	}
}

// TestDrawingPDF checks the PDF's page size, text and, drawn by pdftoppm,
// its pixels, the translucent box included.
func TestDrawingPDF(t *testing.T) {
	when := time.Date(2025, 8, 8, 0, 0, 0, 0, time.UTC)
	b, err := drawingPDF(testDrawing(), when)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("starts %q, want %%PDF-", b[:min(len(b), 8)])
	}
	checkXref(t, b)
	if again, _ := drawingPDF(testDrawing(), when); !bytes.Equal(again, b) {
		t.Error("the same drawing gave different PDFs")
	}
	tools := map[string]string{}
	for _, name := range []string{"pdfinfo", "pdftotext", "pdftoppm"} {
		p, err := exec.LookPath(name)
		if err != nil {
			if os.Getenv("CLAIMSMAP_REQUIRE_PDFINFO") != "" || os.Getenv("CI") != "" {
				t.Fatalf("%v, and CLAIMSMAP_REQUIRE_PDFINFO or CI is set: apt-get install poppler-utils", err)
			}
			t.Skipf("SKIP: %v: apt-get install poppler-utils to check the PDF", err)
		}
		tools[name] = p
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "drawing.pdf")
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tools["pdfinfo"], f).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	// 200×100 px at 96 px to the inch is 150×75 pt.
	if !regexp.MustCompile(`(?m)^Page size:\s+150 x 75 pts`).Match(out) || !strings.Contains(string(out), "A test drawing") {
		t.Errorf("want a 150×75 pt page titled A test drawing:\n%s", out)
	}
	if out, err := exec.Command(tools["pdftotext"], f, "-").CombinedOutput(); err != nil || !strings.Contains(string(out), "WWW") {
		t.Errorf("pdftotext: %v: %q, want the text WWW", err, out)
	}
	if out, err := exec.Command(tools["pdftoppm"], "-r", "192", "-png", "-singlefile", f, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pf, err := os.Open(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	img, err := png.Decode(pf)
	if err != nil {
		t.Fatal(err)
	}
	// Another rasteriser: allow a little for its rounding.
	checkPixels(t, img, 2, 3)
}

func ExampleDrawing() {
	d := NewDrawing(320, 200, Colors(Light).Bg)
	d.Shape(orb.Polygon{{{40, 40}, {280, 40}, {280, 160}, {40, 160}, {40, 40}}}, Style{Fill: Colors(Light).Controlled, Stroke: Colors(Light).Border, Width: 1})
	d.Text(orb.Point{160, 30}, "Held", Text{Size: 16, Face: Bold, Anchor: Middle, Fill: Colors(Light).Fg})
	b, err := d.PNG(2)
	if err != nil {
		panic(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		panic(err)
	}
	fmt.Println(cfg.Width, cfg.Height)
	// Output: 640 400
}
