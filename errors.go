package ghapp

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Sentinel errors. Every problem with input (a name, a setting, a link, a
// manifest, a header, an answer from GitHub) wraps one of them, so callers
// test with [errors.Is] rather than by message. Errors of the network, the
// file system, a writer or the random source come back wrapped as they are,
// for errors.Is with their own sentinels (context.Canceled, fs.ErrExist,
// ...).
//
// Where a sentinel comes inside a [*FieldError], the FieldError's Field
// names the setting: a registration link's parameter ("callback_urls[3]"),
// a manifest's key ("default_permissions.issues"), a header's name, or a
// request's parameter.
var (
	// ErrUnknownLevel reports a permission level GitHub does not have: in a
	// link's or manifest's permission, a header, or [ParseLevel].
	ErrUnknownLevel error = &sentinel{"unknown level"}
	// ErrUnknownPlan reports a plan name the catalogue does not know
	// ([ParsePlan], [Plan.UnmarshalText]).
	ErrUnknownPlan error = &sentinel{"unknown plan"}
	// ErrUnknownPermission reports a permission name the catalogue does not
	// know: a link's parameter, a key of a manifest's default_permissions,
	// a key of a JSON permissions object, or [ParsePermission].
	ErrUnknownPermission error = &sentinel{"unknown permission"}
	// ErrUnknownEvent reports a webhook event name the catalogue does not
	// know: in a link's events[], a manifest's default_events, or
	// [ParseEvent].
	ErrUnknownEvent error = &sentinel{"unknown event"}
	// ErrUnknownScope reports an OAuth scope name the catalogue does not
	// know ([ParseScope], [ParseScopes], [AuthorizeRequest.URL]).
	ErrUnknownScope error = &sentinel{"unknown scope"}
	// ErrRetired reports a name GitHub used to accept and no longer does. It
	// comes together with the matching ErrUnknown... sentinel.
	ErrRetired error = &sentinel{"retired"}
	// ErrDuplicate reports a value given twice where it may appear once: a
	// link's parameter, a manifest's key, an event or URL listed twice, a
	// permission named by both of its names.
	ErrDuplicate error = &sentinel{"given twice"}

	// ErrRequired reports a setting that another one needs and that is
	// missing: webhook_url when webhook_active is true, a manifest's url.
	ErrRequired error = &sentinel{"required"}
	// ErrTooMany reports a list longer than GitHub allows.
	ErrTooMany error = &sentinel{"too many"}
	// ErrTooLong reports a text longer than GitHub allows.
	ErrTooLong error = &sentinel{"too long"}
	// ErrInvalidText reports text that is not valid UTF-8 or holds control
	// characters.
	ErrInvalidText error = &sentinel{"invalid text"}
	// ErrInvalidURL reports a URL setting that is not an absolute http or
	// https URL with a host.
	ErrInvalidURL error = &sentinel{"invalid URL"}
	// ErrInvalidPath reports a single-file path that is not a relative path
	// inside the repository.
	ErrInvalidPath error = &sentinel{"invalid path"}
	// ErrConflict reports two settings that cannot be used together.
	ErrConflict error = &sentinel{"conflicting settings"}
	// ErrLevelNotAllowed reports a permission asked for at a level it does
	// not have, such as workflows at read.
	ErrLevelNotAllowed error = &sentinel{"level not allowed"}
	// ErrEventNeedsPermission reports an event without any of the
	// permissions that let an app subscribe to it.
	ErrEventNeedsPermission error = &sentinel{"event needs a permission"}
	// ErrNotSubscribable reports an event an app cannot choose: one apps
	// never receive, or one every app receives anyway.
	ErrNotSubscribable error = &sentinel{"event cannot be subscribed to"}
	// ErrNotOnPlan reports a permission, event or scope the target's plan
	// does not have.
	ErrNotOnPlan error = &sentinel{"not on this plan"}
	// ErrInvalidTarget reports a target GitHub has no such page at: a bad
	// base URL, organization or plan, or a link to another page.
	ErrInvalidTarget error = &sentinel{"invalid target"}
	// ErrUnknownParameter reports a query parameter of a registration link,
	// or a key of a manifest, that GitHub does not read.
	ErrUnknownParameter error = &sentinel{"unknown parameter"}
	// ErrNotSettable reports a setting that cannot be given where it is:
	// a webhook secret in a registration link or a manifest (GitHub makes
	// it), a manifest's key in a link.
	ErrNotSettable error = &sentinel{"cannot be set here"}
	// ErrInvalidBool reports a boolean other than true or false.
	ErrInvalidBool error = &sentinel{"invalid boolean"}
	// ErrMalformed reports input that does not parse: a link with a bad
	// escape or text after "#", a manifest that is not JSON or holds a
	// value of the wrong type, a header value not written as GitHub writes
	// it.
	ErrMalformed error = &sentinel{"malformed"}
	// ErrInvalidFormat reports a value that is not written the way GitHub
	// requires: a login that is not a GitHub login, or a PKCE code
	// challenge of the wrong length or alphabet.
	ErrInvalidFormat error = &sentinel{"invalid format"}
	// ErrStateMismatch reports a state that came back from GitHub other
	// than the one the flow started with ([CheckState]).
	ErrStateMismatch error = &sentinel{"state does not match"}
	// ErrMissingScopes reports an OAuth token without scopes it needs; it
	// comes inside a [*MissingScopesError].
	ErrMissingScopes error = &sentinel{"missing scopes"}
	// ErrMissingPermissions reports a GitHub App's token without
	// permissions it needs; it comes inside a [*MissingPermissionsError].
	ErrMissingPermissions error = &sentinel{"missing permissions"}

	// ErrInvalidCode reports a manifest code that cannot be one of GitHub's:
	// it is checked before any request, so it never reaches the network.
	ErrInvalidCode error = &sentinel{"invalid manifest code"}
	// ErrCodeRejected reports a code GitHub does not take (HTTP 404 or
	// 422): expired (codes last one hour), used already, or unknown. The
	// error is an [*APIError] carrying GitHub's message.
	ErrCodeRejected error = &sentinel{"manifest code rejected"}
	// ErrAPI reports an answer other than success from GitHub's API; the
	// error is an [*APIError].
	ErrAPI error = &sentinel{"GitHub API error"}
	// ErrBadResponse reports a success answer that cannot be used: not
	// JSON, too large, or without a required field.
	ErrBadResponse error = &sentinel{"unusable response"}
	// ErrInvalidKey reports a private key that does not parse.
	ErrInvalidKey error = &sentinel{"invalid private key"}
)

// sentinel is the type of the sentinel errors. Alone, one reads "ghapp:
// TEXT"; inside a [FieldError], only TEXT shows after the field.
type sentinel struct{ text string }

func (s *sentinel) Error() string { return "ghapp: " + s.text }

// message returns err's text as it reads after a field name: a sentinel's
// without its "ghapp: " prefix.
func message(err error) string {
	switch err := err.(type) {
	case nil:
		return "<nil>"
	case *sentinel:
		return err.text
	}
	return err.Error()
}

// A FieldError reports a problem with one field of the input. Field is the
// field's wire name, the one GitHub uses: a registration link's parameter
// ("name", "callback_urls[3]", "checks"), a manifest's key
// ("default_permissions.workflows", "hook_attributes.url"), a request's
// parameter ("client_id"); "" when the problem is with the input as a
// whole, such as a name given to [ParsePermission]. Err says what is wrong
// and wraps a sentinel error such as [ErrUnknownPermission].
//
// Line and Column give the problem's position, both counted from 1:
// in a manifest read by [ReadManifest], the key or value it is about; in a
// registration link, Line is 1 and Column the byte at which the parameter
// starts. They are 0 where there is no position, as for a [Config] written
// in code.
type FieldError struct {
	Field  string
	Err    error
	Line   int
	Column int
}

// Error returns "ghapp: FIELD: PROBLEM", with " (line L, column C)" after
// FIELD when the position is known: "ghapp: default_events[2] (line 4,
// column 7): unknown event ...". Without a field it is "ghapp: line L,
// column C: PROBLEM", or "ghapp: PROBLEM".
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("ghapp: ")
	b.WriteString(e.Field)
	if e.Line > 0 {
		if e.Field != "" {
			b.WriteString(" (")
		}
		b.WriteString("line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column))
		if e.Field != "" {
			b.WriteString(")")
		}
	}
	if e.Field != "" || e.Line > 0 {
		b.WriteString(": ")
	}
	b.WriteString(message(e.Err))
	return b.String()
}

// Unwrap returns e.Err.
func (e *FieldError) Unwrap() error { return e.Err }

// MarshalJSON writes e as an object a tool can report:
// {"field":"default_permissions.issues","message":"...","line":3,"column":5},
// message being the problem alone, without the field, and line and column
// left out when unknown.
func (e *FieldError) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Field   string `json:"field"`
		Message string `json:"message"`
		Line    int    `json:"line,omitempty"`
		Column  int    `json:"column,omitempty"`
	}{e.Field, message(e.Err), e.Line, e.Column})
}

