package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ghapp-dev/ghapp/internal/catalog"
)

// testCatalog is a small catalogue for the unit tests.
const testCatalog = `version test
plan github.com GitHubCom github.com
plan ghec       GHEC      GitHub Enterprise Cloud
plan ghes-3.19  GHES319   GitHub Enterprise Server 3.19
	released 2025-12-09
	ends     2026-12-09

permission checks
	title    Checks
	resource repository
	levels   read write
	plans    all
	doc      Doc.
permission contents
	title    Contents
	resource repository
	levels   read write
	plans    all
	doc      Doc.
permission issues
	title    Issues
	resource repository
	levels   read write
	plans    all
	doc      Doc.
permission pull_requests
	title    Pull requests
	resource repository
	levels   read write
	plans    all
	doc      Doc.
permission merge_queues
	title    Merge queues
	resource repository
	levels   read write
	plans    github.com ghec
	doc      Doc.
permission repository_projects
	title    Projects
	resource repository
	levels   read write admin
	plans    all
	doc      Doc.
permission organization_projects
	title    Projects
	resource organization
	levels   read write admin
	plans    all
	doc      Doc.
permission emails
	alias    email_addresses
	title    Email addresses
	resource account
	levels   read write
	plans    all
	doc      Doc.
permission agent_secrets
	title    Agent secrets
	resource repository
	levels   read write
	plans    github.com ghec
	source   docs
	doc      Doc.
permission team_discussions
	retired  gone

event push
	needs    contents
	plans    all
	doc      Doc.
event milestone
	needs    issues pull_requests
	plans    all
	doc      Doc.
event sub_issues
	needs    issues
	plans    github.com ghec
	doc      Doc.
event project
	needs    repository_projects organization_projects
	plans    all
	doc      Doc.
event meta
	plans    all
	doc      Doc.
event installation
	delivery always
	plans    all
	doc      Doc.
event package
	delivery never
	plans    all
	doc      Doc.
event issue_relates_to
	source   docs
	needs    issues
	plans    github.com
	doc      Doc.
`

// testPerms is a github.com app-permissions schema that agrees with
// testCatalog.
const testPerms = `{"title": "App Permissions", "type": "object", "properties": {
	"checks": {"type": "string", "enum": ["read", "write"]},
	"contents": {"type": "string", "enum": ["read", "write"]},
	"email_addresses": {"type": "string", "enum": ["read", "write"]},
	"issues": {"type": "string", "enum": ["read", "write"]},
	"merge_queues": {"type": "string", "enum": ["read", "write"]},
	"organization_projects": {"type": "string", "enum": ["read", "write", "admin"]},
	"pull_requests": {"type": "string", "enum": ["read", "write"]},
	"repository_projects": {"type": "string", "enum": ["read", "write", "admin"]}
}}`

// testHooks are github.com webhook entries (name, operation) that agree
// with testCatalog.
var testHooks = [][2]string{
	{"push", `{"operationId": "push", "summary": "Push. To subscribe to this event, a GitHub App must have at least read-level access for the \"Contents\" repository permission.", "x-github": {"subcategory": "push", "supported-webhook-types": ["repository", "organization", "app"]}}`},
	{"milestone-created", `{"operationId": "milestone/created", "summary": "Milestone created. To subscribe to this event, a GitHub App must have at least read-level access for the \"Issues\" or \"Pull requests\" repository permissions.", "x-github": {"subcategory": "milestone", "supported-webhook-types": ["repository", "organization", "app"]}}`},
	{"milestone-closed", `{"operationId": "milestone/closed", "summary": "Milestone closed. To subscribe to this event, a GitHub App must have at least read-level access for the \"Issues\" or \"Pull requests\" repository permissions.", "x-github": {"subcategory": "milestone", "supported-webhook-types": ["repository", "organization", "app"]}}`},
	{"sub-issues-sub-issue-added", `{"operationId": "sub-issues/sub-issue-added", "summary": "Sub-issues.\n\nTo subscribe to this event, a GitHub App must have at least read-level access for the \"Issues\" repository permissions.", "x-github": {"subcategory": "sub-issues", "supported-webhook-types": ["repository", "organization", "app"]}}`},
	{"project-created", `{"operationId": "project/created", "summary": "Project. To subscribe to this event, a GitHub App must have at least read-level access for the \"Projects\" repository or organization permission.", "x-github": {"subcategory": "project", "supported-webhook-types": ["repository", "organization", "app"]}}`},
	{"meta-deleted", `{"operationId": "meta/deleted", "summary": "Meta. To subscribe to this event, a GitHub App must have at least read-level access for the \"Meta\" app permission.", "x-github": {"subcategory": "meta", "supported-webhook-types": ["marketplace", "business", "repository", "organization", "app"]}}`},
	{"installation-created", `{"operationId": "installation/created", "summary": "Installation.", "x-github": {"subcategory": "installation", "supported-webhook-types": ["app"]}}`},
	{"package-published", `{"operationId": "package/published", "summary": "Package.", "x-github": {"subcategory": "package", "supported-webhook-types": ["repository", "organization"]}}`},
}

