package gazetteer

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// GeoName is one row of a GeoNames cities extract (cities500.txt,
// cities1000.txt: the "geoname" table, tab-separated, 19 columns).
type GeoName struct {
	ID           int
	Name         string
	ASCIIName    string
	Alternates   []string
	Lat, Lon     float64
	FeatureClass string // P for populated places
	FeatureCode  string // PPL, PPLA, PPLA2, PPLX (a section of a place), …
	Country      string // ISO 3166-1 alpha-2
	Admin1       string // GeoNames' first-level code, "05" for Donetsk oblast
	Population   int
	Modified     string // YYYY-MM-DD
}

// UkraineAdmin1 maps GeoNames' first-level codes for Ukraine to the
// dataset's division slugs.
func UkraineAdmin1() map[string]string {
	return map[string]string{
		"01": "cherkasy", "02": "chernihiv", "03": "chernivtsi", "04": "dnipropetrovsk", "05": "donetsk",
		"06": "ivano-frankivsk", "07": "kharkiv", "08": "kherson", "09": "khmelnytskyi", "10": "kirovohrad",
		"11": "crimea", "12": "kyiv-city", "13": "kyiv", "14": "luhansk", "15": "lviv", "16": "mykolaiv",
		"17": "odesa", "18": "poltava", "19": "rivne", "20": "sevastopol", "21": "sumy", "22": "ternopil",
		"23": "vinnytsia", "24": "volyn", "25": "zakarpattia", "26": "zaporizhzhia", "27": "zhytomyr",
	}
}

// ReadGeoNames reads the rows of a GeoNames cities extract for one
// country. Errors name the line.
func ReadGeoNames(r io.Reader, country string) ([]GeoName, error) {
	var out []GeoName
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 19 {
			return nil, fmt.Errorf("line %d: %d fields, want the 19 of GeoNames' geoname table", line, len(f))
		}
		if f[8] != country {
			continue
		}
		g := GeoName{Name: f[1], ASCIIName: f[2], FeatureClass: f[6], FeatureCode: f[7], Country: f[8], Admin1: f[10], Modified: f[18]}
		var err error
		if g.ID, err = strconv.Atoi(f[0]); err != nil {
			return nil, fmt.Errorf("line %d: geonameid %q: %w", line, f[0], err)
		}
		if g.Lat, err = strconv.ParseFloat(f[4], 64); err != nil {
			return nil, fmt.Errorf("line %d: latitude %q: %w", line, f[4], err)
		}
		if g.Lon, err = strconv.ParseFloat(f[5], 64); err != nil {
			return nil, fmt.Errorf("line %d: longitude %q: %w", line, f[5], err)
		}
		if f[14] != "" {
			if g.Population, err = strconv.Atoi(f[14]); err != nil {
				return nil, fmt.Errorf("line %d: population %q: %w", line, f[14], err)
			}
		}
		if f[3] != "" {
			g.Alternates = strings.Split(f[3], ",")
		}
		out = append(out, g)
	}
	return out, sc.Err()
}

// DeriveOptions says how DeriveSettlements turns GeoNames rows into rows
// of geonames.csv.
type DeriveOptions struct {
	// Divisions maps GeoNames' first-level codes to division slugs; a row
	// of any other code is left out.
	Divisions map[string]string
	// Hand is the hand-kept list: a GeoNames row that shares a name with a
	// hand-kept settlement within mergeKm of it takes its id, and only adds
	// names to it.
	Hand []Settlement
	// Source and License are written on every row.
	Source, License string
}

