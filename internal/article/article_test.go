package article

import (
	"os"
	"strings"
	"testing"
)

const good = `---
title: A test
publisher: Test Wire
author: A. Reporter
date: 2025-08-08
url: https://example.org/a
license: Quoted in full for analysis
---
A Test

First paragraph
runs over two lines.

   

Second paragraph.
`

func TestParse(t *testing.T) {
	a, err := Parse("articles/a-test.txt", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if a.Slug != "a-test" || a.Title != "A test" || a.Date != "2025-08-08" || a.Publisher != "Test Wire" || a.URL != "https://example.org/a" {
		t.Errorf("front matter = %+v", a)
	}
	want := []Passage{
		{0, "p0", "A Test", 9, KindHeadline},
		{1, "p1", "First paragraph\nruns over two lines.", 11, KindBody},
		{2, "p2", "Second paragraph.", 16, KindBody},
	}
	if len(a.Passages) != len(want) {
		t.Fatalf("%d passages, want %d: %+v", len(a.Passages), len(want), a.Passages)
	}
	for i, w := range want {
		if a.Passages[i] != w {
			t.Errorf("passage %d = %+v, want %+v", i, a.Passages[i], w)
		}
	}
	if got := a.Permalink(a.Passages[2]); got != "/articles/a-test#p2" {
		t.Errorf("Permalink = %q", got)
	}
	// A byte-order mark and Windows line ends read the same.
	b, err := Parse("articles/a-test.txt", []byte("\ufeff"+strings.ReplaceAll(good, "\n", "\r\n")))
	if err != nil {
		t.Fatalf("with a byte-order mark and CRLF: %v", err)
	}
	if b.Title != a.Title || len(b.Passages) != len(a.Passages) || b.Passages[1] != a.Passages[1] {
		t.Errorf("with a byte-order mark and CRLF: %+v", b)
	}
}

// TestParseRepublish: the whole text only when the front matter says so.
func TestParseRepublish(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{{"", false}, {"republish: excerpts\n", false}, {"republish: whole\n", true}} {
		a, err := Parse("a.txt", []byte("---\ntitle: x\ndate: 2025-01-01\nlicense: l\n"+tc.line+"---\nx\n"))
		if err != nil || a.Whole != tc.want {
			t.Errorf("%q: Whole = %v (%v), want %v", tc.line, a != nil && a.Whole, err, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, file, text, want string
	}{
		{"no front matter", "a.txt", "Just text\n", "a.txt:1: front matter missing"},
		{"unclosed", "a.txt", "---\ntitle: x\n", "front matter not closed"},
		{"unknown key", "a.txt", "---\ntitel: x\n---\nx\n", `a.txt:2: unknown front matter key "titel"`},
		{"missing license", "a.txt", "---\ntitle: x\ndate: 2025-01-01\n---\nx\n", `lacks "license"`},
		{"bad date", "a.txt", "---\ntitle: x\ndate: 8 Aug 2025\nlicense: l\n---\nx\n", `a.txt:3: date "8 Aug 2025" is not YYYY-MM-DD`},
		{"bad url", "a.txt", "---\ntitle: x\ndate: 2025-01-01\nlicense: l\nurl: ftp://x\n---\nx\n", "not an http(s) address"},
		{"twice", "a.txt", "---\ntitle: x\ntitle: y\n---\nx\n", `"title" given twice`},
		{"no body", "a.txt", "---\ntitle: x\ndate: 2025-01-01\nlicense: l\n---\n\n", "no text"},
		{"bad name", "Big Name.txt", good, "file name must be"},
		{"not text", "a.txt", "---\xff\n", "not UTF-8"},
		{"bad republish", "a.txt", "---\ntitle: x\ndate: 2025-01-01\nlicense: l\nrepublish: yes\n---\nx\n", `a.txt:5: republish "yes" must be whole`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.file, []byte(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

// The seed article is kept verbatim: its paragraphs must be the ones the
// gold file counts (0 headline, 1 caption, 11 byline).
func TestSeedArticleParagraphs(t *testing.T) {
	b, err := os.ReadFile("../defaultdata/data/articles/alaska-summit-2025-08-08.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse("articles/alaska-summit-2025-08-08.txt", b)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Passages) != 12 || a.Passages[11].Text != "Written By Rodney Mbua" || !strings.HasPrefix(a.Passages[1].Text, "FILE PHOTO") {
		t.Errorf("%d passages; last %q", len(a.Passages), a.Passages[len(a.Passages)-1].Text)
	}
	// The original is in ../shared beside the checkout: compared when it is
	// there, and required under CI.
	orig, err := os.ReadFile("../../../shared/articles/alaska-summit-2025-08-08.txt")
	if err != nil && os.Getenv("CI") != "" {
		t.Fatalf("the seed article's original: %v", err)
	}
	if err == nil && !strings.HasSuffix(string(b), string(orig)) {
		t.Error("the dataset's copy of the seed article is not the original text verbatim")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("---\ntitle: x\ndate: 2025-01-01\nlicense: l\n---\n\n\nA\n\nB"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := Parse("articles/f.txt", b)
		if err != nil {
			return
		}
		if a.Title == "" || a.Date == "" || len(a.Passages) == 0 {
			t.Fatalf("accepted article lacks title, date or text: %+v", a)
		}
		for i, p := range a.Passages {
			if p.Index != i || p.Text == "" || p.Text != strings.TrimSpace(p.Text) || strings.Contains(p.Text, "\n\n") {
				t.Fatalf("passage %d malformed: %+v", i, p)
			}
			if !strings.Contains(string(b), strings.Split(p.Text, "\n")[0]) {
				t.Fatalf("passage %d text not from the input", i)
			}
		}
	})
}
