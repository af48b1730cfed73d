// Package importer adds a control layer to a dataset folder from a GeoJSON
// file of occupied territory as public archives publish it: a
// FeatureCollection of polygons drawn to the publisher's own borders and
// coast, often with an old-style crs member, sometimes with
// self-intersections.
//
// The file is checked and repaired (see Parse), clipped to Ukraine's
// outline in the dataset, split the way every control layer is split (one
// feature per claimed region, one per division outside the claim) and
// written with a manifest entry giving its source, method and licence.
// Everything is computed and the result loaded as a dataset before the
// first byte is written, so a file that is refused leaves the folder as it
// was.
package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/atomicfile"
	"github.com/claimsmap/claimsmap/internal/datafs"
	"github.com/claimsmap/claimsmap/internal/dataset"
)

// DefaultLicense is the licence recorded when none is given: an imported
// file's terms are its publisher's, which the importer cannot know.
const DefaultLicense = "as published by the source; check before redistributing"

// DefaultMaxBytes is the largest file Import reads unless told otherwise:
// the archives' daily files are well under a megabyte, and a file of
// hundreds of megabytes is a mistake, not a map.
const DefaultMaxBytes = 100 << 20

// ErrExists says the date already has a control layer and Replace was not
// set.
var ErrExists = errors.New("the date already has a control layer")

// Options says what to import where.
type Options struct {
	// Dir is the dataset folder to add the layer to.
	Dir string
	// File is the GeoJSON file to import.
	File string
	// AsOf is the date the file describes, YYYY-MM-DD.
	AsOf string
	// Source credits the publisher; it becomes the layer's source.
	Source string
	// License is the file's licence; empty means DefaultLicense.
	License string
	// Replace allows overwriting the date's existing control layer.
	Replace bool
	// MaxBytes refuses larger files; 0 means DefaultMaxBytes.
	MaxBytes int64
	// Progress receives one line per step; nil discards them.
	Progress io.Writer
}

// Result is what an import wrote and measured.
type Result struct {
	// Path is the layer written, relative to the dataset folder.
	Path     string
	AsOf     string
	Replaced bool
	// Snapshot is the manifest's default date after the import.
	Snapshot string
	// Features is the number of features in the file; Repairs lists what
	// was repaired in them ("feature 0: polygon 3: ring 0 crosses ...").
	Features int
	Repairs  []string
	// InputKm2 is the file's territory (its features united) before
	// clipping; ClippedKm2 the part inside Ukraine, UkraineKm2 Ukraine.
	InputKm2, ClippedKm2, UkraineKm2 float64
	// Areas are the layer's features, claimed regions first, and TotalKm2
	// their sum: ClippedKm2 less the slivers dropped.
	Areas    []Area
	TotalKm2 float64
}

// Area is one feature of the imported layer.
type Area struct {
	Region      string // the claimed region's slug, or the division's
	ISO         string
	Name        string
	WithinClaim bool
	Km2         float64 // held, measured on the geometry as written
	RegionKm2   float64 // the claimed region's or division's whole area
}

// LayerPath is where the control layer of a date lives in a dataset.
func LayerPath(date string) string { return "layers/controlled-" + date + ".geojson" }

