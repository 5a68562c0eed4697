package ghapp

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
)

// A Permission is a GitHub App permission, by its registration name: the
// query parameter name in a registration URL and the key in a manifest's
// default_permissions ("checks", "pull_requests", "emails"). The package has
// one constant per permission the catalogue knows.
//
// The REST API answers with other names for two of them (email_addresses
// for [PermissionEmails], git_ssh_keys for [PermissionKeys]). The methods
// accept those names too, and [ParsePermission] turns them into the
// registration name.
type Permission string

// A Resource is what a permission applies to.
type Resource uint8

// The resources permissions apply to.
const (
	ResourceRepository   Resource = iota + 1 // a repository the app is installed on
	ResourceOrganization                     // an organization the app is installed on
	ResourceAccount                          // the personal account of a user who authorises the app
	ResourceEnterprise                       // an enterprise the app is installed on
)

var resourceNames = [...]string{"", "repository", "organization", "account", "enterprise"}

// String returns "repository", "organization", "account" or "enterprise";
// other values print as "Resource(9)".
func (r Resource) String() string {
	if r > 0 && int(r) < len(resourceNames) {
		return resourceNames[r]
	}
	return "Resource(" + strconv.Itoa(int(r)) + ")"
}

// permissionInfo is one row of the generated permissionTable.
type permissionInfo struct {
	name     Permission
	alias    Permission // the REST API's other name, if any
	title    string
	resource Resource
	levels   levelSet
	plans    planSet
	doc      string // a noun phrase that reads after "Read"
}

// info returns p's row, or nil when the catalogue does not know p.
func (p Permission) info() *permissionInfo {
	if i := permissionIndex(string(p)); i >= 0 {
		return &permissionTable[i]
	}
	return nil
}

// ParsePermission returns the permission named s, turning the REST API's
// names into registration names ("email_addresses" gives [PermissionEmails]).
// An unknown or retired name returns a [*FieldError] wrapping a [*NameError]
// for [ErrUnknownPermission] (and [ErrRetired] for team_discussions) that
// suggests a close name ("pull-requests" gives "pull_requests", "Contents"
// gives "contents").
func ParsePermission(s string) (Permission, error) {
	if pi := Permission(s).info(); pi != nil {
		return pi.name, nil
	}
	return "", unknownPermission("", s)
}

// unknownPermission reports s, given as a value under field.
func unknownPermission(field, s string) *FieldError {
	return unknownName(field, s, ErrUnknownPermission, suggestPermission(s), retiredPermission(s))
}

// unknownPermissionKey reports s, given as a key after prefix
// ("default_permissions.").
func unknownPermissionKey(prefix, s string) *FieldError {
	return unknownKey(prefix, s, ErrUnknownPermission, suggestPermission(s), retiredPermission(s), "")
}

func suggestPermission(s string) string {
	if pi := Permission(loose(s)).info(); pi != nil {
		return string(pi.name) // the REST API's name, loosely written
	}
	return suggest(s, func(yield func(string) bool) {
		for i := range permissionTable {
			if !yield(string(permissionTable[i].name)) {
				return
			}
		}
	})
}

// KnownPermissions returns every current permission, in catalogue order:
// repository permissions first, then organization, account and enterprise
// ones. The slice is new on every call.
func KnownPermissions() []Permission {
	out := make([]Permission, len(permissionTable))
	for i := range permissionTable {
		out[i] = permissionTable[i].name
	}
	return out
}

// Known reports whether the catalogue knows p, by its registration name or
// the REST API's name.
func (p Permission) Known() bool { return p.info() != nil }

// Canonical returns p's registration name ([PermissionEmails] for
// "email_addresses"). A name the catalogue does not know comes back
// unchanged, as [net/http.CanonicalHeaderKey] returns a key it cannot
// improve; [Permission.Known] tests membership.
func (p Permission) Canonical() Permission {
	if pi := p.info(); pi != nil {
		return pi.name
	}
	return p
}

// Allows reports whether a registration may ask for p at level l.
// LevelNone, which leaves the permission out, is allowed for every known
// permission. An unknown permission allows nothing.
func (p Permission) Allows(l Level) bool {
	pi := p.info()
	return pi != nil && (l == LevelNone || pi.levels.has(l))
}

// Levels returns the levels a registration may ask for p at, lowest first,
// without LevelNone: [LevelWrite] alone for [PermissionWorkflows], [LevelRead]
// alone for [PermissionOrganizationPlan]. It is nil for an unknown
// permission. The slice is new on every call.
func (p Permission) Levels() []Level {
	pi := p.info()
	if pi == nil {
		return nil
	}
	var out []Level
	for l := LevelRead; l <= LevelAdmin; l++ {
		if pi.levels.has(l) {
			out = append(out, l)
		}
	}
	return out
}

// Resource returns what p applies to, or 0 for an unknown permission.
func (p Permission) Resource() Resource {
	if pi := p.info(); pi != nil {
		return pi.resource
	}
	return 0
}

