package ghapp

import (
	"slices"
	"strconv"
	"strings"
)

// usersMustAuthorize is the line that says account permissions wait for
// every user.
const usersMustAuthorize = "Users who authorized the app must authorize it again for the new account permissions; GitHub does not tell them."

// A ScopeDiff is what changes between the scopes a token has and the scopes
// a new authorization asks for. Both lists are normalised as by
// [NormalizeScopes], and count the scopes others include: going from
// repo:status to repo adds repo and removes nothing, since repo grants
// repo:status; going back adds nothing and removes repo.
type ScopeDiff struct {
	Added   []Scope // granted by the requested scopes, not by the current ones
	Removed []Scope // granted by the current scopes, not by the requested ones
}

// DiffScopes returns what changes from the scopes current to the scopes
// requested. Scopes the catalogue does not know are compared by name.
func DiffScopes(current, requested []Scope) ScopeDiff {
	return ScopeDiff{Added: MissingScopes(current, requested), Removed: MissingScopes(requested, current)}
}

// Empty reports whether nothing changes.
func (d ScopeDiff) Empty() bool { return len(d.Added) == 0 && len(d.Removed) == 0 }

// NeedsApproval reports whether the user must approve the new scopes on
// GitHub's authorization page: true when a scope is added, other than one
// GitHub does not list among a token's scopes ([ScopeOfflineAccess], which
// prompts for nothing). A scope the catalogue does not know counts.
func (d ScopeDiff) NeedsApproval() bool {
	for _, s := range d.Added {
		if !s.Known() || s.Reported() {
			return true
		}
	}
	return false
}

// String lists the changes, one a line, added scopes first:
//
//	added   repo
//	removed repo:status
//
// It is "no change" for an empty diff.
func (d ScopeDiff) String() string {
	if d.Empty() {
		return "no change"
	}
	var lines []string
	for _, s := range d.Added {
		lines = append(lines, "added   "+string(s))
	}
	for _, s := range d.Removed {
		lines = append(lines, "removed "+string(s))
	}
	return strings.Join(lines, "\n")
}

// A PermissionChange is one permission whose level changes.
type PermissionChange struct {
	Permission Permission // the registration name
	Old, New   Level      // LevelNone when absent
}

// String returns "issues: write" for a permission added or removed, and
// "contents: read -> write" for one whose level changes.
func (c PermissionChange) String() string {
	switch {
	case c.Old == LevelNone:
		return string(c.Permission) + ": " + c.New.String()
	case c.New == LevelNone:
		return string(c.Permission) + ": " + c.Old.String()
	}
	return string(c.Permission) + ": " + c.Old.String() + " -> " + c.New.String()
}

// A PermissionDiff is what changes between two sets of GitHub App
// permissions, each part sorted by permission name.
type PermissionDiff struct {
	Added      []PermissionChange // absent before
	Upgraded   []PermissionChange // at a higher level
	Downgraded []PermissionChange // at a lower level
	Removed    []PermissionChange // absent after
}

// DiffPermissions returns what changes from the permissions before to the
// permissions after, as installations see them: the REST API's names count
// as their registration names (when both are set, the registration name's
// level, as in a registration URL), a permission at LevelNone is absent,
// and metadata counts at read in a set that asks for any permission, since
// GitHub then grants it. Names the catalogue does not know are compared as
// they are.
func DiffPermissions(before, after Permissions) PermissionDiff {
	b, a := before.effective(), after.effective()
	var d PermissionDiff
	for _, p := range sortedKeys(b, a) {
		old, now := b[p], a[p]
		c := PermissionChange{Permission: p, Old: old, New: now}
		switch {
		case old == now:
		case old == LevelNone:
			d.Added = append(d.Added, c)
		case now == LevelNone:
			d.Removed = append(d.Removed, c)
		case now > old:
			d.Upgraded = append(d.Upgraded, c)
		default:
			d.Downgraded = append(d.Downgraded, c)
		}
	}
	return d
}

// sortedKeys returns the keys of a and b, once each, sorted.
func sortedKeys(a, b Permissions) []Permission {
	keys := make([]Permission, 0, len(a)+len(b))
	for p := range a {
		keys = append(keys, p)
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			keys = append(keys, p)
		}
	}
	slices.Sort(keys)
	return keys
}

// Empty reports whether nothing changes.
func (d PermissionDiff) Empty() bool {
	return len(d.Added) == 0 && len(d.Upgraded) == 0 && len(d.Downgraded) == 0 && len(d.Removed) == 0
}

