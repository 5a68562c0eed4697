package ghapp

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors. Every error this package returns wraps one of them, so
// callers test with [errors.Is] rather than by message.
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

// nameError builds the *FieldError the parse functions return.
func nameError(field, name string, sentinel error, suggestion, retired string) error {
	return &FieldError{Field: field, Err: &NameError{Name: name, Suggestion: suggestion, Retired: retired, Err: sentinel}}
}
