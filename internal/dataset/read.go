package dataset

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/claimsmap/claimsmap/internal/datafs"
)

// Default limits on what Load reads. The default dataset is about 2 MiB;
// a file of a detailed control layer a few MiB.
const (
	MaxFileBytes   = 64 << 20
	MaxFolderBytes = 512 << 20
	ReadTimeout    = 30 * time.Second
)

// Limits bound what Load reads, so that a folder it cannot trust (a link
// to /dev/zero, a file of gigabytes, a file system that stops answering)
// can neither exhaust the server's memory nor hold a reload for ever. A
// zero field takes the default.
type Limits struct {
	// FileBytes caps one file; FolderBytes all the files read together.
	FileBytes, FolderBytes int64
	// Timeout bounds reading the whole folder.
	Timeout time.Duration
}

func (l Limits) orDefaults() Limits {
	if l.FileBytes <= 0 {
		l.FileBytes = MaxFileBytes
	}
	if l.FolderBytes <= 0 {
		l.FolderBytes = MaxFolderBytes
	}
	if l.Timeout <= 0 {
		l.Timeout = ReadTimeout
	}
	return l
}

// folder is what reading a dataset folder yields, before any decoding.
type folder struct {
	manifest *Manifest
	raw      map[string][]byte
	articles []string
	// errs are problems in files that do not stop the others being
	// checked; a missing or unreadable listed file stops decoding
	// (missing is set), since layers refer to each other.
	errs    []error
	missing bool
}

// readFolder reads every file Load needs within lim.Timeout. It reads in
// a goroutine of its own: a read that blocks in the kernel (a hung network
// file system) cannot be interrupted, but the caller gets its error on
// time, and the goroutine ends with the read.
func readFolder(ctx context.Context, fsys fs.FS, lim Limits) (*folder, error) {
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	type result struct {
		f   *folder
		err error
	}
	done := make(chan result, 1)
	var at atomic.Value // the path being read, for the timeout's message
	at.Store(".")
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: fmt.Errorf("%s: reading the data folder failed unexpectedly: %v", at.Load(), r)}
			}
		}()
		r := &reader{ctx: ctx, fsys: fsys, lim: lim, at: &at}
		f, err := r.read()
		done <- result{f, err}
	}()
	select {
	case r := <-done:
		return r.f, r.err
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("%s: no answer after %s reading the data folder; is it on a file system that has stopped responding?", at.Load(), lim.Timeout)
		}
		return nil, fmt.Errorf("reading the data folder: %w", ctx.Err())
	}
}

type reader struct {
	ctx  context.Context
	fsys fs.FS
	lim  Limits
	at   *atomic.Value
	done int64 // bytes read so far
}

func (r *reader) read() (*folder, error) {
	r.at.Store(ManifestName)
	if _, err := r.stat(ManifestName); err != nil {
		return nil, fmt.Errorf("reading dataset: %w", err)
	}
	mb, err := r.readFile(ManifestName)
	if err != nil {
		return nil, fmt.Errorf("reading dataset: %w", err)
	}
	m, err := ParseManifest(mb)
	if err != nil {
		return nil, err
	}
	f := &folder{manifest: m, raw: map[string][]byte{ManifestName: mb}}
	articles, err := r.scan(m)
	if err != nil {
		f.errs = append(f.errs, err)
	}
	// Look at every file before reading any: a folder over the limit is
	// refused without reading a byte of it.
	sizes := map[string]int64{}
	total := int64(len(mb))
	for _, lf := range m.Files {
		st, err := r.stat(lf.Path)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("%w (listed in %s)", err, ManifestName))
			f.missing = true
			continue
		}
		sizes[lf.Path] = st.Size()
		total += st.Size()
	}
	// The figures file is optional, and read like a listed file.
	var extra []string
	if _, err := fs.Stat(r.fsys, FiguresName); err == nil || !errors.Is(err, fs.ErrNotExist) {
		st, err := r.stat(FiguresName)
		if err != nil {
			f.errs = append(f.errs, err)
			f.missing = true
		} else {
			sizes[FiguresName] = st.Size()
			total += st.Size()
			extra = append(extra, FiguresName)
		}
	}
	for _, p := range articles {
		st, err := r.stat(p)
		if err != nil {
			f.errs = append(f.errs, err)
			continue
		}
		sizes[p] = st.Size()
		total += st.Size()
		f.articles = append(f.articles, p)
	}
	if total > r.lim.FolderBytes {
		f.errs = append(f.errs, fmt.Errorf("the files to read add up to %s, over the %s limit for one data folder (largest: %s)", size(total), size(r.lim.FolderBytes), largest(sizes, 3)))
		f.missing = true
		return f, nil
	}
	if f.missing {
		return f, nil
	}
	for _, lf := range m.Files {
		b, err := r.readFile(lf.Path)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("%w (listed in %s)", err, ManifestName))
			f.missing = true
			continue
		}
		f.raw[lf.Path] = b
	}
	for _, p := range extra {
		b, err := r.readFile(p)
		if err != nil {
			f.errs = append(f.errs, err)
			f.missing = true
			continue
		}
		f.raw[p] = b
	}
	articles, f.articles = f.articles, nil
	for _, p := range articles {
		b, err := r.readFile(p)
		if err != nil {
			f.errs = append(f.errs, err)
			continue
		}
		f.raw[p] = b
		f.articles = append(f.articles, p)
	}
	return f, r.ctx.Err()
}

