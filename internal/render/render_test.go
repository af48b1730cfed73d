package render

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var defaultAtlas = sync.OnceValues(func() (*atlas.Atlas, error) {
	d, err := dataset.Load(defaultdata.FS())
	if err != nil {
		return nil, err
	}
	return atlas.New(d)
})

// testAtlas is the default dataset's atlas, built once per test binary.
func testAtlas(tb testing.TB) *atlas.Atlas {
	tb.Helper()
	a, err := defaultAtlas()
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

func render(tb testing.TB, o Options) []byte {
	tb.Helper()
	b, err := Render(testAtlas(tb).Latest(), o)
	if err != nil {
		tb.Fatalf("%+v: %v", o, err)
	}
	return b
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (%d bytes, want %d); if the change is meant, run go test ./internal/render/ -update and review the diff", name, len(got), len(want))
	}
}

func TestSVGGolden(t *testing.T) {
	for _, tc := range []struct {
		region, file string
		title        string
		desc         []string
	}{
		{"", "ukraine.svg", "Russia's claim and control in Ukraine, 8 August 2025",
			[]string{"Crimea, Luhansk, Donetsk, Zaporizhzhia and Kherson", "22.3% of Ukraine", "19.0% of Ukraine", "Donetsk 75.5%", "8 August 2025"}},
		{"donetsk", "donetsk.svg", "Donetsk Oblast: claim and control, 8 August 2025",
			[]string{"Map of Donetsk Oblast", "20,022 km² (75.5%)", "6,499 km² (24.5%)", "inset", "8 August 2025"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b := render(t, Options{Format: SVG, Region: tc.region, BaseURL: "https://claimsmap.example"})
			golden(t, tc.file, b)

			// Well-formed, with its text alternative and its texts as text.
			var doc struct {
				XMLName xml.Name
				Role    string   `xml:"role,attr"`
				Title   string   `xml:"title"`
				Desc    string   `xml:"desc"`
				Texts   []string `xml:"g>text"`
			}
			if err := xml.Unmarshal(b, &doc); err != nil {
				t.Fatalf("not well-formed XML: %v", err)
			}
			if doc.XMLName.Local != "svg" || doc.Role != "img" {
				t.Errorf("root <%s role=%q>, want <svg role=\"img\">", doc.XMLName.Local, doc.Role)
			}
			if doc.Title != tc.title {
				t.Errorf("title %q, want %q", doc.Title, tc.title)
			}
			for _, s := range tc.desc {
				if !strings.Contains(doc.Desc, s) {
					t.Errorf("desc lacks %q: %s", s, doc.Desc)
				}
			}
			texts := strings.Join(doc.Texts, "\n")
			for _, s := range []string{tc.title, legendHeld, legendClaimed, legendBorder, "Control as of", "8 August 2025",
				"Boundaries: Natural Earth", "claimsmap https://claimsmap.example", " km"} {
				if !strings.Contains(texts, s) {
					t.Errorf("no text %q in the SVG", s)
				}
			}
			if hasInset := bytes.Contains(b, []byte(`class="inset"`)); hasInset != (tc.region != "") {
				t.Errorf("inset drawn: %v, want %v", hasInset, tc.region != "")
			}
		})
	}
}

func TestTexts(t *testing.T) {
	a := testAtlas(t)
	for _, tc := range []struct {
		region                 string
		title, figures, source string
	}{
		{"", "Russia's claim and control in Ukraine, 8 August 2025", "Claimed 22.3% of Ukraine · held 19.0%",
			"Boundaries: Natural Earth · Control: compiled from public reporting, as of 2025-08-08 (approximate) · claimsmap https://claimsmap.example"},
		{"donetsk", "Donetsk Oblast: claim and control, 8 August 2025", "Held: 20,022 km² of 26,521 km² (75.5%)", ""},
		{"crimea", "Crimea: claim and control, 8 August 2025", "Held: 27,033 km² of 27,033 km² (100.0%)", ""},
	} {
		t.Run("region="+tc.region, func(t *testing.T) {
			o, err := Options{Format: SVG, Region: tc.region, BaseURL: "https://claimsmap.example/"}.withDefaults(a.Latest())
			if err != nil {
				t.Fatal(err)
			}
			w := wordsFor(a.Latest(), o)
			if w.title != tc.title || w.figures != tc.figures {
				t.Errorf("got %q / %q\nwant %q / %q", w.title, w.figures, tc.title, tc.figures)
			}
			if src := strings.Join(w.source, " · "); tc.source != "" && src != tc.source {
				t.Errorf("source %q\nwant   %q", src, tc.source)
			}
		})
	}
}

