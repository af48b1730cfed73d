package article

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.txt from the current output")

// TestFromHTMLGolden extracts each saved page and compares the article file
// it would make with testdata/NAME.golden.txt; run with -update after a
// reviewed change.
func TestFromHTMLGolden(t *testing.T) {
	for _, tc := range []struct{ page, date string }{
		{"news-page.html", ""},
		{"no-date-page.html", "2025-09-04"},
	} {
		t.Run(tc.page, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.page))
			if err != nil {
				t.Fatal(err)
			}
			d, err := FromHTML(b, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.date != "" {
				d.Date = tc.date
			}
			got, err := d.File("Test licence.")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", strings.TrimSuffix(tc.page, ".html")+".golden.txt")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs; review and run go test -update.\ngot:\n%s", golden, got)
			}
			// What is written must read back as an article.
			a, err := Parse(d.Slug()+".txt", got)
			if err != nil {
				t.Fatalf("the file does not parse: %v", err)
			}
			if len(a.Passages) != len(d.Body) || a.Title != d.Title || a.Date != d.Date {
				t.Errorf("read back %d passages, title %q, date %q; wrote %d, %q, %q", len(a.Passages), a.Title, a.Date, len(d.Body), d.Title, d.Date)
			}
		})
	}
}

func TestFromHTMLFields(t *testing.T) {
	b, err := os.ReadFile("testdata/news-page.html")
	if err != nil {
		t.Fatal(err)
	}
	d, err := FromHTML(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ what, got, want string }{
		{"title", d.Title, "Kyiv rejects handing over land as envoys meet"},
		{"byline", d.Byline, "Olena Marchenko"},
		{"publisher", d.Publisher, "The Steppe Courier"},
		{"date", d.Date, "2025-09-03"},
		{"url", d.URL, "https://courier.example.org/world/kyiv-rejects-handing-over-land"},
		{"slug", d.Slug(), "kyiv-rejects-handing-over-land-as-envoys-meet-2025-09-03"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	body := strings.Join(d.Body, "\n")
	for _, absent := range []string{"Photo: Ivan Petrenko", "Subscribe", "Grain exports rise", "All rights reserved", "analytics", "By Olena"} {
		if strings.Contains(body, absent) {
			t.Errorf("body holds %q, which is not article text:\n%s", absent, body)
		}
	}
	if len(d.Body) != 5 {
		t.Errorf("%d paragraphs, want 5:\n%s", len(d.Body), body)
	}
}

func TestFromHTMLRefusals(t *testing.T) {
	for _, tc := range []struct {
		name string
		page []byte
		want error
	}{
		{"navigation only", mustRead(t, "testdata/nav-only-page.html"), ErrNoBody},
		{"empty", nil, ErrNoBody},
		{"too large", bytes.Repeat([]byte("<p>a</p>"), MaxPageBytes/8+1), ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := FromHTML(tc.page, nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("FromHTML = %+v, %v; want %v", d, err, tc.want)
			}
		})
	}
}

func TestDraftFileRefusals(t *testing.T) {
	ok := Draft{Title: "T", Date: "2025-01-02", Body: []string{"x"}}
	for _, tc := range []struct {
		name    string
		edit    func(*Draft)
		license string
		want    string
	}{
		{"no title", func(d *Draft) { d.Title = " " }, "L", "no title"},
		{"no date", func(d *Draft) { d.Date = "" }, "L", "no publication date"},
		{"bad date", func(d *Draft) { d.Date = "3 May" }, "L", "not YYYY-MM-DD"},
		{"no licence", func(d *Draft) {}, "", "no licence"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := ok
			tc.edit(&d)
			d.Title = oneLine(d.Title)
			if _, err := d.File(tc.license); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("File = %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

func TestFromText(t *testing.T) {
	d, err := FromText(mustRead(t, "testdata/wire-story.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Envoys to resume talks on a ceasefire line" || len(d.Body) != 2 {
		t.Errorf("title %q, %d paragraphs; want the first line as title and 2 paragraphs", d.Title, len(d.Body))
	}
	if _, err := FromText([]byte("\xff\xfe binary")); !errors.Is(err, ErrNotText) {
		t.Errorf("invalid UTF-8: %v, want ErrNotText", err)
	}
}

// TestQuotedTitle makes sure a title in quotes survives the front matter,
// whose parser strips one pair of outer quotes.
func TestQuotedTitle(t *testing.T) {
	d := Draft{Title: `"Not one metre", says Kyiv`, Date: "2025-01-02", Body: []string{"Text."}}
	b, err := d.File("L")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse("x.txt", b)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != d.Title {
		t.Errorf("title read back %q, want %q", a.Title, d.Title)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FuzzFromHTML feeds arbitrary pages to the extractor: it must not panic,
// what it returns must be valid UTF-8 on single lines, and a file made from
// it must parse back with the same paragraphs.
func FuzzFromHTML(f *testing.F) {
	for _, name := range []string{"news-page.html", "no-date-page.html", "nav-only-page.html"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("<p>\xff\xfe</p><figure><figcaption>x</figcaption></figure>"))
	f.Add([]byte(`<html><head><link rel=canonical href="javascript:x"><meta property="og:url" content="http://[::1"></head><body><article><p>` + strings.Repeat("Ukraine will not cede land. ", 30) + `</p></article></body></html>`))
	f.Add([]byte("---\ntitle: x\n---\n<h1>---</h1><p>\"quoted\"</p>"))
	// found by a longer run: an og:url with a byte that is not UTF-8
	f.Add([]byte("<metA propertY=\"og:url\"Content=http://0?\xa2>0"))
	f.Fuzz(func(t *testing.T, page []byte) {
		d, err := FromHTML(page, nil)
		if err != nil {
			return
		}
		for _, s := range append([]string{d.Title, d.Byline, d.Publisher, d.Date, d.URL}, d.Body...) {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r") {
				t.Fatalf("%q: not valid UTF-8 on one line", s)
			}
		}
		if len(d.Body) == 0 {
			t.Fatal("no error and no body")
		}
		d.Title, d.Date = "T"+d.Title, "2025-01-02"
		b, err := d.File("L")
		if err != nil {
			t.Fatalf("File: %v", err)
		}
		a, err := Parse("fuzz.txt", b)
		if err != nil {
			t.Fatalf("the file made from the page does not parse: %v\n%s", err, b)
		}
		if len(a.Passages) != len(d.Body) {
			t.Fatalf("%d passages read back, %d written\n%s", len(a.Passages), len(d.Body), b)
		}
		for i, p := range a.Passages {
			if p.Text != d.Body[i] {
				t.Fatalf("passage %d read back %q, wrote %q", i, p.Text, d.Body[i])
			}
		}
	})
}

// TestFromHTMLDates reads the publication date where pages put it beyond
// what the readability parser reads.
func TestFromHTMLDates(t *testing.T) {
	body := `<article><h1>Envoys meet</h1><p>` + strings.Repeat("Kyiv said it would not hand over any land to end the war. ", 8) + `</p><p>` + strings.Repeat("The talks resume on Monday in Geneva with both delegations. ", 8) + `</p></article>`
	for _, tc := range []struct{ name, head, body, want string }{
		{"meta name=date", `<meta name="date" content="2025-09-14">`, body, "2025-09-14"},
		{"itemprop", `<meta itemprop="datePublished" content="2025-09-15T08:00:00+03:00">`, body, "2025-09-15"},
		{"time element", ``, `<p><time datetime="2025-09-16">16 September</time></p>` + body, "2025-09-16"},
		{"nothing", ``, body, ""},
		{"not a date", `<meta name="date" content="yesterday">`, body, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := FromHTML([]byte(`<html><head><title>Envoys meet</title>`+tc.head+`</head><body>`+tc.body+`</body></html>`), nil)
			if err != nil {
				t.Fatal(err)
			}
			if d.Date != tc.want {
				t.Errorf("date %q, want %q", d.Date, tc.want)
			}
		})
	}
}

// TestFromHTMLLegacyEncoding reads a page in windows-1251, as Ukrainian
// and Russian sites long served them.
func TestFromHTMLLegacyEncoding(t *testing.T) {
	cp1251 := func(s string) []byte {
		var b []byte
		for _, r := range s {
			switch {
			case r >= 'А' && r <= 'я':
				b = append(b, byte(r-'А'+0xC0))
			case r < 0x80:
				b = append(b, byte(r))
			default:
				t.Fatalf("%q is not in the test's windows-1251 table", r)
			}
		}
		return b
	}
	para := strings.Repeat("Обстрел Херсона продолжался всю ночь, сообщили власти. ", 6)
	page := cp1251(`<html><head><meta charset="windows-1251"><title>Херсон</title></head><body><article><h1>Херсон</h1><p>` + para + `</p><p>` + para + `</p></article></body></html>`)
	if utf8.Valid(page) {
		t.Fatal("the test page is valid UTF-8")
	}
	d, err := FromHTML(page, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Херсон" || len(d.Body) == 0 || !strings.Contains(d.Body[0], "Обстрел Херсона") {
		t.Errorf("title %q, body %q", d.Title, d.Body)
	}
}

// TestDraftSlugCyrillic: titles in Ukrainian or Russian give a slug of
// their own, not "article-DATE" for all of them.
func TestDraftSlugCyrillic(t *testing.T) {
	for _, tc := range []struct{ title, want string }{
		{"Херсон під обстрілом", "kherson-pid-obstrilom-2025-09-21"},
		{"Обстрел Мелитополя: погибших нет", "obstrel-melytopolia-pohybshykh-net-2025-09-21"},
		{"Trump, Putin to meet in Alaska", "trump-putin-to-meet-in-alaska-2025-09-21"},
		{"日本の報道", "article-2025-09-21"},
	} {
		d := &Draft{Title: tc.title, Date: "2025-09-21"}
		if got := d.Slug(); got != tc.want {
			t.Errorf("Slug(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}
