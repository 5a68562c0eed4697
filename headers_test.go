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

// header builds an http.Header from name, value pairs, as net/http would.
func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// modelAccepted is the obvious, quadratic check of an endpoint's accepted
// scopes, any one of which will do: the model CheckResponseScopes is
// compared with. It returns the missing scope CheckResponseScopes should
// name, or "" when the token passes.
func modelAccepted(granted, accepted []ghapp.Scope) (ghapp.Scope, bool) {
	if len(accepted) == 0 {
		return "", true
	}
	for _, a := range accepted {
		for _, g := range granted {
			if g.Includes(a) {
				return "", true
			}
		}
	}
	// The least: including no other accepted scope, then including the
	// fewest scopes of the catalogue; known before unknown; first on a tie.
	best, bestRank := accepted[0], -1
	for _, a := range accepted {
		rank := 1 << 10
		if a.Known() {
			rank = 0
			for _, s := range ghapp.KnownScopes() {
				if a.Includes(s) {
					rank++
				}
			}
			for _, b := range accepted {
				if b != a && a.Includes(b) {
					rank += 1 << 8
					break
				}
			}
		}
		if bestRank < 0 || rank < bestRank {
			best, bestRank = a, rank
		}
	}
	return best, false
}

func TestCheckResponseScopes(t *testing.T) {
	tests := []struct {
		name, granted, accepted string
		missing                 ghapp.Scope // "": no error
	}{
		{"documented", "repo, user", "user", ""},
		{"none needed", "", "", ""},
		{"implied", "admin:org", "read:org", ""},
		{"one of several", "gist, read:org", "admin:org, read:org, repo, user, write:org", ""},
		{"least of several", "gist", "admin:org, read:org, repo, user, write:org", ghapp.ScopeReadOrg},
		{"least is included by another", "", "repo, public_repo", ghapp.ScopePublicRepo},
		{"first on a tie", "", "user:email, read:user", ghapp.ScopeUserEmail},
		{"known before unknown", "", "new:scope, gist", ghapp.ScopeGist},
		{"unknown alone", "", "new:scope", "new:scope"},
		{"unknown granted", "new:scope", "repo, new:scope", ""},
		{"unknown granted, other unknown asked", "new:scope", "other:scope", "other:scope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			granted, accepted := ghapp.SplitScopes(tt.granted), ghapp.SplitScopes(tt.accepted)
			err := ghapp.CheckResponseScopes(header("X-OAuth-Scopes", tt.granted, "X-Accepted-OAuth-Scopes", tt.accepted))
			if tt.missing == "" {
				if err != nil {
					t.Errorf("CheckResponseScopes = %v, want nil", err)
				}
				return
			}
			var me *ghapp.MissingScopesError
			if !errors.As(err, &me) || !errors.Is(err, ghapp.ErrMissingScopes) {
				t.Fatalf("CheckResponseScopes = %v, want a *MissingScopesError", err)
			}
			want := &ghapp.MissingScopesError{Granted: granted, Missing: []ghapp.Scope{tt.missing}, AnyOf: accepted}
			if diff := cmp.Diff(want, me); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if !tt.missing.Known() {
				return
			}
			h := header("X-OAuth-Scopes", joinScopes(me.Request()), "X-Accepted-OAuth-Scopes", tt.accepted)
			if err := ghapp.CheckResponseScopes(h); err != nil {
				t.Errorf("CheckResponseScopes with Request() = %v", err)
			}
		})
	}
}

func TestCheckResponseScopesHeaders(t *testing.T) {
	for name, h := range map[string]http.Header{
		"nil":                  nil,
		"no headers":           {},
		"only granted":         header("X-OAuth-Scopes", "repo"),
		"empty accepted":       header("X-OAuth-Scopes", "", "X-Accepted-OAuth-Scopes", " "),
		"no token, none asked": header("X-Accepted-OAuth-Scopes", ""),
		"hand-written keys":    {"X-OAuth-Scopes": {"gist"}, "x-accepted-oauth-scopes": {"gist, new:scope"}},
		"several lines":        {"X-Oauth-Scopes": {"repo", "gist, user"}, "X-Accepted-Oauth-Scopes": {"admin:org", "user:email"}},
	} {
		if err := ghapp.CheckResponseScopes(h); err != nil {
			t.Errorf("%s: CheckResponseScopes = %v, want nil", name, err)
		}
	}
	// No X-OAuth-Scopes: the token has no scope.
	err := ghapp.CheckResponseScopes(header("X-Accepted-OAuth-Scopes", "repo"))
	if !errors.Is(err, ghapp.ErrMissingScopes) {
		t.Errorf("CheckResponseScopes without a token = %v, want ErrMissingScopes", err)
	}
}

