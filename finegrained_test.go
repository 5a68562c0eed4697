package ghapp_test

import (
	"errors"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ghapp-dev/ghapp"
)

// tokenPage is GitHub's page on personal access tokens in the shared
// reference folder, read at test time.
var tokenPage = filepath.Join("..", "shared", "reference", "docs", "managing-your-personal-access-tokens.md")

// documentedToken is the page's example template.
func documentedToken() ghapp.FineGrainedTokenRequest {
	return ghapp.FineGrainedTokenRequest{Name: "Repo-reading token", Description: "Just contents:read", TargetName: "octodemo",
		ExpiresIn: 45, Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionContents: ghapp.LevelRead}}
}

// everyTokenPermission asks for every repository and organization token
// permission at its highest level, for an organization owner.
func everyTokenPermission() ghapp.FineGrainedTokenRequest {
	r := ghapp.FineGrainedTokenRequest{Name: "ci", Description: "Line one\nLine two: 日本語 & 100%", TargetName: "octo-org",
		ExpiresIn: ghapp.NoExpiry, Permissions: ghapp.TokenPermissions{}}
	for _, p := range ghapp.KnownTokenPermissions() {
		if p.Resource() != ghapp.ResourceAccount {
			levels := p.Levels()
			r.Permissions[p] = levels[len(levels)-1]
		}
	}
	return r
}

func TestFineGrainedTokenURLGolden(t *testing.T) {
	tests := []struct {
		name string
		r    ghapp.FineGrainedTokenRequest
		t    ghapp.Target
	}{
		{"documented", documentedToken(), ghapp.Target{}},
		{"core-loop", ghapp.FineGrainedTokenRequest{Name: "Core-loop token",
			Description: "Write code and push it to main! Includes permission to edit workflow files for Actions - remove `workflows:write` if you don't need to do that",
			Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionContents: ghapp.LevelWrite, ghapp.TokenPermissionPullRequests: ghapp.LevelWrite,
				ghapp.TokenPermissionWorkflows: ghapp.LevelWrite}}, ghapp.Target{}},
		{"account", ghapp.FineGrainedTokenRequest{Name: "Copilot requests token", ExpiresIn: 1,
			Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionCopilotRequests: ghapp.LevelWrite, ghapp.TokenPermissionGists: ghapp.LevelWrite,
				ghapp.TokenPermissionUserEvents: ghapp.LevelRead, ghapp.TokenPermissionMetadata: ghapp.LevelNone}}, ghapp.Target{}},
		// GitHub's "Make Copilot requests" example, under the name and
		// at the level it writes.
		{"copilot-example", ghapp.FineGrainedTokenRequest{Name: "Copilot requests token",
			Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionUserCopilotRequests: ghapp.LevelRead}}, ghapp.Target{}},
		{"ghec", ghapp.FineGrainedTokenRequest{TargetName: "octo", ExpiresIn: ghapp.MaxTokenExpiresIn,
			Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionOrganizationProjects: ghapp.LevelAdmin}}, ghapp.Target{BaseURL: "https://OctoCorp.ghe.com/"}},
		{"everything", everyTokenPermission(), ghapp.Target{}},
		{"hostile", ghapp.FineGrainedTokenRequest{Name: "a&b=c#d+e%f;g", Description: hostile}, ghapp.Target{}},
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
				t.Fatalf("%v (run go test -run TestFineGrainedTokenURLGolden -update)", err)
			}
			if diff := cmp.Diff(strings.TrimSuffix(string(want), "\n"), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
			}
			// The standard decoding gives back every value.
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			if q.Get("name") != tt.r.Name || q.Get("description") != tt.r.Description || q.Get("target_name") != tt.r.TargetName {
				t.Errorf("decoded query %v lost a text", q)
			}
			back, target, err := ghapp.ParseFineGrainedTokenURL(got)
			if err != nil {
				t.Fatal(err)
			}
			want2 := tt.r
			want2.Permissions = canonicalTokenPermissions(tt.r.Permissions)
			if diff := cmp.Diff(want2, back, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("round trip mismatch (-want +got):\n%s", diff)
			}
			if _, err := (ghapp.FineGrainedTokenRequest{}).URL(target); err != nil {
				t.Errorf("the parsed target %+v: %v", target, err)
			}
		})
	}
}

