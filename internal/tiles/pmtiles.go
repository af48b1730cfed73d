package tiles

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// PMTiles v3 (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md)
// is written here rather than with protomaps' go-pmtiles: its one package
// brings in the cloud SDKs of AWS, Azure and Google and a web server, for
// a 127-byte header and a varint directory. TestArchive checks the tile
// ids against go-pmtiles' own test values.

// PMTiles header values used here.
const (
	pmHeaderLen       = 127
	pmCompressionNone = 1
	pmCompressionGzip = 2
	pmTileTypeMVT     = 1
	// pmRootMax is the most the root directory may take, so that a
	// client's first request of 16 KiB holds header and root.
	pmRootMax = 16384 - pmHeaderLen
)

// ArchiveInfo describes an archive in its metadata, as in TileJSON.
type ArchiveInfo struct {
	Name, Description, Attribution, Version string
	// MaxZoom is the deepest zoom written, within the set's zooms (zoom 0
	// alone is a valid archive, so 0 is not "the default").
	MaxZoom maptile.Zoom
	// Progress, if set, is called after each zoom with the tiles written
	// so far and the tiles looked at in that zoom.
	Progress func(z maptile.Zoom, written, looked int)
}

// Archive holds the parts of a PMTiles archive that tell where a tile is:
// what ReadArchive returns.
type Archive struct {
	Header   ArchiveHeader
	Metadata map[string]any
	entries  []pmEntry
	data     []byte
}

// ArchiveHeader is the fixed header of a PMTiles v3 archive.
type ArchiveHeader struct {
	SpecVersion                               uint8
	RootOffset, RootLength                    uint64
	MetadataOffset, MetadataLength            uint64
	LeafOffset, LeafLength                    uint64
	DataOffset, DataLength                    uint64
	AddressedTiles, TileEntries, TileContents uint64
	Clustered                                 bool
	InternalCompression, TileCompression      uint8
	TileType                                  uint8
	MinZoom, MaxZoom                          uint8
	MinLonE7, MinLatE7, MaxLonE7, MaxLatE7    int32
	CenterZoom                                uint8
	CenterLonE7, CenterLatE7                  int32
}

type pmEntry struct {
	tileID    uint64
	offset    uint64
	length    uint32
	runLength uint32 // 0 for a leaf directory
}

// TileID is the PMTiles tile id of z/x/y: tiles of lower zooms first,
// then along a Hilbert curve.
func TileID(z maptile.Zoom, x, y uint32) uint64 {
	acc := (uint64(1)<<(2*uint(z)) - 1) / 3
	for a := int(z) - 1; a >= 0; a-- {
		s := uint32(1) << a
		rx, ry := s&x, s&y
		acc += uint64((3*rx)^ry) << a
		x, y = hilbertRotate(s, x, y, rx, ry)
	}
	return acc
}

func hilbertRotate(n, x, y, rx, ry uint32) (uint32, uint32) {
	if ry == 0 {
		if rx != 0 {
			x, y = n-1-x, n-1-y
		}
		return y, x
	}
	return x, y
}