// Import reads opts.File, adds it to the dataset in opts.Dir as the control
// layer of opts.AsOf and returns what it wrote. On any error the folder is
// left as it was.
func Import(opts Options) (*Result, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	progress := func(format string, a ...any) {
		if opts.Progress != nil {
			fmt.Fprintf(opts.Progress, format+"\n", a...)
		}
	}
	b, err := readLimited(opts.File, opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	progress("read %s (%d bytes)", opts.File, len(b))
	feats, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opts.File, err)
	}
	res := &Result{Path: LayerPath(opts.AsOf), AsOf: opts.AsOf, Features: len(feats)}
	geoms := make([]orb.MultiPolygon, len(feats))
	for i, f := range feats {
		// A polygon covering the world would be clipped to Ukraine and
		// read as all of it held: refused, as the dataset refuses it.
		if err := dataset.InFrame(f.Geometry); err != nil {
			return nil, fmt.Errorf("%s: feature %d: %w", opts.File, f.Index, err)
		}
		geoms[i] = f.Geometry
		for _, r := range f.Repairs {
			res.Repairs = append(res.Repairs, fmt.Sprintf("feature %d: %s", f.Index, r))
			progress("%s: feature %d: %s", opts.File, f.Index, r)
		}
	}
	held, err := geo.UnionAll(geoms...)
	if err != nil {
		return nil, fmt.Errorf("%s: uniting its features: %w", opts.File, err)
	}
	res.InputKm2 = geo.Area(held)
	progress("%s: %d features, %.0f km² in all", opts.File, len(feats), res.InputKm2)

	progress("loading the dataset in %s", opts.Dir)
	d, err := dataset.Load(datafs.Dir(opts.Dir))
	if err != nil {
		return nil, fmt.Errorf("dataset %s: %w", opts.Dir, err)
	}
	old, err := existing(d, opts)
	if err != nil {
		return nil, err
	}
	res.Replaced = old != nil

	method := sourceMethod(opts.File, b, feats)
	fc, err := split(d, held, opts, method, res)
	if err != nil {
		return nil, err
	}
	progress("clipped to Ukraine (%.0f km²): %.0f km² inside, %.0f km² outside; %d features", res.UkraineKm2, res.ClippedKm2, res.InputKm2-res.ClippedKm2, len(fc.Features))
	if len(fc.Features) == 0 {
		return nil, fmt.Errorf("%s: none of its %.0f km² lies inside Ukraine (are the positions [latitude, longitude]? GeoJSON puts longitude first)", opts.File, res.InputKm2)
	}
	layer, err := dataset.EncodeFeatureCollection(fc, dataset.Decimals)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", res.Path, err)
	}
	m := withEntry(d.Manifest, manifestEntry(opts, method))
	res.Snapshot = m.Snapshot
	mb, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	mb = append(mb, '\n')

	// Load the dataset as it will be before writing it: whatever the
	// loader refuses is refused here, with the folder untouched.
	after := withFiles{base: datafs.Dir(opts.Dir), files: map[string][]byte{res.Path: layer, dataset.ManifestName: mb}}
	nd, err := dataset.Load(after)
	if err != nil {
		return nil, fmt.Errorf("the imported layer would not load (a bug in the importer, nothing written): %w", err)
	}
	if _, ok := nd.Snapshot(opts.AsOf); !ok {
		return nil, fmt.Errorf("the imported layer would not load as the snapshot of %s (a bug in the importer, nothing written)", opts.AsOf)
	}

	if err := write(opts.Dir, res.Path, layer, old, mb); err != nil {
		return nil, err
	}
	progress("wrote %s (%d features, %d bytes) and %s", res.Path, len(fc.Features), len(layer), dataset.ManifestName)
	return res, nil
}

