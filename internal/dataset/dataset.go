package dataset

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
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
	// Snapshots are the control layers, oldest first.
	Snapshots []Snapshot
	Context   Context
	// Names and Settlements are the gazetteer, read from the files at
	// NamesPath and SettlementsPath.
	Names           []gazetteer.Name
	Settlements     []gazetteer.Settlement
	NamesPath       string
	SettlementsPath string
	// Articles are the news articles, in file name order.
	Articles []*article.Article
	// Raw holds every file's bytes by path, for downloads of sources.
	Raw map[string][]byte
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
func LoadContext(ctx context.Context, fsys fs.FS, lim Limits) (d *Dataset, err error) {
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
	d = &Dataset{Manifest: m, Raw: f.raw}
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
	if d.Divisions, err = decodeDivisions(m.ByRole(RoleBoundaries)[0], d.Raw); fail(err) {
		return nil, errors.Join(errs...)
	}
	if d.Claims, err = decodeClaims(m.ByRole(RoleClaimed)[0], d.Raw, d.Divisions); fail(err) {
		return nil, errors.Join(errs...)
	}
	rs := newRegions(d.Divisions, d.Claims)
	broken := map[string]bool{} // dates whose control layer is refused
	// The dated layers are most of a large dataset's bytes, and
	// independent of each other: decode them on every core.
	controlled, contested := m.ByRole(RoleControlled), m.ByRole(RoleContested)
	decoded := make([]Snapshot, len(controlled)+len(contested))
	decodeErrs := make([]error, len(decoded))
	var wg sync.WaitGroup
	work := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				var f File
				role := RoleControlled
				if i < len(controlled) {
					f = controlled[i]
				} else {
					f, role = contested[i-len(controlled)], RoleContested
				}
				func() {
					// A panic here would end the process, not reach Load's
					// recover: it is this file's error like any other.
					defer func() {
						if r := recover(); r != nil {
							decodeErrs[i] = fmt.Errorf("%s: could not be read (%v)", f.Path, r)
						}
					}()
					decoded[i], decodeErrs[i] = decodeSnapshot(f, d.Raw, rs, role)
				}()
			}
		}()
	}
	for i := range decoded {
		work <- i
	}
	close(work)
	wg.Wait()
	for i, f := range controlled {
		s, err := decoded[i], decodeErrs[i]
		if fail(err) {
			broken[f.AsOf] = true
			continue
		}
		d.Snapshots = append(d.Snapshots, s)
	}
	for i, f := range contested {
		c, err := decoded[len(controlled)+i], decodeErrs[len(controlled)+i]
		if fail(err) {
			continue
		}
		i := slices.IndexFunc(d.Snapshots, func(s Snapshot) bool { return s.Date == f.AsOf })
		switch {
		case i < 0 && broken[f.AsOf]:
			// Already reported: the control layer of the date.
		case i < 0:
			fail(fmt.Errorf("%s: contested ground on %s but no control layer for that date", f.Path, f.AsOf))
		case d.Snapshots[i].Contested != nil:
			fail(fmt.Errorf("%s and %s: two contested layers for %s", d.Snapshots[i].ContestedFile.Path, f.Path, f.AsOf))
		default:
			d.Snapshots[i].Contested, d.Snapshots[i].ContestedFile = c.Areas, f
		}
	}
	sort.Slice(d.Snapshots, func(i, j int) bool { return d.Snapshots[i].Date < d.Snapshots[j].Date })
	for i := 1; i < len(d.Snapshots); i++ {
		if d.Snapshots[i].Date == d.Snapshots[i-1].Date {
			fail(fmt.Errorf("%s and %s: two control layers for %s", d.Snapshots[i-1].File.Path, d.Snapshots[i].File.Path, d.Snapshots[i].Date))
		}
	}
	if len(errs) == 0 && !slices.ContainsFunc(d.Snapshots, func(s Snapshot) bool { return s.Date == m.Snapshot }) {
		fail(fmt.Errorf("%s: snapshot %s has no control layer", ManifestName, m.Snapshot))
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

// Snapshot returns the control layer of the given date.
func (d *Dataset) Snapshot(date string) (Snapshot, bool) {
	for _, s := range d.Snapshots {
		if s.Date == date {
			return s, true
		}
	}
	return Snapshot{}, false
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
