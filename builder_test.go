package ghapp_test

import (
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
	want := []string{"name: ErrTooLong", "webhook_url: ErrRequired", "permissions.pull-requests: ErrUnknownPermission",
		"events[0]: ErrEventNeedsPermission", "events[1]: ErrNotSubscribable"}
	if diff := cmp.Diff(want, problems(err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(ghapp.Config{}, c, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Config on error mismatch (-want +got):\n%s", diff)
	}
}

func TestBuilderNil(t *testing.T) {
	var b *ghapp.Builder
	if got := b.Config(); got.Name != "" {
		t.Errorf("nil Builder Config = %+v", got)
	}
	if _, err := b.Build(); err != nil {
		t.Errorf("nil Builder Build: %v", err)
	}
	c, err := b.Name("n").Events(ghapp.EventMeta).CallbackURLs("https://a.example").SingleFilePaths().Permission(ghapp.PermissionChecks, ghapp.LevelNone).Build()
	if err != nil || c.Name != "n" {
		t.Errorf("setters on a nil Builder: %+v, %v", c, err)
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
