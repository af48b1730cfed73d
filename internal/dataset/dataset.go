package dataset

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

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

// Load reads and validates the dataset at the root of fsys. Every error
// names the file and, where it can, the feature or line at fault; problems
// in independent files are all reported, joined, so that one run of
// `claimsmap check` lists everything to fix.
func Load(fsys fs.FS) (*Dataset, error) {
	mb, err := fs.ReadFile(fsys, ManifestName)
	if err != nil {
		return nil, fmt.Errorf("reading dataset: %w", err)
	}
	m, err := ParseManifest(mb)
	if err != nil {
		return nil, err
	}
	d := &Dataset{Manifest: m, Raw: map[string][]byte{ManifestName: mb}}
	var errs []error
	fail := func(err error) bool {
		if err != nil {
			errs = append(errs, err)
		}
		return err != nil
	}
	articles, err := d.scan(fsys)
	fail(err)
	missing := false
	for _, f := range m.Files {
		b, err := fs.ReadFile(fsys, f.Path)
		if err != nil {
			fail(fmt.Errorf("%s (listed in %s): %w", f.Path, ManifestName, err))
			missing = true
			continue
		}
		d.Raw[f.Path] = b
	}
	if missing {
		return nil, errors.Join(errs...)
	}
	for _, p := range articles {
		b, err := fs.ReadFile(fsys, p)
		if fail(err) {
			continue
		}
		d.Raw[p] = b
		a, err := article.Parse(p, b)
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
	for _, f := range m.ByRole(RoleControlled) {
		s, err := decodeSnapshot(f, d.Raw, d.Divisions, d.Claims, RoleControlled)
		if fail(err) {
			continue
		}
		d.Snapshots = append(d.Snapshots, s)
	}
	for _, f := range m.ByRole(RoleContested) {
		c, err := decodeSnapshot(f, d.Raw, d.Divisions, d.Claims, RoleContested)
		if fail(err) {
			continue
		}
		i := slices.IndexFunc(d.Snapshots, func(s Snapshot) bool { return s.Date == f.AsOf })
		switch {
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

// scan checks every file in the folder is either in the manifest or an
// article (a file dropped in but not described would be served without
// provenance), and returns the articles' paths.
func (d *Dataset) scan(fsys fs.FS) ([]string, error) {
	listed := map[string]bool{ManifestName: true}
	for _, f := range d.Manifest.Files {
		listed[f.Path] = true
	}
	var articles []string
	var unlisted []error
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() || strings.HasPrefix(path.Base(p), ".") || listed[p] {
			return nil
		}
		if path.Dir(p) == ArticlesDir && (path.Ext(p) == ".txt" || path.Ext(p) == ".md") {
			articles = append(articles, p)
			return nil
		}
		unlisted = append(unlisted, fmt.Errorf("%s: not listed in %s (add it with its source, method and licence, or put articles in %s/)", p, ManifestName, ArticlesDir))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return articles, errors.Join(unlisted...)
}

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
