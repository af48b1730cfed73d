// Package datasettest breaks copies of the default dataset in the ways a
// data folder cannot be trusted, for the tests of everything that loads
// one: the loader, the server's reload and `claimsmap check`.
package datasettest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

// CopyDefault copies the embedded dataset into a new temporary folder a
// test can break, and returns its path.
func CopyDefault(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	src := defaultdata.FS()
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, p), 0o755)
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// Breakage is one way of breaking a copy of the default dataset, and what
// the refusal must say.
type Breakage struct {
	Name  string
	Break func(t testing.TB, dir string)
	// Want are the texts the error must contain: the file and the reason.
	Want []string
}

// Bowtie is a ring crossing itself at 33.25, 47.25.
var Bowtie = orb.Polygon{{{33, 47}, {33.5, 47.5}, {33.5, 47}, {33, 47.5}, {33, 47}}}

// Breakages lists the ways of breaking a data folder that every loader
// must refuse with a message naming the file and the reason.
func Breakages() []Breakage {
	bowtie := func(layer string, feature int, who string) Breakage {
		return Breakage{
			Name:  "self-intersecting polygon in " + layer,
			Break: SetGeometry(layer, feature, Bowtie),
			Want:  []string{layer + ": feature " + fmt.Sprint(feature) + " (" + who + "): polygon 0 ring 0 crosses or touches itself at 33.25, 47.25"},
		}
	}
	return []Breakage{
		{"symbolic link to /dev/zero", Symlink("/dev/zero", "articles/zero.txt"),
			[]string{"articles/zero.txt: a symbolic link leading out of the data folder"}},
		{"symbolic link out of the folder", func(t testing.TB, dir string) {
			secret := filepath.Join(t.TempDir(), "passwd")
			if err := os.WriteFile(secret, []byte("root:x:0:0\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			Symlink(secret, "articles/passwd.txt")(t, dir)
		}, []string{"articles/passwd.txt: a symbolic link leading out of the data folder"}},
		{"listed layer linked out of the folder", func(t testing.TB, dir string) {
			other := filepath.Join(t.TempDir(), "claimed.geojson")
			b, err := os.ReadFile(filepath.Join(dir, "layers", "claimed.geojson"))
			if err == nil {
				err = os.WriteFile(other, b, 0o644)
			}
			if err == nil {
				err = os.Remove(filepath.Join(dir, "layers", "claimed.geojson"))
			}
			if err != nil {
				t.Fatal(err)
			}
			Symlink(other, "layers/claimed.geojson")(t, dir)
		}, []string{"layers/claimed.geojson: a symbolic link leading out of the data folder (listed in manifest.json)"}},
		{"named pipe", func(t testing.TB, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "articles", "pipe.txt"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, []string{"articles/pipe.txt: not a regular file (named pipe)"}},
		{"file of 200 MiB", Sparse("articles/big.txt", 200<<20),
			[]string{"articles/big.txt: 200 MiB, over the 64 MiB limit for one file"}},
		{"layer of 200 MiB", Sparse("layers/context.geojson", 200<<20),
			[]string{"layers/context.geojson: 200 MiB, over the 64 MiB limit for one file (listed in manifest.json)"}},
		{"folder over 512 MiB", func(t testing.TB, dir string) {
			for i := range 9 {
				Sparse(fmt.Sprintf("articles/part-%d.txt", i), 60<<20)(t, dir)
			}
		}, []string{"the files to read add up to 54", "over the 512 MiB limit for one data folder (largest: articles/part-0.txt 60 MiB"}},
		bowtie("layers/boundaries.geojson", 0, "crimea"),
		bowtie("layers/claimed.geojson", 0, "crimea"),
		bowtie("layers/context.geojson", 0, "Belarus"),
		bowtie("layers/controlled-2025-08-08.geojson", 2, "region donetsk"),
		bowtie("layers/contested-2025-08-08.geojson", 0, "region zaporizhzhia"),
		{"foreign crs", Edit("layers/controlled-2025-08-08.geojson", func(fc map[string]any) {
			fc["crs"] = map[string]any{"type": "name", "properties": map[string]any{"name": "urn:ogc:def:crs:EPSG::3857"}}
		}), []string{"layers/controlled-2025-08-08.geojson: crs names urn:ogc:def:crs:EPSG::3857: RFC 7946"}},
		{"control polygon in Lviv", SetGeometry("layers/controlled-2025-08-08.geojson", 2,
			orb.Polygon{{{23.9, 49.8}, {24.1, 49.8}, {24.1, 49.9}, {23.9, 49.9}, {23.9, 49.8}}}),
			[]string{"layers/controlled-2025-08-08.geojson: feature 2 (region donetsk): ", "(100%) lies outside the claimed region donetsk, for example at 23.9, 49.8"}},
		{"contested polygon outside its division", SetGeometry("layers/contested-2025-08-08.geojson", 2,
			orb.Polygon{{{36.1, 49.9}, {36.3, 49.9}, {36.3, 50.0}, {36.1, 50.0}, {36.1, 49.9}}}),
			[]string{"layers/contested-2025-08-08.geojson: feature 2 (region dnipropetrovsk): ", "(100%) lies outside the division dnipropetrovsk, for example at 36.1, 49.9"}},
		{"contested ground also held", func(t testing.TB, dir string) {
			b, err := os.ReadFile(filepath.Join(dir, "layers", "controlled-2025-08-08.geojson"))
			if err != nil {
				t.Fatal(err)
			}
			var held struct {
				Features []struct {
					Geometry   json.RawMessage
					Properties map[string]any
				}
			}
			if err := json.Unmarshal(b, &held); err != nil {
				t.Fatal(err)
			}
			for _, f := range held.Features {
				if f.Properties["region"] == "zaporizhzhia" {
					Edit("layers/contested-2025-08-08.geojson", func(fc map[string]any) {
						var g any
						json.Unmarshal(f.Geometry, &g)
						fc["features"].([]any)[0].(map[string]any)["geometry"] = g
					})(t, dir)
					return
				}
			}
			t.Fatal("no zaporizhzhia feature in the control layer")
		}, []string{"layers/contested-2025-08-08.geojson: region zaporizhzhia: ", "of contested ground is also held in the control layer"}},
		{"control polygon covering the world", SetGeometry("layers/controlled-2025-08-08.geojson", 5,
			orb.Polygon{{{-180, -90}, {180, -90}, {180, 90}, {-180, 90}, {-180, -90}}}),
			[]string{"layers/controlled-2025-08-08.geojson: feature 5 (region kharkiv): polygon 0 spans -180–180°E, -90–90°N, beyond"}},
	}
}

// Symlink makes a symbolic link name in the folder leading to target.
func Symlink(target, name string) func(testing.TB, string) {
	return func(t testing.TB, dir string) {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
}

// Sparse makes name a file of n bytes that takes no room on disk.
func Sparse(name string, n int64) func(testing.TB, string) {
	return func(t testing.TB, dir string) {
		f, err := os.OpenFile(filepath.Join(dir, filepath.FromSlash(name)), os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			err = f.Truncate(n)
			f.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// Edit rewrites a GeoJSON layer as a generic JSON object.
func Edit(name string, fn func(fc map[string]any)) func(testing.TB, string) {
	return func(t testing.TB, dir string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var fc map[string]any
		if err := json.Unmarshal(b, &fc); err != nil {
			t.Fatal(err)
		}
		fn(fc)
		if b, err = json.Marshal(fc); err == nil {
			err = os.WriteFile(p, b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}

// SetGeometry replaces the geometry of one feature of a layer.
func SetGeometry(name string, feature int, g orb.Geometry) func(testing.TB, string) {
	return Edit(name, func(fc map[string]any) {
		b, _ := json.Marshal(geojson.NewGeometry(g))
		var v any
		json.Unmarshal(b, &v)
		fc["features"].([]any)[feature].(map[string]any)["geometry"] = v
	})
}

// WriteFigures writes the folder's figures file (dataset.FiguresName), as
// claimsmap check --write-figures does, so that a server loading the
// folder defers its older dated layers.
func WriteFigures(t testing.TB, dir string) {
	t.Helper()
	d, err := dataset.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	b, err := d.EncodeFigures()
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, dataset.FiguresName), b, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// Rehash sets the SHA-256 the figures file lists for a layer to that of
// its bytes now, as if the figures had been written for them: how a layer
// broken after the figures were written still has its decoding deferred.
func Rehash(name string) func(testing.TB, string) {
	return func(t testing.TB, dir string) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		EditFigures(func(path string, e map[string]any) {
			if path == name {
				e["sha256"] = hex.EncodeToString(sum[:])
			}
		})(t, dir)
	}
}

// EditFigures changes the figures file's entries in place.
func EditFigures(fn func(path string, entry map[string]any)) func(testing.TB, string) {
	return func(t testing.TB, dir string) {
		t.Helper()
		p := filepath.Join(dir, dataset.FiguresName)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var f map[string]any
		if err := json.Unmarshal(b, &f); err != nil {
			t.Fatal(err)
		}
		for _, e := range f["layers"].([]any) {
			e := e.(map[string]any)
			fn(e["path"].(string), e)
		}
		if b, err = json.Marshal(f); err == nil {
			err = os.WriteFile(p, b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
}
