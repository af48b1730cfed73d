package render

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
)

// reproducible rewrites a PDF from canvas so that the same drawing gives
// the same bytes. canvas writes the clock twice: the document's creation
// date, which goes, and the modification time in the head table of each
// embedded font, which becomes the font's creation time. Objects keep
// their order; the cross-reference table is rebuilt for their new
// offsets. It relies on the simple layout canvas writes (one object after
// another, a classic xref table), and fails rather than guess otherwise.
func reproducible(b []byte) ([]byte, error) {
	x := bytes.LastIndex(b, []byte("\nxref\n"))
	tr := bytes.LastIndex(b, []byte("\ntrailer\n"))
	sx := bytes.LastIndex(b, []byte("\nstartxref\n"))
	if x < 0 || tr < x || sx < tr {
		return nil, errors.New("PDF: no cross-reference table")
	}
	x++
	p := x + len("xref\n")
	eol := bytes.IndexByte(b[p:], '\n')
	var first, count int
	if eol < 0 {
		return nil, errors.New("PDF: truncated cross-reference table")
	}
	if _, err := fmt.Sscanf(string(b[p:p+eol]), "%d %d", &first, &count); err != nil || first != 0 {
		return nil, fmt.Errorf("PDF: cross-reference table: %q", b[p:p+eol])
	}
	p += eol + 1
	if p+20*count > tr+1 {
		return nil, errors.New("PDF: truncated cross-reference table")
	}
	type object struct{ num, off int }
	var objs []object
	for k := 1; k < count; k++ {
		e := b[p+20*k : p+20*k+20]
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || off <= 0 || off >= x {
			return nil, fmt.Errorf("PDF: cross-reference entry %d: %q", k, e)
		}
		objs = append(objs, object{k, off})
	}
	slices.SortFunc(objs, func(a, b object) int { return a.off - b.off })

	var out bytes.Buffer
	out.Grow(len(b))
	if len(objs) == 0 {
		return b, nil
	}
	out.Write(b[:objs[0].off])
	offsets := make([]int, count)
	for i, o := range objs {
		end := x
		if i+1 < len(objs) {
			end = objs[i+1].off
		}
		obj := b[o.off:end]
		if !bytes.HasPrefix(obj, fmt.Appendf(nil, "%d 0 obj\n", o.num)) {
			return nil, fmt.Errorf("PDF: object %d is not where the table says", o.num)
		}
		fixed, err := fixObject(obj)
		if err != nil {
			return nil, fmt.Errorf("PDF: object %d: %w", o.num, err)
		}
		offsets[o.num] = out.Len()
		out.Write(fixed)
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", count)
	for _, off := range offsets[1:] {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	out.Write(b[tr+1 : sx+1])
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", xref)
	return out.Bytes(), nil
}

// fixObject drops a creation date from a dictionary and fixes the time in
// a compressed TrueType font program; other objects pass unchanged.
func fixObject(obj []byte) ([]byte, error) {
	if i := bytes.Index(obj, []byte("/CreationDate(")); i >= 0 {
		j := bytes.IndexByte(obj[i:], ')')
		if j < 0 {
			return nil, errors.New("unterminated creation date")
		}
		return slices.Concat(obj[:i], obj[i+j+1:]), nil
	}
	const flate = "<</Filter/FlateDecode/Length "
	h := bytes.IndexByte(obj, '\n') + 1
	if !bytes.HasPrefix(obj[h:], []byte(flate)) {
		return obj, nil
	}
	ls := h + len(flate)
	le := bytes.Index(obj[ls:], []byte(">>stream\n"))
	if le < 0 {
		return obj, nil
	}
	n, err := strconv.Atoi(string(obj[ls : ls+le]))
	ds := ls + le + len(">>stream\n")
	if err != nil || ds+n > len(obj) {
		return nil, errors.New("bad stream length")
	}
	// A font program is a few kilobytes; content streams are not fonts.
	zr, err := zlib.NewReader(bytes.NewReader(obj[ds : ds+n]))
	if err != nil {
		return nil, err
	}
	head := make([]byte, 4)
	if _, err := io.ReadFull(zr, head); err != nil || binary.BigEndian.Uint32(head) != 0x00010000 {
		return obj, nil
	}
	rest, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	font := append(head, rest...)
	if !fixFontTime(font) {
		return obj, nil
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(font)
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return slices.Concat(obj[:ls], []byte(strconv.Itoa(z.Len())), []byte(">>stream\n"), z.Bytes(), obj[ds+n:]), nil
}

// fixFontTime sets a TrueType font's modification time to its creation
// time and updates the checksums that cover it.
func fixFontTime(f []byte) bool {
	be := binary.BigEndian
	if len(f) < 12 || len(f)%4 != 0 {
		return false
	}
	n := int(be.Uint16(f[4:]))
	if 12+16*n > len(f) {
		return false
	}
	for k := range n {
		rec := f[12+16*k : 28+16*k]
		if string(rec[:4]) != "head" {
			continue
		}
		off, ln := int(be.Uint32(rec[8:])), int(be.Uint32(rec[12:]))
		end := off + (ln+3)&^3
		if ln < 36 || end > len(f) {
			return false
		}
		t := f[off : off+ln]
		copy(t[28:36], t[20:28]) // modified = created
		be.PutUint32(t[8:], 0)   // checksumAdjustment, left out of the sums
		be.PutUint32(rec[4:], checksum(f[off:end]))
		be.PutUint32(t[8:], 0xB1B0AFBA-checksum(f))
		return true
	}
	return false
}

func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i+4 <= len(b); i += 4 {
		s += binary.BigEndian.Uint32(b[i:])
	}
	return s
}
