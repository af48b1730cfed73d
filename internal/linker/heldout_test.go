package linker

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// heldoutSets hold articles written by hand for issue 12, each NAME.txt
// with a NAME.gold.json in the seed article's format. Every gold file was
// written before the linker was run on its article: do not edit the gold to
// match the linker, and do not tune the linker on sealed sets.
//
// testdata/heldout was written with the first linker; heldout2 to heldout5
// later, each by a writer who saw neither the linker nor its data, only
// the class definition in testdata/territorial-dev/CLASS.md. A set whose
// texts were read to change the linker is retired to development (its
// passages in testdata/territorial-dev) and only logged: heldout after its
// fifth blind score (territorial recall 0.741), heldout4 after its first
// (recall 0.780). Sealed sets below the floors are logged as a SHORTFALL
// and fail with CLAIMSMAP_HELDOUT_STRICT set: heldout5 scored territorial
// precision 0.878 on its first look, and was not read. heldout6 and
// heldout7 were written before the model took word vectors, and first
// scored on the model before them (67fc2da): territorial precision 0.872
// and 0.784, recall 0.919 and 0.879; pairs 1.000 / 1.000 on both. After
// their second look, on the model with vectors (0.854 / 0.946 and 0.879 /
// 0.879), both were retired and their mismatches read. heldout8 and
// heldout9 were written before the rule fixes and threshold that followed,
// and first scored on 8426756: pairs 1.000 / 1.000 on both; territorial
// 0.846 / 0.917 and 0.912 / 0.816. Both were then retired and read.
// heldout10 and heldout11 were written before the fixes from heldout8 and
// heldout9 and first scored on 7c22012: pairs 1.000 / 1.000 on both;
// territorial 0.825 / 0.868 and 0.938 / 0.882. heldout10, short of the
// precision floor on its first two looks, was then retired and read.
// heldout12 and heldout13 were written before the fixes from heldout10 and
// first scored on a425e24: pairs 1.000 / 1.000 on both; territorial 0.875 /
// 0.778 and 0.829 / 0.919. heldout14 and heldout15 were written before the
// model could overrule a rule (224beab) and first scored on 7ab6955:
// heldout14 pairs 1.000 / 0.941, territorial 1.000 / 0.946; heldout15 pairs
// 1.000 / 1.000, territorial 0.966 / 0.824. heldout14's pair misses were
// read (French and Spanish names quoted in a press review), so it is
// retired. heldout16 and heldout17 were first scored on 0803e17: pairs
// 1.000 / 0.966 and 1.000 / 1.000; territorial 0.971 / 0.917 and 0.789 /
// 0.968. Both were then retired and read. heldout18 and heldout19 were
// written before the fixes from them and first scored on 56675c8: pairs
// 1.000 / 0.979 and 1.000 / 1.000; territorial 0.939 / 0.816 and 0.875 /
// 0.875. heldout20 to heldout23, by four more writers, were first scored on
// 22b42de (the linker of d52531c): pairs 1.000 / 1.000, 1.000 / 0.971,
// 1.000 / 1.000 and 1.000 / 1.000; territorial 0.971 / 0.810, 0.882 /
// 0.968, 0.882 / 0.882 and 1.000 / 0.853 (pooled 0.932 / 0.872).
// heldout24 to heldout27, by four more, were first scored on becd7d9 (the
// same linker): pairs 1.000 / 0.984, 1.000 / 0.983, 1.000 / 1.000 and
// 1.000 / 0.985; territorial 0.941 / 0.970, 0.892 / 0.868, 0.925 / 0.974
// and 0.943 / 0.971 (pooled 0.925 / 0.944). The forty articles of
// heldout20 to heldout27, first looks pooled: pairs 1.000 / 0.990,
// territorial 0.928 (258/278) / 0.908 (258/284).
var heldoutSets = []struct {
	dir    string
	sealed bool
}{
	{"testdata/heldout", false},
	{"testdata/heldout2", true},
	{"testdata/heldout3", true},
	{"testdata/heldout4", false},
	{"testdata/heldout5", true},
	{"testdata/heldout6", false},
	{"testdata/heldout7", false},
	{"testdata/heldout8", false},
	{"testdata/heldout9", false},
	{"testdata/heldout10", false},
	{"testdata/heldout11", true},
	{"testdata/heldout12", true},
	{"testdata/heldout13", true},
	{"testdata/heldout14", false},
	{"testdata/heldout15", true},
	{"testdata/heldout16", false},
	{"testdata/heldout17", false},
	{"testdata/heldout18", true},
	{"testdata/heldout19", true},
	{"testdata/heldout20", true},
	{"testdata/heldout21", true},
	{"testdata/heldout22", true},
	{"testdata/heldout23", true},
	{"testdata/heldout24", true},
	{"testdata/heldout25", true},
	{"testdata/heldout26", true},
	{"testdata/heldout27", true},
}

