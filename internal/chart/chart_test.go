package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
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

func TestPNG(t *testing.T) {
	for _, scale := range []float64{1, 2} {
		b, err := PNG(sample(true), scale)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if w, h := img.Bounds().Dx(), img.Bounds().Dy(); w != int(StandaloneWidth*scale) || h != int(StandaloneHeight*scale) {
			t.Errorf("scale %g: %d×%d", scale, w, h)
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
