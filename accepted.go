package ghapp

import (
	"strconv"
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
// [errors.Join], the first few of each kind and then a count. The
// alternatives without a problem come back with the error; a set with a
// problem is left out, so that a check against the rest never passes for a
// reason it could not read. Its cost is linear in len(s).
func ParseAcceptedPermissions(s string) ([]Permissions, error) {
	w := acceptedWalk{collect: true}
	w.walk([]string{s})
	return w.alts, w.errs.join()
}

// acceptedWalk reads X-Accepted-GitHub-Permissions values once. Without
// collect it allocates nothing and only says whether have meets an
// alternative and whether every item read cleanly; with collect it also
// gathers the alternatives, what each lacks, and the problems.
type acceptedWalk struct {
	have    Permissions
	anyHeld bool // have.any()
	collect bool

	asked, met, clean bool

	alts           []Permissions // the clean alternatives, when collecting
	permissionless bool
	errs           errorList
}

func (w *acceptedWalk) walk(vals []string) {
	w.clean = true
	for _, v := range vals {
		for rest, more := v, true; more; {
			var set string
			set, rest, more = strings.Cut(rest, ";")
			w.set(set)
		}
	}
	if w.permissionless && w.collect {
		w.alts = append(w.alts, Permissions{})
	}
}

// set reads one alternative.
func (w *acceptedWalk) set(set string) {
	setMet, setAsked, setClean := true, false, true
	var ps Permissions
	for items, more := set, true; more; {
		var item string
		item, items, more = strings.Cut(items, ",")
		p, l, kind := w.pair(item)
		switch kind {
		case pairBad:
			setClean = false
		case pairPermissionless:
			w.asked, w.met, w.permissionless = true, true, true
		case pairPermission:
			setAsked = true
			setMet = setMet && holds(w.have, w.anyHeld, p, l)
			if w.collect {
				if ps == nil {
					ps = Permissions{}
				}
				ps[p] = max(ps[p], l)
			}
		}
	}
	w.clean = w.clean && setClean
	if setClean && setAsked {
		w.asked = true
		w.met = w.met || setMet
		if w.collect {
			w.alts = append(w.alts, ps)
		}
	}
}

// pairKind says what an item of X-Accepted-GitHub-Permissions holds.
type pairKind uint8

const (
	pairNone           pairKind = iota // nothing, or allows_permissionless_access=false
	pairPermission                     // a permission and its level
	pairPermissionless                 // allows_permissionless_access=true
	pairBad                            // a problem
)

// pair reads one permission=level item; when collecting, a problem is
// added to w.errs. It allocates only for a problem.
func (w *acceptedWalk) pair(item string) (Permission, Level, pairKind) {
	const field = HeaderAcceptedGitHubPermissions
	bad := func(err *FieldError) (Permission, Level, pairKind) {
		if w.collect {
			w.errs.add(err)
		}
		return "", 0, pairBad
	}
	item = strings.TrimSpace(item)
	if item == "" {
		return "", 0, pairNone
	}
	name, level, ok := strings.Cut(item, "=")
	name, level = strings.TrimSpace(name), strings.TrimSpace(level)
	switch {
	case !ok:
		if !w.collect {
			return "", 0, pairBad
		}
		return bad(fieldErr(field, ErrMalformed, "%s is not permission=level", quoteBounded(item)))
	case !validHeaderName(name):
		if !w.collect {
			return "", 0, pairBad
		}
		return bad(fieldErr(field, ErrMalformed, "%s is not a permission name", quoteBounded(name)))
	case name == permissionlessMarker:
		switch level {
		case "true":
			return "", 0, pairPermissionless
		case "false":
			return "", 0, pairNone
		}
		if !w.collect {
			return "", 0, pairBad
		}
		return bad(fieldErr(field, ErrMalformed, "%s is not true or false", quoteBounded(item)))
	}
	l, lerr := ParseLevel(level)
	if lerr != nil || l == LevelNone {
		if !w.collect {
			return "", 0, pairBad
		}
		return bad(unknownLevel(field, boundText(level)))
	}
	return Permission(name).Canonical(), l, pairPermission
}

// result is the error of a collecting walk: what have lacks, joined with
// the header's problems.
func (w *acceptedWalk) result() error {
	if missing := CheckPermissions(w.have, w.alts); missing != nil {
		w.errs.errs = append([]error{missing}, w.errs.errs...)
	}
	return w.errs.join()
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
// each alternative, which permissions to add or raise. To check a response
// directly, see [CheckResponsePermissions].
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
				p = p.Canonical()
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

// holds reports whether have grants p at need or above; anyHeld is
// have.any().
func holds(have Permissions, anyHeld bool, p Permission, need Level) bool {
	if need == LevelNone {
		return true
	}
	p = p.Canonical()
	if p == PermissionMetadata && need == LevelRead && anyHeld {
		return true
	}
	return have.level(p) >= need
}

// An InstallationPermissionsError reports that a GitHub App installation's
// token lacks permissions an endpoint needs, and says where they must come
// from. It wraps [ErrMissingPermissions], and [ErrNotAccepted] as well when
// Register is nil: the app's registration already asks for them and only
// the installation lags.
//
// Permission changes reach an installation in two steps. The app's owner
// adds them to the registration (its permissions page), and then each
// account the app is installed on accepts them: an organization owner, or
// the user for a personal account, who gets an email and finds the request
// on the installation's settings page. Until then the installation keeps
// its old permissions, and its tokens lack the new ones. GitHub sends the
// app an installation webhook with the action new_permissions_accepted
// when an account accepts.
//
// The pages that act on it: [App.PermissionsURL] (or
// [Target.AppPermissionsURL]) for the registration, and
// [Installation.AcceptPermissionsURL] for the installation; [DiffLive]
// lists every installation that lags.
type InstallationPermissionsError struct {
	// Register holds the permissions to add to the app's registration, or
	// raise, at the level the endpoint needs; after that change each
	// installation must accept them too. It is nil when the registration
	// already has what the endpoint needs.
	Register Permissions
	// Accept holds the permissions the installation's token lacks of the
	// alternative chosen, at the level needed: what the installation's
	// account must accept, once the registration asks for them.
	Accept Permissions
}

// Error says what to do: "ghapp: missing permissions: add issues=write to
// the app's registration, then have the installation accept it" or, when
// only the installation lags, "ghapp: permissions not accepted: the app's
// registration asks for issues=write, but the installation has not
// accepted it: an owner of the installation's account must approve the
// app's new permissions".
func (e *InstallationPermissionsError) Error() string {
	var b strings.Builder
	if e.Register == nil {
		b.WriteString("ghapp: permissions not accepted: the app's registration asks for ")
		writePermissions(&b, e.Accept, ", ")
		b.WriteString(", but the installation has not accepted ")
		b.WriteString(pronoun(len(e.Accept)))
		b.WriteString(": an owner of the installation's account must approve the app's new permissions")
		return b.String()
	}
	b.WriteString("ghapp: missing permissions: add ")
	writePermissions(&b, e.Register, ", ")
	b.WriteString(" to the app's registration, then have the installation accept ")
	b.WriteString(pronoun(len(e.Register)))
	if lag := len(e.Accept) - len(e.Register); lag > 0 {
		b.WriteString(" and the ")
		if lag == 1 {
			b.WriteString("permission")
		} else {
			b.WriteString(strconv.Itoa(lag) + " permissions")
		}
		b.WriteString(" the registration already asks for")
	}
	return b.String()
}

// pronoun returns "it" or "them".
func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// Unwrap returns [ErrMissingPermissions], and [ErrNotAccepted] when only
// the installation lags.
func (e *InstallationPermissionsError) Unwrap() []error {
	if e.Register == nil {
		return []error{ErrMissingPermissions, ErrNotAccepted}
	}
	return []error{ErrMissingPermissions}
}

// CheckInstallationPermissions says why a GitHub App installation's token
// fails an endpoint's X-Accepted-GitHub-Permissions, and what to change,
// from what the caller knows: registration, the permissions of the app's
// registration (GET /app's permissions, or the Config the app was made
// from), and installation, the installation token's permissions (the
// permissions of the access token's response, or of GET
// /app/installations/{id}), against accepted, the endpoint's alternatives
// as [ParseAcceptedPermissions] reads them. Names may be the REST API's,
// and metadata counts at read once a set holds any permission, as for
// [CheckPermissions].
//
// It returns nil when installation meets an alternative (the 403 has
// another cause: a repository outside the installation, a policy, a
// missing resource) or no alternative is given. Otherwise it returns an
// [*InstallationPermissionsError] for the alternative that needs the fewest
// changes to the registration, then the fewest for the installation, the
// first in GitHub's order on a tie: with Register nil and [ErrNotAccepted]
// when the registration meets it already, so that the installation must
// only accept the app's permissions. Its cost is linear in the sizes of the
// three.
func CheckInstallationPermissions(registration, installation Permissions, accepted []Permissions) error {
	if len(accepted) == 0 {
		return nil
	}
	regAny, instAny := registration.any(), installation.any()
	var best *InstallationPermissionsError
	for _, alt := range accepted {
		var register, accept Permissions
		for p, need := range alt {
			if need == LevelNone {
				continue
			}
			p = p.Canonical()
			if !holds(installation, instAny, p, need) {
				if accept == nil {
					accept = Permissions{}
				}
				accept[p] = max(accept[p], need)
			}
			if !holds(registration, regAny, p, need) {
				if register == nil {
					register = Permissions{}
				}
				register[p] = max(register[p], need)
			}
		}
		if accept == nil {
			return nil // the installation meets this alternative
		}
		if best == nil || len(register) < len(best.Register) ||
			len(register) == len(best.Register) && len(accept) < len(best.Accept) {
			best = &InstallationPermissionsError{Register: register, Accept: accept}
		}
	}
	return best
}