func TestPNG(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		w, h int
		bg   color.RGBA
	}{
		{Options{Format: PNG}, 1200, 800, Colors(Light).Bg},
		{Options{Format: PNG, Scale: 2}, 2400, 1600, Colors(Light).Bg},
		{Options{Format: PNG, Region: "donetsk", Width: 640, Height: 480, Scale: 2, Theme: Dark}, 1280, 960, Colors(Dark).Bg},
		{Options{Format: PNG, Region: "kherson", Width: 400, Height: 300}, 400, 300, Colors(Light).Bg},
		{Options{Format: PNG, Width: 2000, Height: 2000, Scale: 2}, 4000, 4000, Colors(Light).Bg},
	} {
		t.Run(fmt.Sprintf("%s-%dx%d@%g-%s", tc.o.Region, tc.o.Width, tc.o.Height, tc.o.Scale, tc.o.Theme), func(t *testing.T) {
			b := render(t, tc.o)
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds().Size(); got != (image.Point{tc.w, tc.h}) {
				t.Errorf("size %v, want %dx%d", got, tc.w, tc.h)
			}
			// The corner is the theme's background.
			if got := color.RGBAModel.Convert(img.At(1, 1)).(color.RGBA); got != tc.bg {
				t.Errorf("background %v, want %v", got, tc.bg)
			}
			// The map is drawn: the held colour covers a fair share.
			pal := Colors(tc.o.Theme)
			held := 0
			for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y += 4 {
				for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x += 4 {
					if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == pal.Controlled {
						held++
					}
				}
			}
			if share := float64(held) / float64(tc.w*tc.h/16); share < 0.03 {
				t.Errorf("held colour covers %.1f%% of the image; the map seems missing", share*100)
			}
		})
	}
}

func TestPDF(t *testing.T) {
	pdfinfo, err := exec.LookPath("pdfinfo")
	if err != nil {
		if os.Getenv("CLAIMSMAP_REQUIRE_PDFINFO") != "" {
			t.Fatal("pdfinfo not found and CLAIMSMAP_REQUIRE_PDFINFO is set: apt-get install poppler-utils")
		}
		t.Log("pdfinfo not found (apt-get install poppler-utils): checking the header only")
	}
	for _, tc := range []struct {
		o    Options
		w, h float64 // points
	}{
		{Options{Format: PDF}, 841.89, 595.28},
		{Options{Format: PDF, Region: "zaporizhzhia", Paper: "letter", Theme: Dark}, 792, 612},
	} {
		t.Run(tc.o.Paper+tc.o.Region, func(t *testing.T) {
			b := render(t, tc.o)
			if !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Fatalf("starts %q, want %%PDF-", b[:min(len(b), 8)])
			}
			// The document's dates are the map's, not the clock's, so that
			// its bytes do not change from one second to the next.
			for _, key := range []string{"CreationDate", "ModDate"} {
				m := regexp.MustCompile(`/` + key + ` \(D:(\d{14})`).FindSubmatch(b)
				if m == nil || string(m[1]) != "20250808000000" {
					t.Errorf("/%s %q, want the snapshot's date D:20250808000000", key, m)
				}
			}
			checkXref(t, b)
			if pdfinfo == "" {
				return
			}
			f := filepath.Join(t.TempDir(), "map.pdf")
			if err := os.WriteFile(f, b, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdfinfo, f).CombinedOutput()
			if err != nil {
				t.Fatalf("pdfinfo: %v\n%s", err, out)
			}
			if strings.Contains(string(out), "Syntax Error") {
				t.Errorf("pdfinfo reports errors:\n%s", out)
			}
			if !regexp.MustCompile(`(?m)^Pages:\s+1$`).Match(out) {
				t.Errorf("want one page:\n%s", out)
			}
			m := regexp.MustCompile(`(?m)^Page size:\s+([\d.]+) x ([\d.]+) pts`).FindSubmatch(out)
			if m == nil {
				t.Fatalf("no page size:\n%s", out)
			}
			w, _ := strconv.ParseFloat(string(m[1]), 64)
			h, _ := strconv.ParseFloat(string(m[2]), 64)
			if math.Abs(w-tc.w) > 1 || math.Abs(h-tc.h) > 1 {
				t.Errorf("page %gx%g pts, want %gx%g", w, h, tc.w, tc.h)
			}
			if !strings.Contains(string(out), "claim and control") {
				t.Errorf("the title is not in the document information:\n%s", out)
			}
		})
	}
}