// testFiles returns the test description in one of the accepted forms, as
// the contents of one or two files, with or without each part.
func testFiles(form string, perms, hooks bool) []string {
	var entries []string
	for _, h := range testHooks {
		op := h[1]
		if form != "extracts" {
			op = `{"post": ` + op + `}`
		}
		entries = append(entries, `"`+h[0]+`": `+op)
	}
	webhooks := "{" + strings.Join(entries, ",\n") + "}"
	switch form {
	case "extracts":
		var files []string
		if perms {
			files = append(files, testPerms)
		}
		if hooks {
			files = append(files, `{"_source": "test", "x-webhooks": `+webhooks+`}`)
		}
		return files
	case "full 3.0", "full 3.1":
		doc := `{"openapi": "3.0.3", "info": {"title": "GitHub v3 REST API", "x-github-plan": "api.github.com"}, "components": {"schemas": {`
		if perms {
			doc += `"app-permissions": ` + testPerms
		}
		doc += `}}`
		if hooks && form == "full 3.0" {
			doc += `, "x-webhooks": ` + webhooks
		}
		if hooks && form == "full 3.1" {
			doc = strings.Replace(doc, "3.0.3", "3.1.0", 1) + `, "webhooks": ` + webhooks
		}
		return []string{doc + "}"}
	}
	panic("unknown form " + form)
}

const metaNote = `note: github.com: event meta: the summary names a "Meta" permission, which no catalogue permission is titled`

