package ghapp_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ghapp-dev/ghapp"
)

// all is every plan, for readable tables.
var all = []ghapp.Plan{ghapp.PlanGitHubCom, ghapp.PlanGHEC, ghapp.PlanGHES317, ghapp.PlanGHES318, ghapp.PlanGHES319, ghapp.PlanGHES320, ghapp.PlanGHES321, ghapp.PlanGHES322}

func TestPermissionFacts(t *testing.T) {
	r, w, a := ghapp.LevelRead, ghapp.LevelWrite, ghapp.LevelAdmin
	tests := []struct {
		p        ghapp.Permission
		levels   []ghapp.Level
		resource ghapp.Resource
		title    string
		plans    []ghapp.Plan
	}{
		{ghapp.PermissionChecks, []ghapp.Level{r, w}, ghapp.ResourceRepository, "Checks", all},
		{ghapp.PermissionContents, []ghapp.Level{r, w}, ghapp.ResourceRepository, "Contents", all},
		{ghapp.PermissionMetadata, []ghapp.Level{r, w}, ghapp.ResourceRepository, "Metadata", all},
		{ghapp.PermissionPullRequests, []ghapp.Level{r, w}, ghapp.ResourceRepository, "Pull requests", all},
		{ghapp.PermissionWorkflows, []ghapp.Level{w}, ghapp.ResourceRepository, "Workflows", all},
		{ghapp.PermissionProfile, []ghapp.Level{w}, ghapp.ResourceAccount, "Profile", all},
		{ghapp.PermissionOrganizationPlan, []ghapp.Level{r}, ghapp.ResourceOrganization, "Plan", all},
		{ghapp.PermissionOrganizationEvents, []ghapp.Level{r}, ghapp.ResourceOrganization, "Events", all},
		{ghapp.PermissionRepositoryProjects, []ghapp.Level{r, w, a}, ghapp.ResourceRepository, "Projects", all},
		{ghapp.PermissionOrganizationProjects, []ghapp.Level{r, w, a}, ghapp.ResourceOrganization, "Projects", all},
		{ghapp.PermissionOrganizationCustomProperties, []ghapp.Level{r, w, a}, ghapp.ResourceOrganization, "Custom properties", all},
		{ghapp.PermissionEnterpriseCustomPropertiesForOrganizations, []ghapp.Level{r, w, a}, ghapp.ResourceEnterprise, "Custom properties for organizations", []ghapp.Plan{ghapp.PlanGitHubCom, ghapp.PlanGHEC, ghapp.PlanGHES320, ghapp.PlanGHES321, ghapp.PlanGHES322}},
		{ghapp.PermissionCustomPropertiesForOrganizations, []ghapp.Level{r, w}, ghapp.ResourceOrganization, "Custom properties for organizations", []ghapp.Plan{ghapp.PlanGitHubCom, ghapp.PlanGHEC, ghapp.PlanGHES320, ghapp.PlanGHES321, ghapp.PlanGHES322}},
		{ghapp.PermissionEnterpriseAdministration, []ghapp.Level{r, w}, ghapp.ResourceEnterprise, "Enterprise administration", all[1:]},
		{ghapp.PermissionEnterpriseOrganizationInstallations, []ghapp.Level{r, w}, ghapp.ResourceEnterprise, "Organization installations", []ghapp.Plan{ghapp.PlanGHEC, ghapp.PlanGHES319, ghapp.PlanGHES320, ghapp.PlanGHES321, ghapp.PlanGHES322}},
		{ghapp.PermissionEnterpriseCustomProperties, []ghapp.Level{r, w}, ghapp.ResourceEnterprise, "Custom properties", all[2:]},
		{ghapp.PermissionEmails, []ghapp.Level{r, w}, ghapp.ResourceAccount, "Email addresses", all},
		{ghapp.PermissionKeys, []ghapp.Level{r, w}, ghapp.ResourceAccount, "Git SSH keys", all},
		{ghapp.PermissionGPGKeys, []ghapp.Level{r, w}, ghapp.ResourceAccount, "GPG keys", all},
		{ghapp.PermissionBlocking, []ghapp.Level{r, w}, ghapp.ResourceAccount, "Block another user", []ghapp.Plan{ghapp.PlanGitHubCom, ghapp.PlanGHEC}},
		{ghapp.PermissionOrganizationUserBlocking, []ghapp.Level{r, w}, ghapp.ResourceOrganization, "Blocking users", all},
		{ghapp.PermissionWatching, []ghapp.Level{r, w}, ghapp.ResourceAccount, "Watching", all},
		{ghapp.PermissionGists, []ghapp.Level{w}, ghapp.ResourceAccount, "Gists", []ghapp.Plan{ghapp.PlanGitHubCom, ghapp.PlanGHEC}},
		{ghapp.PermissionOrgCopilotContentExclusion, []ghapp.Level{r, w}, ghapp.ResourceOrganization, "Copilot content exclusion", []ghapp.Plan{ghapp.PlanGitHubCom, ghapp.PlanGHEC}},
		{ghapp.PermissionGitSigningSSHPublicKeys, []ghapp.Level{r, w}, ghapp.ResourceAccount, "SSH signing keys", []ghapp.Plan{ghapp.PlanGitHubCom, ghapp.PlanGHEC}},
		{ghapp.PermissionSingleFile, []ghapp.Level{r, w}, ghapp.ResourceRepository, "Single file", all},
	}
	for _, tt := range tests {
		t.Run(string(tt.p), func(t *testing.T) {
			type facts struct {
				Known    bool
				Levels   []ghapp.Level
				Resource ghapp.Resource
				Title    string
				Plans    []ghapp.Plan
			}
			want := facts{true, tt.levels, tt.resource, tt.title, tt.plans}
			got := facts{tt.p.Known(), tt.p.Levels(), tt.p.Resource(), tt.p.Title(), tt.p.Plans()}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			checkAvailableOn(t, tt.plans, tt.p.AvailableOn)
		})
	}
}

