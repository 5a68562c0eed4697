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
`

// testTokenPage is the shape of GitHub's page: tables under their headings,
// a row behind a feature flag, Liquid variables in display names, and a
// table of other parameters the check must not read.
const testTokenPage = "## Pre-filling\n\n" +
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
			name:  "twice",
			edits: []string{"| {% endif %} |\n", "| {% endif %} |\n| `artifact_metadata` | Artifact metadata | `read`, `write` |\n"},
			want:  []string{"tokens: permission artifact_metadata: listed twice on the page (line 23)"},
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
			if diff := cmp.Diff(tt.want, checkTokens(c, rows), cmpopts.EquateEmpty()); diff != "" {
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
	rows, err := readTokenFile(page)
	if err != nil {
		t.Fatal(err)
	}
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 77 || len(c.Tokens) != len(rows) {
		t.Errorf("the page has %d permissions (want 77), the catalogue %d", len(rows), len(c.Tokens))
	}
	if diff := cmp.Diff([]string(nil), checkTokens(c, rows)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
