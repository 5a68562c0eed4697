package ghapp

import (
	"net/url"
	"strconv"
	"strings"
)

// A SetupAction says what a person did before GitHub sent them to the app's
// setup URL or, with request_oauth_on_install, its callback URL
// (setup_action). GitHub sends it but does not document it: its pages name
// only installation_id on the setup URL. The three values below are the
// ones GitHub is known to send; [ParseSetupRedirect] keeps any other as it
// comes.
type SetupAction string

// The setup actions GitHub is known to send.
const (
	// SetupActionInstall: the person installed the app.
	SetupActionInstall SetupAction = "install"
	// SetupActionUpdate: the person changed an installation, such as its
	// repositories; GitHub sends people back after an update only when the
	// app sets setup_on_update ("Redirect on update").
	SetupActionUpdate SetupAction = "update"
	// SetupActionRequest: the person, a member of an organization who may
	// not install the app, asked its owners to. There is no installation
	// yet: it comes, if an owner agrees, as an installation webhook with
	// action created.
	SetupActionRequest SetupAction = "request"
)

// A SetupRedirect is what GitHub appends to the app's setup URL after a
// person installs the app, and to its callback URL after they authorize it:
// the query of the request that brings them back. [ParseSetupRedirect]
// reads it.
//
// Nothing in it can be trusted: anyone can open the setup URL with any
// query. GitHub's documentation warns that installation_id "can be
// spoofed" and that an app should "not rely on the validity of the
// installation_id parameter". To confirm it:
//
//  1. Compare State with the one the app put in its [InstallRequest]
//     ([CheckState]), which ties the redirect to a flow the app started.
//  2. Read the installation as the app: [GetInstallation], through a client
//     that authenticates with the app's JSON Web Token ([AppTransport]). An
//     [ErrNotFound] means no installation of this app has that ID.
//  3. Check that it belongs to the person who came back, as GitHub's
//     documentation advises: exchange Code (from the callback URL, or from
//     the OAuth web flow the app sends the person through,
//     [AuthorizeRequest]) for a user access token, and call
//     [FindUserInstallation] through a client that sends it. It fails with
//     ErrNotFound unless the user can reach the installation.
//
// Code is a secret, good once for a few minutes: a [Secret], it never shows
// when the redirect is printed with any fmt verb, logged with log/slog or
// encoded as JSON.
type SetupRedirect struct {
	// InstallationID is the installation the person installed or changed
	// (installation_id), 0 when the query has none. Confirm it before use:
	// see above.
	InstallationID int64
	// SetupAction is what the person did (setup_action), "" when the query
	// has none (a plain OAuth callback, or an older GitHub).
	SetupAction SetupAction
	// State is the state of the install link or authorize URL the person
	// came from (state), "" when there was none.
	State string
	// Code is the OAuth code to exchange for a user access token (code),
	// sent to the callback URL; empty on the setup URL. [Secret.Reveal]
	// reads it.
	Code Secret
	// Other holds the query's other parameters: the setup URL's own (a
	// setup URL may carry a query of its own, to which GitHub appends) and
	// any GitHub adds later. They are kept, not dropped, and not checked.
	Other url.Values
}

// Requested reports whether the person asked an organization's owners to
// install the app (setup_action=request): there is no installation to act
// on yet, whatever InstallationID holds.
func (r SetupRedirect) Requested() bool { return r.SetupAction == SetupActionRequest }

// Installed reports whether the redirect names an installation: an
// InstallationID, and a setup action other than a request. It says nothing
// of whether the installation exists; see [SetupRedirect] for how to
// confirm it.
func (r SetupRedirect) Installed() bool { return r.InstallationID != 0 && !r.Requested() }

// maxCodeLength caps an OAuth code; GitHub's are 20 characters.
const maxCodeLength = 512

