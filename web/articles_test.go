package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimsmap/claimsmap/internal/dataset/datasettest"
	"github.com/claimsmap/claimsmap/static"
)

// TestArticlesList checks /articles: each article with how many passages
// name each region, and the filter by region, which keeps only the
// articles that name it and refuses what is not a claimed region.
func TestArticlesList(t *testing.T) {
	dir := datasettest.CopyDefault(t)
	article := "---\ntitle: Across the river\ndate: 2025-09-01\npublisher: The River Review\nlicense: test fixture\n---\n" +
		"Across the river\n\n" +
		"Shelling hit Enerhodar again overnight.\n\n" +
		"Smoke rises over Kherson after a strike. REUTERS/Stringer\n\n" +
		"Residents of Melitopol queued for water.\n\n" +
		"Kyiv will not cede an inch of its land, the minister said.\n\n" +
		"The ferry to Kyiv was cancelled.\n"
	if err := os.WriteFile(filepath.Join(dir, "articles", "across.txt"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{BaseURL: "https://claimsmap.example", Data: os.DirFS(dir), Static: static.FS()})
	if err != nil {
		t.Fatal(err)
	}

	all := serveReq(s, "/articles")
	if all.Code != 200 {
		t.Fatalf("/articles: %d", all.Code)
	}
	body := all.Body.String()
	// newest first, with counts linked to the first passage that names
	// the region
	if i, j := strings.Index(body, "Across the river"), strings.Index(body, "Trump, Putin"); i < 0 || j < 0 || i > j {
		t.Errorf("/articles does not list the newer article first (%d, %d)", i, j)
	}
	for _, want := range []string{
		`<a href="/articles?region=zaporizhzhia">Zaporizhzhia</a>: <a href="/articles/across#p1">2 passages</a>`,
		`the territory as a whole: 1 passage`,
		`<a href="/articles?region=crimea">Crimea</a>: <a href="/articles/alaska-summit-2025-08-08#p5">1 passage</a>`,
		`<label for="articles-region">`,
		`<option value="kherson">Kherson</option>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/articles lacks %s", want)
		}
	}

	for _, tc := range []struct {
		path      string
		status    int
		want, not string
	}{
		{"/articles?region=zaporizhzhia", 200, "Across the river", ""},
		{"/articles?region=Zaporizhzhia", 200, `<option value="zaporizhzhia" selected>`, ""},
		{"/articles?region=crimea", 200, "Trump, Putin", "Across the river"},
		// a photo caption is not a passage of the text: it is not counted
		{"/articles?region=kherson", 200, "Trump, Putin", "Across the river"},
		{"/articles?region=kyiv", 400, "not a claimed region", ""},
		{"/articles?region=crimea&page=2", 404, "", ""},
		{"/articles?regoin=crimea", 400, "takes region and page", ""},
	} {
		rec := serveReq(s, tc.path)
		b := rec.Body.String()
		if rec.Code != tc.status || !strings.Contains(b, tc.want) || tc.not != "" && strings.Contains(b, tc.not) {
			t.Errorf("%s: %d, want %d with %q and without %q", tc.path, rec.Code, tc.status, tc.want, tc.not)
		}
	}
}

// TestArticleExcerpts checks that an article whose licence does not allow
// the whole text shows in full only the passages linked to the map, and
// that "republish: whole" shows every one.
func TestArticleExcerpts(t *testing.T) {
	const unlinked = "The White House dismissed the report as speculation, while the Kremlin declined to comment."
	const linked = "and four partially occupied Ukrainian regions"
	seed := serveReq(testServer(t), "/articles/alaska-summit-2025-08-08").Body.String()
	for _, want := range []string{
		"The White House dismissed the report as speculation, while the …",
		linked,
		"Read the whole article at Uzalendo News",
		`class="passage shortened"`,
	} {
		if !strings.Contains(seed, want) {
			t.Errorf("the seed article's page lacks %q", want)
		}
	}
	if strings.Contains(seed, unlinked) {
		t.Error("the seed article's page quotes in full a passage it does not link to the map")
	}

	dir := datasettest.CopyDefault(t)
	name := filepath.Join(dir, "articles", "alaska-summit-2025-08-08.txt")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), "\nlicense:", "\nrepublish: whole\nlicense:", 1))
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{BaseURL: "https://claimsmap.example", Data: os.DirFS(dir), Static: static.FS()})
	if err != nil {
		t.Fatal(err)
	}
	whole := serveReq(s, "/articles/alaska-summit-2025-08-08").Body.String()
	if !strings.Contains(whole, unlinked) || strings.Contains(whole, `passage shortened`) || strings.Contains(whole, "Read the whole article") {
		t.Error("with republish: whole, the page still shortens passages")
	}
}

// TestArticleOlderThanSnapshots: an article older than the first snapshot
// is shown on it, and the page says so instead of calling it the
// snapshot of the article's date.
func TestArticleOlderThanSnapshots(t *testing.T) {
	dir := datasettest.CopyDefault(t)
	article := "---\ntitle: Old news\ndate: 2010-05-01\nlicense: test fixture\n---\nOld news\n\nCrimea's parliament met in Simferopol.\n"
	if err := os.WriteFile(filepath.Join(dir, "articles", "old.txt"), []byte(article), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{BaseURL: "https://claimsmap.example", Data: os.DirFS(dir), Static: static.FS()})
	if err != nil {
		t.Fatal(err)
	}
	b := serveReq(s, "/articles/old").Body.String()
	if !strings.Contains(b, "is older than the first snapshot, 18 March 2014") || strings.Contains(b, "the snapshot of the article&#39;s date") || strings.Contains(b, "On the article&#39;s date") {
		t.Error("an article older than every snapshot is presented as shown on the snapshot of its date")
	}
}
