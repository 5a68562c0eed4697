package ghapp_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func ctx(testing.TB) context.Context { return context.Background() }

// rewrite sends every request to the stand-in at to, keeping the host the
// request named, so that a test can ask for https://api.github.com.
type rewrite struct{ to *url.URL }

func (r rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host = r.to.Scheme, r.to.Host
	out.Host = req.URL.Host
	return http.DefaultTransport.RoundTrip(out)
}

// appClient returns a client that authenticates as the app with a key made
// for the test, for requests on target, sent to g.
func appClient(t testing.TB, g *fakeGitHub, target ghapp.Target) *http.Client {
	u, _ := url.Parse(g.URL)
	tr := &ghapp.AppTransport{Key: rsaKey(t), AppID: 1, ClientID: "Iv1.ab1112223334445c", Target: target, Base: rewrite{u}}
	return tr.Client()
}

// plans are the two layouts of GitHub's API: api.github.com, with the
// documented examples of github.com, reached through a rewriting
// transport; and GitHub Enterprise Server's /api/v3 on a loopback stand-in,
// with those of GHES 3.19.
var plans = []struct {
	name, examples, prefix string
	target                 func(g *fakeGitHub) ghapp.Target
	apiRoot                string // what the requests' URLs start with
}{
	{"github.com", "api.github.com", "", func(*fakeGitHub) ghapp.Target { return ghapp.Target{} }, "https://api.github.com"},
	{"GitHub Enterprise Server", "ghes-3.19", "/api/v3",
		func(g *fakeGitHub) ghapp.Target { return ghapp.Target{BaseURL: g.URL, Plan: ghapp.PlanGHES319} }, ""},
}

func TestGetApp(t *testing.T) {
	for _, p := range plans {
		t.Run(p.name, func(t *testing.T) {
			ex := apiExamples(t, p.examples)
			g := newFakeGitHub(t, p.prefix)
			g.app = ex["GET /app"]
			target := p.target(g)
			app, err := ghapp.GetApp(ctx(t), appClient(t, g, target), target)
			if err != nil {
				t.Fatal(err)
			}
			want := &ghapp.App{
				ID: 1, Slug: "octoapp", ClientID: "Iv1.ab1112223334445c", NodeID: "MDExOkludGVncmF0aW9uMQ==",
				Name: "Octocat App", Owner: ghapp.Account{Login: "octocat", ID: 1, NodeID: "MDQ6VXNlcjE=", Type: "User"},
				ExternalURL: "https://example.com", HTMLURL: "https://github.com/apps/octoapp",
				Permissions: ghapp.Permissions{ghapp.PermissionMetadata: ghapp.LevelRead, ghapp.PermissionContents: ghapp.LevelRead,
					ghapp.PermissionIssues: ghapp.LevelWrite, ghapp.PermissionSingleFile: ghapp.LevelWrite},
				Events:    []ghapp.Event{ghapp.EventPush, ghapp.EventPullRequest},
				CreatedAt: time.Date(2017, 7, 8, 16, 18, 44, 0, time.FixedZone("", -4*3600)),
				UpdatedAt: time.Date(2017, 7, 8, 16, 18, 44, 0, time.FixedZone("", -4*3600)),
			}
			if diff := cmp.Diff(want, app, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
				t.Errorf("GetApp mismatch (-want +got):\n%s", diff)
			}
			reqs := g.seen()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if got, want := r.Host+r.URL.Path, strings.TrimPrefix(p.apiRoot, "https://")+p.prefix+"/app"; p.apiRoot != "" && got != want {
				t.Errorf("request for %s, want %s", got, want)
			}
			if r.URL.Path != p.prefix+"/app" {
				t.Errorf("path %s, want %s/app", r.URL.Path, p.prefix)
			}
			checkHeaders(t, r)
		})
	}
}

// checkHeaders checks that r carries GitHub's headers and an app's token.
func checkHeaders(t *testing.T, r *http.Request) {
	t.Helper()
	h := r.Header
	if h.Get("Accept") != "application/vnd.github+json" || h.Get("X-GitHub-Api-Version") != ghapp.APIVersion || h.Get("User-Agent") == "" {
		t.Errorf("headers %v", h)
	}
	if !strings.HasPrefix(h.Get("Authorization"), "Bearer ey") {
		t.Errorf("Authorization %q, want a Bearer JWT", h.Get("Authorization"))
	}
}