// Title returns the name GitHub's settings page shows for p ("Pull
// requests"), or "" for an unknown permission. Titles repeat across
// resources: both [PermissionAdministration] and
// [PermissionOrganizationAdministration] are "Administration".
func (p Permission) Title() string {
	if pi := p.info(); pi != nil {
		return pi.title
	}
	return ""
}

// Plans returns the plans that know p, or nil for an unknown permission.
// The slice is new on every call.
func (p Permission) Plans() []Plan {
	if pi := p.info(); pi != nil {
		return pi.plans.list()
	}
	return nil
}

// AvailableOn reports whether plan knows p.
func (p Permission) AvailableOn(plan Plan) bool {
	pi := p.info()
	return pi != nil && pi.plans.has(plan)
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParsePermission],
// so JSON object keys become registration names and unknown keys fail.
func (p *Permission) UnmarshalText(text []byte) error {
	v, err := ParsePermission(string(text))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Permissions maps each permission an app asks for to its level, as in a
// manifest's default_permissions or the REST API's permissions object.
type Permissions map[Permission]Level

// UnmarshalJSON reads a JSON object of permission names and levels
// ({"issues":"write","email_addresses":"read"}), turning REST API names into
// registration names. Every problem is reported, joined with [errors.Join]:
// an unknown or retired permission, an unknown level, and a permission given
// twice (also as both of its names), each as a [*FieldError] whose field is
// the key (no more than 20 of a kind, the rest counted).
//
// When the only problems are well-formed names the catalogue does not know
// ("brand_new_permission":"write"), the map is replaced with everything the
// object holds, unknown names included, and the error wraps
// [ErrUnknownPermission]: a caller that wants GitHub's newest names keeps
// the map. With any other problem the map is left as it was.
func (ps *Permissions) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil {
		return err
	} else if t != json.Delim('{') {
		return &json.UnmarshalTypeError{Value: tokenKind(t), Type: reflect.TypeOf(*ps), Offset: dec.InputOffset()}
	}
	out := Permissions{}
	seen := map[Permission]string{}
	var errs errorList
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		key := t.(string) // object keys are always strings
		field := boundText(key)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		value, isString := readString(raw)
		p := Permission(key).Canonical()
		known := p.Known()
		newer := !known && wellFormed(key) && retiredPermission(key) == ""
		if !known && errs.room(ErrUnknownPermission) {
			errs.put(unknownPermissionKey("", key))
		}
		l, lerr := ParseLevel(value)
		switch {
		case !isString:
			errs.add(fieldErr(field, ErrUnknownLevel, "want a string level, not %s", kindOf(raw[0])))
			continue
		case lerr != nil:
			if errs.room(ErrUnknownLevel) {
				errs.put(unknownLevel(field, value))
			}
			continue
		case !known && !newer:
			continue
		}
		if prev, dup := seen[p]; dup {
			errs.add(fieldErr(field, ErrDuplicate, "permission %s is already set as %s", p, quoteBounded(prev)))
			continue
		}
		seen[p] = key
		out[p] = l
		if newer {
			errs.lenient++
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return err
	}
	if errs.len() == 0 || errs.onlyLenient() {
		*ps = out
	}
	return errs.join()
}

// tokenKind names the kind of a JSON token, never its value.
func tokenKind(t json.Token) string {
	switch t.(type) {
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "bool"
	case nil:
		return "null"
	}
	return "array"
}

// level returns the level ps gives p, under either of p's names; the
// registration name's level when both are set.
func (ps Permissions) level(p Permission) Level {
	pi := p.info()
	if pi == nil {
		return ps[p]
	}
	if l, ok := ps[pi.name]; ok {
		return l
	}
	if pi.alias != "" {
		return ps[pi.alias]
	}
	return LevelNone
}

// each calls f for every permission ps asks for, under its registration
// name, leaving out LevelNone. A permission set under both of its names is
// visited once, with the registration name's level. Unknown names are
// visited as they are. The order is the map's.
func (ps Permissions) each(f func(Permission, Level)) {
	for p, l := range ps {
		if l == LevelNone {
			continue
		}
		if c := p.Canonical(); c != p {
			if _, both := ps[c]; both {
				continue // the registration name's entry wins
			}
			p = c
		}
		f(p, l)
	}
}

// any reports whether ps asks for any permission.
func (ps Permissions) any() bool {
	for _, l := range ps {
		if l != LevelNone {
			return true
		}
	}
	return false
}

// canonical returns ps with the REST API's names turned into registration
// names, the registration name's level kept when both are set (as
// [Config.RegistrationURL] does), and permissions at LevelNone left out.
// Unknown names are kept. It is a new map, nil when nothing is left.
func (ps Permissions) canonical() Permissions {
	var out Permissions
	ps.each(func(p Permission, l Level) {
		if out == nil {
			out = Permissions{}
		}
		out[p] = l
	})
	return out
}

// effective returns ps as installations see it: canonical names, no
// LevelNone, and metadata at read at least once any permission is set.
func (ps Permissions) effective() Permissions {
	out := ps.canonical()
	if len(out) > 0 && out[PermissionMetadata] == LevelNone {
		out[PermissionMetadata] = LevelRead
	}
	return out
}
