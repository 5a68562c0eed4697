package ghapp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestDiffScopes(t *testing.T) {
	tests := []struct {
		name, current, requested string
		added, removed           string
		approval                 bool
	}{
		{"nothing", "", "", "", "", false},
		{"same", "repo, user", "user repo", "", "", false},
		{"first authorization", "", "user repo_deployment", "repo_deployment user", "", true},
		{"widen to an including scope", "repo:status", "repo", "repo", "", true},
		{"narrow to an included scope", "repo", "repo:status", "", "repo", false},
		{"implied scope asked again", "repo", "repo repo:status", "", "", false},
		{"normalised", "user,gist,user:email", "gist user", "", "", false},
		{"admin from read", "read:org", "admin:org", "admin:org", "", true},
		{"swap", "gist, read:user", "workflow, read:user", "workflow", "gist", true},
		{"offline access prompts for nothing", "repo", "repo offline_access", "offline_access", "", false},
		{"unknown scope", "repo", "repo new:scope", "new:scope", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ghapp.DiffScopes(ghapp.SplitScopes(tt.current), ghapp.SplitScopes(tt.requested))
			want := ghapp.ScopeDiff{Added: ghapp.SplitScopes(tt.added), Removed: ghapp.SplitScopes(tt.removed)}
			if diff := cmp.Diff(want, d); diff != "" {
				t.Errorf("DiffScopes mismatch (-want +got):\n%s", diff)
			}
			if d.NeedsApproval() != tt.approval {
				t.Errorf("NeedsApproval() = %v, want %v", d.NeedsApproval(), tt.approval)
			}
			if d.Empty() != (tt.added == "" && tt.removed == "") {
				t.Errorf("Empty() = %v", d.Empty())
			}
		})
	}
}