// A NameError reports a name that is not in the catalogue: a level,
// permission, event, scope, plan, or a link's parameter or manifest's key.
// It wraps the matching sentinel ([ErrUnknownPermission], ...), and
// [ErrRetired] as well when GitHub retired the name. It comes inside a
// [*FieldError].
type NameError struct {
	Name string // the name as given
	// Suggestion is the known name the input most likely meant
	// ("pull_requests" for "pull-requests"), or "".
	Suggestion string
	// Retired is GitHub's reason for retiring the name, or "".
	Retired string
	Err     error // the sentinel for the kind of name
}

// Error describes the problem and the suggestion: `unknown event
// "pull-request" (did you mean "pull_request"?)`.
func (e *NameError) Error() string { return e.describe(nameNoun(e.Err), true) }

// describe writes the message of e, calling the name a noun, and naming
// it when named is set (the field it is reported under may name it
// already: "default_permissions.pull-requests").
func (e *NameError) describe(noun string, named bool) string {
	var b strings.Builder
	name := quoteBounded(e.Name)
	switch {
	case e.Retired != "" && !named:
		b.WriteString(noun + " retired by GitHub (" + e.Retired + ")")
	case e.Retired != "":
		b.WriteString(noun + " " + name + " was retired by GitHub (" + e.Retired + ")")
	case !named:
		b.WriteString("unknown " + noun)
	default:
		b.WriteString("unknown " + noun + " " + name)
	}
	if e.Suggestion != "" {
		b.WriteString(" (did you mean " + strconv.Quote(e.Suggestion) + "?)")
	}
	return b.String()
}

