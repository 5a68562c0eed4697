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

// unescapeProperty undoes escapeProperty.
func unescapeProperty(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

// FuzzDriftOutput checks drift's own formats with any text GitHub or a
// file may hold (an app's name, an account, a setting, a file name):
// github writes one workflow command a line, each with properties that
// read back as written and a file that reads back as the input's name;
// json is one object that reads back with the same name; both are safe to
// print.
func FuzzDriftOutput(f *testing.F) {
	f.Add("Octocat App", "octocat", "https://example.com", "app.yml")
	f.Add("a\x1b[2J\u202e", "x,y::z", "100%\r\n::error::owned", "dir,with:odd%names\n.yml")
	f.Fuzz(func(t *testing.T, name, login, value, file string) {
		d := &ghapp.Drift{
			App:          ghapp.App{ID: 1, Slug: "octoapp", Name: name, Owner: ghapp.Account{Login: login, Type: "User"}},
			Settings:     []ghapp.SettingChange{{Field: "name", Live: name, Code: value}},
			Registration: ghapp.ConfigDiff{AddedEvents: []ghapp.Event{ghapp.Event(value)}},
			NotCompared:  []string{value},
			Lagging: []ghapp.LaggingInstallation{{ID: 1, Account: ghapp.Account{Login: login, Type: name},
				Pending: ghapp.PermissionDiff{Added: []ghapp.PermissionChange{{Permission: ghapp.Permission(value), New: ghapp.LevelRead}}}, AcceptURL: value}},
			SettingsURL: value, PermissionsURL: login,
		}
		reg := &registration{name: file, placeOf: func(*ghapp.FieldError) place { return place{file, 2, 3} }}
		cmds := driftCommands(d, reg)
		checkTerminalSafe(t, "github", cmds)
		lines := strings.Split(strings.TrimSuffix(cmds, "\n"), "\n")
		if len(lines) != 4 { // the setting, the event, the installation, what is not compared
			t.Fatalf("%d workflow commands, want 4:\n%s", len(lines), cmds)
		}
		for _, line := range lines {
			rest, ok := strings.CutPrefix(line, "::error ")
			if !ok {
				rest, ok = strings.CutPrefix(line, "::notice ")
			}
			props, _, ok2 := strings.Cut(rest, "::")
			if !ok || !ok2 {
				t.Fatalf("not a workflow command: %q", line)
			}
			for _, p := range strings.Split(props, ",") {
				k, v, ok := strings.Cut(p, "=")
				switch {
				case !ok || strings.Contains(v, ":"): // the runner splits at the first "="
					t.Fatalf("property %q of %q", p, line)
				case k == "file" && !strings.HasPrefix(file, "<") && unescapeProperty(v) != safe(file):
					t.Fatalf("file %q reads back as %q", safe(file), unescapeProperty(v))
				case k != "file" && k != "line" && k != "col" && k != "title":
					t.Fatalf("property %q of %q", k, line)
				}
			}
		}
		out := driftJSON(d)
		checkTerminalSafe(t, "json", string(out))
		var back struct {
			InSync bool `json:"in_sync"`
			App    struct {
				Name string `json:"name"`
			} `json:"app"`
		}
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("json: %v\n%s", err, out)
		}
		if back.InSync || back.App.Name != safe(name) {
			t.Fatalf("json reads back as in_sync %v, name %q; want false, %q", back.InSync, back.App.Name, safe(name))
		}
	})
}
