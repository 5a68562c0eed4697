package ghapp_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// documented is the app of GitHub's example registration URL.
func documented() ghapp.Config {
	return ghapp.Config{
		Name:                  "octocat-github-app",
		Description:           "An Octocat App",
		CallbackURLs:          []string{"https://example.com"},
		RequestOAuthOnInstall: true,
		Public:                true,
		Permissions:           ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite},
		Events:                []ghapp.Event{ghapp.EventCheckRun, ghapp.EventCheckSuite},
	}
}

func TestValidate(t *testing.T) {
	rw := ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelRead}
	tests := []struct {
		name string
		c    ghapp.Config
		want []string // problems(err)
	}{
		{"zero", ghapp.Config{}, nil},
		{"documented", documented(), nil},
		{"name 34 characters", ghapp.Config{Name: strings.Repeat("a", 34)}, nil},
		{"name 34 Japanese characters", ghapp.Config{Name: strings.Repeat("日", 34)}, nil},
		{"name 35 characters", ghapp.Config{Name: strings.Repeat("a", 35)}, []string{"name: ErrTooLong"}},
		{"name control character", ghapp.Config{Name: "a\x07b"}, []string{"name: ErrInvalidText"}},
		{"name newline", ghapp.Config{Name: "a\nb"}, []string{"name: ErrInvalidText"}},
		{"name invalid UTF-8", ghapp.Config{Name: "a\xffb"}, []string{"name: ErrInvalidText"}},
		{"description multiline", ghapp.Config{Description: "line 1\nline 2\ttab"}, nil},
		{"description control", ghapp.Config{Description: "a\x00"}, []string{"description: ErrInvalidText"}},
		{"homepage fragment ok", ghapp.Config{HomepageURL: "https://example.com/#app"}, nil},
		{"homepage relative", ghapp.Config{HomepageURL: "/app"}, []string{"url: ErrInvalidURL"}},
		{"homepage ftp", ghapp.Config{HomepageURL: "ftp://example.com"}, []string{"url: ErrInvalidURL"}},
		{"homepage no host", ghapp.Config{HomepageURL: "https:///path"}, []string{"url: ErrInvalidURL"}},
		{"homepage opaque", ghapp.Config{HomepageURL: "https:example.com"}, []string{"url: ErrInvalidURL"}},
		{"homepage credentials", ghapp.Config{HomepageURL: "https://user:pw@example.com"}, []string{"url: ErrInvalidURL"}},
		{"homepage space", ghapp.Config{HomepageURL: "https://example.com/a b"}, []string{"url: ErrInvalidURL"}},
		{"homepage tab", ghapp.Config{HomepageURL: "https://example.com/\tb"}, []string{"url: ErrInvalidURL"}},
		{"homepage bad escape", ghapp.Config{HomepageURL: "https://example.com/%zz"}, []string{"url: ErrInvalidURL"}},
		{"homepage unicode", ghapp.Config{HomepageURL: "https://例え.jp/パス"}, nil},
		{"callback fragment", ghapp.Config{CallbackURLs: []string{"https://example.com/cb#x"}}, []string{"callback_urls[0]: ErrInvalidURL"}},
		{"callback empty", ghapp.Config{CallbackURLs: []string{""}}, []string{"callback_urls[0]: ErrInvalidURL"}},
		{"callback query ok", ghapp.Config{CallbackURLs: []string{"https://example.com/cb?a=1&b=2"}}, nil},
		{"callback loopback http ok", ghapp.Config{CallbackURLs: []string{"http://127.0.0.1:8080/cb"}}, nil},
		{"10 callbacks", ghapp.Config{CallbackURLs: callbacks(10)}, nil},
		{"11 callbacks", ghapp.Config{CallbackURLs: callbacks(11)}, []string{"callback_urls: ErrTooMany"}},
		{"callback twice", ghapp.Config{CallbackURLs: []string{"https://a.example", "https://b.example", "https://a.example"}}, []string{"callback_urls[2]: ErrDuplicate"}},
		{"bad callback index", ghapp.Config{CallbackURLs: []string{"https://a.example", "nope"}}, []string{"callback_urls[1]: ErrInvalidURL"}},
		{"setup_url with request_oauth_on_install", ghapp.Config{CallbackURLs: []string{"https://a.example"}, RequestOAuthOnInstall: true, SetupURL: "https://a.example/setup"}, []string{"setup_url: ErrConflict"}},
		{"request_oauth_on_install without callback", ghapp.Config{RequestOAuthOnInstall: true}, []string{"callback_urls: ErrRequired"}},
		{"setup_on_update without setup_url", ghapp.Config{SetupOnUpdate: true}, []string{"setup_url: ErrRequired"}},
		{"setup_on_update with setup_url", ghapp.Config{SetupOnUpdate: true, SetupURL: "https://a.example/setup"}, nil},
		{"setup_url fragment", ghapp.Config{SetupURL: "https://a.example/setup#x"}, []string{"setup_url: ErrInvalidURL"}},
		{"webhook_active without webhook_url: the page asks for it", ghapp.Config{WebhookActive: true}, nil},
		{"webhook_url without webhook_active", ghapp.Config{WebhookURL: "https://a.example/hook"}, nil},
		{"webhook_url bad", ghapp.Config{WebhookActive: true, WebhookURL: "example.com/hook"}, []string{"webhook_url: ErrInvalidURL"}},
		{"single file", ghapp.Config{SingleFileName: ".github/app.yml", SingleFilePaths: []string{"a", "b/c.txt"}, Permissions: ghapp.Permissions{ghapp.PermissionSingleFile: ghapp.LevelRead}}, nil},
		{"single file without permission", ghapp.Config{SingleFileName: "app.yml"}, []string{"permissions.single_file: ErrRequired"}},
		{"single file paths without permission", ghapp.Config{SingleFilePaths: []string{"a"}}, []string{"permissions.single_file: ErrRequired"}},
		{"single file absolute", ghapp.Config{SingleFileName: "/etc/passwd", Permissions: ghapp.Permissions{ghapp.PermissionSingleFile: ghapp.LevelWrite}}, []string{"single_file_name: ErrInvalidPath"}},
		{"single file dotdot", ghapp.Config{SingleFilePaths: []string{"a/../../b"}, Permissions: ghapp.Permissions{ghapp.PermissionSingleFile: ghapp.LevelRead}}, []string{"single_file_paths[0]: ErrInvalidPath"}},
		{"single file control", ghapp.Config{SingleFilePaths: []string{"ok", "a\x00b"}, Permissions: ghapp.Permissions{ghapp.PermissionSingleFile: ghapp.LevelRead}}, []string{"single_file_paths[1]: ErrInvalidPath"}},
		{"single file paths 11", ghapp.Config{SingleFilePaths: paths(11), Permissions: ghapp.Permissions{ghapp.PermissionSingleFile: ghapp.LevelRead}}, []string{"single_file_paths: ErrTooMany"}},
		{"single file path twice", ghapp.Config{SingleFilePaths: []string{"a", "a"}, Permissions: ghapp.Permissions{ghapp.PermissionSingleFile: ghapp.LevelRead}}, []string{"single_file_paths[1]: ErrDuplicate"}},
		{"unknown permission", ghapp.Config{Permissions: ghapp.Permissions{"pull-requests": ghapp.LevelRead}}, []string{"permissions.pull-requests: ErrUnknownPermission"}},
		{"retired permission", ghapp.Config{Permissions: ghapp.Permissions{"team_discussions": ghapp.LevelRead}}, []string{"permissions.team_discussions: ErrUnknownPermission ErrRetired"}},
		{"workflows read", ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionWorkflows: ghapp.LevelRead}}, []string{"permissions.workflows: ErrLevelNotAllowed"}},
		{"checks admin", ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelAdmin}}, []string{"permissions.checks: ErrLevelNotAllowed"}},
		{"organization_projects admin", ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionOrganizationProjects: ghapp.LevelAdmin}}, nil},
		{"level out of range", ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionChecks: 9}}, []string{"permissions.checks: ErrUnknownLevel"}},
		{"none is left out", ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionWorkflows: ghapp.LevelNone}}, nil},
		{"alias", ghapp.Config{Permissions: ghapp.Permissions{"email_addresses": ghapp.LevelRead}}, nil},
		{"alias and name", ghapp.Config{Permissions: ghapp.Permissions{"email_addresses": ghapp.LevelRead, ghapp.PermissionEmails: ghapp.LevelWrite}}, []string{"permissions.email_addresses: ErrDuplicate"}},
		{"permissions sorted", ghapp.Config{Permissions: ghapp.Permissions{"zz": ghapp.LevelRead, "aa": ghapp.LevelRead, ghapp.PermissionProfile: ghapp.LevelRead}},
			[]string{"permissions.aa: ErrUnknownPermission", "permissions.profile: ErrLevelNotAllowed", "permissions.zz: ErrUnknownPermission"}},
		{"event with permission", ghapp.Config{Events: []ghapp.Event{ghapp.EventPush}, Permissions: rw}, nil},
		{"event without permission", ghapp.Config{Events: []ghapp.Event{ghapp.EventPush}}, []string{"events[0]: ErrEventNeedsPermission"}},
		{"event with write", ghapp.Config{Events: []ghapp.Event{ghapp.EventPush}, Permissions: ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelWrite}}, nil},
		{"event permission none", ghapp.Config{Events: []ghapp.Event{ghapp.EventPush}, Permissions: ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelNone}}, []string{"events[0]: ErrEventNeedsPermission"}},
		{"event through alias", ghapp.Config{Events: []ghapp.Event{ghapp.EventMilestone}, Permissions: ghapp.Permissions{ghapp.PermissionPullRequests: ghapp.LevelRead}}, nil},
		{"milestone with issues", ghapp.Config{Events: []ghapp.Event{ghapp.EventMilestone}, Permissions: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelRead}}, nil},
		{"milestone without", ghapp.Config{Events: []ghapp.Event{ghapp.EventMilestone}, Permissions: rw}, []string{"events[0]: ErrEventNeedsPermission"}},
		{"ruleset with organization_administration", ghapp.Config{Events: []ghapp.Event{ghapp.EventRepositoryRuleset}, Permissions: ghapp.Permissions{ghapp.PermissionOrganizationAdministration: ghapp.LevelRead}}, nil},
		{"metadata event, no permission", ghapp.Config{Events: []ghapp.Event{ghapp.EventLabel, ghapp.EventPublic}}, []string{"events[0]: ErrEventNeedsPermission", "events[1]: ErrEventNeedsPermission"}},
		{"metadata event, any permission", ghapp.Config{Events: []ghapp.Event{ghapp.EventLabel, ghapp.EventPublic}, Permissions: rw}, nil},
		{"any app may subscribe", ghapp.Config{Events: []ghapp.Event{ghapp.EventSecurityAdvisory, ghapp.EventMeta}}, nil},
		{"installation", ghapp.Config{Events: []ghapp.Event{ghapp.EventInstallation}}, []string{"events[0]: ErrNotSubscribable"}},
		{"sponsorship", ghapp.Config{Events: []ghapp.Event{ghapp.EventSponsorship}}, []string{"events[0]: ErrNotSubscribable"}},
		{"marketplace_purchase", ghapp.Config{Events: []ghapp.Event{ghapp.EventPush, ghapp.EventMarketplacePurchase}, Permissions: rw}, []string{"events[1]: ErrNotSubscribable"}},
		{"unknown event", ghapp.Config{Events: []ghapp.Event{"pull-request"}}, []string{"events[0]: ErrUnknownEvent"}},
		{"event twice", ghapp.Config{Events: []ghapp.Event{ghapp.EventPush, ghapp.EventCreate, ghapp.EventPush}, Permissions: rw}, []string{"events[2]: ErrDuplicate"}},
		{"every problem at once", ghapp.Config{
			Name: strings.Repeat("x", 40), HomepageURL: "nope", WebhookActive: true,
			Events: []ghapp.Event{ghapp.EventPush}, Permissions: ghapp.Permissions{ghapp.PermissionWorkflows: ghapp.LevelRead},
		}, []string{"name: ErrTooLong", "url: ErrInvalidURL", "permissions.workflows: ErrLevelNotAllowed", "events[0]: ErrEventNeedsPermission"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate()
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("Validate() problems mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}

func callbacks(n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, "https://example.com/cb/"+string(rune('a'+i)))
	}
	return out
}

func paths(n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, "dir/"+string(rune('a'+i)))
	}
	return out
}

func TestFieldErrorMessages(t *testing.T) {
	err := ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionWorkflows: ghapp.LevelRead}, Events: []ghapp.Event{ghapp.EventMilestone}}.Validate()
	want := "ghapp: permissions.workflows: workflows allows only write, not read\n" +
		"ghapp: events[0]: milestone needs read or above on issues or pull_requests"
	if err == nil || err.Error() != want {
		t.Errorf("Validate() error:\n%v\nwant:\n%s", err, want)
	}
	if got := (&ghapp.FieldError{}).Error(); got != "ghapp: <nil>" {
		t.Errorf("zero FieldError = %q", got)
	}
	if got := (&ghapp.FieldError{Err: ghapp.ErrRequired}).Error(); got != "ghapp: required" {
		t.Errorf("FieldError without field = %q", got)
	}
}
