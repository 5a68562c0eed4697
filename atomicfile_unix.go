//go:build unix

package ghapp

import (
	"io/fs"
	"syscall"
)

// oNoFollow makes os.OpenFile fail rather than follow a symbolic link.
const oNoFollow = syscall.O_NOFOLLOW

// linkCount returns the number of hard links to the file fi describes.
func linkCount(fi fs.FileInfo) (uint64, bool) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink), true
	}
	return 0, false
}
