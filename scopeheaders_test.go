package ghapp_test

import (
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestSplitScopes(t *testing.T) {
	tests := []struct {
		in   string
		want []ghapp.Scope
	}{
		{"", nil},
		{" , ,\t", nil},
		{"repo, user", []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeUser}}, // X-OAuth-Scopes
		{"repo,gist", []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeGist}},  // the token response's scope
		{"user repo_deployment", []ghapp.Scope{ghapp.ScopeUser, ghapp.ScopeRepoDeployment}},
		{"repo, new:thing, user", []ghapp.Scope{ghapp.ScopeRepo, "new:thing", ghapp.ScopeUser}},
		{"write:discussion", []ghapp.Scope{"write:discussion"}},
		{"Repo\r\n gist", []ghapp.Scope{"Repo", ghapp.ScopeGist}},
		{"日本, \xff", []ghapp.Scope{"日本", "\xff"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, ghapp.SplitScopes(tt.in)); diff != "" {
			t.Errorf("SplitScopes(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestScopeHeaders(t *testing.T) {
	tests := []struct {
		name     string
		h        http.Header
		granted  []ghapp.Scope
		ok       bool
		accepted []ghapp.Scope
	}{
		{"documented", header("X-OAuth-Scopes", "repo, user", "X-Accepted-OAuth-Scopes", "user"),
			[]ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeUser}, true, []ghapp.Scope{ghapp.ScopeUser}},
		{"no token scopes", header("X-OAuth-Scopes", "", "X-Accepted-OAuth-Scopes", ""), nil, true, nil},
		{"absent", http.Header{}, nil, false, nil},
		{"nil", nil, nil, false, nil},
		{"hand-written keys", http.Header{"X-OAuth-Scopes": {"gist"}, "x-accepted-oauth-scopes": {"repo, new:scope"}},
			[]ghapp.Scope{ghapp.ScopeGist}, true, []ghapp.Scope{ghapp.ScopeRepo, "new:scope"}},
		{"several lines", http.Header{"X-Oauth-Scopes": {"repo", "gist, user"}},
			[]ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeGist, ghapp.ScopeUser}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			granted, ok := ghapp.GrantedScopes(tt.h)
			if diff := cmp.Diff(tt.granted, granted); diff != "" || ok != tt.ok {
				t.Errorf("GrantedScopes = _, %v (want %v); mismatch (-want +got):\n%s", ok, tt.ok, diff)
			}
			if diff := cmp.Diff(tt.accepted, ghapp.AcceptedScopes(tt.h)); diff != "" {
				t.Errorf("AcceptedScopes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// header builds an http.Header from name, value pairs, as net/http would.
func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

func TestCheckScopes(t *testing.T) {
	tests := []struct {
		granted, required string
		missing           []ghapp.Scope // nil: no error
	}{
		{"repo, user", "user", nil},
		{"repo, user", "repo:status, user:email, read:user", nil},
		{"repo:status", "repo", []ghapp.Scope{ghapp.ScopeRepo}},
		{"", "", nil},
		{"gist", "", nil},
		{"", "gist, repo:status", []ghapp.Scope{ghapp.ScopeGist, ghapp.ScopeRepoStatus}},
		{"read:org", "admin:org, write:org, read:org", []ghapp.Scope{ghapp.ScopeAdminOrg}},
		{"repo", "repo:status, workflow, delete_repo, workflow", []ghapp.Scope{ghapp.ScopeDeleteRepo, ghapp.ScopeWorkflow}},
		{"new:scope, repo", "new:scope", nil},
		{"repo", "new:scope", []ghapp.Scope{"new:scope"}},
	}
	for _, tt := range tests {
		granted, required := ghapp.SplitScopes(tt.granted), ghapp.SplitScopes(tt.required)
		err := ghapp.CheckScopes(granted, required)
		if tt.missing == nil {
			if err != nil {
				t.Errorf("CheckScopes(%q, %q) = %v, want nil", tt.granted, tt.required, err)
			}
			continue
		}
		var me *ghapp.MissingScopesError
		if !errors.As(err, &me) || !errors.Is(err, ghapp.ErrMissingScopes) {
			t.Errorf("CheckScopes(%q, %q) = %v, want a *MissingScopesError", tt.granted, tt.required, err)
			continue
		}
		want := &ghapp.MissingScopesError{Granted: granted, Missing: tt.missing}
		if diff := cmp.Diff(want, me); diff != "" {
			t.Errorf("CheckScopes(%q, %q) mismatch (-want +got):\n%s", tt.granted, tt.required, diff)
		}
		// Request holds known scopes only (an authorize URL takes no
		// others), and asking for them passes the check of the known
		// required scopes.
		var known []ghapp.Scope
		for _, s := range required {
			if s.Known() {
				known = append(known, s)
			}
		}
		for _, s := range me.Request() {
			if !s.Known() {
				t.Errorf("Request() = %v holds the unknown %s", me.Request(), s)
			}
		}
		if err := ghapp.CheckScopes(me.Request(), known); err != nil {
			t.Errorf("CheckScopes(%v, %v) = %v after Request", me.Request(), known, err)
		}
	}
}

func TestCheckAcceptedScopes(t *testing.T) {
	tests := []struct {
		name, granted, accepted string
		missing                 []ghapp.Scope // nil: no error
	}{
		{"documented", "repo, user", "user", nil},
		{"none needed", "", "", nil},
		{"implied", "admin:org", "read:org", nil},
		{"one of several", "gist, read:org", "admin:org, read:org, repo, user, write:org", nil},
		{"least of several", "gist", "admin:org, read:org, repo, user, write:org", []ghapp.Scope{ghapp.ScopeReadOrg}},
		{"least is included by another", "", "repo, public_repo", []ghapp.Scope{ghapp.ScopePublicRepo}},
		{"first on a tie", "", "user:email, read:user", []ghapp.Scope{ghapp.ScopeUserEmail}},
		{"known before unknown", "", "new:scope, gist", []ghapp.Scope{ghapp.ScopeGist}},
		{"unknown alone", "", "new:scope", []ghapp.Scope{"new:scope"}},
		{"unknown granted", "new:scope", "repo, new:scope", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			granted, accepted := ghapp.SplitScopes(tt.granted), ghapp.SplitScopes(tt.accepted)
			err := ghapp.CheckAcceptedScopes(granted, accepted)
			h := header("X-OAuth-Scopes", tt.granted, "X-Accepted-OAuth-Scopes", tt.accepted)
			rerr := ghapp.CheckResponseScopes(&http.Response{Header: h})
			if diff := cmp.Diff(err, rerr, cmp.Comparer(sameError)); diff != "" {
				t.Errorf("CheckResponseScopes differs from CheckAcceptedScopes (-accepted +response):\n%s", diff)
			}
			if tt.missing == nil {
				if err != nil {
					t.Errorf("CheckAcceptedScopes = %v, want nil", err)
				}
				return
			}
			var me *ghapp.MissingScopesError
			if !errors.As(err, &me) || !errors.Is(err, ghapp.ErrMissingScopes) {
				t.Fatalf("CheckAcceptedScopes = %v, want a *MissingScopesError", err)
			}
			want := &ghapp.MissingScopesError{Granted: granted, Missing: tt.missing, AnyOf: accepted}
			if diff := cmp.Diff(want, me); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if err := ghapp.CheckAcceptedScopes(me.Request(), accepted); err != nil && me.Missing[0].Known() {
				t.Errorf("CheckAcceptedScopes(%v) = %v after Request", me.Request(), err)
			}
		})
	}
}

// sameError compares two errors by message, for tests that compare two
// ways of making the same error.
func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Error() == b.Error()
}

func TestCheckResponseScopesWithoutHeaders(t *testing.T) {
	for name, resp := range map[string]*http.Response{
		"nil":                  nil,
		"no headers":           {},
		"only granted":         {Header: header("X-OAuth-Scopes", "repo")},
		"empty accepted":       {Header: header("X-OAuth-Scopes", "", "X-Accepted-OAuth-Scopes", " ")},
		"no token, none asked": {Header: header("X-Accepted-OAuth-Scopes", "")},
	} {
		if err := ghapp.CheckResponseScopes(resp); err != nil {
			t.Errorf("%s: CheckResponseScopes = %v, want nil", name, err)
		}
	}
	// No X-OAuth-Scopes: the token has no scope.
	err := ghapp.CheckResponseScopes(&http.Response{Header: header("X-Accepted-OAuth-Scopes", "repo")})
	if !errors.Is(err, ghapp.ErrMissingScopes) {
		t.Errorf("CheckResponseScopes without a token = %v, want ErrMissingScopes", err)
	}
}

func TestMissingScopesErrorText(t *testing.T) {
	tests := []struct {
		e    *ghapp.MissingScopesError
		want string
	}{
		{&ghapp.MissingScopesError{Missing: []ghapp.Scope{ghapp.ScopeRepo}}, "ghapp: missing scope: repo"},
		{&ghapp.MissingScopesError{Missing: []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeWorkflow}}, "ghapp: missing scopes: repo, workflow"},
		{&ghapp.MissingScopesError{Missing: []ghapp.Scope{ghapp.ScopeReadOrg}, AnyOf: []ghapp.Scope{ghapp.ScopeAdminOrg, ghapp.ScopeReadOrg}},
			"ghapp: missing scope: read:org (any of admin:org, read:org would do)"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	e := &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeRepoStatus, "new:scope", ghapp.ScopeGist}, Missing: []ghapp.Scope{ghapp.ScopeRepo}}
	if diff := cmp.Diff([]ghapp.Scope{ghapp.ScopeGist, ghapp.ScopeRepo}, e.Request()); diff != "" {
		t.Errorf("Request mismatch (-want +got):\n%s", diff)
	}
}

// realHeader is an X-OAuth-Scopes header of a broad classic token: twelve
// scopes, as GitHub lists them.
const realHeader = "admin:gpg_key, admin:org, admin:public_key, admin:repo_hook, delete_repo, gist, notifications, project, repo, user, workflow, write:packages"

// realRequired is what a tool built on such a token needs, each scope
// granted through another one of the header.
var realRequired = []ghapp.Scope{ghapp.ScopeRepoStatus, ghapp.ScopeReadOrg, ghapp.ScopeUserEmail, ghapp.ScopeWorkflow,
	ghapp.ScopeReadPackages, ghapp.ScopeGist, ghapp.ScopePublicRepo, ghapp.ScopeReadGPGKey, ghapp.ScopeReadProject, ghapp.ScopeReadRepoHook}

// TestChecksDoNotAllocate holds the promise of the Check functions: a check
// that passes costs no allocation.
func TestChecksDoNotAllocate(t *testing.T) {
	granted := ghapp.SplitScopes(realHeader)
	resp := &http.Response{Header: header("X-OAuth-Scopes", realHeader, "X-Accepted-OAuth-Scopes", "admin:org, read:org, write:org")}
	have := ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelWrite, ghapp.PermissionIssues: ghapp.LevelRead, "email_addresses": ghapp.LevelRead}
	accepted, err := ghapp.ParseAcceptedPermissions("pull_requests=write,contents=read; issues=read,contents=read,metadata=read,emails=read")
	if err != nil {
		t.Fatal(err)
	}
	presp := &http.Response{Header: header("X-Accepted-GitHub-Permissions", "contents=read")}
	orgScopes := []ghapp.Scope{ghapp.ScopeAdminOrg, ghapp.ScopeReadOrg}
	tests := []struct {
		name string
		f    func() error
	}{
		{"CheckScopes", func() error { return ghapp.CheckScopes(granted, realRequired) }},
		{"CheckAcceptedScopes", func() error { return ghapp.CheckAcceptedScopes(granted, orgScopes) }},
		{"CheckResponseScopes", func() error { return ghapp.CheckResponseScopes(resp) }},
		{"CheckPermissions", func() error { return ghapp.CheckPermissions(have, accepted) }},
		{"CheckResponsePermissions", func() error { return ghapp.CheckResponsePermissions(presp, have) }},
	}
	for _, tt := range tests {
		if err := tt.f(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if n := testing.AllocsPerRun(100, func() { sinkErr = tt.f() }); n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", tt.name, n)
		}
	}
}

// BenchmarkCheckScopes checks a real-sized X-OAuth-Scopes header against
// ten required scopes, beside two baselines in the same run: ParseScopes of
// the header alone, and the obvious check with a map of the header's names
// (which, unlike CheckScopes, knows nothing of scopes including others, so
// it is given the names exactly as the header has them).
func BenchmarkCheckScopes(b *testing.B) {
	granted := ghapp.SplitScopes(realHeader)
	exact := []string{"admin:org", "repo", "user", "workflow", "write:packages", "gist", "project", "admin:gpg_key", "admin:repo_hook", "notifications"}
	resp := &http.Response{Header: header("X-OAuth-Scopes", realHeader, "X-Accepted-OAuth-Scopes", "read:packages, write:packages")}
	b.Run("baseline=ParseScopes", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkScopes, sinkErr = ghapp.ParseScopes(realHeader)
		}
	})
	b.Run("baseline=map", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			has := map[string]bool{}
			for _, s := range strings.Split(realHeader, ", ") {
				has[s] = true
			}
			ok := true
			for _, r := range exact {
				ok = ok && has[r]
			}
			sinkBool = ok
		}
	})
	b.Run("CheckScopes", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkErr = ghapp.CheckScopes(granted, realRequired)
		}
	})
	b.Run("SplitScopes+CheckScopes", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkErr = ghapp.CheckScopes(ghapp.SplitScopes(realHeader), realRequired)
		}
	})
	b.Run("CheckResponseScopes", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkErr = ghapp.CheckResponseScopes(resp)
		}
	})
}

