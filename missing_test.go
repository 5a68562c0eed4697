package ghapp_test

import (
	"errors"
	"fmt"
	"log"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestCheckScopes(t *testing.T) {
	tests := []struct {
		name              string
		granted, required []ghapp.Scope
		missing           []ghapp.Scope // nil: no error
	}{
		{"none required", []ghapp.Scope{ghapp.ScopeRepo}, nil, nil},
		{"the token response's scopes", ghapp.SplitScopes("repo,gist"), []ghapp.Scope{ghapp.ScopeRepoStatus, ghapp.ScopeGist}, nil},
		{"included", []ghapp.Scope{ghapp.ScopeAdminOrg}, []ghapp.Scope{ghapp.ScopeReadOrg}, nil},
		{"one missing", ghapp.SplitScopes("repo,gist"), []ghapp.Scope{ghapp.ScopeReadOrg, ghapp.ScopeRepo}, []ghapp.Scope{ghapp.ScopeReadOrg}},
		{"normalised", nil, []ghapp.Scope{ghapp.ScopeUserEmail, ghapp.ScopeUser}, []ghapp.Scope{ghapp.ScopeUser}},
		{"unknown granted only by itself", []ghapp.Scope{"new:scope"}, []ghapp.Scope{"new:scope", "other:scope"}, []ghapp.Scope{"other:scope"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ghapp.CheckScopes(tt.granted, tt.required)
			if tt.missing == nil {
				if err != nil {
					t.Errorf("CheckScopes = %v, want nil", err)
				}
				return
			}
			var me *ghapp.MissingScopesError
			if !errors.As(err, &me) || !errors.Is(err, ghapp.ErrMissingScopes) {
				t.Fatalf("CheckScopes = %v, want a *MissingScopesError", err)
			}
			want := &ghapp.MissingScopesError{Granted: tt.granted, Missing: tt.missing}
			if diff := cmp.Diff(want, me); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			// What Request asks for passes.
			if err := ghapp.CheckScopes(me.Request(), tt.required); err != nil && me.Request() != nil && allKnown(tt.required) {
				t.Errorf("CheckScopes(Request()) = %v", err)
			}
		})
	}
	granted := ghapp.SplitScopes(realHeader)
	if n := testing.AllocsPerRun(100, func() { sinkErr = ghapp.CheckScopes(granted, realRequired) }); n != 0 {
		t.Errorf("a passing CheckScopes allocates %v times", n)
	}
	// The error keeps its own copy of granted.
	g := []ghapp.Scope{ghapp.ScopeGist}
	err := ghapp.CheckScopes(g, []ghapp.Scope{ghapp.ScopeRepo})
	g[0] = ghapp.ScopeRepo
	var me *ghapp.MissingScopesError
	if errors.As(err, &me) && me.Granted[0] != ghapp.ScopeGist {
		t.Error("the error shares the caller's slice")
	}
}

func allKnown(scopes []ghapp.Scope) bool {
	for _, s := range scopes {
		if !s.Known() {
			return false
		}
	}
	return true
}

func TestMissingScopesLinks(t *testing.T) {
	e := &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeRepoStatus, ghapp.ScopeGist, "new:scope"},
		Missing: []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeOfflineAccess}}
	tests := []struct {
		name string
		link func() (string, error)
		want string
	}{
		{"authorize", func() (string, error) {
			return e.AuthorizeURL(ghapp.Target{}, ghapp.AuthorizeRequest{ClientID: "Ov23liExample", State: "st", Scopes: []ghapp.Scope{ghapp.ScopeUser}})
		}, "https://github.com/login/oauth/authorize?client_id=Ov23liExample&scope=gist%20offline_access%20repo&state=st"},
		{"authorize on GHES", func() (string, error) {
			return e.AuthorizeURL(ghapp.Target{BaseURL: "https://github.example.com"}, ghapp.AuthorizeRequest{ClientID: "Ov23liExample"})
		}, "https://github.example.com/login/oauth/authorize?client_id=Ov23liExample&scope=gist%20offline_access%20repo"},
		{"classic token", func() (string, error) { return e.ClassicTokenURL(ghapp.Target{}, "my tool") },
			"https://github.com/settings/tokens/new?scopes=gist,repo&description=my%20tool"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.link()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("link %q, want %q", got, tt.want)
			}
		})
	}
	// The request's own errors come back.
	if _, err := e.AuthorizeURL(ghapp.Target{}, ghapp.AuthorizeRequest{}); !errors.Is(err, ghapp.ErrRequired) {
		t.Errorf("AuthorizeURL without a client ID: %v, want ErrRequired", err)
	}
	site := &ghapp.MissingScopesError{Missing: []ghapp.Scope{ghapp.ScopeSiteAdmin}}
	if _, err := site.ClassicTokenURL(ghapp.Target{}, ""); !errors.Is(err, ghapp.ErrNotOnPlan) {
		t.Errorf("ClassicTokenURL of site_admin on github.com: %v, want ErrNotOnPlan", err)
	}
}