// canonicalTokenPermissions returns ps as a parse gives it back: the names
// the link writes, without LevelNone; nil when empty.
func canonicalTokenPermissions(ps ghapp.TokenPermissions) ghapp.TokenPermissions {
	var out ghapp.TokenPermissions
	for p, l := range ps {
		if l == ghapp.LevelNone {
			continue
		}
		if out == nil {
			out = ghapp.TokenPermissions{}
		}
		out[p.Canonical()] = l
	}
	return out
}

// documentedTokenLinks returns the pre-filled links of GitHub's page: the
// example template (written over several lines) and the example links.
func documentedTokenLinks(t *testing.T) []string {
	t.Helper()
	page, err := os.ReadFile(tokenPage)
	if err != nil {
		t.Skipf("no reference page: %v", err)
	}
	var links []string
	if m := regexp.MustCompile("(?s)```http copy\n(.*?)```").FindSubmatch(page); m != nil {
		var b strings.Builder
		for _, line := range strings.Split(string(m[1]), "\n") {
			b.WriteString(strings.TrimSpace(line))
		}
		links = append(links, b.String())
	}
	for _, m := range regexp.MustCompile(`\]\((https://github\.com/settings/personal-access-tokens/new\?[^)]*)\)`).FindAllSubmatch(page, -1) {
		links = append(links, string(m[1]))
	}
	if len(links) != 6 {
		t.Fatalf("found %d pre-filled links on the page, want 6 (the template and five examples)", len(links))
	}
	return links
}

// TestDocumentedTokenLinks parses every pre-filled link of GitHub's page:
// each reads cleanly, and written again gives the same parameters, under
// the names the page used. The "Make Copilot requests" link asks for
// user_copilot_requests=read where the page's table lists copilot_requests
// at write only; the catalogue has both, as the page writes them.
func TestDocumentedTokenLinks(t *testing.T) {
	links := documentedTokenLinks(t)
	for _, link := range links {
		r, target, err := ghapp.ParseFineGrainedTokenURL(link)
		if err != nil {
			t.Errorf("%s: %v", link, err)
			continue
		}
		if target != (ghapp.Target{}) {
			t.Errorf("%s: target %+v, want github.com", link, target)
		}
		again, err := r.URL(target)
		if err != nil {
			t.Fatalf("%s: %v", link, err)
		}
		back, _, err := ghapp.ParseFineGrainedTokenURL(again)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(r, back); diff != "" {
			t.Errorf("%s: round trip mismatch (-want +got):\n%s", link, diff)
		}
		// The link written again holds the same parameters, names and
		// values, as the standard decoding reads them.
		if diff := cmp.Diff(queryOf(t, link), queryOf(t, again)); diff != "" {
			t.Errorf("%s: written again as %s, parameters mismatch (-documented +written):\n%s", link, again, diff)
		}
	}
	// The template gives the page's own description of it.
	r, _, err := ghapp.ParseFineGrainedTokenURL(links[0])
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(documentedToken(), r); diff != "" {
		t.Errorf("the template mismatch (-want +got):\n%s", diff)
	}
	// The Copilot requests link keeps its name and level.
	r, _, err = ghapp.ParseFineGrainedTokenURL(links[5])
	want := ghapp.TokenPermissions{ghapp.TokenPermissionUserCopilotRequests: ghapp.LevelRead}
	if diff := cmp.Diff(want, r.Permissions); err != nil || diff != "" {
		t.Errorf("the Copilot requests link: %v; permissions mismatch (-want +got):\n%s", err, diff)
	}
}

