package ghapp

import (
	"net/http"
	"strings"
)

// The response headers in which GitHub's REST API says what a token may do
// and what an endpoint needs.
const (
	// HeaderOAuthScopes lists the scopes of the OAuth token that made the
	// request ("repo, user"). GitHub sends it for tokens that have scopes:
	// an OAuth App's and a classic personal access token.
	HeaderOAuthScopes = "X-OAuth-Scopes"
	// HeaderAcceptedOAuthScopes lists the scopes the endpoint accepts, any
	// one of which will do ("repo, user"). Empty means no scope is needed.
	HeaderAcceptedOAuthScopes = "X-Accepted-OAuth-Scopes"
	// HeaderAcceptedGitHubPermissions lists the permissions a GitHub App or
	// a fine-grained personal access token needs for the endpoint, as sets
	// of which any one will do ("pull_requests=write,contents=read;
	// issues=write,contents=read").
	HeaderAcceptedGitHubPermissions = "X-Accepted-GitHub-Permissions"
)

// The header names as net/http stores them ([http.CanonicalHeaderKey]),
// written out so that looking them up does not allocate.
const (
	canonicalOAuthScopes               = "X-Oauth-Scopes"
	canonicalAcceptedOAuthScopes       = "X-Accepted-Oauth-Scopes"
	canonicalAcceptedGitHubPermissions = "X-Accepted-Github-Permissions"
)

// headerValues returns the values of h's header canonical, found case
// insensitively if need be, so that a map written by hand with GitHub's
// spelling ("X-OAuth-Scopes") is read as well as one net/http made
// canonical ("X-Oauth-Scopes"). ok is false when h has no such header.
func headerValues(h http.Header, canonical string) (vals []string, ok bool) {
	if v, ok := h[canonical]; ok {
		return v, true
	}
	for k, v := range h {
		if strings.EqualFold(k, canonical) {
			return v, true
		}
	}
	return nil, false
}

// CheckResponseScopes reports whether the OAuth token that made a request
// had a scope its endpoint accepts, from the response's headers h (an
// [http.Response]'s Header): the token's scopes (X-OAuth-Scopes, none when
// absent) against the accepted ones (X-Accepted-OAuth-Scopes, of which any
// one will do; none means no scope is needed). Scopes count the scopes they
// include ([ScopeRepo] grants [ScopeRepoStatus]); names the catalogue does
// not know count as GitHub wrote them, granted only by themselves.
//
// It returns nil, without allocating, when the token had a known accepted
// scope or nothing was asked. Otherwise it returns a [*MissingScopesError]
// wrapping [ErrMissingScopes] whose AnyOf holds the accepted scopes and
// whose Missing holds the one that grants least: for "admin:org, read:org,
// repo", that is read:org. Its cost is linear in the headers' length.
func CheckResponseScopes(h http.Header) error {
	granted, _ := headerValues(h, canonicalOAuthScopes)
	accepted, _ := headerValues(h, canonicalAcceptedOAuthScopes)
	return checkAccepted(scopeFields{vals: granted}, scopeFields{vals: accepted})
}

// checkAccepted is CheckResponseScopes on the two lists.
func checkAccepted(granted, accepted scopeFields) error {
	var set scopeSet
	unknownGranted := 0
	for g := granted; ; {
		name, ok := g.next()
		if !ok {
			break
		}
		if i := scopeIndex(name); i >= 0 {
			set |= scopeTable[i].includes
		} else {
			unknownGranted++
		}
	}
	asked, unknownAsked := false, false
	for a := accepted; ; {
		name, ok := a.next()
		if !ok {
			break
		}
		asked = true
		if i := scopeIndex(name); i < 0 {
			unknownAsked = true
		} else if set&(1<<i) != 0 {
			return nil
		}
	}
	if !asked {
		return nil
	}
	if unknownAsked && unknownGranted > 0 && grantsUnknown(granted, accepted, unknownGranted) {
		return nil
	}
	acc := splitScopes(accepted)
	return &MissingScopesError{Granted: splitScopes(granted), Missing: []Scope{leastScope(acc)}, AnyOf: acc}
}

// grantsUnknown reports whether a name the catalogue does not know is both
// in granted and in accepted; n is the number of unknown granted names.
func grantsUnknown(granted, accepted scopeFields, n int) bool {
	unknown := make(map[string]struct{}, n)
	for name, ok := granted.next(); ok; name, ok = granted.next() {
		if scopeIndex(name) < 0 {
			unknown[name] = struct{}{}
		}
	}
	for name, ok := accepted.next(); ok; name, ok = accepted.next() {
		if _, ok := unknown[name]; ok {
			return true
		}
	}
	return false
}

// leastScope returns the scope of accepted that grants least: one that
// includes no other of them and, among those, includes the fewest scopes;
// known scopes before unknown ones; the first given on a tie. Its cost is
// linear in len(accepted).
func leastScope(accepted []Scope) Scope {
	var known scopeSet
	for _, a := range accepted {
		if i := a.index(); i >= 0 {
			known |= 1 << i
		}
	}
	best, bestRank := accepted[0], -1
	for _, a := range accepted {
		rank := 1 << 10 // unknown: after every known scope
		if i := a.index(); i >= 0 {
			inc := scopeTable[i].includes
			rank = popCount(inc)
			if inc&^(1<<i)&known != 0 {
				rank += 1 << 8 // grants another accepted scope as well
			}
		}
		if bestRank < 0 || rank < bestRank {
			best, bestRank = a, rank
		}
	}
	return best
}

// CheckResponsePermissions reports whether a token with the permissions
// have meets what the response's X-Accepted-GitHub-Permissions header (in
// h, an [http.Response]'s Header) asks for: one of its alternatives, as
// [ParseAcceptedPermissions] reads them, with every permission of it at
// its level or above (write meets read, admin meets write). have is what
// the token was given: the permissions of an installation token's
// response, or of the app's registration. Names in have may be the REST
// API's ("email_addresses"), and metadata counts at read once have holds
// any permission, since GitHub then grants it. No header, or an empty one,
// asks for nothing.
//
// It returns nil, without allocating, when have meets one alternative and
// the header reads cleanly. Otherwise it returns a
// [*MissingPermissionsError] wrapping [ErrMissingPermissions] that says,
// for each alternative, which permissions to add or raise, joined with the
// header's problems as ParseAcceptedPermissions reports them. Its cost is
// linear in the header's length.
func CheckResponsePermissions(h http.Header, have Permissions) error {
	vals, _ := headerValues(h, canonicalAcceptedGitHubPermissions)
	w := acceptedWalk{have: have, anyHeld: have.any()}
	w.walk(vals)
	if (w.met || !w.asked) && w.clean {
		return nil
	}
	// Walk again, collecting what the fast walk only counted.
	c := acceptedWalk{have: have, anyHeld: w.anyHeld, collect: true}
	c.walk(vals)
	return c.result()
}
