package ghapp_test

import (
	"errors"
	"fmt"
	"log"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// docsAuthorizeURL is the example of GitHub's page on OAuth scopes, on one
// line: two scopes separated by %20.
const docsAuthorizeURL = "https://github.com/login/oauth/authorize?client_id=...&scope=user%20repo_deployment"

func TestAuthorizeURLDocumented(t *testing.T) {
	got, err := ghapp.AuthorizeRequest{
		ClientID: "...",
		Scopes:   []ghapp.Scope{ghapp.ScopeUser, ghapp.ScopeRepoDeployment},
	}.URL(ghapp.Target{})
	if err != nil {
		t.Fatal(err)
	}
	if got != docsAuthorizeURL {
		t.Errorf("URL:\n got %s\nwant %s", got, docsAuthorizeURL)
	}
}

func TestAuthorizeURL(t *testing.T) {
	no, yes := false, true
	tests := []struct {
		name string
		r    ghapp.AuthorizeRequest
		t    ghapp.Target
		want string
	}{
		{"client ID only", ghapp.AuthorizeRequest{ClientID: "Ov23liAbC"}, ghapp.Target{},
			"https://github.com/login/oauth/authorize?client_id=Ov23liAbC"},
		{"every parameter", ghapp.AuthorizeRequest{
			ClientID:      "Iv1.8a61f9b3a7aba766",
			RedirectURI:   "https://example.com/oauth/callback?next=/home&x=a+b",
			State:         "s t&a=te",
			Login:         "octocat",
			Scopes:        []ghapp.Scope{ghapp.ScopeRepoStatus, ghapp.ScopeReadOrg, ghapp.ScopeOfflineAccess},
			AllowSignup:   &no,
			SelectAccount: true,
			CodeChallenge: rfcChallenge,
		}, ghapp.Target{},
			"https://github.com/login/oauth/authorize?client_id=Iv1.8a61f9b3a7aba766" +
				"&redirect_uri=https://example.com/oauth/callback%3Fnext%3D/home%26x%3Da%2Bb" +
				"&login=octocat&scope=repo:status%20read:org%20offline_access&state=s%20t%26a%3Dte" +
				"&allow_signup=false&prompt=select_account" +
				"&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"},
		{"allow signup true", ghapp.AuthorizeRequest{ClientID: "c", AllowSignup: &yes}, ghapp.Target{},
			"https://github.com/login/oauth/authorize?client_id=c&allow_signup=true"},
		{"loopback redirect", ghapp.AuthorizeRequest{ClientID: "c", RedirectURI: "http://127.0.0.1:1234/path"}, ghapp.Target{},
			"https://github.com/login/oauth/authorize?client_id=c&redirect_uri=http://127.0.0.1:1234/path"},
		{"IPv6 loopback redirect", ghapp.AuthorizeRequest{ClientID: "c", RedirectURI: "http://[::1]:8080/cb"}, ghapp.Target{},
			"https://github.com/login/oauth/authorize?client_id=c&redirect_uri=http://%5B::1%5D:8080/cb"},
		{"localhost redirect", ghapp.AuthorizeRequest{ClientID: "c", RedirectURI: "http://localhost:3000/cb"}, ghapp.Target{},
			"https://github.com/login/oauth/authorize?client_id=c&redirect_uri=http://localhost:3000/cb"},
		{"GHES", ghapp.AuthorizeRequest{ClientID: "c", Scopes: []ghapp.Scope{ghapp.ScopeSiteAdmin}}, ghapp.Target{BaseURL: "https://github.example.com/"},
			"https://github.example.com/login/oauth/authorize?client_id=c&scope=site_admin"},
		{"GHE.com", ghapp.AuthorizeRequest{ClientID: "c", Scopes: []ghapp.Scope{ghapp.ScopeReadEnterprise}}, ghapp.Target{BaseURL: "https://Octo.ghe.com:443"},
			"https://octo.ghe.com/login/oauth/authorize?client_id=c&scope=read:enterprise"},
		{"GHEC on github.com", ghapp.AuthorizeRequest{ClientID: "c", Scopes: []ghapp.Scope{ghapp.ScopeAdminEnterprise}}, ghapp.Target{Plan: ghapp.PlanGHEC},
			"https://github.com/login/oauth/authorize?client_id=c&scope=admin:enterprise"},
		{"implied scopes are kept as asked", ghapp.AuthorizeRequest{ClientID: "c", Scopes: []ghapp.Scope{ghapp.ScopeUser, ghapp.ScopeGist, ghapp.ScopeUserEmail}}, ghapp.Target{},
			"https://github.com/login/oauth/authorize?client_id=c&scope=user%20gist%20user:email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.r.URL(tt.t)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("URL mismatch (-want +got):\n%s", diff)
			}
			// The standard decoding gives back every value.
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			var scopes []string
			for _, s := range tt.r.Scopes {
				scopes = append(scopes, string(s))
			}
			for key, want := range map[string]string{
				"client_id": tt.r.ClientID, "redirect_uri": tt.r.RedirectURI, "state": tt.r.State,
				"login": tt.r.Login, "scope": strings.Join(scopes, " "), "code_challenge": tt.r.CodeChallenge,
			} {
				if got := q.Get(key); got != want {
					t.Errorf("decoded %s = %q, want %q", key, got, want)
				}
			}
		})
	}
}

