package ghapp

import (
	"errors"
	"slices"
)

// A Scope is an OAuth App scope, by the name GitHub writes in the scope
// parameter and the X-OAuth-Scopes header ("repo", "repo:status",
// "read:org"). The package has one constant per scope the catalogue knows.
//
// Scopes include others: [ScopeRepo] grants everything [ScopeRepoStatus]
// does, each admin:X scope includes write:X and read:X, and so on. See
// [Scope.Includes].
type Scope string

// scopeSet is a set of known scopes, bit 1<<i for scopeTable[i].
type scopeSet uint64

// scopeInfo is one row of the generated scopeTable.
type scopeInfo struct {
	name       Scope
	includes   scopeSet // the scopes it grants, itself among them
	plans      planSet
	unreported bool
	access     Level  // read, write or admin; LevelNone for no data
	doc        string // what it lets an app read and change
}

func (s Scope) index() int { return scopeIndex(string(s)) }

func (s Scope) info() *scopeInfo {
	if i := s.index(); i >= 0 {
		return &scopeTable[i]
	}
	return nil
}

// ParseScope returns the scope named s. An unknown or retired name returns a
// [*FieldError] with field "scope" wrapping [ErrUnknownScope] (and
// [ErrRetired] for write:discussion and read:discussion) in a [*NameError]
// that suggests a close name ("packages:read" gives "read:packages",
// "workflow:write" gives "workflow").
func ParseScope(s string) (Scope, error) {
	if si := Scope(s).info(); si != nil {
		return si.name, nil
	}
	return "", scopeError(s)
}

func scopeError(s string) error {
	return nameError("scope", s, ErrUnknownScope, suggest(s, func(yield func(string) bool) {
		for i := range scopeTable {
			if !yield(string(scopeTable[i].name)) {
				return
			}
		}
	}), retiredScope(s))
}

// ParseScopes reads a list of scopes in any of the forms GitHub writes:
// separated by commas ("repo,user", the token response's scope field),
// commas and spaces ("repo, user", the X-OAuth-Scopes header) or spaces
// ("user repo", the authorize URL's scope parameter). The empty string is no
// scopes and returns nil. The scopes come back in the order given; see
// [NormalizeScopes] for the shortest equivalent list. Every unknown or
// retired name is reported, joined with [errors.Join], each as ParseScope
// reports it.
func ParseScopes(s string) ([]Scope, error) {
	var (
		out  []Scope
		errs []error
	)
	for f := (scopeFields{s: s}); ; {
		name, ok := f.next()
		if !ok {
			break
		}
		sc, err := ParseScope(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, sc)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// KnownScopes returns every current scope, in catalogue order. The slice is
// new on every call.
func KnownScopes() []Scope {
	out := make([]Scope, len(scopeTable))
	for i := range scopeTable {
		out[i] = scopeTable[i].name
	}
	return out
}

// Known reports whether the catalogue knows s.
func (s Scope) Known() bool { return s.index() >= 0 }

// Includes reports whether a token with scope s also has scope other:
// [ScopeRepo] includes [ScopeRepoStatus], [ScopeAdminOrg] includes
// [ScopeReadOrg]. Every scope includes itself; an unknown scope includes
// only itself.
func (s Scope) Includes(other Scope) bool {
	if s == other {
		return true
	}
	i, j := s.index(), other.index()
	return i >= 0 && j >= 0 && scopeTable[i].includes&(1<<j) != 0
}

// Reported reports whether GitHub lists s among a token's scopes.
// [ScopeOfflineAccess] only changes which token is issued, so it is false
// for it, and for unknown scopes.
func (s Scope) Reported() bool {
	si := s.info()
	return si != nil && !si.unreported
}

// Plans returns the plans that know s, or nil for an unknown scope. The
// slice is new on every call.
func (s Scope) Plans() []Plan {
	if si := s.info(); si != nil {
		return si.plans.list()
	}
	return nil
}

// AvailableOn reports whether plan knows s.
func (s Scope) AvailableOn(plan Plan) bool {
	si := s.info()
	return si != nil && si.plans.has(plan)
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseScope].
func (s *Scope) UnmarshalText(text []byte) error {
	v, err := ParseScope(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// grants returns the set of known scopes that scopes grant together.
func grants(scopes []Scope) scopeSet {
	var set scopeSet
	for _, s := range scopes {
		if si := s.info(); si != nil {
			set |= si.includes
		}
	}
	return set
}

// grantedBy reports whether one of granted includes s; set is grants(granted).
func grantedBy(s Scope, granted []Scope, set scopeSet) bool {
	if i := s.index(); i >= 0 {
		return set&(1<<i) != 0
	}
	return slices.Contains(granted, s) // an unknown scope is granted only by itself
}

// NormalizeScopes returns the shortest list that grants what scopes grant,
// as GitHub saves a token's scopes: no duplicates, no scope another one in
// the list includes, sorted by name. The documentation's example:
// "user,gist,user:email" normalises to gist, user. Unknown scopes are kept.
// The result is a new slice, nil when scopes is empty.
func NormalizeScopes(scopes []Scope) []Scope {
	var out []Scope
	for i, s := range scopes {
		implied := false
		for j, t := range scopes {
			if i != j && t != s && t.Includes(s) {
				implied = true
				break
			}
		}
		if !implied && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// MissingScopes returns the scopes of required that granted does not grant,
// normalised as by [NormalizeScopes]: asking for them as well would satisfy
// required. It is nil when granted grants everything required, and then it
// does not allocate.
func MissingScopes(granted, required []Scope) []Scope {
	set := grants(granted)
	var missing []Scope
	for _, r := range required {
		if !grantedBy(r, granted, set) {
			missing = append(missing, r)
		}
	}
	if missing == nil {
		return nil
	}
	return NormalizeScopes(missing)
}
