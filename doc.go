// Package ghapp describes GitHub App and OAuth App configurations in typed Go
// and checks them against what GitHub accepts.
//
// # The catalogue
//
// The package knows every GitHub App permission ([Permission]), webhook event
// ([Event]) and OAuth scope ([Scope]) that github.com, GitHub Enterprise
// Cloud (GHE.com) and GitHub Enterprise Server 3.17 to 3.19 document, as
// constants such as [PermissionChecks], [EventCheckRun] and
// [ScopeRepoStatus]. For each it knows the facts GitHub publishes:
//
//   - the levels a permission allows ([Permission.Allows], [Permission.Levels]):
//     [PermissionWorkflows] is write-only, [PermissionOrganizationPlan]
//     read-only, the projects and custom-properties permissions add admin;
//   - what a permission applies to ([Permission.Resource]) and the REST API's
//     other name for it, which [ParsePermission] accepts ("email_addresses"
//     is [PermissionEmails]);
//   - the permissions an event needs before an app may subscribe
//     ([Event.RequiredPermissions]) and whether it can subscribe at all
//     ([Event.Subscribable], [Event.AlwaysDelivered]);
//   - how scopes include each other ([Scope.Includes], [NormalizeScopes],
//     [MissingScopes]);
//   - which plans know each name ([Permission.AvailableOn] and the like).
//
// The tables are generated from one source file, internal/catalog/catalog.txt,
// last checked against GitHub's sources on the date in [CatalogVersion].
//
// # Errors
//
// A name the catalogue does not know is an error, never dropped in silence:
// a [*FieldError] naming the field, around a [*NameError] that wraps a
// sentinel such as [ErrUnknownPermission] and suggests the name most likely
// meant ("pull-requests" gives "pull_requests"). Test errors with
// [errors.Is] and [errors.As].
//
// # Cost
//
// Looking a name up allocates nothing, and importing the package does no work
// at start-up: the tables are arrays and switch statements.
package ghapp

//go:generate go run ./internal/catalog/gen
