package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimsmap/claimsmap/internal/dataset/datasettest"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

func TestParseServe(t *testing.T) {
	t.Setenv("CLAIMSMAP_ADDR", "")
	t.Setenv("CLAIMSMAP_DATA", "")
	t.Setenv("CLAIMSMAP_BASE_URL", "")
	c, err := parseServe(nil, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.addr != "localhost:8080" || c.data != "" || c.baseURL != "http://localhost:8080" {
		t.Errorf("defaults = %+v", c)
	}

	t.Setenv("CLAIMSMAP_ADDR", "0.0.0.0:9000")
	t.Setenv("CLAIMSMAP_BASE_URL", "https://maps.example")
	c, err = parseServe(nil, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.addr != "0.0.0.0:9000" || c.baseURL != "https://maps.example" {
		t.Errorf("from environment = %+v", c)
	}
	// Flags win over the environment.
	c, err = parseServe([]string{"--addr", "127.0.0.1:1234", "--data", "/tmp/x"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if c.addr != "127.0.0.1:1234" || c.data != "/tmp/x" {
		t.Errorf("flags = %+v", c)
	}
}

func TestRunErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no command given"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"serve", "--addr", "nonsense"}, "want HOST:PORT"},
		{[]string{"serve", "extra"}, "serve takes no arguments"},
		// 0 would silently mean the default: refused with what to give
		{[]string{"serve", "--client-rate", "0"}, "--client-rate 0: give a positive rate per second, or -1 for no limit"},
		{[]string{"serve", "--render-queue", "0"}, "--render-queue 0: give a positive number"},
		{[]string{"serve", "--render-workers", "-2"}, "--render-workers -2: give a positive number"},
		{[]string{"serve", "--data", "/no/such/dir", "--addr", "127.0.0.1:0"}, "not a readable directory"},
		{[]string{"build-data", "--ne", "/no/such/dir"}, "not a readable directory"},
	} {
		var out, errb bytes.Buffer
		err := run(tc.args, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want error containing %q", tc.args, err, tc.want)
		}
	}
}

func TestHelp(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"help"}, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"serve", "build-data"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("help lacks %q", w)
		}
	}
}