// ParseSetupRedirect reads the query GitHub appends to the app's setup URL
// (installation_id, setup_action, state) or callback URL (code and state,
// and with request_oauth_on_install installation_id and setup_action too):
// rawQuery is the request's URL.RawQuery, with or without a leading "?".
// A handler reads it so:
//
//	redirect, err := ghapp.ParseSetupRedirect(r.URL.RawQuery)
//
// setup_action=request (a member asked an owner to install the app) is read
// as what it is, no installation yet: [SetupRedirect.Requested]. The
// installation_id is not confirmed: see [SetupRedirect] for how.
//
// An error= parameter, which GitHub sends to the callback URL instead of a
// code when the user cancels (error=access_denied) or GitHub refuses the
// authorization, as OAuth 2.0 (RFC 6749, section 4.1.2.1) specifies, is a
// [*FieldError] for "error" wrapping [ErrDenied] whose message holds
// GitHub's error code and description. Other problems are *FieldErrors
// named after their parameter, all returned at once, joined: a query
// without installation_id, setup_action, code or error, which GitHub never
// sends ([ErrRequired]), and setup_action install or update without
// installation_id ([ErrRequired]); installation_id not a positive number,
// setup_action not a plain word, code with spaces or control characters or
// longer than 512 bytes ([ErrInvalidFormat]); state with control characters
// ([ErrInvalidText]); a parameter given twice ([ErrDuplicate]); bad escapes,
// and a raw ";", which parsers disagree on (some take it for "&", and Go's
// url.ParseQuery refuses it) ([ErrMalformed]). Past twenty problems of one kind,
// the rest are counted. No error shows the code. The SetupRedirect then
// holds what could be read.
func ParseSetupRedirect(rawQuery string) (SetupRedirect, error) {
	var (
		r    SetupRedirect
		errs errorList
		seen = map[string]bool{}
		oerr = map[string]string{} // error, error_description, error_uri
	)
	eachQueryParam(strings.TrimPrefix(rawQuery, "?"), false, &errs, func(key string) bool { return key == "code" }, func(key, val string) {
		switch key {
		case "installation_id", "setup_action", "state", "code", "error", "error_description", "error_uri":
			if seen[key] {
				errs.add(fieldErr(key, ErrDuplicate, "given more than once"))
				return
			}
			seen[key] = true
		}
		switch key {
		case "installation_id":
			id, err := strconv.ParseInt(val, 10, 64)
			if err != nil || id <= 0 {
				errs.add(fieldErr(key, ErrInvalidFormat, "%s is not an installation's ID: a positive decimal number", quoteBounded(val)))
				return
			}
			r.InstallationID = id
		case "setup_action":
			if !plainName(val, 64) {
				errs.add(fieldErr(key, ErrInvalidFormat, "%s is not a setup action such as install, update or request", quoteBounded(val)))
				return
			}
			r.SetupAction = SetupAction(val)
		case "state":
			if err := checkText(key, val, false); err != nil {
				errs.add(err)
				return
			}
			r.State = val
		case "code":
			if err := checkCode(val); err != nil {
				errs.add(err)
				return
			}
			r.Code = NewSecret(val)
		case "error", "error_description", "error_uri":
			oerr[key] = val
		default:
			if r.Other == nil {
				r.Other = url.Values{}
			}
			r.Other[key] = append(r.Other[key], val)
		}
	})
	switch {
	case seen["error"]:
		msg := "GitHub sent " + quoteBounded(cleanAPIText(oerr["error"]))
		if d := oerr["error_description"]; d != "" {
			msg += ": " + boundText(cleanAPIText(d))
		}
		errs.add(&FieldError{Field: "error", Err: &detail{err: ErrDenied, msg: msg}})
	case (r.SetupAction == SetupActionInstall || r.SetupAction == SetupActionUpdate) && !seen["installation_id"]:
		errs.add(fieldErr("installation_id", ErrRequired, "setup_action=%s comes with the installation's ID", r.SetupAction))
	case errs.len() == 0 && !seen["installation_id"] && !seen["setup_action"] && !seen["code"]:
		// Only when nothing else is wrong: a query whose parameters did not
		// read needs no second error.
		errs.add(fieldErr("", ErrRequired, "neither installation_id, setup_action, code nor error: not a redirect from GitHub"))
	}
	return r, errs.join()
}

// checkCode checks an OAuth code without showing it in the error.
func checkCode(s string) *FieldError {
	switch {
	case s == "":
		return fieldErr("code", ErrInvalidFormat, "empty")
	case len(s) > maxCodeLength:
		return fieldErr("code", ErrInvalidFormat, "%d bytes; GitHub's codes are far shorter", len(s))
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f {
			return fieldErr("code", ErrInvalidFormat, "holds a space, control character or non-ASCII byte at byte %d", i)
		}
	}
	return nil
}

// plainName reports whether s is a name as GitHub writes its keys and
// values: 1 to limit bytes of lower-case letters, digits and "_".
func plainName(s string, limit int) bool {
	if len(s) == 0 || len(s) > limit {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
