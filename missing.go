package ghapp

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// maxListed is how many names an error's message lists before it counts
// the rest, so that a message stays short however long the input.
const maxListed = 10

// A MissingScopesError reports that an OAuth token lacks scopes it needs:
// an OAuth App's token or a classic personal access token. It wraps
// [ErrMissingScopes]. [CheckScopes], [CheckResponseScopes] and
// [CheckGraphQLScopes] return it; its methods give the way to a token that
// has what it lacks: [MissingScopesError.AuthorizeURL] for an OAuth App,
// [MissingScopesError.ClassicTokenURL] for a personal access token.
type MissingScopesError struct {
	// Granted holds the scopes the token has, as given.
	Granted []Scope
	// Missing holds the scopes to request as well, normalised as by
	// [NormalizeScopes]: with them, the token would pass the check.
	Missing []Scope
	// AnyOf holds the scopes the endpoint accepts, any one of which would
	// do, when the check was against an endpoint's accepted scopes
	// ([CheckResponseScopes], or a GraphQL field's in
	// [CheckGraphQLScopes]); Missing then holds the one that grants least.
	// It is nil otherwise.
	AnyOf []Scope
}

// CheckScopes reports whether a token with the scopes granted has every
// scope of required, counting the scopes others include ([ScopeRepo]
// grants [ScopeRepoStatus]). granted is what GitHub said the token has: the
// token response's scope field or the X-OAuth-Scopes header, read with
// [SplitScopes]; a name the catalogue does not know is granted only by
// itself.
//
// It returns nil when granted grants everything required, without
// allocating unless required names a scope the catalogue does not know;
// otherwise a [*MissingScopesError] wrapping [ErrMissingScopes] whose
// Missing is [MissingScopes] of the two and whose Granted is a copy of
// granted. Its cost is linear in the two lists (n log n in what is
// missing).
func CheckScopes(granted, required []Scope) error {
	missing := MissingScopes(granted, required)
	if missing == nil {
		return nil
	}
	return &MissingScopesError{Granted: slices.Clone(granted), Missing: missing}
}