// WriteArchive writes the set's tiles of zooms MinZoom to info.MaxZoom
// that hold data as a PMTiles v3 archive: tiles gzipped in Hilbert order,
// identical tiles stored once, and the TileJSON vector_layers in the
// metadata, which MapLibre's PMTiles source needs. It stops when ctx is
// done.
func (s *Set) WriteArchive(ctx context.Context, w io.Writer, info ArchiveInfo) error {
	maxZ := info.MaxZoom
	if maxZ < s.opt.MinZoom || maxZ > s.opt.MaxZoom {
		return fmt.Errorf("max zoom %d outside %d–%d", maxZ, s.opt.MinZoom, s.opt.MaxZoom)
	}
	type tile struct {
		id   uint64
		data []byte
	}
	var all []tile
	b := s.Bounds()
	for z := s.opt.MinZoom; z <= maxZ; z++ {
		looked := 0
		if !s.empty {
			nw := maptile.At(orb.Point{b.Min[0], b.Max[1]}, z)
			se := maptile.At(orb.Point{b.Max[0], b.Min[1]}, z)
			for x := nw.X; x <= se.X; x++ {
				for y := nw.Y; y <= se.Y; y++ {
					if err := ctx.Err(); err != nil {
						return err
					}
					looked++
					data, err := s.Tile(z, x, y)
					if err != nil {
						return err
					}
					if data != nil {
						all = append(all, tile{TileID(z, x, y), data})
					}
				}
			}
		}
		if info.Progress != nil {
			info.Progress(z, len(all), looked)
		}
	}
	slices.SortFunc(all, func(a, b tile) int { return cmp.Compare(a.id, b.id) })

	// Tile data, each distinct tile once; a run of the same tile under
	// consecutive ids is one entry.
	var data bytes.Buffer
	seen := map[[32]byte]pmEntry{}
	var entries []pmEntry
	contents := 0
	for _, t := range all {
		gz, err := gzipBytes(t.data)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(gz)
		e, ok := seen[sum]
		if !ok {
			e = pmEntry{offset: uint64(data.Len()), length: uint32(len(gz))}
			data.Write(gz)
			seen[sum] = e
			contents++
		}
		if n := len(entries); n > 0 {
			last := &entries[n-1]
			if last.offset == e.offset && last.tileID+uint64(last.runLength) == t.id {
				last.runLength++
				continue
			}
		}
		entries = append(entries, pmEntry{tileID: t.id, offset: e.offset, length: e.length, runLength: 1})
	}

	root, leaves, err := buildDirectories(entries)
	if err != nil {
		return err
	}
	tj := s.TileJSON("", info.Name, info.Description, info.Attribution, info.Version)
	// The archive stops at maxZ: so do its layers.
	for i := range tj.VectorLayers {
		tj.VectorLayers[i].MaxZoom = min(tj.VectorLayers[i].MaxZoom, maptile.Zoom(maxZ))
	}
	meta, err := json.Marshal(map[string]any{
		"name": info.Name, "description": info.Description, "attribution": info.Attribution,
		"version": info.Version, "type": "overlay", "format": "pbf",
		"vector_layers": tj.VectorLayers,
	})
	if err != nil {
		return err
	}
	if meta, err = gzipBytes(meta); err != nil {
		return err
	}
	h := ArchiveHeader{
		SpecVersion:    3,
		RootOffset:     pmHeaderLen,
		RootLength:     uint64(len(root)),
		MetadataLength: uint64(len(meta)),
		LeafLength:     uint64(len(leaves)),
		DataLength:     uint64(data.Len()),
		AddressedTiles: uint64(len(all)),
		TileEntries:    uint64(len(entries)),
		TileContents:   uint64(contents),
		Clustered:      true,
		// Directories and metadata gzipped too, as clients expect.
		InternalCompression: pmCompressionGzip,
		TileCompression:     pmCompressionGzip,
		TileType:            pmTileTypeMVT,
		MinZoom:             uint8(s.opt.MinZoom),
		MaxZoom:             uint8(maxZ),
		MinLonE7:            e7(tj.Bounds[0]),
		MinLatE7:            e7(tj.Bounds[1]),
		MaxLonE7:            e7(tj.Bounds[2]),
		MaxLatE7:            e7(tj.Bounds[3]),
		CenterZoom:          uint8(min(maptile.Zoom(tj.Center[2]), maxZ)),
		CenterLonE7:         e7(tj.Center[0]),
		CenterLatE7:         e7(tj.Center[1]),
	}
	h.MetadataOffset = h.RootOffset + h.RootLength
	h.LeafOffset = h.MetadataOffset + h.MetadataLength
	h.DataOffset = h.LeafOffset + h.LeafLength
	for _, part := range [][]byte{h.marshal(), root, meta, leaves, data.Bytes()} {
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	return nil
}

func e7(v float64) int32 { return int32(math.Round(v * 1e7)) }

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// buildDirectories returns the root directory and the leaf directories:
// the root alone when it fits in pmRootMax, else leaves of a size that
// lets the root of pointers to them fit.
func buildDirectories(entries []pmEntry) (root, leaves []byte, err error) {
	if root, err = marshalEntries(entries); err != nil || len(root) <= pmRootMax {
		return root, nil, err
	}
	for size := max(4096, len(entries)/3500); ; size += size / 5 {
		var ptrs []pmEntry
		leaves = leaves[:0]
		for i := 0; i < len(entries); i += size {
			leaf, err := marshalEntries(entries[i:min(i+size, len(entries))])
			if err != nil {
				return nil, nil, err
			}
			ptrs = append(ptrs, pmEntry{tileID: entries[i].tileID, offset: uint64(len(leaves)), length: uint32(len(leaf))})
			leaves = append(leaves, leaf...)
		}
		if root, err = marshalEntries(ptrs); err != nil || len(root) <= pmRootMax {
			return root, leaves, err
		}
	}
}

// marshalEntries encodes a directory, gzipped: the count, then the id
// deltas, run lengths, lengths and offsets as unsigned varints, an offset
// being 0 when it follows the previous entry and offset+1 otherwise.
func marshalEntries(entries []pmEntry) ([]byte, error) {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(entries)))
	var last uint64
	for _, e := range entries {
		b = binary.AppendUvarint(b, e.tileID-last)
		last = e.tileID
	}
	for _, e := range entries {
		b = binary.AppendUvarint(b, uint64(e.runLength))
	}
	for _, e := range entries {
		b = binary.AppendUvarint(b, uint64(e.length))
	}
	for i, e := range entries {
		if i > 0 && e.offset == entries[i-1].offset+uint64(entries[i-1].length) {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, e.offset+1)
		}
	}
	return gzipBytes(b)
}

