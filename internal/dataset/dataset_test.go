package dataset

import (
	"strings"
	"testing"
	"testing/fstest"
)

const square = `{"type":"Polygon","coordinates":[[[30,46],[31,46],[31,47],[30,47],[30,46]]]}`
const square2 = `{"type":"Polygon","coordinates":[[[32,46],[33,46],[33,47],[32,47],[32,46]]]}`

// tiny is the smallest valid dataset: two divisions, one claimed, one
// controlled area.
func tiny() fstest.MapFS {
	return fstest.MapFS{
		"manifest.json": {Data: []byte(`{
  "title": "tiny", "snapshot": "2025-08-08",
  "files": [
    {"path": "b.geojson", "role": "boundaries", "title": "b", "source": "s", "method": "m", "license": "l"},
    {"path": "c.geojson", "role": "claimed", "title": "c", "source": "s", "method": "m", "license": "l"},
    {"path": "h.geojson", "role": "controlled", "as_of": "2025-08-08", "title": "h", "source": "s", "method": "m", "license": "l"}
  ]}`)},
		"b.geojson": {Data: []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":` + square + `,"properties":{"slug":"donetsk","iso_3166_2":"UA-14","name":"Donetsk Oblast","name_uk":"Донецька область","type":"oblast","variants":["Donetsk"],"claimed_region":"donetsk","official_area_km2":26517,"source":"s"}},
{"type":"Feature","geometry":` + square2 + `,"properties":{"slug":"kharkiv","iso_3166_2":"UA-63","name":"Kharkiv Oblast","name_uk":"Харківська область","type":"oblast","variants":[],"official_area_km2":31415,"source":"s"}}
]}`)},
		"c.geojson": {Data: []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":` + square + `,"properties":{"region":"donetsk","iso_3166_2":"UA-14","name":"Donetsk","divisions":["UA-14"],"status":"claimed","claimed_since":"2022-09-30","recognition":"r","source":"s","method":"m"}}
]}`)},
		"h.geojson": {Data: []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[30,46],[30.5,46],[30.5,47],[30,47],[30,46]]]},"properties":{"region":"donetsk","within_claim":true,"status":"controlled","as_of":"2025-08-08","source":"s","method":"m"}}
]}`)},
	}
}

func TestLoadTiny(t *testing.T) {
	d, err := Load(tiny())
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Divisions) != 2 || len(d.Claims) != 1 || len(d.Dates) != 1 {
		t.Fatalf("loaded %d divisions, %d claims, %d snapshots", len(d.Divisions), len(d.Claims), len(d.Dates))
	}
	if d.Version == "" {
		t.Error("no version")
	}
	fs2 := tiny()
	fs2["h.geojson"].Data = append([]byte(" "), fs2["h.geojson"].Data...)
	d2, err := Load(fs2)
	if err != nil {
		t.Fatal(err)
	}
	if d2.Version == d.Version {
		t.Error("version did not change with the bytes of a file")
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		file   string
		mutate func(string) string
		want   string
	}{
		{"unlisted file", "extra.csv", func(string) string { return "x" }, "extra.csv: not listed in manifest.json"},
		{"bad json", "c.geojson", func(s string) string { return s[:40] }, "c.geojson:"},
		{"manifest syntax", "manifest.json", func(s string) string { return strings.Replace(s, `"tiny",`, `"tiny"`, 1) }, "manifest.json: line 2, column"},
		{"unknown role", "manifest.json", func(s string) string { return strings.Replace(s, `"claimed"`, `"claimd"`, 1) }, `unknown role "claimd"`},
		{"text after the manifest", "manifest.json", func(s string) string { return s + "\ngarbage\n" }, "manifest.json: line 8, column 1: something follows the JSON value"},
		{"blank method of a polygon", "h.geojson", func(s string) string { return strings.Replace(s, `"method":"m"`, `"method":"  "`, 1) }, `h.geojson: feature 0: property "method" is empty`},
		{"blank method", "manifest.json", func(s string) string {
			return strings.Replace(s, `"title": "h", "source": "s", "method": "m"`, `"title": "h", "source": "s", "method": " "`, 1)
		}, "(h.geojson): method is required"},
		{"missing property", "b.geojson", func(s string) string {
			return strings.Replace(s, `"name_uk":"Донецька область",`, "", 1)
		}, `b.geojson: feature 0: property "name_uk" is missing`},
		{"bad iso", "b.geojson", func(s string) string { return strings.Replace(s, `"UA-63"`, `"UA-"`, 1) }, `feature 1: property "iso_3166_2" is "UA-"`},
		{"open ring", "c.geojson", func(s string) string { return strings.Replace(s, `[30,47],[30,46]]]`, `[30,47],[30,46.5]]]`, 1) }, "ring not closed"},
		{"wrong date", "h.geojson", func(s string) string { return strings.Replace(s, `"as_of":"2025-08-08"`, `"as_of":"2025-08-09"`, 1) }, "manifest dates the layer 2025-08-08"},
		{"unknown claimed region", "h.geojson", func(s string) string { return strings.Replace(s, `"region":"donetsk"`, `"region":"kharkiv"`, 1) }, `region "kharkiv" is not a claimed region`},
		{"claim without divisions", "c.geojson", func(s string) string { return strings.Replace(s, `["UA-14"]`, `[]`, 1) }, "divisions is empty"},
		{"division of other claim", "c.geojson", func(s string) string { return strings.Replace(s, `["UA-14"]`, `["UA-63"]`, 1) }, "division UA-63 says it belongs"},
		{"latitude out of range", "b.geojson", func(s string) string { return strings.Replace(s, "[31,47]", "[31,97]", 1) }, "is not a longitude/latitude position"},
		{"point geometry", "c.geojson", func(s string) string { return strings.Replace(s, square, `{"type":"Point","coordinates":[30,46]}`, 1) }, "geometry is a Point"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := tiny()
			old := ""
			if f, ok := fsys[tc.file]; ok {
				old = string(f.Data)
			}
			fsys[tc.file] = &fstest.MapFile{Data: []byte(tc.mutate(old))}
			_, err := Load(fsys)
			if err == nil {
				t.Fatalf("Load succeeded, want error containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func FuzzParseManifest(f *testing.F) {
	f.Add(tiny()["manifest.json"].Data)
	f.Add([]byte(`{"title":"x","snapshot":"2025-01-01","files":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseManifest(b)
		if err == nil && (m.Title == "" || len(m.ByRole(RoleClaimed)) == 0) {
			t.Errorf("accepted an invalid manifest: %+v", m)
		}
	})
}

