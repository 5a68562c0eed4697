package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/ghapp-dev/ghapp"
	"github.com/google/go-cmp/cmp"
)

func TestEscapeWorkflowCommand(t *testing.T) {
	// The escapes of actions/toolkit's packages/core/src/command.ts:
	// escapeData replaces %, \r, \n; escapeProperty also : and ,.
	tests := []struct {
		name, in, data, property string
	}{
		{"plain", "app.yml", "app.yml", "app.yml"},
		{"percent first", "100%0A", "100%250A", "100%250A"},
		{"line breaks", "a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"colon and comma", "dir:a,b.yml", "dir:a,b.yml", "dir%3Aa%2Cb.yml"},
		{"command in a message", "x\n::error::owned", "x%0A::error::owned", "x%0A%3A%3Aerror%3A%3Aowned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := escapeData(tt.in); got != tt.data {
				t.Errorf("escapeData(%q) = %q, want %q", tt.in, got, tt.data)
			}
			if got := escapeProperty(tt.in); got != tt.property {
				t.Errorf("escapeProperty(%q) = %q, want %q", tt.in, got, tt.property)
			}
		})
	}
}

func TestGitHubFindings(t *testing.T) {
	f := func(file string, line int, msg string) finding {
		return finding{File: file, Line: line, Column: 2, Field: "name", Message: msg, Severity: severityError, Rule: "too-long"}
	}
	t.Run("escaped", func(t *testing.T) {
		var b bytes.Buffer
		if err := writeGitHubFindings(&b, []finding{f("a,b:c%.yml", 3, "100% sure\nnot")}); err != nil {
			t.Fatal(err)
		}
		want := "::error file=a%2Cb%3Ac%25.yml,line=3,col=2,title=ghapp::name: 100%25 sure%0Anot\n"
		if diff := cmp.Diff(want, b.String()); diff != "" {
			t.Errorf("mismatch (-want +got):\n%s", diff)
		}
	})
	for _, n := range []int{annotationLimit, annotationLimit + 1} {
		t.Run(strconv.Itoa(n)+" errors", func(t *testing.T) {
			var fs []finding
			for i := range n {
				fs = append(fs, f("app.yml", i+1, "m"))
			}
			var b bytes.Buffer
			if err := writeGitHubFindings(&b, fs); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			notice := strings.HasPrefix(lines[len(lines)-1], "::notice ")
			if want := n > annotationLimit; notice != want {
				t.Errorf("notice %v, want %v:\n%s", notice, want, b.String())
			}
			if got := len(lines) - boolRank(notice); got != n {
				t.Errorf("%d workflow commands for %d findings", got, n)
			}
		})
	}
}

func TestSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"octoapp", "octoapp"},
		{"café ☕", "café ☕"},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"bell\a", `bell\a`},
		{"csi \u009b", `csi \u009b`},
		{"rtl \u202eevil", `rtl \u202eevil`},
		{"tab\tand\nline", `tab\tand\nline`},
		{"bad \xff byte", `bad \xff byte`},
		{"del \x7f", `del \x7f`},
	}
	for _, tt := range tests {
		if got := safe(tt.in); got != tt.want {
			t.Errorf("safe(%q) = %q, want %q", tt.in, got, tt.want)
		}
		checkTerminalSafe(t, "safe", safe(tt.in))
	}
	if got, want := safeLines("a\x1b\nb"), "a\\x1b\nb"; got != want {
		t.Errorf("safeLines = %q, want %q", got, want)
	}
}