// NeedsApproval reports whether anyone must accept the change before the
// app gets all of it: true exactly when a permission is added or upgraded.
// Downgrades and removals take effect without anyone's approval.
// [PermissionDiff.Approvals] says who.
func (d PermissionDiff) NeedsApproval() bool { return d.Approvals().Any() }

// An Approval says who must accept one change to a GitHub App's
// permissions before it reaches the app, as GitHub's pages on changing an
// app's permissions and approving them say.
type Approval uint8

const (
	// ApprovalNone: the change takes effect at once, for every
	// installation and user: a permission removed or lowered. GitHub:
	// "If you remove permissions or webhooks from your GitHub App, the
	// changes will take effect immediately."
	ApprovalNone Approval = iota
	// ApprovalInstallations: each account the app is installed on must
	// accept the change (a repository, organization or enterprise
	// permission added or raised): an owner of the organization or
	// enterprise, or the user of a personal account, whom GitHub notifies.
	// Until an account accepts, its installation keeps its old
	// permissions; when it does, GitHub sends the app an installation
	// webhook with action new_permissions_accepted. A permission the
	// catalogue does not know counts here, the cautious reading.
	ApprovalInstallations
	// ApprovalUsers: each user who authorized the app must authorize it
	// again (an account permission added or raised). GitHub does not
	// notify them: the app must send them through the authorization again
	// ([AuthorizeRequest]), and until then their user access tokens keep
	// the old permissions.
	ApprovalUsers
)

// String returns "none", "installations" or "users"; other values print as
// "Approval(7)".
func (a Approval) String() string {
	switch a {
	case ApprovalNone:
		return "none"
	case ApprovalInstallations:
		return "installations"
	case ApprovalUsers:
		return "users"
	}
	return "Approval(" + strconv.Itoa(int(a)) + ")"
}

// Approval returns who must accept c before it reaches the app: nobody for
// a removal or a lower level, the users who authorized the app for an
// account permission added or raised ([ResourceAccount]), and each
// installation's account for any other.
func (c PermissionChange) Approval() Approval {
	switch {
	case c.New <= c.Old:
		return ApprovalNone
	case c.Permission.Resource() == ResourceAccount:
		return ApprovalUsers
	}
	return ApprovalInstallations
}

// Approvals says who must accept a change to a GitHub App's permissions
// before all of it reaches the app: the parts of [PermissionChange.Approval]
// that a whole diff needs.
type Approvals struct {
	// Installations: each account the app is installed on must accept
	// (ApprovalInstallations).
	Installations bool
	// RepositoryAdmins: every change the installations must accept is to a
	// repository permission. GitHub's older pages (the Japanese "About
	// integrations" the project started from) say that then the admins of
	// the repositories the app is installed on may review and accept it
	// too, beside the organization's owners; today's pages name the owners
	// only.
	RepositoryAdmins bool
	// Users: each user who authorized the app must authorize it again,
	// unprompted by GitHub (ApprovalUsers).
	Users bool
}

// Any reports whether anyone must approve: the one-call answer to "will
// anyone have to approve this?".
func (a Approvals) Any() bool { return a.Installations || a.Users }

// Approvals returns who must accept d, from each added and upgraded
// permission's [PermissionChange.Approval].
func (d PermissionDiff) Approvals() Approvals {
	var a Approvals
	repoOnly := true
	for _, part := range [...][]PermissionChange{d.Added, d.Upgraded} {
		for _, c := range part {
			switch c.Approval() {
			case ApprovalInstallations:
				a.Installations = true
				repoOnly = repoOnly && c.Permission.Resource() == ResourceRepository
			case ApprovalUsers:
				a.Users = true
			}
		}
	}
	a.RepositoryAdmins = a.Installations && repoOnly
	return a
}

// Apply returns the permissions ps becomes under d: a new map, with ps's
// names made registration names, metadata counted as DiffPermissions counts
// it, then d's changes made. Applied to the set a diff was made from, it
// gives the set the diff leads to, so that DiffPermissions(d.Apply(before),
// after) is empty.
func (d PermissionDiff) Apply(ps Permissions) Permissions {
	out := ps.effective()
	if out == nil {
		out = Permissions{}
	}
	for _, part := range [...][]PermissionChange{d.Added, d.Upgraded, d.Downgraded} {
		for _, c := range part {
			out[c.Permission] = c.New
		}
	}
	for _, c := range d.Removed {
		delete(out, c.Permission)
	}
	return out
}

