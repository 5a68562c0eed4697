package ghapp

import (
	"errors"
	"net/http"
	"slices"
	"strings"
)

// permissionlessMarker is the item GitHub writes in
// X-Accepted-GitHub-Permissions for an endpoint any token may use, such as
// GET /user: "allows_permissionless_access=true".
const permissionlessMarker = "allows_permissionless_access"

// ParseAcceptedPermissions reads an X-Accepted-GitHub-Permissions header
// value: the permissions a GitHub App or fine-grained personal access token
// needs for an endpoint, as GitHub's documentation describes the header.
// Each set is a comma-separated list of permission=level pairs, and sets
// are separated by semicolons; any one set will do. So
// "pull_requests=read,contents=read; issues=read,contents=read" gives two
// alternatives of two permissions each. Spaces around the separators are
// allowed.
//
// Names come back as registration names where the catalogue knows them
// (email_addresses is [PermissionEmails]); names it does not know are kept
// as GitHub wrote them, since GitHub's output is authoritative and the
// catalogue may lag. "allows_permissionless_access=true", which GitHub
// sends for an endpoint any token may use, gives an empty alternative,
// which every token meets. A permission named twice in one set keeps the
// higher level. An empty value gives nil: no permission is asked for.
//
// A pair without "=" or without a name, a name with spaces or other bytes
// GitHub never writes, and a level other than read, write or admin are
// errors: each is a [*FieldError] with field "X-Accepted-GitHub-Permissions"
// wrapping [ErrMalformed] or [ErrUnknownLevel], all joined with
// [errors.Join]. The alternatives without a problem come back with the
// error; a set with a problem is left out, so that a check against the rest
// never passes for a reason it could not read.
func ParseAcceptedPermissions(s string) ([]Permissions, error) {
	var (
		out            []Permissions
		errs           []error
		permissionless bool
	)
	for rest, more := s, true; more; {
		var set string
		set, rest, more = strings.Cut(rest, ";")
		var (
			ps     Permissions
			setErr bool
		)
		for items, moreItems := set, true; moreItems; {
			var item string
			item, items, moreItems = strings.Cut(items, ",")
			p, l, kind, err := parsePair(item)
			switch kind {
			case pairBad:
				errs = append(errs, err)
				setErr = true
			case pairPermissionless:
				permissionless = true
			case pairPermission:
				if ps == nil {
					ps = Permissions{}
				}
				ps[p] = max(ps[p], l)
			}
		}
		if !setErr && len(ps) > 0 {
			out = append(out, ps)
		}
	}
	if permissionless {
		out = append(out, Permissions{})
	}
	return out, errors.Join(errs...)
}

// pairKind says what an item of X-Accepted-GitHub-Permissions holds.
type pairKind uint8

const (
	pairNone           pairKind = iota // nothing, or allows_permissionless_access=false
	pairPermission                     // a permission and its level
	pairPermissionless                 // allows_permissionless_access=true
	pairBad                            // a problem
)

// parsePair reads one permission=level item. It allocates only for a
// problem.
func parsePair(item string) (p Permission, l Level, kind pairKind, err *FieldError) {
	const field = HeaderAcceptedGitHubPermissions
	item = strings.TrimSpace(item)
	if item == "" {
		return "", 0, pairNone, nil
	}
	name, level, ok := strings.Cut(item, "=")
	name, level = strings.TrimSpace(name), strings.TrimSpace(level)
	switch {
	case !ok:
		return "", 0, pairBad, fieldErr(field, ErrMalformed, "%q is not permission=level", item)
	case !validHeaderName(name):
		return "", 0, pairBad, fieldErr(field, ErrMalformed, "%q is not a permission name", name)
	case name == permissionlessMarker:
		switch level {
		case "true":
			return "", 0, pairPermissionless, nil
		case "false":
			return "", 0, pairNone, nil
		}
		return "", 0, pairBad, fieldErr(field, ErrMalformed, "%q is not true or false", item)
	}
	l, lerr := ParseLevel(level)
	if lerr != nil || l == LevelNone {
		return "", 0, pairBad, &FieldError{Field: field, Err: &NameError{Name: level, Suggestion: suggestLevel(level), Err: ErrUnknownLevel}}
	}
	p = Permission(name)
	if c := p.Canonical(); c != "" {
		p = c
	}
	return p, l, pairPermission, nil
}

// validHeaderName reports whether s can be a permission name in a header:
// not empty, printable ASCII without spaces or separators.
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// AcceptedPermissions returns the alternatives in h's
// X-Accepted-GitHub-Permissions header, read as [ParseAcceptedPermissions]
// reads them; several header lines give more alternatives. It is nil, with
// no error, when h has no such header or it is empty: the endpoint asked for
// no permission, or the token was not a GitHub App's or fine-grained one.
func AcceptedPermissions(h http.Header) ([]Permissions, error) {
	vals, _ := headerValues(h, canonicalAcceptedGitHubPermissions)
	switch len(vals) {
	case 0:
		return nil, nil
	case 1:
		return ParseAcceptedPermissions(vals[0])
	}
	return ParseAcceptedPermissions(strings.Join(vals, ";"))
}

