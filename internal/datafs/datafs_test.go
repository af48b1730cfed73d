package datafs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"testing/fstest"
)

// folder makes a data folder with two files, one in a subfolder, and a
// file outside it for links to lead to.
func folder(t *testing.T) (dir, outside string) {
	t.Helper()
	dir, outside = t.TempDir(), filepath.Join(t.TempDir(), "secret.txt")
	must(t, os.WriteFile(outside, []byte("secret"), 0o644))
	must(t, os.Mkdir(filepath.Join(dir, "articles"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "manifest.json"), []byte("{}"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "articles", "a.txt"), []byte("a"), 0o644))
	return dir, outside
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestDirIsAnFS(t *testing.T) {
	dir, _ := folder(t)
	must(t, os.Symlink("a.txt", filepath.Join(dir, "articles", "b.txt")))
	if err := fstest.TestFS(Dir(dir), "manifest.json", "articles/a.txt", "articles/b.txt"); err != nil {
		t.Fatal(err)
	}
}

func TestDirRefuses(t *testing.T) {
	dir, outside := folder(t)
	link := func(target, name string) func(t *testing.T) {
		return func(t *testing.T) { must(t, os.Symlink(target, filepath.Join(dir, name))) }
	}
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T)
		path  string
		want  error
		kind  string // of a NotRegularError
	}{
		{"link to /dev/zero", link("/dev/zero", "articles/zero.txt"), "articles/zero.txt", ErrOutside, ""},
		{"link out of the folder", link(outside, "articles/passwd.txt"), "articles/passwd.txt", ErrOutside, ""},
		{"relative link out", link("../../"+filepath.Base(filepath.Dir(outside))+"/secret.txt", "articles/rel.txt"), "articles/rel.txt", ErrOutside, ""},
		{"folder linked out", link(filepath.Dir(outside), "layers"), "layers/secret.txt", ErrOutside, ""},
		{"loop", func(t *testing.T) {
			link("loop2.txt", "articles/loop1.txt")(t)
			link("loop1.txt", "articles/loop2.txt")(t)
		}, "articles/loop1.txt", ErrLoop, ""},
		{"broken link", link("nothing.txt", "articles/broken.txt"), "articles/broken.txt", ErrBrokenLink, ""},
		{"named pipe", func(t *testing.T) { must(t, syscall.Mkfifo(filepath.Join(dir, "articles", "pipe.txt"), 0o644)) }, "articles/pipe.txt", nil, "named pipe"},
		{"link to a pipe inside", func(t *testing.T) {
			must(t, syscall.Mkfifo(filepath.Join(dir, "articles", "pipe2"), 0o644))
			link("pipe2", "articles/pipe2.txt")(t)
		}, "articles/pipe2.txt", nil, "named pipe"},
		{"dot dot", nil, "../secret.txt", fs.ErrInvalid, ""},
		{"absolute", nil, "/etc/passwd", fs.ErrInvalid, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.setup != nil {
				tc.setup(t)
			}
			f, err := Dir(dir).Open(tc.path)
			if err == nil {
				f.Close()
				t.Fatalf("Open(%q) succeeded", tc.path)
			}
			var pe *fs.PathError
			if !errors.As(err, &pe) || pe.Path != tc.path {
				t.Errorf("error %v does not name %s", err, tc.path)
			}
			var nr *NotRegularError
			switch {
			case tc.kind != "":
				if !errors.As(err, &nr) || Kind(nr.Mode) != tc.kind {
					t.Errorf("error = %v, want a %s refused", err, tc.kind)
				}
			case !errors.Is(err, tc.want):
				t.Errorf("error = %v, want %v", err, tc.want)
			}
			if _, err := fs.ReadFile(Dir(dir), tc.path); err == nil {
				t.Errorf("ReadFile(%q) succeeded", tc.path)
			}
		})
	}
}

// TestStatDoesNotOpen: a pipe is described, not opened, so a caller can
// refuse it with its type.
func TestStatDoesNotOpen(t *testing.T) {
	dir, _ := folder(t)
	must(t, syscall.Mkfifo(filepath.Join(dir, "articles", "pipe.txt"), 0o644))
	st, err := Dir(dir).Stat("articles/pipe.txt")
	if err != nil {
		t.Fatal(err)
	}
	if Kind(st.Mode()) != "named pipe" {
		t.Errorf("kind %s", Kind(st.Mode()))
	}
}

// TestDevice: a device node inside the folder (which only root can make)
// is refused without being read.
func TestDevice(t *testing.T) {
	dir, _ := folder(t)
	p := filepath.Join(dir, "articles", "zero.txt")
	if err := syscall.Mknod(p, syscall.S_IFCHR|0o644, 1<<8|5); err != nil {
		t.Skipf("cannot make a device node here (%v): not tested", err)
	}
	_, err := Dir(dir).Open("articles/zero.txt")
	var nr *NotRegularError
	if !errors.As(err, &nr) || Kind(nr.Mode) != "character device" {
		t.Errorf("Open of a device: %v", err)
	}
}

// TestFolderSwapped: each call looks the folder up again, so a folder
// renamed into place is what the next load reads.
func TestFolderSwapped(t *testing.T) {
	parent := t.TempDir()
	data := filepath.Join(parent, "data")
	for i, v := range []string{"one", "two"} {
		tmp := filepath.Join(parent, v)
		must(t, os.Mkdir(tmp, 0o755))
		must(t, os.WriteFile(filepath.Join(tmp, "f.txt"), []byte(v), 0o644))
		if i == 1 {
			must(t, os.Rename(data, filepath.Join(parent, "old")))
		}
		must(t, os.Rename(tmp, data))
		b, err := fs.ReadFile(Dir(data), "f.txt")
		if err != nil || string(b) != v {
			t.Errorf("read %q, %v; want %q", b, err, v)
		}
	}
}
