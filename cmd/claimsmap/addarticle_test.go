package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/claimsmap/claimsmap/internal/article"
	"github.com/claimsmap/claimsmap/internal/dataset"
)

// pages are the saved pages the article package's tests use; written for
// the tests, not copied from any site.
const pages = "../../internal/article/testdata/"

func TestAddArticle(t *testing.T) {
	dir := copyDefault(t)
	var out, errb bytes.Buffer
	if err := run([]string{"add-article", "--data", dir, pages + "news-page.html"}, &out, &errb); err != nil {
		t.Fatalf("add-article: %v\n%s", err, errb.String())
	}
	file := filepath.Join(dir, "articles", "kyiv-rejects-handing-over-land-as-envoys-meet-2025-09-03.txt")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"title: Kyiv rejects handing over land as envoys meet\n",
		"publisher: The Steppe Courier\n", "author: Olena Marchenko\n", "date: 2025-09-03\n",
		"url: https://courier.example.org/world/kyiv-rejects-handing-over-land\n",
		"license: " + defaultArticleLicense + "\n",
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the article file lacks %q:\n%s", want, b)
		}
	}
	// The dataset still loads and holds the article.
	d, err := dataset.Load(os.DirFS(dir))
	if err != nil {
		t.Fatalf("the dataset no longer loads: %v", err)
	}
	if !slices.ContainsFunc(d.Articles, func(a *article.Article) bool { return strings.HasPrefix(a.Path, "articles/kyiv-rejects") }) {
		t.Errorf("the dataset does not hold the new article")
	}

	var res linkResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("output is not the link JSON: %v\n%s", err, out.String())
	}
	if res.Article == nil || res.Article.Slug != "kyiv-rejects-handing-over-land-as-envoys-meet-2025-09-03" {
		t.Errorf("article %+v", res.Article)
	}
	want := [][]string{{}, {"donetsk"}, {"crimea", "zaporizhzhia", "kherson"}, {}, {"donetsk", "zaporizhzhia"}}
	if len(res.Passages) != len(want) {
		t.Fatalf("%d passages, want %d", len(res.Passages), len(want))
	}
	for i, p := range res.Passages {
		if !slices.Equal(p.Regions, want[i]) {
			t.Errorf("passage %d: regions %v, want %v", i, p.Regions, want[i])
		}
	}
	if !res.Passages[0].Territorial || !res.Passages[3].Territorial || res.Passages[4].Territorial {
		t.Errorf("territorial: %v %v %v, want true true false", res.Passages[0].Territorial, res.Passages[3].Territorial, res.Passages[4].Territorial)
	}

	// Again with --replace and another date: the file is replaced.
	out.Reset()
	if err := run([]string{"add-article", "--data", dir, "--replace", "--slug", "kyiv-rejects-handing-over-land-as-envoys-meet-2025-09-03", "--date", "2025-09-04", pages + "news-page.html"}, &out, &errb); err != nil {
		t.Fatalf("add-article --replace: %v", err)
	}
	if b, _ := os.ReadFile(file); !bytes.Contains(b, []byte("date: 2025-09-04\n")) {
		t.Errorf("--replace did not replace the file:\n%s", b)
	}
}