func TestCheck(t *testing.T) {
	c, err := catalog.Parse(strings.NewReader(testCatalog))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		plan      string   // default github.com
		onlyPerms bool     // leave out the webhooks
		onlyHooks bool     // leave out the app-permissions schema
		edits     []string // old, new, ...: replacements in the files
		want      []string
		notes     []string // default: the meta note, if there are webhooks
	}{
		{name: "clean"},
		{
			name:  "alias or registration name",
			edits: []string{`"email_addresses":`, `"emails":`},
		},
		{
			name:  "unknown permission",
			edits: []string{`"checks": {`, `"foo": {"enum": ["read", "write"]}, "checks": {`},
			want:  []string{"github.com: permission foo: missing from the catalogue (levels read, write)"},
		},
		{
			name:  "level mismatch",
			edits: []string{`"checks": {"type": "string", "enum": ["read", "write"]}`, `"checks": {"type": "string", "enum": ["write", "read", "admin"]}`},
			want:  []string{"github.com: permission checks: levels read, write, admin in the description, read, write in the catalogue"},
		},
		{
			name: "plan missing for a permission and an event",
			plan: "ghes-3.19",
			want: []string{
				"ghes-3.19: event sub_issues: catalogue lacks plan ghes-3.19",
				"ghes-3.19: permission merge_queues: catalogue lacks plan ghes-3.19",
			},
			notes: []string{`note: ghes-3.19: event meta: the summary names a "Meta" permission, which no catalogue permission is titled`},
		},
		{
			name:  "catalogue permission absent from the description",
			edits: []string{`"contents": {"type": "string", "enum": ["read", "write"]},`, ``},
			want:  []string{"github.com: permission contents: in the catalogue, not in the description"},
		},
		{
			name:  "docs permission in the description",
			edits: []string{`"checks": {`, `"agent_secrets": {"enum": ["read", "write"]}, "checks": {`},
			want:  []string{"github.com: permission agent_secrets: in the description, but the catalogue says source docs"},
		},
		{
			name:  "event requirement mismatch",
			edits: []string{`the \"Contents\" repository permission`, `the \"Issues\" repository permission`},
			want:  []string{"github.com: event push: needs issues in the description, contents in the catalogue"},
		},
		{
			name:  "or requirement reduced to one permission",
			edits: []string{`the \"Issues\" or \"Pull requests\" repository permissions`, `the \"Pull requests\" repository permission`},
			want:  []string{"github.com: event milestone: needs pull_requests in the description, issues, pull_requests in the catalogue"},
		},
		{
			name:  "entries of one event disagree",
			edits: []string{`Milestone closed.`, `Milestone closed. To subscribe to this event, a GitHub App must have at least read-level access for the \"Issues\" repository permission.`},
			want:  []string{"github.com: event milestone: webhook entries disagree: milestone-closed says app delivery, needs issues; milestone-created says app delivery, needs issues, pull_requests"},
		},
		{
			name:  "title without resource word is ambiguous",
			edits: []string{`\"Projects\" repository or organization permission`, `\"Projects\" permission`},
			want:  []string{`github.com: event project: "Projects" (no resource named) is ambiguous: catalogue permissions repository_projects, organization_projects`},
		},
		{
			name:  "title in another case, one resource word",
			edits: []string{`\"Projects\" repository or organization permission`, `\"projects\" organization permission`},
			want:  []string{"github.com: event project: needs organization_projects in the description, organization_projects, repository_projects in the catalogue"},
		},
		{
			name:  "subcategory without hyphens",
			edits: []string{`"subcategory": "sub-issues"`, `"subcategory": "sub_issues"`},
		},
		{
			name:  "delivery: apps receive a never event",
			edits: []string{`"subcategory": "package", "supported-webhook-types": ["repository", "organization"]`, `"subcategory": "package", "supported-webhook-types": ["repository", "organization", "app"]`},
			want:  []string{"github.com: event package: delivery: apps receive it in the description, never in the catalogue"},
		},
		{
			name:  "delivery: apps do not receive a subscribe event",
			edits: []string{`"subcategory": "push", "supported-webhook-types": ["repository", "organization", "app"]`, `"subcategory": "push", "supported-webhook-types": ["repository", "organization"]`},
			want:  []string{"github.com: event push: delivery: apps do not receive it in the description, subscribe in the catalogue"},
		},
		{
			name:  "event missing from the catalogue, catalogue event missing from the description",
			edits: []string{`"subcategory": "package"`, `"subcategory": "registry-package"`},
			want: []string{
				"github.com: event package: in the catalogue, not in the description",
				"github.com: event registry_package: missing from the catalogue (no app delivery)",
			},
		},
		{
			name:      "schema only: events not checked",
			onlyPerms: true,
			edits:     []string{`"checks": {`, `"foo": {"enum": ["read"]}, "checks": {`},
			want:      []string{"github.com: permission foo: missing from the catalogue (levels read)"},
		},
		{
			name:      "webhooks only: permissions not checked",
			onlyHooks: true,
			edits:     []string{`"subcategory": "push"`, `"subcategory": "pushed"`},
			want: []string{
				"github.com: event push: in the catalogue, not in the description",
				"github.com: event pushed: missing from the catalogue (app delivery, needs contents)",
			},
		},
		{
			name:  "plan missing from the catalogue",
			plan:  "ghes-3.20",
			want:  []string{"ghes-3.20: plan missing from the catalogue"},
			notes: []string{},
		},
	}
	for _, form := range []string{"full 3.0", "full 3.1", "extracts"} {
		for _, tt := range tests {
			t.Run(form+"/"+tt.name, func(t *testing.T) {
				plan := tt.plan
				if plan == "" {
					plan = "github.com"
				}
				notes := tt.notes
				if notes == nil && !tt.onlyPerms {
					notes = []string{metaNote}
				}
				files := testFiles(form, !tt.onlyHooks, !tt.onlyPerms)
				for i := 0; i < len(tt.edits); i += 2 {
					found := false
					for j, f := range files {
						found = found || strings.Contains(f, tt.edits[i])
						files[j] = strings.ReplaceAll(f, tt.edits[i], tt.edits[i+1])
					}
					if !found {
						t.Fatalf("edit %q matches nothing", tt.edits[i])
					}
				}
				d := &description{}
				for _, f := range files {
					e, _, err := parse([]byte(f))
					if err != nil {
						t.Fatalf("parse: %v\n%s", err, f)
					}
					if err := d.merge(e); err != nil {
						t.Fatal(err)
					}
				}
				gotFindings, gotNotes := check(c, plan, d)
				if diff := cmp.Diff(tt.want, gotFindings, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("findings (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(notes, gotNotes, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("notes (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func TestPlanOf(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"descriptions/api.github.com/api.github.com.json", `{}`, "github.com"},
		{"descriptions/ghec/ghec.json", `{}`, "ghec"},
		{"descriptions/ghes-3.19/ghes-3.19.json", `{}`, "ghes-3.19"},
		{"x-webhooks.ghes-3.17.json", `{}`, "ghes-3.17"},
		{"app-permissions.api.github.com.json", `{}`, "github.com"},
		{"d.json", `{"info": {"title": "GitHub v3 REST API", "x-github-plan": "api.github.com"}}`, "github.com"},
		{"d.json", `{"info": {"x-github-plan": "ghec"}}`, "ghec"},
		{"d.json", `{"info": {"x-github-plan": "ghes", "x-github-release": 3.10}}`, "ghes-3.10"},
		{"d.json", `{"info": {"title": "GitHub Enterprise Server 3.18 REST API"}}`, "ghes-3.18"},
		{"d.json", `{"info": {"title": "GitHub Enterprise Cloud REST API"}}`, "ghec"},
		{"d.json", `{"servers": [{"url": "https://api.github.com/"}]}`, "github.com"},
		{"d.json", `{"servers": [{"url": "{protocol}://{hostname}/api/v3"}]}`, ""},
	}
	for _, tt := range tests {
		var doc document
		if err := json.Unmarshal([]byte(tt.doc), &doc); err != nil {
			t.Fatal(err)
		}
		if got := planOf(tt.name, &doc); got != tt.want {
			t.Errorf("planOf(%q, %s) = %q, want %q", tt.name, tt.doc, got, tt.want)
		}
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	cat := write("catalog.txt", testCatalog)
	files := testFiles("extracts", true, true)
	perms := write("app-permissions.api.github.com.json", files[0])
	hooks := write("x-webhooks.api.github.com.json", files[1])
	unnamed := write("perms.json", files[0])
	bad := write("bad.json", `{"openapi": "3.0.3"}`)

	tests := []struct {
		args   []string
		status int
		stdout string
	}{
		{[]string{"-catalog", cat, "-openapi", perms, "-openapi", hooks}, 0, metaNote + "\n"},
		{[]string{"-catalog", cat, "-openapi", unnamed, "-plan", "ghes-3.19"}, 1, "ghes-3.19: permission merge_queues: catalogue lacks plan ghes-3.19\n"},
		{[]string{"-catalog", cat, "-openapi", perms, "-openapi", perms}, 2, ""},
		{[]string{"-catalog", cat, "-openapi", unnamed}, 2, ""},
		{[]string{"-catalog", cat, "-openapi", bad, "-plan", "ghec"}, 2, ""},
		{[]string{"-catalog", cat, "-openapi", filepath.Join(dir, "absent.json")}, 2, ""},
		{[]string{"-catalog", cat}, 2, ""},
		{[]string{"-bogus"}, 2, ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		status := run(tt.args, &stdout, &stderr)
		if status != tt.status || stdout.String() != tt.stdout {
			t.Errorf("run %q: status %d, stdout:\n%s\nstderr:\n%s\nwant status %d, stdout:\n%s", tt.args, status, &stdout, &stderr, tt.status, tt.stdout)
		}
		if (status == 2) != (stderr.Len() > 0) {
			t.Errorf("run %q: status %d, stderr %q", tt.args, status, &stderr)
		}
	}
}

// TestReferenceExtracts checks the committed catalogue against the extracts
// of GitHub's REST API descriptions in the shared reference folder, every
// pair of app-permissions and x-webhooks files in it and its subfolders.
func TestReferenceExtracts(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "shared", "reference", "extracts")
	var perms []string
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasPrefix(d.Name(), "app-permissions.") && strings.HasSuffix(d.Name(), ".json") {
			perms = append(perms, path)
		}
		return nil
	})
	if len(perms) == 0 {
		t.Skipf("no extracts in %s", dir)
	}
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	plans := 0
	for _, permFile := range perms {
		hookFile := filepath.Join(filepath.Dir(permFile), strings.Replace(filepath.Base(permFile), "app-permissions.", "x-webhooks.", 1))
		d := &description{}
		var plan string
		for _, name := range []string{permFile, hookFile} {
			p, e, err := readFile(name, "")
			if err != nil {
				t.Fatal(err)
			}
			if plan != "" && p != plan {
				t.Fatalf("%s is for plan %s, not %s", name, p, plan)
			}
			plan = p
			if err := d.merge(e); err != nil {
				t.Fatal(err)
			}
		}
		plans++
		findings, notes := check(c, plan, d)
		if diff := cmp.Diff([]string(nil), findings); diff != "" {
			t.Errorf("%s: findings (-want +got):\n%s", plan, diff)
		}
		wantNotes := []string{"note: " + plan + `: event meta: the summary names a "Meta" permission, which no catalogue permission is titled`}
		if diff := cmp.Diff(wantNotes, notes); diff != "" {
			t.Errorf("%s: notes (-want +got):\n%s", plan, diff)
		}
	}
	if plans != len(c.Plans) {
		t.Errorf("checked %d plans, the catalogue has %d", plans, len(c.Plans))
	}
}
