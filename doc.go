// Package ghapp describes GitHub App and OAuth App configurations in typed Go
// and checks them against what GitHub accepts.
//
// # Registration URLs
//
// A [Config] holds the settings of GitHub's "Register new GitHub App" page,
// each named after its query parameter. Write it as a literal or build it
// with [New] and the [Builder]'s setters; [Config.Validate] checks every rule
// GitHub applies, and [Config.RegistrationURL] turns it into a link that
// opens the page filled in, for a personal account or an organization, on
// github.com, GHE.com or GitHub Enterprise Server ([Target]). The link is
// written in GitHub's documented order with readable escaping, so GitHub's
// own example comes out byte for byte:
//
//	https://github.com/settings/apps/new?name=octocat-github-app&description=An%20Octocat%20App&callback_urls[]=https://example.com&request_oauth_on_install=true&public=true&checks=write&events[]=check_run&events[]=check_suite
//
// [ParseRegistrationURL] reads such a link back, and names every mistake in
// a hand-written one, with its column: events= without [], a
// webhook_secret, a repeated parameter, a level GitHub does not have.
// A link may leave values for the person registering the app to type, as
// GitHub's current example leaves the webhook's URL; [Config.Unfilled]
// says which. Package ghapptest compares links and Configs in tests by
// meaning rather than spelling.
//
// GitHub adds permissions and events before this package's catalogue
// knows them: [Config.AllowUnknown] accepts well-formed names it lacks,
// and the parse functions hand back what an input said, unknown names
// included, when those names are its only problem.
//
// # The manifest flow
//
// A [Manifest] is the JSON of GitHub's manifest flow; [Config.Manifest] and
// [Manifest.Config] convert, and [ReadManifest] reads one strictly, each
// problem with its line and column.
// [Manifest.WriteForm] writes the page that posts it to GitHub with a state
// from [NewState]; GitHub sends the browser back to the manifest's
// redirect_url with a code and that state, which [CheckState] checks, and
// [ConvertManifestCode] exchanges the code for the app's [AppCredentials]:
// its ID, private key ([AppCredentials.PrivateKey]), webhook secret and
// OAuth credentials, which [AppCredentials.WriteEnvFile] stores. The secrets
// never show when the credentials are printed or logged.
//
// # OAuth Apps
//
// An [AuthorizeRequest] is the first step of the OAuth web flow, for an
// OAuth App or a GitHub App acting for a user; [AuthorizeRequest.URL]
// checks each parameter and writes the link in a fixed order with the same
// readable escaping, so GitHub's example comes out byte for byte:
//
//	https://github.com/login/oauth/authorize?client_id=...&scope=user%20repo_deployment
//
// For PKCE, [NewPKCEVerifier] makes a verifier and [PKCEChallenge] its S256
// challenge, the only method GitHub accepts.
//
// GitHub's answers say what a token may do. [SplitScopes] reads the
// X-OAuth-Scopes header and the token response's scope field, keeping
// scope names the catalogue does not know, since GitHub's output is
// authoritative and the catalogue may lag; [MissingScopes] says what a
// token lacks of the scopes a tool needs. [CheckResponseScopes] checks a
// response's headers, the token's scopes against those its endpoint
// accepts, and returns nil, without allocating, or a [*MissingScopesError]
// whose Request method gives the scopes to ask for next. For GitHub Apps,
// [ParseAcceptedPermissions] reads X-Accepted-GitHub-Permissions into
// alternatives, and [CheckPermissions] and [CheckResponsePermissions] say,
// in a [*MissingPermissionsError], what to add.
//
// [DescribeScopes] and [DescribePermissions] say in words what each scope
// and permission lets an app read and change, for a consent page or a
// review.
//
// # Permission changes
//
// [DiffScopes] says what a new authorization adds and removes, counting the
// scopes others include. [DiffPermissions] and [DiffConfigs] say what a
// change to a GitHub App's registration adds, upgrades, downgrades and
// removes, as installations see it; NeedsApproval reports whether
// installations must accept it, and String writes a short text a CI job can
// post on a pull request.
//
// # The catalogue
//
// The package knows every GitHub App permission ([Permission]), webhook event
// ([Event]) and OAuth scope ([Scope]) that github.com, GitHub Enterprise
// Cloud (GHE.com) and GitHub Enterprise Server 3.17 to 3.22 document, as
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
// Bad input is an error, never a panic and never a value dropped in
// silence. Each problem is a [*FieldError] naming the setting by its wire
// name ("callback_urls[3]", "permissions.workflows"), in the words of the
// input it came from ("default_events[2]" in a manifest), with its line
// and column where the input has them, and wrapping a sentinel such as
// [ErrInvalidURL] or [ErrLevelNotAllowed]; Validate, Build,
// RegistrationURL, ParseRegistrationURL and ReadManifest return every
// problem at once, joined with [errors.Join], and none that follows only
// from another. Past 20 problems of one kind the rest are counted, so a
// long input never gives a long error. A name the catalogue does not know comes with
// a [*NameError] wrapping [ErrUnknownPermission] (or the like) and
// suggesting the name most likely meant ("pull-requests" gives
// "pull_requests"). Test errors with [errors.Is] and [errors.As].
//
// # Cost
//
// Looking a name up allocates nothing, nor does validating a typical
// configuration or a scope or permission check that passes, and importing
// the package does no work at start-up: the tables are arrays and switch
// statements. Encoding and parsing a registration link cost about as much
// as go-querystring and net/url doing the same without any checks, and
// every function's cost grows linearly with its input.
package ghapp

//go:generate go run ./internal/catalog/gen
