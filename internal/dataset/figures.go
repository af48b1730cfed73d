package dataset

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"github.com/claimsmap/claimsmap/geo"
	"github.com/claimsmap/claimsmap/internal/quote"
)

// FiguresName is the optional file at the root of a dataset folder that
// lists what each dated layer measures, so that a server can draw the
// history of every snapshot without decoding every layer at start.
//
// Each entry carries the SHA-256 of the layer it was measured on: an
// entry is used only for the very bytes it describes, so a layer edited
// since is decoded and measured again, never shown with stale figures.
// `claimsmap check` measures every layer and refuses an entry whose
// figures are not what its layer measures; `claimsmap check
// --write-figures` writes the file.
const FiguresName = "figures.json"

// AreaFigure is one feature of a dated layer, measured.
type AreaFigure struct {
	// Region is the feature's claimed region or division.
	Region      string  `json:"region"`
	WithinClaim bool    `json:"within_claim"`
	Km2         float64 `json:"km2"`
}

// Figures are what the layers of one date measure, feature by feature in
// the layers' order: what a date's statistics and history need, without
// the geometry.
type Figures struct {
	Date       string
	Controlled []AreaFigure
	// Contested is empty when the date has no contested layer.
	Contested []AreaFigure
}

// figuresFile is FiguresName's content.
type figuresFile struct {
	About  string         `json:"about,omitempty"`
	Layers []figuresEntry `json:"layers"`
}

type figuresEntry struct {
	Path   string       `json:"path"`
	SHA256 string       `json:"sha256"`
	Areas  []AreaFigure `json:"areas"`
}

// parseFigures reads FiguresName into its entries by path.
func parseFigures(b []byte) (map[string]figuresEntry, error) {
	var f figuresFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", FiguresName, JSONError(b, err))
	}
	if err := atEnd(dec, b); err != nil {
		return nil, fmt.Errorf("%s: %w", FiguresName, err)
	}
	out := map[string]figuresEntry{}
	for i, e := range f.Layers {
		switch {
		case e.Path == "":
			return nil, fmt.Errorf("%s: layers[%d]: path is empty", FiguresName, i)
		case len(e.SHA256) != 64:
			return nil, fmt.Errorf("%s: layers[%d] (%s): sha256 %q is not a SHA-256 in hexadecimal", FiguresName, i, e.Path, quote.Clip(e.SHA256, 80))
		}
		if _, dup := out[e.Path]; dup {
			return nil, fmt.Errorf("%s: layers[%d] (%s): listed twice", FiguresName, i, e.Path)
		}
		out[e.Path] = e
	}
	return out, nil
}

func sum256(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// measure is the figures of a decoded layer's areas.
func measure(areas []ControlledArea) []AreaFigure {
	out := make([]AreaFigure, len(areas))
	for i, a := range areas {
		out[i] = AreaFigure{Region: a.Region, WithinClaim: a.WithinClaim, Km2: geo.Area(a.Geometry)}
	}
	return out
}

// sameFigures checks that the figures listed for a layer are what it
// measures. Both are computed by the same code from the same bytes, so
// they agree exactly or not at all.
func sameFigures(path string, listed, measured []AreaFigure) error {
	if slices.Equal(listed, measured) {
		return nil
	}
	why := fmt.Sprintf("%d features listed, the layer has %d", len(listed), len(measured))
	for i := range min(len(listed), len(measured)) {
		l, m := listed[i], measured[i]
		if l != m {
			why = fmt.Sprintf("feature %d: %s %s km² listed, the layer has %s %s km²", i, l.Region, km2(l.Km2), m.Region, km2(m.Km2))
			break
		}
	}
	return fmt.Errorf("%s: the figures listed for %s are not what it measures (%s); write the file again with claimsmap check --write-figures", FiguresName, path, why)
}

func km2(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// Unlisted returns the snapshot dates whose layers FiguresName does not
// list for their exact bytes: a server decodes them at start.
func (d *Dataset) Unlisted() []string {
	var out []string
	for _, date := range d.Dates {
		if !d.snaps[date].listed {
			out = append(out, date)
		}
	}
	return out
}

// EncodeFigures writes FiguresName for the dataset: every dated layer's
// figures with the SHA-256 of its bytes. The dataset must have been
// loaded whole (Load, not LoadLazily), so that every layer was measured
// from its geometry.
func (d *Dataset) EncodeFigures() ([]byte, error) {
	f := figuresFile{About: "What each dated layer measures, written by claimsmap check --write-figures; used only for layers whose SHA-256 matches."}
	for _, date := range d.Dates {
		e := d.snaps[date]
		for i, l := range []struct {
			file  File
			areas []AreaFigure
		}{{e.file, e.figures.Controlled}, {e.contested, e.figures.Contested}} {
			if l.file.Path == "" {
				continue
			}
			if !e.measured {
				return nil, fmt.Errorf("%s: not measured (the dataset was loaded lazily)", l.file.Path)
			}
			f.Layers = append(f.Layers, figuresEntry{Path: l.file.Path, SHA256: e.sums[i], Areas: l.areas})
		}
	}
	// One layer a line, so that a diff shows which layers changed.
	var b bytes.Buffer
	about, _ := json.Marshal(f.About)
	fmt.Fprintf(&b, "{\"about\": %s,\n\"layers\": [", about)
	for i, e := range f.Layers {
		eb, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n")
		b.Write(eb)
	}
	b.WriteString("\n]}\n")
	return b.Bytes(), nil
}