// queryOf returns the parameters of link's query.
func queryOf(t *testing.T, link string) url.Values {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func TestFineGrainedTokenURLErrors(t *testing.T) {
	ok := ghapp.TokenPermissions{ghapp.TokenPermissionContents: ghapp.LevelRead}
	many := ghapp.TokenPermissions{}
	for i := 0; i < 100; i++ {
		many[ghapp.TokenPermission(fmt.Sprintf("nope%d", i))] = ghapp.LevelRead
	}
	tests := []struct {
		name string
		r    ghapp.FineGrainedTokenRequest
		t    ghapp.Target
		want []string
	}{
		{name: "empty is fine", r: ghapp.FineGrainedTokenRequest{}},
		{name: "name of 40 characters", r: ghapp.FineGrainedTokenRequest{Name: strings.Repeat("日", 40)}},
		{name: "name of 41 characters", r: ghapp.FineGrainedTokenRequest{Name: strings.Repeat("a", 41)}, want: []string{"name: ErrTooLong"}},
		{name: "name on two lines", r: ghapp.FineGrainedTokenRequest{Name: "a\nb"}, want: []string{"name: ErrInvalidText"}},
		{name: "name not UTF-8", r: ghapp.FineGrainedTokenRequest{Name: "\xff"}, want: []string{"name: ErrInvalidText"}},
		{name: "description of 1024 characters", r: ghapp.FineGrainedTokenRequest{Description: strings.Repeat("é", 1024)}},
		{name: "description of 1025 characters", r: ghapp.FineGrainedTokenRequest{Description: strings.Repeat("a", 1025)}, want: []string{"description: ErrTooLong"}},
		{name: "description with lines", r: ghapp.FineGrainedTokenRequest{Description: "a\r\nb\tc"}},
		{name: "description with a control character", r: ghapp.FineGrainedTokenRequest{Description: "a\x1b[31m"}, want: []string{"description: ErrInvalidText"}},
		{name: "target_name not a login", r: ghapp.FineGrainedTokenRequest{TargetName: "octo org"}, want: []string{"target_name: ErrInvalidFormat"}},
		{name: "target_name too long", r: ghapp.FineGrainedTokenRequest{TargetName: strings.Repeat("a", 40)}, want: []string{"target_name: ErrInvalidFormat"}},
		{name: "expires_in 1", r: ghapp.FineGrainedTokenRequest{ExpiresIn: 1}},
		{name: "expires_in 366", r: ghapp.FineGrainedTokenRequest{ExpiresIn: 366}},
		{name: "expires_in 367", r: ghapp.FineGrainedTokenRequest{ExpiresIn: 367}, want: []string{"expires_in: ErrOutOfRange"}},
		{name: "expires_in -2", r: ghapp.FineGrainedTokenRequest{ExpiresIn: -2}, want: []string{"expires_in: ErrOutOfRange"}},
		{name: "an app permission", r: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{"checks": ghapp.LevelRead}},
			want: []string{"checks: ErrUnknownPermission"}},
		{name: "a misspelt permission", r: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{"contnets": ghapp.LevelRead}},
			want: []string{"contnets: ErrUnknownPermission"}},
		{name: "metadata write", r: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionMetadata: ghapp.LevelWrite}},
			want: []string{"metadata: ErrLevelNotAllowed"}},
		{name: "workflows read", r: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionWorkflows: ghapp.LevelRead}},
			want: []string{"workflows: ErrLevelNotAllowed"}},
		{name: "user_copilot_requests read, as GitHub's example link asks", r: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{"user_copilot_requests": ghapp.LevelRead}}},
		{name: "user_copilot_requests write", r: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{"user_copilot_requests": ghapp.LevelWrite}},
			want: []string{"user_copilot_requests: ErrLevelNotAllowed"}},
		{name: "copilot_requests read, which the table does not list", r: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionCopilotRequests: ghapp.LevelRead}},
			want: []string{"copilot_requests: ErrLevelNotAllowed"}},
		{name: "a level outside the known ones", r: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionContents: 9}},
			want: []string{"contents: ErrUnknownLevel"}},
		// Which of the two names GitHub's form reads is not confirmed: a
		// link may give both.
		{name: "both Copilot requests names", r: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{
			"user_copilot_requests": ghapp.LevelRead, ghapp.TokenPermissionCopilotRequests: ghapp.LevelWrite}}},
		// GitHub's own example of organization permissions leaves the
		// owner for the reader to pick.
		{name: "organization permissions without an owner", r: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{
			ghapp.TokenPermissionOrganizationHooks: ghapp.LevelRead, ghapp.TokenPermissionContents: ghapp.LevelRead}}},
		{name: "account and organization permissions without an owner", r: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{
			ghapp.TokenPermissionFollowers: ghapp.LevelRead, ghapp.TokenPermissionOrganizationHooks: ghapp.LevelRead}},
			want: []string{"target_name: ErrConflict"}},
		{name: "account permissions for the user", r: ghapp.FineGrainedTokenRequest{TargetName: "octocat", Permissions: ghapp.TokenPermissions{
			ghapp.TokenPermissionGists: ghapp.LevelWrite, ghapp.TokenPermissionContents: ghapp.LevelRead}}},
		{name: "account and organization permissions", r: ghapp.FineGrainedTokenRequest{TargetName: "octo-org", Permissions: ghapp.TokenPermissions{
			ghapp.TokenPermissionGists: ghapp.LevelWrite, ghapp.TokenPermissionMembers: ghapp.LevelRead}},
			want: []string{"target_name: ErrConflict"}},
		{name: "GitHub Enterprise Server", r: ghapp.FineGrainedTokenRequest{Permissions: ok}, t: ghapp.Target{BaseURL: "https://github.example.com"},
			want: []string{"base_url: ErrInvalidTarget"}},
		{name: "a GHES plan on a loopback host", t: ghapp.Target{BaseURL: "http://127.0.0.1:8080", Plan: ghapp.PlanGHES319},
			want: []string{"base_url: ErrInvalidTarget"}},
		{name: "a loopback host", r: ghapp.FineGrainedTokenRequest{Permissions: ok}, t: ghapp.Target{BaseURL: "http://127.0.0.1:8080"}},
		{name: "an organization target", r: ghapp.FineGrainedTokenRequest{Permissions: ok}, t: ghapp.Target{Organization: "octo-org"},
			want: []string{"organization: ErrInvalidTarget"}},
		{name: "a bad base URL", t: ghapp.Target{BaseURL: "ftp://github.com"}, want: []string{"base_url: ErrInvalidTarget"}},
		{name: "every problem at once", r: ghapp.FineGrainedTokenRequest{Name: strings.Repeat("a", 41), ExpiresIn: 400,
			Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionMetadata: ghapp.LevelAdmin}}, t: ghapp.Target{Organization: "o"},
			want: []string{"organization: ErrInvalidTarget", "name: ErrTooLong", "expires_in: ErrOutOfRange", "metadata: ErrLevelNotAllowed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			link, err := tt.r.URL(tt.t)
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if other := notFieldErrors(err); other != nil {
				t.Errorf("problems that are not *FieldErrors: %v", other)
			}
			if (err == nil) != (link != "") {
				t.Errorf("URL = %q, %v", link, err)
			}
		})
	}

	// A hundred unknown permissions give twenty problems and a count.
	_, err := ghapp.FineGrainedTokenRequest{Permissions: many}.URL(ghapp.Target{})
	if got := problems(err); len(got) != 21 || got[20] != ": ErrUnknownPermission" {
		t.Errorf("problems of 100 unknown permissions: %d, ending %q", len(got), got[len(got)-1])
	}
}

