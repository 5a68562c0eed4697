package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ghapp-dev/ghapp/internal/catalog"
)

// testTokenCatalog is a small catalogue of token permissions that agrees
// with testTokenPage.
const testTokenCatalog = `version test
plan github.com GitHubCom github.com
plan ghec       GHEC      GitHub Enterprise Cloud

token copilot_requests
	title    Copilot requests
	alias    user_copilot_requests
	resource account
	levels   write
	plans    github.com ghec
token codespaces_metadata
	title    Codespaces metadata
	resource repository
	levels   read
	plans    github.com ghec
token artifact_metadata
	title    Artifact metadata
	resource repository
	levels   read write
	plans    github.com ghec
token organization_projects
	title    Projects
	resource organization
	levels   read write admin
	plans    github.com ghec
token user_copilot_chat
	title    Copilot Chat
	resource account
	levels   read
	plans    github.com ghec
	source   example
`

// testTokenPage is the shape of GitHub's page: a template written over
// several lines and example links, tables under their headings, a row
// behind a feature flag, Liquid variables in display names, and a table of
// other parameters the check must not read.
const testTokenPage = "## Pre-filling\n\n" +
	"```http copy\nhttps://github.com/settings/personal-access-tokens/new\n  ?name=Repo-reading+token\n  &target_name=octodemo\n  &codespaces_metadata=read\n```\n\n" +
	"* [Chat](https://github.com/settings/personal-access-tokens/new?name=Chat+token&description=a%20b%2C%20c&user_copilot_chat=read)<!-- x -->\n" +
	"* [Projects](https://github.com/settings/personal-access-tokens/new?organization_projects=admin&artifact_metadata=read)\n\n" +
	"| Parameter | Type | Example Value | Valid Values | Description |\n| --- | --- | --- | --- | --- |\n" +
	"| `name` | string | `Deploy%20Bot` | ≤ 40 characters, URL-encoded | Pre-fills the token's display name. |\n\n" +
	"#### Account permissions\n\n> [!IMPORTANT]\n> Account permissions can only be used when the current user is the resource owner.\n\n" +
	"| Parameter name | Display name | Access levels |\n| --- | --- | --- |\n" +
	"| `copilot_requests` | {% data variables.product.prodname_copilot_short %} requests | `write` |\n\n" +
	"#### Repository permissions\n\n" +
	"| Parameter name | Display name | Access levels |\n| --- | --- | --- |\n" +
	"| {% ifversion artifact-metadata %} |\n| `artifact_metadata` | Artifact metadata | `read`, `write` |\n| {% endif %} |\n" +
	"| `codespaces_metadata` | {% data variables.product.prodname_codespaces %} metadata | `read` |\n\n" +
	"#### Organization permissions\n\n" +
	"| Parameter name | Display name | Access levels |\n| --- | --- | --- |\n" +
	"| `organization_projects` | {% data variables.product.prodname_projects_v2 %} | `read`, `write`, `admin` |\n\n" +
	"{% endif %}\n\n## Creating a classic token\n\n| not | a | table we read |\n"

