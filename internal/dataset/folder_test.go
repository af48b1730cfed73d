package dataset_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/claimsmap/claimsmap/internal/datafs"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/dataset/datasettest"
)

// TestBadFolders: every way of breaking a data folder is refused with a
// message naming the file and the reason, and none hangs or exhausts
// memory (the pipe and /dev/zero would).
func TestBadFolders(t *testing.T) {
	for _, b := range datasettest.Breakages() {
		t.Run(b.Name, func(t *testing.T) {
			dir := datasettest.CopyDefault(t)
			b.Break(t, dir)
			_, err := dataset.Load(datafs.Dir(dir))
			if err == nil {
				t.Fatal("Load succeeded")
			}
			t.Log(err)
			for _, w := range b.Want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestDefaultCopyLoads: the copy the breakages start from is valid, so
// each refusal is the breakage's doing.
func TestDefaultCopyLoads(t *testing.T) {
	d, err := dataset.Load(datafs.Dir(datasettest.CopyDefault(t)))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Dates) == 0 {
		t.Error("no snapshots")
	}
}

// TestLinksInsideTheFolder are followed: a folder may share a file
// between two names.
func TestLinksInsideTheFolder(t *testing.T) {
	dir := datasettest.CopyDefault(t)
	datasettest.Symlink("alaska-summit-2025-08-08.txt", "articles/alias.txt")(t, dir)
	d, err := dataset.Load(datafs.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Articles) != 2 || d.Articles[0].Path != "articles/alaska-summit-2025-08-08.txt" || d.Articles[1].Path != "articles/alias.txt" {
		t.Errorf("articles read: %d", len(d.Articles))
	}
}

// stalled is a file system whose files never answer, as a hung network
// mount would.
type stalled struct {
	fstest.MapFS
	release chan struct{}
}

func (s stalled) Open(name string) (fs.File, error) {
	f, err := s.MapFS.Open(name)
	if err != nil || name == "." {
		return f, err
	}
	return stalledFile{f, s.release}, nil
}

type stalledFile struct {
	fs.File
	release chan struct{}
}

func (f stalledFile) Read(b []byte) (int, error) {
	<-f.release
	return 0, io.ErrUnexpectedEOF
}

// TestReadDeadline: a read that never returns fails the load when the
// time is up, naming the file, instead of holding it (and every later
// reload) for ever.
func TestReadDeadline(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	fsys := stalled{MapFS: fstest.MapFS{"manifest.json": {Data: []byte("{}")}}, release: release}
	_, err := dataset.LoadContext(context.Background(), fsys, dataset.Limits{Timeout: 50 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "manifest.json: no answer after 50ms reading the data folder") {
		t.Errorf("Load of a stalled folder: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := dataset.LoadContext(ctx, fsys, dataset.Limits{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Load with a cancelled context: %v", err)
	}
}

// TestLimitsForAnyFS: the size limits hold for any fs.FS, including one
// whose files are bigger than they say (as in /proc) and one that serves
// a special file.
func TestLimitsForAnyFS(t *testing.T) {
	big := strings.Repeat("x", 2000)
	for _, tc := range []struct {
		name string
		fsys fs.FS
		want string
	}{
		{"special file", fstest.MapFS{"manifest.json": {Data: []byte("{}"), Mode: fs.ModeNamedPipe}}, "manifest.json: not a regular file (named pipe)"},
		{"over the limit", fstest.MapFS{"manifest.json": {Data: []byte(big)}}, "manifest.json: 2000 bytes, over the 1000 bytes limit for one file"},
		{"bigger than it says", liar{fstest.MapFS{"manifest.json": {Data: []byte(big)}}}, "manifest.json: 1001 bytes, over the 1000 bytes limit for one file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dataset.LoadContext(context.Background(), tc.fsys, dataset.Limits{FileBytes: 1000})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
		})
	}
}

// liar says every file is empty.
type liar struct{ fstest.MapFS }

func (l liar) Stat(name string) (fs.FileInfo, error) {
	st, err := l.MapFS.Stat(name)
	if err != nil {
		return nil, err
	}
	return emptyInfo{st}, nil
}

func (l liar) Open(name string) (fs.File, error) {
	f, err := l.MapFS.Open(name)
	if err != nil {
		return nil, err
	}
	return liarFile{f}, nil
}

type liarFile struct{ fs.File }

func (f liarFile) Stat() (fs.FileInfo, error) {
	st, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return emptyInfo{st}, nil
}

type emptyInfo struct{ fs.FileInfo }

func (emptyInfo) Size() int64 { return 0 }
