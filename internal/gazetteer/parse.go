package gazetteer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Header rows, exact.
const (
	namesHeader       = "name,kind,regions,note"
	settlementsHeader = "id,name,oblast,lon,lat,population,variants,note"
	// derivedHeader is settlementsHeader with a row's provenance: the
	// GeoNames id and the source and licence of each row, as a file
	// derived from an outside gazetteer carries them (geonames.csv).
	derivedHeader = settlementsHeader + ",geonameid,source,license"
)

// ParseNames reads names.csv. It checks the file's shape (header, fields,
// numbers); New checks what the values mean. Errors start with the line at
// fault.
func ParseNames(r io.Reader) ([]Name, error) {
	var out []Name
	err := readCSV(r, []string{namesHeader}, func(line int, f []string) error {
		n := Name{Text: f[0], Kind: f[1], Line: line}
		if err := checkField("name", n.Text); err != nil {
			return err
		}
		if err := checkField("kind", n.Kind); err != nil {
			return err
		}
		regions, err := splitList("regions", f[2])
		if err != nil {
			return err
		}
		if len(regions) == 0 {
			return fmt.Errorf("regions is empty; list the claimed region slugs the name points to, separated by ';'")
		}
		n.Regions = regions
		out = append(out, n)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ParseSettlements reads settlements.csv, or a file of the same columns
// followed by geonameid, source and license (geonames.csv). It checks the
// file's shape (header, fields, numbers); New checks what the values mean.
// Errors start with the line at fault.
func ParseSettlements(r io.Reader) ([]Settlement, error) {
	var out []Settlement
	err := readCSV(r, []string{settlementsHeader, derivedHeader}, func(line int, f []string) error {
		s := Settlement{ID: f[0], Name: f[1], Oblast: f[2], Line: line}
		for i, name := range []string{"id", "name", "oblast"} {
			if err := checkField(name, f[i]); err != nil {
				return err
			}
		}
		var err error
		if s.Lon, err = parseCoord("lon", f[3]); err != nil {
			return err
		}
		if s.Lat, err = parseCoord("lat", f[4]); err != nil {
			return err
		}
		if s.Population, err = strconv.Atoi(f[5]); err != nil || s.Population < 0 {
			return fmt.Errorf("population %q must be a whole number, 0 if unknown", f[5])
		}
		if s.Variants, err = splitList("variants", f[6]); err != nil {
			return err
		}
		if !utf8.ValidString(f[7]) {
			return fmt.Errorf("note is not valid UTF-8")
		}
		s.Note = f[7]
		if len(f) > 8 {
			if s.GeoNameID, err = strconv.Atoi(f[8]); err != nil || s.GeoNameID <= 0 {
				return fmt.Errorf("geonameid %q must be a GeoNames id, a whole number above 0", f[8])
			}
			if err := checkField("source", f[9]); err != nil {
				return err
			}
			if err := checkField("license", f[10]); err != nil {
				return err
			}
			s.Source, s.License = f[9], f[10]
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// readCSV checks the header is one of headers and calls row for every
// record with its line number; every record has as many fields as the
// header. Errors are prefixed with the line.
func readCSV(r io.Reader, headers []string, row func(line int, fields []string) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 0 // as many as the header
	head, err := cr.Read()
	if err == io.EOF {
		return fmt.Errorf("line 1: empty file, want the header %q", headers[0])
	}
	if err != nil {
		return csvError(err)
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	if got := strings.Join(head, ","); !slices.Contains(headers, got) {
		want := make([]string, len(headers))
		for i, h := range headers {
			want[i] = strconv.Quote(h)
		}
		return fmt.Errorf("line 1: header is %q, want %s", got, strings.Join(want, " or "))
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvError(err)
		}
		line, _ := cr.FieldPos(0)
		if err := row(line, rec); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
}

// csvError turns a csv.ParseError into "line N: ..." like the other errors.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d: %w", pe.Line, pe.Err)
	}
	return err
}

// checkField makes sure a required field is there and clean.
func checkField(name, v string) error {
	switch {
	case v == "":
		return fmt.Errorf("%s is empty", name)
	case !utf8.ValidString(v):
		return fmt.Errorf("%s is not valid UTF-8", name)
	case strings.TrimSpace(v) != v:
		return fmt.Errorf("%s %q has spaces around it", name, v)
	}
	return nil
}

// splitList splits a ';'-separated field; an empty field is an empty list.
func splitList(name, v string) ([]string, error) {
	if v == "" {
		return nil, nil
	}
	parts := strings.Split(v, ";")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if err := checkField(name, p); err != nil {
			return nil, fmt.Errorf("%s item %d of %q: %w", name, i+1, v, err)
		}
		parts[i] = p
	}
	return parts, nil
}

// parseCoord reads a longitude or latitude in decimal degrees.
func parseCoord(name, v string) (float64, error) {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%s %q must be decimal degrees such as 37.5556", name, v)
	}
	return x, nil
}
