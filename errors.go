package ghapp

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors. Every problem with input (a name, a setting, a link, a
// manifest, an answer from GitHub) wraps one of them, so callers test with
// [errors.Is] rather than by message. Errors of the network, the file
// system, a writer or the random source come back wrapped as they are, for
// errors.Is with their own sentinels (context.Canceled, fs.ErrExist, ...).
var (
	// ErrUnknownLevel reports a permission level GitHub does not have.
	ErrUnknownLevel = errors.New("ghapp: unknown level")
	// ErrUnknownPlan reports a plan name the catalogue does not know.
	ErrUnknownPlan = errors.New("ghapp: unknown plan")
	// ErrUnknownPermission reports a permission name the catalogue does not know.
	ErrUnknownPermission = errors.New("ghapp: unknown permission")
	// ErrUnknownEvent reports a webhook event name the catalogue does not know.
	ErrUnknownEvent = errors.New("ghapp: unknown event")
	// ErrUnknownScope reports an OAuth scope name the catalogue does not know.
	ErrUnknownScope = errors.New("ghapp: unknown scope")
	// ErrRetired reports a name GitHub used to accept and no longer does. It
	// comes together with the matching ErrUnknown... sentinel.
	ErrRetired = errors.New("ghapp: retired")
	// ErrDuplicate reports a value given twice where it may appear once, such
	// as a permission named by both its names in one JSON object.
	ErrDuplicate = errors.New("ghapp: given twice")

	// ErrRequired reports a setting that another one needs and that is
	// missing: webhook_url when webhook_active is true, say.
	ErrRequired = errors.New("ghapp: required")
	// ErrTooMany reports a list longer than GitHub allows.
	ErrTooMany = errors.New("ghapp: too many")
	// ErrTooLong reports a text longer than GitHub allows.
	ErrTooLong = errors.New("ghapp: too long")
	// ErrInvalidText reports text that is not valid UTF-8 or holds control
	// characters.
	ErrInvalidText = errors.New("ghapp: invalid text")
	// ErrInvalidURL reports a URL setting that is not an absolute http or
	// https URL with a host.
	ErrInvalidURL = errors.New("ghapp: invalid URL")
	// ErrInvalidPath reports a single-file path that is not a relative path
	// inside the repository.
	ErrInvalidPath = errors.New("ghapp: invalid path")
	// ErrConflict reports two settings that cannot be used together.
	ErrConflict = errors.New("ghapp: conflicting settings")
	// ErrLevelNotAllowed reports a permission asked for at a level it does
	// not have, such as workflows at read.
	ErrLevelNotAllowed = errors.New("ghapp: level not allowed")
	// ErrEventNeedsPermission reports an event without any of the
	// permissions that let an app subscribe to it.
	ErrEventNeedsPermission = errors.New("ghapp: event needs a permission")
	// ErrNotSubscribable reports an event an app cannot choose: one apps
	// never receive, or one every app receives anyway.
	ErrNotSubscribable = errors.New("ghapp: event cannot be subscribed to")
	// ErrNotOnPlan reports a permission or event the target's plan does not
	// have.
	ErrNotOnPlan = errors.New("ghapp: not on this plan")
	// ErrInvalidTarget reports a target GitHub has no registration page at:
	// a bad base URL, organization or plan, or a link to another page.
	ErrInvalidTarget = errors.New("ghapp: invalid target")
	// ErrUnknownParameter reports a query parameter of a registration URL
	// that GitHub does not read.
	ErrUnknownParameter = errors.New("ghapp: unknown parameter")
	// ErrNotSettable reports a parameter GitHub does not accept in a
	// registration URL, such as webhook_secret.
	ErrNotSettable = errors.New("ghapp: cannot be set in a registration URL")
	// ErrInvalidBool reports a boolean parameter other than true or false.
	ErrInvalidBool = errors.New("ghapp: invalid boolean")
	// ErrMalformed reports a registration URL that does not parse (a bad
	// escape, or text after "#" that browsers never send), or a header
	// value not written as GitHub writes it.
	ErrMalformed = errors.New("ghapp: malformed")
	// ErrInvalidFormat reports a value that is not written the way GitHub
	// requires: a login that is not a GitHub login, or a PKCE code challenge
	// or verifier of the wrong length or alphabet.
	ErrInvalidFormat = errors.New("ghapp: invalid format")
	// ErrMissingScopes reports an OAuth token without scopes it needs; it
	// comes inside a [*MissingScopesError].
	ErrMissingScopes = errors.New("ghapp: missing scopes")
	// ErrMissingPermissions reports a GitHub App's token without
	// permissions it needs; it comes inside a [*MissingPermissionsError].
	ErrMissingPermissions = errors.New("ghapp: missing permissions")
)

// A FieldError reports a problem with one field of the input. Field is the
// field's wire name, the one GitHub uses ("name", "callback_urls[3]",
// "permissions.workflows"); Err says what is wrong and wraps a sentinel error
// such as [ErrUnknownPermission].
type FieldError struct {
	Field string
	Err   error
}

// Error returns "ghapp: FIELD: PROBLEM".
func (e *FieldError) Error() string {
	msg := "<nil>"
	if e.Err != nil {
		msg = strings.TrimPrefix(e.Err.Error(), "ghapp: ")
	}
	if e.Field == "" {
		return "ghapp: " + msg
	}
	return "ghapp: " + e.Field + ": " + msg
}

// Unwrap returns e.Err.
func (e *FieldError) Unwrap() error { return e.Err }

// A NameError reports a name that is not in the catalogue: a level,
// permission, event, scope or plan. It wraps the matching sentinel
// ([ErrUnknownPermission], ...), and [ErrRetired] as well when GitHub
// retired the name. The parse functions return it inside a [*FieldError].
type NameError struct {
	Name string // the name as given
	// Suggestion is the known name the input most likely meant
	// ("pull_requests" for "pull-requests"), or "".
	Suggestion string
	// Retired is GitHub's reason for retiring the name, or "".
	Retired string
	Err     error // the sentinel for the kind of name
}

// Error describes the name and, where there is one, the suggestion.
func (e *NameError) Error() string {
	kind := strings.TrimPrefix(strings.TrimPrefix(errString(e.Err), "ghapp: "), "unknown ")
	var b strings.Builder
	if e.Retired != "" {
		b.WriteString(kind + " " + strconv.Quote(e.Name) + " was retired by GitHub (" + e.Retired + ")")
	} else {
		b.WriteString("unknown " + kind + " " + strconv.Quote(e.Name))
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

func errString(err error) string {
	if err == nil {
		return "name"
	}
	return err.Error()
}

// detail is an error that adds words to a sentinel without repeating the
// "ghapp:" prefix: its message is msg, and it wraps err.
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

// nameError builds the *FieldError the parse functions return.
func nameError(field, name string, sentinel error, suggestion, retired string) error {
	return &FieldError{Field: field, Err: &NameError{Name: name, Suggestion: suggestion, Retired: retired, Err: sentinel}}
}
