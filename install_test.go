package ghapp_test

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestInstallRequestURL(t *testing.T) {
	hundred := make([]int64, 100)
	for i := range hundred {
		hundred[i] = int64(1000 + i)
	}
	tests := []struct {
		name   string
		r      ghapp.InstallRequest
		target ghapp.Target
		want   string
	}{
		// GitHub's documented forms: the sharing page's install link and its
		// state example, and the migration page's /permissions example.
		{"documented", ghapp.InstallRequest{App: "octoapp"}, ghapp.Target{},
			"https://github.com/apps/octoapp/installations/new"},
		{"documented state", ghapp.InstallRequest{App: "octoapp", State: "AB12t"}, ghapp.Target{},
			"https://github.com/apps/octoapp/installations/new?state=AB12t"},
		{"documented permissions form", ghapp.InstallRequest{App: "octoapp", TargetID: 1, RepositoryIDs: []int64{1296269, 1296270}}, ghapp.Target{},
			"https://github.com/apps/octoapp/installations/new/permissions?suggested_target_id=1&repository_ids[]=1296269&repository_ids[]=1296270"},
		{"account only", ghapp.InstallRequest{App: "octoapp", TargetID: 583231}, ghapp.Target{},
			"https://github.com/apps/octoapp/installations/new/permissions?suggested_target_id=583231"},
		{"state last, escaped", ghapp.InstallRequest{App: "octo_app-2", State: "a b&c=d/é", TargetID: 9, RepositoryIDs: []int64{7}}, ghapp.Target{},
			"https://github.com/apps/octo_app-2/installations/new/permissions?suggested_target_id=9&repository_ids[]=7&state=a%20b%26c%3Dd/%C3%A9"},
		{"GHE.com", ghapp.InstallRequest{App: "octoapp"}, ghapp.Target{BaseURL: "https://octocorp.ghe.com"},
			"https://octocorp.ghe.com/apps/octoapp/installations/new"},
		{"GitHub Enterprise Server", ghapp.InstallRequest{App: "octoapp", State: "AB12t"}, ghapp.Target{BaseURL: "https://github.example.com/"},
			"https://github.example.com/github-apps/octoapp/installations/new?state=AB12t"},
		{"GitHub Enterprise Server permissions form", ghapp.InstallRequest{App: "octoapp", TargetID: 2, RepositoryIDs: []int64{3}},
			ghapp.Target{BaseURL: "https://github.example.com", Plan: ghapp.PlanGHES317},
			"https://github.example.com/github-apps/octoapp/installations/new/permissions?suggested_target_id=2&repository_ids[]=3"},
		{"loopback stands in for GitHub Enterprise Server", ghapp.InstallRequest{App: "octoapp"}, ghapp.Target{BaseURL: "http://127.0.0.1:8080"},
			"http://127.0.0.1:8080/github-apps/octoapp/installations/new"},
		{"loopback as github.com", ghapp.InstallRequest{App: "octoapp"}, ghapp.Target{BaseURL: "http://127.0.0.1:8080", Plan: ghapp.PlanGitHubCom},
			"http://127.0.0.1:8080/apps/octoapp/installations/new"},
		{"a hundred repositories", ghapp.InstallRequest{App: "octoapp", TargetID: 1, RepositoryIDs: hundred}, ghapp.Target{},
			"https://github.com/apps/octoapp/installations/new/permissions?suggested_target_id=1" + repoParams(hundred)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.r.URL(tt.target)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("URL mismatch (-want +got):\n%s", diff)
			}
			// The link reads back as the request.
			r, target, err := ghapp.ParseInstallURL(got)
			if err != nil {
				t.Fatalf("ParseInstallURL(%s): %v", got, err)
			}
			if diff := cmp.Diff(tt.r, r); diff != "" {
				t.Errorf("ParseInstallURL mismatch (-want +got):\n%s", diff)
			}
			if again, err := r.URL(target); err != nil || again != got {
				t.Errorf("URL of the parsed target = %q, %v; want %q", again, err, got)
			}
		})
	}
}

func repoParams(ids []int64) string {
	var b strings.Builder
	for _, id := range ids {
		fmt.Fprintf(&b, "&repository_ids[]=%d", id)
	}
	return b.String()
}

