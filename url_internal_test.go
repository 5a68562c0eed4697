package ghapp

import "testing"

// TestEncodeCurrentDocumentedExample reproduces, byte for byte, the example
// link of GitHub's current page on URL parameters. That link turns the
// webhook on without a webhook URL, leaving the person registering the app to
// type one; Validate, and so RegistrationURL, report this as webhook_url
// required. The encoder below validation writes it exactly.
func TestEncodeCurrentDocumentedExample(t *testing.T) {
	c := Config{
		Name:                  "octocat-github-app",
		Description:           "An Octocat App",
		CallbackURLs:          []string{"https://example.com"},
		RequestOAuthOnInstall: true,
		Public:                true,
		WebhookActive:         true,
		Permissions:           Permissions{PermissionChecks: LevelWrite},
		Events:                []Event{EventCheckRun, EventCheckSuite},
	}
	const want = "https://github.com/settings/apps/new?name=octocat-github-app&description=An%20Octocat%20App&callback_urls[]=https://example.com&request_oauth_on_install=true&public=true&checks=write&webhook_active=true&events[]=check_run&events[]=check_suite"
	if got := c.encode(githubOrigin + Target{}.registrationPath()); got != want {
		t.Errorf("encode:\n got %s\nwant %s", got, want)
	}
}
