package linker

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"testing"
)

const goldDir = "../../../shared/articles/"

// gold is the part of a gold file the test checks.
type gold struct {
	Named       map[string]json.RawMessage `json:"named"`
	Territorial struct {
		Paragraphs []int `json:"paragraphs"`
	} `json:"territorial"`
	Figures  map[string]json.RawMessage `json:"figures"`
	Unlinked []int                      `json:"unlinked"`
}

// readShared reads a file of the shared articles; it skips the test when the
// folder is not there, unless CI is set.
func readShared(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(goldDir + name)
	if errors.Is(err, fs.ErrNotExist) && os.Getenv("CI") == "" {
		t.Skipf("%s: not there (set CI to make this fail)", goldDir+name)
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGoldAlaskaSummit(t *testing.T) {
	body := readShared(t, "alaska-summit-2025-08-08.txt")
	var g gold
	if err := json.Unmarshal(readShared(t, "alaska-summit-2025-08-08.gold.json"), &g); err != nil {
		t.Fatalf("gold file: %v", err)
	}
	named := map[int][]string{}
	for k, v := range g.Named {
		if k == "_what" {
			continue
		}
		i, err := strconv.Atoi(k)
		if err != nil {
			t.Fatalf("gold named: key %q", k)
		}
		var regions []string
		if err := json.Unmarshal(v, &regions); err != nil {
			t.Fatalf("gold named[%s]: %v", k, err)
		}
		named[i] = regions
	}
	figures := map[int]bool{}
	for k := range g.Figures {
		if i, err := strconv.Atoi(k); err == nil {
			figures[i] = true
		}
	}

	l := newDefault(t)
	paras := paragraphs(string(body))
	if len(paras) != 12 {
		t.Fatalf("%d paragraphs, want 12 (0 the headline, 1 the caption, 11 the byline)", len(paras))
	}
	for i, text := range paras {
		p := l.Passage(i, text)
		want := named[i]
		if want == nil {
			want = []string{}
		}
		if !slices.Equal(p.Regions, want) {
			t.Errorf("paragraph %d: regions %v, want %v; mentions %+v", i, p.Regions, want, p.Mentions)
		}
		if wantT := slices.Contains(g.Territorial.Paragraphs, i); p.Territorial != wantT {
			t.Errorf("paragraph %d: territorial %v, want %v (why: %q)\n%s", i, p.Territorial, wantT, l.territorialWhy(l.lowercase(text)), text)
		}
		wantKind := "body"
		switch i {
		case 0:
			wantKind = "headline"
		case 1:
			wantKind = "caption"
		case 11:
			wantKind = "byline"
		}
		if p.Kind != wantKind {
			t.Errorf("paragraph %d: kind %s, want %s", i, p.Kind, wantKind)
		}
		unlinked := len(p.Regions) == 0 && !p.Territorial
		if wantU := slices.Contains(g.Unlinked, i); unlinked != wantU {
			t.Errorf("paragraph %d: unlinked %v, want %v", i, unlinked, wantU)
		}
		if figures[i] != (len(p.Figures) > 0) {
			t.Errorf("paragraph %d: figures %+v, gold lists figures: %v", i, p.Figures, figures[i])
		}
	}

	p7 := l.Passage(7, paras[7])
	i := slices.IndexFunc(p7.Figures, func(f Figure) bool { return f.Kind == FigureShareOfUkraine })
	if i < 0 {
		t.Fatalf("paragraph 7: no %s figure in %+v", FigureShareOfUkraine, p7.Figures)
	}
	if f := p7.Figures[i]; f.Value != 0.2 || f.Text != "about one-fifth of Ukraine’s territory" || paras[7][f.Start:f.End] != f.Text {
		t.Errorf("paragraph 7: figure %+v, want 0.2 for %q", f, "about one-fifth of Ukraine’s territory")
	}
}
