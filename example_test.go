package ghapp_test

import (
	"encoding/json"
	"errors"
	"fmt"

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
	// ghapp: permission: unknown permission "pull-requests" (did you mean "pull_requests"?)
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
	// [ghec ghes-3.17 ghes-3.18 ghes-3.19]
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
	// ghapp: scope: unknown scope "packages:read" (did you mean "read:packages"?)
	// ghapp: scope: scope "write:discussion" was retired by GitHub (team discussions no longer exist)
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
	// ghapp: isues: unknown permission "isues" (did you mean "issues"?)
	// ghapp: checks: unknown level "read-all"
}

func ExampleLevel_String() {
	fmt.Println(ghapp.LevelWrite, ghapp.Level(7))
	l, err := ghapp.ParseLevel("Write ")
	fmt.Println(l, err)
	// Output:
	// write Level(7)
	// none ghapp: level: unknown level "Write " (did you mean "write"?)
}

// Example_catalogue is the README's example.
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
	// ghapp: permission: unknown permission "pull-requests" (did you mean "pull_requests"?)
	// [gist user]
	// [issues pull_requests]
}