// DeriveSettlements makes the rows of geonames.csv: every populated place
// (not a section of one, nor abandoned), named in GeoNames' name and in
// those of its alternate names written in Latin or Cyrillic letters
// (codes and other scripts left out). Ids are slugs of the ASCII name,
// qualified by the oblast and then the GeoNames id where two places share
// one; the lower GeoNames id keeps the plain slug, so ids stay put when
// the extract grows.
func DeriveSettlements(gns []GeoName, opt DeriveOptions) []Settlement {
	gns = slices.Clone(gns)
	slices.SortFunc(gns, func(a, b GeoName) int { return cmp.Compare(a.ID, b.ID) })
	var kept []GeoName
	for _, g := range gns {
		if g.FeatureClass != "P" || g.FeatureCode == "PPLX" || g.FeatureCode == "PPLQ" || g.FeatureCode == "PPLH" || g.FeatureCode == "PPLW" {
			continue
		}
		if _, ok := opt.Divisions[g.Admin1]; !ok || g.Lon < minLon || g.Lon > maxLon || g.Lat < minLat || g.Lat > maxLat {
			continue
		}
		kept = append(kept, g)
	}

	// Match the hand-kept settlements: the nearest GeoNames place sharing
	// one of its names, if close enough.
	matched := map[int]*Settlement{} // by GeoNames id
	for i := range opt.Hand {
		h := &opt.Hand[i]
		names := map[string]bool{}
		for _, n := range append([]string{h.Name}, h.Variants...) {
			names[Fold(n)] = true
		}
		best, bestKm := -1, mergeKm
		for j, g := range kept {
			if _, taken := matched[g.ID]; taken {
				continue
			}
			d := distanceKm(h.Lon, h.Lat, g.Lon, g.Lat)
			if d > bestKm {
				continue
			}
			if slices.ContainsFunc(append([]string{g.Name, g.ASCIIName}, g.Alternates...), func(n string) bool { return names[Fold(n)] }) {
				best, bestKm = j, d
			}
		}
		if best >= 0 {
			matched[kept[best].ID] = h
		}
	}

	used := map[string]bool{}
	for _, h := range opt.Hand {
		used[h.ID] = true
	}
	var out []Settlement
	for _, g := range kept {
		oblast := opt.Divisions[g.Admin1]
		s := Settlement{
			Name: g.Name, Oblast: oblast, Lon: g.Lon, Lat: g.Lat, Population: g.Population,
			GeoNameID: g.ID, Source: opt.Source, License: opt.License,
		}
		if h, ok := matched[g.ID]; ok {
			s.ID, s.Note = h.ID, "adds names to the hand-kept row of "+SettlementsFile
		} else {
			base := Slug(g.ASCIIName)
			if base == "" {
				base = Slug(g.Name)
			}
			for _, id := range []string{base, base + "-" + oblast, base + "-" + strconv.Itoa(g.ID)} {
				if id != "" && !used[id] {
					s.ID = id
					break
				}
			}
			if s.ID == "" {
				continue // a name with no ASCII letters and an id taken: cannot happen with GeoNames ids
			}
			used[s.ID] = true
		}
		seen := map[string]bool{g.Name: true}
		if checkName(g.Name) != nil {
			continue
		}
		// A place only GeoNames lists is named as Ukraine spells it: the
		// national transliteration of its Ukrainian name, where GeoNames
		// gives that name, rather than GeoNames' own (often the Russian
		// form, "Krinichnaya" for Krynychna), which stays a variant. The
		// id stays the slug of GeoNames' name, so that it does not move.
		if _, hand := matched[g.ID]; !hand {
			if uk, ok := Ukrainian(g.Name, g.Alternates); ok {
				if off, ok := KMU(uk); ok && off != g.Name && checkName(off) == nil {
					s.Name = off
					seen[off] = true
					if usableName(g.Name) {
						s.Variants = append(s.Variants, g.Name)
					}
				}
			}
		}
		for _, n := range append([]string{g.ASCIIName}, g.Alternates...) {
			n = strings.TrimSpace(n)
			if seen[n] || !usableName(n) {
				continue
			}
			seen[n] = true
			s.Variants = append(s.Variants, n)
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Settlement) int {
		return cmp.Or(strings.Compare(a.Oblast, b.Oblast), strings.Compare(a.ID, b.ID))
	})
	return out
}

// usableName reports whether an alternate name is one people write in
// English, Ukrainian or Russian text: Latin or Cyrillic letters only (with
// spaces, hyphens and apostrophes), starting with a capital, not a code in
// capitals, and a name the index takes.
func usableName(n string) bool {
	if checkName(n) != nil || strings.ContainsAny(n, ";,\"") {
		return false
	}
	if first := []rune(n)[0]; !unicode.IsUpper(first) && !unicode.IsDigit(first) {
		return false // GeoNames' romanisations of other scripts are in lower case: "qie er ka se"
	}
	latin, cyrillic, lower := false, false, false
	for _, r := range n {
		switch {
		case unicode.Is(unicode.Latin, r):
			latin = true
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic = true
		case r == ' ' || IsDash(r) || IsApostrophe(r) || r == '.' || unicode.IsMark(r):
		default:
			return false
		}
		if unicode.IsLower(r) {
			lower = true
		}
	}
	return latin != cyrillic && lower
}

// Slug makes an id of a name: lower-case ASCII letters and digits joined
// by single hyphens; apostrophes vanish and other letters are folded or
// dropped.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range Fold(name) {
		switch {
		case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == ' ':
			dash = true
		}
	}
	return b.String()
}

// WriteSettlements writes rows in the format of geonames.csv (the columns
// of settlements.csv, then geonameid, source and license).
func WriteSettlements(w io.Writer, ss []Settlement) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(strings.Split(derivedHeader, ",")); err != nil {
		return err
	}
	for _, s := range ss {
		err := cw.Write([]string{
			s.ID, s.Name, s.Oblast,
			strconv.FormatFloat(s.Lon, 'f', 5, 64), strconv.FormatFloat(s.Lat, 'f', 5, 64),
			strconv.Itoa(s.Population), strings.Join(s.Variants, ";"), s.Note,
			strconv.Itoa(s.GeoNameID), s.Source, s.License,
		})
		if err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
