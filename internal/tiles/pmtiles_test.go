package tiles

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/paulmach/orb/maptile"
)

// TestTileID checks PMTiles tile ids against the values of go-pmtiles'
// own tests (tile_id_test.go), the reference implementation.
func TestTileID(t *testing.T) {
	for _, c := range []struct {
		z    maptile.Zoom
		x, y uint32
		want uint64
	}{
		{0, 0, 0, 0}, {1, 0, 0, 1}, {1, 0, 1, 2}, {1, 1, 1, 3}, {1, 1, 0, 4}, {2, 0, 0, 5},
		{12, 3423, 1763, 19078479},
	} {
		if got := TileID(c.z, c.x, c.y); got != c.want {
			t.Errorf("TileID(%d, %d, %d) = %d, want %d", c.z, c.x, c.y, got, c.want)
		}
	}
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestArchive(t *testing.T) {
	s := realSet(t)
	var buf bytes.Buffer
	var zooms []maptile.Zoom
	err := s.WriteArchive(context.Background(), &buf, ArchiveInfo{Name: "claimsmap", Version: "test", MaxZoom: 7,
		Progress: func(z maptile.Zoom, _, _ int) { zooms = append(zooms, z) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(zooms) != 8 || zooms[7] != 7 {
		t.Errorf("progress for zooms %v, want 0 to 7", zooms)
	}
	a, err := ReadArchive(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	h := a.Header
	if h.SpecVersion != 3 || h.TileType != pmTileTypeMVT || h.TileCompression != pmCompressionGzip || h.MinZoom != 0 || h.MaxZoom != 7 || !h.Clustered {
		t.Errorf("header %+v", h)
	}
	if h.RootOffset != 127 || h.RootLength == 0 || h.RootOffset+h.RootLength > 16384 {
		t.Errorf("root directory at %d, %d bytes: want it within the first 16 KiB", h.RootOffset, h.RootLength)
	}
	b := s.Bounds()
	if h.MinLonE7 != e7(b.Min[0]) || h.MaxLatE7 != e7(b.Max[1]) || h.CenterZoom > 7 {
		t.Errorf("bounds %d %d, centre zoom %d", h.MinLonE7, h.MaxLatE7, h.CenterZoom)
	}
	if h.DataOffset+h.DataLength != uint64(buf.Len()) || h.TileContents > h.AddressedTiles || uint64(a.Entries()) != h.TileEntries {
		t.Errorf("header %+v for %d bytes and %d entries", h, buf.Len(), a.Entries())
	}
	ls, ok := a.Metadata["vector_layers"].([]any)
	if !ok || len(ls) != len(s.layers) {
		t.Errorf("metadata vector_layers = %v", a.Metadata["vector_layers"])
	}
	for _, l := range ls {
		if z := l.(map[string]any)["maxzoom"]; z != 7.0 {
			t.Errorf("layer %v: maxzoom %v in an archive that stops at 7", l.(map[string]any)["id"], z)
		}
	}
	var tiles int
	for z := maptile.Zoom(0); z <= 7; z++ {
		nw := maptile.At(donetsk, z)
		for _, tl := range []maptile.Tile{nw, {X: nw.X + 1, Y: nw.Y, Z: z}, {X: 0, Y: 0, Z: z}} {
			want, err := s.Tile(tl.Z, tl.X, tl.Y)
			if errors.Is(err, ErrOutOfRange) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			got := a.Tile(tl.Z, tl.X, tl.Y)
			switch {
			case want == nil && got != nil:
				t.Errorf("tile %d/%d/%d: in the archive, but empty", tl.Z, tl.X, tl.Y)
			case want != nil && got == nil:
				t.Errorf("tile %d/%d/%d: not in the archive", tl.Z, tl.X, tl.Y)
			case want != nil && !bytes.Equal(gunzip(t, got), want):
				t.Errorf("tile %d/%d/%d: differs from Set.Tile", tl.Z, tl.X, tl.Y)
			case want != nil:
				tiles++
			}
		}
	}
	if tiles < 8 {
		t.Errorf("compared only %d tiles", tiles)
	}
	if a.Tile(8, 0, 0) != nil {
		t.Error("a tile of zoom 8 in an archive of zooms 0 to 7")
	}
}

func TestArchiveLeaves(t *testing.T) {
	// More entries than a root of 16 KiB holds: ids far apart, lengths
	// and offsets varied, so that the varints are long.
	var entries []pmEntry
	var off uint64
	for i := range 60000 {
		n := uint32(100 + i%977)
		entries = append(entries, pmEntry{tileID: uint64(i) * 7919, offset: off, length: n, runLength: 1 + uint32(i%3)})
		off += uint64(n)
		if i%5 == 0 {
			off += 13 // not contiguous
		}
	}
	root, leaves, err := buildDirectories(entries)
	if err != nil {
		t.Fatal(err)
	}
	if len(root) > pmRootMax || len(leaves) == 0 {
		t.Fatalf("root %d bytes, leaves %d bytes", len(root), len(leaves))
	}
	h := ArchiveHeader{SpecVersion: 3, RootOffset: pmHeaderLen, RootLength: uint64(len(root)), InternalCompression: pmCompressionGzip}
	meta, _ := gzipBytes([]byte("{}"))
	h.MetadataOffset = h.RootOffset + h.RootLength
	h.MetadataLength = uint64(len(meta))
	h.LeafOffset = h.MetadataOffset + h.MetadataLength
	h.LeafLength = uint64(len(leaves))
	h.DataOffset = h.LeafOffset + h.LeafLength
	b := append(append(append(h.marshal(), root...), meta...), leaves...)
	a, err := ReadArchive(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.entries) != len(entries) {
		t.Fatalf("read %d entries, want %d", len(a.entries), len(entries))
	}
	for i := range entries {
		if a.entries[i] != entries[i] {
			t.Fatalf("entry %d: %+v, want %+v", i, a.entries[i], entries[i])
		}
	}
}

func TestReadArchiveRefuses(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":     nil,
		"not magic": bytes.Repeat([]byte{'x'}, 200),
		"version 2": append([]byte("PMTiles\x02"), make([]byte, 119)...),
		"cut short": append([]byte("PMTiles\x03\x7f"), make([]byte, 118)...),
	} {
		if _, err := ReadArchive(b); !errors.Is(err, ErrNotArchive) {
			t.Errorf("%s: err = %v, want ErrNotArchive", name, err)
		}
	}
}
