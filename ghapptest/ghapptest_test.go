package ghapptest_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/ghapp-dev/ghapp"
	"github.com/ghapp-dev/ghapp/ghapptest"
	"github.com/google/go-cmp/cmp"
)

// documented is the link GitHub's documentation gives as an example.
const documented = "https://github.com/settings/apps/new?name=octocat-github-app&description=An%20Octocat%20App&callback_urls[]=https://example.com&request_oauth_on_install=true&public=true&checks=write&events[]=check_run&events[]=check_suite"

// documentedConfig is the Config documented registers.
var documentedConfig = ghapp.Config{
	Name:                  "octocat-github-app",
	Description:           "An Octocat App",
	CallbackURLs:          []string{"https://example.com"},
	RequestOAuthOnInstall: true,
	Public:                true,
	Permissions:           ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite},
	Events:                []ghapp.Event{ghapp.EventCheckRun, ghapp.EventCheckSuite},
}

const (
	urlHeader    = "registration URL mismatch (-want +got):\n"
	configHeader = "ghapp.Config mismatch (-want +got):\n"
)

func TestDiffURLEqual(t *testing.T) {
	tests := []struct {
		name      string
		want, got string
	}{
		{"same link", documented, documented},
		{"reordered parameters", documented,
			"https://github.com/settings/apps/new?checks=write&public=true&events[]=check_run&request_oauth_on_install=true&events[]=check_suite&callback_urls[]=https://example.com&description=An%20Octocat%20App&name=octocat-github-app"},
		{"escaped brackets", documented, strings.ReplaceAll(documented, "[]", "%5B%5D")},
		{"lower-case escaped brackets", documented, strings.ReplaceAll(documented, "[]", "%5b%5d")},
		{"space as +", documented, strings.Replace(documented, "An%20Octocat%20App", "An+Octocat+App", 1)},
		{"space escaped in the name", documented, strings.Replace(documented, "name=octocat-github-app", "%6Eame=octocat%2Dgithub%2Dapp", 1)},
		{"REST API permission name", documented + "&emails=read", documented + "&email_addresses=read"},
		{"REST API permission name, other side", documented + "&git_ssh_keys=write", documented + "&keys=write"},
		{"events in another order", documented, strings.Replace(documented, "events[]=check_run&events[]=check_suite", "events[]=check_suite&events[]=check_run", 1)},
		{"single_file_paths in another order",
			documented + "&single_file_paths[]=a.yml&single_file_paths[]=b.yml",
			documented + "&single_file_paths[]=b.yml&single_file_paths[]=a.yml"},
		{"upper-case scheme and host", documented, strings.Replace(documented, "https://github.com", "HTTPS://GitHub.COM", 1)},
		{"escaped path", documented, strings.Replace(documented, "/settings/apps/new", "/settings/apps/%6Eew", 1)},
		{"empty parameters and trailing ?", "https://github.com/settings/apps/new?", "https://github.com/settings/apps/new?&&"},
		{"no value and empty value", documented + "&url", documented + "&url="},
		{"url.Values encoding", documented, "https://github.com/settings/apps/new?" + (url.Values{
			"name": {"octocat-github-app"}, "description": {"An Octocat App"}, "callback_urls[]": {"https://example.com"},
			"request_oauth_on_install": {"true"}, "public": {"true"}, "checks": {"write"}, "events[]": {"check_run", "check_suite"},
		}).Encode()},
		{"both empty", "", ""},
		{"both unparseable", "http://[::1?name=x", "http://[::1?name=x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := ghapptest.DiffURL(tt.want, tt.got); d != "" {
				t.Errorf("DiffURL(%q, %q) = %s, want \"\"", tt.want, tt.got, d)
			}
			if d := ghapptest.DiffURL(tt.got, tt.want); d != "" {
				t.Errorf("DiffURL(%q, %q) = %s, want \"\"", tt.got, tt.want, d)
			}
		})
	}
}