// CheckPermissions reports whether a token with the permissions have meets
// one of the alternatives accepted, as [ParseAcceptedPermissions] reads them
// from X-Accepted-GitHub-Permissions: every permission of the alternative at
// its level or above (write meets read, admin meets write). Names in have
// may be the REST API's ("email_addresses"), and metadata counts at read
// once have holds any permission, since GitHub then grants it. No
// alternative at all means no permission is needed.
//
// It returns nil, without allocating, when have meets one; otherwise a
// [*MissingPermissionsError] wrapping [ErrMissingPermissions] that says, for
// each alternative, which permissions to add or raise.
func CheckPermissions(have Permissions, accepted []Permissions) error {
	if len(accepted) == 0 {
		return nil
	}
	anyHeld := have.any()
	for _, alt := range accepted {
		met := true
		for p, need := range alt {
			if !holds(have, anyHeld, p, need) {
				met = false
				break
			}
		}
		if met {
			return nil
		}
	}
	e := &MissingPermissionsError{}
	for _, alt := range accepted {
		add := Permissions{}
		for p, need := range alt {
			if !holds(have, anyHeld, p, need) {
				if c := p.Canonical(); c != "" {
					p = c
				}
				add[p] = max(add[p], need)
			}
		}
		e.Alternatives = append(e.Alternatives, add)
		if e.Add == nil || len(add) < len(e.Add) {
			e.Add = add
		}
	}
	return e
}

// holds reports whether have grants p at need or above; anyHeld is
// have.any().
func holds(have Permissions, anyHeld bool, p Permission, need Level) bool {
	if need == LevelNone {
		return true
	}
	if c := p.Canonical(); c != "" {
		p = c
	}
	if p == PermissionMetadata && need == LevelRead && anyHeld {
		return true
	}
	return have.level(p) >= need
}

// CheckResponsePermissions reports whether a token with the permissions
// have meets what resp's X-Accepted-GitHub-Permissions header asks for, as
// [CheckPermissions] does; a nil resp, or one without the header, asks for
// nothing. have is what the token was given: the permissions of an
// installation token's response, or of the app's registration. A header
// that does not parse returns its errors as [AcceptedPermissions] does,
// joined with the result of checking the alternatives that did.
func CheckResponsePermissions(resp *http.Response, have Permissions) error {
	if resp == nil {
		return nil
	}
	vals, _ := headerValues(resp.Header, canonicalAcceptedGitHubPermissions)
	if met, clean := acceptedMet(vals, have); met && clean {
		return nil
	}
	accepted, err := AcceptedPermissions(resp.Header)
	if err != nil {
		return errors.Join(CheckPermissions(have, accepted), err)
	}
	return CheckPermissions(have, accepted)
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
// with the other alternatives after "; or add".
func (e *MissingPermissionsError) Error() string {
	var b strings.Builder
	b.WriteString("ghapp: missing permissions: ")
	for i, alt := range e.Alternatives {
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

// writePermissions writes ps as name=level pairs sorted by name.
func writePermissions(b *strings.Builder, ps Permissions, sep string) {
	names := make([]Permission, 0, len(ps))
	for p := range ps {
		names = append(names, p)
	}
	slices.Sort(names)
	for i, p := range names {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(string(p))
		b.WriteByte('=')
		b.WriteString(ps[p].String())
	}
}

// acceptedMet reads X-Accepted-GitHub-Permissions values as
// ParseAcceptedPermissions does, without allocating unless there is a
// problem: met reports whether have meets one alternative (or nothing is
// asked), clean whether every item could be read.
func acceptedMet(vals []string, have Permissions) (met, clean bool) {
	anyHeld := have.any()
	asked := false
	clean = true
	for _, v := range vals {
		for rest, more := v, true; more; {
			var set string
			set, rest, more = strings.Cut(rest, ";")
			setMet, setAsked, setClean := true, false, true
			for items, moreItems := set, true; moreItems; {
				var item string
				item, items, moreItems = strings.Cut(items, ",")
				p, l, kind, _ := parsePair(item)
				switch kind {
				case pairBad:
					setClean = false
				case pairPermissionless:
					asked, met = true, true
				case pairPermission:
					setAsked = true
					setMet = setMet && holds(have, anyHeld, p, l)
				}
			}
			clean = clean && setClean
			if setClean && setAsked {
				asked = true
				met = met || setMet
			}
		}
	}
	return met || !asked, clean
}