// The floors issue 12 sets for held-out text.
const (
	floorPairP = 0.97 // (paragraph, region) pairs
	floorPairR = 0.97
	floorTerrP = 0.90 // territorial class, paragraphs that name no region
	floorTerrR = 0.85
)

// heldoutGold is a held-out gold file: the seed's fields plus the number of
// paragraphs, which guards against a changed split shifting every index.
type heldoutGold struct {
	gold
	ParagraphCount int `json:"paragraph_count"`
}

// counts is a confusion count of one binary decision.
type counts struct{ tp, fp, fn int }

func (c counts) precision() float64 { return ratio(c.tp, c.tp+c.fp) }
func (c counts) recall() float64    { return ratio(c.tp, c.tp+c.fn) }

// ratio is a/b, 1 when there is nothing to get wrong.
func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestHeldOutScores links every held-out article with the default gazetteer
// and scores it against its gold: precision and recall over (paragraph,
// region) pairs, and of the territorial class on the paragraphs whose gold
// names no region. Scores and every mismatch go to the log.
//
// The floors of issue 12 hold the sealed sets' articles together: below
// them, pooled, the test fails. One set of five articles holds about
// thirty-five territorial paragraphs, so one paragraph moves a set's
// precision by about 0.03, and sets by different writers spread by more
// than that; a set below a floor on its own is logged as a SHORTFALL, and
// fails the test only when CLAIMSMAP_HELDOUT_STRICT is set.
func TestHeldOutScores(t *testing.T) {
	var pairs, terr counts
	n, sealed := 0, 0
	for _, set := range heldoutSets {
		if set.sealed {
			sealed++
		}
		t.Run(filepath.Base(set.dir), func(t *testing.T) {
			p, tc := heldOutScores(t, set.dir, set.sealed)
			if set.sealed {
				pairs.merge(p)
				terr.merge(tc)
				n++
			}
		})
	}
	t.Logf("the %d sealed sets pooled: pairs precision %.3f (%d/%d), recall %.3f (%d/%d); territorial precision %.3f (%d/%d), recall %.3f (%d/%d)",
		n, pairs.precision(), pairs.tp, pairs.tp+pairs.fp, pairs.recall(), pairs.tp, pairs.tp+pairs.fn,
		terr.precision(), terr.tp, terr.tp+terr.fp, terr.recall(), terr.tp, terr.tp+terr.fn)
	if n < sealed {
		t.Logf("%d of %d sealed sets run: the pooled floors are checked only on all of them", n, sealed)
		return
	}
	for _, s := range shortfalls(pairs, terr) {
		t.Errorf("the sealed sets pooled: %s", s)
	}
}

// shortfalls lists the floors of issue 12 that the counts fall below.
func shortfalls(pairs, terr counts) []string {
	var short []string
	check := func(what string, got, floor float64) {
		if got < floor {
			short = append(short, fmt.Sprintf("%s %.3f below the floor %.2f", what, got, floor))
		}
	}
	check("pairs precision", pairs.precision(), floorPairP)
	check("pairs recall", pairs.recall(), floorPairR)
	check("territorial precision", terr.precision(), floorTerrP)
	check("territorial recall", terr.recall(), floorTerrR)
	return short
}

func (c *counts) merge(o counts) { c.tp, c.fp, c.fn = c.tp+o.tp, c.fp+o.fp, c.fn+o.fn }

