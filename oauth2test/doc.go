// Package oauth2test shows, in tested code, ghapp with golang.org/x/oauth2:
// the OAuth web flow with PKCE and the device flow on any GitHub host,
// against a local stand-in for GitHub's OAuth endpoints that answers as
// GitHub's documentation says, errors included.
//
// It is its own module so that the library never depends on x/oauth2. The
// package has no API: its tests and examples are the point. What ghapp adds
// to x/oauth2 is what x/oauth2 does not know about GitHub: the endpoints of
// GitHub Enterprise Server and GHE.com ([ghapp.Target.OAuthEndpoint]), the
// syntax of scopes and how they include each other ([ghapp.SplitScopes],
// [ghapp.CheckScopes]), and what GitHub's error codes mean
// ([ghapp.OAuthError]).
package oauth2test