func TestAddArticlePlainText(t *testing.T) {
	dir := copyDefault(t)
	var out, errb bytes.Buffer
	if err := run([]string{"add-article", "--data", dir, "--date", "2025-10-01", "--publisher", "Wire", "--license", "CC BY 4.0", "--whole", pages + "wire-story.txt"}, &out, &errb); err != nil {
		t.Fatalf("add-article: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "articles", "envoys-to-resume-talks-on-a-ceasefire-line-2025-10-01.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("---\ntitle: Envoys to resume talks on a ceasefire line\npublisher: Wire\ndate: 2025-10-01\nlicense: CC BY 4.0\nrepublish: whole\n---\n")) {
		t.Errorf("front matter:\n%s", b)
	}
}

// TestAddArticleRefusals gives add-article what it must refuse and checks
// that it says why and leaves the dataset byte for byte as it was.
func TestAddArticleRefusals(t *testing.T) {
	dir := copyDefault(t)
	// One article already there, for the overwrite case.
	if err := run([]string{"add-article", "--data", dir, pages + "news-page.html"}, &bytes.Buffer{}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(t.TempDir(), "big.html")
	if err := os.WriteFile(big, append([]byte("<html><body><p>"), bytes.Repeat([]byte("land "), 2_200_000)...), 0o644); err != nil {
		t.Fatal(err)
	}
	// An article written as Markdown, whose slug a .txt must not take.
	md, err := os.ReadFile(filepath.Join(dir, "articles", "alaska-summit-2025-08-08.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "articles", "seed-in-markdown.md"), md, 0o644); err != nil {
		t.Fatal(err)
	}
	before := treeHash(t, filepath.Dir(dir))
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no body", []string{pages + "nav-only-page.html"}, "no article text"},
		{"not HTML", []string{pages + "not-a-page.pdf"}, "not HTML or plain text"},
		{"too large", []string{big}, "too large"},
		// a device states no size: read until the cap, then refused
		{"endless", []string{"/dev/zero"}, "too large"},
		{"no date", []string{pages + "no-date-page.html"}, "no publication date; pass --date"},
		{"bad date", []string{"--date", "3 September", pages + "no-date-page.html"}, "not YYYY-MM-DD"},
		{"exists", []string{pages + "news-page.html"}, "already exists; pass --replace"},
		{"bad slug", []string{"--slug", "Not A Slug", pages + "news-page.html"}, "lower-case slug"},
		{"slug leaving the folder", []string{"--slug", "../../escaped", pages + "news-page.html"}, "lower-case slug"},
		{"slug of a Markdown article", []string{"--slug", "seed-in-markdown", pages + "news-page.html"}, "already has the slug"},
		{"no such file", []string{"nowhere.html"}, "nowhere.html"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := run(append([]string{"add-article", "--data", dir}, tc.args...), &out, &errb)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one saying %q", err, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("printed %q on a refusal", out.String())
			}
			if treeHash(t, filepath.Dir(dir)) != before {
				t.Errorf("the dataset or the folder around it changed")
			}
		})
	}
}

// TestAddArticleCyrillic adds a Ukrainian page without a date, given by
// --date, and checks that its declined names link and the river does not.
func TestAddArticleCyrillic(t *testing.T) {
	dir := copyDefault(t)
	var out, errb bytes.Buffer
	if err := run([]string{"add-article", "--data", dir, "--date", "2025-09-04", "--slug", "kherson-water-2025-09-04", pages + "no-date-page.html"}, &out, &errb); err != nil {
		t.Fatalf("add-article: %v", err)
	}
	var res linkResult
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"kherson"}, {"kherson"}, {"donetsk", "zaporizhzhia"}}
	if len(res.Passages) != len(want) {
		t.Fatalf("%d passages, want %d", len(res.Passages), len(want))
	}
	for i, p := range res.Passages {
		if !slices.Equal(p.Regions, want[i]) || p.Kind != "body" {
			t.Errorf("passage %d: regions %v kind %s, want %v body; mentions %+v", i, p.Regions, p.Kind, want[i], p.Mentions)
		}
		for _, m := range p.Mentions {
			if strings.HasPrefix(m.Text, "Дніпр") {
				t.Errorf("passage %d: the river %q linked as %+v", i, m.Text, m)
			}
		}
	}
}

// TestCommandsReadFoldersSafely: add-article and link read the data folder
// as serve and check do: a link leading out of it is refused, not
// followed, and a folder that is not there is named as such.
func TestCommandsReadFoldersSafely(t *testing.T) {
	dir := copyDefault(t)
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("not an article\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(dir, "articles", "secret.txt")); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	err := run([]string{"add-article", "--data", dir, pages + "news-page.html"}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "articles/secret.txt: a symbolic link leading out of the data folder") {
		t.Errorf("add-article beside a link out of the folder: %v", err)
	}
	err = run([]string{"link", "--data", filepath.Join(dir, "nope"), pages + "news-page.html"}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "not a readable directory") {
		t.Errorf("link --data of a folder not there: %v", err)
	}
}
