package ghapp_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"

	"github.com/ghapp-dev/ghapp"
)

func ExampleParsePermission() {
	p, err := ghapp.ParsePermission("email_addresses") // the REST API's name
	fmt.Println(p, err)

	_, err = ghapp.ParsePermission("pull-requests")
	fmt.Println(err)
	fmt.Println(errors.Is(err, ghapp.ErrUnknownPermission))
	var ne *ghapp.NameError
	if errors.As(err, &ne) {
		fmt.Println("suggestion:", ne.Suggestion)
	}
	// Output:
	// emails <nil>
	// ghapp: unknown permission "pull-requests" (did you mean "pull_requests"?)
	// true
	// suggestion: pull_requests
}

func ExamplePermission_Levels() {
	for _, p := range []ghapp.Permission{ghapp.PermissionChecks, ghapp.PermissionWorkflows, ghapp.PermissionOrganizationPlan, ghapp.PermissionOrganizationProjects} {
		fmt.Println(p, p.Resource(), p.Levels())
	}
	fmt.Println(ghapp.PermissionWorkflows.Allows(ghapp.LevelRead))
	// Output:
	// checks repository [read write]
	// workflows repository [write]
	// organization_plan organization [read]
	// organization_projects organization [read write admin]
	// false
}

func ExamplePermission_AvailableOn() {
	p := ghapp.PermissionEnterpriseAdministration
	fmt.Println(p.Plans())
	fmt.Println(p.AvailableOn(ghapp.PlanGitHubCom), p.AvailableOn(ghapp.PlanGHEC))
	// Output:
	// [ghec ghes-3.17 ghes-3.18 ghes-3.19 ghes-3.20 ghes-3.21 ghes-3.22]
	// false true
}

func ExampleEvent_RequiredPermissions() {
	for _, e := range []ghapp.Event{ghapp.EventCheckRun, ghapp.EventMilestone, ghapp.EventInstallation, ghapp.EventSponsorship} {
		fmt.Println(e, e.RequiredPermissions(), e.Subscribable(), e.AlwaysDelivered())
	}
	// Output:
	// check_run [checks] true false
	// milestone [issues pull_requests] true false
	// installation [] false true
	// sponsorship [] false false
}

func ExampleNormalizeScopes() {
	scopes, err := ghapp.ParseScopes("user,gist,user:email")
	if err != nil {
		panic(err)
	}
	fmt.Println(ghapp.NormalizeScopes(scopes))
	// Output:
	// [gist user]
}

func ExampleMissingScopes() {
	granted, _ := ghapp.ParseScopes("repo:status, read:org") // an X-OAuth-Scopes header
	required := []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeReadOrg}
	fmt.Println(ghapp.MissingScopes(granted, required))
	fmt.Println(ghapp.ScopeRepo.Includes(ghapp.ScopeRepoStatus))
	// Output:
	// [repo]
	// true
}

func ExampleParseScopes_errors() {
	_, err := ghapp.ParseScopes("repo, packages:read, write:discussion")
	fmt.Println(err)
	fmt.Println(errors.Is(err, ghapp.ErrRetired))
	// Output:
	// ghapp: unknown scope "packages:read" (did you mean "read:packages"?)
	// ghapp: scope "write:discussion" was retired by GitHub (team discussions no longer exist)
	// true
}

func ExamplePermissions_UnmarshalJSON() {
	var ps ghapp.Permissions
	err := json.Unmarshal([]byte(`{"issues":"write","email_addresses":"read"}`), &ps)
	fmt.Println(ps, err)

	err = json.Unmarshal([]byte(`{"isues":"write","checks":"read-all"}`), &ps)
	fmt.Println(err)
	// Output:
	// map[emails:read issues:write] <nil>
	// ghapp: isues: unknown permission (did you mean "issues"?)
	// ghapp: checks: unknown level "read-all"
}

func ExampleLevel_String() {
	fmt.Println(ghapp.LevelWrite, ghapp.Level(7))
	l, err := ghapp.ParseLevel("Write ")
	fmt.Println(l, err)
	// Output:
	// write Level(7)
	// none ghapp: unknown level "Write " (did you mean "write"?)
}

