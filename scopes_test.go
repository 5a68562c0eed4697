package ghapp_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestParseScopes(t *testing.T) {
	tests := []struct {
		in   string
		want []ghapp.Scope
	}{
		{"", nil},
		{"   ", nil},
		{"repo", []ghapp.Scope{ghapp.ScopeRepo}},
		{"repo, user", []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeUser}},
		{"repo,user", []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeUser}},
		{"user repo", []ghapp.Scope{ghapp.ScopeUser, ghapp.ScopeRepo}},
		{"user repo_deployment", []ghapp.Scope{ghapp.ScopeUser, ghapp.ScopeRepoDeployment}},
		{"user,gist,user:email", []ghapp.Scope{ghapp.ScopeUser, ghapp.ScopeGist, ghapp.ScopeUserEmail}},
		{" repo ,\tgist,, ", []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeGist}},
		{"repo repo", []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeRepo}},
		{"offline_access repo", []ghapp.Scope{ghapp.ScopeOfflineAccess, ghapp.ScopeRepo}},
	}
	for _, tt := range tests {
		got, err := ghapp.ParseScopes(tt.in)
		if err != nil {
			t.Errorf("ParseScopes(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseScopes(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseScopesErrors(t *testing.T) {
	tests := []struct {
		in          string
		suggestions []string // one per bad name, in order
		retired     bool
	}{
		{"workflow:write", []string{"workflow"}, false},
		{"packages:read", []string{"read:packages"}, false},
		{"repo, org:read, gists", []string{"read:org", "gist"}, false},
		{"REPO", []string{"repo"}, false},
		{"write:discussion", []string{""}, true},
		{"read:discussion,repo", []string{""}, true},
		{"(no scope)", []string{"", ""}, false}, // two names: "(no" and "scope)"
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ghapp.ParseScopes(tt.in)
			if got != nil || !errors.Is(err, ghapp.ErrUnknownScope) || errors.Is(err, ghapp.ErrRetired) != tt.retired {
				t.Fatalf("ParseScopes(%q) = %v, %v; want ErrUnknownScope, retired %v", tt.in, got, err, tt.retired)
			}
			var suggestions []string
			for _, fe := range fieldErrors(err) {
				var ne *ghapp.NameError
				if fe.Field != "" || !errors.As(fe, &ne) {
					t.Fatalf("error %v: want *FieldError{Field: scope} around *NameError", fe)
				}
				suggestions = append(suggestions, ne.Suggestion)
			}
			if diff := cmp.Diff(tt.suggestions, suggestions); diff != "" {
				t.Errorf("suggestions mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// fieldErrors returns every *FieldError joined into err, in order.
func fieldErrors(err error) []*ghapp.FieldError {
	if fe, ok := err.(*ghapp.FieldError); ok {
		return []*ghapp.FieldError{fe}
	}
	var out []*ghapp.FieldError
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, fieldErrors(e)...)
		}
	}
	return out
}

func TestScopeIncludes(t *testing.T) {
	tests := []struct {
		s, other ghapp.Scope
		want     bool
	}{
		{ghapp.ScopeRepo, ghapp.ScopeRepoStatus, true},
		{ghapp.ScopeRepo, ghapp.ScopeRepoDeployment, true},
		{ghapp.ScopeRepo, ghapp.ScopePublicRepo, true},
		{ghapp.ScopeRepo, ghapp.ScopeRepoInvite, true},
		{ghapp.ScopeRepo, ghapp.ScopeSecurityEvents, true},
		{ghapp.ScopeRepo, ghapp.ScopeDeleteRepo, false},
		{ghapp.ScopeRepo, ghapp.ScopeAdminRepoHook, false},
		{ghapp.ScopeRepoStatus, ghapp.ScopeRepo, false},
		{ghapp.ScopeAdminRepoHook, ghapp.ScopeWriteRepoHook, true},
		{ghapp.ScopeAdminRepoHook, ghapp.ScopeReadRepoHook, true},
		{ghapp.ScopeWriteRepoHook, ghapp.ScopeReadRepoHook, true},
		{ghapp.ScopeReadRepoHook, ghapp.ScopeWriteRepoHook, false},
		{ghapp.ScopeAdminOrg, ghapp.ScopeWriteOrg, true},
		{ghapp.ScopeAdminOrg, ghapp.ScopeReadOrg, true},
		{ghapp.ScopeWriteOrg, ghapp.ScopeReadOrg, true},
		{ghapp.ScopeAdminOrg, ghapp.ScopeAdminOrgHook, false},
		{ghapp.ScopeAdminPublicKey, ghapp.ScopeReadPublicKey, true},
		{ghapp.ScopeWritePublicKey, ghapp.ScopeReadPublicKey, true},
		{ghapp.ScopeAdminGPGKey, ghapp.ScopeReadGPGKey, true},
		{ghapp.ScopeWriteGPGKey, ghapp.ScopeReadGPGKey, true},
		{ghapp.ScopeAdminSSHSigningKey, ghapp.ScopeReadSSHSigningKey, true},
		{ghapp.ScopeWriteSSHSigningKey, ghapp.ScopeReadSSHSigningKey, true},
		{ghapp.ScopeWritePackages, ghapp.ScopeReadPackages, true},
		{ghapp.ScopeWritePackages, ghapp.ScopeDeletePackages, false},
		{ghapp.ScopeWriteNetworkConfigurations, ghapp.ScopeReadNetworkConfigurations, true},
		{ghapp.ScopeUser, ghapp.ScopeReadUser, true},
		{ghapp.ScopeUser, ghapp.ScopeUserEmail, true},
		{ghapp.ScopeUser, ghapp.ScopeUserFollow, true},
		{ghapp.ScopeUserEmail, ghapp.ScopeUser, false},
		{ghapp.ScopeAdminEnterprise, ghapp.ScopeManageRunnersEnterprise, true},
		{ghapp.ScopeAdminEnterprise, ghapp.ScopeManageBillingEnterprise, true},
		{ghapp.ScopeAdminEnterprise, ghapp.ScopeReadEnterprise, true},
		{ghapp.ScopeProject, ghapp.ScopeReadProject, true},
		{ghapp.ScopeCodespace, ghapp.ScopeCodespaceSecrets, true},
		{ghapp.ScopeGist, ghapp.ScopeGist, true},
		{"unknown", "unknown", true},
		{"unknown", ghapp.ScopeRepo, false},
		{ghapp.ScopeRepo, "unknown", false},
	}
	for _, tt := range tests {
		if got := tt.s.Includes(tt.other); got != tt.want {
			t.Errorf("%s.Includes(%s) = %v, want %v", tt.s, tt.other, got, tt.want)
		}
	}
}

func TestNormalizeScopes(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"user,gist,user:email", "gist user"}, // the documentation's example
		{"", ""},
		{"repo repo:status public_repo", "repo"},
		{"read:org admin:org write:org", "admin:org"},
		{"workflow repo", "repo workflow"},
		{"gist gist gist", "gist"},
		{"read:user user:email", "read:user user:email"},
		{"admin:enterprise read:enterprise site_admin", "admin:enterprise site_admin"},
	}
	for _, tt := range tests {
		in, err := ghapp.ParseScopes(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := ghapp.ParseScopes(tt.want)
		if diff := cmp.Diff(want, ghapp.NormalizeScopes(in)); diff != "" {
			t.Errorf("NormalizeScopes(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
	// Unknown scopes are kept, sorted, once.
	got := ghapp.NormalizeScopes([]ghapp.Scope{"zz", ghapp.ScopeRepo, "zz", ghapp.ScopeRepoStatus})
	if diff := cmp.Diff([]ghapp.Scope{ghapp.ScopeRepo, "zz"}, got); diff != "" {
		t.Errorf("NormalizeScopes with unknown mismatch (-want +got):\n%s", diff)
	}
}

func TestMissingScopes(t *testing.T) {
	tests := []struct {
		granted, required, want string
	}{
		{"repo", "repo:status", ""},
		{"repo:status", "repo", "repo"},
		{"user", "user:email read:user", ""},
		{"user:email", "user", "user"},
		{"", "", ""},
		{"", "gist repo:status", "gist repo:status"},
		{"admin:org", "read:org write:org", ""},
		{"read:org", "admin:org read:org", "admin:org"},
		{"repo", "repo:status repo:invite workflow delete_repo", "delete_repo workflow"},
		{"gist", "read:user user:email user", "user"},
	}
	for _, tt := range tests {
		granted, _ := ghapp.ParseScopes(tt.granted)
		required, _ := ghapp.ParseScopes(tt.required)
		want, _ := ghapp.ParseScopes(tt.want)
		if diff := cmp.Diff(want, ghapp.MissingScopes(granted, required)); diff != "" {
			t.Errorf("MissingScopes(%q, %q) mismatch (-want +got):\n%s", tt.granted, tt.required, diff)
		}
	}
	if got := ghapp.MissingScopes([]ghapp.Scope{"custom"}, []ghapp.Scope{"custom", "other"}); !slices.Equal(got, []ghapp.Scope{"other"}) {
		t.Errorf("MissingScopes with unknown scopes = %v, want [other]", got)
	}
}

func TestScopeFacts(t *testing.T) {
	ghes := []ghapp.Plan{ghapp.PlanGHES317, ghapp.PlanGHES318, ghapp.PlanGHES319, ghapp.PlanGHES320, ghapp.PlanGHES321, ghapp.PlanGHES322}
	tests := []struct {
		s        ghapp.Scope
		plans    []ghapp.Plan
		reported bool
	}{
		{ghapp.ScopeRepo, all, true},
		{ghapp.ScopeSiteAdmin, ghes, true},
		{ghapp.ScopeAdminEnterprise, all[1:], true},
		{ghapp.ScopeReadEnterprise, all[1:], true},
		{ghapp.ScopeCodespace, []ghapp.Plan{ghapp.PlanGitHubCom, ghapp.PlanGHEC}, true},
		{ghapp.ScopeOfflineAccess, all, false},
		{ghapp.ScopeManageRunnersOrg, all, true},
		{ghapp.ScopeCopilot, []ghapp.Plan{ghapp.PlanGitHubCom, ghapp.PlanGHEC}, true},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.plans, tt.s.Plans()); diff != "" {
			t.Errorf("%s plans mismatch (-want +got):\n%s", tt.s, diff)
		}
		if got := tt.s.Reported(); got != tt.reported {
			t.Errorf("%s.Reported() = %v", tt.s, got)
		}
		if tt.s.AvailableOn(ghapp.PlanGitHubCom) != slices.Contains(tt.plans, ghapp.PlanGitHubCom) {
			t.Errorf("%s.AvailableOn(github.com) is wrong", tt.s)
		}
	}
	ss := ghapp.KnownScopes()
	if len(ss) != 48 {
		t.Errorf("len(KnownScopes()) = %d, want 48", len(ss))
	}
	for _, s := range ss {
		if got, err := ghapp.ParseScope(string(s)); err != nil || got != s {
			t.Errorf("ParseScope(%q) = %q, %v", s, got, err)
		}
	}
	ss[0] = "changed"
	if ghapp.KnownScopes()[0] == "changed" {
		t.Error("KnownScopes returns a shared slice")
	}
	if ghapp.Scope("nope").Known() || ghapp.Scope("nope").Reported() || ghapp.Scope("nope").Plans() != nil {
		t.Error("an unknown scope has facts")
	}
}

func FuzzParseScopes(f *testing.F) {
	for _, s := range []string{"repo, user", "user,gist,user:email", "user repo", "", "workflow:write", "write:discussion", ",,", "a\u00a0b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		scopes, err := ghapp.ParseScopes(s)
		if err != nil {
			if !errors.Is(err, ghapp.ErrUnknownScope) {
				t.Fatalf("ParseScopes(%q) error %v does not wrap ErrUnknownScope", s, err)
			}
			return
		}
		// Printing the normalised set and parsing it again gives the same set,
		// whichever separator GitHub would use.
		norm := ghapp.NormalizeScopes(scopes)
		for _, sep := range []string{" ", ",", ", "} {
			var names []string
			for _, sc := range norm {
				names = append(names, string(sc))
			}
			back, err := ghapp.ParseScopes(strings.Join(names, sep))
			if err != nil {
				t.Fatalf("ParseScopes(%q): %v", strings.Join(names, sep), err)
			}
			if diff := cmp.Diff(norm, ghapp.NormalizeScopes(back)); diff != "" {
				t.Fatalf("round trip of %q mismatch (-want +got):\n%s", s, diff)
			}
		}
		// The normal form grants exactly what the input grants.
		if m := ghapp.MissingScopes(norm, scopes); m != nil {
			t.Fatalf("normal form %v of %q misses %v", norm, s, m)
		}
		if m := ghapp.MissingScopes(scopes, norm); m != nil {
			t.Fatalf("%q misses %v of its normal form", s, m)
		}
	})
}
