package dataset

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sort"
	"sync"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/internal/article"
	"github.com/claimsmap/claimsmap/internal/gazetteer"
)

// Dataset is a loaded, validated dataset folder.
type Dataset struct {
	Manifest *Manifest
	// Version identifies the exact bytes of every file; it changes whenever
	// any file does, and so serves as the base of every ETag.
	Version   string
	Divisions []Division
	Claims    []Claim
	// Dates are the snapshot dates, oldest first: each has a control
	// layer, and perhaps a contested one. LoadSnapshot decodes them and
	// Figures says what they measure.
	Dates   []string
	Context Context
	// Names and Settlements are the gazetteer, read from the files at
	// NamesPath and SettlementsPath.
	Names           []gazetteer.Name
	Settlements     []gazetteer.Settlement
	NamesPath       string
	SettlementsPath string
	// Articles are the news articles, in file name order.
	Articles []*article.Article
	// Raw holds every file's bytes by path, for downloads of sources;
	// in a dataset loaded lazily, all but the articles' and the deferred
	// dated layers'.
	Raw map[string][]byte

	snaps   map[string]*dated
	regions *regions
	decoded *snapshotCache
	// verified holds the keys of the dated layers validated so far.
	verifiedMu sync.Mutex
	verified   map[string]bool
}

// Division is a first-level administrative division of Ukraine.
type Division struct {
	Slug     string
	ISO      string // ISO 3166-2 code, e.g. UA-14
	Name     string // English, current Ukrainian transliteration
	NameUK   string // Ukrainian
	Kind     string // oblast, autonomous republic, city with special status
	Variants []string
	// ClaimedRegion is the slug of the claimed region the division belongs
	// to, or empty.
	ClaimedRegion string
	OfficialKm2   float64
	Source        string
	Geometry      orb.MultiPolygon
}

// Claim is one region Russia claims to have annexed.
type Claim struct {
	Region       string // slug
	ISO          string
	Name         string
	Divisions    []string // ISO codes of the divisions it covers
	ClaimedSince string   // date of the annexation claim
	Recognition  string   // the claim's international status
	Source       string
	Method       string
	Geometry     orb.MultiPolygon
}

// Snapshot is Russian-held territory on one date.
type Snapshot struct {
	Date  string
	File  File
	Areas []ControlledArea
	// Contested is the ground neither side held on the date (the grey
	// zone), from the layer in ContestedFile; empty where the dataset has
	// none for the date.
	Contested     []ControlledArea
	ContestedFile File
}

// ControlledArea is what Russian forces hold inside one division or
// claimed region on a snapshot's date.
type ControlledArea struct {
	// Region is the claimed region's slug, or the division's slug for
	// areas outside the claim.
	Region      string
	WithinClaim bool
	Source      string
	Method      string
	Geometry    orb.MultiPolygon
}

// Context is the basemap around the data.
type Context struct {
	Countries []Country
	Rivers    []River
	Cities    []City
	Seas      []Label
}

// Country is a neighbouring country's land, clipped to the map's frame.
type Country struct {
	Name     string
	Geometry orb.MultiPolygon
}

// River is a river's course.
type River struct {
	Name     string
	Geometry orb.MultiLineString
}

// City is a labelled point.
type City struct {
	Name    string
	Country string
	Capital bool
	Point   orb.Point
}

// Label is a named point, for areas such as seas.
type Label struct {
	Name  string
	Point orb.Point
}

// Load reads and validates the dataset at the root of fsys within the
// default Limits. Every error names the file and, where it can, the
// feature or line at fault; problems in independent files are all
// reported, joined, so that one run of `claimsmap check` lists everything
// to fix.
func Load(fsys fs.FS) (*Dataset, error) {
	return LoadContext(context.Background(), fsys, Limits{})
}

// LoadContext is Load within lim (zero fields take the defaults), giving
// up when ctx is done. fsys may be any fs.FS; for a folder on disk that is
// not trusted, use datafs.Dir, which also keeps reads inside the folder
// and never opens a named pipe or a device.
func LoadContext(ctx context.Context, fsys fs.FS, lim Limits) (*Dataset, error) {
	return load(ctx, fsys, lim, false)
}