func TestMissingScopesErrorText(t *testing.T) {
	many := make([]ghapp.Scope, 100)
	for i := range many {
		many[i] = ghapp.Scope(fmt.Sprintf("new:scope%d", i))
	}
	tests := []struct {
		e    *ghapp.MissingScopesError
		want string
	}{
		{&ghapp.MissingScopesError{Missing: []ghapp.Scope{ghapp.ScopeRepo}}, "ghapp: missing scope: repo"},
		{&ghapp.MissingScopesError{Missing: []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeWorkflow}}, "ghapp: missing scopes: repo, workflow"},
		{&ghapp.MissingScopesError{Missing: []ghapp.Scope{ghapp.ScopeReadOrg}, AnyOf: []ghapp.Scope{ghapp.ScopeAdminOrg, ghapp.ScopeReadOrg}},
			"ghapp: missing scope: read:org (any of admin:org, read:org would do)"},
		{&ghapp.MissingScopesError{Missing: many[:1], AnyOf: many},
			"ghapp: missing scope: new:scope0 (any of new:scope0, new:scope1, new:scope2, new:scope3, new:scope4, new:scope5, new:scope6, new:scope7, new:scope8, new:scope9 and 90 more would do)"},
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

// TestChecksDoNotAllocate holds the promise of the check functions: a
// check that passes costs no allocation.
func TestChecksDoNotAllocate(t *testing.T) {
	granted := ghapp.SplitScopes(realHeader)
	h := header("X-OAuth-Scopes", realHeader, "X-Accepted-OAuth-Scopes", "admin:org, read:org, write:org")
	have := ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelWrite, ghapp.PermissionIssues: ghapp.LevelRead, "email_addresses": ghapp.LevelRead}
	accepted, err := ghapp.ParseAcceptedPermissions("pull_requests=write,contents=read; issues=read,contents=read,metadata=read,emails=read")
	if err != nil {
		t.Fatal(err)
	}
	ph := header("X-Accepted-GitHub-Permissions", "pull_requests=write,contents=read; issues=read,contents=read,metadata=read,emails=read")
	tests := []struct {
		name string
		f    func() error
	}{
		{"MissingScopes", func() error {
			if m := ghapp.MissingScopes(granted, realRequired); m != nil {
				return fmt.Errorf("missing %v", m)
			}
			return nil
		}},
		{"CheckResponseScopes", func() error { return ghapp.CheckResponseScopes(h) }},
		{"CheckPermissions", func() error { return ghapp.CheckPermissions(have, accepted) }},
		{"CheckResponsePermissions", func() error { return ghapp.CheckResponsePermissions(ph, have) }},
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
// (which, unlike MissingScopes, knows nothing of scopes including others, so
// it is given the names exactly as the header has them).
func BenchmarkCheckScopes(b *testing.B) {
	granted := ghapp.SplitScopes(realHeader)
	exact := []string{"admin:org", "repo", "user", "workflow", "write:packages", "gist", "project", "admin:gpg_key", "admin:repo_hook", "notifications"}
	h := header("X-OAuth-Scopes", realHeader, "X-Accepted-OAuth-Scopes", "read:packages, write:packages")
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
	b.Run("MissingScopes", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkScopes = ghapp.MissingScopes(granted, realRequired)
		}
	})
	b.Run("SplitScopes+MissingScopes", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkScopes = ghapp.MissingScopes(ghapp.SplitScopes(realHeader), realRequired)
		}
	})
	b.Run("CheckResponseScopes", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkErr = ghapp.CheckResponseScopes(h)
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
		// The header check agrees with the model.
		h := http.Header{"X-Oauth-Scopes": {grantedHeader}, "X-Accepted-Oauth-Scopes": {acceptedHeader}}
		err := ghapp.CheckResponseScopes(h)
		least, ok := modelAccepted(granted, accepted)
		var me *ghapp.MissingScopesError
		switch {
		case ok && err != nil, !ok && !errors.As(err, &me):
			t.Fatalf("CheckResponseScopes = %v, the model says ok %v", err, ok)
		case !ok && (len(me.Missing) != 1 || me.Missing[0] != least):
			t.Fatalf("CheckResponseScopes = %v, the model says %q is missing", err, least)
		}
		// MissingScopes names what makes the check of all pass.
		missing := ghapp.MissingScopes(granted, accepted)
		if len(ghapp.MissingScopes(append(granted, missing...), accepted)) != 0 {
			t.Fatalf("MissingScopes(%v, %v) = %v does not suffice", granted, accepted, missing)
		}
	})
}

func ExampleMissingScopes_request() {
	// The token's X-OAuth-Scopes header, and what a tool needs.
	granted := ghapp.SplitScopes("repo:status, read:org")
	missing := ghapp.MissingScopes(granted, []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeReadOrg, ghapp.ScopeUserEmail})
	fmt.Println("missing:", missing)

	// Send the user through the flow again, asking for what the token had
	// and what it lacked.
	link, err := ghapp.AuthorizeRequest{
		ClientID: "Ov23liExample",
		Scopes:   ghapp.NormalizeScopes(append(granted, missing...)),
	}.URL(ghapp.Target{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link)
	// Output:
	// missing: [repo user:email]
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
	err = ghapp.CheckResponseScopes(resp.Header)
	fmt.Println(err)

	var missing *ghapp.MissingScopesError
	if errors.As(err, &missing) {
		fmt.Println("ask for:", missing.Request())
	}
	// Output:
	// ghapp: missing scope: read:org (any of admin:org, read:org would do)
	// ask for: [read:org repo user]
}

// joinScopes writes scopes as an X-OAuth-Scopes header does.
func joinScopes(scopes []ghapp.Scope) string {
	names := make([]string, len(scopes))
	for i, s := range scopes {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}
