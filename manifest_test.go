package ghapp_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ghapp-dev/ghapp"
	"github.com/ghapp-dev/ghapp/ghapptest"
)

// documentedManifest is the JSON of GitHub's manifest example, as its
// JavaScript object literal evaluates.
const documentedManifest = `{"name":"Octoapp","url":"https://www.example.com","hook_attributes":{"url":"https://example.com/github/events"},"redirect_url":"https://example.com/redirect","callback_urls":["https://example.com/callback"],"public":true,"default_permissions":{"issues":"write","checks":"write"},"default_events":["issues","issue_comment","check_suite","check_run"]}`

func documentedManifestConfig() ghapp.Config {
	return ghapp.Config{
		Name:          "Octoapp",
		HomepageURL:   "https://www.example.com",
		WebhookActive: true,
		WebhookURL:    "https://example.com/github/events",
		CallbackURLs:  []string{"https://example.com/callback"},
		Public:        true,
		Permissions:   ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelWrite, ghapp.PermissionChecks: ghapp.LevelWrite},
		Events:        []ghapp.Event{ghapp.EventIssues, ghapp.EventIssueComment, ghapp.EventCheckSuite, ghapp.EventCheckRun},
	}
}

// jsonEqual reports the difference between two JSON texts as values.
func jsonDiff(t *testing.T, want, got string) string {
	t.Helper()
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatal(err)
	}
	return cmp.Diff(w, g)
}

func TestManifestDocumentedExample(t *testing.T) {
	m := documentedManifestConfig().Manifest()
	m.RedirectURL = "https://example.com/redirect"
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if diff := jsonDiff(t, documentedManifest, string(data)); diff != "" {
		t.Errorf("manifest JSON mismatch (-want +got):\n%s", diff)
	}
	// Read back, it gives the same Config.
	read, err := ghapp.ReadManifest(strings.NewReader(documentedManifest))
	if err != nil {
		t.Fatal(err)
	}
	c, err := read.Config()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(documentedManifestConfig(), c, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Config mismatch (-want +got):\n%s", diff)
	}
	if read.RedirectURL != "https://example.com/redirect" {
		t.Errorf("RedirectURL = %q", read.RedirectURL)
	}
}