// Unwrap returns the sentinel, and [ErrRetired] for a retired name.
func (e *NameError) Unwrap() []error {
	if e.Retired != "" {
		return []error{e.Err, ErrRetired}
	}
	return []error{e.Err}
}

// nameNoun says what a name of the kind sentinel reports is.
func nameNoun(sentinel error) string {
	switch sentinel {
	case ErrUnknownLevel:
		return "level"
	case ErrUnknownPlan:
		return "plan"
	case ErrUnknownPermission:
		return "permission"
	case ErrUnknownEvent:
		return "event"
	case ErrUnknownScope:
		return "scope"
	case ErrUnknownParameter:
		return "parameter"
	}
	return "name"
}

// detail is an error that adds words to a sentinel: its message is msg, and
// it wraps err.
type detail struct {
	err error
	msg string
}

func (d *detail) Error() string { return d.msg }
func (d *detail) Unwrap() error { return d.err }

// fieldErr returns a *FieldError for field wrapping sentinel, with a message
// made from format and args.
func fieldErr(field string, sentinel error, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Err: &detail{err: sentinel, msg: fmt.Sprintf(format, args...)}}
}

// unknownName returns the *FieldError for a name the catalogue lacks, given
// as a value: under field ("events[2]", or "" for a parse function's whole
// input), the message names it.
func unknownName(field, name string, sentinel error, suggestion, retired string) *FieldError {
	return &FieldError{Field: field, Err: &NameError{Name: name, Suggestion: suggestion, Retired: retired, Err: sentinel}}
}

