// Package dataset reads and writes claimsmap datasets: a folder of plain
// files (GeoJSON layers, CSV sources, articles) described by manifest.json,
// so that every change to the data is reviewable in a diff.
package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// ManifestName is the file at the root of every dataset folder.
const ManifestName = "manifest.json"

// Manifest names every file of a dataset with its provenance.
type Manifest struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	// Snapshot is the default date of the control layers, YYYY-MM-DD.
	Snapshot string `json:"snapshot"`
	Files    []File `json:"files"`
}

// File is one file of the dataset and where it came from.
type File struct {
	Path string `json:"path"`
	// Role says what the loader does with the file: one of the Role*
	// constants.
	Role        string `json:"role"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	// AsOf is the date the file describes (YYYY-MM-DD), for dated layers.
	AsOf    string `json:"as_of,omitempty"`
	Source  string `json:"source"`
	Method  string `json:"method"`
	License string `json:"license"`
	// Approximate marks data that is an approximation, to be labelled as
	// such wherever it is shown.
	Approximate bool `json:"approximate,omitempty"`
}

// File roles.
const (
	RoleBoundaries  = "boundaries"  // first-level divisions of Ukraine
	RoleClaimed     = "claimed"     // the annexation claim
	RoleControlled  = "controlled"  // Russian-held territory on AsOf
	RoleContested   = "contested"   // ground neither side held on AsOf (grey zone)
	RoleContext     = "context"     // basemap: countries, rivers, cities, seas
	RoleSource      = "source"      // a file layers were generated from
	RoleNames       = "names"       // the gazetteer's names of the claimed regions
	RoleSettlements = "settlements" // the gazetteer's settlements
	RoleDoc         = "doc"         // prose: provenance, licences
)

var roles = map[string]bool{
	RoleBoundaries: true, RoleClaimed: true, RoleControlled: true, RoleContested: true,
	RoleContext: true, RoleSource: true, RoleDoc: true,
	RoleNames: true, RoleSettlements: true,
}

// DateLayout is the layout of every date in a dataset.
const DateLayout = time.DateOnly

// ParseManifest decodes and validates a manifest.
func ParseManifest(b []byte) (*Manifest, error) {
	var m Manifest
	dec := json.NewDecoder(bytesReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestName, JSONError(b, err))
	}
	if err := atEnd(dec, b); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestName, err)
	}
	if err := m.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestName, err)
	}
	return &m, nil
}

func (m *Manifest) validate() error {
	if m.Title == "" {
		return fmt.Errorf("title is empty")
	}
	if _, err := time.Parse(DateLayout, m.Snapshot); err != nil {
		return fmt.Errorf("snapshot %q is not a date YYYY-MM-DD", m.Snapshot)
	}
	seen := map[string]bool{}
	counts := map[string]int{}
	for i, f := range m.Files {
		where := fmt.Sprintf("files[%d] (%s)", i, f.Path)
		switch {
		case f.Path == "":
			return fmt.Errorf("files[%d]: path is empty", i)
		case seen[f.Path]:
			return fmt.Errorf("%s: listed twice", where)
		case !roles[f.Role]:
			return fmt.Errorf("%s: unknown role %q (want boundaries, claimed, controlled, contested, context, names, settlements, source or doc)", where, f.Role)
		case f.Source == "" || f.License == "":
			return fmt.Errorf("%s: source and license are required", where)
		case strings.TrimSpace(f.Source) == "" || strings.TrimSpace(f.License) == "":
			return fmt.Errorf("%s: source and license must say something, not only spaces", where)
		case f.Role != RoleDoc && strings.TrimSpace(f.Method) == "":
			return fmt.Errorf("%s: method is required", where)
		}
		if f.Role == RoleControlled || f.Role == RoleContested {
			if _, err := time.Parse(DateLayout, f.AsOf); err != nil {
				return fmt.Errorf("%s: as_of %q is not a date YYYY-MM-DD", where, f.AsOf)
			}
		}
		seen[f.Path] = true
		counts[f.Role]++
	}
	for _, r := range []string{RoleBoundaries, RoleClaimed, RoleControlled} {
		if counts[r] == 0 {
			return fmt.Errorf("no file with role %q", r)
		}
	}
	// Settlements may come in several files (the hand-kept list, then
	// GeoNames'), each with its own source and licence.
	for _, r := range []string{RoleBoundaries, RoleClaimed, RoleContext, RoleNames} {
		if counts[r] > 1 {
			return fmt.Errorf("%d files with role %q, want one", counts[r], r)
		}
	}
	return nil
}

// ByRole returns the files with the given role, in manifest order.
func (m *Manifest) ByRole(role string) []File {
	var fs []File
	for _, f := range m.Files {
		if f.Role == role {
			fs = append(fs, f)
		}
	}
	return fs
}

// atEnd refuses anything but white space after the one JSON value dec
// has read from b: a second value, or text appended to the file.
func atEnd(dec *json.Decoder, b []byte) error {
	end := int(dec.InputOffset())
	rest := bytes.TrimLeft(b[end:], " \t\r\n")
	if len(rest) == 0 {
		return nil
	}
	at := len(b) - len(rest)
	line := 1 + bytes.Count(b[:at], []byte("\n"))
	col := 1 + at - (bytes.LastIndexByte(b[:at], '\n') + 1)
	return fmt.Errorf("line %d, column %d: something follows the JSON value; the file holds one", line, col)
}