func TestPermissionAllows(t *testing.T) {
	tests := []struct {
		p    ghapp.Permission
		l    ghapp.Level
		want bool
	}{
		{ghapp.PermissionChecks, ghapp.LevelNone, true},
		{ghapp.PermissionChecks, ghapp.LevelRead, true},
		{ghapp.PermissionChecks, ghapp.LevelWrite, true},
		{ghapp.PermissionChecks, ghapp.LevelAdmin, false},
		{ghapp.PermissionWorkflows, ghapp.LevelRead, false},
		{ghapp.PermissionWorkflows, ghapp.LevelWrite, true},
		{ghapp.PermissionProfile, ghapp.LevelRead, false},
		{ghapp.PermissionOrganizationPlan, ghapp.LevelWrite, false},
		{ghapp.PermissionOrganizationEvents, ghapp.LevelRead, true},
		{ghapp.PermissionOrganizationProjects, ghapp.LevelAdmin, true},
		{ghapp.PermissionChecks, ghapp.Level(9), false},
		{"email_addresses", ghapp.LevelWrite, true},
		{"team_discussions", ghapp.LevelRead, false},
		{"team_discussions", ghapp.LevelNone, false},
		{"nope", ghapp.LevelNone, false},
		{"", ghapp.LevelRead, false},
	}
	for _, tt := range tests {
		if got := tt.p.Allows(tt.l); got != tt.want {
			t.Errorf("%q.Allows(%v) = %v, want %v", tt.p, tt.l, got, tt.want)
		}
	}
}

func TestKnownPermissions(t *testing.T) {
	ps := ghapp.KnownPermissions()
	// 95 current names in GitHub's data: 93 permissions, two of which the
	// REST API names differently.
	if len(ps) != 93 {
		t.Errorf("len(KnownPermissions()) = %d, want 93", len(ps))
	}
	seen := map[ghapp.Permission]bool{}
	for _, p := range ps {
		if seen[p] {
			t.Errorf("%s listed twice", p)
		}
		seen[p] = true
		if got, err := ghapp.ParsePermission(string(p)); err != nil || got != p {
			t.Errorf("ParsePermission(%q) = %q, %v", p, got, err)
		}
		if p.Canonical() != p || len(p.Levels()) == 0 || p.Title() == "" || p.Resource() == 0 || len(p.Plans()) == 0 {
			t.Errorf("%s lacks a fact", p)
		}
	}
	ps[0] = "changed"
	if ghapp.KnownPermissions()[0] == "changed" {
		t.Error("KnownPermissions returns a shared slice")
	}
	for alias, want := range map[ghapp.Permission]ghapp.Permission{"email_addresses": ghapp.PermissionEmails, "git_ssh_keys": ghapp.PermissionKeys} {
		if alias.Canonical() != want || !alias.Known() || seen[alias] {
			t.Errorf("alias %s: Canonical() = %q, Known() = %v, listed = %v", alias, alias.Canonical(), alias.Known(), seen[alias])
		}
	}
	if ghapp.Permission("nope").Canonical() != "nope" || ghapp.Permission("nope").Levels() != nil ||
		ghapp.Permission("nope").Plans() != nil || ghapp.Permission("nope").Title() != "" || ghapp.Permission("nope").Resource() != 0 {
		t.Error("an unknown permission has facts")
	}
}