func TestFineGrainedTokenURLMessages(t *testing.T) {
	tests := []struct {
		r    ghapp.FineGrainedTokenRequest
		want string
	}{
		{ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{"checks": ghapp.LevelRead}},
			"ghapp: checks: checks is a GitHub App permission that fine-grained personal access tokens do not have"},
		{ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{"contnets": ghapp.LevelRead}},
			`ghapp: contnets: unknown token permission (did you mean "contents"?)`},
		{ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionCopilotRequests: ghapp.LevelRead}},
			"ghapp: copilot_requests: copilot_requests allows only write, not read"},
		{ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionUserCopilotRequests: ghapp.LevelWrite}},
			"ghapp: user_copilot_requests: user_copilot_requests allows only read, not write"},
		{ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionMembers: ghapp.LevelRead, ghapp.TokenPermissionGists: ghapp.LevelWrite}},
			"ghapp: target_name: account permissions (gists) need the user as the token's resource owner, organization permissions (members) an organization; a token has one owner"},
	}
	for _, tt := range tests {
		_, err := tt.r.URL(ghapp.Target{})
		if err == nil || err.Error() != tt.want {
			t.Errorf("URL(%v) = %v, want %q", tt.r.Permissions, err, tt.want)
		}
	}
}

func TestParseFineGrainedTokenURL(t *testing.T) {
	const base = "https://github.com/settings/personal-access-tokens/new"
	tests := []struct {
		name, raw string
		want      ghapp.FineGrainedTokenRequest
		target    ghapp.Target
		problems  []string
	}{
		{name: "plus and %20 for spaces", raw: base + "?name=a+b&description=c%20d", want: ghapp.FineGrainedTokenRequest{Name: "a b", Description: "c d"}},
		{name: "any order, trailing slash", raw: base + "/?contents=write&expires_in=none&name=x",
			want: ghapp.FineGrainedTokenRequest{Name: "x", ExpiresIn: ghapp.NoExpiry, Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionContents: ghapp.LevelWrite}}},
		{name: "the name GitHub's example link writes, kept", raw: base + "?user_copilot_requests=read",
			want: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionUserCopilotRequests: ghapp.LevelRead}}},
		{name: "the name of the table, kept", raw: base + "?copilot_requests=write",
			want: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionCopilotRequests: ghapp.LevelWrite}}},
		{name: "GHE.com", raw: "https://octo.ghe.com/settings/personal-access-tokens/new?target_name=octo&members=read",
			want:   ghapp.FineGrainedTokenRequest{TargetName: "octo", Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionMembers: ghapp.LevelRead}},
			target: ghapp.Target{BaseURL: "https://octo.ghe.com"}},
		{name: "empty query", raw: base + "?&&"},

		{name: "another page", raw: "https://github.com/settings/tokens/new?name=x", want: ghapp.FineGrainedTokenRequest{Name: "x"},
			problems: []string{"path: ErrInvalidTarget"}},
		{name: "GitHub Enterprise Server", raw: "https://github.example.com/settings/personal-access-tokens/new", target: ghapp.Target{BaseURL: "https://github.example.com"},
			problems: []string{"base_url: ErrInvalidTarget"}},
		{name: "not a link", raw: "ftp://github.com/x", problems: []string{"base_url: ErrInvalidTarget"}},
		{name: "bad URL", raw: "https://github.com/%zz", problems: []string{": ErrMalformed"}},
		{name: "credentials", raw: "https://u:p@github.com/settings/personal-access-tokens/new",
			problems: []string{"base_url: ErrInvalidTarget"}},
		{name: "fragment", raw: base + "?name=a#b", want: ghapp.FineGrainedTokenRequest{Name: "a"}, problems: []string{"#: ErrMalformed"}},
		{name: "bad escape", raw: base + "?name=%zz", problems: []string{"name: ErrMalformed"}},
		{name: "no key", raw: base + "?=read", problems: []string{": ErrMalformed"}},
		{name: "name twice", raw: base + "?name=a&name=b", want: ghapp.FineGrainedTokenRequest{Name: "a"}, problems: []string{"name: ErrDuplicate"}},
		{name: "both Copilot requests names", raw: base + "?copilot_requests=write&user_copilot_requests=read",
			want: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{
				ghapp.TokenPermissionCopilotRequests: ghapp.LevelWrite, ghapp.TokenPermissionUserCopilotRequests: ghapp.LevelRead}}},
		{name: "user_copilot_requests at write", raw: base + "?user_copilot_requests=write",
			want:     ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionUserCopilotRequests: ghapp.LevelWrite}},
			problems: []string{"user_copilot_requests: ErrLevelNotAllowed"}},
		{name: "expires_in not a number", raw: base + "?expires_in=45d", problems: []string{"expires_in: ErrInvalidFormat"}},
		{name: "expires_in signed", raw: base + "?expires_in=+45", problems: []string{"expires_in: ErrInvalidFormat"}},
		{name: "expires_in empty", raw: base + "?expires_in=", problems: []string{"expires_in: ErrInvalidFormat"}},
		{name: "expires_in 0", raw: base + "?expires_in=0", problems: []string{"expires_in: ErrOutOfRange"}},
		{name: "expires_in 367", raw: base + "?expires_in=367", problems: []string{"expires_in: ErrOutOfRange"}},
		{name: "expires_in huge", raw: base + "?expires_in=99999999999999999999999", problems: []string{"expires_in: ErrOutOfRange"}},
		{name: "expires_in with leading zeros", raw: base + "?expires_in=045", want: ghapp.FineGrainedTokenRequest{ExpiresIn: 45}},
		{name: "level none", raw: base + "?contents=none", problems: []string{"contents: ErrUnknownLevel"}},
		{name: "level empty", raw: base + "?contents", problems: []string{"contents: ErrUnknownLevel"}},
		{name: "level in capitals", raw: base + "?contents=Read", problems: []string{"contents: ErrUnknownLevel"}},
		{name: "level not allowed", raw: base + "?metadata=write",
			want:     ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionMetadata: ghapp.LevelWrite}},
			problems: []string{"metadata: ErrLevelNotAllowed"}},
		{name: "an app permission", raw: base + "?checks=read", problems: []string{"checks: ErrUnknownPermission"}},
		{name: "an unknown name with a level", raw: base + "?frobnicate=read", problems: []string{"frobnicate: ErrUnknownPermission"}},
		{name: "a misspelt parameter", raw: base + "?nmae=x", problems: []string{"nmae: ErrUnknownParameter"}},
		{name: "an unknown parameter", raw: base + "?repository_ids[]=1", problems: []string{"repository_ids[]: ErrUnknownParameter"}},
		{name: "owner rules", raw: base + "?members=read&starring=read", want: ghapp.FineGrainedTokenRequest{Permissions: ghapp.TokenPermissions{
			ghapp.TokenPermissionMembers: ghapp.LevelRead, ghapp.TokenPermissionStarring: ghapp.LevelRead}},
			problems: []string{"target_name: ErrConflict"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, target, err := ghapp.ParseFineGrainedTokenURL(tt.raw)
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
	// The suggestion names the parameter meant.
	_, _, err := ghapp.ParseFineGrainedTokenURL(base + "?nmae=x")
	var ne *ghapp.NameError
	if !errors.As(err, &ne) || ne.Suggestion != "name" {
		t.Errorf("nmae: %v, want a suggestion of name", err)
	}
}

func FuzzParseFineGrainedTokenURL(f *testing.F) {
	f.Add("https://github.com/settings/personal-access-tokens/new?name=Repo-reading+token&description=Just+contents:read&target_name=octodemo&expires_in=45&contents=read")
	f.Add("https://octo.ghe.com/settings/personal-access-tokens/new?user_copilot_requests=read&expires_in=none&gists=write&copilot_requests=write")
	f.Add("http://127.0.0.1:9/settings/personal-access-tokens/new?target_name=o&members=admin&organization_projects=admin")
	f.Add("https://github.com/settings/personal-access-tokens/new?description=a%0Ab%E6%97%A5&expires_in=366&name=%20")
	f.Add("https://github.com/settings/personal-access-tokens/new?name=a&name=b&checks=read#x")
	f.Fuzz(func(t *testing.T, raw string) {
		r, target, err := ghapp.ParseFineGrainedTokenURL(raw)
		if err != nil {
			if other := notFieldErrors(err); other != nil {
				t.Fatalf("ParseFineGrainedTokenURL(%q): problems that are not *FieldErrors: %v", raw, other)
			}
			return
		}
		link, err := r.URL(target)
		if err != nil {
			t.Fatalf("ParseFineGrainedTokenURL(%q) accepted %+v, %+v, which does not encode: %v", raw, r, target, err)
		}
		r2, target2, err := ghapp.ParseFineGrainedTokenURL(link)
		if err != nil {
			t.Fatalf("re-encoded link %q does not parse: %v", link, err)
		}
		if diff := cmp.Diff(r, r2, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip of %q mismatch (-first +second):\n%s", raw, diff)
		}
		if target != target2 {
			t.Fatalf("round trip of %q: target %+v, then %+v", raw, target, target2)
		}
	})
}

// FuzzFineGrainedTokenRoundTrip builds requests from fuzzed texts, days and
// permissions: each that URL accepts parses back to itself.
func FuzzFineGrainedTokenRoundTrip(f *testing.F) {
	f.Add("Repo-reading token", "Just contents:read", "octodemo", 45, "contents", uint8(1))
	f.Add(hostile, hostile, "", -1, "user_copilot_requests", uint8(1))
	f.Add("", "a\nb", "o", 366, "organization_projects", uint8(3))
	f.Add("x", "", "", 0, "metadata", uint8(0))
	f.Fuzz(func(t *testing.T, name, description, target string, days int, perm string, level uint8) {
		r := ghapp.FineGrainedTokenRequest{Name: name, Description: description, TargetName: target, ExpiresIn: days,
			Permissions: ghapp.TokenPermissions{ghapp.TokenPermission(perm): ghapp.Level(level)}}
		link, err := r.URL(ghapp.Target{})
		if err != nil {
			if other := notFieldErrors(err); other != nil {
				t.Fatalf("URL(%+v): problems that are not *FieldErrors: %v", r, other)
			}
			return
		}
		back, _, err := ghapp.ParseFineGrainedTokenURL(link)
		if err != nil {
			t.Fatalf("URL(%+v) = %q, which does not parse: %v", r, link, err)
		}
		r.Permissions = canonicalTokenPermissions(r.Permissions)
		if diff := cmp.Diff(r, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip of %q mismatch (-want +got):\n%s", link, diff)
		}
	})
}

func ExampleFineGrainedTokenRequest_URL() {
	link, err := ghapp.FineGrainedTokenRequest{
		Name:        "Release bot",
		Description: "Pushes release tags",
		TargetName:  "octo-org",
		ExpiresIn:   90,
		Permissions: ghapp.TokenPermissions{ghapp.TokenPermissionContents: ghapp.LevelWrite},
	}.URL(ghapp.Target{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link)

	// GitHub Enterprise Server documents no such page.
	_, err = ghapp.FineGrainedTokenRequest{Name: "Release bot"}.URL(ghapp.Target{BaseURL: "https://github.example.com"})
	fmt.Println(errors.Is(err, ghapp.ErrInvalidTarget))
	// Output:
	// https://github.com/settings/personal-access-tokens/new?name=Release%20bot&description=Pushes%20release%20tags&target_name=octo-org&expires_in=90&contents=write
	// true
}
