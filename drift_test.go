package ghapp_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// driftScenarios are live apps, read through the stand-in from GitHub's
// documented examples and changed as each scenario says, and the code to
// compare them with.
func driftScenarios(t *testing.T) []struct {
	name   string
	target func(g *fakeGitHub) ghapp.Target
	setup  func(g *fakeGitHub, app map[string]any, inst map[string]any)
	want   ghapp.Config
} {
	t.Helper()
	return []struct {
		name   string
		target func(g *fakeGitHub) ghapp.Target
		setup  func(g *fakeGitHub, app map[string]any, inst map[string]any)
		want   ghapp.Config
	}{
		{
			// The documented app, and its documented installation, which
			// lags it; a suspended copy; one up to date. The code raises
			// contents, adds pull_requests and an account permission,
			// drops single_file, and moves the homepage and webhook.
			name:   "documented",
			target: func(*fakeGitHub) ghapp.Target { return ghapp.Target{} },
			setup: func(g *fakeGitHub, app, inst map[string]any) {
				g.app = app
				g.hook = map[string]any{"content_type": "json", "insecure_ssl": "0", "secret": "********", "url": "https://example.com/webhook"}
				suspended := clone(g.t, inst)
				suspended["id"] = 2
				suspended["account"].(map[string]any)["login"] = "octo-org"
				suspended["suspended_at"] = "2024-05-01T10:00:00Z"
				current := clone(g.t, inst)
				current["id"] = 3
				current["account"].(map[string]any)["login"] = "hubot"
				current["target_type"] = "User"
				current["permissions"] = map[string]any{"metadata": "read", "contents": "read", "issues": "write", "single_file": "write"}
				g.installations = []map[string]any{inst, suspended, current}
			},
			want: ghapp.Config{
				Name:         "Octocat App",
				HomepageURL:  "https://example.org",
				CallbackURLs: []string{"https://example.org/callback"},
				WebhookURL:   "https://example.org/webhook",
				Permissions: ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelWrite, ghapp.PermissionIssues: ghapp.LevelWrite,
					ghapp.PermissionPullRequests: ghapp.LevelRead, ghapp.PermissionEmails: ghapp.LevelRead},
				Events: []ghapp.Event{ghapp.EventPush, ghapp.EventPullRequest, ghapp.EventIssues},
			},
		},
		{
			// Nothing to do: the code is the registration, every
			// installation has accepted it.
			name:   "in sync",
			target: func(*fakeGitHub) ghapp.Target { return ghapp.Target{} },
			setup: func(g *fakeGitHub, app, inst map[string]any) {
				g.app = app
				inst["permissions"] = map[string]any{"metadata": "read", "contents": "read", "issues": "write", "single_file": "write"}
				g.installations = []map[string]any{inst}
			},
			want: ghapp.Config{
				Name: "Octocat App", HomepageURL: "https://example.com",
				Permissions: ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelRead, ghapp.PermissionIssues: ghapp.LevelWrite, ghapp.PermissionSingleFile: ghapp.LevelWrite},
				Events:      []ghapp.Event{ghapp.EventPullRequest, ghapp.EventPush},
			},
		},
		{
			// An app an organization owns on GitHub Enterprise Server, with
			// a hostile description, installed on a user (who lacks a
			// repository permission only), an organization (which lacks an
			// organization permission) and an enterprise (which lacks
			// nothing it can grant). The code lowers issues and adds an
			// organization permission.
			name: "organization on GitHub Enterprise Server",
			target: func(g *fakeGitHub) ghapp.Target {
				return ghapp.Target{BaseURL: g.URL, Plan: ghapp.PlanGHES319}
			},
			setup: func(g *fakeGitHub, app, inst map[string]any) {
				app["owner"] = map[string]any{"login": "octo-org", "id": 9, "type": "Organization"}
				app["description"] = "Runs | checks <script>alert(1)</script> [click](javascript:x) \x1b[31m"
				app["permissions"] = map[string]any{"metadata": "read", "contents": "read", "issues": "write", "members": "read"}
				g.app = app
				user := clone(g.t, inst)
				user["id"], user["target_type"] = 11, "User"
				user["account"].(map[string]any)["login"] = "octocat"
				user["permissions"] = map[string]any{"metadata": "read", "issues": "write"}
				org := clone(g.t, inst)
				org["id"], org["target_type"] = 12, "Organization"
				org["account"].(map[string]any)["login"] = "octo-org"
				org["permissions"] = map[string]any{"metadata": "read", "contents": "read", "issues": "write"}
				ent := clone(g.t, inst)
				ent["id"], ent["target_type"] = 13, "Enterprise"
				ent["account"] = map[string]any{"slug": "octo-ent", "id": 14, "name": "Octo Enterprise"}
				ent["permissions"] = map[string]any{}
				g.installations = []map[string]any{org, ent, user}
			},
			want: ghapp.Config{
				Description: "Checks pull requests.",
				Permissions: ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelRead, ghapp.PermissionIssues: ghapp.LevelRead,
					ghapp.PermissionMembers: ghapp.LevelRead, ghapp.PermissionOrganizationAdministration: ghapp.LevelRead},
				Events: []ghapp.Event{ghapp.EventPush, ghapp.EventPullRequest},
			},
		},
	}
}