func TestLinkStdin(t *testing.T) {
	var out, errb bytes.Buffer
	text := "Fighting went on near Bakhmut and in Zaporozhye.\n\nKyiv refuses to cede land.\n\nNothing here.\n"
	if err := link([]string{"-"}, strings.NewReader(text), &out, &errb); err != nil {
		t.Fatalf("link: %v\n%s", err, errb.String())
	}
	var res struct {
		Passages []struct {
			Index       int      `json:"index"`
			ID          string   `json:"id"`
			Text        string   `json:"text"`
			Regions     []string `json:"regions"`
			Territorial bool     `json:"territorial"`
			Mentions    []struct {
				Start, End         int
				Text, Region, Kind string
				Place              string `json:"place"`
			} `json:"mentions"`
		} `json:"passages"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if len(res.Passages) != 3 {
		t.Fatalf("%d passages, want 3", len(res.Passages))
	}
	p0 := res.Passages[0]
	if strings.Join(p0.Regions, ",") != "donetsk,zaporizhzhia" || p0.ID != "p0" {
		t.Errorf("passage 0 regions = %v", p0.Regions)
	}
	for _, m := range p0.Mentions {
		if p0.Text[m.Start:m.End] != m.Text {
			t.Errorf("mention %q at %d..%d does not match the text", m.Text, m.Start, m.End)
		}
	}
	if !res.Passages[1].Territorial || len(res.Passages[1].Regions) != 0 {
		t.Errorf("passage 1 = %+v, want territorial with no region", res.Passages[1])
	}
	if res.Passages[2].Territorial || len(res.Passages[2].Regions) != 0 || res.Passages[2].Regions == nil {
		t.Errorf("passage 2 = %+v, want unlinked with an empty list", res.Passages[2])
	}
}

func TestLinkErrors(t *testing.T) {
	var out, errb bytes.Buffer
	if err := link(nil, strings.NewReader(""), &out, &errb); err == nil {
		t.Error("link with no FILE succeeded")
	}
	if err := link([]string{"/no/such/file.txt"}, strings.NewReader(""), &out, &errb); err == nil {
		t.Error("link of a missing file succeeded")
	}
	if err := link([]string{"-"}, strings.NewReader("---\ntitle: x\n"), &out, &errb); err == nil || !strings.Contains(err.Error(), "front matter not closed") {
		t.Errorf("link of a broken article: %v", err)
	}
	// Standard input, or a device, with no end is read to a cap.
	if err := link([]string{"-"}, io.LimitReader(zeros{}, 64<<20), &out, &errb); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("link of 64 MB on standard input: %v", err)
	}
	if err := link([]string{"/dev/zero"}, strings.NewReader(""), &out, &errb); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("link /dev/zero: %v", err)
	}
}

// zeros reads as zero bytes for ever.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// copyDefault copies the embedded dataset into a folder a test can break.
func copyDefault(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(defaultdata.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dir, p), 0o755)
		}
		b, err := fs.ReadFile(defaultdata.FS(), p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCheck(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"check"}, &out, &out); err != nil {
		t.Fatalf("check of the embedded dataset: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "ok (27 divisions, 5 claimed regions") {
		t.Errorf("check output: %s", out.String())
	}

	dir := copyDefault(t)
	os.WriteFile(filepath.Join(dir, "articles", "broken.txt"), []byte("---\ntitle: x\n---\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "stray.json"), []byte("{}"), 0o644)
	wp := filepath.Join(dir, "sources", "frontline-2025-08-08.csv")
	b, _ := os.ReadFile(wp)
	os.WriteFile(wp, bytes.Replace(b, []byte(",front,"), []byte(",frnt,"), 1), 0o644)
	out.Reset()
	err := run([]string{"check", dir}, &out, &out)
	if err != errProblems {
		t.Fatalf("check of a broken dataset: %v", err)
	}
	for _, w := range []string{"stray.json: not listed in manifest.json", "articles/broken.txt:3: front matter lacks", "sources/frontline-2025-08-08.csv: line 2: kind \"frnt\"", "3 problem(s)"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("check output lacks %q:\n%s", w, out.String())
		}
	}
}

// TestCheckWriteFigures: check says when the figures file is missing,
// writes it on request, and then lists the figures of every snapshot.
func TestCheckWriteFigures(t *testing.T) {
	dir := copyDefault(t)
	var out bytes.Buffer
	if err := run([]string{"check", dir}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "8 of 8 snapshots have no figures in figures.json") {
		t.Errorf("check output: %s", out.String())
	}
	out.Reset()
	if err := run([]string{"check", "--write-figures", dir}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "wrote figures.json (8 snapshots)") {
		t.Errorf("check --write-figures output: %s", out.String())
	}
	out.Reset()
	if err := run([]string{"check", dir}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "figures") {
		t.Errorf("check still asks for figures after writing them: %s", out.String())
	}
	// Figures that are wrong are refused by check, and repaired by
	// --write-figures, as the message says.
	bad := filepath.Join(dir, "figures.json")
	b, err := os.ReadFile(bad)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(strings.Replace(string(b), `"km2":`, `"km2":9`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run([]string{"check", dir}, &out, &out); err == nil || !strings.Contains(out.String(), "write the file again with claimsmap check --write-figures") {
		t.Errorf("check of wrong figures: %v, %s", err, out.String())
	}
	out.Reset()
	if err := run([]string{"check", "--write-figures", dir}, &out, &out); err != nil || !strings.Contains(out.String(), "wrote figures.json") {
		t.Errorf("check --write-figures over wrong figures: %v, %s", err, out.String())
	}
	out.Reset()
	if err := run([]string{"check", dir}, &out, &out); err != nil {
		t.Errorf("check after the repair: %v, %s", err, out.String())
	}
}

func TestBaseURLFromUnspecifiedAddr(t *testing.T) {
	t.Setenv("CLAIMSMAP_BASE_URL", "")
	for addr, want := range map[string]string{":8080": "http://localhost:8080", "0.0.0.0:9000": "http://localhost:9000", "[::]:80": "http://localhost:80", "127.0.0.1:1": "http://127.0.0.1:1"} {
		c, err := parseServe([]string{"--addr", addr}, &bytes.Buffer{})
		if err != nil || c.baseURL != want {
			t.Errorf("--addr %s: base URL %q (%v), want %q", addr, c.baseURL, err, want)
		}
	}
}

// TestCheckRefusesBadFolders: check lists what is wrong with a folder it
// cannot trust, file and reason, and exits non-zero without a stack trace
// or hanging on a pipe.
func TestCheckRefusesBadFolders(t *testing.T) {
	for _, b := range datasettest.Breakages() {
		t.Run(b.Name, func(t *testing.T) {
			dir := datasettest.CopyDefault(t)
			b.Break(t, dir)
			var out, errb bytes.Buffer
			err := run([]string{"check", dir}, &out, &errb)
			if !errors.Is(err, errProblems) {
				t.Fatalf("check = %v, want the problems listed and exit status 1\n%s%s", err, out.String(), errb.String())
			}
			all := out.String() + errb.String()
			for _, w := range append(b.Want, "problem(s)") {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
			for _, bad := range []string{"goroutine", "panic", ".go:"} {
				if strings.Contains(all, bad) {
					t.Errorf("output has %q, as a stack trace would:\n%s", bad, all)
				}
			}
		})
	}
}
