package linker

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// labelled is one passage of testdata/territorial/*.tsv.
type labelled struct {
	line int
	want bool
	text string
}

func readLabelled(t *testing.T, name string) []labelled {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		label, text, ok := strings.Cut(line, "\t")
		if !ok || (label != "0" && label != "1") {
			t.Fatalf("%s:%d: want label 0 or 1, a tab, then the passage", name, n)
		}
		out = append(out, labelled{n, label == "1", text})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTerritorialEvaluation scores the classifier on passages that name no
// region: the development sets it was tuned on, and the held-out set written
// before it was built, with different wording. It reports precision and
// recall and enforces a floor on the held-out set.
func TestTerritorialEvaluation(t *testing.T) {
	l := newDefault(t)
	for _, set := range []struct {
		file                 string
		minPrecision, minRec float64
	}{
		{"testdata/territorial/dev.tsv", 0.95, 0.95},
		{"testdata/territorial/heldout.tsv", 0.85, 0.80},
		// issue 12: the development set the rules were rewritten on, and a
		// second set written after them (first score: precision 1.00,
		// recall 0.82; then fitted too)
		{"testdata/territorial-dev/passages.tsv", 0.95, 0.95},
		{"testdata/territorial-dev/check.tsv", 0.95, 0.90},
		// a third set, written after a first held-out score; the model
		// learns from it (see model_test.go for its first scores)
		{"testdata/territorial-dev/third.tsv", 0.95, 0.90},
		// paragraphs as articles have them, written after a second
		// held-out score (first score, rules or model: precision 0.875,
		// recall 1.000)
		{"testdata/territorial-dev/paragraphs.tsv", 0.90, 0.95},
		// a fifth set, by a second author, written after a third held-out
		// score (first score: precision 0.85, 28/33, recall 0.97, 28/29);
		// the model learns from it too
		{"testdata/territorial-dev/fifth.tsv", 0.90, 0.90},
		// the region-less paragraphs of forty invented articles by four
		// writers told to make both kinds hard ("territory" and "claims"
		// in other senses, allusions, headlines), first scored on 22b42de:
		// 0.809 / 0.947, 0.865 / 0.810, 0.838 / 0.848 and 0.957 / 0.815.
		// The model does not learn from them: trained on them too, it
		// scored lower on the sealed held-out sets (0.934 / 0.862 to
		// 0.931 / 0.855), so they guard against a regression only.
		{"testdata/territorial-dev/articles-f.tsv", 0.75, 0.75},
		{"testdata/territorial-dev/articles-g.tsv", 0.75, 0.75},
		{"testdata/territorial-dev/articles-h.tsv", 0.75, 0.75},
		{"testdata/territorial-dev/articles-i.tsv", 0.75, 0.75},
	} {
		t.Run(strings.TrimSuffix(filepath.Base(set.file), ".tsv"), func(t *testing.T) {
			var tp, fp, fn, tn int
			for _, p := range readLabelled(t, set.file) {
				lp := l.Passage(0, p.text)
				if len(lp.Regions) > 0 {
					t.Errorf("%s:%d names %v; the set is of passages that name no region", set.file, p.line, lp.Regions)
				}
				got := lp.Territorial
				switch {
				case got && p.want:
					tp++
				case got && !p.want:
					fp++
					t.Logf("false positive %s:%d (%s): %s", set.file, p.line, l.territorialWhy(l.lowercase(p.text)), p.text)
				case !got && p.want:
					fn++
					t.Logf("missed %s:%d: %s", set.file, p.line, p.text)
				default:
					tn++
				}
			}
			precision := float64(tp) / float64(max(1, tp+fp))
			recall := float64(tp) / float64(max(1, tp+fn))
			t.Logf("%s: precision %.2f (%d of %d flagged), recall %.2f (%d of %d territorial); %d true negatives",
				set.file, precision, tp, tp+fp, recall, tp, tp+fn, tn)
			if precision < set.minPrecision || recall < set.minRec {
				t.Errorf("precision %.2f, recall %.2f: below the floor (%.2f, %.2f)", precision, recall, set.minPrecision, set.minRec)
			}
		})
	}
}