func TestDiffLiveGolden(t *testing.T) {
	for _, sc := range driftScenarios(t) {
		t.Run(sc.name, func(t *testing.T) {
			ex := apiExamples(t, "api.github.com")
			if strings.Contains(sc.name, "Enterprise Server") {
				ex = apiExamples(t, "ghes-3.19")
			}
			g := newFakeGitHub(t, "")
			target := sc.target(g)
			if target.BaseURL != "" {
				g = newFakeGitHub(t, "/api/v3")
				target = sc.target(g)
			} else {
				g.scheme = "https"
			}
			sc.setup(g, object(t, ex["GET /app"]), documentedInstallation(t, ex))
			live, err := ghapp.ReadLive(ctx(t), appClient(t, g, target), target)
			if err != nil {
				t.Fatal(err)
			}
			d, err := ghapp.DiffLive(sc.want, live, target)
			if err != nil {
				t.Fatal(err)
			}
			// The stand-in's port changes from run to run.
			text := strings.ReplaceAll(d.String(), g.URL, "http://127.0.0.1:PORT")
			md := strings.ReplaceAll(d.Markdown(), g.URL, "http://127.0.0.1:PORT")
			name := strings.ReplaceAll(sc.name, " ", "-")
			golden(t, filepath.Join("testdata", "drift", name+".txt"), text+"\n")
			golden(t, filepath.Join("testdata", "drift", name+".md"), md+"\n")
			// The same inputs give the same output, map order aside.
			again, err := ghapp.DiffLive(sc.want, live, target)
			if err != nil || again.String() != d.String() || again.Markdown() != d.Markdown() {
				t.Errorf("output is not stable: %v", err)
			}
		})
	}
}