func TestDiffPermissions(t *testing.T) {
	const (
		none  = ghapp.LevelNone
		read  = ghapp.LevelRead
		write = ghapp.LevelWrite
		admin = ghapp.LevelAdmin
	)
	change := func(p ghapp.Permission, old, now ghapp.Level) ghapp.PermissionChange {
		return ghapp.PermissionChange{Permission: p, Old: old, New: now}
	}
	tests := []struct {
		name          string
		before, after ghapp.Permissions
		want          ghapp.PermissionDiff
	}{
		{"nothing", nil, nil, ghapp.PermissionDiff{}},
		{"same", ghapp.Permissions{ghapp.PermissionChecks: write}, ghapp.Permissions{ghapp.PermissionChecks: write}, ghapp.PermissionDiff{}},
		{"first permission brings metadata", nil, ghapp.Permissions{ghapp.PermissionIssues: write},
			ghapp.PermissionDiff{Added: []ghapp.PermissionChange{change(ghapp.PermissionIssues, none, write), change(ghapp.PermissionMetadata, none, read)}}},
		{"metadata said or implied", ghapp.Permissions{ghapp.PermissionIssues: write},
			ghapp.Permissions{ghapp.PermissionIssues: write, ghapp.PermissionMetadata: read}, ghapp.PermissionDiff{}},
		{"metadata lowered to the implied read", ghapp.Permissions{ghapp.PermissionIssues: read, ghapp.PermissionMetadata: write},
			ghapp.Permissions{ghapp.PermissionIssues: read},
			ghapp.PermissionDiff{Downgraded: []ghapp.PermissionChange{change(ghapp.PermissionMetadata, write, read)}}},
		{"last permission removed", ghapp.Permissions{ghapp.PermissionIssues: read}, ghapp.Permissions{},
			ghapp.PermissionDiff{Removed: []ghapp.PermissionChange{change(ghapp.PermissionIssues, read, none), change(ghapp.PermissionMetadata, read, none)}}},
		{"level none is absent", ghapp.Permissions{ghapp.PermissionChecks: write, ghapp.PermissionContents: none},
			ghapp.Permissions{ghapp.PermissionChecks: write, ghapp.PermissionStatuses: none}, ghapp.PermissionDiff{}},
		{"REST API names", ghapp.Permissions{"email_addresses": read, "git_ssh_keys": read},
			ghapp.Permissions{ghapp.PermissionEmails: read, ghapp.PermissionKeys: write},
			ghapp.PermissionDiff{Upgraded: []ghapp.PermissionChange{change(ghapp.PermissionKeys, read, write)}}},
		{"both names: the registration name counts", ghapp.Permissions{ghapp.PermissionEmails: read, "email_addresses": write},
			ghapp.Permissions{ghapp.PermissionEmails: read}, ghapp.PermissionDiff{}},
		{"every kind", ghapp.Permissions{
			ghapp.PermissionContents: read, ghapp.PermissionPullRequests: write, ghapp.PermissionChecks: write,
			ghapp.PermissionOrganizationProjects: read, "zz_new": write,
		}, ghapp.Permissions{
			ghapp.PermissionContents: write, ghapp.PermissionPullRequests: read, ghapp.PermissionIssues: write,
			ghapp.PermissionOrganizationProjects: admin, "aa_new": read,
		}, ghapp.PermissionDiff{
			Added:      []ghapp.PermissionChange{change("aa_new", none, read), change(ghapp.PermissionIssues, none, write)},
			Upgraded:   []ghapp.PermissionChange{change(ghapp.PermissionContents, read, write), change(ghapp.PermissionOrganizationProjects, read, admin)},
			Downgraded: []ghapp.PermissionChange{change(ghapp.PermissionPullRequests, write, read)},
			Removed:    []ghapp.PermissionChange{change(ghapp.PermissionChecks, write, none), change("zz_new", write, none)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ghapp.DiffPermissions(tt.before, tt.after)
			if diff := cmp.Diff(tt.want, d); diff != "" {
				t.Errorf("DiffPermissions mismatch (-want +got):\n%s", diff)
			}
			if got, want := d.NeedsApproval(), len(tt.want.Added)+len(tt.want.Upgraded) > 0; got != want {
				t.Errorf("NeedsApproval() = %v, want %v", got, want)
			}
			if back := ghapp.DiffPermissions(d.Apply(tt.before), tt.after); !back.Empty() {
				t.Errorf("Apply(before) differs from after:\n%s", back)
			}
		})
	}
}

func TestDiffStrings(t *testing.T) {
	scopes := ghapp.DiffScopes([]ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeGist}, []ghapp.Scope{ghapp.ScopeRepoStatus, ghapp.ScopeWorkflow, ghapp.ScopeGist})
	perms := ghapp.DiffPermissions(
		ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelRead, ghapp.PermissionPullRequests: ghapp.LevelWrite, ghapp.PermissionChecks: ghapp.LevelWrite},
		ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelWrite, ghapp.PermissionPullRequests: ghapp.LevelRead, ghapp.PermissionIssues: ghapp.LevelWrite})
	config := ghapp.DiffConfigs(
		ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelWrite}, Events: []ghapp.Event{ghapp.EventIssues, ghapp.EventLabel}},
		ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelRead}, Events: []ghapp.Event{ghapp.EventMilestone, ghapp.EventIssues, ghapp.EventMilestone}})
	tests := []struct {
		name string
		got  fmt.Stringer
		want string
	}{
		{"scopes", scopes, "added   workflow\nremoved repo"},
		{"no scope change", ghapp.ScopeDiff{}, "no change"},
		{"permissions", perms, "added      issues: write\nupgraded   contents: read -> write\ndowngraded pull_requests: write -> read\nremoved    checks: write"},
		{"no permission change", ghapp.PermissionDiff{}, "no change"},
		{"config without approval", config, "permissions:\n  downgraded issues: write -> read\nevents:\n  added      milestone\n  removed    label\nInstallations need not approve anything."},
		{"config with approval", ghapp.DiffConfigs(ghapp.Config{}, ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite}}),
			"permissions:\n  added      checks: write\n  added      metadata: read\nInstallations must approve the new permissions."},
		{"config events only", ghapp.DiffConfigs(ghapp.Config{}, ghapp.Config{Events: []ghapp.Event{ghapp.EventPush}}),
			"events:\n  added      push\nInstallations need not approve anything."},
		{"no config change", ghapp.DiffConfigs(ghapp.Config{Name: "a", Events: []ghapp.Event{ghapp.EventPush}}, ghapp.Config{Name: "b", Events: []ghapp.Event{ghapp.EventPush}}),
			"no change"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.got.String()); diff != "" {
			t.Errorf("%s: String mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
	if config.NeedsApproval() || config.Empty() {
		t.Errorf("config diff: NeedsApproval %v, Empty %v", config.NeedsApproval(), config.Empty())
	}
}

// FuzzDiffPermissions: for any two sets, the diff applied to the first
// gives the second, the reverse diff mirrors it, and approval is needed
// exactly when something is added or raised.
func FuzzDiffPermissions(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5}, []byte{0, 2, 2, 1, 9, 3})
	f.Add([]byte{}, []byte{7, 1})
	f.Add([]byte{3, 0, 5, 1, 6, 2}, []byte{3, 3, 5, 0, 6, 1, 8, 2})
	names := append([]ghapp.Permission{"email_addresses", "git_ssh_keys", "brand_new"}, ghapp.KnownPermissions()...)
	set := func(data []byte) ghapp.Permissions {
		ps := ghapp.Permissions{}
		for i := 0; i+1 < len(data); i += 2 {
			ps[names[int(data[i])%len(names)]] = ghapp.Level(data[i+1] % 4)
		}
		return ps
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		before, after := set(a), set(b)
		d := ghapp.DiffPermissions(before, after)
		if back := ghapp.DiffPermissions(d.Apply(before), after); !back.Empty() {
			t.Fatalf("Apply(%v) = %v, which differs from %v:\n%s", before, d.Apply(before), after, back)
		}
		if d.NeedsApproval() != (len(d.Added) > 0 || len(d.Upgraded) > 0) {
			t.Fatalf("NeedsApproval() = %v for %s", d.NeedsApproval(), d)
		}
		r := ghapp.DiffPermissions(after, before)
		if len(r.Added) != len(d.Removed) || len(r.Removed) != len(d.Added) || len(r.Upgraded) != len(d.Downgraded) || len(r.Downgraded) != len(d.Upgraded) {
			t.Fatalf("reverse of\n%s\nis\n%s", d, r)
		}
		if !ghapp.DiffPermissions(before, before).Empty() {
			t.Fatalf("%v differs from itself", before)
		}
		for _, part := range [][]ghapp.PermissionChange{d.Added, d.Upgraded, d.Downgraded, d.Removed} {
			for _, c := range part {
				if c.Permission == "email_addresses" || c.Permission == "git_ssh_keys" {
					t.Fatalf("REST API name %s in the diff", c.Permission)
				}
			}
		}
	})
}