func TestConfigManifest(t *testing.T) {
	off := false
	tests := []struct {
		name string
		c    ghapp.Config
		want string // JSON
	}{
		{"webhook on is GitHub's default", ghapp.Config{HomepageURL: "https://h.example", WebhookActive: true, WebhookURL: "https://h.example/hook"},
			`{"url":"https://h.example","hook_attributes":{"url":"https://h.example/hook"}}`},
		{"webhook off is written", ghapp.Config{HomepageURL: "https://h.example", WebhookURL: "https://h.example/hook"},
			`{"url":"https://h.example","hook_attributes":{"url":"https://h.example/hook","active":false}}`},
		{"no webhook", ghapp.Config{HomepageURL: "https://h.example"}, `{"url":"https://h.example"}`},
		{"every key", ghapp.Config{Name: "n", Description: "d", HomepageURL: "https://h.example", CallbackURLs: []string{"https://h.example/cb"},
			SetupURL: "https://h.example/setup", SetupOnUpdate: true, Public: true, RequestOAuthOnInstall: false,
			Permissions: ghapp.Permissions{"email_addresses": ghapp.LevelRead, ghapp.PermissionIssues: ghapp.LevelNone}},
			`{"name":"n","url":"https://h.example","callback_urls":["https://h.example/cb"],"setup_url":"https://h.example/setup","description":"d","public":true,"default_permissions":{"emails":"read"},"setup_on_update":true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := json.Marshal(tt.c.Manifest())
			if err != nil {
				t.Fatal(err)
			}
			if diff := jsonDiff(t, tt.want, string(data)); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
	// A Manifest written as a literal is sent as GitHub reads it: no "none",
	// registration names only.
	lit := ghapp.Manifest{URL: "https://h.example", DefaultPermissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelNone,
		"email_addresses": ghapp.LevelRead, "git_ssh_keys": ghapp.LevelRead, ghapp.PermissionKeys: ghapp.LevelWrite}}
	if diff := jsonDiff(t, `{"url":"https://h.example","default_permissions":{"emails":"read","keys":"write"}}`, lit.String()); diff != "" {
		t.Errorf("literal manifest JSON mismatch (-want +got):\n%s", diff)
	}
	m := ghapp.Manifest{URL: "https://h.example", HookAttributes: &ghapp.HookAttributes{URL: "https://h.example/hook", Active: &off}}
	c, err := m.Config()
	if err != nil || c.WebhookActive || c.WebhookURL != "https://h.example/hook" {
		t.Errorf("Config of an inactive hook = %+v, %v", c, err)
	}
}

func TestReadManifestErrors(t *testing.T) {
	const ok = `"url":"https://h.example"`
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"documented", documentedManifest, nil},
		{"url required", `{"name":"x"}`, []string{"url: ErrRequired"}},
		{"hook url required", `{` + ok + `,"hook_attributes":{}}`, []string{"hook_attributes.url: ErrRequired"}},
		{"hook url required when off", `{` + ok + `,"hook_attributes":{"active":false}}`, []string{"hook_attributes.url: ErrRequired"}},
		{"typo", `{` + ok + `,"default_permission":{"issues":"write"}}`, []string{"default_permission: ErrUnknownParameter"}},
		{"unknown key", `{` + ok + `,"colour":"blue"}`, []string{"colour: ErrUnknownParameter"}},
		{"unknown hook key", `{` + ok + `,"hook_attributes":{"url":"https://h.example/x","activ":true}}`, []string{"hook_attributes.activ: ErrUnknownParameter"}},
		{"webhook secret", `{` + ok + `,"webhook_secret":"s"}`, []string{"webhook_secret: ErrNotSettable"}},
		{"hook secret", `{` + ok + `,"hook_attributes":{"url":"https://h.example/x","secret":"s"}}`, []string{"hook_attributes.secret: ErrNotSettable"}},
		{"key twice", `{` + ok + `,"name":"a","name":"b"}`, []string{"name: ErrDuplicate"}},
		{"unknown permission", `{` + ok + `,"default_permissions":{"pull-requests":"write"}}`, []string{"default_permissions.pull-requests: ErrUnknownPermission"}},
		{"unknown level", `{` + ok + `,"default_permissions":{"issues":"read-all"}}`, []string{"default_permissions.issues: ErrUnknownLevel"}},
		{"level not allowed", `{` + ok + `,"default_permissions":{"workflows":"read"}}`, []string{"default_permissions.workflows: ErrLevelNotAllowed"}},
		{"unknown event", `{` + ok + `,"default_events":["push","pull-request"],"default_permissions":{"contents":"read"}}`, []string{"default_events[1]: ErrUnknownEvent"}},
		{"event needs permission", `{` + ok + `,"default_events":["push"]}`, []string{"default_events[0]: ErrEventNeedsPermission"}},
		{"not subscribable", `{` + ok + `,"default_events":["installation"]}`, []string{"default_events[0]: ErrNotSubscribable"}},
		{"11 callbacks", `{` + ok + `,"callback_urls":["https://a.example/1","https://a.example/2","https://a.example/3","https://a.example/4","https://a.example/5","https://a.example/6","https://a.example/7","https://a.example/8","https://a.example/9","https://a.example/10","https://a.example/11"]}`, []string{"callback_urls: ErrTooMany"}},
		{"bad redirect", `{` + ok + `,"redirect_url":"/redirect"}`, []string{"redirect_url: ErrInvalidURL"}},
		{"bad hook url", `{` + ok + `,"hook_attributes":{"url":"nope"}}`, []string{"hook_attributes.url: ErrInvalidURL"}},
		{"wrong type", `{` + ok + `,"public":"yes","name":1,"callback_urls":"https://a.example"}`, []string{"public: ErrInvalidBool", "name: ErrMalformed", "callback_urls: ErrMalformed"}},
		{"not an object", `["url"]`, []string{": ErrMalformed"}},
		{"not JSON", `{"url":`, []string{": ErrMalformed"}},
		{"bad url value", `{"url":5}`, []string{"url: ErrMalformed"}},
		{"trailing text", `{` + ok + `} {}`, []string{": ErrMalformed"}},
		{"empty", ``, []string{": ErrMalformed"}},
		{"conflict", `{` + ok + `,"request_oauth_on_install":true,"setup_url":"https://h.example/s","callback_urls":["https://h.example/cb"]}`, []string{"setup_url: ErrConflict"}},
		{"many at once", `{"default_permission":{},"public":"no","default_events":["sponsorship"]}`,
			[]string{"url: ErrRequired", "default_permission: ErrUnknownParameter", "public: ErrInvalidBool", "default_events[0]: ErrNotSubscribable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ghapp.ReadManifest(strings.NewReader(tt.in))
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}

func TestManifestSuggestions(t *testing.T) {
	tests := []struct{ key, want string }{
		{"default_permission", "default_permissions"},
		{"events", "default_events"},
		{"permissions", "default_permissions"},
		{"webhook_url", "hook_attributes"},
		{"callback_url", "callback_urls"},
		{"redirect_uri", "redirect_url"},
	}
	for _, tt := range tests {
		_, err := ghapp.ReadManifest(strings.NewReader(`{"url":"https://h.example","` + tt.key + `":null}`))
		var ne *ghapp.NameError
		if !asNameError(err, &ne) || ne.Suggestion != tt.want {
			t.Errorf("%s: %v, want the suggestion %q", tt.key, err, tt.want)
		}
	}
}

func asNameError(err error, target **ghapp.NameError) bool {
	for _, fe := range fieldErrors(err) {
		if errors.As(fe, target) {
			return true
		}
	}
	return false
}

func TestManifestUnmarshalIsStrict(t *testing.T) {
	var m ghapp.Manifest
	err := json.Unmarshal([]byte(`{"url":"https://h.example","default_permission":{}}`), &m)
	if diff := cmp.Diff([]string{"default_permission: ErrUnknownParameter"}, problems(err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	// Unmarshal checks the rules as ReadManifest does, and leaves m as it
	// was on an error.
	m = ghapp.Manifest{Name: "before"}
	err = json.Unmarshal([]byte(`{"name":"x"}`), &m)
	if diff := cmp.Diff([]string{"url: ErrRequired"}, problems(err)); diff != "" || m.Name != "before" {
		t.Errorf("Unmarshal = %+v; problems mismatch (-want +got):\n%s", m, diff)
	}
	if err := json.Unmarshal([]byte(`{"name":"x","url":"https://h.example"}`), &m); err != nil || m.Name != "x" {
		t.Errorf("Unmarshal = %+v, %v", m, err)
	}
}

// FuzzReadManifest: arbitrary input never panics, and an accepted manifest
// writes back to JSON that reads to the same manifest.
func FuzzReadManifest(f *testing.F) {
	f.Add(documentedManifest)
	f.Add(`{"url":"https://h.example","hook_attributes":{"url":"https://h.example/h","active":false},"default_permissions":{"email_addresses":"read","single_file":"write"}}`)
	f.Add(`{"url":"https://h.example","description":"</script><script>alert(1)</script> & \"quotes\"","name":"日本語"}`)
	f.Add(`{"url":1,"url":2}`)
	f.Add(`{"?":1}`) // a key named like the old marker of a non-FieldError problem
	f.Fuzz(func(t *testing.T, in string) {
		m, err := ghapp.ReadManifest(strings.NewReader(in))
		if err != nil {
			if other := notFieldErrors(err); other != nil {
				t.Fatalf("ReadManifest(%q): problems that are not *FieldErrors: %v", in, other)
			}
			return
		}
		data, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("Marshal of an accepted manifest: %v", err)
		}
		back, err := ghapp.ReadManifest(strings.NewReader(string(data)))
		if err != nil {
			t.Fatalf("%s does not read back: %v", data, err)
		}
		// What is written reads back to a manifest that writes the same
		// JSON (writing drops "none" and the REST API's names), and to the
		// same registration.
		if diff := cmp.Diff(string(data), back.String()); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
		}
		c1, _ := m.Config()
		c2, _ := back.Config()
		if diff := ghapptest.DiffConfig(c1, c2); diff != "" {
			t.Fatalf("registration changed in the round trip:\n%s", diff)
		}
	})
}