func FuzzScopeHeaders(f *testing.F) {
	for _, s := range [][2]string{
		{"repo, user", "user"}, {"", ""}, {"repo:status", "repo, admin:org"}, {"new:scope", "new:scope,repo"},
		{realHeader, "read:org"}, {" ,\t,", "\xff,é"}, {"gist", ""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, grantedHeader, acceptedHeader string) {
		granted := ghapp.SplitScopes(grantedHeader)
		accepted := ghapp.SplitScopes(acceptedHeader)
		for _, s := range append(granted, accepted...) {
			if s == "" || strings.ContainsAny(string(s), ", \t\r\n") {
				t.Fatalf("SplitScopes gave %q", s)
			}
		}
		// What ParseScopes accepts, SplitScopes reads the same.
		if parsed, err := ghapp.ParseScopes(grantedHeader); err == nil {
			if diff := cmp.Diff(parsed, granted); diff != "" {
				t.Fatalf("SplitScopes(%q) differs from ParseScopes (-parse +split):\n%s", grantedHeader, diff)
			}
		}
		h := http.Header{"X-Oauth-Scopes": {grantedHeader}, "X-Accepted-Oauth-Scopes": {acceptedHeader}}
		err := ghapp.CheckAcceptedScopes(granted, accepted)
		if rerr := ghapp.CheckResponseScopes(&http.Response{Header: h}); !sameError(err, rerr) {
			t.Fatalf("CheckResponseScopes = %v, CheckAcceptedScopes = %v", rerr, err)
		}
		if err != nil {
			var me *ghapp.MissingScopesError
			if !errors.As(err, &me) || len(me.Missing) != 1 {
				t.Fatalf("CheckAcceptedScopes = %v", err)
			}
		}
		err = ghapp.CheckScopes(granted, accepted)
		var me *ghapp.MissingScopesError
		if err != nil && (!errors.As(err, &me) || len(me.Missing) == 0) {
			t.Fatalf("CheckScopes = %v", err)
		}
		if me != nil {
			if err := ghapp.CheckScopes(append(granted, me.Missing...), accepted); err != nil {
				t.Fatalf("CheckScopes with the missing scopes added = %v", err)
			}
		}
	})
}