// Error lists the missing scopes ("ghapp: missing scopes: repo, workflow")
// and, for an endpoint's accepted scopes, the others that would do; past
// ten names a list ends with a count.
func (e *MissingScopesError) Error() string {
	var b strings.Builder
	b.WriteString("ghapp: missing scope")
	if len(e.Missing) != 1 {
		b.WriteString("s")
	}
	b.WriteString(": ")
	writeList(&b, e.Missing, ", ")
	if len(e.AnyOf) > 1 {
		b.WriteString(" (any of ")
		writeList(&b, e.AnyOf, ", ")
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
	all := make([]Scope, 0, len(e.Granted)+len(e.Missing))
	for _, list := range [][]Scope{e.Granted, e.Missing} {
		for _, s := range list {
			if s.Known() {
				all = append(all, s)
			}
		}
	}
	return NormalizeScopes(all)
}

// A MissingPermissionsError reports that a GitHub App's token, or a
// fine-grained personal access token, lacks the permissions an endpoint
// needs. It wraps [ErrMissingPermissions]. For a fine-grained token,
// [MissingPermissionsError.FineGrainedTokenURL] gives the link to a new
// token that has them; for a GitHub App's installation, see
// [CheckInstallationPermissions], which says whether the app's
// registration or only its installation must change.
type MissingPermissionsError struct {
	// Alternatives holds, for each set of permissions the endpoint accepts,
	// in GitHub's order, the permissions to add to the token's, or raise,
	// to meet it, at the level needed.
	Alternatives []Permissions
	// Add is the alternative that needs the fewest changes: the first of
	// them on a tie.
	Add Permissions
}

// Error says what to add: "ghapp: missing permissions: add contents=write",
// with the other alternatives after "; or add"; past ten alternatives, or
// ten permissions in one, it ends with a count.
func (e *MissingPermissionsError) Error() string {
	var b strings.Builder
	b.WriteString("ghapp: missing permissions: ")
	for i, alt := range e.Alternatives {
		if i == maxListed {
			b.WriteString("; or one of " + strconv.Itoa(len(e.Alternatives)-i) + " more alternatives")
			break
		}
		if i > 0 {
			b.WriteString("; or ")
		}
		b.WriteString("add ")
		writePermissions(&b, alt, " and ")
	}
	return b.String()
}

// Unwrap returns [ErrMissingPermissions].
func (e *MissingPermissionsError) Unwrap() error { return ErrMissingPermissions }

// AuthorizeURL returns the authorize link that gets an OAuth App a new token
// with what the old one had and what it lacked: r's parameters (client ID,
// redirect URI, state, PKCE challenge, ...) with r.Scopes replaced by
// [MissingScopesError.Request]. It returns [AuthorizeRequest.URL]'s errors.
func (e *MissingScopesError) AuthorizeURL(t Target, r AuthorizeRequest) (string, error) {
	r.Scopes = e.Request()
	return r.URL(t)
}

// ClassicTokenURL returns the link to GitHub's page for a new personal
// access token (classic) with the scopes of [MissingScopesError.Request],
// noted with description: the way to a token that works, for a tool that
// asks people for one. The link is undocumented (see [ClassicTokenRequest]).
// Scopes that only the OAuth flow takes (offline_access) are left out; it
// returns [ClassicTokenRequest.URL]'s errors.
func (e *MissingScopesError) ClassicTokenURL(t Target, description string) (string, error) {
	scopes := e.Request()
	kept := scopes[:0]
	for _, s := range scopes {
		if s.Reported() {
			kept = append(kept, s)
		}
	}
	return ClassicTokenRequest{Description: description, Scopes: kept}.URL(t)
}

// FineGrainedTokenURL returns the link to GitHub's page for a new
// fine-grained personal access token that has what the endpoint asks for:
// r with [MissingPermissionsError.Add] raised into its permissions (each at
// the higher of the two levels). Give r.Permissions the permissions of the
// token that failed, so that the new token keeps them, and r.TargetName its
// resource owner. The names of Add become token permissions by name
// (email_addresses as emails). r is not changed. It returns
// [FineGrainedTokenRequest.URL]'s errors, among them [ErrUnknownPermission]
// for an app permission that tokens do not have.
func (e *MissingPermissionsError) FineGrainedTokenURL(t Target, r FineGrainedTokenRequest) (string, error) {
	ps := make(TokenPermissions, len(r.Permissions)+len(e.Add))
	for p, l := range r.Permissions {
		p = p.Canonical()
		ps[p] = max(ps[p], l)
	}
	for p, l := range e.Add {
		tp := TokenPermission(p.Canonical()).Canonical()
		ps[tp] = max(ps[tp], l)
	}
	r.Permissions = ps
	return r.URL(t)
}

// writeList writes up to maxListed names joined by sep, then a count of
// the rest.
func writeList[S ~string](b *strings.Builder, names []S, sep string) {
	writeEach(b, len(names), sep, func(i int) { b.WriteString(boundText(string(names[i]))) })
}

// writePermissions writes ps as name=level pairs sorted by name, up to
// maxListed of them.
func writePermissions(b *strings.Builder, ps Permissions, sep string) {
	names := slices.Sorted(maps.Keys(ps))
	writeEach(b, len(names), sep, func(i int) {
		b.WriteString(boundText(string(names[i])))
		b.WriteByte('=')
		b.WriteString(ps[names[i]].String())
	})
}

// writeEach writes items 0 to n-1 with write, joined by sep, up to
// maxListed of them, then a count of the rest.
func writeEach(b *strings.Builder, n int, sep string, write func(i int)) {
	for i := range n {
		if i == maxListed {
			b.WriteString(" and " + strconv.Itoa(n-i) + " more")
			return
		}
		if i > 0 {
			b.WriteString(sep)
		}
		write(i)
	}
}