func (h ArchiveHeader) marshal() []byte {
	b := make([]byte, pmHeaderLen)
	copy(b, "PMTiles")
	b[7] = h.SpecVersion
	le := binary.LittleEndian
	for i, v := range []uint64{h.RootOffset, h.RootLength, h.MetadataOffset, h.MetadataLength, h.LeafOffset, h.LeafLength, h.DataOffset, h.DataLength, h.AddressedTiles, h.TileEntries, h.TileContents} {
		le.PutUint64(b[8+8*i:], v)
	}
	if h.Clustered {
		b[96] = 1
	}
	b[97], b[98], b[99], b[100], b[101] = h.InternalCompression, h.TileCompression, h.TileType, h.MinZoom, h.MaxZoom
	le.PutUint32(b[102:], uint32(h.MinLonE7))
	le.PutUint32(b[106:], uint32(h.MinLatE7))
	le.PutUint32(b[110:], uint32(h.MaxLonE7))
	le.PutUint32(b[114:], uint32(h.MaxLatE7))
	b[118] = h.CenterZoom
	le.PutUint32(b[119:], uint32(h.CenterLonE7))
	le.PutUint32(b[123:], uint32(h.CenterLatE7))
	return b
}

// ErrNotArchive reports bytes that are not a PMTiles v3 archive this
// package can read.
var ErrNotArchive = errors.New("not a PMTiles v3 archive")