// TestPDFText checks the PDF's text is text, in embedded fonts: what
// pdftotext reads back holds the title, legend, date and source line.
func TestPDFText(t *testing.T) {
	pdftotext, err1 := exec.LookPath("pdftotext")
	pdffonts, err2 := exec.LookPath("pdffonts")
	if err := errors.Join(err1, err2); err != nil {
		if os.Getenv("CLAIMSMAP_REQUIRE_PDFINFO") != "" || os.Getenv("CI") != "" {
			t.Fatalf("%v, and CLAIMSMAP_REQUIRE_PDFINFO or CI is set: apt-get install poppler-utils", err)
		}
		t.Skipf("SKIP: %v: apt-get install poppler-utils to check the PDF's text and fonts", err)
	}
	for _, region := range []string{"", "luhansk"} {
		t.Run("region="+region, func(t *testing.T) {
			b := render(t, Options{Format: PDF, Region: region, BaseURL: "https://claimsmap.example"})
			f := filepath.Join(t.TempDir(), "map.pdf")
			if err := os.WriteFile(f, b, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdftotext, "-layout", f, "-").CombinedOutput()
			if err != nil {
				t.Fatalf("pdftotext: %v\n%s", err, out)
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			for _, s := range []string{"claim and control", "8 August 2025", legendHeld, legendClaimed, legendBorder, "Control as of",
				"Boundaries: Natural Earth", "claimsmap https://claimsmap.example", " km", "Held"} {
				if !strings.Contains(text, s) {
					t.Errorf("pdftotext finds no %q in:\n%s", s, out)
				}
			}
			out, err = exec.Command(pdffonts, f).CombinedOutput()
			if err != nil {
				t.Fatalf("pdffonts: %v\n%s", err, out)
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			if len(lines) < 4 { // a header of two lines, then the regular and bold faces at least
				t.Fatalf("want at least two fonts:\n%s", out)
			}
			for _, l := range lines[2:] {
				// name type encoding emb sub uni object ID
				fs := strings.Fields(l)
				if len(fs) < 7 || fs[len(fs)-5] != "yes" {
					t.Errorf("font not embedded: %s", l)
				}
			}
		})
	}
}

// checkXref checks that every cross-reference entry points at its object,
// which removing the creation date must keep true.
func checkXref(t *testing.T, b []byte) {
	t.Helper()
	x := bytes.LastIndex(b, []byte("\nxref\n"))
	if x < 0 {
		t.Fatal("no xref table")
	}
	sx := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(b)
	if sx == nil || string(sx[1]) != strconv.Itoa(x+1) {
		t.Fatalf("startxref does not point at the xref table at %d", x+1)
	}
	lines := strings.Split(string(b[x+len("\nxref\n"):]), "\n")
	var first, n int
	if _, err := fmt.Sscanf(lines[0], "%d %d", &first, &n); err != nil {
		t.Fatal(err)
	}
	// Entry 0 is the free list's head; entry k is at line 1+k.
	for k := 1; k < n; k++ {
		off, _ := strconv.Atoi(lines[1+k][:10])
		want := fmt.Sprintf("%d 0 obj", first+k)
		if !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Errorf("xref entry %d points at %q, want %q", first+k, b[off:off+min(12, len(b)-off)], want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, o := range []Options{
		{Format: SVG, Region: "luhansk"},
		{Format: PNG, Region: "crimea", Theme: Dark},
		{Format: PDF, Region: "kherson"},
		{Format: PDF},
	} {
		t.Run(string(o.Format)+"-"+o.Region, func(t *testing.T) {
			a, b := render(t, o), render(t, o)
			if !bytes.Equal(a, b) {
				t.Errorf("two renders differ (%d and %d bytes)", len(a), len(b))
			}
		})
	}
}

// TestConcurrent renders in parallel, as the web server will, and expects
// what one render at a time gives.
func TestConcurrent(t *testing.T) {
	opts := []Options{{Format: PNG, Region: "donetsk", Width: 600, Height: 400}, {Format: SVG}, {Format: PDF, Region: "crimea"}}
	want := make([][]byte, len(opts))
	for i, o := range opts {
		want[i] = render(t, o)
	}
	var wg sync.WaitGroup
	got := make([][]byte, 2*len(opts))
	for i := range got {
		wg.Go(func() { got[i], _ = Render(testAtlas(t).Latest(), opts[i%len(opts)]) })
	}
	wg.Wait()
	for i := range got {
		if !bytes.Equal(got[i], want[i%len(opts)]) {
			t.Errorf("concurrent render %d (%+v) differs", i, opts[i%len(opts)])
		}
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Options
		want string // in the error; "" for none
	}{
		{"defaults", Options{Format: PNG}, ""},
		{"largest", Options{Format: PNG, Width: 2000, Height: 2000, Scale: 2}, ""},
		{"svg large", Options{Format: SVG, Width: 4000, Height: 3000, Scale: 2}, ""},
		{"pdf letter dark", Options{Format: PDF, Paper: "letter", Theme: Dark, BaseURL: "https://claimsmap.example"}, ""},
		{"too wide", Options{Format: PNG, Width: 5000}, "4000"},
		{"too tall", Options{Format: SVG, Height: 5000}, "4000"},
		{"too wide after scale", Options{Format: PNG, Width: 2500, Scale: 2}, "4000"},
		{"scale 3", Options{Format: PNG, Scale: 3}, "scale 3"},
		{"scale 1.5", Options{Format: PNG, Scale: 1.5}, "scale 1.5"},
		{"too small", Options{Format: PNG, Width: 100}, "at least 400"},
		{"negative", Options{Format: PNG, Height: -1}, "at least 300"},
		{"no format", Options{}, `format ""`},
		{"gif", Options{Format: "gif"}, "svg, png or pdf"},
		{"a3", Options{Format: PDF, Paper: "a3"}, "a4 or letter"},
		{"theme", Options{Format: PNG, Theme: "sepia"}, "light or dark"},
		{"base URL", Options{Format: PNG, BaseURL: "javascript:alert(1)"}, "base URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.o.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tc.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%v is not ErrInvalid", err)
			}
			// Render refuses it the same way.
			if _, err := Render(testAtlas(t).Latest(), tc.o); !errors.Is(err, ErrInvalid) {
				t.Errorf("Render: %v, want ErrInvalid", err)
			}
		})
	}
}

func TestRenderNotFound(t *testing.T) {
	for _, o := range []Options{
		{Format: SVG, Region: "kyiv"},
		{Format: PNG, Region: "Donetsk"},
	} {
		b, err := Render(testAtlas(t).Latest(), o)
		if !errors.Is(err, ErrNotFound) || b != nil {
			t.Errorf("%+v: %d bytes, error %v; want ErrNotFound", o, len(b), err)
		}
	}
	// "ukraine" is the whole map.
	if _, err := Render(testAtlas(t).Latest(), Options{Format: SVG, Region: "ukraine", Width: 400, Height: 300}); err != nil {
		t.Error(err)
	}
}

func TestContentType(t *testing.T) {
	for f, want := range map[Format]string{SVG: "image/svg+xml", PNG: "image/png", PDF: "application/pdf", "gif": ""} {
		if got := ContentType(f); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", f, got, want)
		}
	}
}

