package ghapp

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// writeFileAtomic writes data to path, readable and writable by its owner
// only (mode 0600), so that path holds either what it held before or all of
// data, never a part:
//
//   - data goes to a new temporary file in path's folder, created with
//     O_EXCL and O_NOFOLLOW (no file or link of that name is reused), then
//     synced to disk;
//   - that file then takes path's name: with a hard link when overwrite is
//     false, which fails if path exists, however late it appeared; by
//     renaming it over path when overwrite is true. Neither follows a
//     symbolic link at path: a link swapped in at the last moment is
//     replaced (overwrite) or left alone, never written through;
//   - path is refused first, with an error wrapping [ErrUnsafeFile] and
//     [fs.ErrExist], when it names a symbolic link (dangling or not), a
//     regular file with other hard links, a FIFO, a device or a folder; and
//     with one wrapping fs.ErrExist alone when it is a regular file and
//     overwrite is false.
//
// The temporary file is removed on every failure. what names the file in
// errors ("env file").
func writeFileAtomic(path string, data []byte, overwrite bool, what string) (err error) {
	fail := func(err error) error { return fmt.Errorf("ghapp: %s %s: %w", what, path, err) }
	if err := checkReplaceable(path, overwrite); err != nil {
		return fail(err)
	}
	dir := filepath.Dir(path)
	var suffix [8]byte
	if _, err := rand.Read(suffix[:]); err != nil {
		return fail(err)
	}
	name := filepath.Base(path)
	if !strings.HasPrefix(name, ".") {
		name = "." + name // hidden, as .env is
	}
	tmp := filepath.Join(dir, name+".tmp-"+hex.EncodeToString(suffix[:]))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL|oNoFollow, 0o600)
	if err != nil {
		return fail(err)
	}
	placed := false
	defer func() {
		if !placed {
			_ = os.Remove(tmp)
		}
	}()
	// The umask may have taken bits away; the file is 0600 exactly.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fail(err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if !overwrite {
		err := os.Link(tmp, path)
		switch {
		case err == nil:
			syncDir(dir)
			return nil // the deferred Remove drops the temporary name
		case errors.Is(err, fs.ErrExist):
			return fail(err)
		}
		// A file system without hard links: check again, then rename,
		// leaving only the moment between the two for a file to appear.
		if err := checkReplaceable(path, false); err != nil {
			return fail(err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return fail(err)
	}
	placed = true
	syncDir(dir)
	return nil
}

// checkReplaceable returns nil when path is free, or names a regular file
// with one link and overwrite is true.
func checkReplaceable(path string, overwrite bool) error {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	}
	kind := ""
	switch mode := fi.Mode(); {
	case mode&fs.ModeSymlink != 0:
		kind = "a symbolic link"
	case mode.IsDir():
		kind = "a folder"
	case mode&fs.ModeNamedPipe != 0:
		kind = "a FIFO"
	case !mode.IsRegular():
		kind = "not a regular file"
	default:
		if n, ok := linkCount(fi); ok && n > 1 {
			kind = "a file with other hard links"
		}
	}
	if kind != "" {
		return fmt.Errorf("%w: the path names %s (%w)", ErrUnsafeFile, kind, fs.ErrExist)
	}
	if !overwrite {
		return fmt.Errorf("%w (replace it only by asking to overwrite)", fs.ErrExist)
	}
	return nil
}

// syncDir syncs a folder, so that a new name in it lasts a crash; file
// systems that cannot are left as they are.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
