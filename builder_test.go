package ghapp_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ghapp-dev/ghapp"
)

func TestBuilder(t *testing.T) {
	tests := []struct {
		name string
		b    *ghapp.Builder
		want ghapp.Config
	}{
		{"documented", ghapp.New().Name("octocat-github-app").Description("An Octocat App").CallbackURLs("https://example.com").
			RequestOAuthOnInstall(true).Public(true).Permission(ghapp.PermissionChecks, ghapp.LevelWrite).
			Events(ghapp.EventCheckRun, ghapp.EventCheckSuite), documented()},
		{"last single value wins", ghapp.New().Name("a").Name("b").Public(true).Public(false).Description("x").Description(""), ghapp.Config{Name: "b"}},
		{"lists add and fold duplicates", ghapp.New().CallbackURLs("https://a.example", "https://b.example").CallbackURLs("https://a.example", "https://c.example").
			Events(ghapp.EventPush).Events(ghapp.EventPush, ghapp.EventCreate).Permission(ghapp.PermissionContents, ghapp.LevelRead),
			ghapp.Config{CallbackURLs: []string{"https://a.example", "https://b.example", "https://c.example"}, Events: []ghapp.Event{ghapp.EventPush, ghapp.EventCreate},
				Permissions: ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelRead}}},
		{"level replaced", ghapp.New().Permission(ghapp.PermissionChecks, ghapp.LevelRead).Permission(ghapp.PermissionChecks, ghapp.LevelWrite),
			ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite}}},
		{"none removes", ghapp.New().Permission(ghapp.PermissionChecks, ghapp.LevelRead).Permission(ghapp.PermissionChecks, ghapp.LevelNone), ghapp.Config{}},
		{"alias is the registration name", ghapp.New().Permission("email_addresses", ghapp.LevelRead).Permission(ghapp.PermissionEmails, ghapp.LevelWrite),
			ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionEmails: ghapp.LevelWrite}}},
		{"single file", ghapp.New().SingleFileName("a").SingleFilePaths("b", "c").SingleFilePaths("b").Permission(ghapp.PermissionSingleFile, ghapp.LevelRead),
			ghapp.Config{SingleFileName: "a", SingleFilePaths: []string{"b", "c"}, Permissions: ghapp.Permissions{ghapp.PermissionSingleFile: ghapp.LevelRead}}},
		{"every setter", ghapp.New().HomepageURL("https://h.example").SetupURL("https://s.example").SetupOnUpdate(true).WebhookActive(true).WebhookURL("https://w.example"),
			ghapp.Config{HomepageURL: "https://h.example", SetupURL: "https://s.example", SetupOnUpdate: true, WebhookActive: true, WebhookURL: "https://w.example"}},
		{"zero Builder", new(ghapp.Builder).Name("z"), ghapp.Config{Name: "z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.b.Build()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Build mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBuilderErrors(t *testing.T) {
	c, err := ghapp.New().Name("this name is far too long for github apps").WebhookActive(true).
		Events(ghapp.EventPush, ghapp.EventSponsorship).Permission("pull-requests", ghapp.LevelRead).Build()
	want := []string{"name: ErrTooLong", "permissions.pull-requests: ErrUnknownPermission",
		"events[0]: ErrEventNeedsPermission", "events[1]: ErrNotSubscribable"}
	if diff := cmp.Diff(want, problems(err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ghapp.Config{}, c, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Config on error mismatch (-want +got):\n%s", diff)
	}
}

// TestBuilderWebhook: a webhook URL turns the webhook on, unless a later
// call turns it off; the last call wins.
func TestBuilderWebhook(t *testing.T) {
	const u = "https://example.com/hook"
	tests := []struct {
		name       string
		b          *ghapp.Builder
		url        string
		active     bool
		linkParams string // the webhook's part of the link
	}{
		{"url alone", ghapp.New().WebhookURL(u), u, true, "webhook_active=true&webhook_url=https://example.com/hook"},
		{"url then off", ghapp.New().WebhookURL(u).WebhookActive(false), u, false, "webhook_url=https://example.com/hook"},
		{"off then url", ghapp.New().WebhookActive(false).WebhookURL(u), u, true, "webhook_active=true&webhook_url=https://example.com/hook"},
		{"active alone", ghapp.New().WebhookActive(true), "", true, "webhook_active=true"},
		{"url cleared", ghapp.New().WebhookURL(u).WebhookURL(""), "", true, "webhook_active=true"},
		{"nothing", ghapp.New(), "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := tt.b.Build()
			if err != nil {
				t.Fatal(err)
			}
			if c.WebhookURL != tt.url || c.WebhookActive != tt.active {
				t.Errorf("WebhookURL %q, WebhookActive %v; want %q, %v", c.WebhookURL, c.WebhookActive, tt.url, tt.active)
			}
			link, err := c.RegistrationURL(ghapp.Target{})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimPrefix(strings.TrimPrefix(link, "https://github.com/settings/apps/new"), "?"); got != tt.linkParams {
				t.Errorf("link parameters %q, want %q", got, tt.linkParams)
			}
		})
	}
}

func TestBuildSharesNothing(t *testing.T) {
	b := ghapp.New().CallbackURLs("https://a.example").Permission(ghapp.PermissionChecks, ghapp.LevelRead).Events(ghapp.EventCheckRun)
	c, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	b.CallbackURLs("https://b.example").Permission(ghapp.PermissionChecks, ghapp.LevelWrite).Events(ghapp.EventCheckSuite)
	c.CallbackURLs[0] = "changed"
	c.Permissions[ghapp.PermissionIssues] = ghapp.LevelRead
	c2 := b.Config()
	want := ghapp.Config{CallbackURLs: []string{"https://a.example", "https://b.example"},
		Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite}, Events: []ghapp.Event{ghapp.EventCheckRun, ghapp.EventCheckSuite}}
	if diff := cmp.Diff(want, c2); diff != "" {
		t.Errorf("builder changed through the built Config (-want +got):\n%s", diff)
	}
}

// TestConfigSharesNothing: changing a Config handed out, before the
// Builder changes, leaves the Builder as it was.
func TestConfigSharesNothing(t *testing.T) {
	b := ghapp.New().CallbackURLs("https://a.example").Permission(ghapp.PermissionChecks, ghapp.LevelRead).Events(ghapp.EventCheckRun).SingleFilePaths("x")
	c := b.Config()
	c.CallbackURLs[0] = "changed"
	c.Events[0] = "changed"
	c.SingleFilePaths[0] = "changed"
	c.Permissions[ghapp.PermissionChecks] = ghapp.LevelWrite
	want := ghapp.Config{CallbackURLs: []string{"https://a.example"}, Events: []ghapp.Event{ghapp.EventCheckRun}, SingleFilePaths: []string{"x"},
		Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelRead}}
	if diff := cmp.Diff(want, b.Config()); diff != "" {
		t.Errorf("builder changed through its Config (-want +got):\n%s", diff)
	}
}
