// Package datafs reads a dataset folder that may not be trustworthy: one
// given with --data, edited by hand or unpacked from elsewhere. It serves
// only the regular files and directories inside the folder, so that a
// symbolic link cannot lead the reader to /dev/zero or /etc/passwd, and a
// named pipe or a device is refused before it is opened (opening a pipe
// waits for a writer that may never come).
package datafs

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"strings"
	"syscall"
)

// Refusals, wrapped in an *fs.PathError naming the file.
var (
	// ErrOutside is a path through a symbolic link leading out of the folder.
	ErrOutside = errors.New("a symbolic link leading out of the data folder")
	// ErrLoop is a path through symbolic links that lead to each other.
	ErrLoop = errors.New("a loop of symbolic links")
	// ErrBrokenLink is a symbolic link to nothing.
	ErrBrokenLink = errors.New("a symbolic link to a file that does not exist")
	// ErrChanged is a file replaced between being looked at and opened.
	ErrChanged = errors.New("replaced while being opened; try again once the folder is stable")
)

// NotRegularError refuses a file that is neither a regular file nor a
// directory: a named pipe, a device, a socket.
type NotRegularError struct{ Mode fs.FileMode }

func (e *NotRegularError) Error() string {
	return "not a regular file (" + Kind(e.Mode) + ")"
}

// Kind names the type of file mode describes, in words for the person
// fixing the folder.
func Kind(mode fs.FileMode) string {
	switch {
	case mode.IsRegular():
		return "regular file"
	case mode.IsDir():
		return "directory"
	case mode&fs.ModeSymlink != 0:
		return "symbolic link"
	case mode&fs.ModeNamedPipe != 0:
		return "named pipe"
	case mode&fs.ModeSocket != 0:
		return "socket"
	case mode&fs.ModeCharDevice != 0:
		return "character device"
	case mode&fs.ModeDevice != 0:
		return "block device"
	}
	return "special file"
}

// Dir is a folder on disk read as an fs.FS confined to it, like os.DirFS
// but refusing what a dataset reader must not touch: paths through
// symbolic links that leave the folder (links inside it are followed),
// and anything but regular files and directories. Each call resolves the
// folder's path anew, so a folder swapped for another (a deploy renaming
// a new release into place) is read whole on the next load, as with
// os.DirFS.
//
// Reading is not bounded here: the dataset loader caps sizes and time,
// for any fs.FS.
type Dir string

var (
	_ fs.StatFS     = Dir("")
	_ fs.ReadDirFS  = Dir("")
	_ fs.ReadLinkFS = Dir("")
)

// Open opens a regular file or a directory for reading. The file is
// looked at before it is opened, and opened without waiting (O_NONBLOCK),
// so that a pipe put in place between the two cannot block; it is then
// checked again through the open descriptor.
func (d Dir) Open(name string) (fs.File, error) {
	return d.open("open", name)
}

func (d Dir) open(op, name string) (*os.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	st, err := stat(root, op, name)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() && !st.IsDir() {
		return nil, &fs.PathError{Op: op, Path: name, Err: &NotRegularError{Mode: st.Mode()}}
	}
	f, err := root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: classify(root, name, err)}
	}
	fst, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	if !fst.Mode().IsRegular() && !fst.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: op, Path: name, Err: &NotRegularError{Mode: fst.Mode()}}
	}
	if !os.SameFile(st, fst) {
		f.Close()
		return nil, &fs.PathError{Op: op, Path: name, Err: ErrChanged}
	}
	return f, nil
}

// Stat describes the file name leads to (following symbolic links inside
// the folder) without opening it, whatever its type.
func (d Dir) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return stat(root, "stat", name)
}

// Lstat describes name itself, not following a final symbolic link, as a
// directory listing does.
func (d Dir) Lstat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrInvalid}
	}
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	st, err := root.Lstat(name)
	if err != nil {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: classify(root, name, err)}
	}
	return st, nil
}

// ReadLink returns the target of the symbolic link name, which Open
// follows only if it stays in the folder.
func (d Dir) ReadLink(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return "", err
	}
	defer root.Close()
	return root.Readlink(name)
}

// ReadDir lists a directory, sorted by name.
func (d Dir) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := d.open("readdir", name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	es, err := f.ReadDir(-1)
	slices.SortFunc(es, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return es, err
}

func stat(root *os.Root, op, name string) (fs.FileInfo, error) {
	st, err := root.Stat(name)
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: classify(root, name, err)}
	}
	return st, nil
}

// classify turns an error of os.Root into one a person can act on.
func classify(root *os.Root, name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var errno syscall.Errno
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if lst, lerr := root.Lstat(name); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
			return ErrBrokenLink
		}
		return fs.ErrNotExist
	case errors.Is(err, syscall.ELOOP):
		return ErrLoop
	case errors.Is(err, fs.ErrInvalid):
		return err
	case !errors.As(err, &errno):
		// For a valid path os.Root fails without an errno only when
		// resolving it leaves the root ("path escapes from parent"):
		// through a symbolic link, as the path itself has no "..".
		return ErrOutside
	}
	return err
}
