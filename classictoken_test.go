package ghapp_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ghapp-dev/ghapp"
)

func TestClassicTokenURLGolden(t *testing.T) {
	tests := []struct {
		name string
		r    ghapp.ClassicTokenRequest
		t    ghapp.Target
		// scopes is what the link holds: the smallest set.
		scopes []ghapp.Scope
	}{
		{"classic", ghapp.ClassicTokenRequest{Description: "NAME", Scopes: []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeGist}}, ghapp.Target{},
			[]ghapp.Scope{ghapp.ScopeGist, ghapp.ScopeRepo}},
		// gh's minimum scopes, with scopes that others include.
		{"classic-normalised", ghapp.ClassicTokenRequest{Description: "gh CLI", Scopes: []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeReadOrg,
			ghapp.ScopeWorkflow, ghapp.ScopeRepoStatus, ghapp.ScopeAdminOrg, ghapp.ScopeRepo}}, ghapp.Target{},
			[]ghapp.Scope{ghapp.ScopeAdminOrg, ghapp.ScopeRepo, ghapp.ScopeWorkflow}},
		{"classic-ghes", ghapp.ClassicTokenRequest{Description: "site admin: 日本", Scopes: []ghapp.Scope{ghapp.ScopeSiteAdmin}},
			ghapp.Target{BaseURL: "https://github.example.com"}, []ghapp.Scope{ghapp.ScopeSiteAdmin}},
		{"classic-empty", ghapp.ClassicTokenRequest{}, ghapp.Target{}, nil},
		{"classic-description-only", ghapp.ClassicTokenRequest{Description: hostile}, ghapp.Target{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.r.URL(tt.t)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "tokens", tt.name+".url")
			if *update {
				if err := os.WriteFile(golden, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestClassicTokenURLGolden -update)", err)
			}
			if diff := cmp.Diff(strings.TrimSuffix(string(want), "\n"), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
			}
			back, _, err := ghapp.ParseClassicTokenURL(got)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(ghapp.ClassicTokenRequest{Description: tt.r.Description, Scopes: tt.scopes}, back); diff != "" {
				t.Errorf("round trip mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestClassicTokenURLErrors(t *testing.T) {
	tests := []struct {
		name string
		r    ghapp.ClassicTokenRequest
		t    ghapp.Target
		want []string
	}{
		{name: "unknown scope", r: ghapp.ClassicTokenRequest{Scopes: []ghapp.Scope{"repos"}}, want: []string{"scopes: ErrUnknownScope"}},
		{name: "retired scope", r: ghapp.ClassicTokenRequest{Scopes: []ghapp.Scope{"write:discussion"}}, want: []string{"scopes: ErrUnknownScope ErrRetired"}},
		{name: "offline_access", r: ghapp.ClassicTokenRequest{Scopes: []ghapp.Scope{ghapp.ScopeOfflineAccess}}, want: []string{"scopes: ErrNotSettable"}},
		{name: "not on github.com", r: ghapp.ClassicTokenRequest{Scopes: []ghapp.Scope{ghapp.ScopeSiteAdmin}}, want: []string{"scopes: ErrNotOnPlan"}},
		{name: "enterprise scope on GHEC", r: ghapp.ClassicTokenRequest{Scopes: []ghapp.Scope{ghapp.ScopeAdminEnterprise}}, t: ghapp.Target{Plan: ghapp.PlanGHEC}},
		{name: "description on two lines", r: ghapp.ClassicTokenRequest{Description: "a\nb"}, want: []string{"description: ErrInvalidText"}},
		{name: "organization", t: ghapp.Target{Organization: "octo-org"}, want: []string{"organization: ErrInvalidTarget"}},
		{name: "bad base URL", t: ghapp.Target{BaseURL: "http://github.example.com"}, want: []string{"base_url: ErrInvalidTarget"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			link, err := tt.r.URL(tt.t)
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if (err == nil) != (link != "") {
				t.Errorf("URL = %q, %v", link, err)
			}
		})
	}
}

func TestParseClassicTokenURL(t *testing.T) {
	const base = "https://github.com/settings/tokens/new"
	tests := []struct {
		name, raw string
		want      ghapp.ClassicTokenRequest
		target    ghapp.Target
		problems  []string
	}{
		{name: "gh's link", raw: base + "?scopes=repo,read:org,gist&description=GitHub+CLI",
			want: ghapp.ClassicTokenRequest{Description: "GitHub CLI", Scopes: []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeReadOrg, ghapp.ScopeGist}}},
		{name: "escaped commas and spaces", raw: base + "?scopes=repo%2Cgist%20user&description=a%20b",
			want: ghapp.ClassicTokenRequest{Description: "a b", Scopes: []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeGist, ghapp.ScopeUser}}},
		{name: "scopes others include are kept as given", raw: base + "?scopes=repo,repo:status",
			want: ghapp.ClassicTokenRequest{Scopes: []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeRepoStatus}}},
		{name: "GitHub Enterprise Server", raw: "https://github.example.com/settings/tokens/new?scopes=site_admin",
			want: ghapp.ClassicTokenRequest{Scopes: []ghapp.Scope{ghapp.ScopeSiteAdmin}}, target: ghapp.Target{BaseURL: "https://github.example.com"}},
		{name: "an enterprise scope on github.com", raw: base + "?scopes=admin:enterprise",
			want: ghapp.ClassicTokenRequest{Scopes: []ghapp.Scope{ghapp.ScopeAdminEnterprise}}},

		{name: "site_admin on github.com", raw: base + "?scopes=site_admin",
			want: ghapp.ClassicTokenRequest{Scopes: []ghapp.Scope{ghapp.ScopeSiteAdmin}}, problems: []string{"scopes: ErrNotOnPlan"}},
		{name: "unknown scope", raw: base + "?scopes=repo,repos", want: ghapp.ClassicTokenRequest{Scopes: []ghapp.Scope{ghapp.ScopeRepo}},
			problems: []string{"scopes: ErrUnknownScope"}},
		{name: "scopes twice", raw: base + "?scopes=repo&scopes=gist", want: ghapp.ClassicTokenRequest{Scopes: []ghapp.Scope{ghapp.ScopeRepo}},
			problems: []string{"scopes: ErrDuplicate"}},
		{name: "scope for scopes", raw: base + "?scope=repo", problems: []string{"scope: ErrUnknownParameter"}},
		{name: "note for description", raw: base + "?note=x", problems: []string{"note: ErrUnknownParameter"}},
		{name: "unknown parameter", raw: base + "?expiration=30", problems: []string{"expiration: ErrUnknownParameter"}},
		{name: "another page", raw: "https://github.com/settings/personal-access-tokens/new?scopes=repo",
			want: ghapp.ClassicTokenRequest{Scopes: []ghapp.Scope{ghapp.ScopeRepo}}, problems: []string{"path: ErrInvalidTarget"}},
		{name: "fragment", raw: base + "#x", problems: []string{"#: ErrMalformed"}},
		{name: "http on a real host", raw: "http://github.example.com/settings/tokens/new", target: ghapp.Target{BaseURL: "http://github.example.com"},
			problems: []string{"base_url: ErrInvalidTarget"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, target, err := ghapp.ParseClassicTokenURL(tt.raw)
			if diff := cmp.Diff(tt.problems, problems(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if other := notFieldErrors(err); other != nil {
				t.Errorf("problems that are not *FieldErrors: %v", other)
			}
			if diff := cmp.Diff(tt.want, r, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("request mismatch (-want +got):\n%s", diff)
			}
			if target != tt.target {
				t.Errorf("target %+v, want %+v", target, tt.target)
			}
		})
	}
}

func FuzzParseClassicTokenURL(f *testing.F) {
	f.Add("https://github.com/settings/tokens/new?scopes=repo,read:org,gist&description=GitHub+CLI")
	f.Add("https://github.example.com/settings/tokens/new?scopes=site_admin%20user:email&description=%E6%97%A5")
	f.Add("http://[::1]:9/settings/tokens/new?description=a&scopes=")
	f.Add("https://github.com/settings/tokens/new?scopes=repo&scopes=x#y")
	f.Fuzz(func(t *testing.T, raw string) {
		r, target, err := ghapp.ParseClassicTokenURL(raw)
		if err != nil {
			if other := notFieldErrors(err); other != nil {
				t.Fatalf("ParseClassicTokenURL(%q): problems that are not *FieldErrors: %v", raw, other)
			}
			return
		}
		if target.BaseURL == "" {
			target.Plan = ghapp.PlanGHEC // a github.com link may be for an enterprise account
		}
		link, err := r.URL(target)
		if err != nil {
			t.Fatalf("ParseClassicTokenURL(%q) accepted %+v, %+v, which does not encode: %v", raw, r, target, err)
		}
		r2, _, err := ghapp.ParseClassicTokenURL(link)
		if err != nil {
			t.Fatalf("re-encoded link %q does not parse: %v", link, err)
		}
		want := ghapp.ClassicTokenRequest{Description: r.Description, Scopes: ghapp.NormalizeScopes(r.Scopes)}
		if diff := cmp.Diff(want, r2, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip of %q mismatch (-want +got):\n%s", raw, diff)
		}
	})
}

func ExampleClassicTokenRequest_URL() {
	link, err := ghapp.ClassicTokenRequest{
		Description: "deploy tool",
		Scopes:      []ghapp.Scope{ghapp.ScopeRepoStatus, ghapp.ScopeRepo, ghapp.ScopeGist},
	}.URL(ghapp.Target{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link)
	// Output:
	// https://github.com/settings/tokens/new?scopes=gist,repo&description=deploy%20tool
}

func TestClassicTokenLoopback(t *testing.T) {
	// A loopback host stands in for any plan, as for the other links.
	raw := "http://127.0.0.1:8080/settings/tokens/new?scopes=codespace,site_admin"
	r, target, err := ghapp.ParseClassicTokenURL(raw)
	if err != nil {
		t.Fatal(err)
	}
	link, err := r.URL(target)
	if err != nil || link != raw {
		t.Errorf("URL = %q, %v; want %q", link, err, raw)
	}
}