// LoadLazily is LoadContext for a server, whose start should not grow with
// the number of snapshots. It reads and hashes every file and validates
// all but the dated layers in full, like LoadContext; of the dated layers
// it decodes only the default date's, and those FiguresName has no
// figures for (by their hash). The others are decoded on first use
// (LoadSnapshot) and validated by Verify: until then, a problem in one of
// them that Load would refuse goes unnoticed.
func LoadLazily(ctx context.Context, fsys fs.FS, lim Limits) (*Dataset, error) {
	return load(ctx, fsys, lim, true)
}

func load(ctx context.Context, fsys fs.FS, lim Limits, lazy bool) (d *Dataset, err error) {
	// A panic while decoding (data shaped in a way the code did not
	// foresee) is reported like any other problem, never as a crash of a
	// server reloading, or a stack trace for the person running check.
	defer func() {
		if r := recover(); r != nil {
			d, err = nil, fmt.Errorf("the dataset could not be decoded (please report this as a bug in claimsmap): %v", r)
		}
	}()
	f, err := readFolder(ctx, fsys, lim.orDefaults())
	if err != nil {
		return nil, err
	}
	if f.missing {
		return nil, errors.Join(f.errs...)
	}
	m := f.manifest
	d = &Dataset{Manifest: m, Raw: f.raw, snaps: map[string]*dated{}, verified: map[string]bool{}, decoded: newSnapshotCache(MaxDecodedPoints)}
	errs := f.errs
	fail := func(err error) bool {
		if err != nil {
			errs = append(errs, err)
		}
		return err != nil
	}
	for _, p := range f.articles {
		a, err := article.Parse(p, d.Raw[p])
		if fail(err) {
			continue
		}
		d.Articles = append(d.Articles, a)
	}
	d.decodeGazetteer(fail)
	d.decodeSources(fail)
	var listed map[string]figuresEntry
	if b, ok := d.Raw[FiguresName]; ok {
		listed, err = parseFigures(b)
		fail(err)
	}
	if d.Divisions, err = decodeDivisions(m.ByRole(RoleBoundaries)[0], d.Raw); fail(err) {
		return nil, errors.Join(errs...)
	}
	if d.Claims, err = decodeClaims(m.ByRole(RoleClaimed)[0], d.Raw, d.Divisions); fail(err) {
		return nil, errors.Join(errs...)
	}
	d.regions = newRegions(d.Divisions, d.Claims)
	// Validating a dated layer depends on its bytes and on the outlines it
	// must lie in.
	outlines := sum256(d.Raw[m.ByRole(RoleBoundaries)[0].Path]) + sum256(d.Raw[m.ByRole(RoleClaimed)[0].Path])

	// The dates, from the manifest alone.
	for _, f := range m.ByRole(RoleControlled) {
		if prev, ok := d.snaps[f.AsOf]; ok {
			fail(fmt.Errorf("%s and %s: two control layers for %s", prev.file.Path, f.Path, f.AsOf))
			continue
		}
		d.snaps[f.AsOf] = &dated{date: f.AsOf, file: f, figures: Figures{Date: f.AsOf}}
		d.Dates = append(d.Dates, f.AsOf)
	}
	for _, f := range m.ByRole(RoleContested) {
		e, ok := d.snaps[f.AsOf]
		switch {
		case !ok:
			fail(fmt.Errorf("%s: contested ground on %s but no control layer for that date", f.Path, f.AsOf))
		case e.contested.Path != "":
			fail(fmt.Errorf("%s and %s: two contested layers for %s", e.contested.Path, f.Path, f.AsOf))
		default:
			e.contested = f
		}
	}
	sort.Strings(d.Dates)
	if _, ok := d.snaps[m.Snapshot]; !ok && len(errs) == 0 {
		fail(fmt.Errorf("%s: snapshot %s has no control layer", ManifestName, m.Snapshot))
	}

	// Which dates to decode now: every one, or lazily the default date's
	// and those whose figures are not listed for their exact bytes.
	var decodeNow []*dated
	for _, date := range d.Dates {
		e := d.snaps[date]
		hc, hg := sum256(d.Raw[e.file.Path]), ""
		if e.contested.Path != "" {
			hg = sum256(d.Raw[e.contested.Path])
		}
		e.sums = [2]string{hc, hg}
		lc, okc := listed[e.file.Path]
		lg, okg := listed[e.contested.Path]
		trusted := okc && lc.SHA256 == hc && (e.contested.Path == "" || okg && lg.SHA256 == hg)
		e.listed = trusted
		// Validating a date checks the figures listed for it too, so they
		// are part of what it depends on: figures edited under the same
		// hashes are checked again on a reload.
		listedAreas := ""
		if trusted {
			b, _ := json.Marshal([2][]AreaFigure{lc.Areas, lg.Areas})
			listedAreas = string(b)
		}
		e.key = sum256([]byte(date + "\x00" + e.file.Path + "\x00" + hc + "\x00" + e.contested.Path + "\x00" + hg + "\x00" + outlines + "\x00" + listedAreas))
		if trusted {
			e.figures.Controlled = lc.Areas
			if e.contested.Path != "" {
				e.figures.Contested = lg.Areas
			}
		}
		if !lazy || !trusted || date == m.Snapshot {
			decodeNow = append(decodeNow, e)
		}
	}

	// The dated layers are most of a large dataset's bytes, and
	// independent of each other: decode them on every core.
	type result struct {
		s       Snapshot
		control []AreaFigure
		grey    []AreaFigure
		err     error
	}
	results := make([]result, len(decodeNow))
	var wg sync.WaitGroup
	work := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				e := decodeNow[i]
				r := &results[i]
				if r.s, r.err = d.decodeLayers(e, d.Raw); r.err != nil {
					continue
				}
				r.control = measure(r.s.Areas)
				if e.contested.Path != "" {
					r.grey = measure(r.s.Contested)
				}
			}
		}()
	}
	for i := range decodeNow {
		work <- i
	}
	close(work)
	wg.Wait()
	for i, e := range decodeNow {
		r := results[i]
		if fail(r.err) {
			continue
		}
		// Figures listed for these bytes must be what they measure: Load
		// (check) refuses a file that would have a server show others.
		if lc, ok := listed[e.file.Path]; ok && lc.SHA256 == e.sums[0] {
			fail(sameFigures(e.file.Path, lc.Areas, r.control))
		}
		if lg, ok := listed[e.contested.Path]; ok && e.contested.Path != "" && lg.SHA256 == e.sums[1] {
			fail(sameFigures(e.contested.Path, lg.Areas, r.grey))
		}
		e.figures.Controlled, e.figures.Contested, e.measured = r.control, r.grey, true
		d.verified[e.key] = true
		if !lazy || e.date == m.Snapshot {
			s := r.s
			e.pinned = &s
		} else {
			// Decoded for its figures: kept like a snapshot asked for.
			d.decoded.get(e.date, func() (Snapshot, error) { return r.s, nil })
		}
	}
	if cs := m.ByRole(RoleContext); len(cs) == 1 {
		d.Context, err = decodeContext(cs[0], d.Raw)
		fail(err)
	}
	seen := map[string]string{}
	for _, a := range d.Articles {
		if prev, ok := seen[a.Slug]; ok {
			fail(fmt.Errorf("%s: same slug %q as %s", a.Path, a.Slug, prev))
		}
		seen[a.Slug] = a.Path
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	d.Version = version(d.Raw)
	if !lazy {
		return d, nil
	}
	// A server needs no article's bytes once parsed.
	for _, a := range d.Articles {
		delete(d.Raw, a.Path)
	}
	// A deferred date's layers leave Raw for its entry, where Verify
	// compresses them.
	for _, e := range d.snaps {
		if e.pinned != nil || !e.listed {
			continue
		}
		e.layers = map[string][]byte{e.file.Path: d.Raw[e.file.Path]}
		delete(d.Raw, e.file.Path)
		if e.contested.Path != "" {
			e.layers[e.contested.Path] = d.Raw[e.contested.Path]
			delete(d.Raw, e.contested.Path)
		}
	}
	return d, nil
}

// ArticlesDir is the folder articles are dropped into: every .txt or .md
// file there is an article, described by its own front matter.
const ArticlesDir = "articles"

func version(raw map[string][]byte) string {
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%s\x00%d\x00", k, len(raw[k]))
		h.Write(raw[k])
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Division returns the division with the given slug.
func (d *Dataset) Division(slug string) (Division, bool) {
	for _, v := range d.Divisions {
		if v.Slug == slug {
			return v, true
		}
	}
	return Division{}, false
}
