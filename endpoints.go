package ghapp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// An OAuthEndpoint holds the OAuth 2.0 endpoints of one GitHub, named as
// golang.org/x/oauth2's Endpoint names them, so that this package need not
// import x/oauth2 and a program that does writes
//
//	oauth2.Endpoint{AuthURL: e.AuthURL, TokenURL: e.TokenURL,
//		DeviceAuthURL: e.DeviceAuthURL, AuthStyle: oauth2.AuthStyleInParams}
//
// GitHub reads the client's credentials as form parameters, as its
// documentation shows them; set AuthStyleInParams. x/oauth2's default,
// AuthStyleAutoDetect, sends every token request that fails once more at
// once, with the credentials moved to the other place, until one succeeds:
// each device-flow poll answered with authorization_pending is then
// followed by a second poll within the interval, which GitHub answers with
// slow_down, and the polling interval grows by 5 seconds at every poll.
//
// The scopes of a token come back in the token response's scope field,
// comma-separated ("repo,gist"): read them with [SplitScopes] and check
// them with [CheckScopes]. GitHub's error codes become [*OAuthError]
// values.
type OAuthEndpoint struct {
	// AuthURL is the page that starts the web flow:
	// https://github.com/login/oauth/authorize on github.com. See
	// [AuthorizeRequest] for the link with its parameters checked.
	AuthURL string
	// TokenURL exchanges a web-flow code, refreshes a token and answers
	// the device flow's polls: https://github.com/login/oauth/access_token.
	TokenURL string
	// DeviceAuthURL starts the device flow, which an app must enable in
	// its settings first: https://github.com/login/device/code.
	DeviceAuthURL string
}

// OAuthEndpoint returns the OAuth endpoints of t's GitHub: the paths
// /login/oauth/authorize, /login/oauth/access_token and /login/device/code
// on its web host, https://github.com for github.com, https://HOST for
// GitHub Enterprise Server and https://SUBDOMAIN.ghe.com for GHE.com (whose
// OAuth endpoints are on the web host, not on api.SUBDOMAIN.ghe.com).
//
// It returns a [*FieldError] wrapping [ErrInvalidTarget] when t is not a
// valid target (see [Target]) or names an organization: the endpoints are
// the same for every account.
func (t Target) OAuthEndpoint() (OAuthEndpoint, error) {
	origin, _, err := t.resolve()
	switch {
	case err != nil:
		return OAuthEndpoint{}, err
	case t.Organization != "":
		return OAuthEndpoint{}, fieldErr("organization", ErrInvalidTarget,
			"OAuth endpoints are the same for every account; leave the organization out")
	}
	return OAuthEndpoint{
		AuthURL:       origin + "/login/oauth/authorize",
		TokenURL:      origin + "/login/oauth/access_token",
		DeviceAuthURL: origin + "/login/device/code",
	}, nil
}

// An OAuthError is an error answer of GitHub's OAuth token or device
// endpoints: the web flow's code exchange, a refresh, or a device-flow step.
// Its fields are those of the answer, as x/oauth2's RetrieveError holds
// them, so a program that uses x/oauth2 writes
//
//	var re *oauth2.RetrieveError
//	if errors.As(err, &re) {
//		err = &ghapp.OAuthError{Code: re.ErrorCode, Description: re.ErrorDescription, URI: re.ErrorURI, Err: err}
//	}
//
// and then tests it with [errors.Is] against the sentinel of each code
// GitHub documents ([ErrDeviceFlowDisabled], [ErrExpiredToken], ...), all of
// which come with [ErrOAuth]. Error says what the code means and what to
// do, in GitHub's words where it has them.
//
// The token endpoint answers its errors with HTTP 200 and the error in the
// body (x/oauth2 reads them so); the device-code request answers
// device_flow_disabled with 400.
type OAuthError struct {
	// Code is GitHub's error code ("device_flow_disabled").
	Code string
	// Description is GitHub's error_description. It comes from the
	// server, so Error shows it cut to a few hundred bytes, without
	// control characters.
	Description string
	// URI is GitHub's error_uri, the page that explains the code.
	URI string
	// Err is the error the OAuthError was made from, such as x/oauth2's
	// *RetrieveError, or nil; errors.As still finds it.
	Err error
}

