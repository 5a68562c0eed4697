package catalog

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const head = "version 1\nplan github.com GitHubCom github.com\nplan ghes-3.19 GHES319 GHES 3.19\n\treleased 2025-12-09\n\tends 2026-12-09\n"

const goodToken = "token checks\n\ttitle Checks\n\tresource repository\n\tlevels read write\n\tplans github.com\n\talias checkz\n"

const goodPermission = "permission checks\n\ttitle Checks\n\tresource repository\n\tlevels read write\n\tplans all\n\tdoc Checks.\n"

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		line int // 0: an error about the whole file
	}{
		{"no version", "plan github.com GitHubCom x\n", 0},
		{"no plans", "version 1\n", 0},
		{"version twice", "version 1\nversion 2\n", 2},
		{"plan twice", "version 1\nplan github.com GitHubCom x\nplan github.com GitHubCom y\n", 3},
		{"GHES plan without dates", "version 1\nplan ghes-3.19 GHES319 GHES 3.19\n", 2},
		{"GHES plan with a bad date", "version 1\nplan ghes-3.19 GHES319 GHES 3.19\n\treleased 2025-12-32\n\tends 2026-12-09\n", 2},
		{"GHES plan ending before release", "version 1\nplan ghes-3.19 GHES319 GHES 3.19\n\treleased 2026-12-09\n\tends 2025-12-09\n", 2},
		{"dates on github.com", "version 1\nplan github.com GitHubCom x\n\treleased 2008-04-10\n", 2},
		{"unknown plan attribute", "version 1\nplan github.com GitHubCom x\n\tsunset 2030-01-01\n", 3},
		{"repeated attribute", head + "permission checks\n\ttitle Checks\n\ttitle Cheques\n", 8},
		{"bad plan line", "version 1\nplan github.com\n", 2},
		{"unknown record", head + "permision checks\n", 6},
		{"two names", head + "permission checks statuses\n", 6},
		{"attribute outside record", head + "\ttitle Checks\n", 6},
		{"unknown attribute", head + "permission checks\n\tlevel read\n", 7},
		{"unknown plan", head + "permission checks\n\ttitle C\n\tresource repository\n\tlevels read\n\tplans ghes-2.0\n\tdoc C.\n", 6},
		{"no plans for record", head + "permission checks\n\ttitle C\n\tresource repository\n\tlevels read\n\tdoc C.\n", 6},
		{"bad level", head + "permission checks\n\ttitle C\n\tresource repository\n\tlevels read owner\n\tplans all\n\tdoc C.\n", 6},
		{"bad resource", head + "permission checks\n\ttitle C\n\tresource user\n\tlevels read\n\tplans all\n\tdoc C.\n", 6},
		{"no doc", head + "permission checks\n\ttitle C\n\tresource repository\n\tlevels read\n\tplans all\n", 6},
		{"duplicate", head + goodPermission + goodPermission, 12},
		{"alias clash", head + goodPermission + "permission statuses\n\talias checks\n", 12},
		{"event needs unknown", head + goodPermission + "event check_run\n\tneeds checkz\n\tplans all\n\tdoc C.\n", 12},
		{"event needs with never", head + goodPermission + "event check_run\n\tdelivery never\n\tneeds checks\n\tplans all\n\tdoc C.\n", 12},
		{"bad delivery", head + "event e\n\tdelivery sometimes\n\tplans all\n\tdoc E.\n", 6},
		{"scope includes unknown", head + "scope repo\n\tincludes repo:stats\n\taccess write\n\tplans all\n\tdoc R.\n", 6},
		{"scope includes itself", head + "scope repo\n\tincludes repo\n\taccess write\n\tplans all\n\tdoc R.\n", 6},
		{"scope cycle", head + "scope a\n\tincludes b\n\taccess write\n\tplans all\n\tdoc A.\nscope b\n\tincludes a\n\taccess write\n\tplans all\n\tdoc B.\n", 6},
		{"retired with plans", head + "scope a\n\tretired gone\n\tplans all\n", 6},
		{"scope without access", head + "scope a\n\tplans all\n\tdoc A.\n", 6},
		{"scope with a bad access", head + "scope a\n\taccess readonly\n\tplans all\n\tdoc A.\n", 6},
		{"retired scope with access", head + "scope a\n\tretired gone\n\taccess read\n", 6},
		{"permission doc starts with a name", head + "permission checks\n\ttitle C\n\tresource repository\n\tlevels read\n\tplans all\n\tdoc GitHub checks.\n", 6},
		{"permission doc starts with an initialism", head + "permission keys\n\ttitle K\n\tresource account\n\tlevels read\n\tplans all\n\tdoc SSH keys.\n", 6},
		{"permission doc starts with Dependabot", head + "permission alerts\n\ttitle A\n\tresource repository\n\tlevels read\n\tplans all\n\tdoc Dependabot alerts.\n", 6},
		{"permission doc starts in lower case", head + "permission checks\n\ttitle C\n\tresource repository\n\tlevels read\n\tplans all\n\tdoc checks.\n", 6},
		{"token with two names", head + "token contents read\n", 6},
		{"unknown token attribute", head + "token contents\n\tdoc Contents.\n", 7},
		{"token without title", head + "token contents\n\tresource repository\n\tlevels read\n\tplans all\n", 6},
		{"token without plans", head + "token contents\n\ttitle C\n\tresource repository\n\tlevels read\n", 6},
		{"token with an enterprise resource", head + "token contents\n\ttitle C\n\tresource enterprise\n\tlevels read\n\tplans all\n", 6},
		{"token without levels", head + "token contents\n\ttitle C\n\tresource repository\n\tplans all\n", 6},
		{"token with a bad level", head + "token contents\n\ttitle C\n\tresource repository\n\tlevels maintain\n\tplans all\n", 6},
		{"token with a bad source", head + "token contents\n\ttitle C\n\tresource repository\n\tlevels read\n\tplans all\n\tsource openapi\n", 6},
		{"token twice", head + goodToken + goodToken, 12},
		{"token alias clash", head + goodToken + "token statuses\n\talias checks\n", 12},
		{"token resource differs from the app permission's", head + goodPermission + "token checks\n\ttitle C\n\tresource organization\n\tlevels read\n\tplans all\n", 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in))
			if err == nil {
				t.Fatal("Parse succeeded")
			}
			var le *LineError
			got := 0
			if errors.As(err, &le) {
				got = le.Line
			}
			if got != tt.line {
				t.Errorf("error %v: line %d, want %d", err, got, tt.line)
			}
		})
	}
}

