//go:build !unix

package ghapp

import "io/fs"

// oNoFollow is 0 where the system has no O_NOFOLLOW; O_EXCL alone keeps
// os.OpenFile from reusing an existing name.
const oNoFollow = 0

// linkCount does not know the number of hard links on this system.
func linkCount(fs.FileInfo) (uint64, bool) { return 0, false }