// oauthCode returns what to do about an error code GitHub documents for its
// OAuth endpoints, and the code's sentinel; "" and nil for another code.
func oauthCode(code string) (advice string, sentinel error) {
	switch code {
	case "authorization_pending":
		return "the user has not entered the code yet; poll again after the interval", ErrAuthorizationPending
	case "slow_down":
		return "polled sooner than the interval; wait 5 seconds longer from now on (the answer's interval field)", ErrSlowDown
	case "expired_token":
		return "the device code expired (it lasts 15 minutes); request a new one", ErrExpiredToken
	case "access_denied":
		return "the user cancelled the authorization; the code cannot be used again", ErrAccessDenied
	case "device_flow_disabled":
		return "the device flow is not enabled for this app; enable it in the app's settings (Enable Device Flow)", ErrDeviceFlowDisabled
	case "unsupported_grant_type":
		return "a device-flow poll needs grant_type=urn:ietf:params:oauth:grant-type:device_code", ErrUnsupportedGrantType
	case "incorrect_client_credentials":
		return "the client ID (or, in the web flow, the client secret) is wrong; the device flow needs the client ID only", ErrIncorrectClientCredentials
	case "incorrect_device_code":
		return "the device code is not one GitHub issued", ErrIncorrectDeviceCode
	case "bad_verification_code":
		return "the code is wrong, used, expired (codes last 10 minutes) or not the one issued for this authorization; start the authorization again", ErrBadVerificationCode
	case "redirect_uri_mismatch":
		return "redirect_uri must be the app's callback URL or under it; give a matching one, or leave it out for the default", ErrRedirectURIMismatch
	case "unverified_user_email":
		return "the user must verify their primary email address with GitHub first", ErrUnverifiedUserEmail
	case "bad_refresh_token":
		return "the refresh token is invalid or expired; send the user through the flow again", ErrBadRefreshToken
	}
	return "", nil
}

// maxOAuthText caps what Error shows of a description or URI.
const maxOAuthText = 256

// Error returns "ghapp: OAuth error CODE: ADVICE (GitHub says: DESCRIPTION;
// see URI)", the advice for the codes GitHub documents.
func (e *OAuthError) Error() string {
	var b strings.Builder
	b.WriteString("ghapp: OAuth error ")
	if e.Code == "" {
		b.WriteString("without a code")
	} else {
		b.WriteString(strings.Map(printableOnly, boundText(e.Code)))
	}
	if advice, _ := oauthCode(e.Code); advice != "" {
		b.WriteString(": " + advice)
	}
	desc, uri := cleanOAuthText(e.Description), cleanOAuthText(e.URI)
	if desc != "" || uri != "" {
		b.WriteString(" (")
		if desc != "" {
			b.WriteString("GitHub says: " + desc)
		}
		if uri != "" {
			if desc != "" {
				b.WriteString("; ")
			}
			b.WriteString("see " + uri)
		}
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns [ErrOAuth], the sentinel of e.Code when GitHub documents
// the code, and e.Err when it is set.
func (e *OAuthError) Unwrap() []error {
	errs := []error{ErrOAuth}
	if _, sentinel := oauthCode(e.Code); sentinel != nil {
		errs = append(errs, sentinel)
	}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// cleanOAuthText returns s cut to maxOAuthText bytes on a rune boundary,
// with control characters and invalid bytes replaced by spaces.
func cleanOAuthText(s string) string {
	if len(s) > maxOAuthText {
		cut := maxOAuthText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return strings.TrimSpace(strings.Map(printableOnly, s))
}

// printableOnly maps control characters and invalid bytes to spaces.
func printableOnly(r rune) rune {
	if unicode.IsControl(r) || r == utf8.RuneError {
		return ' '
	}
	return r
}
