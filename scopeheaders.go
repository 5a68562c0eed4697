package ghapp

import (
	"math/bits"
	"net/http"
	"slices"
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

// SplitScopes reads a list of scopes as GitHub writes it in the
// X-OAuth-Scopes and X-Accepted-OAuth-Scopes headers ("repo, user") and in
// the token response's scope field ("repo,gist"), or as the authorize URL's
// scope parameter ("user repo"): names separated by commas, spaces or both.
// The scopes come back in the order given, nil for an empty list.
//
// Unlike [ParseScopes], it keeps every name, including those the catalogue
// does not know: what GitHub says a token has is authoritative, and the
// catalogue may lag behind a scope GitHub has just added. It never fails.
func SplitScopes(s string) []Scope {
	return splitScopes(scopeFields{s: s})
}

// splitScopes returns the names f walks, in one allocation.
func splitScopes(f scopeFields) []Scope {
	n := 0
	for g := f; ; n++ {
		if _, ok := g.next(); !ok {
			break
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Scope, 0, n)
	for name, ok := f.next(); ok; name, ok = f.next() {
		out = append(out, Scope(name))
	}
	return out
}

// GrantedScopes returns the scopes in h's X-OAuth-Scopes header, read as
// [SplitScopes] reads them, unknown names kept. ok is false when h has no
// such header: the token has no scopes to list (a GitHub App's token, a
// fine-grained personal access token) or the request had no token. An empty
// header, a token without any scope, gives nil and true.
func GrantedScopes(h http.Header) (scopes []Scope, ok bool) {
	vals, ok := headerValues(h, canonicalOAuthScopes)
	if !ok {
		return nil, false
	}
	return splitScopes(scopeFields{vals: vals}), true
}

// AcceptedScopes returns the scopes in h's X-Accepted-OAuth-Scopes header,
// read as [SplitScopes] reads them, unknown names kept. Any one of them lets
// a token use the endpoint (see [CheckAcceptedScopes]); nil, for an empty or
// absent header, means the endpoint needs no scope.
func AcceptedScopes(h http.Header) []Scope {
	vals, _ := headerValues(h, canonicalAcceptedOAuthScopes)
	return splitScopes(scopeFields{vals: vals})
}

// CheckScopes reports whether granted grants every scope of required,
// counting the scopes each one includes ([ScopeRepo] grants
// [ScopeRepoStatus]). It returns nil, without allocating, when it does;
// otherwise a [*MissingScopesError] wrapping [ErrMissingScopes] whose
// Missing lists, normalised, what to request as well. A scope the catalogue
// does not know is granted only by itself.
func CheckScopes(granted, required []Scope) error {
	set := grants(granted)
	for _, r := range required {
		if !grantedBy(r, granted, set) {
			return &MissingScopesError{Granted: slices.Clone(granted), Missing: MissingScopes(granted, required)}
		}
	}
	return nil
}

// CheckAcceptedScopes reports whether granted lets a token use an endpoint
// that accepts the scopes in accepted, as GitHub lists them in
// X-Accepted-OAuth-Scopes: any one of them will do, and none at all means
// no scope is needed. It returns nil, without allocating, when granted
// grants one of them; otherwise a [*MissingScopesError] wrapping
// [ErrMissingScopes] whose AnyOf holds accepted and whose Missing holds the
// one accepted scope that grants least, by the catalogue's inclusions (for
// "admin:org, read:org, repo", that is read:org).
func CheckAcceptedScopes(granted, accepted []Scope) error {
	if len(accepted) == 0 {
		return nil
	}
	set := grants(granted)
	for _, a := range accepted {
		if grantedBy(a, granted, set) {
			return nil
		}
	}
	return &MissingScopesError{
		Granted: slices.Clone(granted),
		Missing: []Scope{leastScope(accepted)},
		AnyOf:   slices.Clone(accepted),
	}
}

// leastScope returns the scope of accepted that grants least: one that
// includes no other of them and, among those, includes the fewest scopes;
// known scopes before unknown ones; the first given on a tie.
func leastScope(accepted []Scope) Scope {
	best, bestRank := accepted[0], -1
	for _, a := range accepted {
		rank := 1 << 10 // unknown: after every known scope
		if si := a.info(); si != nil {
			rank = bits.OnesCount64(uint64(si.includes))
			for _, b := range accepted {
				if b != a && a.Includes(b) {
					rank += 1 << 8 // grants another accepted scope as well
					break
				}
			}
		}
		if bestRank < 0 || rank < bestRank {
			best, bestRank = a, rank
		}
	}
	return best
}

// CheckResponseScopes reports whether the OAuth token that made a request
// had a scope its endpoint accepts, from the headers of resp: the token's
// scopes (X-OAuth-Scopes, none when absent) against the accepted ones
// (X-Accepted-OAuth-Scopes, of which any one will do; none means no scope is
// needed). It returns nil, without allocating, when the token had one, and
// for a nil resp; otherwise a [*MissingScopesError] as [CheckAcceptedScopes]
// returns it. Unknown scope names count as GitHub wrote them.
func CheckResponseScopes(resp *http.Response) error {
	if resp == nil {
		return nil
	}
	granted, _ := headerValues(resp.Header, canonicalOAuthScopes)
	accepted, _ := headerValues(resp.Header, canonicalAcceptedOAuthScopes)
	var set scopeSet
	g := scopeFields{vals: granted}
	for name, ok := g.next(); ok; name, ok = g.next() {
		if i := scopeIndex(name); i >= 0 {
			set |= scopeTable[i].includes
		}
	}
	a := scopeFields{vals: accepted}
	asked := false
	for name, ok := a.next(); ok; name, ok = a.next() {
		asked = true
		if i := scopeIndex(name); i >= 0 {
			if set&(1<<i) != 0 {
				return nil
			}
			continue
		}
		g := scopeFields{vals: granted}
		for other, ok := g.next(); ok; other, ok = g.next() {
			if other == name {
				return nil
			}
		}
	}
	if !asked {
		return nil
	}
	gs, _ := GrantedScopes(resp.Header)
	return CheckAcceptedScopes(gs, AcceptedScopes(resp.Header))
}

// A MissingScopesError reports that an OAuth token lacks scopes it needs.
// It wraps [ErrMissingScopes].
type MissingScopesError struct {
	// Granted holds the scopes the token has, as given.
	Granted []Scope
	// Missing holds the scopes to request as well, normalised as by
	// [NormalizeScopes]: with them, the token would pass the check.
	Missing []Scope
	// AnyOf holds, for [CheckAcceptedScopes], the scopes the endpoint
	// accepts, any one of which would do; Missing then holds the one that
	// grants least. It is nil for [CheckScopes].
	AnyOf []Scope
}

// Error lists the missing scopes ("ghapp: missing scopes: repo, workflow")
// and, for an endpoint's accepted scopes, the others that would do.
func (e *MissingScopesError) Error() string {
	var b strings.Builder
	b.WriteString("ghapp: missing scope")
	if len(e.Missing) != 1 {
		b.WriteString("s")
	}
	b.WriteString(": ")
	b.WriteString(joinScopes(e.Missing, ", "))
	if len(e.AnyOf) > 1 {
		b.WriteString(" (any of ")
		b.WriteString(joinScopes(e.AnyOf, ", "))
		b.WriteString(" would do)")
	}
	return b.String()
}

// Unwrap returns [ErrMissingScopes].
func (e *MissingScopesError) Unwrap() error { return ErrMissingScopes }

// Request returns the scopes to ask for in a new authorization (in
// [AuthorizeRequest.Scopes]) so that the new token has what the old one had
// and what it lacked: Granted and Missing together, normalised. GitHub
// gives a token the scopes its authorize URL asked for, so asking for
// Missing alone would lose the others. Names the catalogue does not know
// are left out, since an authorize URL takes known scopes only.
func (e *MissingScopesError) Request() []Scope {
	var all []Scope
	for _, list := range [][]Scope{e.Granted, e.Missing} {
		for _, s := range list {
			if s.Known() {
				all = append(all, s)
			}
		}
	}
	return NormalizeScopes(all)
}

func joinScopes(scopes []Scope, sep string) string {
	var b strings.Builder
	for i, s := range scopes {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(string(s))
	}
	return b.String()
}

// scopeFields walks the names of a scope list, in one string or in several
// header values, without allocating.
type scopeFields struct {
	vals []string // values still to read after s
	s    string   // the rest of the current value
}

func (f *scopeFields) next() (string, bool) {
	for {
		for len(f.s) > 0 && isScopeSeparatorByte(f.s[0]) {
			f.s = f.s[1:]
		}
		if f.s != "" {
			break
		}
		if len(f.vals) == 0 {
			return "", false
		}
		f.s, f.vals = f.vals[0], f.vals[1:]
	}
	i := 0
	for i < len(f.s) && !isScopeSeparatorByte(f.s[i]) {
		i++
	}
	name := f.s[:i]
	f.s = f.s[i:]
	return name, true
}

// isScopeSeparatorByte is isScopeSeparator for one byte: every separator is
// ASCII.
func isScopeSeparatorByte(b byte) bool {
	return b == ',' || b == ' ' || b == '\t' || b == '\n' || b == '\r'
}

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