// golden compares got with the file at path, or writes it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// TestDiffLive checks the value a program inspects.
func TestDiffLive(t *testing.T) {
	const (
		read  = ghapp.LevelRead
		write = ghapp.LevelWrite
	)
	app := &ghapp.App{ID: 7, Slug: "octo-ci", Name: "Octo CI", ExternalURL: "https://example.com",
		Owner: ghapp.Account{Login: "octo-org", Type: ghapp.AccountOrganization},
		// enterprise_teams and profile reach neither an organization's nor a
		// user's installation: no installation lags on them.
		Permissions: ghapp.Permissions{ghapp.PermissionMetadata: read, ghapp.PermissionChecks: write, ghapp.PermissionContents: read, ghapp.PermissionMembers: read,
			ghapp.PermissionEnterpriseTeams: read},
		Events: []ghapp.Event{ghapp.EventCheckRun},
	}
	installs := []ghapp.Installation{
		{ID: 30, Account: ghapp.Account{Login: "zeta-org", Type: ghapp.AccountOrganization}, TargetType: ghapp.AccountOrganization,
			Permissions: ghapp.Permissions{ghapp.PermissionMetadata: read, ghapp.PermissionChecks: read, ghapp.PermissionContents: read}},
		{ID: 20, Account: ghapp.Account{Login: "Alpha", Type: ghapp.AccountUser},
			Permissions: ghapp.Permissions{ghapp.PermissionMetadata: read, ghapp.PermissionChecks: write}},
		{ID: 10, Account: ghapp.Account{Login: "alpha", Type: ghapp.AccountUser},
			Permissions: ghapp.Permissions{ghapp.PermissionMetadata: read, ghapp.PermissionChecks: write, ghapp.PermissionContents: read}},
	}
	want := ghapp.Config{Name: "Octo CI", Permissions: ghapp.Permissions{ghapp.PermissionChecks: write, ghapp.PermissionContents: read, ghapp.PermissionMembers: read,
		ghapp.PermissionProfile: write, ghapp.PermissionEnterpriseTeams: read},
		Events: []ghapp.Event{ghapp.EventCheckRun}, SetupURL: "https://example.com/setup", Public: true}
	d, err := ghapp.DiffLive(want, &ghapp.Live{App: app, Installations: installs}, ghapp.Target{})
	if err != nil {
		t.Fatal(err)
	}
	wantLag := []ghapp.LaggingInstallation{
		{ID: 20, Account: ghapp.Account{Login: "Alpha", Type: ghapp.AccountUser},
			Pending:   ghapp.PermissionDiff{Added: []ghapp.PermissionChange{{Permission: ghapp.PermissionContents, New: read}}},
			Approvals: ghapp.Approvals{Installations: true, RepositoryAdmins: true},
			AcceptURL: "https://github.com/settings/installations/20/permissions/update"},
		{ID: 30, Account: ghapp.Account{Login: "zeta-org", Type: ghapp.AccountOrganization},
			Pending: ghapp.PermissionDiff{
				Added:    []ghapp.PermissionChange{{Permission: ghapp.PermissionMembers, New: read}},
				Upgraded: []ghapp.PermissionChange{{Permission: ghapp.PermissionChecks, Old: read, New: write}}},
			Approvals: ghapp.Approvals{Installations: true},
			AcceptURL: "https://github.com/organizations/zeta-org/settings/installations/30/permissions/update"},
	}
	if diff := cmp.Diff(wantLag, d.Lagging); diff != "" {
		t.Errorf("Lagging mismatch (-want +got):\n%s", diff)
	}
	wantReg := ghapp.ConfigDiff{Permissions: ghapp.PermissionDiff{Added: []ghapp.PermissionChange{{Permission: ghapp.PermissionProfile, New: write}}}}
	if diff := cmp.Diff(wantReg, d.Registration); diff != "" {
		t.Errorf("Registration mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"setup_url", "public"}, d.NotCompared); diff != "" {
		t.Errorf("NotCompared mismatch (-want +got):\n%s", diff)
	}
	if d.Registration.Approvals() != (ghapp.Approvals{Users: true}) || !d.NeedsApproval() || d.Empty() {
		t.Errorf("Approvals %+v, NeedsApproval %v, Empty %v", d.Registration.Approvals(), d.NeedsApproval(), d.Empty())
	}
	if d.PermissionsURL != "https://github.com/organizations/octo-org/settings/apps/octo-ci/permissions" || d.Installations != 3 || d.Suspended != 0 {
		t.Errorf("PermissionsURL %s, %d installations, %d suspended", d.PermissionsURL, d.Installations, d.Suspended)
	}

	// An installation with only account permissions pending does not lag:
	// users grant those.
	d, _ = ghapp.DiffLive(ghapp.Config{}, &ghapp.Live{App: &ghapp.App{ID: 1, Slug: "a", Owner: ghapp.Account{Login: "u", Type: "User"},
		Permissions: ghapp.Permissions{ghapp.PermissionEmails: read}},
		Installations: []ghapp.Installation{{ID: 1, Account: ghapp.Account{Login: "u", Type: "User"}}}}, ghapp.Target{})
	if len(d.Lagging) != 0 {
		t.Errorf("account permissions count as lag: %+v", d.Lagging)
	}

	for _, tt := range []struct {
		name string
		live *ghapp.Live
		t    ghapp.Target
		want []string
	}{
		{"no live app", nil, ghapp.Target{}, []string{"app: ErrRequired"}},
		{"no app", &ghapp.Live{}, ghapp.Target{}, []string{"app: ErrRequired"}},
		{"bad target", &ghapp.Live{App: app}, ghapp.Target{BaseURL: "ftp://x"}, []string{"base_url: ErrInvalidTarget"}},
		{"owner without pages", &ghapp.Live{App: &ghapp.App{ID: 1, Slug: "a", Owner: ghapp.Account{Login: "b", Type: "Bot"}}}, ghapp.Target{}, []string{"type: ErrInvalidTarget"}},
	} {
		if _, err := ghapp.DiffLive(ghapp.Config{}, tt.live, tt.t); cmp.Diff(tt.want, problems(err)) != "" {
			t.Errorf("%s: %v", tt.name, problems(err))
		}
	}
}

// TestDriftEscapes: nothing GitHub sends adds markup to the Markdown or
// terminal escapes to the text.
func TestDriftEscapes(t *testing.T) {
	hostile := "a | b <img src=x> [l](javascript:alert) `c` *d* \x1b[2J\nline"
	app := &ghapp.App{ID: 1, Slug: "a", Description: hostile, Owner: ghapp.Account{Login: "u", Type: "User"}}
	d, err := ghapp.DiffLive(ghapp.Config{Description: "safe"}, &ghapp.Live{App: app}, ghapp.Target{})
	if err != nil {
		t.Fatal(err)
	}
	md := d.Markdown()
	// What is left once every escaped character is taken out.
	bare := regexp.MustCompile(`\\[[:punct:]]`).ReplaceAllString(md, "")
	for _, bad := range []string{"<img", "[l]", "`c`", "*d*", "\x1b", "a | b", "\nline"} {
		if strings.Contains(bare, bad) {
			t.Errorf("Markdown holds %q unescaped:\n%s", bad, md)
		}
	}
	if !strings.Contains(md, `a \| b \<img src=x\> \[l\](javascript:alert) \`+"`"+`c\`+"`"+` \*d\*`) {
		t.Errorf("Markdown does not escape the description:\n%s", md)
	}
	if text := d.String(); strings.Contains(text, "\x1b") || strings.Contains(text, "\nline") {
		t.Errorf("text holds control characters:\n%q", text)
	}
}

// BenchmarkDiffLive measures the drift's cost at 10, 100 and 1,000
// installations; the time per installation stays the same.
func BenchmarkDiffLive(b *testing.B) {
	app := &ghapp.App{ID: 1, Slug: "octoapp", Owner: ghapp.Account{Login: "octo-org", Type: ghapp.AccountOrganization},
		Permissions: ghapp.Permissions{ghapp.PermissionMetadata: ghapp.LevelRead, ghapp.PermissionContents: ghapp.LevelWrite,
			ghapp.PermissionIssues: ghapp.LevelWrite, ghapp.PermissionChecks: ghapp.LevelWrite, ghapp.PermissionMembers: ghapp.LevelRead},
		Events: []ghapp.Event{ghapp.EventPush, ghapp.EventIssues}}
	want := ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelWrite, ghapp.PermissionPullRequests: ghapp.LevelRead},
		Events: []ghapp.Event{ghapp.EventPush}}
	for _, n := range []int{10, 100, 1000} {
		installs := make([]ghapp.Installation, n)
		for i := range installs {
			installs[i] = ghapp.Installation{ID: int64(i + 1), Account: ghapp.Account{Login: fmt.Sprintf("org-%d", i), Type: ghapp.AccountOrganization},
				TargetType: ghapp.AccountOrganization, Permissions: ghapp.Permissions{ghapp.PermissionMetadata: ghapp.LevelRead, ghapp.PermissionContents: ghapp.LevelRead}}
		}
		live := &ghapp.Live{App: app, Installations: installs}
		b.Run(fmt.Sprintf("installations=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := ghapp.DiffLive(want, live, ghapp.Target{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("baseline/installations=%d", n), func(b *testing.B) {
			// The same comparisons with DiffPermissions alone.
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				for i := range installs {
					_ = ghapp.DiffPermissions(installs[i].Permissions, app.Permissions)
				}
			}
		})
	}
}

func ExampleDiffLive() {
	// The app as GitHub has it, as ghapp.ReadLive reads it (GET /app, GET
	// /app/hook/config, GET /app/installations).
	live := &ghapp.Live{
		App: &ghapp.App{ID: 1, Slug: "octo-ci", Name: "Octo CI", Owner: ghapp.Account{Login: "octo-org", Type: ghapp.AccountOrganization},
			Permissions: ghapp.Permissions{ghapp.PermissionMetadata: ghapp.LevelRead, ghapp.PermissionChecks: ghapp.LevelWrite},
			Events:      []ghapp.Event{ghapp.EventCheckRun, ghapp.EventCheckSuite}},
		Installations: []ghapp.Installation{{ID: 42, Account: ghapp.Account{Login: "octo-org", Type: ghapp.AccountOrganization},
			TargetType: ghapp.AccountOrganization, Permissions: ghapp.Permissions{ghapp.PermissionMetadata: ghapp.LevelRead, ghapp.PermissionChecks: ghapp.LevelRead}}},
	}
	// The app in code: it needs to read pull requests now.
	code := ghapp.Config{
		Name:        "Octo CI",
		Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite, ghapp.PermissionPullRequests: ghapp.LevelRead},
		Events:      []ghapp.Event{ghapp.EventCheckRun, ghapp.EventCheckSuite, ghapp.EventPullRequest},
	}
	d, err := ghapp.DiffLive(code, live, ghapp.Target{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d)
	fmt.Println()
	fmt.Println("needs approval:", d.NeedsApproval())
	// Output:
	// GitHub App octo-ci (id 1), owned by octo-org (Organization), on https://github.com
	//
	// The registration differs from the code:
	//   permissions:
	//     added      pull_requests: read   each installation's account must accept
	//   events:
	//     added      pull_request
	//   Change permissions and events at https://github.com/organizations/octo-org/settings/apps/octo-ci/permissions
	//   Who approves:
	//     - Each installation's account must accept the new repository, organization or enterprise permissions: an owner of the organization or enterprise, or the user of a personal account, whom GitHub notifies by email (as only repository permissions change, older GitHub pages say the admins of the repositories it is installed on may accept too). Nothing reaches an installation until its account accepts.
	//
	// Installations: 1; 1 has not accepted the app's current permissions.
	//   octo-org (Organization, installation 42): lacks checks: read -> write
	//     who accepts: an owner of the organization (repository permissions only: older GitHub pages say an admin of its repositories may too)
	//     accept at https://github.com/organizations/octo-org/settings/installations/42/permissions/update
	// When an account accepts, GitHub sends the app an installation webhook with action new_permissions_accepted.
	//
	// needs approval: true
}
