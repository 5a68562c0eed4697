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
// problem with its line and column. [ManifestFlow] is the whole flow as an
// [net/http.Handler] for a platform, safe by default: it serves the page
// that posts the manifest ([Manifest.WriteForm]) under a strict
// Content-Security-Policy, binds a state ([NewState]) to the browser with a
// cookie, keeps the pending flow server-side in a [StateStore], and on
// GitHub's redirect back exchanges the code once ([ConvertManifestCode]), on
// a context of its own, so a closed tab never loses the credentials.
// [ServeLoopback] runs it on 127.0.0.1 for a tool, starting flows only from
// the address it gives, which carries a token made for the run. On https
// the flow's cookie is a __Host- one, which no sibling subdomain can
// plant. Pending flows are never dropped, so a start route anyone can
// reach belongs behind [ManifestFlow].Allow: without it one client holds
// at most MaxPendingPerClient (10) of them and the default store 10,000,
// each refused past that with 429 or 503 and a truthful Retry-After.
//
// The [AppCredentials] hold the app's ID, private key
// ([AppCredentials.PrivateKey]), webhook secret and OAuth credentials; each
// secret is a [Secret], which never prints, logs or encodes its text:
// [Secret.Reveal] reads one, [AppCredentials.RevealJSON] and
// [ParseCredentials] store and read them all, and
// [AppCredentials.WriteEnvFile] writes an env file atomically.
//
// # After creation
//
// An [InstallRequest] is the link that installs an app: [InstallRequest.URL]
// writes https://github.com/apps/SLUG/installations/new (/github-apps/ on
// GitHub Enterprise Server), with a state, and on its /permissions form a
// suggested account and up to 100 repositories; [ParseInstallURL] reads one
// back. [ParseSetupRedirect] reads what GitHub sends to the setup and
// callback URLs; setup_action=request means no installation yet, and the
// installation_id must be confirmed ([GetInstallation] as the app,
// [FindUserInstallation] as the user). [AppTransport] signs the app's JSON
// Web Token with the standard library, so [GetApp], [ListInstallations] and
// [ReadLive] read the app and its installations with only the manifest
// flow's credentials. [DiffLive] compares them with the app in code: what
// to change on the app's permissions page ([App.PermissionsURL]), which
// installations have not accepted its permissions, with the page where each
// accepts ([Installation.AcceptPermissionsURL]), and who must approve each
// change ([PermissionChange.Approval], [Approvals]). GitHub reports an
// acceptance as an installation webhook with the action
// new_permissions_accepted. [Drift.String] and [Drift.Markdown] write the
// report for a terminal or a pull request.
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
// # Tokens
//
// [Target.OAuthEndpoint] gives golang.org/x/oauth2 the endpoints of
// github.com, GHE.com and GitHub Enterprise Server (set AuthStyleInParams);
// [CheckScopes] checks the token response's comma-separated scope field, and
// an [OAuthError] turns GitHub's error codes (device_flow_disabled,
// slow_down, expired_token, ...) into sentinels. For tools that ask people
// for a token, [FineGrainedTokenRequest] writes GitHub's documented link
// that pre-fills a new fine-grained personal access token, checked against
// the catalogue's [TokenPermission] set, and [ClassicTokenRequest] the
// undocumented one for a classic token; both parse back. A
// [*MissingScopesError] gives the link that mends it
// ([MissingScopesError.AuthorizeURL], [MissingScopesError.ClassicTokenURL]),
// and so does a [*MissingPermissionsError]
// ([MissingPermissionsError.FineGrainedTokenURL]). [CheckGraphQLScopes]
// reads GraphQL's INSUFFICIENT_SCOPES answers into the same
// [*MissingScopesError] the REST headers give, and
// [CheckInstallationPermissions] says whether a GitHub App's 403 needs a
// change to the app's registration or only the installation's approval
// ([ErrNotAccepted]).
//
// # Permission changes
//
// [DiffScopes] says what a new authorization adds and removes, counting the
// scopes others include. [DiffPermissions] and [DiffConfigs] say what a
// change to a GitHub App's registration adds, upgrades, downgrades and
// removes, as installations see it; Approvals says who must approve it
// (the installations for repository, organization and enterprise
// permissions; each user who authorized the app, unnotified, for account
// permissions; nobody for removals), NeedsApproval whether anyone must,
// and String writes a short text a CI job can post on a pull request.
//
// # Command line
//
// The ghapp command (go install github.com/ghapp-dev/ghapp/cmd/ghapp@latest)
// does the same from a terminal or a CI job, on a manifest, a Probot
// app.yml or a registration link: lint checks them (as text, JSON, SARIF
// or GitHub Actions annotations), url and manifest turn one form into
// another, diff says who must approve a change, scopes and explain
// describe scopes and permissions, create runs the manifest flow on
// loopback and writes the credentials to an env file, and drift compares
// a registration with the live app.
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
//   - which plans know each name ([Permission.AvailableOn] and the like),
//     and when each GitHub Enterprise Server version was released and
//     stops being supported ([Plan.Released], [Plan.SupportEnds]);
//   - the permissions of fine-grained personal access tokens, which are
//     not an app's ([TokenPermission]).
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
// long input never gives a long error. A name the catalogue does not know
// comes with a [*NameError] wrapping [ErrUnknownPermission] (or the like) and
// suggesting the name most likely meant ("pull-requests" gives
// "pull_requests"). An answer other than success from GitHub's API is an
// [*APIError], with [ErrUnauthorized], [ErrNotFound], [ErrRateLimited] and
// the like for errors.Is; it holds GitHub's message and nothing else of
// the body. Test errors with [errors.Is] and [errors.As].
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
