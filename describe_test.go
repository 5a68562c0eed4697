package ghapp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestDescribeScopes(t *testing.T) {
	got := ghapp.DescribeScopes([]ghapp.Scope{ghapp.ScopeGist, ghapp.ScopeRepoStatus, "zz:new", ghapp.ScopeGist, "aa:new", ghapp.ScopeRepo, ghapp.ScopeReadOrg})
	want := []string{"repo", "repo:status", "read:org", "gist", "zz:new", "aa:new"} // unknown names last, in the order given
	var gotNames []string
	var levels []ghapp.Level
	for _, d := range got {
		gotNames = append(gotNames, d.Name)
		levels = append(levels, d.Level)
	}
	if diff := cmp.Diff(want, gotNames); diff != "" {
		t.Errorf("DescribeScopes order mismatch (-want +got):\n%s", diff)
	}
	wantLevels := []ghapp.Level{ghapp.LevelAdmin, ghapp.LevelWrite, ghapp.LevelRead, ghapp.LevelWrite, ghapp.LevelNone, ghapp.LevelNone}
	if diff := cmp.Diff(wantLevels, levels); diff != "" {
		t.Errorf("DescribeScopes levels mismatch (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(got[4].Text, "Not in ghapp's catalogue") {
		t.Errorf("unknown scope described as %q", got[4].Text)
	}
	if ghapp.DescribeScopes(nil) != nil {
		t.Error("DescribeScopes(nil) is not nil")
	}
}

// TestDescribeScopesSeed checks that the kinds of data of the seed page's
// table on OAuth apps are each described with what they let an app read or
// change, and what they do not reach.
func TestDescribeScopesSeed(t *testing.T) {
	tests := []struct {
		kind  string // the seed table's row
		scope ghapp.Scope
		level ghapp.Level
		says  []string
	}{
		{"commit statuses", ghapp.ScopeRepoStatus, ghapp.LevelWrite, []string{"Read and write commit statuses", "without access to the code"}},
		{"deployments", ghapp.ScopeRepoDeployment, ghapp.LevelWrite, []string{"deployments", "statuses", "without access to the code"}},
		{"gists", ghapp.ScopeGist, ghapp.LevelWrite, []string{"Read and write", "gists, public and secret"}},
		{"hooks", ghapp.ScopeAdminRepoHook, ghapp.LevelAdmin, []string{"Read, write", "webhooks of repositories"}},
		{"hooks, read only", ghapp.ScopeReadRepoHook, ghapp.LevelRead, []string{"Read and ping"}},
		{"notifications", ghapp.ScopeNotifications, ghapp.LevelWrite, []string{"Read the user's notifications", "no access to what the repositories hold"}},
		{"organizations and teams", ghapp.ScopeAdminOrg, ghapp.LevelAdmin, []string{"organizations in full", "teams", "memberships"}},
		{"organizations and teams, read only", ghapp.ScopeReadOrg, ghapp.LevelRead, []string{"Read organization membership", "team membership"}},
		{"personal user data", ghapp.ScopeUser, ghapp.LevelWrite, []string{"Read and write the user's profile"}},
		{"personal user data, read only", ghapp.ScopeReadUser, ghapp.LevelRead, []string{"Read the user's profile"}},
		{"repositories", ghapp.ScopeRepo, ghapp.LevelAdmin, []string{"public, internal and private repositories", "code"}},
		{"repository deletion", ghapp.ScopeDeleteRepo, ghapp.LevelAdmin, []string{"Delete repositories", "without access to their code"}},
	}
	for _, tt := range tests {
		d := ghapp.DescribeScopes([]ghapp.Scope{tt.scope})[0]
		if d.Level != tt.level {
			t.Errorf("%s: %s has level %v, want %v", tt.kind, tt.scope, d.Level, tt.level)
		}
		for _, s := range tt.says {
			if !strings.Contains(d.Text, s) {
				t.Errorf("%s: %s is %q, which does not say %q", tt.kind, tt.scope, d.Text, s)
			}
		}
	}
}

// TestDescribeEverything checks every description the catalogue gives: one
// line, a sentence, and read versus write said in words that match the
// level.
func TestDescribeEverything(t *testing.T) {
	sentence := func(what string, d ghapp.Description) {
		if d.Text == "" || strings.ContainsAny(d.Text, "\n\r") || !strings.HasSuffix(d.Text, ".") ||
			d.Text[0] < 'A' || d.Text[0] > 'Z' {
			t.Errorf("%s %s: %q is not a one-line sentence", what, d.Name, d.Text)
		}
	}
	scopes := ghapp.DescribeScopes(ghapp.KnownScopes())
	if len(scopes) != len(ghapp.KnownScopes()) {
		t.Fatalf("%d scope descriptions for %d scopes", len(scopes), len(ghapp.KnownScopes()))
	}
	for _, d := range scopes {
		sentence("scope", d)
		readOnly := strings.HasPrefix(d.Name, "read:") || d.Name == "user:email"
		switch {
		case d.Name == string(ghapp.ScopeOfflineAccess):
			if d.Level != ghapp.LevelNone {
				t.Errorf("offline_access has level %v", d.Level)
			}
		case readOnly && (d.Level != ghapp.LevelRead || !strings.HasPrefix(d.Text, "Read ") || strings.Contains(d.Text, "write")):
			t.Errorf("scope %s: %v %q; want read, said so", d.Name, d.Level, d.Text)
		case !readOnly && d.Level < ghapp.LevelWrite:
			t.Errorf("scope %s: level %v; it changes what it covers", d.Name, d.Level)
		case strings.HasPrefix(d.Name, "write:") && d.Level != ghapp.LevelWrite, strings.HasPrefix(d.Name, "admin:") && d.Level != ghapp.LevelAdmin:
			t.Errorf("scope %s: level %v", d.Name, d.Level)
		}
	}
	for _, l := range []ghapp.Level{ghapp.LevelRead, ghapp.LevelWrite, ghapp.LevelAdmin} {
		ps := ghapp.Permissions{}
		for _, p := range ghapp.KnownPermissions() {
			ps[p] = l
		}
		ds := ghapp.DescribePermissions(ps)
		if len(ds) != len(ps) {
			t.Fatalf("%d permission descriptions for %d permissions", len(ds), len(ps))
		}
		verb := map[ghapp.Level]string{ghapp.LevelRead: "Read ", ghapp.LevelWrite: "Read and write ", ghapp.LevelAdmin: "Read, write and administer "}[l]
		for i, d := range ds {
			sentence("permission", d)
			if d.Name != string(ghapp.KnownPermissions()[i]) || d.Level != l {
				t.Errorf("description %d is %s at %v, want %s at %v", i, d.Name, d.Level, ghapp.KnownPermissions()[i], l)
			}
			rest, ok := strings.CutPrefix(d.Text, verb)
			if !ok || l == ghapp.LevelRead && strings.HasPrefix(rest, "and write") {
				t.Errorf("permission %s at %v: %q does not start with %q", d.Name, l, d.Text, verb)
			}
			if rest != "" && rest[0] >= 'A' && rest[0] <= 'Z' && !strings.HasPrefix(rest, "GitHub") {
				t.Errorf("permission %s: %q has a capital after the verb", d.Name, d.Text)
			}
		}
	}
}

func TestDescribePermissions(t *testing.T) {
	ps := ghapp.Permissions{
		"zz_new":                           ghapp.LevelRead,
		ghapp.PermissionMembers:            ghapp.LevelRead,
		"email_addresses":                  ghapp.LevelRead,
		ghapp.PermissionIssues:             ghapp.LevelWrite,
		ghapp.PermissionContents:           ghapp.LevelNone, // left out
		"git_ssh_keys":                     ghapp.LevelRead,
		ghapp.PermissionKeys:               ghapp.LevelWrite, // the registration name wins
		ghapp.PermissionProfile:            ghapp.LevelWrite,
		"aa_new":                           ghapp.LevelWrite,
		ghapp.PermissionRepositoryProjects: ghapp.LevelAdmin,
	}
	var got []string
	for _, d := range ghapp.DescribePermissions(ps) {
		got = append(got, d.String())
	}
	want := []string{
		"issues (write): Read and write issues with their comments, assignees, labels and milestones.",
		"repository_projects (admin): Read, write and administer classic projects of a repository, with their columns and cards; admin also manages access.",
		"members (read): Read members and teams of an organization.",
		"profile (write): Read and write profile settings of the user; there is only a write level.",
		"emails (read): Read the email addresses of the user who authorised the app.",
		"keys (write): Read and write the SSH keys the user authenticates Git with.",
		"aa_new (write): Not in ghapp's catalogue (" + ghapp.CatalogVersion + "); see GitHub's documentation.",
		"zz_new (read): Not in ghapp's catalogue (" + ghapp.CatalogVersion + "); see GitHub's documentation.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DescribePermissions mismatch (-want +got):\n%s", diff)
	}
	if ghapp.DescribePermissions(nil) != nil || ghapp.DescribePermissions(ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelNone}) != nil {
		t.Error("DescribePermissions of nothing is not nil")
	}
	d := ghapp.DescribePermissions(ghapp.Permissions{ghapp.PermissionChecks: ghapp.Level(7)})
	if len(d) != 1 || !strings.HasPrefix(d[0].Text, "Level(7) is not a level") {
		t.Errorf("DescribePermissions of Level(7) = %v", d)
	}
}

func ExampleDescribeScopes() {
	for _, d := range ghapp.DescribeScopes([]ghapp.Scope{ghapp.ScopeUser, ghapp.ScopeRepoStatus, ghapp.ScopeReadOrg}) {
		fmt.Println(d)
	}
	// Output:
	// repo:status (write): Read and write commit statuses in public and private repositories, without access to the code.
	// read:org (read): Read organization membership, organization projects and team membership.
	// user (write): Read and write the user's profile, with read access to their email addresses and write access to whom they follow.
}

func ExampleDescribePermissions() {
	ps := ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite, ghapp.PermissionContents: ghapp.LevelRead}
	for _, d := range ghapp.DescribePermissions(ps) {
		fmt.Println(d)
	}
	// Output:
	// checks (write): Read and write check runs and check suites on commits.
	// contents (read): Read files, commits, branches, tags, releases and merges.
}