// FuzzNormalizedScopes: the string form of any normalised set of scopes,
// with any of GitHub's separators, parses back to the same set, and the
// diff between a set and its normal form is empty.
func FuzzNormalizedScopes(f *testing.F) {
	f.Add([]byte{0, 1, 2}, uint8(0))
	f.Add([]byte{18, 19, 20, 21}, uint8(1))
	f.Add([]byte{9, 10, 11, 47, 46}, uint8(2))
	known := ghapp.KnownScopes()
	f.Fuzz(func(t *testing.T, picks []byte, sep uint8) {
		var scopes []ghapp.Scope
		for _, p := range picks {
			scopes = append(scopes, known[int(p)%len(known)])
		}
		norm := ghapp.NormalizeScopes(scopes)
		var names []string
		for _, s := range norm {
			names = append(names, string(s))
		}
		text := strings.Join(names, []string{" ", ",", ", "}[sep%3])
		back, err := ghapp.ParseScopes(text)
		if err != nil {
			t.Fatalf("ParseScopes(%q): %v", text, err)
		}
		if diff := cmp.Diff(norm, back); diff != "" {
			t.Fatalf("ParseScopes(%q) mismatch (-want +got):\n%s", text, diff)
		}
		if d := ghapp.DiffScopes(scopes, norm); !d.Empty() {
			t.Fatalf("DiffScopes(%v, its normal form) = %s", scopes, d)
		}
		if d := ghapp.DiffScopes(nil, scopes); len(scopes) > 0 && cmp.Diff(norm, d.Added) != "" {
			t.Fatalf("DiffScopes(nil, %v).Added = %v, want %v", scopes, d.Added, norm)
		}
	})
}

