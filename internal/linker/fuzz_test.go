package linker

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/claimsmap/claimsmap/internal/article"
)

func FuzzLinker(f *testing.F) {
	for _, s := range []string{
		"Putin claims Crimea and four partially occupied Ukrainian regions, Luhansk, Donetsk, Zaporizhzhia, and Kherson.",
		"the city of Kherson and Zaporizhzhia city; the Dnipro River; Luhans’k's",
		"Donetsk\nPeople’s Republic, DONETSK, the town of New York, Crimean-Congo",
		"about one-fifth of Ukraine’s territory, 70% of Donetsk, 44,000 sq miles",
		"Kupiansk-Vuzlovyi Kupiansk-", "Херсонської обл", "Донецька\nобласть, ДНР, у Криму", "hands off crimea.example.org/kherson", "Luhans'", "'s", "Ω Krym\u0301 Qırım", "Kherson\xff city", "\xffDonetsk People\xff",
	} {
		f.Add(s)
	}
	if files, err := filepath.Glob("testdata/*.txt"); err == nil {
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(string(b))
			}
		}
	}
	l := newDefault(f)
	f.Fuzz(func(t *testing.T, text string) {
		// Invalid UTF-8 must not panic either; the checks below hold for it.
		p := l.Passage(0, text)
		if p.Mentions == nil || p.Regions == nil {
			t.Fatalf("nil mentions or regions: %+v", p)
		}
		end := 0
		for _, m := range p.Mentions {
			if m.Start < end || m.Start >= m.End || m.End > len(text) {
				t.Fatalf("mention %+v out of order or range (previous end %d, len %d)", m, end, len(text))
			}
			if text[m.Start:m.End] != m.Text {
				t.Fatalf("mention %+v: text[start:end] = %q", m, text[m.Start:m.End])
			}
			if m.Region == "" || m.Kind == "" {
				t.Fatalf("mention %+v: empty region or kind", m)
			}
			if (m.Kind == "settlement") != (m.Place != "") {
				t.Fatalf("mention %+v: place set for a non-settlement or missing for a settlement", m)
			}
			end = m.End
		}
		for _, f := range p.Figures {
			if f.Start < 0 || f.Start >= f.End || f.End > len(text) || text[f.Start:f.End] != f.Text {
				t.Fatalf("figure %+v out of range or text mismatch", f)
			}
		}
		for _, r := range p.Regions {
			if !l.g.IsRegion(r) {
				t.Fatalf("passage region %q is not a claimed region", r)
			}
		}
	})
}

func BenchmarkLinkArticle(b *testing.B) {
	body, err := os.ReadFile(goldDir + "alaska-summit-2025-08-08.txt")
	if err != nil {
		body, err = os.ReadFile("testdata/front-line-towns.txt")
		if err != nil {
			b.Fatal(err)
		}
	}
	l := newDefault(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		for i, text := range paragraphs(string(body)) {
			_ = l.Passage(i, text)
		}
	}
}

// FuzzLinkPage follows a web page the way add-article does: extracted,
// written as an article file, read back and linked. Nothing panics, every
// passage is valid UTF-8, and every mention and figure lies inside its
// passage's text and spells what it says.
func FuzzLinkPage(f *testing.F) {
	pages, _ := filepath.Glob("../article/testdata/*.html")
	for _, p := range pages {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("<article><h1>Херсон</h1><p>У Херсоні та в Криму.</p><p>KHERSON \xff Donetsk</p></article>"))
	f.Add([]byte("<p>Kyiv will not cede Zaporizhzhia<br>or Kherson.</p><figure><figcaption>Photo: x/Reuters</figcaption></figure>"))
	l := newDefault(f)
	f.Fuzz(func(t *testing.T, page []byte) {
		d, err := article.FromHTML(page, nil)
		if err != nil {
			return
		}
		d.Title, d.Date = "T"+d.Title, "2025-01-02"
		b, err := d.File("L")
		if err != nil {
			t.Fatalf("File: %v", err)
		}
		a, err := article.Parse("fuzz.txt", b)
		if err != nil {
			t.Fatalf("the file made from the page does not parse: %v", err)
		}
		for _, ap := range a.Passages {
			if !utf8.ValidString(ap.Text) {
				t.Fatalf("passage %d is not valid UTF-8: %q", ap.Index, ap.Text)
			}
			p := l.Passage(ap.Index, ap.Text)
			for _, m := range p.Mentions {
				if m.Start < 0 || m.Start >= m.End || m.End > len(ap.Text) || ap.Text[m.Start:m.End] != m.Text {
					t.Fatalf("passage %d: mention %+v outside its text %q", ap.Index, m, ap.Text)
				}
			}
			for _, fg := range p.Figures {
				if fg.Start < 0 || fg.Start >= fg.End || fg.End > len(ap.Text) || !strings.Contains(ap.Text, fg.Text) {
					t.Fatalf("passage %d: figure %+v outside its text", ap.Index, fg)
				}
			}
		}
	})
}