// unknownKey returns the *FieldError for a name the catalogue lacks, given
// as a key: the field is prefix and the name
// ("default_permissions.pull-requests"), so the message does not repeat
// it. noun says what the name is, "" for the sentinel's own word.
func unknownKey(prefix, name string, sentinel error, suggestion, retired, noun string) *FieldError {
	if noun == "" {
		noun = nameNoun(sentinel)
	}
	ne := &NameError{Name: name, Suggestion: suggestion, Retired: retired, Err: sentinel}
	return &FieldError{Field: prefix + boundText(name), Err: &detail{err: ne, msg: ne.describe(noun, false)}}
}

// maxSameProblems is how many problems of one kind (one sentinel) a check
// reports before it counts the rest: an input of a million bad names gives
// a short error, not a long one.
const maxSameProblems = 20

// maxQuoted caps the bytes of input an error message quotes.
const maxQuoted = 80

// boundText returns s cut to maxQuoted bytes on a rune boundary, with "..."
// where it was cut.
func boundText(s string) string {
	if len(s) <= maxQuoted {
		return s
	}
	cut := maxQuoted
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "..."
}

// quoteBounded quotes s as strconv.Quote does, cut as by boundText.
func quoteBounded(s string) string { return strconv.Quote(boundText(s)) }

// quoteURL quotes the link s as quoteBounded does, with any user
// information before its host ("user:password@", often a token) replaced
// by "***@": an error names the link, never a credential in it. It reads
// s as text, so that a link that does not parse is redacted too.
func quoteURL(s string) string { return quoteBounded(redactUserinfo(s)) }

// redactUserinfo returns s with the user information of its authority,
// the text between "//" and the last "@" before the path, replaced by "***".
func redactUserinfo(s string) string {
	i := strings.Index(s, "//")
	if i < 0 {
		return s
	}
	start := i + 2
	end := len(s)
	if j := strings.IndexAny(s[start:], "/?#"); j >= 0 {
		end = start + j
	}
	at := strings.LastIndexByte(s[start:end], '@')
	if at < 0 {
		return s
	}
	return s[:start] + "***" + s[start+at:]
}

// An errorList collects the problems of one input: every problem, but no
// more than maxSameProblems of one kind, the rest counted.
type errorList struct {
	errs    []error
	kinds   []error // the sentinels met, in order
	counts  []int   // how many problems of kinds[i]
	dropped bool
	// lenient counts the problems that are only well-formed names the
	// catalogue does not know, which a parse function forgives with a
	// partial result.
	lenient int
}

// room counts a problem of kind and reports whether it is to be kept: it
// is not once maxSameProblems of that kind are in. A caller that builds an
// error at some cost asks first.
func (l *errorList) room(kind error) bool {
	i := 0
	for i < len(l.kinds) && l.kinds[i] != kind {
		i++
	}
	if i == len(l.kinds) {
		l.kinds = append(l.kinds, kind)
		l.counts = append(l.counts, 0)
	}
	l.counts[i]++
	if l.counts[i] > maxSameProblems {
		l.dropped = true
		return false
	}
	return true
}

// put adds err, for which room was made.
func (l *errorList) put(err error) { l.errs = append(l.errs, err) }

// add adds err, unless maxSameProblems of its kind are in already.
func (l *errorList) add(err *FieldError) {
	if l.room(sentinelOf(err.Err)) {
		l.put(err)
	}
}

// onlyLenient reports whether every problem is a well-formed unknown name.
func (l *errorList) onlyLenient() bool { return l.len() == l.lenient }

// len returns the number of problems met, counted ones included.
func (l *errorList) len() int {
	n := 0
	for _, c := range l.counts {
		n += c
	}
	return n
}

