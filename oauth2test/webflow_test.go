package oauth2test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/ghapp-dev/ghapp"
)

const (
	clientID     = "Ov23liExample"
	clientSecret = "s3cr3t-not-in-any-output"
	callback     = "http://127.0.0.1:9999/callback"
)

// config is the x/oauth2 configuration for the stand-in, built from the
// target's endpoint as ghapp gives it.
func config(t *testing.T, s *stand, style oauth2.AuthStyle, scopes ...ghapp.Scope) *oauth2.Config {
	t.Helper()
	ep, err := s.target().OAuthEndpoint()
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(scopes))
	for i, sc := range scopes {
		names[i] = string(sc)
	}
	return &oauth2.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		Endpoint: oauth2.Endpoint{AuthURL: ep.AuthURL, TokenURL: ep.TokenURL,
			DeviceAuthURL: ep.DeviceAuthURL, AuthStyle: style},
		RedirectURL: callback,
		Scopes:      names,
	}
}

// noRedirects is a client that stops at GitHub's redirect back to the app,
// as a browser hands it to the app.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// visit opens link as the user would and returns the query of the redirect
// back to the app.
func visit(t *testing.T, link string) url.Values {
	t.Helper()
	resp, err := noRedirects.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("GET %s: %s, want a redirect", link, resp.Status)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc.Query()
}

// githubError turns x/oauth2's error for one of GitHub's error answers into
// a *ghapp.OAuthError, which knows GitHub's codes; other errors are kept.
func githubError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return &ghapp.OAuthError{Code: re.ErrorCode, Description: re.ErrorDescription, URI: re.ErrorURI, Err: err}
	}
	return err
}

// tokenScopes reads the scope field of a token response.
func tokenScopes(t *testing.T, tok *oauth2.Token) []ghapp.Scope {
	t.Helper()
	s, ok := tok.Extra("scope").(string)
	if !ok {
		t.Fatalf("the token response's scope is %#v, want a string", tok.Extra("scope"))
	}
	return ghapp.SplitScopes(s)
}

func TestOAuthEndpointMatchesX(t *testing.T) {
	// x/oauth2 knows github.com's endpoints; ghapp gives the same.
	ep, err := ghapp.Target{}.OAuthEndpoint()
	if err != nil {
		t.Fatal(err)
	}
	want := oauth2.Endpoint{AuthURL: "https://github.com/login/oauth/authorize",
		TokenURL: "https://github.com/login/oauth/access_token", DeviceAuthURL: "https://github.com/login/device/code"}
	got := oauth2.Endpoint{AuthURL: ep.AuthURL, TokenURL: ep.TokenURL, DeviceAuthURL: ep.DeviceAuthURL}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// TestWebFlow runs the whole web flow against the stand-in, starting from
// either link: ghapp's AuthorizeRequest, or x/oauth2's AuthCodeURL with the
// target's endpoint. Both use a PKCE verifier and a state.
func TestWebFlow(t *testing.T) {
	required := []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeReadOrg}
	for _, start := range []string{"AuthorizeRequest", "AuthCodeURL"} {
		for _, accept := range []string{"form", "json"} {
			t.Run(start+"/"+accept, func(t *testing.T) {
				s := newStand(t, clientID, clientSecret, callback)
				conf := config(t, s, oauth2.AuthStyleInParams, required...)
				state, err := ghapp.NewState()
				if err != nil {
					t.Fatal(err)
				}
				verifier, err := ghapp.NewPKCEVerifier()
				if err != nil {
					t.Fatal(err)
				}
				var link string
				switch start {
				case "AuthorizeRequest":
					link, err = ghapp.AuthorizeRequest{ClientID: clientID, RedirectURI: callback, State: state,
						Scopes: required, CodeChallenge: ghapp.PKCEChallenge(verifier)}.URL(s.target())
					if err != nil {
						t.Fatal(err)
					}
				case "AuthCodeURL":
					link = conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))
				}

				back := visit(t, link)
				if err := ghapp.CheckState(back.Get("state"), state); err != nil {
					t.Fatal(err)
				}
				ctx := context.Background()
				if accept == "json" {
					ctx = context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Transport: acceptJSON{}})
				}
				tok, err := conf.Exchange(ctx, back.Get("code"), oauth2.VerifierOption(verifier))
				if err != nil {
					t.Fatal(githubError(err))
				}
				granted := tokenScopes(t, tok)
				if diff := cmp.Diff([]ghapp.Scope{ghapp.ScopeReadOrg, ghapp.ScopeRepo}, granted); diff != "" {
					t.Errorf("scopes mismatch (-want +got):\n%s", diff)
				}
				if err := ghapp.CheckScopes(granted, required); err != nil {
					t.Error(err)
				}
				if got := s.exchanges(); len(got) != 1 || got[0].header || got[0].answer != "token" {
					t.Errorf("token requests %+v, want one with the credentials in the form", got)
				}
			})
		}
	}
}

// acceptJSON asks the token endpoint for JSON, as a client may; x/oauth2
// reads both of GitHub's forms.
type acceptJSON struct{}

func (acceptJSON) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Accept", "application/json")
	return http.DefaultTransport.RoundTrip(r)
}