// TestDiffURLRegistrationURL checks the use ghapptest is for: the link
// ghapp makes from a Config against the documented one.
func TestDiffURLRegistrationURL(t *testing.T) {
	got, err := documentedConfig.RegistrationURL(ghapp.Target{})
	if err != nil {
		t.Fatalf("RegistrationURL: %v", err)
	}
	if d := ghapptest.DiffURL(documented, got); d != "" {
		t.Error(d)
	}
}

func TestDiffURLDifferent(t *testing.T) {
	twoCallbacks := strings.Replace(documented, "callback_urls[]=https://example.com",
		"callback_urls[]=https://example.com&callback_urls[]=https://example.org", 1)
	tests := []struct {
		name      string
		want, got string
		// mention must all appear in the report, and notMention none;
		// unchanged may appear as go-cmp's context, but not on a "-" or
		// "+" line.
		mention, notMention, unchanged []string
		// removed and added are text on a "-" line and on a "+" line.
		removed, added string
	}{
		{
			name:    "changed level",
			want:    documented,
			got:     strings.Replace(documented, "checks=write", "checks=read", 1),
			mention: []string{"\tchecks="}, notMention: []string{"\tname=", "\tevents[]=", "\tcallback_urls[]="}, unchanged: []string{"\thost: "},
			removed: `"write"`, added: `"read"`,
		},
		{
			name:    "level in another case",
			want:    documented,
			got:     strings.Replace(documented, "checks=write", "checks=Write", 1),
			mention: []string{"\tchecks="}, notMention: []string{"\tname=", "\tevents[]="},
			removed: `"write"`, added: `"Write"`,
		},
		{
			name:    "REST API permission name at another level",
			want:    documented + "&emails=read",
			got:     documented + "&email_addresses=write",
			mention: []string{"\temails="}, notMention: []string{"\temail_addresses=", "\tchecks="},
			removed: `"read"`, added: `"write"`,
		},
		{
			name:    "missing event",
			want:    documented,
			got:     strings.Replace(documented, "&events[]=check_suite", "", 1),
			mention: []string{"\tevents[]="}, notMention: []string{"\tchecks=", "\tname="},
			removed: `"check_suite"`,
		},
		{
			name:    "events without []",
			want:    documented,
			got:     strings.ReplaceAll(documented, "events[]=", "events="),
			mention: []string{"\tevents[]=", "\tevents="}, notMention: []string{"\tchecks="},
		},
		{
			name:    "callback URLs in another order",
			want:    twoCallbacks,
			got:     strings.Replace(twoCallbacks, "https://example.com&callback_urls[]=https://example.org", "https://example.org&callback_urls[]=https://example.com", 1),
			mention: []string{"\tcallback_urls[]="}, notMention: []string{"\tchecks=", "\tevents[]="},
		},
		{
			name:    "another host",
			want:    documented,
			got:     strings.Replace(documented, "github.com", "github.example.com", 1),
			mention: []string{"\thost: "}, notMention: []string{"\tchecks="}, unchanged: []string{"\tpath: ", "\tscheme: "},
			removed: `"github.com"`, added: `"github.example.com"`,
		},
		{
			name:    "http instead of https",
			want:    documented,
			got:     strings.Replace(documented, "https://github.com", "http://github.com", 1),
			mention: []string{"\tscheme: "}, notMention: []string{"\tchecks="}, unchanged: []string{"\tpath: "},
			removed: `"https"`, added: `"http"`,
		},
		{
			name:    "credentials",
			want:    documented,
			got:     strings.Replace(documented, "https://github.com", "https://octocat@github.com", 1),
			mention: []string{"\tuser: "}, notMention: []string{"\tchecks="},
			added: `"octocat"`,
		},
		{
			name:    "organization page instead of personal",
			want:    documented,
			got:     strings.Replace(documented, "/settings/apps/new", "/organizations/octo-org/settings/apps/new", 1),
			mention: []string{"\tpath: "}, notMention: []string{"\tchecks=", "\tname="}, unchanged: []string{"\thost: "},
			removed: `"/settings/apps/new"`, added: `"/organizations/octo-org/settings/apps/new"`,
		},
		{
			name:    "fragment on one side",
			want:    documented,
			got:     documented + "#top",
			mention: []string{"\tfragment: "}, notMention: []string{"\tchecks=", "\tname="},
			added: `"#top"`,
		},
		{
			name:    "empty fragment on one side",
			want:    documented,
			got:     documented + "#",
			mention: []string{"\tfragment: "}, notMention: []string{"\tchecks="},
			added: `"#"`,
		},
		{
			name:    "unescaped # cuts the query",
			want:    strings.Replace(documented, "An%20Octocat%20App", "App%20%231", 1),
			got:     strings.Replace(documented, "An%20Octocat%20App", "App%20#1", 1),
			mention: []string{"\tfragment: ", "\tdescription=", "\tchecks=", "\tevents[]="}, notMention: []string{"\tname="},
		},
		{
			name:    "unparseable host, same query",
			want:    "http://[::1]/settings/apps/new?name=octocat&checks=write",
			got:     "http://[::1/settings/apps/new?name=octocat&checks=write",
			mention: []string{"\tproblem: ", "does not parse", "\thost: "}, notMention: []string{"\tchecks=", "\tname="},
			added: "does not parse",
		},
		{
			name:    "unparseable link",
			want:    documented,
			got:     "http://[::1",
			mention: []string{"\tproblem: ", "does not parse", "\tchecks="}, unchanged: []string{"\tfragment: "},
			added: "does not parse",
		},
		{
			name:    "unparseable want",
			want:    "http://[::1",
			got:     documented,
			mention: []string{"\tproblem: ", "does not parse", "\tchecks="},
			removed: "does not parse",
		},
		{
			name:    "control character in the page",
			want:    documented,
			got:     strings.Replace(documented, "/settings", "/set\x7ftings", 1),
			mention: []string{"\tproblem: ", "does not parse"}, notMention: []string{"\tchecks="},
		},
		{
			name:    "bad escape",
			want:    documented,
			got:     strings.Replace(documented, "An%20Octocat%20App", "100%", 1),
			mention: []string{"\tproblem: ", "not validly escaped", "\tdescription="}, notMention: []string{"\tchecks="},
		},
		{
			name:    "empty string",
			want:    documented,
			got:     "",
			mention: []string{"empty link", "\tchecks=", "\tevents[]=", "\thost: "}, unchanged: []string{"\tfragment: "},
			added: "empty link",
		},
		{
			name:    "parameter given twice",
			want:    documented,
			got:     documented + "&public=true",
			mention: []string{"\tpublic="}, notMention: []string{"\tchecks="},
		},
		{
			name:    "false instead of absent",
			want:    documented,
			got:     documented + "&webhook_active=false",
			mention: []string{"\twebhook_active="}, notMention: []string{"\tchecks="},
			added: `"false"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ghapptest.DiffURL(tt.want, tt.got)
			if d == "" {
				t.Fatalf("DiffURL(%q, %q) = \"\", want a report", tt.want, tt.got)
			}
			if !strings.HasPrefix(d, urlHeader) {
				t.Errorf("report does not start with %q:\n%s", urlHeader, d)
			}
			checkReport(t, d, tt.mention, tt.notMention, tt.unchanged, tt.removed, tt.added)
			if ghapptest.DiffURL(tt.got, tt.want) == "" {
				t.Errorf("DiffURL(%q, %q) = \"\", but not the other way round", tt.got, tt.want)
			}
		})
	}
}

// checkReport checks that report holds every string of mention and none
// of notMention, none of unchanged on a line starting "-" or "+", removed
// on a line starting "-" and added on a line starting "+" (each unless
// "").
func checkReport(t *testing.T, report string, mention, notMention, unchanged []string, removed, added string) {
	t.Helper()
	for _, s := range mention {
		if !strings.Contains(report, s) {
			t.Errorf("report does not mention %s:\n%s", s, report)
		}
	}
	for _, s := range notMention {
		if strings.Contains(report, s) {
			t.Errorf("report mentions %s, which does not differ:\n%s", s, report)
		}
	}
	lines := strings.Split(report, "\n")
	for _, s := range unchanged {
		for _, line := range lines {
			if (strings.HasPrefix(line, "-") || strings.HasPrefix(line, "+")) && strings.Contains(line, s) {
				t.Errorf("report shows %s as changed, which does not differ:\n%s", s, report)
				break
			}
		}
	}
	for _, c := range []struct{ prefix, s string }{{"-", removed}, {"+", added}} {
		if c.s == "" {
			continue
		}
		found := false
		for _, line := range lines {
			found = found || strings.HasPrefix(line, c.prefix) && strings.Contains(line, c.s)
		}
		if !found {
			t.Errorf("report has no line starting %q with %s:\n%s", c.prefix, c.s, report)
		}
	}
	if strings.Contains(report, "\u00a0") {
		t.Errorf("report holds a non-breaking space:\n%q", report)
	}
}

func TestDiffConfigEqual(t *testing.T) {
	with := func(f func(*ghapp.Config)) ghapp.Config { return modified(documentedConfig, f) }
	tests := []struct {
		name      string
		want, got ghapp.Config
	}{
		{"zero", ghapp.Config{}, ghapp.Config{}},
		{"same", documentedConfig, with(func(*ghapp.Config) {})},
		{"nil and empty slices and maps", ghapp.Config{}, ghapp.Config{
			CallbackURLs: []string{}, Events: []ghapp.Event{}, SingleFilePaths: []string{}, Permissions: ghapp.Permissions{},
		}},
		{"LevelNone and absent", documentedConfig, with(func(c *ghapp.Config) {
			c.Permissions[ghapp.PermissionContents] = ghapp.LevelNone
		})},
		{"only LevelNone and nil", ghapp.Config{}, ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelNone}}},
		{"events reordered", documentedConfig, with(func(c *ghapp.Config) {
			c.Events = []ghapp.Event{ghapp.EventCheckSuite, ghapp.EventCheckRun}
		})},
		{"single-file paths reordered",
			ghapp.Config{SingleFilePaths: []string{"a.yml", "b.yml"}},
			ghapp.Config{SingleFilePaths: []string{"b.yml", "a.yml"}}},
		{"REST API name and registration name",
			ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionEmails: ghapp.LevelRead}},
			ghapp.Config{Permissions: ghapp.Permissions{"email_addresses": ghapp.LevelRead}}},
		{"both names at the same level",
			ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionEmails: ghapp.LevelRead}},
			ghapp.Config{Permissions: ghapp.Permissions{"email_addresses": ghapp.LevelRead, ghapp.PermissionEmails: ghapp.LevelRead}}},
		{"parsed from the documented link", documentedConfig, parse(t, documented)},
		{"parsed from a browser's link", documentedConfig, parse(t,
			"https://github.com/settings/apps/new?events%5B%5D=check_suite&events%5B%5D=check_run&checks=write&name=octocat-github-app&description=An+Octocat+App&callback_urls%5B%5D=https%3A%2F%2Fexample.com&request_oauth_on_install=true&public=true")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := ghapptest.DiffConfig(tt.want, tt.got); d != "" {
				t.Errorf("DiffConfig(want, got) = %s, want \"\"", d)
			}
			if d := ghapptest.DiffConfig(tt.got, tt.want); d != "" {
				t.Errorf("DiffConfig(got, want) = %s, want \"\"", d)
			}
		})
	}
}

func parse(t *testing.T, link string) ghapp.Config {
	t.Helper()
	c, _, err := ghapp.ParseRegistrationURL(link)
	if err != nil {
		t.Fatalf("ParseRegistrationURL(%q): %v", link, err)
	}
	return c
}

func TestDiffConfigDifferent(t *testing.T) {
	base := ghapp.Config{
		Name:         "octocat-github-app",
		Description:  "An Octocat App",
		CallbackURLs: []string{"https://example.com", "https://example.org"},
		Permissions:  ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite, ghapp.PermissionIssues: ghapp.LevelRead},
		Events:       []ghapp.Event{ghapp.EventCheckRun, ghapp.EventIssues},
	}
	with := func(f func(*ghapp.Config)) ghapp.Config { return modified(base, f) }
	tests := []struct {
		name                string
		got                 ghapp.Config
		mention, notMention []string
		unchanged           []string
		removed, added      string
	}{
		{
			name:    "name",
			got:     with(func(c *ghapp.Config) { c.Name = "octocat-app" }),
			mention: []string{"\tName: "}, notMention: []string{"Permissions[checks]"}, unchanged: []string{"\tCallbackURLs: "},
			removed: `"octocat-github-app"`, added: `"octocat-app"`,
		},
		{
			name:    "public",
			got:     with(func(c *ghapp.Config) { c.Public = true }),
			mention: []string{"\tPublic: "}, notMention: []string{"Permissions[checks]"},
			removed: "false", added: "true",
		},
		{
			name:    "callback URLs reordered",
			got:     with(func(c *ghapp.Config) { c.CallbackURLs[0], c.CallbackURLs[1] = c.CallbackURLs[1], c.CallbackURLs[0] }),
			mention: []string{"\tCallbackURLs: "}, notMention: []string{"Permissions[checks]"}, unchanged: []string{"\tName: "},
		},
		{
			name:    "changed level",
			got:     with(func(c *ghapp.Config) { c.Permissions[ghapp.PermissionChecks] = ghapp.LevelRead }),
			mention: []string{"Permissions[", "Permissions[checks]"}, notMention: []string{"Permissions[issues]"}, unchanged: []string{"\tName: "},
			removed: "write", added: "read",
		},
		{
			name:    "LevelNone and read",
			got:     with(func(c *ghapp.Config) { c.Permissions[ghapp.PermissionIssues] = ghapp.LevelNone }),
			mention: []string{"Permissions[", "Permissions[issues]"}, notMention: []string{"Permissions[checks]"},
			removed: "Permissions[issues]",
		},
		{
			name:    "REST API name at another level",
			got:     with(func(c *ghapp.Config) { c.Permissions["email_addresses"] = ghapp.LevelRead }),
			mention: []string{"Permissions[emails]"}, notMention: []string{"Permissions[checks]", "Permissions[issues]"},
			added: "Permissions[emails]",
		},
		{
			name: "both names at different levels",
			got: with(func(c *ghapp.Config) {
				c.Permissions["email_addresses"] = ghapp.LevelWrite
				c.Permissions[ghapp.PermissionEmails] = ghapp.LevelRead
			}),
			mention: []string{"Permissions[email_addresses]", "Permissions[emails]"}, notMention: []string{"Permissions[checks]"},
		},
		{
			name:    "missing event",
			got:     with(func(c *ghapp.Config) { c.Events = c.Events[:1] }),
			mention: []string{"\tEvents: ", "issues"}, unchanged: []string{"Permissions[", "\tName: "},
		},
		{
			name:    "event given twice",
			got:     with(func(c *ghapp.Config) { c.Events = append(c.Events, ghapp.EventIssues) }),
			mention: []string{"\tEvents: "}, unchanged: []string{"Permissions["},
		},
		{
			name:    "zero",
			got:     ghapp.Config{},
			mention: []string{"\tName: ", "\tCallbackURLs: ", "Permissions[checks]", "Permissions[issues]", "\tEvents: "},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ghapptest.DiffConfig(base, tt.got)
			if d == "" {
				t.Fatalf("DiffConfig(base, %+v) = \"\", want a report", tt.got)
			}
			if !strings.HasPrefix(d, configHeader) {
				t.Errorf("report does not start with %q:\n%s", configHeader, d)
			}
			checkReport(t, d, tt.mention, tt.notMention, tt.unchanged, tt.removed, tt.added)
			if ghapptest.DiffConfig(tt.got, base) == "" {
				t.Error("DiffConfig(got, base) = \"\", but not the other way round")
			}
		})
	}
}

// TestDiffConfigDoesNotModify checks that DiffConfig leaves its arguments
// as they were: it sorts and prunes copies.
func TestDiffConfigDoesNotModify(t *testing.T) {
	want := ghapp.Config{
		Events:          []ghapp.Event{ghapp.EventIssues, ghapp.EventCheckRun},
		SingleFilePaths: []string{"b", "a"},
		Permissions:     ghapp.Permissions{"email_addresses": ghapp.LevelRead, ghapp.PermissionIssues: ghapp.LevelNone, ghapp.PermissionChecks: ghapp.LevelRead},
	}
	got := ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelRead}}
	wantCopy := ghapp.Config{
		Events:          []ghapp.Event{ghapp.EventIssues, ghapp.EventCheckRun},
		SingleFilePaths: []string{"b", "a"},
		Permissions:     ghapp.Permissions{"email_addresses": ghapp.LevelRead, ghapp.PermissionIssues: ghapp.LevelNone, ghapp.PermissionChecks: ghapp.LevelRead},
	}
	gotCopy := ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelRead}}
	if ghapptest.DiffConfig(want, got) == "" {
		t.Fatal("DiffConfig = \"\", want a report")
	}
	if d := cmp.Diff(wantCopy, want); d != "" {
		t.Errorf("DiffConfig changed want (-before +after):\n%s", d)
	}
	if d := cmp.Diff(gotCopy, got); d != "" {
		t.Errorf("DiffConfig changed got (-before +after):\n%s", d)
	}
}

// fakeTB records the calls EqualURL and EqualConfig make. Any method it
// does not override panics, through the nil embedded testing.TB.
type fakeTB struct {
	testing.TB
	helpers int
	errors  []string
}

func (f *fakeTB) Helper() { f.helpers++ }

func (f *fakeTB) Errorf(format string, args ...any) {
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}

func TestEqualURL(t *testing.T) {
	tests := []struct {
		name      string
		want, got string
	}{
		{"equal", documented, strings.ReplaceAll(documented, "[]", "%5B%5D")},
		{"different", documented, strings.Replace(documented, "checks=write", "checks=read", 1)},
		{"unparseable", documented, "http://[::1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f fakeTB
			ghapptest.EqualURL(&f, tt.want, tt.got)
			checkCalls(t, &f, ghapptest.DiffURL(tt.want, tt.got))
		})
	}
}

func TestEqualConfig(t *testing.T) {
	changed := documentedConfig
	changed.Name = "another-app"
	tests := []struct {
		name      string
		want, got ghapp.Config
	}{
		{"equal", documentedConfig, parse(t, documented)},
		{"different", documentedConfig, changed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f fakeTB
			ghapptest.EqualConfig(&f, tt.want, tt.got)
			checkCalls(t, &f, ghapptest.DiffConfig(tt.want, tt.got))
		})
	}
}

// checkCalls checks that f saw one Errorf with report and at least one
// Helper call, or, when report is "", no call at all.
func checkCalls(t *testing.T, f *fakeTB, report string) {
	t.Helper()
	var want []string
	if report != "" {
		want = []string{report}
	}
	if d := cmp.Diff(want, f.errors); d != "" {
		t.Errorf("Errorf calls (-want +got):\n%s", d)
	}
	switch {
	case report == "" && f.helpers != 0:
		t.Errorf("Helper called %d times for equal values, want 0", f.helpers)
	case report != "" && f.helpers == 0:
		t.Error("Helper not called before Errorf")
	}
}

// TestEqualPasses checks that equal values pass with a real *testing.T.
func TestEqualPasses(t *testing.T) {
	ghapptest.EqualURL(t, documented, strings.Replace(documented, "%20", "+", -1))
	ghapptest.EqualConfig(t, documentedConfig, parse(t, documented))
}

func FuzzDiffURL(f *testing.F) {
	for _, s := range []string{
		documented,
		strings.ReplaceAll(documented, "[]", "%5B%5D"),
		documented + "#top",
		"",
		"http://[::1",
		"http://[::1]/settings/apps/new?name=x&emails=read",
		"https://github.com/organizations/octo-org/settings/apps/new?email_addresses=read&events[]=b&events[]=a",
		"https://GitHub.com/settings/apps/new?description=a+b&callback_urls%5B%5D=x",
		"%",
		"?&=&%zz=%",
		"#",
		"a?b#c?d",
		"https:opaque?x=1",
		"https://u:p@h/p?k=v",
		"\x7f",
	} {
		f.Add(s, documented)
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if d := ghapptest.DiffURL(a, a); d != "" {
			t.Errorf("DiffURL(%q, %q) = %s, want \"\"", a, a, d)
		}
		ab, ba := ghapptest.DiffURL(a, b), ghapptest.DiffURL(b, a)
		if (ab == "") != (ba == "") {
			t.Errorf("DiffURL(a, b) = %q but DiffURL(b, a) = %q, for a = %q, b = %q", ab, ba, a, b)
		}
		if ab != "" && !strings.HasPrefix(ab, urlHeader) {
			t.Errorf("DiffURL(%q, %q) = %q, which does not start with the header", a, b, ab)
		}
	})
}

// modified returns a deep copy of base changed by f, leaving base as it is.
func modified(base ghapp.Config, f func(*ghapp.Config)) ghapp.Config {
	c := base
	c.CallbackURLs = append([]string(nil), base.CallbackURLs...)
	c.Events = append([]ghapp.Event(nil), base.Events...)
	c.Permissions = ghapp.Permissions{}
	for p, l := range base.Permissions {
		c.Permissions[p] = l
	}
	f(&c)
	return c
}

// TestReportsAreStable: the same two inputs give the same report, byte for
// byte, however often they are compared (go-cmp's reports vary on purpose;
// these must not), so tests may compare a report whole.
func TestReportsAreStable(t *testing.T) {
	const want = "https://github.com/settings/apps/new?name=a&checks=write&issues=read&events[]=issues&events[]=check_run"
	const got = "https://example.com/settings/apps/new?name=b&checks=read&events[]=push#x"
	wantReport := "registration URL mismatch (-want +got):\n" +
		"-\thost: \"github.com\"\n+\thost: \"example.com\"\n" +
		"-\tfragment: \"\"\n+\tfragment: \"#x\"\n" +
		"-\tchecks=\"write\"\n+\tchecks=\"read\"\n" +
		"-\tevents[]=\"check_run\"\n-\tevents[]=\"issues\"\n+\tevents[]=\"push\"\n" +
		"-\tissues=\"read\"\n" +
		"-\tname=\"a\"\n+\tname=\"b\"\n"
	cw := ghapp.Config{Name: "a", Events: []ghapp.Event{ghapp.EventPush}, Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite, ghapp.PermissionIssues: ghapp.LevelRead}}
	cg := ghapp.Config{Name: "b", Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelRead, ghapp.PermissionContents: ghapp.LevelRead}, AllowUnknown: true}
	wantConfig := "ghapp.Config mismatch (-want +got):\n" +
		"-\tName: \"a\"\n+\tName: \"b\"\n" +
		"-\tEvents: [\"push\"]\n+\tEvents: []\n" +
		"-\tPermissions[checks]: write\n+\tPermissions[checks]: read\n" +
		"+\tPermissions[contents]: read\n" +
		"-\tPermissions[issues]: read\n" +
		"-\tAllowUnknown: false\n+\tAllowUnknown: true\n"
	for i := 0; i < 100; i++ {
		if d := ghapptest.DiffURL(want, got); d != wantReport {
			t.Fatalf("run %d: DiffURL report:\n%s\nwant\n%s", i, d, wantReport)
		}
		if d := ghapptest.DiffConfig(cw, cg); d != wantConfig {
			t.Fatalf("run %d: DiffConfig report:\n%s\nwant\n%s", i, d, wantConfig)
		}
	}
}