func TestInstallRequestURLErrors(t *testing.T) {
	many := make([]int64, 101)
	for i := range many {
		many[i] = int64(i + 1)
	}
	tests := []struct {
		name   string
		r      ghapp.InstallRequest
		target ghapp.Target
		want   []string
	}{
		{"no slug", ghapp.InstallRequest{}, ghapp.Target{}, []string{"slug: ErrRequired"}},
		{"name, not slug", ghapp.InstallRequest{App: "Octocat App"}, ghapp.Target{}, []string{"slug: ErrInvalidFormat"}},
		{"path in slug", ghapp.InstallRequest{App: "octoapp/../../settings"}, ghapp.Target{}, []string{"slug: ErrInvalidFormat"}},
		{"long slug", ghapp.InstallRequest{App: strings.Repeat("a", 101)}, ghapp.Target{}, []string{"slug: ErrTooLong"}},
		{"state with a newline", ghapp.InstallRequest{App: "octoapp", State: "a\nb"}, ghapp.Target{}, []string{"state: ErrInvalidText"}},
		{"negative account", ghapp.InstallRequest{App: "octoapp", TargetID: -1}, ghapp.Target{}, []string{"suggested_target_id: ErrInvalidFormat"}},
		{"repositories without account", ghapp.InstallRequest{App: "octoapp", RepositoryIDs: []int64{1}}, ghapp.Target{},
			[]string{"suggested_target_id: ErrRequired"}},
		{"too many repositories", ghapp.InstallRequest{App: "octoapp", TargetID: 1, RepositoryIDs: many}, ghapp.Target{},
			[]string{"repository_ids[]: ErrTooMany"}},
		{"bad and repeated repositories", ghapp.InstallRequest{App: "octoapp", TargetID: 1, RepositoryIDs: []int64{5, 0, 5, -2}}, ghapp.Target{},
			[]string{"repository_ids[1]: ErrInvalidFormat", "repository_ids[2]: ErrDuplicate", "repository_ids[3]: ErrInvalidFormat"}},
		{"organization target", ghapp.InstallRequest{App: "octoapp"}, ghapp.Target{Organization: "octo-org"}, []string{"organization: ErrInvalidTarget"}},
		{"bad base URL, and more", ghapp.InstallRequest{State: "\x00"}, ghapp.Target{BaseURL: "ftp://example.com"},
			[]string{"base_url: ErrInvalidTarget", "slug: ErrRequired", "state: ErrInvalidText"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.r.URL(tt.target)
			if err == nil {
				t.Fatalf("URL = %q, want an error", got)
			}
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
			if rest := notFieldErrors(err); rest != nil {
				t.Errorf("errors that are not *FieldError: %v", rest)
			}
		})
	}
}