// ReadArchive reads a whole PMTiles v3 archive with gzipped or
// uncompressed directories, as a client would piece by piece: header,
// root directory, metadata, leaf directories. The site only writes
// archives; this decoder, kept beside the encoder, is how the tests of
// this package, the server and export-tiles read one back.
func ReadArchive(b []byte) (*Archive, error) {
	if len(b) < pmHeaderLen || string(b[:7]) != "PMTiles" || b[7] != 3 {
		return nil, ErrNotArchive
	}
	le := binary.LittleEndian
	var h ArchiveHeader
	h.SpecVersion = b[7]
	for i, p := range []*uint64{&h.RootOffset, &h.RootLength, &h.MetadataOffset, &h.MetadataLength, &h.LeafOffset, &h.LeafLength, &h.DataOffset, &h.DataLength, &h.AddressedTiles, &h.TileEntries, &h.TileContents} {
		*p = le.Uint64(b[8+8*i:])
	}
	h.Clustered = b[96] == 1
	h.InternalCompression, h.TileCompression, h.TileType, h.MinZoom, h.MaxZoom = b[97], b[98], b[99], b[100], b[101]
	h.MinLonE7, h.MinLatE7 = int32(le.Uint32(b[102:])), int32(le.Uint32(b[106:]))
	h.MaxLonE7, h.MaxLatE7 = int32(le.Uint32(b[110:])), int32(le.Uint32(b[114:]))
	h.CenterZoom = b[118]
	h.CenterLonE7, h.CenterLatE7 = int32(le.Uint32(b[119:])), int32(le.Uint32(b[123:]))
	part := func(off, n uint64) ([]byte, error) {
		if off > uint64(len(b)) || n > uint64(len(b))-off {
			return nil, fmt.Errorf("%w: a section runs past the end", ErrNotArchive)
		}
		return b[off : off+n], nil
	}
	inflate := func(p []byte) ([]byte, error) {
		switch h.InternalCompression {
		case pmCompressionNone:
			return p, nil
		case pmCompressionGzip:
			zr, err := gzip.NewReader(bytes.NewReader(p))
			if err != nil {
				return nil, err
			}
			return io.ReadAll(zr)
		}
		return nil, fmt.Errorf("%w: internal compression %d", ErrNotArchive, h.InternalCompression)
	}
	a := &Archive{Header: h}
	var err error
	if a.data, err = part(h.DataOffset, h.DataLength); err != nil {
		return nil, err
	}
	dir := func(off, n uint64) ([]pmEntry, error) {
		p, err := part(off, n)
		if err != nil {
			return nil, err
		}
		if p, err = inflate(p); err != nil {
			return nil, err
		}
		return unmarshalEntries(p)
	}
	root, err := dir(h.RootOffset, h.RootLength)
	if err != nil {
		return nil, fmt.Errorf("root directory: %w", err)
	}
	for _, e := range root {
		if e.runLength > 0 {
			a.entries = append(a.entries, e)
			continue
		}
		leaf, err := dir(h.LeafOffset+e.offset, uint64(e.length))
		if err != nil {
			return nil, fmt.Errorf("leaf directory at %d: %w", e.offset, err)
		}
		a.entries = append(a.entries, leaf...)
	}
	meta, err := part(h.MetadataOffset, h.MetadataLength)
	if err != nil {
		return nil, err
	}
	if meta, err = inflate(meta); err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	if err := json.Unmarshal(meta, &a.Metadata); err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	return a, nil
}

func unmarshalEntries(p []byte) ([]pmEntry, error) {
	r := bytes.NewReader(p)
	next := func() uint64 {
		v, err := binary.ReadUvarint(r)
		if err != nil {
			panic(err)
		}
		return v
	}
	var out []pmEntry
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%w: directory cut short", ErrNotArchive)
			}
		}()
		n := next()
		if n > uint64(len(p)) {
			return fmt.Errorf("%w: %d entries in %d bytes", ErrNotArchive, n, len(p))
		}
		out = make([]pmEntry, n)
		var id uint64
		for i := range out {
			id += next()
			out[i].tileID = id
		}
		for i := range out {
			out[i].runLength = uint32(next())
		}
		for i := range out {
			out[i].length = uint32(next())
		}
		for i := range out {
			if v := next(); v == 0 && i > 0 {
				out[i].offset = out[i-1].offset + uint64(out[i-1].length)
			} else {
				out[i].offset = v - 1
			}
		}
		return nil
	}()
	return out, err
}

// Tile returns tile z/x/y as stored (gzipped when
// Header.TileCompression is 2), or nil when the archive lacks it.
func (a *Archive) Tile(z maptile.Zoom, x, y uint32) []byte {
	id := TileID(z, x, y)
	i, found := slices.BinarySearchFunc(a.entries, id, func(e pmEntry, id uint64) int { return cmp.Compare(e.tileID, id) })
	if !found {
		if i == 0 {
			return nil
		}
		i--
	}
	e := a.entries[i]
	if id-e.tileID >= uint64(e.runLength) || e.offset+uint64(e.length) > uint64(len(a.data)) {
		return nil
	}
	return a.data[e.offset : e.offset+uint64(e.length)]
}

// Entries returns how many directory entries the archive has, leaves
// included.
func (a *Archive) Entries() int { return len(a.entries) }