func TestAuthorizeURLErrors(t *testing.T) {
	tests := []struct {
		name string
		r    ghapp.AuthorizeRequest
		t    ghapp.Target
		want []string
	}{
		{"empty", ghapp.AuthorizeRequest{}, ghapp.Target{}, []string{"client_id: ErrRequired"}},
		{"client ID with a space", ghapp.AuthorizeRequest{ClientID: "a b"}, ghapp.Target{}, []string{"client_id: ErrInvalidText"}},
		{"client ID with a newline", ghapp.AuthorizeRequest{ClientID: "ab\n"}, ghapp.Target{}, []string{"client_id: ErrInvalidText"}},
		{"client ID not UTF-8", ghapp.AuthorizeRequest{ClientID: "a\xff"}, ghapp.Target{}, []string{"client_id: ErrInvalidText"}},
		{"organization", ghapp.AuthorizeRequest{ClientID: "c"}, ghapp.Target{Organization: "octo-org"}, []string{"organization: ErrInvalidTarget"}},
		{"bad organization", ghapp.AuthorizeRequest{ClientID: "c"}, ghapp.Target{Organization: "-x"}, []string{"organization: ErrInvalidTarget"}},
		{"bad base URL", ghapp.AuthorizeRequest{ClientID: "c"}, ghapp.Target{BaseURL: "http://github.example.com"}, []string{"base_url: ErrInvalidTarget"}},
		{"plan not on host", ghapp.AuthorizeRequest{ClientID: "c"}, ghapp.Target{Plan: ghapp.PlanGHES319}, []string{"plan: ErrInvalidTarget"}},
		{"http redirect", ghapp.AuthorizeRequest{ClientID: "c", RedirectURI: "http://example.com/path"}, ghapp.Target{}, []string{"redirect_uri: ErrInvalidURL"}},
		{"relative redirect", ghapp.AuthorizeRequest{ClientID: "c", RedirectURI: "/callback"}, ghapp.Target{}, []string{"redirect_uri: ErrInvalidURL"}},
		{"redirect with fragment", ghapp.AuthorizeRequest{ClientID: "c", RedirectURI: "https://example.com/cb#top"}, ghapp.Target{}, []string{"redirect_uri: ErrInvalidURL"}},
		{"redirect with empty fragment", ghapp.AuthorizeRequest{ClientID: "c", RedirectURI: "https://example.com/cb#"}, ghapp.Target{}, []string{"redirect_uri: ErrInvalidURL"}},
		{"redirect with credentials", ghapp.AuthorizeRequest{ClientID: "c", RedirectURI: "https://u:p@example.com/cb"}, ghapp.Target{}, []string{"redirect_uri: ErrInvalidURL"}},
		{"redirect other scheme", ghapp.AuthorizeRequest{ClientID: "c", RedirectURI: "myapp://callback"}, ghapp.Target{}, []string{"redirect_uri: ErrInvalidURL"}},
		{"redirect with space", ghapp.AuthorizeRequest{ClientID: "c", RedirectURI: "https://example.com/a b"}, ghapp.Target{}, []string{"redirect_uri: ErrInvalidURL"}},
		{"bad login", ghapp.AuthorizeRequest{ClientID: "c", Login: "octo--cat"}, ghapp.Target{}, []string{"login: ErrInvalidFormat"}},
		{"unknown scope", ghapp.AuthorizeRequest{ClientID: "c", Scopes: []ghapp.Scope{"repo", "repo:write"}}, ghapp.Target{}, []string{"scope: ErrUnknownScope"}},
		{"retired scope", ghapp.AuthorizeRequest{ClientID: "c", Scopes: []ghapp.Scope{"write:discussion"}}, ghapp.Target{}, []string{"scope: ErrUnknownScope ErrRetired"}},
		{"empty scope", ghapp.AuthorizeRequest{ClientID: "c", Scopes: []ghapp.Scope{""}}, ghapp.Target{}, []string{"scope: ErrUnknownScope"}},
		{"scope twice", ghapp.AuthorizeRequest{ClientID: "c", Scopes: []ghapp.Scope{ghapp.ScopeGist, ghapp.ScopeRepo, ghapp.ScopeGist}}, ghapp.Target{}, []string{"scope: ErrDuplicate"}},
		{"scope not on github.com", ghapp.AuthorizeRequest{ClientID: "c", Scopes: []ghapp.Scope{ghapp.ScopeSiteAdmin, ghapp.ScopeAdminEnterprise}}, ghapp.Target{},
			[]string{"scope: ErrNotOnPlan", "scope: ErrNotOnPlan"}},
		{"scope not on GHES", ghapp.AuthorizeRequest{ClientID: "c", Scopes: []ghapp.Scope{ghapp.ScopeCodespace}}, ghapp.Target{BaseURL: "https://github.example.com"},
			[]string{"scope: ErrNotOnPlan"}},
		{"state with control character", ghapp.AuthorizeRequest{ClientID: "c", State: "a\x00"}, ghapp.Target{}, []string{"state: ErrInvalidText"}},
		{"challenge with padding", ghapp.AuthorizeRequest{ClientID: "c", CodeChallenge: rfcChallenge + "="}, ghapp.Target{}, []string{"code_challenge: ErrInvalidFormat"}},
		{"challenge is the verifier", ghapp.AuthorizeRequest{ClientID: "c", CodeChallenge: strings.Repeat("v", 64)}, ghapp.Target{}, []string{"code_challenge: ErrInvalidFormat"}},
		{"challenge too short", ghapp.AuthorizeRequest{ClientID: "c", CodeChallenge: "abc"}, ghapp.Target{}, []string{"code_challenge: ErrInvalidFormat"}},
		{"challenge in standard base64", ghapp.AuthorizeRequest{ClientID: "c", CodeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM"}, ghapp.Target{}, []string{"code_challenge: ErrInvalidFormat"}},
		// 43 base64url characters whose last one carries bits past the
		// 32 bytes of a SHA-256 hash.
		{"challenge not a hash", ghapp.AuthorizeRequest{ClientID: "c", CodeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN"}, ghapp.Target{}, []string{"code_challenge: ErrInvalidFormat"}},
		{"every problem at once", ghapp.AuthorizeRequest{RedirectURI: "ftp://x", Login: "-", Scopes: []ghapp.Scope{"nope"}, State: "\x7f", CodeChallenge: "x"},
			ghapp.Target{Organization: "octo"},
			[]string{"organization: ErrInvalidTarget", "client_id: ErrRequired", "redirect_uri: ErrInvalidURL", "login: ErrInvalidFormat",
				"scope: ErrUnknownScope", "state: ErrInvalidText", "code_challenge: ErrInvalidFormat"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.r.URL(tt.t)
			if got != "" {
				t.Errorf("URL = %q, want \"\" with an error", got)
			}
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAuthorizeURLScopeSuggestion(t *testing.T) {
	_, err := ghapp.AuthorizeRequest{ClientID: "c", Scopes: []ghapp.Scope{"workflow:write"}}.URL(ghapp.Target{})
	var ne *ghapp.NameError
	if !errors.As(err, &ne) || ne.Suggestion != "workflow" || !errors.Is(err, ghapp.ErrUnknownScope) {
		t.Errorf("URL error = %v; want a *NameError suggesting workflow", err)
	}
}

func ExampleAuthorizeRequest_URL() {
	// The example of GitHub's page on OAuth scopes.
	link, err := ghapp.AuthorizeRequest{
		ClientID: "...",
		Scopes:   []ghapp.Scope{ghapp.ScopeUser, ghapp.ScopeRepoDeployment},
	}.URL(ghapp.Target{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link)
	// Output:
	// https://github.com/login/oauth/authorize?client_id=...&scope=user%20repo_deployment
}

func ExampleAuthorizeRequest_URL_errors() {
	_, err := ghapp.AuthorizeRequest{
		ClientID:      "Ov23liExample",
		RedirectURI:   "http://example.com/callback",
		Scopes:        []ghapp.Scope{ghapp.ScopeRepo, "read:discussion", ghapp.ScopeSiteAdmin},
		CodeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=",
	}.URL(ghapp.Target{})
	fmt.Println(err)
	// Output:
	// ghapp: redirect_uri: "http://example.com/callback" is http; use https, since what GitHub sends there is a credential (http is for loopback hosts only: localhost, 127.0.0.0/8, [::1])
	// ghapp: scope: scope "read:discussion" was retired by GitHub (team discussions no longer exist)
	// ghapp: scope: site_admin is not on github.com
	// ghapp: code_challenge: 44 characters; an S256 challenge has 43; leave out the "=" padding
}
