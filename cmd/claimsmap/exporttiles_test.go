package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimsmap/claimsmap/internal/tiles"
)

func TestExportTiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "ukraine.pmtiles")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"export-tiles", "--out", out, "--date", "2022-12-01", "--maxzoom", "5"}, &stdout, &stderr); err != nil {
		t.Fatalf("%v; stderr:\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "snapshot 2022-11-12, zooms 0 to 5") || !strings.Contains(stderr.String(), "zoom  5:") {
		t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	a, err := tiles.ReadArchive(b)
	if err != nil {
		t.Fatal(err)
	}
	if h := a.Header; h.MaxZoom != 5 || h.AddressedTiles == 0 || h.TileType != 1 {
		t.Errorf("header %+v", h)
	}
	if name, _ := a.Metadata["name"].(string); name != "claimsmap 2022-11-12" {
		t.Errorf("metadata name %q", name)
	}
	if a.Tile(5, 19, 11) == nil {
		t.Error("no tile 5/19/11 (eastern Ukraine)")
	}
}

func TestExportTilesRefuses(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.pmtiles")
	for name, args := range map[string][]string{
		"no out":         {"export-tiles"},
		"zoom too deep":  {"export-tiles", "--out", out, "--maxzoom", "13"},
		"bad date":       {"export-tiles", "--out", out, "--date", "2024-13-01"},
		"before first":   {"export-tiles", "--out", out, "--date", "2001-01-01"},
		"no such folder": {"export-tiles", "--out", out, "--data", filepath.Join(dir, "none")},
		"argument":       {"export-tiles", "--out", out, "extra"},
		"unwritable":     {"export-tiles", "--out", filepath.Join(dir, "none", "x.pmtiles"), "--maxzoom", "0"},
	} {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if err := run(args, &stdout, &stderr); err == nil {
				t.Errorf("%v: no error; stdout %q", args, stdout.String())
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%v: wrote %s", args, out)
			}
		})
	}
}