func ExampleDiffScopes() {
	// repo includes repo:status: widening adds repo, narrowing removes it.
	fmt.Println(ghapp.DiffScopes([]ghapp.Scope{ghapp.ScopeRepoStatus}, []ghapp.Scope{ghapp.ScopeRepo}))
	fmt.Println(ghapp.DiffScopes([]ghapp.Scope{ghapp.ScopeRepo}, []ghapp.Scope{ghapp.ScopeRepoStatus}))

	// The normalised scopes example: asking for user,gist,user:email again
	// changes nothing for a token with gist and user.
	d := ghapp.DiffScopes([]ghapp.Scope{ghapp.ScopeGist, ghapp.ScopeUser}, []ghapp.Scope{ghapp.ScopeUser, ghapp.ScopeGist, ghapp.ScopeUserEmail})
	fmt.Println(d, d.NeedsApproval())
	// Output:
	// added   repo
	// removed repo
	// no change false
}

func ExampleDiffPermissions() {
	before := ghapp.Permissions{
		ghapp.PermissionContents:     ghapp.LevelRead,
		ghapp.PermissionPullRequests: ghapp.LevelWrite,
		ghapp.PermissionChecks:       ghapp.LevelWrite,
		"email_addresses":            ghapp.LevelRead, // the REST API's name for emails
	}
	after := ghapp.Permissions{
		ghapp.PermissionContents:     ghapp.LevelWrite, // raised
		ghapp.PermissionPullRequests: ghapp.LevelRead,  // lowered
		ghapp.PermissionIssues:       ghapp.LevelWrite, // added
		ghapp.PermissionEmails:       ghapp.LevelRead,  // the same permission
		// checks removed
	}
	d := ghapp.DiffPermissions(before, after)
	fmt.Println(d)
	fmt.Println("needs approval:", d.NeedsApproval())

	// Lowering a level alone needs no approval.
	fmt.Println(ghapp.DiffPermissions(after, ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelRead}).NeedsApproval())
	// Output:
	// added      issues: write
	// upgraded   contents: read -> write
	// downgraded pull_requests: write -> read
	// removed    checks: write
	// needs approval: true
	// false
}

func ExampleDiffConfigs() {
	before := ghapp.Config{
		Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite},
		Events:      []ghapp.Event{ghapp.EventCheckRun, ghapp.EventCheckSuite},
	}
	after := ghapp.Config{
		Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite, ghapp.PermissionPullRequests: ghapp.LevelRead},
		Events:      []ghapp.Event{ghapp.EventCheckRun, ghapp.EventPullRequest},
	}
	d := ghapp.DiffConfigs(before, after)
	fmt.Println(d)
	// Output:
	// permissions:
	//   added      pull_requests: read
	// events:
	//   added      pull_request
	//   removed    check_suite
	// Installations must approve the new permissions.
}