// String lists the changes, one a line, in the order added, upgraded,
// downgraded, removed:
//
//	added      issues: write
//	upgraded   contents: read -> write
//	downgraded pull_requests: write -> read
//	removed    checks: write
//
// It is "no change" for an empty diff.
func (d PermissionDiff) String() string {
	if d.Empty() {
		return "no change"
	}
	return strings.Join(d.lines(), "\n")
}

func (d PermissionDiff) lines() []string {
	var lines []string
	for _, part := range [...]struct {
		verb    string
		changes []PermissionChange
	}{{"added     ", d.Added}, {"upgraded  ", d.Upgraded}, {"downgraded", d.Downgraded}, {"removed   ", d.Removed}} {
		for _, c := range part.changes {
			lines = append(lines, part.verb+" "+c.String())
		}
	}
	return lines
}

// A ConfigDiff is what changes between two GitHub App registrations in
// what installations see: their permissions and their webhook events.
type ConfigDiff struct {
	Permissions   PermissionDiff
	AddedEvents   []Event // sorted by name
	RemovedEvents []Event // sorted by name
}

// DiffConfigs returns what changes in permissions and events from the
// registration before to the registration after, permissions compared as
// [DiffPermissions] compares them, events by name, each once. Other
// settings (name, URLs, ...) are not compared.
func DiffConfigs(before, after Config) ConfigDiff {
	d := ConfigDiff{Permissions: DiffPermissions(before.Permissions, after.Permissions)}
	for _, e := range after.Events {
		if !slices.Contains(before.Events, e) && !slices.Contains(d.AddedEvents, e) {
			d.AddedEvents = append(d.AddedEvents, e)
		}
	}
	for _, e := range before.Events {
		if !slices.Contains(after.Events, e) && !slices.Contains(d.RemovedEvents, e) {
			d.RemovedEvents = append(d.RemovedEvents, e)
		}
	}
	slices.Sort(d.AddedEvents)
	slices.Sort(d.RemovedEvents)
	return d
}

// Empty reports whether nothing changes.
func (d ConfigDiff) Empty() bool {
	return d.Permissions.Empty() && len(d.AddedEvents) == 0 && len(d.RemovedEvents) == 0
}

// NeedsApproval reports whether anyone must accept new permissions before
// the change reaches them: true exactly when a permission is added or
// upgraded. Events alone never need approval: an app may subscribe to any
// event its permissions allow. [ConfigDiff.Approvals] says who.
func (d ConfigDiff) NeedsApproval() bool { return d.Permissions.NeedsApproval() }

// Approvals says who must accept the change: [PermissionDiff.Approvals] of
// its permissions.
func (d ConfigDiff) Approvals() Approvals { return d.Permissions.Approvals() }

// String describes the change in a few stable lines, fit for a comment a CI
// job posts on a pull request:
//
//	permissions:
//	  added      issues: write
//	  downgraded pull_requests: write -> read
//	events:
//	  added      issues
//	Installations must approve the new permissions.
//
// The last lines say who must approve ([ConfigDiff.Approvals]):
// "Installations must approve the new permissions." for repository,
// organization and enterprise permissions, and "Users who authorized the
// app must authorize it again for the new account permissions; GitHub does
// not tell them." for account permissions; "Installations need not approve
// anything." when no permission is added or upgraded. An empty diff is "no
// change", as for [ScopeDiff] and [PermissionDiff].
func (d ConfigDiff) String() string {
	if d.Empty() {
		return "no change"
	}
	var b strings.Builder
	if !d.Permissions.Empty() {
		b.WriteString("permissions:\n")
		for _, l := range d.Permissions.lines() {
			b.WriteString("  " + l + "\n")
		}
	}
	if len(d.AddedEvents) > 0 || len(d.RemovedEvents) > 0 {
		b.WriteString("events:\n")
		for _, e := range d.AddedEvents {
			b.WriteString("  added      " + string(e) + "\n")
		}
		for _, e := range d.RemovedEvents {
			b.WriteString("  removed    " + string(e) + "\n")
		}
	}
	a := d.Approvals()
	if a.Installations {
		b.WriteString("Installations must approve the new permissions.")
	}
	if a.Installations && a.Users {
		b.WriteByte('\n')
	}
	if a.Users {
		b.WriteString(usersMustAuthorize)
	}
	if !a.Any() {
		b.WriteString("Installations need not approve anything.")
	}
	return b.String()
}