// copies returns n installations made from the documented one: IDs 1 to n,
// each on its own organization.
func copies(t testing.TB, doc map[string]any, n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = clone(t, doc)
		out[i]["id"] = i + 1
		acc := out[i]["account"].(map[string]any)
		acc["login"], acc["id"] = fmt.Sprintf("octo-org-%d", i+1), 1000+i
	}
	return out
}

func clone(t testing.TB, m map[string]any) map[string]any {
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return object(t, b)
}

func TestListInstallationsPages(t *testing.T) {
	for _, p := range plans {
		t.Run(p.name, func(t *testing.T) {
			ex := apiExamples(t, p.examples)
			g := newFakeGitHub(t, p.prefix)
			if p.apiRoot != "" {
				g.scheme = "https"
			}
			g.installations = copies(t, documentedInstallation(t, ex), 250) // three pages of 100
			target := p.target(g)
			got, err := ghapp.ListInstallations(ctx(t), appClient(t, g, target), target)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 250 {
				t.Fatalf("%d installations, want 250", len(got))
			}
			for i, inst := range got {
				if inst.ID != int64(i+1) || inst.Account.Login != fmt.Sprintf("octo-org-%d", i+1) {
					t.Fatalf("installation %d is %d on %s", i, inst.ID, inst.Account.Login)
				}
			}
			var queries []string
			for _, r := range g.seen() {
				checkHeaders(t, r)
				if r.URL.Path != p.prefix+"/app/installations" {
					t.Errorf("path %s", r.URL.Path)
				}
				queries = append(queries, r.URL.RawQuery)
			}
			if diff := cmp.Diff([]string{"per_page=100", "per_page=100&page=2", "per_page=100&page=3"}, queries); diff != "" {
				t.Errorf("pages asked for mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestInstallationDecoded(t *testing.T) {
	ex := apiExamples(t, "api.github.com")
	doc := documentedInstallation(t, ex)
	suspended := clone(t, doc)
	suspended["id"] = 2
	suspended["suspended_at"] = "2024-05-01T10:00:00Z"
	suspended["suspended_by"] = map[string]any{"login": "octo-admin", "id": 5, "type": "User"}
	g := newFakeGitHub(t, "/api/v3")
	g.installations = []map[string]any{doc, suspended}
	target := ghapp.Target{BaseURL: g.URL}

	created := time.Date(2017, 7, 8, 20, 18, 44, 0, time.UTC)
	want := ghapp.Installation{
		ID: 1, AppID: 1, AppSlug: "github-actions",
		Account:  ghapp.Account{Login: "octocat", ID: 1, NodeID: "MDQ6VXNlcjE=", Type: "User"},
		TargetID: 1, TargetType: "Organization",
		Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite, ghapp.PermissionMetadata: ghapp.LevelRead, ghapp.PermissionContents: ghapp.LevelRead},
		Events:      []ghapp.Event{ghapp.EventPush, ghapp.EventPullRequest}, RepositorySelection: ghapp.RepositorySelectionSelected,
		SingleFileName: "config.yaml", SingleFilePaths: []string{"config.yml", ".github/issue_TEMPLATE.md"}, HasMultipleSingleFiles: true,
		HTMLURL: "https://github.com/organizations/github/settings/installations/1", CreatedAt: created, UpdatedAt: created,
	}
	sameTime := cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

	one, err := ghapp.GetInstallation(ctx(t), appClient(t, g, target), target, 1)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, one, sameTime); diff != "" {
		t.Errorf("GetInstallation mismatch (-want +got):\n%s", diff)
	}
	if one.Suspended() || one.AccountType() != ghapp.AccountOrganization {
		t.Errorf("Suspended %v, AccountType %s", one.Suspended(), one.AccountType())
	}
	if r := g.seen()[0]; r.URL.Path != "/api/v3/app/installations/1" {
		t.Errorf("path %s", r.URL.Path)
	}

	two, err := ghapp.GetInstallation(ctx(t), appClient(t, g, target), target, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !two.Suspended() || !two.SuspendedAt.Equal(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)) || two.SuspendedBy != "octo-admin" {
		t.Errorf("suspended installation: Suspended %v, at %v, by %q", two.Suspended(), two.SuspendedAt, two.SuspendedBy)
	}

	_, err = ghapp.GetInstallation(ctx(t), appClient(t, g, target), target, 99)
	if diff := cmp.Diff([]string{"?: ErrAPI ErrNotFound"}, liveProblems(err)); diff != "" {
		t.Errorf("unknown installation mismatch (-want +got):\n%s", diff)
	}
	var ae *ghapp.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 404 || ae.Message != "Not Found" || ae.Op != "GET /app/installations/99" {
		t.Errorf("APIError %+v", ae)
	}
	if _, err := ghapp.GetInstallation(ctx(t), nil, target, 0); cmp.Diff([]string{"installation_id: ErrInvalidFormat"}, liveProblems(err)) != "" {
		t.Errorf("installation 0: %v", err)
	}
}

func TestUserInstallations(t *testing.T) {
	ex := apiExamples(t, "api.github.com")
	var doc struct {
		TotalCount    int              `json:"total_count"`
		Installations []map[string]any `json:"installations"`
	}
	if err := json.Unmarshal(ex["GET /user/installations"], &doc); err != nil {
		t.Fatal(err)
	}
	g := newFakeGitHub(t, "/api/v3")
	target := ghapp.Target{BaseURL: g.URL}
	user := &http.Client{Transport: bearer{"ghu_user-token"}}

	// The documented answer: two installations, 1 and 3.
	g.user = doc.Installations
	got, err := ghapp.ListUserInstallations(ctx(t), user, target)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != 1 || got[1].ID != 3 || got[1].Account.ID != 2 || got[0].RepositorySelection != ghapp.RepositorySelectionAll {
		t.Errorf("user installations %+v", got)
	}
	if r := g.seen()[0]; r.URL.Path != "/api/v3/user/installations" || r.Header.Get("Authorization") != "Bearer ghu_user-token" {
		t.Errorf("request %s with %q", r.URL.Path, r.Header.Get("Authorization"))
	}

	// Confirming a setup redirect's installation_id: 3 is the user's, 2 is
	// not, over three pages.
	g.user = copies(t, doc.Installations[0], 201)
	if inst, err := ghapp.FindUserInstallation(ctx(t), user, target, 201); err != nil || inst.ID != 201 {
		t.Errorf("FindUserInstallation(201) = %v, %v", inst, err)
	}
	_, err = ghapp.FindUserInstallation(ctx(t), user, target, 202)
	if diff := cmp.Diff([]string{"installation_id: ErrNotFound"}, liveProblems(err)); diff != "" {
		t.Errorf("FindUserInstallation(202) mismatch (-want +got):\n%s", diff)
	}
	g.setFailure("/user/installations", http.StatusUnauthorized, nil, `{"message":"Bad credentials"}`)
	_, err = ghapp.FindUserInstallation(ctx(t), user, target, 1)
	if diff := cmp.Diff([]string{"?: ErrAPI ErrUnauthorized"}, liveProblems(err)); diff != "" {
		t.Errorf("401 mismatch (-want +got):\n%s", diff)
	}
}

// bearer adds a token as a user access token would be sent.
type bearer struct{ token string }

func (b bearer) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(out)
}

func TestAPIErrors(t *testing.T) {
	ex := apiExamples(t, "api.github.com")
	reset := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		status    int
		header    http.Header
		body      string
		want      []string
		remaining int
		retry     time.Duration
	}{
		{"401", 401, nil, `{"message":"A JSON web token could not be decoded","documentation_url":"https://docs.github.com/rest"}`,
			[]string{"?: ErrAPI ErrUnauthorized"}, -1, 0},
		{"403", 403, http.Header{"X-Ratelimit-Remaining": {"4999"}}, `{"message":"Resource not accessible by integration"}`,
			[]string{"?: ErrAPI ErrForbidden"}, 4999, 0},
		{"403 for the rate limit", 403, http.Header{"X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {fmt.Sprint(reset.Unix())}},
			`{"message":"API rate limit exceeded for installation ID 1."}`, []string{"?: ErrAPI ErrRateLimited"}, 0, 0},
		{"403 secondary rate limit", 403, http.Header{"Retry-After": {"60"}}, `{"message":"You have exceeded a secondary rate limit."}`,
			[]string{"?: ErrAPI ErrRateLimited"}, -1, time.Minute},
		{"429", 429, http.Header{"Retry-After": {"30"}}, `{}`, []string{"?: ErrAPI ErrRateLimited"}, -1, 30 * time.Second},
		{"404", 404, nil, `{"message":"Not Found"}`, []string{"?: ErrAPI ErrNotFound"}, -1, 0},
		{"500", 500, nil, `<html>oops</html>`, []string{"?: ErrAPI"}, -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := newFakeGitHub(t, "/api/v3")
			g.app = ex["GET /app"]
			g.setFailure("/app", tt.status, tt.header, tt.body)
			target := ghapp.Target{BaseURL: g.URL}
			_, err := ghapp.GetApp(ctx(t), appClient(t, g, target), target)
			if diff := cmp.Diff(tt.want, liveProblems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
			var ae *ghapp.APIError
			if !errors.As(err, &ae) {
				t.Fatalf("%T, want an *APIError", err)
			}
			if ae.StatusCode != tt.status || ae.RateLimitRemaining != tt.remaining || ae.RetryAfter != tt.retry || ae.Op != "GET /app" {
				t.Errorf("APIError %+v", ae)
			}
			if tt.name == "403 for the rate limit" && !ae.RateLimitReset.Equal(reset) {
				t.Errorf("RateLimitReset %v, want %v", ae.RateLimitReset, reset)
			}
			if strings.Contains(err.Error(), "oops") {
				t.Errorf("the error holds the body: %v", err)
			}
		})
	}
}

func TestOversizedAnswer(t *testing.T) {
	ex := apiExamples(t, "api.github.com")
	app := object(t, ex["GET /app"])
	app["description"] = strings.Repeat("x", 1<<20) // the whole answer is over 1 MiB
	g := newFakeGitHub(t, "/api/v3")
	g.app = app
	g.installations = []map[string]any{app}
	target := ghapp.Target{BaseURL: g.URL}
	_, err := ghapp.GetApp(ctx(t), appClient(t, g, target), target)
	if diff := cmp.Diff([]string{"?: ErrBadResponse"}, liveProblems(err)); diff != "" {
		t.Errorf("GetApp mismatch (-want +got):\n%s", diff)
	}
	_, err = ghapp.ListInstallations(ctx(t), appClient(t, g, target), target)
	if diff := cmp.Diff([]string{"?: ErrBadResponse"}, liveProblems(err)); diff != "" {
		t.Errorf("ListInstallations mismatch (-want +got):\n%s", diff)
	}
	if strings.Contains(err.Error(), "xxxx") {
		t.Errorf("the error holds the body")
	}
	// Just under the cap is read.
	app["description"] = strings.Repeat("x", 1<<20-4096)
	if a, err := ghapp.GetApp(ctx(t), appClient(t, g, target), target); err != nil || len(a.Description) != 1<<20-4096 {
		t.Errorf("GetApp under the cap: %v", err)
	}
}

func TestDecodeStrictAndLenient(t *testing.T) {
	ex := apiExamples(t, "api.github.com")
	tests := []struct {
		name   string
		change func(app map[string]any)
		want   []string // problems; nil for none
		check  func(t *testing.T, a *ghapp.App)
	}{
		{"documented", func(map[string]any) {}, nil, nil},
		{"a permission the catalogue lacks is kept", func(a map[string]any) {
			a["permissions"].(map[string]any)["brand_new_permission"] = "read"
			a["permissions"].(map[string]any)["email_addresses"] = "read"
		}, nil, func(t *testing.T, a *ghapp.App) {
			if a.Permissions["brand_new_permission"] != ghapp.LevelRead || a.Permissions[ghapp.PermissionEmails] != ghapp.LevelRead {
				t.Errorf("permissions %v", a.Permissions)
			}
		}},
		{"an event the catalogue lacks is kept", func(a map[string]any) { a["events"] = []string{"push", "brand_new_event"} }, nil,
			func(t *testing.T, a *ghapp.App) {
				if cmp.Diff([]ghapp.Event{ghapp.EventPush, "brand_new_event"}, a.Events) != "" {
					t.Errorf("events %v", a.Events)
				}
			}},
		{"unneeded fields of any type", func(a map[string]any) {
			a["node_id"], a["created_at"], a["html_url"], a["installations_count"], a["client_id"] = 5, "yesterday", false, "many", []int{1}
		}, nil, func(t *testing.T, a *ghapp.App) {
			if a.NodeID != "" || !a.CreatedAt.IsZero() || a.HTMLURL != "" || a.ClientID != "" {
				t.Errorf("lenient fields %+v", a)
			}
		}},
		{"null description", func(a map[string]any) { a["description"] = nil }, nil, nil},
		{"fields GitHub adds later", func(a map[string]any) { a["brand_new_field"] = map[string]any{"x": 1} }, nil, nil},
		{"enterprise owner", func(a map[string]any) { a["owner"] = map[string]any{"slug": "octo-ent", "id": 9, "name": "Octo"} }, nil,
			func(t *testing.T, a *ghapp.App) {
				if a.Owner != (ghapp.Account{Login: "octo-ent", ID: 9, Type: ghapp.AccountEnterprise}) {
					t.Errorf("owner %+v", a.Owner)
				}
			}},
		{"id as text", func(a map[string]any) { a["id"] = "1" }, []string{"id: ErrBadResponse"}, nil},
		{"no id", func(a map[string]any) { delete(a, "id") }, []string{"id: ErrBadResponse"}, nil},
		{"name as number", func(a map[string]any) { a["name"] = 5 }, []string{"name: ErrBadResponse"}, nil},
		{"owner missing", func(a map[string]any) { delete(a, "owner") }, []string{"owner: ErrBadResponse"}, nil},
		{"owner's login unsafe", func(a map[string]any) { a["owner"].(map[string]any)["login"] = "octo/../cat" }, []string{"owner.login: ErrBadResponse"}, nil},
		{"slug unsafe", func(a map[string]any) { a["slug"] = "octo app" }, []string{"slug: ErrBadResponse"}, nil},
		{"a level GitHub does not grant", func(a map[string]any) {
			a["permissions"] = map[string]any{"issues": "maintain", "checks": "none", "Bad Name": "read"}
		}, []string{"permissions.checks: ErrBadResponse", "permissions.issues: ErrBadResponse", "permissions: ErrBadResponse"}, nil},
		{"level not a string", func(a map[string]any) { a["permissions"] = map[string]any{"issues": 2} }, []string{"permissions.issues: ErrBadResponse"}, nil},
		{"event with markup", func(a map[string]any) { a["events"] = []string{"push", "<b>x</b>"} }, []string{"events[1]: ErrBadResponse"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := object(t, ex["GET /app"])
			tt.change(app)
			g := newFakeGitHub(t, "/api/v3")
			g.app = app
			target := ghapp.Target{BaseURL: g.URL}
			a, err := ghapp.GetApp(ctx(t), appClient(t, g, target), target)
			got := liveProblems(err)
			slices.Sort(got) // a map's problems come in its random order
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
			if tt.check != nil && a != nil {
				tt.check(t, a)
			}
		})
	}

	// An installation's strict fields.
	for _, tt := range []struct {
		name   string
		change func(i map[string]any)
		want   []string
	}{
		{"suspended_at not a time", func(i map[string]any) { i["suspended_at"] = "soon" }, []string{"suspended_at: ErrBadResponse"}},
		{"repository_selection not a name", func(i map[string]any) { i["repository_selection"] = "all repos" }, []string{"[0].repository_selection: ErrBadResponse"}},
		{"account missing", func(i map[string]any) { i["account"] = nil }, []string{"[0].account: ErrBadResponse"}},
		{"target_type unsafe", func(i map[string]any) { i["target_type"] = "Org/../x" }, []string{"[0].target_type: ErrBadResponse"}},
		{"single_file_paths not a list", func(i map[string]any) { i["single_file_paths"] = "config.yml" }, []string{"single_file_paths: ErrBadResponse"}},
		{"html_url of another type", func(i map[string]any) { i["html_url"] = 1 }, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			inst := documentedInstallation(t, ex)
			tt.change(inst)
			g := newFakeGitHub(t, "/api/v3")
			g.installations = []map[string]any{inst}
			target := ghapp.Target{BaseURL: g.URL}
			_, err := ghapp.ListInstallations(ctx(t), appClient(t, g, target), target)
			if diff := cmp.Diff(tt.want, liveProblems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s (%v)", diff, err)
			}
		})
	}
}

func TestPaginationBounds(t *testing.T) {
	ex := apiExamples(t, "api.github.com")
	doc := documentedInstallation(t, ex)
	serve := func(t *testing.T, link func(r *http.Request, n int) string) (ghapp.Target, *int) {
		n := 0
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n++
			if l := link(r, n); l != "" {
				w.Header().Set("Link", l)
			}
			item := clone(t, doc)
			item["id"] = n
			_ = json.NewEncoder(w).Encode([]any{item})
		}))
		t.Cleanup(s.Close)
		return ghapp.Target{BaseURL: s.URL}, &n
	}
	t.Run("past MaxPages", func(t *testing.T) {
		target, n := serve(t, func(r *http.Request, n int) string {
			return fmt.Sprintf(`<http://%s%s?page=%d>; rel="next"`, r.Host, r.URL.Path, n+1)
		})
		got, err := ghapp.ListInstallations(ctx(t), nil, target)
		if diff := cmp.Diff([]string{"?: ErrTooMany"}, liveProblems(err)); diff != "" {
			t.Errorf("problems mismatch (-want +got):\n%s", diff)
		}
		if len(got) != ghapp.MaxPages || *n != ghapp.MaxPages {
			t.Errorf("%d installations from %d requests, want %d", len(got), *n, ghapp.MaxPages)
		}
	})
	for _, tt := range []struct{ name, link string }{
		{"another host", `<http://evil.example.com/api/v3/app/installations?page=2>; rel="next"`},
		{"another port", `<http://127.0.0.1:1/api/v3/app/installations?page=2>; rel="next"`},
		{"another scheme", `<https://HOST/api/v3/app/installations?page=2>; rel="next"`},
		{"another path", `</api/v3/user/repos?page=2>; rel="next"`},
		{"credentials", `<http://me:pw@HOST/api/v3/app/installations?page=2>; rel="next"`},
		{"the same page", `<http://HOST/api/v3/app/installations?per_page=100>; rel="next"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			target, n := serve(t, func(r *http.Request, n int) string { return strings.ReplaceAll(tt.link, "HOST", r.Host) })
			got, err := ghapp.ListInstallations(ctx(t), nil, target)
			if diff := cmp.Diff([]string{"?: ErrBadResponse"}, liveProblems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
			if got != nil || *n != 1 {
				t.Errorf("%d installations, %d requests", len(got), *n)
			}
		})
	}
	t.Run("relative next and rel lists", func(t *testing.T) {
		target, n := serve(t, func(r *http.Request, n int) string {
			if n == 3 {
				return `</api/v3/app/installations?page=1>; rel="first prev"`
			}
			return fmt.Sprintf(`</api/v3/app/installations?page=%d>; rel="last next"`, n+1)
		})
		got, err := ghapp.ListInstallations(ctx(t), nil, target)
		if err != nil || len(got) != 3 || *n != 3 {
			t.Errorf("%d installations, %d requests: %v", len(got), *n, err)
		}
	})
}

// TestPaginationHostile: a server that answers pages larger than asked
// for, or whose links go round in a loop, is refused at once, so that a
// listing holds at most MaxPages pages of 100 items (the reviewer's server
// of 1 MiB pages alternating between two links made ListInstallations
// return 1.7 million installations).
func TestPaginationHostile(t *testing.T) {
	const item = `{"id":1,"account":{"login":"a"},"repository_selection":"all"}`
	items := func(n int) string { return "[" + strings.TrimSuffix(strings.Repeat(item+",", n), ",") + "]" }
	huge := items((1<<20 - 2 - len(`{"installations":}`)) / (len(item) + 1)) // just under 1 MiB
	list := func(user bool) func(context.Context, ghapp.Target) ([]ghapp.Installation, error) {
		return func(ctx context.Context, target ghapp.Target) ([]ghapp.Installation, error) {
			if user {
				return ghapp.ListUserInstallations(ctx, nil, target)
			}
			return ghapp.ListInstallations(ctx, nil, target)
		}
	}
	tests := []struct {
		name     string
		page     func(q url.Values) string // the items of the page asked for
		next     func(q url.Values, n int) string
		want     []string
		requests int
		items    int
	}{
		{"a page of 101", func(url.Values) string { return items(101) }, nil, []string{"?: ErrBadResponse"}, 1, 0},
		{"1 MiB pages alternating between two links", func(url.Values) string { return huge },
			func(q url.Values, _ int) string {
				if q.Get("page") == "2" {
					return "?page=1"
				}
				return "?page=2"
			}, []string{"?: ErrBadResponse"}, 1, 0},
		{"pages of 100 alternating between two links", func(url.Values) string { return items(100) },
			func(q url.Values, _ int) string {
				if q.Get("page") == "2" {
					return "?page=1"
				}
				return "?page=2"
			}, []string{"?: ErrBadResponse"}, 3, 0},
		{"back to the first page", func(url.Values) string { return items(100) },
			func(q url.Values, n int) string {
				if n == 3 {
					return "?per_page=100"
				}
				return fmt.Sprintf("?per_page=100&page=%d", n+1)
			}, []string{"?: ErrBadResponse"}, 3, 0},
		{"full pages up to MaxPages", func(url.Values) string { return items(100) },
			func(_ url.Values, n int) string { return fmt.Sprintf("?per_page=100&page=%d", n+1) },
			[]string{"?: ErrTooMany"}, ghapp.MaxPages, ghapp.MaxPages * 100},
		{"the last page of 100", func(url.Values) string { return items(100) }, nil, nil, 1, 100},
	}
	for _, tt := range tests {
		for _, user := range []bool{false, true} {
			name := tt.name + "/ListInstallations"
			if user {
				name = tt.name + "/ListUserInstallations"
			}
			t.Run(name, func(t *testing.T) {
				n := 0
				s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					n++
					if tt.next != nil {
						w.Header().Set("Link", "<"+r.URL.Path+tt.next(r.URL.Query(), n)+`>; rel="next"`)
					}
					body := tt.page(r.URL.Query())
					if user {
						body = `{"installations":` + body + `}`
					}
					_, _ = io.WriteString(w, body)
				}))
				defer s.Close()
				got, err := list(user)(ctx(t), ghapp.Target{BaseURL: s.URL})
				if diff := cmp.Diff(tt.want, liveProblems(err)); diff != "" {
					t.Errorf("problems mismatch (-want +got):\n%s", diff)
				}
				if len(got) != tt.items || n != tt.requests {
					t.Errorf("%d installations from %d requests, want %d from %d", len(got), n, tt.items, tt.requests)
				}
			})
		}
	}
}

func TestReadLive(t *testing.T) {
	ex := apiExamples(t, "api.github.com")
	g := newFakeGitHub(t, "/api/v3")
	g.app = ex["GET /app"]
	g.hook = map[string]any{"content_type": "json", "insecure_ssl": "0", "secret": "********", "url": "https://example.com/webhook"}
	g.installations = copies(t, documentedInstallation(t, ex), 3)
	target := ghapp.Target{BaseURL: g.URL}
	live, err := ghapp.ReadLive(ctx(t), appClient(t, g, target), target)
	if err != nil {
		t.Fatal(err)
	}
	if live.App.Slug != "octoapp" || len(live.Installations) != 3 || *live.Webhook != (ghapp.AppWebhook{URL: "https://example.com/webhook", ContentType: "json"}) {
		t.Errorf("live %+v %+v", live.App, live.Webhook)
	}
	g.hook = map[string]any{"url": "https://example.com/webhook", "insecure_ssl": 1}
	if w, err := ghapp.GetAppWebhook(ctx(t), appClient(t, g, target), target); err != nil || !w.InsecureSSL {
		t.Errorf("insecure_ssl as a number: %+v, %v", w, err)
	}
	g.hook = nil // 404
	live, err = ghapp.ReadLive(ctx(t), appClient(t, g, target), target)
	if err != nil || live.Webhook != nil {
		t.Errorf("without a webhook config: %+v, %v", live, err)
	}
	g.setFailure("/app/installations", http.StatusForbidden, nil, `{"message":"Resource not accessible by integration"}`)
	if _, err := ghapp.ReadLive(ctx(t), appClient(t, g, target), target); cmp.Diff([]string{"?: ErrAPI ErrForbidden"}, liveProblems(err)) != "" {
		t.Errorf("403 for installations: %v", err)
	}
	if _, err := ghapp.ReadLive(ctx(t), nil, ghapp.Target{BaseURL: "ftp://x"}); cmp.Diff([]string{"base_url: ErrInvalidTarget"}, liveProblems(err)) != "" {
		t.Errorf("bad target: %v", err)
	}
}
