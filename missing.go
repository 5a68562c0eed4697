package ghapp

import (
	"slices"
	"strconv"
	"strings"
)

// maxListed is how many names an error's message lists before it counts
// the rest, so that a message stays short however long the input.
const maxListed = 10

// A MissingScopesError reports that an OAuth token lacks scopes it needs.
// It wraps [ErrMissingScopes].
type MissingScopesError struct {
	// Granted holds the scopes the token has, as given.
	Granted []Scope
	// Missing holds the scopes to request as well, normalised as by
	// [NormalizeScopes]: with them, the token would pass the check.
	Missing []Scope
	// AnyOf holds the scopes the endpoint accepts, any one of which would
	// do, when the check was against an endpoint's accepted scopes
	// ([CheckResponseScopes]); Missing then holds the one that grants
	// least. It is nil otherwise.
	AnyOf []Scope
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

// A MissingPermissionsError reports that a GitHub App's token lacks the
// permissions an endpoint needs. It wraps [ErrMissingPermissions].
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

// writeList writes up to maxListed names joined by sep, then a count of
// the rest.
func writeList[S ~string](b *strings.Builder, names []S, sep string) {
	for i, n := range names {
		if i == maxListed {
			b.WriteString(" and " + strconv.Itoa(len(names)-i) + " more")
			return
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(boundText(string(n)))
	}
}

// writePermissions writes ps as name=level pairs sorted by name, up to
// maxListed of them.
func writePermissions(b *strings.Builder, ps Permissions, sep string) {
	names := make([]Permission, 0, len(ps))
	for p := range ps {
		names = append(names, p)
	}
	slices.Sort(names)
	for i, p := range names {
		if i == maxListed {
			b.WriteString(" and " + strconv.Itoa(len(names)-i) + " more")
			return
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(boundText(string(p)))
		b.WriteByte('=')
		b.WriteString(ps[p].String())
	}
}