func TestDetectForm(t *testing.T) {
	tests := []struct {
		name, data string
		want       form
	}{
		{"m.json", "name: x", formManifest},
		{"app.yml", "{}", formYAML},
		{"app.YAML", "", formYAML},
		{"links.txt", "{", formLinks},
		{"a.links", "", formLinks},
		{"manifest", "  \n{\"url\": \"x\"}", formManifest},
		{"links", "# mine\n\n  https://github.com/settings/apps/new\n", formLinks},
		{"links", "HTTP://github.com/settings/apps/new", formLinks},
		{"app", "# probot\nname: x\n", formYAML},
		{"-", "", formYAML},
	}
	for _, tt := range tests {
		if got := detectForm(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("detectForm(%q, %q) = %v, want %v", tt.name, tt.data, got, tt.want)
		}
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantRest []string
		wantPlan string
	}{
		{"flags first", []string{"--plan", "ghes", "a", "b"}, []string{"a", "b"}, "ghes"},
		{"flags after", []string{"a", "--plan=ghec", "b"}, []string{"a", "b"}, "ghec"},
		{"single dash", []string{"a", "-plan", "ghec"}, []string{"a"}, "ghec"},
		{"stdin", []string{"-", "--plan", "ghes"}, []string{"-"}, "ghes"},
		{"double dash", []string{"a", "--", "--plan", "b"}, []string{"a", "--plan", "b"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			plan := fs.String("plan", "", "")
			rest, err := parseFlags(fs, tt.args)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantRest, rest); diff != "" {
				t.Errorf("arguments mismatch (-want +got):\n%s", diff)
			}
			if *plan != tt.wantPlan {
				t.Errorf("--plan = %q, want %q", *plan, tt.wantPlan)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	names := []string{"lint", "url", "manifest", "diff", "scopes", "explain", "help"}
	tests := []struct{ in, want string }{
		{"lnit", "lint"}, {"lit", "lint"}, {"man", "manifest"}, {"Lint", "lint"},
		{"expalin", "explain"}, {"zzz", ""}, {"", ""},
	}
	for _, tt := range tests {
		if got := suggest(tt.in, names); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTruthy(t *testing.T) {
	for in, want := range map[string]bool{
		`"x"`: true, `""`: false, `null`: false, `false`: false, `true`: true,
		`0`: false, `0.0`: false, `1`: true, `"0"`: true, `{}`: true, `[]`: true,
	} {
		if got := truthy(json.RawMessage(in)); got != want {
			t.Errorf("truthy(%s) = %v, want %v", in, got, want)
		}
	}
}

func TestLinkParamAt(t *testing.T) {
	link := "https://github.com/settings/apps/new?name=a&events[]=push&events%5B%5D=issues&checks=write#x"
	tests := []struct {
		field string
		want  int
	}{
		{"name", strings.Index(link, "name=")},
		{"events[0]", strings.Index(link, "events[]")},
		{"events[1]", strings.Index(link, "events%5B")},
		{"permissions.checks", strings.Index(link, "checks=")},
		{"default_permissions.checks", strings.Index(link, "checks=")},
		{"default_events[1]", strings.Index(link, "events%5B")},
		{"events[2]", 0},
		{"url", 0},
		{"", 0},
	}
	for _, tt := range tests {
		if got := linkParamAt(link, tt.field); got != tt.want {
			t.Errorf("linkParamAt(%q) = %d, want %d", tt.field, got, tt.want)
		}
	}
}

func TestJSONPlaces(t *testing.T) {
	data := []byte("{\n  \"name\": \"é\",\n  \"default_events\": [\"push\", \"issues\"],\n" +
		"  \"default_permissions\": {\"issues\": \"write\"},\n  \"hook_attributes\": {\"url\": \"https://x\"}\n}")
	ps := jsonPlaces("m.json", data)
	tests := []struct {
		field        string
		line, column int
	}{
		{"name", 2, 11},
		{"default_events", 3, 21},
		{"default_events[1]", 3, 30},
		{"default_events[9]", 3, 21}, // not there: the list
		{"default_permissions.issues", 4, 27},
		{"default_permissions.contents", 4, 26},
		{"hook_attributes.url", 5, 30},
		{"events[0]", 3, 22}, // a link's name for default_events[0]
		{"webhook_url", 5, 30},
		{"nothing", 1, 1},
	}
	for _, tt := range tests {
		if got, want := ps.find(tt.field), (place{"m.json", tt.line, tt.column}); got != want {
			t.Errorf("find(%q) = %v, want %v", tt.field, got, want)
		}
	}
}

// positions returns each finding as "field line:column" or, for one in
// another file, "file: field line:column".
func positions(fs []finding, file string) []string {
	var out []string
	for _, f := range fs {
		s := f.Field + " " + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Column)
		if f.File != file {
			s = f.File + ": " + s
		}
		out = append(out, s)
	}
	return out
}

// lintFile reads and checks one fixture as lint does, without a target.
func lintFile(t *testing.T, name string) []finding {
	t.Helper()
	a := &app{readFile: readFileBounded, getenv: func(string) string { return "" }}
	regs, fs, err := a.readArg(name, readOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, reg := range regs {
		if reg.ok {
			fs = append(fs, a.checkTarget(reg, targetFlags{}, ghapp.Target{})...)
		}
	}
	sortFindings(name, fs)
	return fs
}

// TestPositions checks the line and column of each mistake class in each
// input form, counted by hand in the fixtures.
func TestPositions(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"manifest-bad.json", []string{
			"name 2:11", "hook_attributes.url 4:30", "hook_attributes.secret 4:57", "redirect_url 5:19",
			"callback_urls[1] 6:46", "setup_url 7:16", "description 9:18", "public 10:13",
			"default_events[1] 11:30", "default_events[2] 11:39", "default_events[3] 11:55", "default_events[4] 11:68",
			"default_permissions.issues 13:15", "default_permissions.pull-requests 14:5", "default_permissions.workflows 15:5",
			"default_permission 18:3", "name 19:3",
		}},
		{"app-bad.yml", []string{
			"name 2:7", "hook_attributes.url 5:8", "hook_attributes.secret 6:3", "redirect_url 7:15",
			"callback_urls[1] 10:5", "setup_url 11:12", "description 13:14", "public 14:9",
			"default_events[1] 17:5", "default_events[2] 18:5", "default_events[3] 19:5", "default_events[4] 20:5",
			"default_permissions.issues 22:11", "default_permissions.pull-requests 23:3", "default_permissions.workflows 24:3",
			"default_permission 26:1", "name 27:1",
		}},
		{"app-duplicate.yml", []string{"default_permissions.contents 6:3", "url 7:1"}},
		{"app-unknown.yml", []string{"homepage_url 3:1", "events 6:1"}},
		{"app-syntax.yml", []string{" 4:20"}},
		{"app-notutf8.yml", []string{" 1:11"}},
		{"app-two.yml", []string{" 3:1"}},
		{"app-required.yml", []string{"url 1:1", "setup_url 1:1", "hook_attributes.url 2:1", "callback_urls 5:17"}},
		{"probot-badhome/app.yml", []string{"testdata/input/probot-badhome/package.json: url 4:17"}},
		{"links-bad.txt", []string{
			"events 2:51", "callback_url 3:51", "webhook_secret 4:51", "name 5:51", "public 6:51",
			"permissions.issues 7:53", "permissions.pull-requests 8:51", "permissions.workflows 9:51",
			"events[0] 10:51", "events[0] 11:51", "# 12:74", "name 13:38", "path 14:19", "base_url 15:1",
			"organization 16:19", "url 17:51",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := positions(lintFile(t, in(tt.file)), in(tt.file))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestYAMLErrorAtEnd checks that a YAML error the parser places past the
// input's end (on the line after it) stands at the end of the last line.
func TestYAMLErrorAtEnd(t *testing.T) {
	a := &app{readFile: func(string) ([]byte, error) { return nil, fs.ErrNotExist }}
	for _, data := range []string{"-\n0", "-\n0\n"} {
		_, fs := a.readAppYAML("app.yml", []byte(data), readOptions{})
		if diff := cmp.Diff([]string{" 2:2"}, positions(fs, "app.yml")); data == "-\n0" && diff != "" {
			t.Errorf("%q: mismatch (-want +got):\n%s", data, diff)
		}
		for _, f := range fs {
			if f.Line > 3 || f.Line < 1 {
				t.Errorf("%q: finding at line %d", data, f.Line)
			}
		}
	}
}

// TestSameFindingsInEachForm checks that one registration's mistakes,
// written as manifest JSON and as app.yml, give the same problems.
func TestSameFindingsInEachForm(t *testing.T) {
	strip := func(fs []finding) []finding {
		out := make([]finding, len(fs))
		for i, f := range fs {
			f.File, f.Line, f.Column = "", 0, 0
			out[i] = f
		}
		return out
	}
	j, y := lintFile(t, in("manifest-bad.json")), lintFile(t, in("app-bad.yml"))
	if diff := cmp.Diff(strip(j), strip(y)); diff != "" {
		t.Errorf("manifest-bad.json and app-bad.yml differ (-json +yaml):\n%s", diff)
	}
	if len(j) < 17 {
		t.Errorf("%d findings, want every one of the 17 mistakes", len(j))
	}
}

func TestColour(t *testing.T) {
	for _, tt := range []struct {
		name     string
		terminal bool
		noColor  string
		want     bool
	}{
		{"terminal", true, "", true},
		{"NO_COLOR", true, "1", false},
		{"pipe", false, "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			a := &app{
				stdin: strings.NewReader(""), stdout: &out, stderr: io.Discard,
				getenv:     func(k string) string { return map[string]string{"NO_COLOR": tt.noColor}[k] },
				readFile:   readFileBounded,
				isTerminal: func(io.Writer) bool { return tt.terminal },
			}
			if code := a.main([]string{"lint", in("manifest-control.json")}); code != exitFindings {
				t.Fatalf("exit code %d", code)
			}
			got := strings.Contains(out.String(), "\x1b[")
			if got != tt.want {
				t.Errorf("colour %v, want %v:\n%q", got, tt.want, out.String())
			}
			// The input's own escape sequences never get through, colour or not.
			plain := strings.NewReplacer("\x1b[1m", "", "\x1b[1;31m", "", "\x1b[0m", "").Replace(out.String())
			checkTerminalSafe(t, "stdout", plain)
		})
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) {
		t.Error("a regular file is a terminal")
	}
	if isTerminal(&bytes.Buffer{}) {
		t.Error("a buffer is a terminal")
	}
	if null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		defer null.Close()
		if !isTerminal(null) { // a character device, as a terminal is
			t.Errorf("%s is not a character device", os.DevNull)
		}
	}
}

// TestFlagExamples checks that the help shows an example of every flag of
// every command, and that the example parses.
func TestFlagExamples(t *testing.T) {
	for _, c := range commands() {
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.flags(fs)
		fs.VisitAll(func(f *flag.Flag) {
			e, ok := c.flagExamples[f.Name]
			if !ok {
				t.Errorf("ghapp %s --%s has no example", c.name, f.Name)
				return
			}
			if !strings.Contains(e, "--"+f.Name) {
				t.Errorf("ghapp %s --%s: the example %q does not use it", c.name, f.Name, e)
			}
			if _, err := parseFlags(fs, shellSplit(e)); err != nil {
				t.Errorf("ghapp %s %s: %v", c.name, e, err)
			}
		})
		for name := range c.flagExamples {
			if fs.Lookup(name) == nil {
				t.Errorf("ghapp %s: an example for --%s, which it does not have", c.name, name)
			}
		}
	}
}

// shellSplit splits an example command line, honouring single and double
// quotes.
func shellSplit(s string) []string {
	var (
		out   []string
		cur   strings.Builder
		quote rune
		any   bool
	)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, any = r, true
		case r == ' ':
			if cur.Len() > 0 || any {
				out = append(out, cur.String())
			}
			cur.Reset()
			any = false
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 || any {
		out = append(out, cur.String())
	}
	return out
}

// TestReadErrors checks the exit code for inputs that cannot be read, and
// that a package.json Probot cannot read is only a warning.
func TestReadErrors(t *testing.T) {
	denied := errors.New("permission denied")
	a := &app{
		stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
		getenv: func(string) string { return "" }, isTerminal: func(io.Writer) bool { return false },
		readFile: func(name string) ([]byte, error) {
			switch name {
			case "dir/app.yml":
				return []byte("default_permissions:\n  issues: write\n"), nil
			case "dir/package.json":
				return nil, &fs.PathError{Op: "open", Path: name, Err: denied}
			}
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		},
	}
	if code := a.main([]string{"lint", "missing.json"}); code != exitInput {
		t.Errorf("lint of a missing file: exit code %d, want %d", code, exitInput)
	}
	if code := a.main([]string{"diff", "missing.json", "dir/app.yml"}); code != exitInput {
		t.Errorf("diff of a missing file: exit code %d, want %d", code, exitInput)
	}
	regs, fs, err := a.readArg("dir/app.yml", readOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"url 1:1", "dir/package.json: " + " 0:0"}
	if diff := cmp.Diff(want, positions(fs, "dir/app.yml")); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if regs[0].ok || fs[1].Severity != severityWarning || !strings.Contains(fs[1].Message, "permission denied") {
		t.Errorf("findings %+v", fs)
	}
}

// TestProductsSafe checks that a manifest printed as JSON or YAML holds
// nothing that could drive a terminal, even one built in code with what
// the library's checks would refuse, and still says the same.
func TestProductsSafe(t *testing.T) {
	m := ghapp.Manifest{Name: "octo\u009bapp", URL: "https://example.com", Description: "a\u202eb\tc\nd\x1b[2J"}
	for name, out := range map[string][]byte{"json": manifestJSON(m), "yaml": appYAML(m)} {
		t.Run(name, func(t *testing.T) {
			checkTerminalSafe(t, name, strings.ReplaceAll(string(out), "\t", ""))
			a := &app{readFile: func(string) ([]byte, error) { return nil, fs.ErrNotExist }}
			r := &yamlRender{app: a, file: "out"}
			root, ok := r.load(out)
			if !ok {
				t.Fatalf("does not read back: %v\n%s", r.findings, out)
			}
			var got []string
			for i := 0; i+1 < len(root.Content); i += 2 {
				got = append(got, root.Content[i].Value+"="+root.Content[i+1].Value)
			}
			want := []string{"name=" + m.Name, "url=" + m.URL, "description=" + m.Description}
			if name == "yaml" {
				want = append(want, "public=false") // Probot's default is true
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s\n%s", diff, out)
			}
		})
	}
}

// TestREADMECommands checks that each ghapp command line in the README's
// "Command line" section names a command and flags it has.
func TestREADMECommands(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Skip("no README beside the module:", err)
	}
	_, section, ok := strings.Cut(string(readme), "## Command line\n")
	if !ok {
		t.Fatal(`README.md has no "## Command line" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	n := 0
	for line := range strings.Lines(section) {
		_, cmdline, ok := strings.Cut(line, "ghapp/cmd/ghapp@latest ")
		if !ok {
			if cmdline, ok = strings.CutPrefix(strings.TrimSpace(line), "ghapp "); !ok {
				continue
			}
		}
		cmdline, _, _ = strings.Cut(cmdline, "  #")
		args := shellSplit(strings.TrimSpace(cmdline))
		c, found := lookup(args[0])
		if !found {
			t.Errorf("README: %q: no command %q", line, args[0])
			continue
		}
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		c.flags(fs)
		if _, err := parseFlags(fs, args[1:]); err != nil {
			t.Errorf("README: %q: %v", line, err)
		}
		n++
	}
	if n < 5 {
		t.Errorf("README: %d ghapp command lines, want the section's examples", n)
	}
}

// TestYAMLAliasBomb checks that aliases cannot make an app.yml expand
// without bound ("a billion laughs"): past maxYAMLValues it is refused.
func TestYAMLAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 12; i++ {
		b.WriteString("a" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [")
		for j := range 9 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + strconv.Itoa(i-1))
		}
		b.WriteString("]\n")
	}
	a := &app{readFile: func(string) ([]byte, error) { return nil, fs.ErrNotExist }}
	reg, fs := a.readAppYAML("app.yml", []byte(b.String()), readOptions{})
	if reg.ok || len(fs) != 1 || fs[0].Rule != ruleName(ghapp.ErrTooMany) {
		t.Errorf("ok %v, findings %+v", reg.ok, fs)
	}
}
