package ghapp

// A TokenPermission is a permission of fine-grained personal access tokens,
// by the name of its parameter in the link that pre-fills GitHub's page for a
// new token ("contents", "copilot_requests"); see [FineGrainedTokenRequest].
// The package has one constant per permission the catalogue knows.
//
// Tokens have their own set of permissions. Most share a name and a meaning
// with a GitHub App [Permission], but some are the tokens' own
// ([TokenPermissionUserEvents], [TokenPermissionCopilotRequests],
// [TokenPermissionOrganizationModels]), some app permissions have no token
// counterpart (checks, packages), and a name both have may allow other
// levels: [TokenPermissionMetadata] is read only. One,
// [TokenPermissionUserCopilotRequests], comes from an example link of
// GitHub's page rather than its table.
type TokenPermission string

// TokenPermissions maps each permission a fine-grained personal access token
// asks for to its level.
type TokenPermissions map[TokenPermission]Level

// tokenPermissionInfo is one row of the generated tokenPermissionTable.
type tokenPermissionInfo struct {
	name     TokenPermission
	title    string
	resource Resource
	levels   levelSet
	plans    planSet
}

// info returns t's row, or nil when the catalogue does not know t.
func (t TokenPermission) info() *tokenPermissionInfo {
	if i := tokenPermissionIndex(string(t)); i >= 0 {
		return &tokenPermissionTable[i]
	}
	return nil
}

// ParseTokenPermission returns the token permission named s, by its name or
// another name the catalogue gives it. An unknown name returns a
// [*FieldError] wrapping a [*NameError] for [ErrUnknownPermission] that
// suggests a close name ("pull-requests" gives "pull_requests").
func ParseTokenPermission(s string) (TokenPermission, error) {
	if ti := TokenPermission(s).info(); ti != nil {
		return ti.name, nil
	}
	return "", unknownTokenPermission("", s)
}

// unknownTokenPermission reports s, given as a token permission under field.
func unknownTokenPermission(field, s string) *FieldError {
	return unknownName(field, s, ErrUnknownPermission, suggestTokenPermission(s), "")
}

func suggestTokenPermission(s string) string {
	if ti := TokenPermission(loose(s)).info(); ti != nil {
		return string(ti.name)
	}
	return suggest(s, func(yield func(string) bool) {
		for i := range tokenPermissionTable {
			if !yield(string(tokenPermissionTable[i].name)) {
				return
			}
		}
	})
}

// KnownTokenPermissions returns every token permission, in catalogue order:
// account permissions first, then repository and organization ones. The
// slice is new on every call.
func KnownTokenPermissions() []TokenPermission {
	out := make([]TokenPermission, len(tokenPermissionTable))
	for i := range tokenPermissionTable {
		out[i] = tokenPermissionTable[i].name
	}
	return out
}

// Known reports whether the catalogue knows t, by its name or another name
// it gives.
func (t TokenPermission) Known() bool { return t.info() != nil }

// Canonical returns t's name as the link writes it, for another name the
// catalogue gives t. A name the catalogue does not know comes back
// unchanged. The two names GitHub's page writes for Copilot requests are
// two token permissions, not one under two names: user_copilot_requests
// stays itself (see [TokenPermissionUserCopilotRequests]).
func (t TokenPermission) Canonical() TokenPermission {
	if ti := t.info(); ti != nil {
		return ti.name
	}
	return t
}

// Allows reports whether a token link may ask for t at level l. LevelNone,
// which leaves the permission out, is allowed for every known permission;
// an unknown permission allows nothing.
func (t TokenPermission) Allows(l Level) bool {
	ti := t.info()
	return ti != nil && (l == LevelNone || ti.levels.has(l))
}

// Levels returns the levels a token link may ask for t at, lowest first,
// without LevelNone: [LevelWrite] alone for [TokenPermissionWorkflows],
// [LevelRead] alone for [TokenPermissionMetadata]. It is nil for an unknown
// permission. The slice is new on every call.
func (t TokenPermission) Levels() []Level {
	ti := t.info()
	if ti == nil {
		return nil
	}
	var out []Level
	for l := LevelRead; l <= LevelAdmin; l++ {
		if ti.levels.has(l) {
			out = append(out, l)
		}
	}
	return out
}

// Resource returns what t applies to, and so which resource owner a token
// with it needs: [ResourceAccount] permissions work only when the user
// creating the token is its owner, [ResourceOrganization] ones only when an
// organization is, and [ResourceRepository] ones for either. It is 0 for an
// unknown permission.
func (t TokenPermission) Resource() Resource {
	if ti := t.info(); ti != nil {
		return ti.resource
	}
	return 0
}

// Title returns the name GitHub's token page shows for t ("Pull requests"),
// or "" for an unknown permission.
func (t TokenPermission) Title() string {
	if ti := t.info(); ti != nil {
		return ti.title
	}
	return ""
}

// Plans returns the plans whose token page takes t (github.com and GHEC), or
// nil for an unknown permission. The slice is new on every call.
func (t TokenPermission) Plans() []Plan {
	if ti := t.info(); ti != nil {
		return ti.plans.list()
	}
	return nil
}

// AvailableOn reports whether plan's token page takes t.
func (t TokenPermission) AvailableOn(plan Plan) bool {
	ti := t.info()
	return ti != nil && ti.plans.has(plan)
}