// Example_catalogue shows the catalogue's lookups.
func Example_catalogue() {
	p, err := ghapp.ParsePermission("email_addresses") // the REST API's name
	fmt.Println(p, err)

	_, err = ghapp.ParsePermission("pull-requests")
	fmt.Println(err)

	scopes, _ := ghapp.ParseScopes("user,gist,user:email")
	fmt.Println(ghapp.NormalizeScopes(scopes))
	fmt.Println(ghapp.EventMilestone.RequiredPermissions())
	// Output:
	// emails <nil>
	// ghapp: unknown permission "pull-requests" (did you mean "pull_requests"?)
	// [gist user]
	// [issues pull_requests]
}

// ExampleNew is the README's example: the app of GitHub's documented
// registration link.
func ExampleNew() {
	c, err := ghapp.New().
		Name("octocat-github-app").
		Description("An Octocat App").
		CallbackURLs("https://example.com").
		RequestOAuthOnInstall(true).
		Public(true).
		Permission(ghapp.PermissionChecks, ghapp.LevelWrite).
		Events(ghapp.EventCheckRun, ghapp.EventCheckSuite).
		Build()
	if err != nil {
		log.Fatal(err)
	}
	link, err := c.RegistrationURL(ghapp.Target{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(link)
	// Output:
	// https://github.com/settings/apps/new?name=octocat-github-app&description=An%20Octocat%20App&callback_urls[]=https://example.com&request_oauth_on_install=true&public=true&checks=write&events[]=check_run&events[]=check_suite
}

func ExampleBuilder_Build() {
	_, err := ghapp.New().
		Name("a name that is longer than GitHub allows").
		WebhookActive(true).
		Permission(ghapp.PermissionWorkflows, ghapp.LevelRead).
		Events(ghapp.EventPush, ghapp.EventInstallation).
		Build()
	fmt.Println(err)
	fmt.Println(errors.Is(err, ghapp.ErrLevelNotAllowed))

	var fe *ghapp.FieldError
	if errors.As(err, &fe) {
		fmt.Println("first field:", fe.Field)
	}
	// Output:
	// ghapp: name: 40 characters, GitHub allows 34
	// ghapp: permissions.workflows: workflows allows only write, not read
	// ghapp: events[0]: push needs read or above on contents
	// ghapp: events[1]: every app receives installation without subscribing; leave it out
	// true
	// first field: name
}

func ExampleConfig_RegistrationURL_organization() {
	c := ghapp.Config{
		Name:        "octo-ci",
		Permissions: ghapp.Permissions{ghapp.PermissionStatuses: ghapp.LevelWrite},
		Events:      []ghapp.Event{ghapp.EventPush},
	}
	_, err := c.RegistrationURL(ghapp.Target{Organization: "octo-org"})
	fmt.Println(err)

	c.Permissions[ghapp.PermissionContents] = ghapp.LevelRead
	link, _ := c.RegistrationURL(ghapp.Target{Organization: "octo-org"})
	fmt.Println(link)

	// The same app on GitHub Enterprise Server 3.17.
	link, _ = c.RegistrationURL(ghapp.Target{BaseURL: "https://github.example.com", Organization: "octo-org", Plan: ghapp.PlanGHES317})
	fmt.Println(link)
	// Output:
	// ghapp: events[0]: push needs read or above on contents
	// https://github.com/organizations/octo-org/settings/apps/new?name=octo-ci&contents=read&statuses=write&events[]=push
	// https://github.example.com/organizations/octo-org/settings/apps/new?name=octo-ci&contents=read&statuses=write&events[]=push
}

func ExampleParseRegistrationURL() {
	c, t, err := ghapp.ParseRegistrationURL("https://github.com/organizations/octo-org/settings/apps/new?name=Octo+App&contents=write&events%5B%5D=push")
	fmt.Printf("%q %q %v %v %v\n", c.Name, t.Organization, c.Permissions, c.Events, err)

	// A hand-written link with mistakes: each is named.
	_, _, err = ghapp.ParseRegistrationURL("https://github.com/settings/apps/new?name=octo&events=push&webhook_secret=s3cret&pull-requests=write&public=yes")
	fmt.Println(err)
	// Output:
	// "Octo App" "octo-org" map[contents:write] [push] <nil>
	// ghapp: events (line 1, column 48): unknown parameter (did you mean "events[]"?)
	// ghapp: webhook_secret (line 1, column 60): a webhook secret can never be set through the URL; type it on the registration page
	// ghapp: permissions.pull-requests (line 1, column 82): unknown permission (did you mean "pull_requests"?)
	// ghapp: public (line 1, column 102): "yes" is not true or false
}
