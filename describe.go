package ghapp

import "slices"

// A Description says in one line what a scope or a permission lets an app
// read and change, for a consent page, a review or a log.
type Description struct {
	// Name is the scope's or permission's wire name ("repo:status",
	// "issues").
	Name string
	// Level is how far the access goes. For a permission it is the level
	// described. For a scope it is what the scope lets an app do with
	// what it covers: LevelRead to look only, LevelWrite to create and
	// change as well, LevelAdmin for full control (the admin: scopes, repo,
	// and the scopes that delete repositories or packages); LevelNone for
	// offline_access, which covers no data, and for a name the catalogue
	// does not know.
	Level Level
	// Text is the description, a sentence in English that says what may
	// be read and what may be changed.
	Text string
}

// String returns "NAME (LEVEL): TEXT", or "NAME: TEXT" when Level is
// LevelNone.
func (d Description) String() string {
	if d.Level == LevelNone {
		return d.Name + ": " + d.Text
	}
	return d.Name + " (" + d.Level.String() + "): " + d.Text
}

// unknownText describes a name the catalogue does not know.
const unknownText = "Not in ghapp's catalogue (" + CatalogVersion + "); see GitHub's documentation."

// DescribeScopes describes each scope of scopes once, in the catalogue's
// order (repo and the scopes it includes first), with the names the
// catalogue does not know last, in the order given, each said to be
// unknown. It does
// not normalise: [ScopeRepoStatus] is described beside [ScopeRepo] when
// both are given; see [NormalizeScopes]. The slice is new on every call,
// and the cost linear in len(scopes).
func DescribeScopes(scopes []Scope) []Description {
	var (
		known   scopeSet
		unknown []Scope
		seen    map[Scope]struct{} // the unknown names, made when there are some
	)
	for k, s := range scopes {
		if i := s.index(); i >= 0 {
			known |= 1 << i
			continue
		}
		if seen == nil {
			seen = make(map[Scope]struct{}, len(scopes)-k)
			unknown = make([]Scope, 0, len(scopes)-k)
		}
		if _, dup := seen[s]; !dup {
			seen[s] = struct{}{}
			unknown = append(unknown, s)
		}
	}
	if known == 0 && len(unknown) == 0 {
		return nil
	}
	out := make([]Description, 0, popCount(known)+len(unknown))
	for i := range scopeTable {
		if known&(1<<i) != 0 {
			si := &scopeTable[i]
			out = append(out, Description{Name: string(si.name), Level: si.access, Text: si.doc})
		}
	}
	for _, s := range unknown {
		out = append(out, Description{Name: string(s), Text: unknownText})
	}
	return out
}

// DescribePermissions describes each permission of ps at its level, in the
// catalogue's order (repository permissions first, then organization,
// account and enterprise ones), with the names the catalogue does not know
// last, sorted, each said to be unknown. The REST API's names are described
// under their registration names ("email_addresses" as emails; when both
// are set, the registration name's level counts, as in a registration URL),
// and permissions at LevelNone are left out. The text says "Read" for read,
// "Read and write" for write and "Read, write and administer" for admin.
// The slice is new on every call.
func DescribePermissions(ps Permissions) []Description {
	norm := ps.canonical()
	var out []Description
	for i := range permissionTable {
		pi := &permissionTable[i]
		if l, ok := norm[pi.name]; ok {
			out = append(out, Description{Name: string(pi.name), Level: l, Text: permissionText(l, pi.doc)})
		}
	}
	var unknown []Permission
	for p := range norm {
		if !p.Known() {
			unknown = append(unknown, p)
		}
	}
	slices.Sort(unknown)
	for _, p := range unknown {
		out = append(out, Description{Name: string(p), Level: norm[p], Text: unknownText})
	}
	return out
}

// permissionText joins the verb for level l and a permission's doc, a noun
// phrase whose first word the catalogue keeps ordinary, so that it can be
// written in lower case.
func permissionText(l Level, doc string) string {
	var verb string
	switch l {
	case LevelRead:
		verb = "Read "
	case LevelWrite:
		verb = "Read and write "
	case LevelAdmin:
		verb = "Read, write and administer "
	default:
		return l.String() + " is not a level GitHub has: " + doc
	}
	if doc != "" && 'A' <= doc[0] && doc[0] <= 'Z' {
		doc = string(doc[0]+'a'-'A') + doc[1:]
	}
	return verb + doc
}