// TestStripes checks the hatch covers its share of a square, and none of
// the hole in it.
func TestStripes(t *testing.T) {
	h := &hatch{spacing: 7, stripe: 2, offset: 3.5}
	square := orb.Polygon{box4(0, 0, 200, 200), box4(50, 50, 100, 100)}
	area := 0.0
	for _, q := range h.stripes(rings(square)) {
		for i := range 4 {
			a, b := q[i], q[(i+1)%4]
			area += a[0]*b[1] - b[0]*a[1]
		}
		mid := orb.Point{(q[0][0] + q[2][0]) / 2, (q[0][1] + q[2][1]) / 2}
		if mid[0] > 51 && mid[0] < 149 && mid[1] > 51 && mid[1] < 149 {
			t.Errorf("stripe centred at %v, in the hole", mid)
		}
	}
	area = math.Abs(area) / 2
	want := (200*200 - 100*100) * h.stripe / h.spacing
	if math.Abs(area-want)/want > 0.02 {
		t.Errorf("stripes cover %.0f px², want about %.0f", area, want)
	}
}

func BenchmarkPNGWholeMapCold(b *testing.B) {
	a := testAtlas(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(a.Latest(), Options{Format: PNG, Width: 1200, Height: 800, Scale: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPDF(b *testing.B) {
	a := testAtlas(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(a.Latest(), Options{Format: PDF}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSVG(b *testing.B) {
	a := testAtlas(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(a.Latest(), Options{Format: SVG}); err != nil {
			b.Fatal(err)
		}
	}
}

func ExampleRender() {
	d, err := dataset.Load(defaultdata.FS())
	if err != nil {
		panic(err)
	}
	a, err := atlas.New(d)
	if err != nil {
		panic(err)
	}
	b, err := Render(a.Latest(), Options{Format: PNG, Region: "donetsk", Width: 800, Height: 600, Scale: 2})
	if err != nil {
		panic(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		panic(err)
	}
	fmt.Println(ContentType(PNG), cfg.Width, cfg.Height)
	// Output: image/png 1600 1200
}

// TestLabelsClear: on every region and a sweep of sizes and dates, each
// name on the map lies within the map's frame and off the legend, the
// date stamp and the inset (a review found names cut at the frame, under
// the legend and under the inset in about twenty such images).
func TestLabelsClear(t *testing.T) {
	a := testAtlas(t)
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	sizes := [][2]int{{400, 300}, {400, 400}, {400, 800}, {800, 600}, {800, 800}, {1200, 800}, {2400, 800}}
	for _, date := range []string{a.Dates[3], a.Snapshot} {
		v, err := a.At(date)
		if err != nil {
			t.Fatal(err)
		}
		for _, region := range []string{"", "crimea", "luhansk", "donetsk", "zaporizhzhia", "kherson"} {
			for _, wh := range sizes {
				o, err := Options{Format: SVG, Width: wh[0], Height: wh[1], Region: region}.withDefaults(v)
				if err != nil {
					t.Fatal(err)
				}
				sc, err := layout(v, o, f, float64(wh[0]), float64(wh[1]))
				if err != nil {
					t.Fatal(err)
				}
				var frame box
				var boxes []box
				var names []label
				for _, g := range sc.groups {
					switch g.class {
					case "frame":
						for _, it := range g.items {
							if r, ok := it.(rect); ok && r.stroke != (color.RGBA{}) {
								frame = box{r.x, r.y, r.w, r.h}
							}
						}
					case "legend", "date":
						for _, it := range g.items {
							if r, ok := it.(rect); ok && r.fill != (color.RGBA{}) {
								boxes = append(boxes, box{g.x + r.x, g.y + r.y, r.w, r.h})
								break
							}
						}
					case "inset-frame":
						if r, ok := g.items[len(g.items)-1].(rect); ok {
							boxes = append(boxes, box{g.x + r.x, g.y + r.y, r.w, r.h})
						}
					case "labels":
						for _, it := range g.items {
							if l, ok := it.(label); ok {
								l.x, l.y = l.x+g.x, l.y+g.y
								names = append(names, l)
							}
						}
					}
				}
				for _, l := range names {
					w := f.width(l.face, l.size, l.text)
					x := l.x
					if l.anchor == Middle {
						x -= w / 2
					}
					nb := box{x, l.y - l.size*0.75, w, l.size}
					if nb.x < frame.x-0.5 || nb.x+nb.w > frame.x+frame.w+0.5 {
						t.Errorf("%s %s %dx%d: %q runs past the frame (%.0f–%.0f, frame %.0f–%.0f)", date, region, wh[0], wh[1], l.text, nb.x, nb.x+nb.w, frame.x, frame.x+frame.w)
					}
					for _, b := range boxes {
						if nb.overlaps(b) {
							t.Errorf("%s %s %dx%d: %q lies under a box over the map", date, region, wh[0], wh[1], l.text)
						}
					}
				}
			}
		}
	}
}