// TestWebFlowFewerScopes has the user grant less than the app asked for, as
// GitHub lets them: the token's scope field says so, CheckScopes finds what
// is missing, and the error's AuthorizeURL sends the user through the flow
// again for everything.
func TestWebFlowFewerScopes(t *testing.T) {
	s := newStand(t, clientID, clientSecret, callback)
	s.grant = func(asked []ghapp.Scope) []ghapp.Scope {
		if len(asked) > 1 {
			return asked[:1] // the user deselects all but the first
		}
		return asked
	}
	required := []ghapp.Scope{ghapp.ScopeGist, ghapp.ScopeRepo}
	conf := config(t, s, oauth2.AuthStyleInParams, required...)
	verifier := oauth2.GenerateVerifier()
	back := visit(t, conf.AuthCodeURL("state-1", oauth2.S256ChallengeOption(verifier)))
	tok, err := conf.Exchange(context.Background(), back.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(githubError(err))
	}
	granted := tokenScopes(t, tok)
	err = ghapp.CheckScopes(granted, required)
	var missing *ghapp.MissingScopesError
	if !errors.As(err, &missing) || !errors.Is(err, ghapp.ErrMissingScopes) {
		t.Fatalf("CheckScopes(%v) = %v, want a *MissingScopesError", granted, err)
	}
	if diff := cmp.Diff([]ghapp.Scope{ghapp.ScopeRepo}, missing.Missing); diff != "" {
		t.Errorf("Missing mismatch (-want +got):\n%s", diff)
	}

	s.grant = nil // this time the user grants everything
	verifier = oauth2.GenerateVerifier()
	link, err := missing.AuthorizeURL(s.target(), ghapp.AuthorizeRequest{ClientID: clientID, State: "state-2",
		CodeChallenge: ghapp.PKCEChallenge(verifier)})
	if err != nil {
		t.Fatal(err)
	}
	back = visit(t, link)
	conf.RedirectURL = "" // the link had no redirect_uri: GitHub used the callback URL
	tok, err = conf.Exchange(context.Background(), back.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(githubError(err))
	}
	if err := ghapp.CheckScopes(tokenScopes(t, tok), required); err != nil {
		t.Errorf("after the new authorization: %v", err)
	}
}

// TestWebFlowErrors checks that each error GitHub documents for the code
// exchange reaches the caller as a *ghapp.OAuthError with its sentinel.
func TestWebFlowErrors(t *testing.T) {
	tests := []struct {
		name string
		// exchange changes the configuration, code or verifier before the
		// exchange; reuse exchanges the code once before.
		exchange func(conf *oauth2.Config, code, verifier *string)
		reuse    bool
		want     error
	}{
		{name: "code used twice", reuse: true, want: ghapp.ErrBadVerificationCode},
		{name: "unknown code", exchange: func(_ *oauth2.Config, code, _ *string) { *code = "0123456789abcdef0123" }, want: ghapp.ErrBadVerificationCode},
		{name: "wrong verifier", exchange: func(_ *oauth2.Config, _, v *string) { *v = oauth2.GenerateVerifier() }, want: ghapp.ErrBadVerificationCode},
		{name: "wrong secret", exchange: func(c *oauth2.Config, _, _ *string) { c.ClientSecret = "wrong" }, want: ghapp.ErrIncorrectClientCredentials},
		{name: "other redirect_uri", exchange: func(c *oauth2.Config, _, _ *string) { c.RedirectURL = callback + "/other" }, want: ghapp.ErrRedirectURIMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStand(t, clientID, clientSecret, callback)
			conf := config(t, s, oauth2.AuthStyleInParams, ghapp.ScopeRepo)
			verifier := oauth2.GenerateVerifier()
			code := visit(t, conf.AuthCodeURL("state", oauth2.S256ChallengeOption(verifier))).Get("code")
			if tt.reuse {
				if _, err := conf.Exchange(context.Background(), code, oauth2.VerifierOption(verifier)); err != nil {
					t.Fatal(githubError(err))
				}
			}
			if tt.exchange != nil {
				tt.exchange(conf, &code, &verifier)
			}
			_, err := conf.Exchange(context.Background(), code, oauth2.VerifierOption(verifier))
			err = githubError(err)
			if !errors.Is(err, tt.want) || !errors.Is(err, ghapp.ErrOAuth) {
				t.Fatalf("Exchange: %v, want %v", err, tt.want)
			}
			var re *oauth2.RetrieveError
			if !errors.As(err, &re) {
				t.Error("the *oauth2.RetrieveError is lost")
			}
			if msg := err.Error(); containsAny(msg, clientSecret, code, verifier) {
				t.Errorf("the error %q holds a secret", msg)
			}
		})
	}
}

// TestAuthorizeRedirectMismatch checks the stand-in's answer to a redirect
// outside the callback URL, which GitHub gives on the authorize page.
func TestAuthorizeRedirectMismatch(t *testing.T) {
	s := newStand(t, clientID, clientSecret, callback)
	link, err := ghapp.AuthorizeRequest{ClientID: clientID, RedirectURI: "https://elsewhere.example/cb", State: "st"}.URL(s.target())
	if err != nil {
		t.Fatal(err)
	}
	back := visit(t, link)
	if back.Get("error") != "redirect_uri_mismatch" || back.Get("state") != "st" || back.Has("code") {
		t.Errorf("redirect %v, want redirect_uri_mismatch with the state and no code", back)
	}
	err = &ghapp.OAuthError{Code: back.Get("error"), Description: back.Get("error_description"), URI: back.Get("error_uri")}
	if !errors.Is(err, ghapp.ErrRedirectURIMismatch) {
		t.Errorf("%v does not wrap ErrRedirectURIMismatch", err)
	}
}

// containsAny reports whether s holds one of subs.
func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if sub != "" && strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