func (o *Options) check() error {
	if o.License == "" {
		o.License = DefaultLicense
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if _, err := time.Parse(dataset.DateLayout, o.AsOf); err != nil {
		return fmt.Errorf("as-of date %q is not a date YYYY-MM-DD", o.AsOf)
	}
	if strings.TrimSpace(o.Source) == "" {
		return errors.New("the source is empty: name who published the file (it is credited wherever the layer is shown)")
	}
	if st, err := os.Stat(o.Dir); err != nil || !st.IsDir() {
		return fmt.Errorf("%s: not a readable directory", o.Dir)
	}
	return nil
}

// readLimited reads a whole file of at most max bytes, refusing a larger
// one before reading it (and a file that grows, or a pipe, once it has
// read one byte too many).
func readLimited(name string, max int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a directory; want a GeoJSON file", name)
	}
	tooBig := func(n int64) error {
		return fmt.Errorf("%s: %d bytes is more than the %d bytes (%d MB) an import reads; is it the right file?", name, n, max, max>>20)
	}
	if st.Size() > max {
		return nil, tooBig(st.Size())
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if int64(len(b)) > max {
		return nil, tooBig(int64(len(b)))
	}
	return b, nil
}

// existing checks the date and path are free (or may be replaced) and
// returns the bytes of the layer to be replaced, nil if none.
func existing(d *dataset.Dataset, opts Options) ([]byte, error) {
	p := LayerPath(opts.AsOf)
	var old []byte
	for _, f := range d.Manifest.Files {
		switch {
		case f.Path == p && f.Role != dataset.RoleControlled:
			return nil, fmt.Errorf("%s is already in %s with role %q; it cannot become a control layer", p, dataset.ManifestName, f.Role)
		case f.Role != dataset.RoleControlled || f.AsOf != opts.AsOf:
		case !opts.Replace:
			return nil, fmt.Errorf("%s: %w, %s", opts.AsOf, ErrExists, f.Path)
		case f.Path != p:
			return nil, fmt.Errorf("%s: the control layer of %s is %s; remove it from %s first, the import writes %s", opts.AsOf, opts.AsOf, f.Path, dataset.ManifestName, p)
		default:
			old = d.Raw[p]
		}
	}
	if old == nil {
		return nil, nil
	}
	for _, f := range d.Manifest.Files {
		if f.AsOf != opts.AsOf || opts.Progress == nil {
			continue
		}
		switch f.Role {
		case dataset.RoleSource:
			fmt.Fprintf(opts.Progress, "note: %s describes %s too; `claimsmap build-data` regenerates the layers of a date from its sources and would overwrite this import\n", f.Path, opts.AsOf)
		case dataset.RoleContested:
			fmt.Fprintf(opts.Progress, "note: %s stays: the grey zone of %s from other sources, which may overlap the imported ground\n", f.Path, opts.AsOf)
		}
	}
	return old, nil
}

// split clips the territory to Ukraine and cuts it into the layer's
// features, filling in res's figures.
func split(d *dataset.Dataset, held orb.MultiPolygon, opts Options, method string, res *Result) (*geojson.FeatureCollection, error) {
	divs := make([]orb.MultiPolygon, len(d.Divisions))
	for i, v := range d.Divisions {
		divs[i] = v.Geometry
	}
	ukraine, err := geo.UnionAll(divs...)
	if err != nil {
		return nil, fmt.Errorf("dataset %s: Ukraine's outline: %w", opts.Dir, err)
	}
	res.UkraineKm2 = geo.Area(ukraine)
	inside, err := geo.Intersection(held, ukraine)
	if err != nil {
		return nil, fmt.Errorf("%s: clipping to Ukraine: %w", opts.File, err)
	}
	res.ClippedKm2 = geo.Area(inside)

	parts := d.Parts()
	fc, err := dataset.SplitByPart(inside, parts, dataset.Dated{Status: dataset.RoleControlled, AsOf: opts.AsOf, Source: opts.Source, Method: method}, writable)
	if err != nil {
		return nil, fmt.Errorf("%s: held ground in %w", opts.File, err)
	}
	for _, f := range fc.Features {
		slug := f.Properties["region"].(string)
		for _, p := range parts {
			if p.Slug == slug {
				km2 := geo.Area(f.Geometry)
				res.Areas = append(res.Areas, Area{Region: slug, ISO: p.ISO, Name: p.Name, WithinClaim: p.WithinClaim, Km2: km2, RegionKm2: geo.Area(p.Geometry)})
				res.TotalKm2 += km2
			}
		}
	}
	return fc, nil
}

// writable returns mp as it will be written, with coordinates rounded to
// the dataset's decimals and still valid: rounding can pinch a ring or
// fold a sliver over, which geo.Clean and, failing that, a repair undo.
// Rings follow RFC 7946: exteriors counter-clockwise, holes clockwise.
func writable(mp orb.MultiPolygon) (orb.MultiPolygon, error) {
	g := geo.Clean(dataset.Round(mp.Clone(), dataset.Decimals).(orb.MultiPolygon))
	if !geo.Valid(g) {
		fixed, _, err := makeValid(g, true)
		if err != nil {
			return nil, fmt.Errorf("rounding to %d decimals: %w", dataset.Decimals, err)
		}
		g = geo.Clean(dataset.Round(fixed, dataset.Decimals).(orb.MultiPolygon))
		if !geo.Valid(g) {
			return nil, fmt.Errorf("rounding to %d decimals leaves a geometry that is not valid", dataset.Decimals)
		}
	}
	geo.OrientRFC7946(g)
	return g, nil
}

// sourceMethod says how the layer was made from which file; the file is
// named by its base name and identified by its SHA-256, so that the exact
// bytes can be found again.
func sourceMethod(file string, b []byte, feats []Feature) string {
	sum := sha256.Sum256(b)
	repaired := ""
	n := 0
	for _, f := range feats {
		n += len(f.Repairs)
	}
	if n > 0 {
		repaired = fmt.Sprintf(" (with %d repair(s) of polygons that crossed themselves or overlapped, by the even-odd rule)", n)
	}
	return fmt.Sprintf("Imported with `claimsmap import` from %s (SHA-256 %s): the file's polygons%s, united, intersected with the outline of Ukraine in the dataset's boundaries layer (the union of its divisions) and split by claimed region and, outside the claim, by division; pieces under %g km² dropped, coordinates rounded to %d decimals",
		filepath.Base(file), hex.EncodeToString(sum[:]), repaired, dataset.MinPartKm2, dataset.Decimals)
}

func manifestEntry(opts Options, method string) dataset.File {
	return dataset.File{
		Path:        LayerPath(opts.AsOf),
		Role:        dataset.RoleControlled,
		AsOf:        opts.AsOf,
		Approximate: true,
		Title:       "Territory held by Russian forces on " + opts.AsOf + " (imported)",
		Description: "One feature per claimed region with what Russian forces held inside it according to the source, and one per division outside the claim where they held ground. Imported from a file as its publisher drew it, to the publisher's own borders and coast, then clipped to this dataset's boundaries; an approximation, as the source's own is.",
		Source:      opts.Source,
		Method:      method,
		License:     opts.License,
	}
}

// withEntry returns a copy of m with f added, or in place of the entry
// with the same path, and the snapshot set to the latest control layer's
// date. A new entry goes before the first entry of a later date, so the
// manifest stays in date order where it was.
func withEntry(m *dataset.Manifest, f dataset.File) dataset.Manifest {
	out := *m
	out.Files = slices.Clone(m.Files)
	if i := slices.IndexFunc(out.Files, func(e dataset.File) bool { return e.Path == f.Path }); i >= 0 {
		out.Files[i] = f
	} else {
		i := slices.IndexFunc(out.Files, func(e dataset.File) bool { return e.AsOf != "" && e.AsOf > f.AsOf })
		if i < 0 {
			i = len(out.Files)
		}
		out.Files = slices.Insert(out.Files, i, f)
	}
	for _, e := range out.Files {
		if e.Role == dataset.RoleControlled && e.AsOf > out.Snapshot {
			out.Snapshot = e.AsOf
		}
	}
	return out
}

// write puts the layer in place, then the manifest; if the manifest
// cannot be written, the layer is removed again (or the one it replaced
// put back), so the folder never lists a layer it lacks or holds one it
// does not list.
func write(dir, layerPath string, layer, old, manifest []byte) error {
	lp := filepath.Join(dir, filepath.FromSlash(layerPath))
	if err := os.MkdirAll(filepath.Dir(lp), 0o755); err != nil {
		return err
	}
	if err := atomicfile.Write(lp, layer, 0o644); err != nil {
		return err
	}
	err := atomicfile.Write(filepath.Join(dir, dataset.ManifestName), manifest, 0o644)
	if err == nil {
		return nil
	}
	var undo error
	if old != nil {
		undo = atomicfile.Write(lp, old, 0o644)
	} else {
		undo = os.Remove(lp)
	}
	if undo != nil {
		return fmt.Errorf("%w; and undoing the layer failed, remove or restore %s by hand: %v", err, lp, undo)
	}
	return err
}

// withFiles reads as base with some files replaced or added: the dataset
// as it will be once written.
type withFiles struct {
	base  fs.FS
	files map[string][]byte
}

func (w withFiles) Open(name string) (fs.File, error) {
	if b, ok := w.files[name]; ok {
		return &memFile{Reader: bytes.NewReader(b), name: path.Base(name)}, nil
	}
	return w.base.Open(name)
}

func (w withFiles) ReadFile(name string) ([]byte, error) {
	if b, ok := w.files[name]; ok {
		return slices.Clone(b), nil
	}
	return fs.ReadFile(w.base, name)
}

// memFile is a file of withFiles; it is its own FileInfo.
type memFile struct {
	*bytes.Reader
	name string
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f, nil }
func (f *memFile) Close() error               { return nil }
func (f *memFile) Name() string               { return f.name }
func (f *memFile) Mode() fs.FileMode          { return 0o444 }
func (f *memFile) ModTime() time.Time         { return time.Time{} }
func (f *memFile) IsDir() bool                { return false }
func (f *memFile) Sys() any                   { return nil }
