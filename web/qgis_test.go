package web

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/claimsmap/claimsmap/internal/atlas"
)

// qgisScript opens every collection of /ogc with QGIS's own OAPIF provider
// (not GDAL's) and prints one line per collection.
const qgisScript = `import sys, os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
for coll in sys.argv[2:]:
    layer = QgsVectorLayer("url='%s/ogc' typename='%s' restrictToRequestBBOX='0'" % (sys.argv[1], coll), coll, "OAPIF")
    if not layer.isValid():
        print("collection %s invalid %s" % (coll, layer.error().summary()), flush=True)
        continue
    print("collection %s features %d" % (coll, sum(1 for _ in layer.getFeatures())), flush=True)
os._exit(0)
`

// TestQGIS opens every OGC API collection in QGIS, where QGIS's Python
// bindings are installed (Debian: python3-qgis qgis-providers). CI does not
// install QGIS, which is large; GDAL's client runs there (TestGDAL).
func TestQGIS(t *testing.T) {
	python := "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import qgis.core").Run(); err != nil {
		t.Skip("QGIS's Python bindings are not installed (apt-get install python3-qgis qgis-providers)")
	}
	ts := httptest.NewServer(testServer(t).Handler())
	defer ts.Close()
	script := filepath.Join(t.TempDir(), "qgis_check.py")
	if err := os.WriteFile(script, []byte(qgisScript), 0o644); err != nil {
		t.Fatal(err)
	}
	a := testServer(t).current().atlas
	want := map[string]int{}
	args := []string{script, ts.URL}
	for _, name := range layerNames {
		// A dated collection holds the features of every date.
		l, _ := atlas.LayerByName(name)
		n := 0
		for _, date := range a.Dates {
			v, _ := a.At(date)
			fc, _ := v.LayerFeatures(name)
			n += len(fc.Features)
			if !l.Dated {
				break
			}
		}
		want[name] = n
		args = append(args, name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, args...)
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("qgis: %v\n%s", err, out)
	}
	got := map[string]int{}
	for _, m := range regexp.MustCompile(`collection (\S+) features (\d+)`).FindAllStringSubmatch(string(out), -1) {
		got[m[1]], _ = strconv.Atoi(m[2])
	}
	for name, n := range want {
		if got[name] != n {
			t.Errorf("QGIS read %d features of %s, want %d\n%s", got[name], name, n, out)
		}
	}
}

// qgisDownloadScript opens each file given as QGIS's "Protocol: HTTP(S)"
// source does, through GDAL's /vsicurl/ (HTTP ranges), with QGIS's ogr
// provider, and prints its feature count and geometry type.
const qgisDownloadScript = `import sys, os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import QgsApplication, QgsVectorLayer, QgsWkbTypes
app = QgsApplication([], False)
app.initQgis()
for url in sys.argv[1:]:
    layer = QgsVectorLayer("/vsicurl/" + url, "download", "ogr")
    if not layer.isValid():
        print("file %s invalid %s" % (url, layer.error().summary()), flush=True)
        continue
    n = sum(1 for _ in layer.getFeatures())
    print("file %s features %d geometry %s" % (url, n, QgsWkbTypes.displayString(layer.wkbType())), flush=True)
os._exit(0)
`

// TestQGISDownloads opens every layer's GeoJSON and KML download in QGIS
// by URL, where QGIS's Python bindings are installed: each opens with
// every feature of the latest date.
func TestQGISDownloads(t *testing.T) {
	python := "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import qgis.core").Run(); err != nil {
		t.Skip("QGIS's Python bindings are not installed (apt-get install python3-qgis qgis-providers)")
	}
	ts := httptest.NewServer(testServer(t).Handler())
	defer ts.Close()
	script := filepath.Join(t.TempDir(), "qgis_downloads.py")
	if err := os.WriteFile(script, []byte(qgisDownloadScript), 0o644); err != nil {
		t.Fatal(err)
	}
	a := testServer(t).current().atlas
	want := map[string]int{}
	args := []string{script}
	for _, name := range layerNames {
		fc, err := a.Latest().LayerFeatures(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, ext := range []string{".geojson", ".kml"} {
			u := ts.URL + "/layers/" + name + ext
			want[u] = len(fc.Features)
			args = append(args, u)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, args...)
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("qgis: %v\n%s", err, out)
	}
	t.Logf("QGIS:\n%s", out)
	got := map[string]int{}
	for _, m := range regexp.MustCompile(`file (\S+) features (\d+)`).FindAllStringSubmatch(string(out), -1) {
		got[m[1]], _ = strconv.Atoi(m[2])
	}
	for u, n := range want {
		if got[u] != n {
			t.Errorf("QGIS read %d features of %s, want %d", got[u], u, n)
		}
	}
}
