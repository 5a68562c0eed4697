package ghapp_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/ghapp-dev/ghapp"
)

func ExampleReadManifest() {
	// A manifest as a platform keeps it, with two mistakes.
	const file = `{
  "name": "octoapp",
  "url": "https://www.example.com",
  "hook_attributes": {"url": "https://example.com/github/events"},
  "default_permission": {"issues": "write"},
  "default_events": ["issues", "pull-request"]
}`
	_, err := ghapp.ReadManifest(strings.NewReader(file))
	fmt.Println(err)

	// Corrected, it reads and gives the registration it describes.
	m, err := ghapp.ReadManifest(strings.NewReader(strings.NewReplacer(
		`"default_permission"`, `"default_permissions"`, `"pull-request"`, `"pull_request"`,
		`{"issues": "write"}`, `{"issues": "write", "pull_requests": "read"}`).Replace(file)))
	if err != nil {
		log.Fatal(err)
	}
	c, _ := m.Config()
	fmt.Println(c.Name, c.WebhookActive, c.Permissions, c.Events)
	// Output:
	// ghapp: default_permission (line 5, column 3): unknown key (did you mean "default_permissions"?)
	// ghapp: default_events[0] (line 6, column 22): issues needs read or above on issues
	// ghapp: default_events[1] (line 6, column 32): unknown event "pull-request" (did you mean "pull_request"?)
	// octoapp true map[issues:write pull_requests:read] [issues pull_request]
}

func ExampleManifest_WriteForm() {
	m := ghapp.Manifest{
		Name:           "octoapp",
		URL:            "https://www.example.com",
		HookAttributes: &ghapp.HookAttributes{URL: "https://example.com/github/events"},
		RedirectURL:    "https://example.com/redirect",
	}
	state, err := ghapp.NewState()
	if err != nil {
		log.Fatal(err)
	}
	var page strings.Builder
	if err := m.WriteForm(&page, ghapp.Target{Organization: "octo-org"}, state); err != nil {
		log.Fatal(err)
	}
	// The page posts the manifest to the organization's registration
	// page, with the state in the form's action.
	fmt.Println(strings.Contains(page.String(), `action="https://github.com/organizations/octo-org/settings/apps/new?state=`+state+`"`))
	fmt.Println(strings.Contains(page.String(), `name="manifest" value="{&#34;name&#34;:&#34;octoapp&#34;`))

	// A manifest that cannot work writes nothing.
	page.Reset()
	err = ghapp.Manifest{Name: "octoapp"}.WriteForm(&page, ghapp.Target{}, state)
	fmt.Println(err, page.Len())
	// Output:
	// true
	// true
	// ghapp: url: a manifest needs the app's homepage URL 0
}
