package main

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/ghapp-dev/ghapp"
)

// A finding is one problem in an input, placed where it stands.
type finding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`   // from 1; 0 when unknown
	Column   int    `json:"column"` // from 1, in characters; 0 when unknown
	Field    string `json:"field"`  // the wire name: "default_permissions.issues", "events[2]"
	Message  string `json:"message"`
	Severity string `json:"severity"` // "error" or "warning"
	// Rule names the kind of problem by the library's sentinel error:
	// "unknown-permission", "given-twice".
	Rule string `json:"rule"`
}

const (
	severityError   = "error"
	severityWarning = "warning"
)

// A place is where a value stands in a file.
type place struct {
	file         string
	line, column int
}

// problem is an error of the command's own about input, which wraps one of
// the library's sentinels so that it gets a rule like the library's.
type problem struct {
	msg string
	err error
}

func (p *problem) Error() string { return p.msg }
func (p *problem) Unwrap() error { return p.err }

// newProblem returns a *ghapp.FieldError for field, wrapping sentinel, at
// no position.
func newProblem(field string, sentinel error, msg string) *ghapp.FieldError {
	return &ghapp.FieldError{Field: field, Err: &problem{msg: msg, err: sentinel}}
}

// fieldErrors returns the problems in err: each error joined in it, as a
// *ghapp.FieldError (one that is not a FieldError is wrapped in one
// without a field).
func fieldErrors(err error) []*ghapp.FieldError {
	var out []*ghapp.FieldError
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		var fe *ghapp.FieldError
		if e, ok := err.(*ghapp.FieldError); ok {
			out = append(out, e)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if errors.As(err, &fe) {
			out = append(out, fe)
			return
		}
		out = append(out, &ghapp.FieldError{Err: err})
	}
	walk(err)
	return out
}

// message returns fe's problem without its field, as fe's JSON form has it.
func message(fe *ghapp.FieldError) string {
	data, err := json.Marshal(fe)
	if err != nil {
		return fe.Error()
	}
	var v struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(data, &v) != nil {
		return fe.Error()
	}
	// The library speaks to Go code; every command that reads an app
	// takes the flag instead.
	if m, ok := strings.CutSuffix(v.Message, "set AllowUnknown"); ok {
		return m + "give --allow-unknown"
	}
	return v.Message
}

// newFinding returns the finding for fe at p, every text made safe to
// print.
func newFinding(fe *ghapp.FieldError, p place, severity string) finding {
	return finding{
		File:     safe(p.file),
		Line:     p.line,
		Column:   p.column,
		Field:    safe(fe.Field),
		Message:  safe(message(fe)),
		Severity: severity,
		Rule:     ruleOf(fe),
	}
}

// sentinels are the library's sentinel errors a finding can wrap, the more
// telling first (a retired permission is also an unknown one).
var sentinels = [...]error{
	ghapp.ErrRetired,
	ghapp.ErrUnknownLevel, ghapp.ErrUnknownPlan, ghapp.ErrUnknownPermission, ghapp.ErrUnknownEvent,
	ghapp.ErrUnknownScope, ghapp.ErrDuplicate, ghapp.ErrRequired, ghapp.ErrTooMany, ghapp.ErrTooLong,
	ghapp.ErrInvalidText, ghapp.ErrInvalidURL, ghapp.ErrInvalidPath, ghapp.ErrConflict,
	ghapp.ErrLevelNotAllowed, ghapp.ErrEventNeedsPermission, ghapp.ErrNotSubscribable,
	ghapp.ErrNotOnPlan, ghapp.ErrInvalidTarget, ghapp.ErrUnknownParameter, ghapp.ErrNotSettable,
	ghapp.ErrInvalidBool, ghapp.ErrMalformed, ghapp.ErrInvalidFormat,
}

// ruleOf names the kind of fe's problem after its sentinel's text:
// ErrUnknownPermission ("ghapp: unknown permission") is
// "unknown-permission".
func ruleOf(fe *ghapp.FieldError) string {
	for _, s := range sentinels {
		if errors.Is(fe, s) {
			return ruleName(s)
		}
	}
	return "other"
}

func ruleName(sentinel error) string {
	text := strings.TrimPrefix(sentinel.Error(), "ghapp: ")
	return strings.ReplaceAll(strings.ToLower(text), " ", "-")
}

// counts returns how many findings are errors and how many warnings.
func counts(fs []finding) (errs, warnings int) {
	for _, f := range fs {
		if f.Severity == severityWarning {
			warnings++
		} else {
			errs++
		}
	}
	return errs, warnings
}
