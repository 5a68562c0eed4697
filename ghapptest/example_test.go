package ghapptest_test

import (
	"fmt"
	"strings"

	"github.com/ghapp-dev/ghapp"
	"github.com/ghapp-dev/ghapp/ghapptest"
)

func ExampleDiffURL() {
	const documented = "https://github.com/settings/apps/new?name=octocat-github-app&description=An%20Octocat%20App&checks=write&events[]=check_run&events[]=check_suite"

	// The same link as a browser writes it: parameters in another order,
	// "[]" escaped, a space as "+".
	browser := "https://github.com/settings/apps/new?events%5B%5D=check_suite&events%5B%5D=check_run&checks=write&description=An+Octocat+App&name=octocat-github-app"
	fmt.Println("same:", ghapptest.DiffURL(documented, browser) == "")

	// A link asking for checks at read instead.
	fmt.Print(ghapptest.DiffURL(documented, strings.Replace(documented, "checks=write", "checks=read", 1)))
	// Output:
	// same: true
	// registration URL mismatch (-want +got):
	// -	checks="write"
	// +	checks="read"
}

func ExampleDiffConfig() {
	want := ghapp.Config{
		Name:        "octocat-github-app",
		Permissions: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite, ghapp.PermissionEmails: ghapp.LevelRead},
		Events:      []ghapp.Event{ghapp.EventCheckRun, ghapp.EventCheckSuite},
	}
	got := ghapp.Config{
		Name: "octocat-github-app",
		// The REST API's name for emails, a permission at LevelNone and
		// the events in another order change nothing.
		Permissions: ghapp.Permissions{"email_addresses": ghapp.LevelRead, ghapp.PermissionChecks: ghapp.LevelWrite, ghapp.PermissionIssues: ghapp.LevelNone},
		Events:      []ghapp.Event{ghapp.EventCheckSuite, ghapp.EventCheckRun},
	}
	fmt.Println("same:", ghapptest.DiffConfig(want, got) == "")

	got.Name = "octocat-app"
	fmt.Print(ghapptest.DiffConfig(want, got))
	// Output:
	// same: true
	// ghapp.Config mismatch (-want +got):
	// -	Name: "octocat-github-app"
	// +	Name: "octocat-app"
}