// heldOutScores scores one set and returns its pair and territorial counts.
func heldOutScores(t *testing.T, heldoutDir string, sealed bool) (pairs, terr counts) {
	txts, err := filepath.Glob(filepath.Join(heldoutDir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(txts) < 4 {
		t.Fatalf("%d held-out articles in %s, want at least 4", len(txts), heldoutDir)
	}
	l := newDefault(t)

	var terrNeg int // gold-negative territorial paragraphs scored
	var mismatches []string
	for _, txt := range txts {
		name := strings.TrimSuffix(filepath.Base(txt), ".txt")
		body, err := os.ReadFile(txt)
		if err != nil {
			t.Fatal(err)
		}
		gb, err := os.ReadFile(filepath.Join(heldoutDir, name+".gold.json"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var g heldoutGold
		if err := json.Unmarshal(gb, &g); err != nil {
			t.Fatalf("%s.gold.json: %v", name, err)
		}
		named := heldoutNamed(t, name, g.gold)
		paras := paragraphs(string(body))
		if len(paras) != g.ParagraphCount {
			t.Fatalf("%s: %d paragraphs, gold says %d", name, len(paras), g.ParagraphCount)
		}
		checkHeldoutGold(t, name, g, named)

		for i, text := range paras {
			p := l.Passage(i, text)
			want := named[i]
			for _, r := range p.Regions {
				if slices.Contains(want, r) {
					pairs.tp++
				} else {
					pairs.fp++
				}
			}
			for _, r := range want {
				if !slices.Contains(p.Regions, r) {
					pairs.fn++
				}
			}
			if !sameSet(p.Regions, want) {
				mismatches = append(mismatches, fmt.Sprintf("%s ¶%d regions: want %v, got %v\n\t%s", name, i, want, p.Regions, excerpt(text)))
			}

			// The territorial class is scored where the gold names no
			// region: there the class is all that links the passage.
			if len(want) > 0 {
				continue
			}
			wantT := slices.Contains(g.Territorial.Paragraphs, i)
			if !wantT {
				terrNeg++
			}
			switch {
			case wantT && p.Territorial:
				terr.tp++
			case !wantT && p.Territorial:
				terr.fp++
			case wantT && !p.Territorial:
				terr.fn++
			}
			if wantT != p.Territorial {
				mismatches = append(mismatches, fmt.Sprintf("%s ¶%d territorial: want %v, got %v (why: %q)\n\t%s", name, i, wantT, p.Territorial, l.territorialWhy(l.lowercase(text)), excerpt(text)))
			}
		}
	}

	t.Logf("held-out %s: %d articles", heldoutDir, len(txts))
	t.Logf("pairs (paragraph, region): precision %.3f (%d/%d), recall %.3f (%d/%d)",
		pairs.precision(), pairs.tp, pairs.tp+pairs.fp, pairs.recall(), pairs.tp, pairs.tp+pairs.fn)
	t.Logf("territorial, paragraphs naming no region (%d territorial, %d not): precision %.3f (%d/%d), recall %.3f (%d/%d)",
		terr.tp+terr.fn, terrNeg, terr.precision(), terr.tp, terr.tp+terr.fp, terr.recall(), terr.tp, terr.tp+terr.fn)
	// A sealed set's mismatches quote its texts: shown only on request,
	// since whoever reads them can no longer tune blind.
	if !sealed || os.Getenv("CLAIMSMAP_HELDOUT_SHOW") != "" {
		for _, m := range mismatches {
			t.Logf("mismatch: %s", m)
		}
	} else if len(mismatches) > 0 {
		t.Logf("%d mismatches in a sealed set, not shown (CLAIMSMAP_HELDOUT_SHOW=1 shows them, and the set should then be retired)", len(mismatches))
	}

	short := shortfalls(pairs, terr)
	strict := os.Getenv("CLAIMSMAP_HELDOUT_STRICT") != ""
	for _, s := range short {
		switch {
		case !sealed:
			t.Logf("retired set, not held to the floors: %s", s)
		case strict:
			t.Errorf("held-out SHORTFALL: %s", s)
		default:
			t.Logf("held-out SHORTFALL of this set alone (CLAIMSMAP_HELDOUT_STRICT=1 fails on it): %s", s)
		}
	}
	if len(short) == 0 {
		t.Logf("held-out: all floors met")
	}
	return pairs, terr
}

// heldoutNamed reads the gold's named map as paragraph index -> regions.
func heldoutNamed(t *testing.T, name string, g gold) map[int][]string {
	t.Helper()
	named := map[int][]string{}
	for k, v := range g.Named {
		if strings.HasPrefix(k, "_") {
			continue
		}
		i, err := strconv.Atoi(k)
		if err != nil {
			t.Fatalf("%s gold named: key %q", name, k)
		}
		var regions []string
		if err := json.Unmarshal(v, &regions); err != nil {
			t.Fatalf("%s gold named[%s]: %v", name, k, err)
		}
		named[i] = regions
	}
	return named
}

// checkHeldoutGold checks a gold file against itself: indices in range,
// known regions, and unlinked exactly the paragraphs neither named nor
// territorial. These are mistakes in the gold, not in the linker.
func checkHeldoutGold(t *testing.T, name string, g heldoutGold, named map[int][]string) {
	t.Helper()
	known := []string{"crimea", "luhansk", "donetsk", "zaporizhzhia", "kherson"}
	for i, rs := range named {
		if i < 0 || i >= g.ParagraphCount {
			t.Errorf("%s gold: named paragraph %d out of range", name, i)
		}
		for _, r := range rs {
			if !slices.Contains(known, r) {
				t.Errorf("%s gold: named[%d] has unknown region %q", name, i, r)
			}
		}
	}
	for _, i := range g.Territorial.Paragraphs {
		if i < 0 || i >= g.ParagraphCount {
			t.Errorf("%s gold: territorial paragraph %d out of range", name, i)
		}
	}
	var unlinked []int
	for i := range g.ParagraphCount {
		if len(named[i]) == 0 && !slices.Contains(g.Territorial.Paragraphs, i) {
			unlinked = append(unlinked, i)
		}
	}
	if !slices.Equal(unlinked, g.Unlinked) {
		t.Errorf("%s gold: unlinked %v, but the paragraphs neither named nor territorial are %v", name, g.Unlinked, unlinked)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// excerpt shortens a paragraph for the log.
func excerpt(s string) string {
	const n = 140
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