func TestParseInstallURLErrors(t *testing.T) {
	tests := []struct {
		name, link string
		want       []string
	}{
		{"target_id seen in the wild", "https://github.com/apps/octoapp/installations/new/permissions?target_id=1",
			[]string{"target_id: ErrUnknownParameter", "suggested_target_id: ErrRequired"}},
		{"repository_ids without []", "https://github.com/apps/octoapp/installations/new/permissions?suggested_target_id=1&repository_ids=2",
			[]string{"repository_ids: ErrUnknownParameter"}},
		{"pre-selection on the plain form", "https://github.com/apps/octoapp/installations/new?suggested_target_id=1&repository_ids[]=2",
			[]string{"suggested_target_id: ErrUnknownParameter", "repository_ids[0]: ErrUnknownParameter"}},
		{"permissions form without account", "https://github.com/apps/octoapp/installations/new/permissions",
			[]string{"suggested_target_id: ErrRequired"}},
		{"not a number", "https://github.com/apps/octoapp/installations/new/permissions?suggested_target_id=octocat&repository_ids%5B%5D=1e3",
			[]string{"suggested_target_id: ErrInvalidFormat", "repository_ids[0]: ErrInvalidFormat"}},
		{"twice", "https://github.com/apps/octoapp/installations/new?state=a&state=b", []string{"state: ErrDuplicate"}},
		{"repository twice, positions in the link", "https://github.com/apps/octoapp/installations/new/permissions?suggested_target_id=1&repository_ids[]=x&repository_ids[]=4&repository_ids[]=4",
			[]string{"repository_ids[0]: ErrInvalidFormat", "repository_ids[2]: ErrDuplicate"}},
		{"fragment", "https://github.com/apps/octoapp/installations/new#x", []string{"#: ErrMalformed"}},
		{"other page", "https://github.com/apps/octoapp", []string{"path: ErrInvalidTarget"}},
		{"registration page", "https://github.com/settings/apps/new?name=x", []string{"path: ErrInvalidTarget", "name: ErrUnknownParameter"}},
		{"GHES path on github.com", "https://github.com/github-apps/octoapp/installations/new", []string{"path: ErrInvalidTarget"}},
		{"github.com path on GHES", "https://github.example.com/apps/octoapp/installations/new", []string{"path: ErrInvalidTarget"}},
		{"capital slug", "https://github.com/apps/OctoApp/installations/new", []string{"slug: ErrInvalidFormat"}},
		{"bad escape", "https://github.com/apps/octoapp/installations/new?state=%zz", []string{"state: ErrMalformed"}},
		{"unknown parameter", "https://github.com/apps/octoapp/installations/new?ref=readme", []string{"ref: ErrUnknownParameter"}},
		{"credentials", "https://me:pw@github.com/apps/octoapp/installations/new", []string{"base_url: ErrInvalidTarget"}},
		{"not http", "mailto:octocat@github.com", []string{"base_url: ErrInvalidTarget"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ghapp.ParseInstallURL(tt.link)
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}

	// target_id suggests the documented name.
	_, _, err := ghapp.ParseInstallURL("https://github.com/apps/octoapp/installations/new/permissions?target_id=1")
	var ne *ghapp.NameError
	if !errors.As(err, &ne) || ne.Suggestion != "suggested_target_id" {
		t.Errorf("target_id: NameError %+v, want a suggestion of suggested_target_id", ne)
	}
	// What could be read comes back with the error.
	r, _, err := ghapp.ParseInstallURL("https://github.com/apps/octoapp/installations/new/permissions?suggested_target_id=1&repository_ids[]=2&repository_ids[]=0&state=s")
	if err == nil {
		t.Fatal("no error for repository_ids[]=0")
	}
	if diff := cmp.Diff(ghapp.InstallRequest{App: "octoapp", State: "s", TargetID: 1, RepositoryIDs: []int64{2}}, r); diff != "" {
		t.Errorf("partial request mismatch (-want +got):\n%s", diff)
	}
}

// FuzzInstallURL: every request that URL takes gives a link that
// ParseInstallURL reads back into the same request and a target that gives
// the same link; and no link makes ParseInstallURL panic, and a link it
// reads without error is written back by URL as a link that reads the same.
func FuzzInstallURL(f *testing.F) {
	f.Add("octoapp", "AB12t", int64(0), []byte{}, uint8(0), "https://github.com/apps/octoapp/installations/new?state=AB12t")
	f.Add("octo_app-2", "a b&c", int64(9), []byte{1, 2, 3}, uint8(2), "https://github.example.com/github-apps/x/installations/new/permissions?suggested_target_id=1&repository_ids%5B%5D=2")
	f.Add("a", "", int64(-1), []byte{0, 0}, uint8(4), "http://[::1]:80/apps/a/installations/new/?state=%20")
	targets := []ghapp.Target{
		{}, {BaseURL: "https://octocorp.ghe.com"}, {BaseURL: "https://github.example.com"},
		{BaseURL: "https://github.example.com", Plan: ghapp.PlanGHES317}, {BaseURL: "http://127.0.0.1:3000"},
		{BaseURL: "http://localhost:3000", Plan: ghapp.PlanGitHubCom}, {Organization: "octo-org"},
	}
	f.Fuzz(func(t *testing.T, slug, state string, target int64, repos []byte, pick uint8, link string) {
		r := ghapp.InstallRequest{App: slug, State: state, TargetID: target}
		for _, b := range repos {
			r.RepositoryIDs = append(r.RepositoryIDs, int64(b)-1)
		}
		tg := targets[int(pick)%len(targets)]
		if u, err := r.URL(tg); err == nil {
			back, bt, err := ghapp.ParseInstallURL(u)
			if err != nil {
				t.Fatalf("ParseInstallURL(%q): %v", u, err)
			}
			if diff := cmp.Diff(r, back); diff != "" {
				t.Fatalf("ParseInstallURL(%q) mismatch (-want +got):\n%s", u, diff)
			}
			if again, err := back.URL(bt); err != nil || again != u {
				t.Fatalf("URL of %q's target = %q, %v", u, again, err)
			}
		} else if rest := notFieldErrors(err); rest != nil {
			t.Fatalf("URL: errors that are not *FieldError: %v", rest)
		}

		pr, pt, err := ghapp.ParseInstallURL(link)
		if err != nil {
			return
		}
		u, err := pr.URL(pt)
		if err != nil {
			t.Fatalf("ParseInstallURL(%q) took a request URL refuses: %v", link, err)
		}
		again, _, err := ghapp.ParseInstallURL(u)
		if err != nil || cmp.Diff(pr, again) != "" {
			t.Fatalf("%q -> %q reads as %+v, %v; want %+v", link, u, again, err, pr)
		}
	})
}

func ExampleInstallRequest_URL() {
	// A state to tie the installation to the person who asked for it; use
	// ghapp.NewState in a real program.
	const state = "AB12t"
	link, err := ghapp.InstallRequest{App: "octoapp", State: state}.URL(ghapp.Target{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(link)

	// Suggest an account and two of its repositories, as when moving the
	// users of an OAuth App to a GitHub App.
	link, err = ghapp.InstallRequest{App: "octoapp", TargetID: 1, RepositoryIDs: []int64{1296269, 1296270}}.URL(ghapp.Target{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(link)

	// GitHub Enterprise Server serves the page under /github-apps/.
	link, _ = ghapp.InstallRequest{App: "octoapp"}.URL(ghapp.Target{BaseURL: "https://github.example.com"})
	fmt.Println(link)

	// Every limit is checked.
	_, err = ghapp.InstallRequest{App: "octoapp", RepositoryIDs: []int64{1296269}}.URL(ghapp.Target{})
	fmt.Println(err)
	// Output:
	// https://github.com/apps/octoapp/installations/new?state=AB12t
	// https://github.com/apps/octoapp/installations/new/permissions?suggested_target_id=1&repository_ids[]=1296269&repository_ids[]=1296270
	// https://github.example.com/github-apps/octoapp/installations/new
	// ghapp: suggested_target_id: GitHub needs the account whose repositories repository_ids[] selects (TargetID)
}

// BenchmarkInstallURL measures InstallRequest.URL and ParseInstallURL at
// 0, 10 and 100 repositories, beside the bare standard-library encoding
// and parsing of the same parameters (url.Values and url.ParseQuery,
// without any check), so that the cost of the checks shows as a ratio and
// the cost per repository stays the same.
func BenchmarkInstallURL(b *testing.B) {
	for _, n := range []int{0, 10, 100} {
		r := ghapp.InstallRequest{App: "octoapp", State: "AB12t-state-value", TargetID: 583231}
		for i := range n {
			r.RepositoryIDs = append(r.RepositoryIDs, int64(1296269+i))
		}
		link, err := r.URL(ghapp.Target{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("URL/repos=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := r.URL(ghapp.Target{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("baseline-encode/repos=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				v := url.Values{"suggested_target_id": {strconv.FormatInt(r.TargetID, 10)}, "state": {r.State}}
				for _, id := range r.RepositoryIDs {
					v.Add("repository_ids[]", strconv.FormatInt(id, 10))
				}
				_ = "https://github.com/apps/" + r.App + "/installations/new/permissions?" + v.Encode()
			}
		})
		b.Run(fmt.Sprintf("Parse/repos=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, _, err := ghapp.ParseInstallURL(link); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("baseline-parse/repos=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				u, err := url.Parse(link)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := url.ParseQuery(u.RawQuery); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("AcceptPermissionsURL", func(b *testing.B) {
		b.ReportAllocs()
		t := ghapp.Target{Organization: "octo-org"}
		for i := 0; i < b.N; i++ {
			if _, err := t.AcceptPermissionsURL(42); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-AcceptPermissionsURL", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_ = "https://github.com/organizations/" + "octo-org" + "/settings/installations/" + strconv.FormatInt(42, 10) + "/permissions/update"
		}
	})
}