func TestMissingPermissionsFineGrainedTokenURL(t *testing.T) {
	accepted, err := ghapp.ParseAcceptedPermissions("pull_requests=write,contents=read; issues=write,contents=read")
	if err != nil {
		t.Fatal(err)
	}
	have := ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelRead, ghapp.PermissionMetadata: ghapp.LevelRead}
	var me *ghapp.MissingPermissionsError
	if err := ghapp.CheckPermissions(have, accepted); !errors.As(err, &me) {
		t.Fatalf("CheckPermissions = %v, want a *MissingPermissionsError", err)
	}
	current := ghapp.TokenPermissions{ghapp.TokenPermissionContents: ghapp.LevelRead, ghapp.TokenPermissionMetadata: ghapp.LevelRead}
	r := ghapp.FineGrainedTokenRequest{Name: "triage", TargetName: "octo-org", Permissions: current}
	link, err := me.FineGrainedTokenURL(ghapp.Target{}, r)
	if err != nil {
		t.Fatal(err)
	}
	const want = "https://github.com/settings/personal-access-tokens/new?name=triage&target_name=octo-org&contents=read&metadata=read&pull_requests=write"
	if link != want {
		t.Errorf("link %q, want %q", link, want)
	}
	if len(r.Permissions) != 2 {
		t.Error("the caller's request was changed")
	}
	// The new token meets the header.
	back, _, err := ghapp.ParseFineGrainedTokenURL(link)
	if err != nil {
		t.Fatal(err)
	}
	asApp := ghapp.Permissions{}
	for p, l := range back.Permissions {
		asApp[ghapp.Permission(p)] = l
	}
	if err := ghapp.CheckPermissions(asApp, accepted); err != nil {
		t.Errorf("the new token's permissions fail: %v", err)
	}

	// An app permission tokens do not have, and a REST API name.
	checks := &ghapp.MissingPermissionsError{Add: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelRead}}
	if _, err := checks.FineGrainedTokenURL(ghapp.Target{}, ghapp.FineGrainedTokenRequest{}); !errors.Is(err, ghapp.ErrUnknownPermission) {
		t.Errorf("checks: %v, want ErrUnknownPermission", err)
	}
	emails := &ghapp.MissingPermissionsError{Add: ghapp.Permissions{"email_addresses": ghapp.LevelRead}}
	link, err = emails.FineGrainedTokenURL(ghapp.Target{}, ghapp.FineGrainedTokenRequest{
		Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionEmails: ghapp.LevelWrite}})
	if err != nil || link != "https://github.com/settings/personal-access-tokens/new?emails=write" {
		t.Errorf("email_addresses: %q, %v; want emails kept at write", link, err)
	}
}

func ExampleMissingScopesError_ClassicTokenURL() {
	// A tool that asks people for a classic token, which lacks read:org.
	err := ghapp.CheckScopes(ghapp.SplitScopes("repo, gist"), []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeReadOrg})
	var missing *ghapp.MissingScopesError
	if errors.As(err, &missing) {
		link, err := missing.ClassicTokenURL(ghapp.Target{}, "my tool")
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(missing)
		fmt.Println("create a token at", link)
	}
	// Output:
	// ghapp: missing scope: read:org
	// create a token at https://github.com/settings/tokens/new?scopes=gist,read:org,repo&description=my%20tool
}