func TestParse(t *testing.T) {
	in := head + goodPermission + "\talias cheques\n" +
		"event check_run\n\tneeds checks\n\tplans github.com\n\tdoc Run.\n" +
		"event installation\n\tdelivery always\n\tplans all\n\tdoc Installed.\n" +
		"scope admin:x\n\tincludes write:x\n\taccess admin\n\tplans all\n\tdoc A.\n" +
		"scope write:x\n\tincludes read:x\n\taccess write\n\tplans all\n\tdoc W.\n" +
		"scope read:x\n\tunreported\n\taccess read\n\tplans all\n\tdoc R.\n" +
		"scope old\n\tretired gone\n" +
		goodToken +
		"token chat\n\ttitle Chat\n\tresource account\n\tlevels read\n\tplans github.com\n\tsource example\n"
	c, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := &Catalog{
		Version: "1",
		Plans: []Plan{{Name: "github.com", Ident: "GitHubCom", Doc: "github.com", Line: 2},
			{Name: "ghes-3.19", Ident: "GHES319", Doc: "GHES 3.19", Released: "2025-12-09", Ends: "2026-12-09", Line: 3}},
		Permissions: []Permission{{Name: "checks", Grant: Grant{Title: "Checks", Aliases: []string{"cheques"}, Resource: "repository",
			Levels: []string{"read", "write"}, Plans: []string{"github.com", "ghes-3.19"}}, Source: "openapi", Doc: "Checks.", Line: 6}},
		Events: []Event{
			{Name: "check_run", Needs: []string{"checks"}, Delivery: "subscribe", Plans: []string{"github.com"}, Source: "openapi", Doc: "Run.", Line: 13},
			{Name: "installation", Delivery: "always", Plans: []string{"github.com", "ghes-3.19"}, Source: "openapi", Doc: "Installed.", Line: 17},
		},
		Scopes: []Scope{
			{Name: "admin:x", Includes: []string{"write:x"}, Access: "admin", Plans: []string{"github.com", "ghes-3.19"}, Source: "docs", Doc: "A.", Line: 21},
			{Name: "write:x", Includes: []string{"read:x"}, Access: "write", Plans: []string{"github.com", "ghes-3.19"}, Source: "docs", Doc: "W.", Line: 26},
			{Name: "read:x", Unreported: true, Access: "read", Plans: []string{"github.com", "ghes-3.19"}, Source: "docs", Doc: "R.", Line: 31},
			{Name: "old", Retired: "gone", Source: "docs", Line: 36},
		},
		Tokens: []TokenPermission{{Name: "checks", Grant: Grant{Title: "Checks", Aliases: []string{"checkz"}, Resource: "repository",
			Levels: []string{"read", "write"}, Plans: []string{"github.com"}}, Source: "table", Line: 38},
			{Name: "chat", Grant: Grant{Title: "Chat", Resource: "account", Levels: []string{"read"}, Plans: []string{"github.com"}}, Source: "example", Line: 44}},
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"admin:x", "write:x", "read:x"}, c.Closure("admin:x")); diff != "" {
		t.Errorf("Closure mismatch (-want +got):\n%s", diff)
	}
	if c.Permission("cheques") != &c.Permissions[0] || c.Event("nope") != nil || c.Scope("old") == nil ||
		c.Token("checkz") != &c.Tokens[0] || c.Token("cheques") != nil {
		t.Error("lookups are wrong")
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Generate()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.Generate()
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two runs differ:\n%s", diff)
	}
	if len(a) != 5 {
		t.Errorf("generated %d files, want 5", len(a))
	}
	for name, src := range a {
		if !strings.HasPrefix(string(src), "// Code generated ") || !strings.Contains(string(src), "DO NOT EDIT.") {
			t.Errorf("%s lacks the generated-code header", name)
		}
	}
}

func TestIdent(t *testing.T) {
	tests := []struct{ prefix, name, want string }{
		{"Permission", "gpg_keys", "PermissionGPGKeys"},
		{"Permission", "git_signing_ssh_public_keys", "PermissionGitSigningSSHPublicKeys"},
		{"Permission", "organization_api_insights", "PermissionOrganizationAPIInsights"},
		{"Event", "github_app_authorization", "EventGitHubAppAuthorization"},
		{"Event", "projects_v2_item", "EventProjectsV2Item"},
		{"Scope", "repo:status", "ScopeRepoStatus"},
		{"Scope", "admin:ssh_signing_key", "ScopeAdminSSHSigningKey"},
		{"delivery", "always", "deliveryAlways"},
	}
	for _, tt := range tests {
		if got := Ident(tt.prefix, tt.name); got != tt.want {
			t.Errorf("Ident(%q, %q) = %q, want %q", tt.prefix, tt.name, got, tt.want)
		}
	}
}