func TestParsePermissionErrors(t *testing.T) {
	tests := []struct {
		in         string
		suggestion string
		retired    bool
	}{
		{"pull-requests", "pull_requests", false},
		{"Contents", "contents", false},
		{"Pull Requests", "pull_requests", false},
		{"pull_request", "pull_requests", false},
		{"contnets", "contents", false},
		{"contents:write", "contents", false},
		{"checks=read", "checks", false},
		{"email-addresses", "emails", false},
		{"Git_SSH_Keys", "keys", false},
		{"team_discussions", "", true},
		{"", "", false},
		{"xyz", "", false},
		{"permissions", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ghapp.ParsePermission(tt.in)
			if p != "" || !errors.Is(err, ghapp.ErrUnknownPermission) {
				t.Fatalf("ParsePermission(%q) = %q, %v; want ErrUnknownPermission", tt.in, p, err)
			}
			if errors.Is(err, ghapp.ErrRetired) != tt.retired {
				t.Errorf("errors.Is(err, ErrRetired) = %v, want %v", !tt.retired, tt.retired)
			}
			var fe *ghapp.FieldError
			var ne *ghapp.NameError
			if !errors.As(err, &fe) || fe.Field != "" || !errors.As(err, &ne) {
				t.Fatalf("error %#v: want *FieldError{Field: permission} around *NameError", err)
			}
			if ne.Name != tt.in || ne.Suggestion != tt.suggestion || (ne.Retired != "") != tt.retired {
				t.Errorf("NameError = %+v, want name %q, suggestion %q, retired %v", *ne, tt.in, tt.suggestion, tt.retired)
			}
		})
	}
}

func TestPermissionsJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ghapp.Permissions
		errs []error  // sentinels, all of which the error wraps
		fld  []string // the fields of the *FieldErrors, in order
	}{
		{name: "documented", in: `{"issues":"write","checks":"read"}`, want: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelWrite, ghapp.PermissionChecks: ghapp.LevelRead}},
		{name: "alias", in: `{"email_addresses":"read","git_ssh_keys":"write"}`, want: ghapp.Permissions{ghapp.PermissionEmails: ghapp.LevelRead, ghapp.PermissionKeys: ghapp.LevelWrite}},
		{name: "empty", in: `{}`, want: ghapp.Permissions{}},
		{name: "null", in: `null`, want: nil},
		{name: "none", in: `{"checks":"none"}`, want: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelNone}},
		{name: "unknown permission", in: `{"pull-requests":"write"}`, errs: []error{ghapp.ErrUnknownPermission}, fld: []string{"pull-requests"}},
		{name: "unknown level", in: `{"issues":"read-all"}`, errs: []error{ghapp.ErrUnknownLevel}, fld: []string{"issues"}},
		{name: "level not a string", in: `{"issues":1,"checks":"write"}`, errs: []error{ghapp.ErrUnknownLevel}, fld: []string{"issues"}},
		{name: "both names", in: `{"emails":"read","email_addresses":"write"}`, errs: []error{ghapp.ErrDuplicate}, fld: []string{"email_addresses"}},
		{name: "key twice", in: `{"issues":"read","issues":"write"}`, errs: []error{ghapp.ErrDuplicate}, fld: []string{"issues"}},
		{name: "retired", in: `{"team_discussions":"read"}`, errs: []error{ghapp.ErrUnknownPermission, ghapp.ErrRetired}, fld: []string{"team_discussions"}},
		{name: "all problems", in: `{"nope":"read","issues":"owner","checks":"write"}`, errs: []error{ghapp.ErrUnknownPermission, ghapp.ErrUnknownLevel}, fld: []string{"nope", "issues"}},
		// A name GitHub may have added since the catalogue is kept, with
		// everything else, when it is the only kind of problem.
		{name: "newer name", in: `{"brand_new_permission":"write","email_addresses":"read"}`, errs: []error{ghapp.ErrUnknownPermission}, fld: []string{"brand_new_permission"},
			want: ghapp.Permissions{"brand_new_permission": ghapp.LevelWrite, ghapp.PermissionEmails: ghapp.LevelRead}},
		{name: "newer names twice", in: `{"brand_new":"write","brand_new":"read"}`, errs: []error{ghapp.ErrUnknownPermission, ghapp.ErrDuplicate}, fld: []string{"brand_new", "brand_new", "brand_new"}},
		{name: "newer name, bad level", in: `{"brand_new":"owner","issues":"read"}`, errs: []error{ghapp.ErrUnknownPermission, ghapp.ErrUnknownLevel}, fld: []string{"brand_new", "brand_new"}},
		{name: "newer name and another problem", in: `{"brand_new":"write","issues":"owner"}`, errs: []error{ghapp.ErrUnknownPermission, ghapp.ErrUnknownLevel}, fld: []string{"brand_new", "issues"}},
		{name: "not a newer name", in: `{"Brand-New":"write"}`, errs: []error{ghapp.ErrUnknownPermission}, fld: []string{"Brand-New"}},
		{name: "many", in: `{` + strings.Repeat(`"x-":"read",`, 30) + `"issues":"read"}`, errs: []error{ghapp.ErrUnknownPermission},
			fld: append(slices.Repeat([]string{"x-"}, 20), "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got ghapp.Permissions
			err := json.Unmarshal([]byte(tt.in), &got)
			if tt.errs == nil {
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("mismatch (-want +got):\n%s", diff)
				}
				return
			}
			for _, want := range tt.errs {
				if !errors.Is(err, want) {
					t.Errorf("error %v does not wrap %v", err, want)
				}
			}
			if diff := cmp.Diff(tt.fld, fieldsOf(err)); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("map despite the error (-want +got):\n%s", diff)
			}
		})
	}
	for _, in := range []string{`["issues"]`, `"ghp_s3cr3ts3cr3t"`, `12345678`} {
		var notObject ghapp.Permissions
		var typeErr *json.UnmarshalTypeError
		err := json.Unmarshal([]byte(in), &notObject)
		if !errors.As(err, &typeErr) {
			t.Errorf("Unmarshal(%s) error = %v, want *json.UnmarshalTypeError", in, err)
		} else if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "12345678") {
			t.Errorf("Unmarshal(%s) error %q echoes the value", in, err)
		}
	}
}

// fieldsOf returns the Field of every *FieldError joined into err, in order.
func fieldsOf(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if fe, ok := err.(*ghapp.FieldError); ok {
			out = append(out, fe.Field)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
		}
	}
	walk(err)
	return out
}

func FuzzParsePermission(f *testing.F) {
	for _, p := range ghapp.KnownPermissions() {
		f.Add(string(p))
	}
	for _, s := range []string{"email_addresses", "git_ssh_keys", "team_discussions", "pull-requests", "Contents", "contents:write", "", "\x00", "ä"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ghapp.ParsePermission(s)
		if err != nil {
			var ne *ghapp.NameError
			if !errors.Is(err, ghapp.ErrUnknownPermission) || !errors.As(err, &ne) || ne.Name != s {
				t.Fatalf("ParsePermission(%q) error %v: want a NameError wrapping ErrUnknownPermission", s, err)
			}
			if ne.Suggestion != "" {
				if _, err := ghapp.ParsePermission(ne.Suggestion); err != nil {
					t.Fatalf("suggestion %q for %q does not parse: %v", ne.Suggestion, s, err)
				}
			}
			return
		}
		// What parses is a registration name, known, and parses to itself.
		if !p.Known() || p.Canonical() != p {
			t.Fatalf("ParsePermission(%q) = %q, which is not a registration name", s, p)
		}
		if back, err := ghapp.ParsePermission(string(p)); err != nil || back != p {
			t.Fatalf("ParsePermission(%q) = %q, %v; want %q", p, back, err, p)
		}
	})
}