// list returns the problems, each kind past maxSameProblems followed by a
// count of the rest; nil when there are none.
func (l *errorList) list() []error {
	errs := l.errs
	if l.dropped {
		errs = slices.Clone(errs)
		for i, c := range l.counts {
			if c > maxSameProblems {
				errs = append(errs, fieldErr("", l.kinds[i], "%d more problems of this kind (%s) left out", c-maxSameProblems, message(l.kinds[i])))
			}
		}
	}
	return errs
}

// join returns the problems of list joined with errors.Join; nil when
// there are none, and the problem itself when there is one.
func (l *errorList) join() error {
	errs := l.list()
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// sentinelOf returns the sentinel a problem built by this package wraps.
func sentinelOf(err error) error {
	switch e := err.(type) {
	case *detail:
		return sentinelOf(e.err)
	case *NameError:
		return e.Err
	case *sentinel:
		return e
	}
	return err
}

// After creation: installation links, redirects, the live app and its
// installations, and their drift from the code (issue 12).
var (
	// ErrUnauthorized reports a 401 answer: GitHub did not accept the
	// request's credentials (a JSON Web Token expired or signed with another
	// key, a revoked token, none at all). It comes with [ErrAPI] inside an
	// [*APIError].
	ErrUnauthorized error = &sentinel{"unauthorized"}
	// ErrForbidden reports a 403 answer other than a rate limit: the
	// credentials are good but may not do this (an installation token
	// where a JSON Web Token is needed, a missing permission). It comes with
	// [ErrAPI] inside an [*APIError].
	ErrForbidden error = &sentinel{"forbidden"}
	// ErrNotFound reports a 404 answer: no such app or installation, or
	// one the credentials may not see, which GitHub does not tell apart.
	// It comes with [ErrAPI] inside an [*APIError]; [FindUserInstallation]
	// also returns it for an installation the user cannot reach.
	ErrNotFound error = &sentinel{"not found"}
	// ErrRateLimited reports a request refused for GitHub's rate limit: a
	// 429, or a 403 with no requests remaining or a Retry-After. The
	// [*APIError] it comes in says when to try again.
	ErrRateLimited error = &sentinel{"rate limited"}
	// ErrDenied reports a redirect that brought an error instead of a code
	// ([ParseSetupRedirect]): the user cancelled the authorization
	// (error=access_denied), or GitHub refused it.
	ErrDenied error = &sentinel{"authorization not given"}
)

// Tokens past the authorize link (issue 14): the errors of GitHub's OAuth
// token and device endpoints (each inside an [*OAuthError]), pre-filled
// token links, and what a 403 asks for.
var (
	// ErrOAuth reports an error answer of GitHub's OAuth endpoints
	// (login/oauth/access_token, login/device/code); it comes inside an
	// [*OAuthError], with the sentinel of its code when GitHub documents
	// the code.
	ErrOAuth error = &sentinel{"OAuth error"}
	// ErrAuthorizationPending reports that the user has not entered the
	// device flow's user code yet: poll again after the interval.
	ErrAuthorizationPending error = &sentinel{"authorization pending"}
	// ErrSlowDown reports a device-flow poll sooner than the interval:
	// GitHub adds 5 seconds to it.
	ErrSlowDown error = &sentinel{"polling too fast"}
	// ErrExpiredToken reports a device code past its 15 minutes: request
	// a new one.
	ErrExpiredToken error = &sentinel{"device code expired"}
	// ErrAccessDenied reports that the user cancelled the authorization.
	ErrAccessDenied error = &sentinel{"access denied"}
	// ErrDeviceFlowDisabled reports an app whose settings do not enable the
	// device flow.
	ErrDeviceFlowDisabled error = &sentinel{"device flow disabled"}
	// ErrUnsupportedGrantType reports a device-flow poll without GitHub's
	// grant_type.
	ErrUnsupportedGrantType error = &sentinel{"unsupported grant type"}
	// ErrIncorrectClientCredentials reports a wrong client ID or client
	// secret.
	ErrIncorrectClientCredentials error = &sentinel{"incorrect client credentials"}
	// ErrIncorrectDeviceCode reports a device code GitHub did not issue.
	ErrIncorrectDeviceCode error = &sentinel{"incorrect device code"}
	// ErrBadVerificationCode reports a web-flow code that is wrong, used,
	// expired (codes last 10 minutes) or not the one issued for this
	// authorization.
	ErrBadVerificationCode error = &sentinel{"bad verification code"}
	// ErrRedirectURIMismatch reports a redirect_uri other than the app's
	// callback URL allows.
	ErrRedirectURIMismatch error = &sentinel{"redirect URI mismatch"}
	// ErrUnverifiedUserEmail reports a user without a verified primary
	// email address, who cannot get a user access token.
	ErrUnverifiedUserEmail error = &sentinel{"unverified user email"}
	// ErrBadRefreshToken reports a refresh token that is invalid or
	// expired: send the user through the flow again.
	ErrBadRefreshToken error = &sentinel{"bad refresh token"}

	// ErrOutOfRange reports a number outside the range GitHub allows: a
	// token link's expires_in past 366 days.
	ErrOutOfRange error = &sentinel{"out of range"}
	// ErrNotAccepted reports an installation that has not accepted
	// permissions its app's registration already asks for; it comes
	// inside an [*InstallationPermissionsError].
	ErrNotAccepted error = &sentinel{"permissions not accepted"}
)

// Sentinel errors of the one-time credentials (issue 10, section 5) and of
// the manifest flow handler, [ManifestFlow] (issue 11).
var (
	// ErrPartialResponse reports a conversion answer, or stored credentials
	// read by [ParseCredentials], whose app ID, client ID and secrets were
	// read but some other field was not (a level GitHub added, a time in
	// another format, an owner of another shape). The credentials come back
	// beside it, complete in their ID and secrets; each problem is a
	// [*FieldError] naming the field.
	ErrPartialResponse error = &sentinel{"part of the answer could not be read"}
	// ErrUnsafeFile reports a credentials file's path that names something
	// other than a regular file with one link: a symbolic link, a hard link
	// to another name, a FIFO, a device or a folder. ghapp neither writes
	// through it nor replaces it.
	ErrUnsafeFile error = &sentinel{"unsafe file"}
	// ErrStoreFull reports that the default in-memory [StateStore] of a
	// [ManifestFlow] holds as many pending flows as it may; the handler
	// answers 503 until some complete or expire.
	ErrStoreFull error = &sentinel{"too many pending manifest flows"}
	// ErrUnknownState reports a manifest flow's state that no pending flow
	// has: it expired, it was used already, or it was never issued.
	ErrUnknownState error = &sentinel{"no pending manifest flow has this state"}
	// ErrMissingCookie reports a manifest flow's callback without the
	// flow's cookie: the flow was started in another browser, or this one
	// did not keep the cookie.
	ErrMissingCookie error = &sentinel{"the manifest flow's cookie is missing"}
	// ErrHostNotAllowed reports a request to [ServeLoopback]'s server whose
	// Host header is not the server's own address, as in a DNS rebinding
	// attack.
	ErrHostNotAllowed error = &sentinel{"host not allowed"}
)

// unjoin returns the errors joined in err, or err alone.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// Sentinel errors of the manifest flow's bounds and checks: the flows one
// client may leave pending, and the token of [ServeLoopback]'s start URL.
var (
	// ErrTooManyPending reports a [ManifestFlow] start refused because the
	// client (see ManifestFlow.ClientKey) has as many flows pending as
	// ManifestFlow.MaxPendingPerClient allows; the handler answers 429
	// until one completes or expires.
	ErrTooManyPending error = &sentinel{"too many pending manifest flows from one client"}
	// ErrInvalidStartToken reports a request to start a flow on
	// [ServeLoopback]'s server without the token of the start URL that
	// LoopbackOptions.Ready received, or with another one.
	ErrInvalidStartToken error = &sentinel{"missing or wrong start token"}
)
