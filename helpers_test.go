package ghapp_test

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/ghapp-dev/ghapp"
	"github.com/google/go-cmp/cmp"
)

// sentinels names every sentinel error, for readable test tables.
var sentinels = []struct {
	name string
	err  error
}{
	{"ErrUnknownLevel", ghapp.ErrUnknownLevel},
	{"ErrUnknownPlan", ghapp.ErrUnknownPlan},
	{"ErrUnknownPermission", ghapp.ErrUnknownPermission},
	{"ErrUnknownEvent", ghapp.ErrUnknownEvent},
	{"ErrUnknownScope", ghapp.ErrUnknownScope},
	{"ErrDuplicate", ghapp.ErrDuplicate},
	{"ErrRequired", ghapp.ErrRequired},
	{"ErrTooMany", ghapp.ErrTooMany},
	{"ErrTooLong", ghapp.ErrTooLong},
	{"ErrInvalidText", ghapp.ErrInvalidText},
	{"ErrInvalidURL", ghapp.ErrInvalidURL},
	{"ErrInvalidPath", ghapp.ErrInvalidPath},
	{"ErrConflict", ghapp.ErrConflict},
	{"ErrLevelNotAllowed", ghapp.ErrLevelNotAllowed},
	{"ErrEventNeedsPermission", ghapp.ErrEventNeedsPermission},
	{"ErrNotSubscribable", ghapp.ErrNotSubscribable},
	{"ErrNotOnPlan", ghapp.ErrNotOnPlan},
	{"ErrInvalidTarget", ghapp.ErrInvalidTarget},
	{"ErrUnknownParameter", ghapp.ErrUnknownParameter},
	{"ErrNotSettable", ghapp.ErrNotSettable},
	{"ErrInvalidBool", ghapp.ErrInvalidBool},
	{"ErrMalformed", ghapp.ErrMalformed},
	{"ErrRetired", ghapp.ErrRetired},
	{"ErrInvalidFormat", ghapp.ErrInvalidFormat},
	{"ErrStateMismatch", ghapp.ErrStateMismatch},
	{"ErrMissingScopes", ghapp.ErrMissingScopes},
	{"ErrMissingPermissions", ghapp.ErrMissingPermissions},
	{"ErrInvalidCode", ghapp.ErrInvalidCode},
	{"ErrCodeRejected", ghapp.ErrCodeRejected},
	{"ErrAPI", ghapp.ErrAPI},
	{"ErrBadResponse", ghapp.ErrBadResponse},
	{"ErrInvalidKey", ghapp.ErrInvalidKey},
	{"ErrUnauthorized", ghapp.ErrUnauthorized},
	{"ErrForbidden", ghapp.ErrForbidden},
	{"ErrNotFound", ghapp.ErrNotFound},
	{"ErrRateLimited", ghapp.ErrRateLimited},
	{"ErrDenied", ghapp.ErrDenied},
	{"ErrOAuth", ghapp.ErrOAuth},
	{"ErrAuthorizationPending", ghapp.ErrAuthorizationPending},
	{"ErrSlowDown", ghapp.ErrSlowDown},
	{"ErrExpiredToken", ghapp.ErrExpiredToken},
	{"ErrAccessDenied", ghapp.ErrAccessDenied},
	{"ErrDeviceFlowDisabled", ghapp.ErrDeviceFlowDisabled},
	{"ErrUnsupportedGrantType", ghapp.ErrUnsupportedGrantType},
	{"ErrIncorrectClientCredentials", ghapp.ErrIncorrectClientCredentials},
	{"ErrIncorrectDeviceCode", ghapp.ErrIncorrectDeviceCode},
	{"ErrBadVerificationCode", ghapp.ErrBadVerificationCode},
	{"ErrRedirectURIMismatch", ghapp.ErrRedirectURIMismatch},
	{"ErrUnverifiedUserEmail", ghapp.ErrUnverifiedUserEmail},
	{"ErrBadRefreshToken", ghapp.ErrBadRefreshToken},
	{"ErrOutOfRange", ghapp.ErrOutOfRange},
	{"ErrNotAccepted", ghapp.ErrNotAccepted},
	{"ErrPartialResponse", ghapp.ErrPartialResponse},
	{"ErrUnsafeFile", ghapp.ErrUnsafeFile},
	{"ErrStoreFull", ghapp.ErrStoreFull},
	{"ErrUnknownState", ghapp.ErrUnknownState},
	{"ErrMissingCookie", ghapp.ErrMissingCookie},
	{"ErrHostNotAllowed", ghapp.ErrHostNotAllowed},
	{"ErrTooManyPending", ghapp.ErrTooManyPending},
	{"ErrInvalidStartToken", ghapp.ErrInvalidStartToken},
}

// problems lists err's *FieldErrors as "FIELD: SENTINEL" lines, in order,
// naming every sentinel each one wraps, so that tests compare exact fields
// and sentinels with cmp.Diff. An error that is not a *FieldError shows as
// "?: MESSAGE".
func problems(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if fe, ok := err.(*ghapp.FieldError); ok {
			line := fe.Field + ":"
			for _, s := range sentinels {
				if errors.Is(fe, s.err) {
					line += " " + s.name
				}
			}
			out = append(out, line)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		out = append(out, fmt.Sprintf("?: %v", err))
	}
	walk(err)
	return out
}

// notFieldErrors returns the errors joined in err that are not
// *ghapp.FieldError values: every problem with input must be one.
func notFieldErrors(err error) []error {
	if err == nil {
		return nil
	}
	if _, ok := err.(*ghapp.FieldError); ok {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, notFieldErrors(e)...)
		}
		return out
	}
	return []error{err}
}

// checkAvailableOn checks that availableOn is true for exactly the plans in
// want, among every known plan.
func checkAvailableOn(t *testing.T, want []ghapp.Plan, availableOn func(ghapp.Plan) bool) {
	t.Helper()
	for _, plan := range ghapp.KnownPlans() {
		if got := availableOn(plan); got != slices.Contains(want, plan) {
			t.Errorf("AvailableOn(%v) = %v, want %v", plan, got, !got)
		}
	}
}

// checkGolden compares got with the golden file at path, which -update
// rewrites.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to write it)", err)
	}
	if diff := cmp.Diff(strings.TrimSuffix(string(want), "\n"), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}
