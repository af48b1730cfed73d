package main

import (
	"bytes"
	"crypto/sha256"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/dataset"
)

// heldFixture is a small file of held territory, one polygon in Donetsk
// Oblast and one in Kharkiv Oblast; a test fixture, not data.
const heldFixture = `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[
{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[37.5,48.0],[38.0,48.0],[38.0,48.3],[37.5,48.3],[37.5,48.0]]]}},
{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[37.5,49.3],[37.8,49.3],[37.8,49.5],[37.5,49.5],[37.5,49.3]]]}}
]}
`

func writeFixture(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// treeHash sums every file under dir with its path.
func treeHash(t *testing.T, dir string) [32]byte {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		h.Write([]byte(p + "\x00"))
		h.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func TestImport(t *testing.T) {
	dir := copyDefault(t)
	file := writeFixture(t, "held.geojson", heldFixture)
	var out, errb bytes.Buffer
	err := run([]string{"import", "--data", dir, "--as-of", "2025-09-01", "--source", "a test", file}, &out, &errb)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, errb.String())
	}
	for _, w := range []string{"added layers/controlled-2025-09-01.geojson", "default date now 2025-09-01", "donetsk", "kharkiv", "total", "share"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("summary lacks %q:\n%s", w, out.String())
		}
	}
	if !strings.Contains(errb.String(), "wrote layers/controlled-2025-09-01.geojson") {
		t.Errorf("progress:\n%s", errb.String())
	}
	// The new layer is the latest, so check builds its view too.
	out.Reset()
	if err := run([]string{"check", dir}, &out, &out); err != nil {
		t.Fatalf("check after the import: %v\n%s", err, out.String())
	}
}

func TestImportErrors(t *testing.T) {
	t.Setenv("CLAIMSMAP_DATA", "")
	dir := copyDefault(t)
	file := writeFixture(t, "held.geojson", heldFixture)
	bad := writeFixture(t, "bad.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[37.5,48.0],[38.0,48.0],[38.0,95],[37.5,48.0]]]}}]}`)
	before := treeHash(t, dir)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"import", "--as-of", "2025-09-01", "--source", "x", file}, "import needs [--data]"},
		{[]string{"import", "--data", dir, file}, "import needs [--as-of --source]"},
		{[]string{"import", "--data", dir, "--as-of", "2025-09-01", "--source", "x"}, "import takes one FILE"},
		{[]string{"import", "--data", dir, "--as-of", "2025-09-01", "--source", "x", file, file}, "import takes one FILE"},
		{[]string{"import", "--data", dir, "--as-of", "2025-08-08", "--source", "x", file}, "already has a control layer, layers/controlled-2025-08-08.geojson; pass --replace"},
		{[]string{"import", "--data", dir, "--as-of", "2025-09-01", "--source", "x", bad}, "bad.geojson: feature 0: ring 0, position 2 [38 95]: latitude 95 is outside -90 to 90"},
	} {
		var out, errb bytes.Buffer
		err := run(tc.args, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run(%q) = %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
	if treeHash(t, dir) != before {
		t.Error("a refused import changed the dataset folder")
	}
}

// TestImportReference imports the third-party reference file kept beside
// the repository (never in it) and checks the dataset still passes check.
func TestImportReference(t *testing.T) {
	const ref = "../../../shared/reference/deepstatemap_data_20240708.geojson"
	if _, err := os.Stat(ref); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the reference file is missing and CI is set: %v", err)
		}
		t.Skipf("SKIPPED: the import of the real-world reference file did not run: %v (it belongs in ../shared/reference beside the repository; CI must provide it)", err)
	}
	dir := copyDefault(t)
	var out, errb bytes.Buffer
	err := run([]string{"import", "--data", dir, "--as-of", "2024-07-08", "--source", "DeepStateMap.Live, as archived by cyterat/deepstate-map-data", ref}, &out, &errb)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, errb.String())
	}
	t.Logf("\n%s", out.String())
	for _, w := range []string{"crimea", "luhansk", "donetsk", "zaporizhzhia", "kherson", "total"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("summary lacks %q", w)
		}
	}
	out.Reset()
	if err := run([]string{"check", dir}, &out, &out); err != nil {
		t.Fatalf("check after the import: %v\n%s", err, out.String())
	}
	// check builds the latest date's view; the site must build this one's.
	d, err := dataset.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	a, err := atlas.New(d)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.At("2024-07-08"); err != nil {
		t.Errorf("the view of the imported date: %v", err)
	}
}

// TestImportThenSIGHUP is the operator's round: serve a folder, import a
// snapshot into it, send SIGHUP, and the running server serves the new
// date as the latest without a restart.
func TestImportThenSIGHUP(t *testing.T) {
	dir := copyDefault(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var logs syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run([]string{"serve", "--data", dir, "--addr", addr, "--access-log", "0"}, io.Discard, &logs)
	}()
	snapshot := func() string {
		r, err := http.Get("http://" + addr + "/")
		if err != nil {
			return ""
		}
		r.Body.Close()
		return r.Header.Get("Claimsmap-Snapshot")
	}
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for snapshot() != want {
			if time.Now().After(deadline) {
				t.Fatalf("the server never served snapshot %s (got %q):\n%s", want, snapshot(), logs.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	waitFor("2025-08-08")
	var out bytes.Buffer
	if err := run([]string{"import", "--data", dir, "--as-of", "2025-09-01", "--source", "a test", writeFixture(t, "held.geojson", heldFixture)}, &out, &out); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	if got := snapshot(); got != "2025-08-08" {
		t.Fatalf("the server changed dataset before SIGHUP: %s", got)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitFor("2025-09-01")
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop on SIGTERM")
	}
}

// syncBuffer is a bytes.Buffer safe for a server's log and a test's read.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