func TestReadTokenPage(t *testing.T) {
	rows, err := readTokenPage([]byte(testTokenPage))
	if err != nil {
		t.Fatal(err)
	}
	want := []pageToken{
		{name: "copilot_requests", title: "Copilot requests", resource: "account", levels: []string{"write"}},
		{name: "artifact_metadata", title: "Artifact metadata", resource: "repository", levels: []string{"read", "write"}},
		{name: "codespaces_metadata", title: "Codespaces metadata", resource: "repository", levels: []string{"read"}},
		{name: "organization_projects", title: "Projects", resource: "organization", levels: []string{"read", "write", "admin"}},
	}
	if diff := cmp.Diff(want, rows, cmp.AllowUnexported(pageToken{}), cmpopts.IgnoreFields(pageToken{}, "line")); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestReadTokenExamples(t *testing.T) {
	examples, err := readTokenExamples([]byte(testTokenPage))
	if err != nil {
		t.Fatal(err)
	}
	want := []pageExample{
		{name: "codespaces_metadata", level: "read", line: 4},
		{name: "user_copilot_chat", level: "read", line: 10},
		{name: "organization_projects", level: "admin", line: 11},
		{name: "artifact_metadata", level: "read", line: 11},
	}
	if diff := cmp.Diff(want, examples, cmp.AllowUnexported(pageExample{})); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if _, err := readTokenExamples([]byte("[x](https://github.com/settings/personal-access-tokens/new?contents=%zz)\n")); err == nil {
		t.Error("a bad escape in an example link: no error")
	}
}

func TestReadTokenPageErrors(t *testing.T) {
	for name, page := range map[string]string{
		"no tables":        "# Nothing here\n",
		"unknown variable": strings.Replace(testTokenPage, "prodname_copilot_short", "prodname_copilot_long", 1),
		"other tag":        strings.Replace(testTokenPage, "Artifact metadata", "{% octicon \"key\" %} metadata", 1),
		"name not code":    strings.Replace(testTokenPage, "`codespaces_metadata`", "codespaces_metadata", 1),
		"level not code":   strings.Replace(testTokenPage, "`read`, `write`, `admin`", "read, write, admin", 1),
		"cells":            strings.Replace(testTokenPage, "| `read` |\n", "| `read` | extra |\n", 1),
	} {
		if _, err := readTokenPage([]byte(page)); err == nil {
			t.Errorf("%s: readTokenPage succeeded", name)
		}
	}
}

func TestCheckTokens(t *testing.T) {
	c, err := catalog.Parse(strings.NewReader(testTokenCatalog))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		edits []string // old, new, ... in the page
		want  []string
	}{
		{name: "clean"},
		{
			name:  "level",
			edits: []string{"| `codespaces_metadata` | {% data variables.product.prodname_codespaces %} metadata | `read` |", "| `codespaces_metadata` | {% data variables.product.prodname_codespaces %} metadata | `read`, `write` |"},
			want:  []string{"tokens: permission codespaces_metadata: levels read, write on the page, read in the catalogue"},
		},
		{
			name:  "title",
			edits: []string{"metadata | `read` |", "meta data | `read` |"},
			want:  []string{`tokens: permission codespaces_metadata: title "Codespaces meta data" on the page, "Codespaces metadata" in the catalogue`},
		},
		{
			name:  "resource",
			edits: []string{"#### Account permissions", "#### Organization permissions"},
			want:  []string{"tokens: permission copilot_requests: resource organization on the page, account in the catalogue"},
		},
		{
			name:  "missing both ways",
			edits: []string{"`artifact_metadata`", "`artifact_metadatas`"},
			want: []string{
				`tokens: permission artifact_metadata: in the catalogue, not on the page`,
				`tokens: permission artifact_metadatas: missing from the catalogue (repository, "Artifact metadata", levels read, write)`,
			},
		},
		{
			name:  "an alias on the page",
			edits: []string{"`copilot_requests`", "`user_copilot_requests`"},
			want: []string{
				"tokens: permission copilot_requests: in the catalogue, not on the page",
				"tokens: permission user_copilot_requests: the page names it, the catalogue has it only as another name of copilot_requests",
			},
		},
		{
			name:  "an example at another level",
			edits: []string{"user_copilot_chat=read", "user_copilot_chat=write"},
			want: []string{
				`tokens: permission user_copilot_chat: an example link on the page (line 10) asks for it at "write", the catalogue allows read`,
				"tokens: permission user_copilot_chat: levels write in the page's example links, read in the catalogue",
			},
		},
		{
			name:  "an example gone",
			edits: []string{"&user_copilot_chat=read", ""},
			want:  []string{"tokens: permission user_copilot_chat: source example, but no example link on the page asks for it"},
		},
		{
			name:  "an example asking for a name the catalogue lacks",
			edits: []string{"&codespaces_metadata=read", "&codespaces_metadatas=read"},
			want:  []string{"tokens: permission codespaces_metadatas: an example link on the page (line 4) asks for it, the catalogue lacks it"},
		},
		{
			name:  "an example asking for a level the table lacks",
			edits: []string{"organization_projects=admin", "organization_projects=maintain"},
			want:  []string{`tokens: permission organization_projects: an example link on the page (line 11) asks for it at "maintain", the catalogue allows read, write, admin`},
		},
		{
			name:  "the table lists an example's name",
			edits: []string{"| `copilot_requests` |", "| `user_copilot_chat` | Copilot Chat | `read` |\n| `copilot_requests` |"},
			want:  []string{"tokens: permission user_copilot_chat: the page's table lists it (line 24); the catalogue has it from an example link only (source example)"},
		},
		{
			name:  "twice",
			edits: []string{"| {% endif %} |\n", "| {% endif %} |\n| `artifact_metadata` | Artifact metadata | `read`, `write` |\n"},
			want:  []string{"tokens: permission artifact_metadata: listed twice on the page (line 33)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := testTokenPage
			for i := 0; i < len(tt.edits); i += 2 {
				if !strings.Contains(page, tt.edits[i]) {
					t.Fatalf("edit %q matches nothing", tt.edits[i])
				}
				page = strings.ReplaceAll(page, tt.edits[i], tt.edits[i+1])
			}
			rows, err := readTokenPage([]byte(page))
			if err != nil {
				t.Fatal(err)
			}
			examples, err := readTokenExamples([]byte(page))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, checkTokens(c, rows, examples), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRunTokens(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	cat := write("catalog.txt", testTokenCatalog)
	page := write("page.md", testTokenPage)
	stale := write("stale.md", strings.Replace(testTokenPage, "`write` |\n", "`read` |\n", 1))
	bad := write("bad.md", "# nothing\n")
	tests := []struct {
		args   []string
		status int
		stdout string
	}{
		{[]string{"-catalog", cat, "-tokens", page}, 0, ""},
		{[]string{"-catalog", cat, "-tokens", stale}, 1, "tokens: permission copilot_requests: levels read on the page, write in the catalogue\n"},
		{[]string{"-catalog", cat, "-tokens", bad}, 2, ""},
		{[]string{"-catalog", cat, "-tokens", filepath.Join(dir, "absent.md")}, 2, ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		status := run(tt.args, &stdout, &stderr)
		if status != tt.status || stdout.String() != tt.stdout {
			t.Errorf("run %q: status %d, stdout:\n%s\nstderr:\n%s\nwant status %d, stdout:\n%s", tt.args, status, &stdout, &stderr, tt.status, tt.stdout)
		}
	}
}

// TestReferenceTokens checks the committed catalogue's token permissions
// against GitHub's page in the shared reference folder, read at test time.
func TestReferenceTokens(t *testing.T) {
	page := filepath.Join("..", "..", "..", "..", "shared", "reference", "docs", "managing-your-personal-access-tokens.md")
	if _, err := os.Stat(page); err != nil {
		t.Skipf("no reference page: %v", err)
	}
	rows, examples, err := readTokenFile(page)
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	fromExamples := 0
	for _, tp := range c.Tokens {
		if tp.Source == "example" {
			fromExamples++
		}
	}
	// The page's tables, and user_copilot_requests, which only its "Make
	// Copilot requests" example link gives.
	if len(rows) != 77 || fromExamples != 1 || len(c.Tokens) != len(rows)+fromExamples {
		t.Errorf("the page has %d permissions in its tables (want 77), the catalogue %d, %d of them from examples (want 1)", len(rows), len(c.Tokens), fromExamples)
	}
	// The template and five example links ask for 8 permissions.
	if len(examples) != 8 {
		t.Errorf("the page's example links ask for %d permissions, want 8: %v", len(examples), examples)
	}
	if diff := cmp.Diff([]string(nil), checkTokens(c, rows, examples)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