// scan checks every file in the folder is either in the manifest or an
// article (a file dropped in but not described would be served without
// provenance), and returns the articles' paths. It opens no file: what a
// name leads to is looked at when it is read.
func (r *reader) scan(m *Manifest) ([]string, error) {
	listed := map[string]bool{ManifestName: true, FiguresName: true}
	for _, f := range m.Files {
		listed[f.Path] = true
	}
	var articles []string
	var problems []error
	err := fs.WalkDir(r.fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			problems = append(problems, fileError(p, err))
			return nil
		}
		if cerr := r.ctx.Err(); cerr != nil {
			return cerr
		}
		r.at.Store(p)
		if e.IsDir() || strings.HasPrefix(path.Base(p), ".") || listed[p] {
			return nil
		}
		if path.Dir(p) == ArticlesDir && (path.Ext(p) == ".txt" || path.Ext(p) == ".md") {
			articles = append(articles, p)
			return nil
		}
		problems = append(problems, fmt.Errorf("%s: not listed in %s (add it with its source, method and licence, or put articles in %s/)", p, ManifestName, ArticlesDir))
		return nil
	})
	if err != nil {
		return nil, fileError(".", err)
	}
	return articles, errors.Join(problems...)
}

// stat looks at name without opening it and refuses anything but a
// regular file within the size limit.
func (r *reader) stat(name string) (fs.FileInfo, error) {
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	r.at.Store(name)
	st, err := fs.Stat(r.fsys, name)
	if err != nil {
		return nil, fileError(name, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fileError(name, &datafs.NotRegularError{Mode: st.Mode()})
	}
	if st.Size() > r.lim.FileBytes {
		return nil, r.tooBig(name, st.Size())
	}
	return st, nil
}

// readFile reads a file stat has accepted, stopping at the limits even if
// the file grew (or its size was not what it said, as in /proc).
func (r *reader) readFile(name string) ([]byte, error) {
	if err := r.ctx.Err(); err != nil {
		return nil, err
	}
	r.at.Store(name)
	f, err := r.fsys.Open(name)
	if err != nil {
		return nil, fileError(name, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fileError(name, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fileError(name, &datafs.NotRegularError{Mode: st.Mode()})
	}
	limit := min(r.lim.FileBytes, r.lim.FolderBytes-r.done)
	buf := make([]byte, 0, min(st.Size(), limit)+1)
	b, err := readAll(io.LimitReader(f, limit+1), buf)
	if err != nil {
		return nil, fileError(name, err)
	}
	if int64(len(b)) > limit {
		if limit < r.lim.FileBytes {
			return nil, fmt.Errorf("%s: grew while being read, beyond the %s limit for one data folder", name, size(r.lim.FolderBytes))
		}
		return nil, r.tooBig(name, int64(len(b)))
	}
	r.done += int64(len(b))
	return b, nil
}

func readAll(rd io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := rd.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

func (r *reader) tooBig(name string, n int64) error {
	return fmt.Errorf("%s: %s, over the %s limit for one file", name, size(n), size(r.lim.FileBytes))
}

// fileError says what is wrong with name without the operation that found
// it ("open", "statat"), which means nothing to the person fixing the
// folder.
func fileError(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s: no such file", name)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// size says n bytes in MiB, or bytes when small.
func size(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%d bytes", n)
	}
	s := fmt.Sprintf("%.1f", float64(n)/(1<<20))
	return strings.TrimSuffix(s, ".0") + " MiB"
}

func largest(sizes map[string]int64, n int) string {
	names := make([]string, 0, len(sizes))
	for k := range sizes {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if sizes[names[i]] != sizes[names[j]] {
			return sizes[names[i]] > sizes[names[j]]
		}
		return names[i] < names[j]
	})
	var parts []string
	for _, k := range names[:min(n, len(names))] {
		parts = append(parts, k+" "+size(sizes[k]))
	}
	return strings.Join(parts, ", ")
}
