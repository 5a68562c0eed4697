package ghapp

import (
	"errors"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// AuthorizeRequest is the first step of the OAuth web flow, for an OAuth App
// or a GitHub App acting for a user: the page on GitHub where the user
// signs in and authorises the app. Each field is one query parameter;
// [AuthorizeRequest.URL] checks them and writes the link.
type AuthorizeRequest struct {
	// ClientID is the app's client ID (client_id). It is required.
	ClientID string
	// RedirectURI is where GitHub sends the user back (redirect_uri); ""
	// sends them to the app's callback URL. GitHub accepts it only on the
	// callback URL's host (or a subdomain of it) and port, under the
	// callback URL's path; the port may differ for a loopback host. That
	// check needs the app's settings, so GitHub makes it, not URL.
	RedirectURI string
	// State is echoed back to the redirect URI (state). Use an unguessable
	// random value and compare it when the user comes back; without it a
	// third party can start the flow. It is optional for GitHub, not for a
	// careful app.
	State string
	// Login suggests the account to sign in with (login), by its login.
	Login string
	// Scopes are the OAuth scopes asked for (scope), written in the order
	// given, separated by spaces. None leaves the parameter out: GitHub then
	// gives a user who authorised the app before the scopes they granted
	// then, and a new user no scope at all. A GitHub App needs none: its
	// permissions come from its registration.
	Scopes []Scope
	// AllowSignup, when not nil, says whether a signed-out user is offered
	// to sign up for GitHub (allow_signup); GitHub's default is true.
	AllowSignup *bool
	// CodeChallenge is the PKCE code challenge (code_challenge), sent with
	// code_challenge_method=S256, the only method GitHub supports: the
	// value of [PKCEChallenge] for a verifier from [NewPKCEVerifier]. The
	// verifier goes with the code exchange.
	CodeChallenge string
	// SelectAccount makes GitHub show its account picker even to a user
	// signed in to one account (prompt=select_account).
	SelectAccount bool
}

// URL returns the link that starts the OAuth web flow on t's GitHub:
// https://github.com/login/oauth/authorize, on the host of t.BaseURL for
// GitHub Enterprise Server and GHE.com. The parameters come in a fixed
// order, client_id, redirect_uri, login, scope, state, allow_signup, prompt,
// code_challenge, code_challenge_method, escaped as registration URLs are
// (every byte but letters, digits, "-._~", ":" and "/" is percent-encoded),
// so the scopes are separated by %20 as GitHub's documentation shows:
//
//	https://github.com/login/oauth/authorize?client_id=...&scope=user%20repo_deployment
//
// It returns every problem at once, joined with [errors.Join], each a
// [*FieldError] named after its parameter: client_id missing
// ([ErrRequired]) or holding spaces or control characters
// ([ErrInvalidText]); redirect_uri not an absolute https URL with a host, or
// holding credentials or a fragment, with http allowed for loopback hosts
// only ([ErrInvalidURL]); login not a GitHub login and code_challenge not 43
// characters of base64url ([ErrInvalidFormat]); state holding control
// characters ([ErrInvalidText]); a scope the catalogue does not know or
// GitHub retired ([ErrUnknownScope], [ErrRetired]), one t's plan lacks
// ([ErrNotOnPlan]) or one given twice ([ErrDuplicate]); and t itself
// ([ErrInvalidTarget]), which must name no organization: the authorize page
// is the same for every account.
func (r AuthorizeRequest) URL(t Target) (string, error) {
	var errs []error
	origin, plan, err := t.forEveryAccount("an authorize URL is the same for every account; leave the organization out")
	if err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, r.check(plan)...)
	if len(errs) > 0 {
		return "", errors.Join(errs...)
	}
	return r.encode(origin + "/login/oauth/authorize"), nil
}

// check checks r's parameters; when plan is not 0, it also checks that plan
// knows every scope.
func (r AuthorizeRequest) check(plan Plan) []error {
	var errs []error
	add := func(err *FieldError) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if r.ClientID == "" {
		add(fieldErr("client_id", ErrRequired, "GitHub needs the app's client ID"))
	} else {
		add(checkToken("client_id", r.ClientID))
	}
	if r.RedirectURI != "" {
		add(checkRedirectURI(r.RedirectURI))
	}
	if r.Login != "" && !validLogin(r.Login) {
		add(fieldErr("login", ErrInvalidFormat,
			"%s is not a GitHub login: letters, digits and single hyphens, not at either end, at most 39 characters", quoteBounded(r.Login)))
	}
	for i, s := range r.Scopes {
		switch {
		case !s.Known():
			errs = append(errs, unknownScope("scope", string(s)))
		case slices.Contains(r.Scopes[:i], s):
			add(fieldErr("scope", ErrDuplicate, "%s is asked for twice", s))
		case plan != 0 && !s.AvailableOn(plan):
			add(fieldErr("scope", ErrNotOnPlan, "%s is not on %s", s, plan))
		}
	}
	add(checkText("state", r.State, false))
	if r.CodeChallenge != "" {
		add(checkPKCEChallenge(r.CodeChallenge))
	}
	return errs
}

// checkToken checks a value that GitHub issues, such as a client ID: valid
// UTF-8 without spaces or control characters.
func checkToken(field, s string) *FieldError {
	if !utf8.ValidString(s) {
		return fieldErr(field, ErrInvalidText, "not valid UTF-8")
	}
	for i, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return fieldErr(field, ErrInvalidText, "%s holds a space or control character at byte %d", quoteBounded(s), i)
		}
	}
	return nil
}

// checkRedirectURI checks redirect_uri as [checkRedirect] does.
func checkRedirectURI(s string) *FieldError {
	err := checkRedirect(s)
	if err != nil {
		err.Field = "redirect_uri"
	}
	return err
}

// encode writes page followed by r's parameters in their fixed order.
func (r AuthorizeRequest) encode(page string) string {
	var b linkBuilder
	b.start(page, len(page)+128+len(r.RedirectURI)+len(r.State)+16*len(r.Scopes))
	b.param("client_id")
	b.escaped(r.ClientID)
	b.text("redirect_uri", r.RedirectURI)
	b.text("login", r.Login)
	if len(r.Scopes) > 0 {
		b.param("scope")
		for i, s := range r.Scopes {
			if i > 0 {
				b.WriteString("%20")
			}
			b.escaped(string(s))
		}
	}
	b.text("state", r.State)
	if r.AllowSignup != nil {
		b.param("allow_signup")
		b.WriteString(strconv.FormatBool(*r.AllowSignup))
	}
	if r.SelectAccount {
		b.param("prompt")
		b.WriteString("select_account")
	}
	if r.CodeChallenge != "" {
		b.text("code_challenge", r.CodeChallenge)
		b.param("code_challenge_method")
		b.WriteString("S256")
	}
	return b.String()
}