func TestApprovals(t *testing.T) {
	const (
		none  = ghapp.LevelNone
		read  = ghapp.LevelRead
		write = ghapp.LevelWrite
	)
	tests := []struct {
		name          string
		before, after ghapp.Permissions
		want          ghapp.Approvals
	}{
		{"nothing", nil, nil, ghapp.Approvals{}},
		{"removal takes effect at once", ghapp.Permissions{ghapp.PermissionIssues: write, ghapp.PermissionChecks: read, ghapp.PermissionProfile: write},
			ghapp.Permissions{ghapp.PermissionChecks: read, ghapp.PermissionIssues: none}, ghapp.Approvals{}},
		{"lowered takes effect at once", ghapp.Permissions{ghapp.PermissionIssues: write, ghapp.PermissionMembers: write},
			ghapp.Permissions{ghapp.PermissionIssues: read, ghapp.PermissionMembers: read}, ghapp.Approvals{}},
		{"repository only", ghapp.Permissions{ghapp.PermissionIssues: read}, ghapp.Permissions{ghapp.PermissionIssues: write, ghapp.PermissionChecks: write},
			ghapp.Approvals{Installations: true, RepositoryAdmins: true}},
		{"organization", ghapp.Permissions{ghapp.PermissionIssues: read}, ghapp.Permissions{ghapp.PermissionIssues: write, ghapp.PermissionMembers: read},
			ghapp.Approvals{Installations: true}},
		{"enterprise", ghapp.Permissions{ghapp.PermissionIssues: read}, ghapp.Permissions{ghapp.PermissionIssues: read, ghapp.PermissionEnterpriseTeams: read},
			ghapp.Approvals{Installations: true}},
		{"account only", ghapp.Permissions{ghapp.PermissionIssues: read}, ghapp.Permissions{ghapp.PermissionIssues: read, ghapp.PermissionEmails: read},
			ghapp.Approvals{Users: true}},
		{"account by its REST API name", ghapp.Permissions{ghapp.PermissionIssues: read}, ghapp.Permissions{ghapp.PermissionIssues: read, "email_addresses": read},
			ghapp.Approvals{Users: true}},
		{"both", nil, ghapp.Permissions{ghapp.PermissionEmails: read, ghapp.PermissionIssues: read},
			ghapp.Approvals{Installations: true, RepositoryAdmins: true, Users: true}},
		{"unknown name counts for installations", ghapp.Permissions{ghapp.PermissionIssues: read}, ghapp.Permissions{ghapp.PermissionIssues: read, "brand_new": read},
			ghapp.Approvals{Installations: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ghapp.DiffPermissions(tt.before, tt.after)
			if diff := cmp.Diff(tt.want, d.Approvals()); diff != "" {
				t.Errorf("Approvals mismatch (-want +got):\n%s", diff)
			}
			if d.NeedsApproval() != tt.want.Any() || d.NeedsApproval() != (len(d.Added)+len(d.Upgraded) > 0) {
				t.Errorf("NeedsApproval() = %v for %s", d.NeedsApproval(), d)
			}
			cd := ghapp.DiffConfigs(ghapp.Config{Permissions: tt.before}, ghapp.Config{Permissions: tt.after})
			if cd.Approvals() != tt.want || cd.NeedsApproval() != tt.want.Any() {
				t.Errorf("ConfigDiff: Approvals %+v, NeedsApproval %v", cd.Approvals(), cd.NeedsApproval())
			}
		})
	}

	changes := []struct {
		c    ghapp.PermissionChange
		want ghapp.Approval
	}{
		{ghapp.PermissionChange{Permission: ghapp.PermissionContents, Old: read, New: write}, ghapp.ApprovalInstallations},
		{ghapp.PermissionChange{Permission: ghapp.PermissionContents, Old: write, New: read}, ghapp.ApprovalNone},
		{ghapp.PermissionChange{Permission: ghapp.PermissionContents, Old: write}, ghapp.ApprovalNone},
		{ghapp.PermissionChange{Permission: ghapp.PermissionOrganizationAdministration, New: read}, ghapp.ApprovalInstallations},
		{ghapp.PermissionChange{Permission: ghapp.PermissionProfile, New: write}, ghapp.ApprovalUsers},
		{ghapp.PermissionChange{Permission: ghapp.PermissionProfile, Old: write}, ghapp.ApprovalNone},
	}
	for _, tt := range changes {
		if got := tt.c.Approval(); got != tt.want {
			t.Errorf("%s: Approval() = %v, want %v", tt.c, got, tt.want)
		}
	}
	if got := fmt.Sprint(ghapp.ApprovalNone, ghapp.ApprovalInstallations, ghapp.ApprovalUsers, ghapp.Approval(7)); got != "none installations users Approval(7)" {
		t.Errorf("Approval strings %q", got)
	}

	// ConfigDiff's last lines follow who approves.
	for _, tt := range []struct {
		name  string
		after ghapp.Permissions
		want  string
	}{
		{"users", ghapp.Permissions{ghapp.PermissionIssues: read, ghapp.PermissionEmails: read},
			"permissions:\n  added      emails: read\nUsers who authorized the app must authorize it again for the new account permissions; GitHub does not tell them."},
		{"both", ghapp.Permissions{ghapp.PermissionIssues: write, ghapp.PermissionEmails: read},
			"permissions:\n  added      emails: read\n  upgraded   issues: read -> write\nInstallations must approve the new permissions.\nUsers who authorized the app must authorize it again for the new account permissions; GitHub does not tell them."},
	} {
		got := ghapp.DiffConfigs(ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionIssues: read}}, ghapp.Config{Permissions: tt.after}).String()
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: String mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}
