package ghapp_test

import (
	"errors"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/google/go-querystring/query"

	"github.com/ghapp-dev/ghapp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// seedURL is the example link of GitHub's page on registering an app with
// URL parameters, as the project's seed page gives it.
const seedURL = "https://github.com/settings/apps/new?name=octocat-github-app&description=An%20Octocat%20App&callback_urls[]=https://example.com&request_oauth_on_install=true&public=true&checks=write&events[]=check_run&events[]=check_suite"

// documentedLink reads GitHub's example link from one of the project's
// reference pages at test time, the Liquid variable for the host written
// out as github.com; it skips the test when the page is not there.
func documentedLink(t *testing.T, page, prefix string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "shared", page))
	if err != nil {
		t.Skipf("reference page not here: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.Index(line, prefix+"/settings/apps/new?"); i >= 0 {
			return "https://github.com" + strings.TrimSpace(line[i+len(prefix):])
		}
	}
	t.Fatalf("%s: no line holds %q", page, prefix+"/settings/apps/new?")
	return ""
}

// TestRegistrationURLDocumented: both of GitHub's example links, the
// seed's and the current page's (which turns the webhook on and leaves its
// URL for the person to type), come out byte for byte, and parse back to
// the same Config and Target. Each has a golden file as well, so that a
// change of the reference pages cannot hide a change of the output.
func TestRegistrationURLDocumented(t *testing.T) {
	tests := []struct {
		name, page, prefix string
		c                  ghapp.Config
		unfilled           []string
	}{
		{"documented", "seeds/004_58ee6a27629729b3.txt", "https://github.com", documented(), []string{"url"}},
		{"current-docs", "reference/docs/registering-a-github-app-using-url-parameters.md", "{% data variables.product.oauth_host_code %}",
			func() ghapp.Config { c := documented(); c.WebhookActive = true; return c }(), []string{"url", "webhook_url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.c.RegistrationURL(ghapp.Target{})
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", "registration", tt.name+".url"), got)
			if doc := documentedLink(t, tt.page, tt.prefix); got != doc {
				t.Errorf("RegistrationURL:\n got %s\nwant %s (GitHub's page)", got, doc)
			}
			back, target, err := ghapp.ParseRegistrationURL(got)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.c, back); diff != "" {
				t.Errorf("parse mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(ghapp.Target{}, target); diff != "" {
				t.Errorf("target mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.unfilled, back.Unfilled()); diff != "" {
				t.Errorf("Unfilled mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRegistrationURLFragments checks the documentation's fragments: each
// want is a substring of the link, in this order.
func TestRegistrationURLFragments(t *testing.T) {
	tests := []struct {
		name string
		b    *ghapp.Builder
		want string
	}{
		{"name", ghapp.New().Name("octocat-github-app"), "?name=octocat-github-app"},
		{"callbacks", ghapp.New().CallbackURLs("https://example.com", "https://example-2.com"), "?callback_urls[]=https://example.com&callback_urls[]=https://example-2.com"},
		{"events", ghapp.New().Events(ghapp.EventPublic, ghapp.EventLabel).Permission(ghapp.PermissionContents, ghapp.LevelRead), "&events[]=public&events[]=label"},
		{"read and write", ghapp.New().Permission(ghapp.PermissionContents, ghapp.LevelWrite), "?contents=write"},
		{"read only", ghapp.New().Permission(ghapp.PermissionBlocking, ghapp.LevelRead), "?blocking=read"},
		{"webhook and event", ghapp.New().WebhookActive(true).WebhookURL("https://example.com").Events(ghapp.EventCommitComment).Permission(ghapp.PermissionContents, ghapp.LevelRead),
			"?contents=read&webhook_active=true&webhook_url=https://example.com&events[]=commit_comment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.b.Build()
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.RegistrationURL(ghapp.Target{})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("RegistrationURL = %s\nwant it to contain %s", got, tt.want)
			}
		})
	}
	// commit_comment needs contents, as the documentation warns.
	_, err := ghapp.New().WebhookActive(true).WebhookURL("https://example.com").Events(ghapp.EventCommitComment).Build()
	if diff := cmp.Diff([]string{"events[0]: ErrEventNeedsPermission"}, problems(err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

// everything is a configuration with every setting, every permission known
// on github.com at its highest level, and every event an app can subscribe
// to there.
func everything() ghapp.Config {
	c := ghapp.Config{
		Name:                  "everything",
		Description:           "Every setting, permission and event",
		HomepageURL:           "https://example.com",
		CallbackURLs:          []string{"https://example.com/a", "https://example.com/b"},
		SetupURL:              "https://example.com/setup",
		SetupOnUpdate:         true,
		Public:                true,
		WebhookActive:         true,
		WebhookURL:            "https://example.com/hook",
		SingleFileName:        ".github/app.yml",
		SingleFilePaths:       []string{"a.txt", "b/c.txt"},
		Permissions:           ghapp.Permissions{},
		RequestOAuthOnInstall: false,
	}
	for _, p := range ghapp.KnownPermissions() {
		if p.AvailableOn(ghapp.PlanGitHubCom) {
			levels := p.Levels()
			c.Permissions[p] = levels[len(levels)-1]
		}
	}
	for _, e := range ghapp.KnownEvents() {
		if e.Subscribable() && e.AvailableOn(ghapp.PlanGitHubCom) {
			c.Events = append(c.Events, e)
		}
	}
	return c
}

// hostile is text with every character that escaping must get right.
const hostile = `a&b=c#d+e%f;g[h]i"j'k<l>m\n 日本語 😀 ?/:@!$()*,`

func TestRegistrationURLGolden(t *testing.T) {
	tests := []struct {
		name string
		c    ghapp.Config
		t    ghapp.Target
	}{
		{"documented", documented(), ghapp.Target{}},
		{"organization", documented(), ghapp.Target{Organization: "octo-org"}},
		{"ghes", documented(), ghapp.Target{BaseURL: "https://github.example.com/"}},
		{"ghec", documented(), ghapp.Target{BaseURL: "https://OctoCorp.ghe.com", Organization: "octo"}},
		{"hostile", ghapp.Config{Name: "a&b=c#d+e%f;g", Description: hostile, HomepageURL: "https://example.com/p?q=1&r=[2]#frag",
			CallbackURLs: []string{"https://example.com/cb?x=a%20b&y=+"}}, ghapp.Target{}},
		{"everything", everything(), ghapp.Target{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.c.RegistrationURL(tt.t)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", "registration", tt.name+".url"), got)
			// The link is a valid URL whose standard decoding gives back
			// every value.
			u, err := url.Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			want2, _ := query.Values(bareOf(tt.c))
			if diff := cmp.Diff(want2, u.Query()); diff != "" {
				t.Errorf("decoded query mismatch (-want +got):\n%s", diff)
			}
			back, target, err := ghapp.ParseRegistrationURL(got)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.c, back, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("parse of the link mismatch (-want +got):\n%s", diff)
			}
			if got2, _ := back.RegistrationURL(target); got2 != got {
				t.Errorf("re-encoding gives\n%s", got2)
			}
		})
	}
}

func TestRegistrationURLCallOrder(t *testing.T) {
	a, _ := ghapp.New().Name("x").Public(true).Permission(ghapp.PermissionContents, ghapp.LevelRead).
		Permission(ghapp.PermissionChecks, ghapp.LevelWrite).Events(ghapp.EventPush, ghapp.EventCheckRun).Build()
	b, _ := ghapp.New().Events(ghapp.EventPush).Permission(ghapp.PermissionChecks, ghapp.LevelWrite).Events(ghapp.EventCheckRun).
		Public(true).Permission(ghapp.PermissionContents, ghapp.LevelRead).Name("x").Build()
	ua, err := a.RegistrationURL(ghapp.Target{})
	if err != nil {
		t.Fatal(err)
	}
	ub, _ := b.RegistrationURL(ghapp.Target{})
	if ua != ub {
		t.Errorf("call order changed the link:\n%s\n%s", ua, ub)
	}
	const want = "https://github.com/settings/apps/new?name=x&public=true&checks=write&contents=read&events[]=push&events[]=check_run"
	if ua != want {
		t.Errorf("got  %s\nwant %s", ua, want)
	}
}

func TestTargets(t *testing.T) {
	tests := []struct {
		name   string
		t      ghapp.Target
		prefix string   // of the link
		want   []string // problems
	}{
		{"github.com", ghapp.Target{}, "https://github.com/settings/apps/new?", nil},
		{"github.com spelt out", ghapp.Target{BaseURL: "https://github.com"}, "https://github.com/settings/apps/new?", nil},
		{"organization", ghapp.Target{Organization: "octo-org"}, "https://github.com/organizations/octo-org/settings/apps/new?", nil},
		{"organization 39", ghapp.Target{Organization: strings.Repeat("a", 39)}, "https://github.com/organizations/" + strings.Repeat("a", 39) + "/", nil},
		{"organization 40", ghapp.Target{Organization: strings.Repeat("a", 40)}, "", []string{"organization: ErrInvalidTarget"}},
		{"organization leading hyphen", ghapp.Target{Organization: "-octo"}, "", []string{"organization: ErrInvalidTarget"}},
		{"organization trailing hyphen", ghapp.Target{Organization: "octo-"}, "", []string{"organization: ErrInvalidTarget"}},
		{"organization double hyphen", ghapp.Target{Organization: "oc--to"}, "", []string{"organization: ErrInvalidTarget"}},
		{"organization slash", ghapp.Target{Organization: "octo/x"}, "", []string{"organization: ErrInvalidTarget"}},
		{"organization underscore", ghapp.Target{Organization: "octo_x"}, "", []string{"organization: ErrInvalidTarget"}},
		{"ghes", ghapp.Target{BaseURL: "https://GitHub.Example.com:8443/"}, "https://github.example.com:8443/settings/apps/new?", nil},
		{"default port", ghapp.Target{BaseURL: "https://github.example.com:443"}, "https://github.example.com/settings/apps/new?", nil},
		{"ghec", ghapp.Target{BaseURL: "https://octocorp.ghe.com"}, "https://octocorp.ghe.com/settings/apps/new?", nil},
		{"loopback http", ghapp.Target{BaseURL: "http://127.0.0.1:8080"}, "http://127.0.0.1:8080/settings/apps/new?", nil},
		{"localhost http", ghapp.Target{BaseURL: "http://localhost:3000"}, "http://localhost:3000/settings/apps/new?", nil},
		{"ipv6 loopback http", ghapp.Target{BaseURL: "http://[::1]:3000"}, "http://[::1]:3000/settings/apps/new?", nil},
		{"http elsewhere", ghapp.Target{BaseURL: "http://github.example.com"}, "", []string{"base_url: ErrInvalidTarget"}},
		{"path", ghapp.Target{BaseURL: "https://github.example.com/github"}, "", []string{"base_url: ErrInvalidTarget"}},
		{"query", ghapp.Target{BaseURL: "https://github.example.com/?x=1"}, "", []string{"base_url: ErrInvalidTarget"}},
		{"fragment", ghapp.Target{BaseURL: "https://github.example.com#x"}, "", []string{"base_url: ErrInvalidTarget"}},
		{"credentials", ghapp.Target{BaseURL: "https://u:p@github.example.com"}, "", []string{"base_url: ErrInvalidTarget"}},
		{"no scheme", ghapp.Target{BaseURL: "github.example.com"}, "", []string{"base_url: ErrInvalidTarget"}},
		{"ftp", ghapp.Target{BaseURL: "ftp://github.example.com"}, "", []string{"base_url: ErrInvalidTarget"}},
		{"bare ghe.com", ghapp.Target{BaseURL: "https://ghe.com"}, "https://ghe.com/settings/apps/new?", nil},
		{"api host", ghapp.Target{BaseURL: "https://api.github.com"}, "", []string{"base_url: ErrInvalidTarget"}},
		{"gist host", ghapp.Target{BaseURL: "https://gist.github.com"}, "", []string{"base_url: ErrInvalidTarget"}},
		{"ghe.com api host", ghapp.Target{BaseURL: "https://api.octo.ghe.com"}, "", []string{"base_url: ErrInvalidTarget"}},
		{"plan on github.com", ghapp.Target{Plan: ghapp.PlanGHEC}, "https://github.com/settings/apps/new?", nil},
		{"ghes plan on github.com", ghapp.Target{Plan: ghapp.PlanGHES317}, "", []string{"plan: ErrInvalidTarget"}},
		{"github.com plan on ghe.com", ghapp.Target{BaseURL: "https://octocorp.ghe.com", Plan: ghapp.PlanGitHubCom}, "", []string{"plan: ErrInvalidTarget"}},
		{"ghec plan on ghes", ghapp.Target{BaseURL: "https://github.example.com", Plan: ghapp.PlanGHEC}, "", []string{"plan: ErrInvalidTarget"}},
		{"old ghes", ghapp.Target{BaseURL: "https://github.example.com", Plan: ghapp.PlanGHES317}, "https://github.example.com/settings/apps/new?", nil},
		{"unknown plan", ghapp.Target{Plan: 99}, "", []string{"plan: ErrInvalidTarget"}},
		{"any plan on loopback", ghapp.Target{BaseURL: "http://127.0.0.1:1", Plan: ghapp.PlanGitHubCom}, "http://127.0.0.1:1/settings/apps/new?", nil},
	}
	c := documented()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.RegistrationURL(tt.t)
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Fatalf("problems mismatch (-want +got):\n%s", diff)
			}
			if !strings.HasPrefix(got, tt.prefix) {
				t.Errorf("RegistrationURL = %q, want prefix %q", got, tt.prefix)
			}
		})
	}
	// A bad target and a bad config are reported together.
	_, err := ghapp.Config{Name: strings.Repeat("n", 35)}.RegistrationURL(ghapp.Target{Organization: "-"})
	if diff := cmp.Diff([]string{"organization: ErrInvalidTarget", "name: ErrTooLong"}, problems(err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

func TestRegistrationURLPlans(t *testing.T) {
	ghes := func(p ghapp.Plan) ghapp.Target { return ghapp.Target{BaseURL: "https://github.example.com", Plan: p} }
	tests := []struct {
		name string
		c    ghapp.Config
		t    ghapp.Target
		want []string
	}{
		{"enterprise permission on github.com", ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionEnterpriseAdministration: ghapp.LevelRead}}, ghapp.Target{}, []string{"permissions.enterprise_administration: ErrNotOnPlan"}},
		{"enterprise permission on ghec", ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionEnterpriseAdministration: ghapp.LevelRead}}, ghapp.Target{Plan: ghapp.PlanGHEC}, nil},
		{"blocking on ghes", ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionBlocking: ghapp.LevelRead}}, ghes(0), []string{"permissions.blocking: ErrNotOnPlan"}},
		{"installations permission on ghes 3.19", ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionEnterpriseOrganizationInstallations: ghapp.LevelRead}}, ghes(0), nil},
		{"installations permission on ghes 3.18", ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionEnterpriseOrganizationInstallations: ghapp.LevelRead}}, ghes(ghapp.PlanGHES318), []string{"permissions.enterprise_organization_installations: ErrNotOnPlan"}},
		{"issue_dependencies on ghes 3.19", ghapp.Config{Events: []ghapp.Event{ghapp.EventIssueDependencies}, Permissions: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelRead}}, ghes(ghapp.PlanGHES319), nil},
		{"issue_dependencies on ghes 3.18", ghapp.Config{Events: []ghapp.Event{ghapp.EventIssueDependencies}, Permissions: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelRead}}, ghes(ghapp.PlanGHES318), []string{"events[0]: ErrNotOnPlan"}},
		{"cache_sync on github.com", ghapp.Config{Events: []ghapp.Event{ghapp.EventCacheSync}}, ghapp.Target{}, []string{"events[0]: ErrNotOnPlan"}},
		{"cache_sync on ghes", ghapp.Config{Events: []ghapp.Event{ghapp.EventCacheSync}}, ghes(0), nil},
		{"merge_group on ghe.com", ghapp.Config{Events: []ghapp.Event{ghapp.EventMergeGroup}, Permissions: ghapp.Permissions{ghapp.PermissionMergeQueues: ghapp.LevelRead}}, ghapp.Target{BaseURL: "https://octocorp.ghe.com"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.c.Validate(); err != nil {
				t.Fatalf("Validate, which accepts what any plan knows: %v", err)
			}
			_, err := tt.c.RegistrationURL(tt.t)
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRegistrationURLValues: a link decodes, with net/url, to the
// registration names of the permissions and leaves LevelNone out.
func TestRegistrationURLValues(t *testing.T) {
	c := documented()
	c.Permissions["email_addresses"] = ghapp.LevelRead
	c.Permissions[ghapp.PermissionIssues] = ghapp.LevelNone
	want := url.Values{
		"name": {"octocat-github-app"}, "description": {"An Octocat App"}, "callback_urls[]": {"https://example.com"},
		"request_oauth_on_install": {"true"}, "public": {"true"}, "checks": {"write"}, "emails": {"read"},
		"events[]": {"check_run", "check_suite"},
	}
	link, err := c.RegistrationURL(ghapp.Target{})
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, u.Query()); diff != "" {
		t.Errorf("query mismatch (-want +got):\n%s", diff)
	}
	if got, err := (ghapp.Config{}).RegistrationURL(ghapp.Target{}); err != nil || got != "https://github.com/settings/apps/new" {
		t.Errorf("zero Config: %q, %v", got, err)
	}
}

func TestParseRegistrationURL(t *testing.T) {
	const base = "https://github.com/settings/apps/new?"
	tests := []struct {
		name   string
		raw    string
		c      ghapp.Config
		target ghapp.Target
		want   []string // problems
	}{
		{name: "seed", raw: seedURL, c: documented()},
		{name: "brackets escaped, plus for space", raw: base + "name=octocat-github-app&description=An+Octocat+App&callback_urls%5B%5D=https%3A%2F%2Fexample.com&request_oauth_on_install=true&public=true&checks=write&events%5B%5D=check_run&events%5b%5d=check_suite", c: documented()},
		{name: "any order", raw: base + "events[]=check_run&checks=write&public=true&events[]=check_suite&request_oauth_on_install=true&callback_urls[]=https://example.com&description=An%20Octocat%20App&name=octocat-github-app", c: documented()},
		{name: "organization", raw: "https://github.com/organizations/octo-org/settings/apps/new?name=x", c: ghapp.Config{Name: "x"}, target: ghapp.Target{Organization: "octo-org"}},
		{name: "ghes", raw: "https://GitHub.Example.com/settings/apps/new", target: ghapp.Target{BaseURL: "https://github.example.com"}},
		{name: "alias", raw: base + "email_addresses=read", c: ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionEmails: ghapp.LevelRead}}},
		{name: "none level", raw: base + "checks=none", c: ghapp.Config{}},
		{name: "empty level", raw: base + "checks=&contents=read", want: []string{"permissions.checks: ErrUnknownLevel"}},
		{name: "false booleans", raw: base + "public=false&webhook_active=false", c: ghapp.Config{}},
		{name: "empty parts", raw: base + "&&name=x&", c: ghapp.Config{Name: "x"}},
		{name: "default port", raw: "https://github.com:443/settings/apps/new?name=x", c: ghapp.Config{Name: "x"}},
		{name: "escaped path, trailing slash", raw: "https://github.com/settings/apps/%6Eew/?name=x", c: ghapp.Config{Name: "x"}},
		{name: "value without a name", raw: base + "=x&name=y", want: []string{": ErrMalformed"}},
		{name: "documented fragment", raw: base + "contents=read&webhook_active=true&webhook_url=https://example.com&events[]=commit_comment",
			c: ghapp.Config{WebhookActive: true, WebhookURL: "https://example.com", Events: []ghapp.Event{ghapp.EventCommitComment}, Permissions: ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelRead}}},

		{name: "events without brackets", raw: base + "events=push", want: []string{"events: ErrUnknownParameter"}},
		{name: "callback_urls without brackets", raw: base + "callback_urls=https://a.example", want: []string{"callback_urls: ErrUnknownParameter"}},
		{name: "callback_url", raw: base + "callback_url=https://a.example", want: []string{"callback_url: ErrUnknownParameter"}},
		{name: "indexed array", raw: base + "events[0]=push", want: []string{"events[0]: ErrUnknownParameter"}},
		{name: "webhook_secret", raw: base + "webhook_secret=s3cret", want: []string{"webhook_secret: ErrNotSettable"}},
		{name: "redirect_url", raw: base + "redirect_url=https://a.example", want: []string{"redirect_url: ErrNotSettable"}},
		{name: "default_events", raw: base + "default_events[]=push", want: []string{"default_events[]: ErrNotSettable"}},
		{name: "unknown parameter", raw: base + "colour=blue", want: []string{"colour: ErrUnknownParameter"}},
		{name: "misspelt parameter", raw: base + "descripton=x", want: []string{"descripton: ErrUnknownParameter"}},
		{name: "unknown permission", raw: base + "pull-requests=write", want: []string{"permissions.pull-requests: ErrUnknownPermission"}},
		{name: "unknown permission by level: a partial result", raw: base + "frobnicate=read", c: ghapp.Config{Permissions: ghapp.Permissions{"frobnicate": ghapp.LevelRead}}, want: []string{"permissions.frobnicate: ErrUnknownPermission"}},
		{name: "unknown event: a partial result", raw: base + "events[]=brand_new_event&name=n", c: ghapp.Config{Name: "n", Events: []ghapp.Event{"brand_new_event"}}, want: []string{"events[0]: ErrUnknownEvent"}},
		{name: "unknown names and another problem: no partial result", raw: base + "events[]=brand_new_event&public=yes", want: []string{"events[0]: ErrUnknownEvent", "public: ErrInvalidBool"}},
		{name: "retired permission", raw: base + "team_discussions=read", want: []string{"permissions.team_discussions: ErrUnknownPermission ErrRetired"}},
		{name: "name twice", raw: base + "name=a&name=b", want: []string{"name: ErrDuplicate"}},
		{name: "permission twice", raw: base + "checks=write&checks=read", want: []string{"permissions.checks: ErrDuplicate"}},
		{name: "permission under both names", raw: base + "emails=read&email_addresses=write", want: []string{"permissions.emails: ErrDuplicate"}},
		{name: "boolean yes", raw: base + "public=yes", want: []string{"public: ErrInvalidBool"}},
		{name: "boolean 1", raw: base + "webhook_active=1", want: []string{"webhook_active: ErrInvalidBool"}},
		{name: "boolean empty", raw: base + "setup_on_update", want: []string{"setup_on_update: ErrInvalidBool"}},
		{name: "level read-all", raw: base + "checks=read-all", want: []string{"permissions.checks: ErrUnknownLevel"}},
		{name: "level not allowed", raw: base + "workflows=read", want: []string{"permissions.workflows: ErrLevelNotAllowed"}},
		{name: "bad level blames no event", raw: base + "issues=rw&events[]=issues", want: []string{"permissions.issues: ErrUnknownLevel"}},
		{name: "malformed event", raw: base + "events[]=pull-request", want: []string{"events[0]: ErrUnknownEvent"}},
		{name: "bad escape", raw: base + "name=%zz", want: []string{"name: ErrMalformed"}},
		{name: "unescaped #", raw: base + "description=Issue #5 fixer", want: []string{"#: ErrMalformed"}},
		{name: "raw semicolon", raw: base + "name=a;b", want: []string{"name: ErrMalformed"}},
		{name: "escaped semicolon", raw: base + "name=a%3Bb", c: ghapp.Config{Name: "a;b"}},
		{name: "escaped slash in the path", raw: "https://github.com/settings%2Fapps/new?name=x", want: []string{"path: ErrMalformed"}},
		{name: "trailing dot", raw: "https://github.com./settings/apps/new?name=x", c: ghapp.Config{Name: "x"}},
		{name: "GHE.com with a trailing dot", raw: "https://octo.ghe.com./settings/apps/new?name=x", c: ghapp.Config{Name: "x"}, target: ghapp.Target{BaseURL: "https://octo.ghe.com"}},
		{name: "API host with a trailing dot", raw: "https://api.github.com./settings/apps/new", want: []string{"base_url: ErrInvalidTarget"}},
		{name: "empty port", raw: "https://github.com:/settings/apps/new", want: []string{"base_url: ErrInvalidTarget"}},
		{name: "port out of range", raw: "https://github.example.com:65536/settings/apps/new", want: []string{"base_url: ErrInvalidTarget"}},
		{name: "port zero", raw: "https://github.example.com:0/settings/apps/new", want: []string{"base_url: ErrInvalidTarget"}},
		{name: "leading-zero port", raw: "https://github.example.com:0443/settings/apps/new", want: []string{"base_url: ErrInvalidTarget"}},
		{name: "empty label", raw: "https://.ghe.com/settings/apps/new", want: []string{"base_url: ErrInvalidTarget"}},
		{name: "label with a hyphen first", raw: "https://-a.example/settings/apps/new", want: []string{"base_url: ErrInvalidTarget"}},
		{name: "two dots", raw: "https://a..b/settings/apps/new", want: []string{"base_url: ErrInvalidTarget"}},
		{name: "IPv6 zone", raw: "http://[fe80::1%25eth0]/settings/apps/new", want: []string{"base_url: ErrInvalidTarget"}},
		{name: "not loopback under .localhost", raw: "http://evil.localhost/settings/apps/new", want: []string{"base_url: ErrInvalidTarget"}},
		{name: "loopback IPv6", raw: "http://[::1]:8080/settings/apps/new", target: ghapp.Target{BaseURL: "http://[::1]:8080"}},
		{name: "not a registration page", raw: "https://github.com/settings/apps/news?name=x", want: []string{"path: ErrInvalidTarget"}},
		{name: "not a page at all", raw: "https://github.com/", want: []string{"path: ErrInvalidTarget"}},
		{name: "bad organization", raw: "https://github.com/organizations/-x-/settings/apps/new", want: []string{"organization: ErrInvalidTarget"}},
		{name: "ftp", raw: "ftp://github.com/settings/apps/new", want: []string{"base_url: ErrInvalidTarget"}},
		{name: "relative", raw: "/settings/apps/new?name=x", want: []string{"base_url: ErrInvalidTarget"}},
		{name: "http github.com", raw: "http://github.com/settings/apps/new", want: []string{"base_url: ErrInvalidTarget"}},
		{name: "unparsable", raw: "https://[::1/settings", want: []string{": ErrMalformed"}},
		{name: "plan of the host", raw: "https://github.com/settings/apps/new?enterprise_custom_properties=read", want: []string{"permissions.enterprise_custom_properties: ErrNotOnPlan"}},
		{name: "github.com serves enterprise accounts", raw: "https://github.com/settings/apps/new?enterprise_administration=read", c: ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionEnterpriseAdministration: ghapp.LevelRead}}},
		{name: "any GHES version", raw: "https://github.example.com/settings/apps/new?enterprise_custom_properties=read", target: ghapp.Target{BaseURL: "https://github.example.com"}, c: ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionEnterpriseCustomProperties: ghapp.LevelRead}}},
		{name: "loopback stands in for any plan", raw: "http://127.0.0.1:1/settings/apps/new?blocking=read&events[]=cache_sync", target: ghapp.Target{BaseURL: "http://127.0.0.1:1"}, c: ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionBlocking: ghapp.LevelRead}, Events: []ghapp.Event{ghapp.EventCacheSync}}},
		{name: "rules too", raw: base + "webhook_active=true&setup_on_update=true", want: []string{"setup_url: ErrRequired"}},
		{name: "many mistakes", raw: base + "name=a&name=b&events=push&webhook_secret=x&checks=read-all&public=yes",
			want: []string{"name: ErrDuplicate", "events: ErrUnknownParameter", "webhook_secret: ErrNotSettable", "permissions.checks: ErrUnknownLevel", "public: ErrInvalidBool"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, target, err := ghapp.ParseRegistrationURL(tt.raw)
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
			if diff := cmp.Diff(tt.c, c, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Config mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.target, target); diff != "" {
				t.Errorf("Target mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseRegistrationURLSuggestions(t *testing.T) {
	tests := []struct{ raw, suggestion string }{
		{"events=push", "events[]"},
		{"callback_urls=https://a.example", "callback_urls[]"},
		{"callback_url=https://a.example", "callback_urls[]"},
		{"single_file_path[]=a", "single_file_paths[]"},
		{"events[0]=push", "events[]"},
		{"descripton=x", "description"},
		{"Name=x", "name"},
		{"pull-requests=write", "pull_requests"},
		{"Contents=read", "contents"},
	}
	for _, tt := range tests {
		_, _, err := ghapp.ParseRegistrationURL("https://github.com/settings/apps/new?" + tt.raw)
		var ne *ghapp.NameError
		if !errors.As(err, &ne) || ne.Suggestion != tt.suggestion {
			t.Errorf("%s: error %v, want the suggestion %q", tt.raw, err, tt.suggestion)
		}
	}
}
