package ghapp

import (
	"math/bits"
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
// [*FieldError] wrapping a [*NameError] for [ErrUnknownScope] (and
// [ErrRetired] for write:discussion and read:discussion) that suggests a
// close name ("packages:read" gives "read:packages", "workflow:write" gives
// "workflow").
func ParseScope(s string) (Scope, error) {
	if si := Scope(s).info(); si != nil {
		return si.name, nil
	}
	return "", unknownScope("", s)
}

// unknownScope reports s, given as a scope under field.
func unknownScope(field, s string) *FieldError {
	return unknownName(field, s, ErrUnknownScope, suggest(s, func(yield func(string) bool) {
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
// reports it: the first 20, then a count of the rest.
func ParseScopes(s string) ([]Scope, error) {
	var (
		out  []Scope
		errs errorList
	)
	for f := (scopeFields{s: s}); ; {
		name, ok := f.next()
		if !ok {
			break
		}
		if si := Scope(name).info(); si != nil {
			out = append(out, si.name)
		} else if errs.room(ErrUnknownScope) {
			errs.put(unknownScope("", name))
		}
	}
	if err := errs.join(); err != nil {
		return nil, err
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

// scopeFields walks the names of a scope list, in one string or in several
// header values, without allocating.
type scopeFields struct {
	vals []string // values still to read after s
	s    string   // the rest of the current value
}

func (f *scopeFields) next() (string, bool) {
	for {
		for len(f.s) > 0 && isScopeSeparator(f.s[0]) {
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
	for i < len(f.s) && !isScopeSeparator(f.s[i]) {
		i++
	}
	name := f.s[:i]
	f.s = f.s[i:]
	return name, true
}

// isScopeSeparator reports whether b separates scope names: a comma or
// white space.
func isScopeSeparator(b byte) bool {
	return b == ',' || b == ' ' || b == '\t' || b == '\n' || b == '\r'
}

// popCount returns the number of scopes in s.
func popCount(s scopeSet) int { return bits.OnesCount64(uint64(s)) }

// NormalizeScopes returns the shortest list that grants what scopes grant,
// as GitHub saves a token's scopes: no duplicates, no scope another one in
// the list includes, sorted by name. The documentation's example:
// "user,gist,user:email" normalises to gist, user. Unknown scopes are kept.
// The result is a new slice, nil when scopes is empty. Its cost is
// n log n in len(scopes).
func NormalizeScopes(scopes []Scope) []Scope {
	var (
		known   scopeSet // the known scopes given
		implied scopeSet // those another given scope includes
		unknown []Scope
	)
	for _, s := range scopes {
		if i := s.index(); i >= 0 {
			known |= 1 << i
			implied |= scopeTable[i].includes &^ (1 << i)
		} else {
			unknown = append(unknown, s)
		}
	}
	var out []Scope
	for i := range scopeTable {
		if known&^implied&(1<<i) != 0 {
			out = append(out, scopeTable[i].name)
		}
	}
	out = append(out, unknown...)
	slices.Sort(out)
	return slices.Compact(out)
}

// MissingScopes returns the scopes of required that granted does not grant,
// normalised as by [NormalizeScopes]: asking for them as well would satisfy
// required. It is nil when granted grants everything required, and then it
// does not allocate unless required names a scope the catalogue does not
// know. A scope the catalogue does not know is granted only by itself. Its
// cost is linear in the two lists (n log n in what is missing).
func MissingScopes(granted, required []Scope) []Scope {
	var set scopeSet
	unknownGranted := false
	for _, s := range granted {
		if i := s.index(); i >= 0 {
			set |= scopeTable[i].includes
		} else {
			unknownGranted = true
		}
	}
	var (
		missing []Scope
		others  map[Scope]struct{} // the unknown granted names, made when needed
	)
	for _, r := range required {
		if i := r.index(); i >= 0 {
			if set&(1<<i) == 0 {
				missing = append(missing, r)
			}
			continue
		}
		if unknownGranted && others == nil {
			others = map[Scope]struct{}{}
			for _, s := range granted {
				if !s.Known() {
					others[s] = struct{}{}
				}
			}
		}
		if _, ok := others[r]; !ok {
			missing = append(missing, r)
		}
	}
	if missing == nil {
		return nil
	}
	return NormalizeScopes(missing)
}