// FuzzLoad feeds arbitrary bytes as a layer: Load must reject or accept,
// never panic.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"b.geojson", "c.geojson", "h.geojson"} {
		f.Add(name, tiny()[name].Data)
	}
	f.Fuzz(func(t *testing.T, name string, b []byte) {
		fsys := tiny()
		if _, ok := fsys[name]; !ok {
			return
		}
		fsys[name] = &fstest.MapFile{Data: b}
		d, err := Load(fsys)
		if err == nil && (len(d.Claims) == 0 || len(d.Dates) == 0) {
			t.Error("accepted a dataset with no claim or no control layer")
		}
	})
}

func TestArticlesDroppedIn(t *testing.T) {
	fsys := tiny()
	fsys["articles/a-story.txt"] = &fstest.MapFile{Data: []byte("---\ntitle: A story\ndate: 2025-08-08\nlicense: ours\n---\nHeadline\n\nBody.\n")}
	d, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Articles) != 1 || d.Articles[0].Slug != "a-story" || len(d.Articles[0].Passages) != 2 {
		t.Fatalf("articles = %+v", d.Articles)
	}
}

// TestLoadReportsEveryProblem: independent faults are all reported, so a
// single check lists everything to fix.
func TestLoadReportsEveryProblem(t *testing.T) {
	fsys := tiny()
	fsys["articles/one.txt"] = &fstest.MapFile{Data: []byte("no front matter\n")}
	fsys["articles/two.md"] = &fstest.MapFile{Data: []byte("---\ntitle: x\n---\n")}
	fsys["h.geojson"] = &fstest.MapFile{Data: []byte(`{"type":"FeatureCollection","features":[]}`)}
	_, err := Load(fsys)
	if err == nil {
		t.Fatal("Load succeeded")
	}
	for _, w := range []string{"articles/one.txt:1: front matter missing", "articles/two.md:3: front matter lacks", "h.geojson: no features"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

// FuzzParseFigures: figures.json comes with a data folder that cannot be
// trusted; whatever it holds, parsing returns entries or an error naming
// the file, never a panic.
func FuzzParseFigures(f *testing.F) {
	f.Add([]byte(`{"layers":[{"path":"layers/controlled-2025-08-08.geojson","sha256":"` + strings.Repeat("a", 64) + `","areas":[]}]}`))
	f.Add([]byte(`{"layers":[{"path":"","sha256":""}]}`))
	f.Add([]byte(`{"layers":null}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, err := parseFigures(b)
		if err != nil {
			if !strings.Contains(err.Error(), FiguresName) {
				t.Errorf("error without the file's name: %v", err)
			}
			return
		}
		for p, e := range entries {
			if p == "" || p != e.Path || len(e.SHA256) != 64 {
				t.Errorf("entry %q accepted: %+v", p, e)
			}
		}
	})
}
