// Command gen writes the catalogue tables of package ghapp (catalog_*.go)
// from internal/catalog/catalog.txt.
//
// Run it from the repository root, through "go generate ./...":
//
//	go run ./internal/catalog/gen [-dir DIR]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/ghapp-dev/ghapp/internal/catalog"
)

func main() {
	dir := flag.String("dir", ".", "directory of package ghapp, where the catalog_*.go files go")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	c, err := catalog.Load()
	if err != nil {
		return fmt.Errorf("catalog.txt: %v", err)
	}
	files, err := c.Generate()
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(dir, name), files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