func ExampleCheckScopes() {
	// The token's X-OAuth-Scopes header, and what a tool needs.
	granted := ghapp.SplitScopes("repo:status, read:org")
	err := ghapp.CheckScopes(granted, []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeReadOrg, ghapp.ScopeUserEmail})
	fmt.Println(err)

	var missing *ghapp.MissingScopesError
	if errors.As(err, &missing) {
		// Send the user through the flow again, asking for what the token
		// had and what it lacked.
		link, err := ghapp.AuthorizeRequest{ClientID: "Ov23liExample", Scopes: missing.Request()}.URL(ghapp.Target{})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(link)
	}
	// Output:
	// ghapp: missing scopes: repo, user:email
	// https://github.com/login/oauth/authorize?client_id=Ov23liExample&scope=read:org%20repo%20user:email
}

func ExampleCheckResponseScopes() {
	// A stand-in for the REST API, answering as GitHub's documentation shows.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-OAuth-Scopes", "repo, user")
		w.Header().Set("X-Accepted-OAuth-Scopes", "admin:org, read:org")
		w.WriteHeader(http.StatusForbidden)
	}))
	defer api.Close()

	resp, err := http.Get(api.URL + "/orgs/octo-org/teams")
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	granted, _ := ghapp.GrantedScopes(resp.Header)
	fmt.Println(granted, ghapp.AcceptedScopes(resp.Header))
	fmt.Println(ghapp.CheckResponseScopes(resp))
	// Output:
	// [repo user] [admin:org read:org]
	// ghapp: missing scope: read:org (any of admin:org, read:org would do)
}
