package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ghapp-dev/ghapp"
	"github.com/google/go-cmp/cmp"
)

// addFixtures seeds f with every input fixture.
func addFixtures(f *testing.F) {
	f.Helper()
	names, err := filepath.Glob("testdata/input/*")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
}

// FuzzLint checks that no input, read as each form (and as the
// package.json beside an app.yml), panics the linter, that lint exits 0 or
// 1, that its text is safe to print, and that its JSON is one finding a
// line, each placed in the input.
func FuzzLint(f *testing.F) {
	addFixtures(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, name := range []string{"fuzz.json", "fuzz/app.yml", "fuzz.txt", "fuzz"} {
			for _, format := range []string{formatText, formatJSON} {
				var out bytes.Buffer
				a := &app{
					stdin: strings.NewReader(""), stdout: &out, stderr: io.Discard,
					getenv: func(string) string { return "" }, isTerminal: func(io.Writer) bool { return false },
					readFile: func(n string) ([]byte, error) {
						if n == name || n == filepath.Join("fuzz", "package.json") {
							return data, nil
						}
						return nil, fs.ErrNotExist
					},
				}
				code := a.main([]string{"lint", "--format", format, name})
				if code != exitOK && code != exitFindings {
					t.Fatalf("lint %s --format %s: exit code %d", name, format, code)
				}
				if format != formatJSON {
					checkTerminalSafe(t, "stdout", out.String())
					continue
				}
				sc := bufio.NewScanner(&out)
				sc.Buffer(nil, 1<<20)
				for sc.Scan() {
					var fd finding
					if err := json.Unmarshal(sc.Bytes(), &fd); err != nil {
						t.Fatalf("lint %s: %v in %q", name, err, sc.Text())
					}
					if fd.File == "" || fd.Message == "" || fd.Line < 0 || fd.Line > lines || fd.Column < 0 {
						t.Fatalf("lint %s: finding %+v, for an input of %d lines", name, fd, lines)
					}
					if fd.Severity == severityError && code != exitFindings {
						t.Fatalf("lint %s: an error, and exit code %d", name, code)
					}
				}
			}
		}
	})
}

// FuzzAppYAMLRoundTrip checks that a manifest written as app.yml reads back
// as the same manifest: ghapp manifest --to yaml loses nothing.
func FuzzAppYAMLRoundTrip(f *testing.F) {
	addFixtures(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ghapp.ReadManifest(bytes.NewReader(data))
		if err != nil {
			return
		}
		// As GitHub reads it: registration names, no level "none".
		norm, err := ghapp.ReadManifest(bytes.NewReader(manifestJSON(m)))
		if err != nil {
			t.Fatalf("the manifest's own JSON does not read: %v", err)
		}
		a := &app{readFile: func(string) ([]byte, error) { return nil, fs.ErrNotExist }}
		yml := appYAML(m)
		reg, fs := a.readAppYAML("app.yml", yml, readOptions{})
		if !reg.ok {
			t.Fatalf("app.yml does not read back: %v\n%s", fs, yml)
		}
		if diff := cmp.Diff(norm, *reg.manifest); diff != "" {
			t.Errorf("mismatch (-manifest +app.yml):\n%s\n%s", diff, yml)
		}
	})
}
