package ghapp

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Live is a GitHub App as it is on GitHub: what [DiffLive] compares with
// the app in code. [ReadLive] reads it; a program may fill it from its own
// calls as well.
type Live struct {
	App *App // GET /app
	// Webhook is the app's webhook (GET /app/hook/config); nil when it was
	// not read, and then the webhook URL is not compared.
	Webhook *AppWebhook
	// Installations are the app's installations (GET /app/installations).
	Installations []Installation
}

// ReadLive reads the app whose JSON Web Token authenticates hc's requests,
// its webhook and its installations, with [GetApp], [GetAppWebhook] and
// [ListInstallations], and returns their errors. A 404 for the webhook
// leaves Live.Webhook nil rather than failing.
func ReadLive(ctx context.Context, hc *http.Client, t Target) (*Live, error) {
	app, err := GetApp(ctx, hc, t)
	if err != nil {
		return nil, err
	}
	l := &Live{App: app}
	if l.Webhook, err = GetAppWebhook(ctx, hc, t); err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	if l.Installations, err = ListInstallations(ctx, hc, t); err != nil {
		return nil, err
	}
	return l, nil
}

// A Drift is how a GitHub App on GitHub differs from the app in code, and
// what to do about it: [DiffLive] makes it. Its fields are for a program
// to inspect; String and Markdown write it for people.
type Drift struct {
	// App is the live app, Target the GitHub it lives on.
	App    App
	Target Target
	// Registration is what changes when the registration is made to match
	// the code: from the live app's permissions and events to the Config's.
	// Its Approvals say who must then accept the change.
	Registration ConfigDiff
	// Settings are the app's other settings whose live value differs from
	// the code's, in the order name, description, url, webhook_url.
	Settings []SettingChange
	// NotCompared names the Config's settings that GitHub's API does not
	// return, so that no drift in them can be seen, by their wire names:
	// "callback_urls", "setup_url", ...
	NotCompared []string
	// SettingsURL is the app's settings page, where its owner changes the
	// settings; PermissionsURL its "Permissions & events" page, where the
	// owner changes the permissions and events. See [App.SettingsURL].
	SettingsURL, PermissionsURL string
	// Installations is how many installations were compared, Suspended how
	// many of them are suspended.
	Installations, Suspended int
	// Lagging are the installations that have not accepted the app's
	// current permissions, sorted by account login, then ID.
	Lagging []LaggingInstallation
}

// A SettingChange is one registration setting whose live value differs
// from the code's.
type SettingChange struct {
	Field string // the wire name: "name", "description", "url", "webhook_url"
	Live  string // the value on GitHub
	Code  string // the value in the Config
}

// A LaggingInstallation is an installation whose permissions lag the app's:
// the app asks for permissions its account has not accepted.
type LaggingInstallation struct {
	ID int64
	// Account is the account the app is installed on, with the type the
	// installation gives ([Installation.AccountType]).
	Account   Account
	Suspended bool
	// Pending are the permissions the app has and the installation lacks
	// (Added) or has at a lower level (Upgraded).
	Pending PermissionDiff
	// Approvals says who may accept them: the account's owner
	// (Installations) and, for repository permissions only, the admins of
	// its repositories ([Approvals.RepositoryAdmins]).
	Approvals Approvals
	// AcceptURL is the page where the account reviews and accepts them
	// ([Installation.AcceptPermissionsURL]), "" when GitHub has no such page
	// for the account's type.
	AcceptURL string
}

// DiffLive compares the app in code, want (from Go, a manifest file or a
// link), with the app on GitHub, live, on t, and says exactly what differs
// and what to do:
//
//   - the registration against the code: permissions added, removed,
//     raised or lowered and events added or removed ([DiffConfigs], from
//     the live app to want), and the name, description, homepage (url) and
//     webhook URL where want sets them and they differ, each to change on
//     the app's permissions or settings page;
//   - who must approve each change: [PermissionChange.Approval];
//   - the installations that have not accepted the app's current
//     permissions, each with its account and the page where it accepts.
//
// A setting want leaves empty is not compared: an empty field means "as
// GitHub has it". Settings GitHub's API does not return (callback URLs,
// setup URL, public, ...) are listed in Drift.NotCompared when want sets
// them.
//
// An installation is compared with the app in the permissions its account
// can grant: repository permissions for a personal account, repository and
// organization ones for an organization, enterprise ones for an
// enterprise, and names the catalogue does not know everywhere; never
// account permissions, which users grant by authorizing the app and which
// an installation's permissions do not show.
//
// It returns a [*FieldError] wrapping [ErrRequired] when live or live.App
// is nil, and [ErrInvalidTarget] for a bad t or an app whose owner GitHub
// has no settings page for. Its cost is linear in the number of
// installations times the number of permissions.
func DiffLive(want Config, live *Live, t Target) (*Drift, error) {
	if live == nil || live.App == nil {
		return nil, fieldErr("app", ErrRequired, "the live app is required")
	}
	if _, _, err := t.resolve(); err != nil {
		return nil, err
	}
	app := live.App
	d := &Drift{App: *app, Target: t, Installations: len(live.Installations)}
	var err error
	if d.SettingsURL, err = app.SettingsURL(t); err != nil {
		return nil, err
	}
	d.PermissionsURL = d.SettingsURL + "/permissions"
	d.Registration = DiffConfigs(Config{Permissions: app.Permissions, Events: app.Events}, want)

	setting := func(field, live, code string) {
		if code != "" && code != live {
			d.Settings = append(d.Settings, SettingChange{Field: field, Live: live, Code: code})
		}
	}
	setting("name", app.Name, want.Name)
	setting("description", app.Description, want.Description)
	setting("url", app.ExternalURL, want.HomepageURL)
	if live.Webhook != nil {
		setting("webhook_url", live.Webhook.URL, want.WebhookURL)
	} else if want.WebhookURL != "" {
		d.NotCompared = append(d.NotCompared, "webhook_url")
	}
	for _, s := range [...]struct {
		field string
		set   bool
	}{
		{"callback_urls", len(want.CallbackURLs) > 0},
		{"request_oauth_on_install", want.RequestOAuthOnInstall},
		{"setup_url", want.SetupURL != ""},
		{"setup_on_update", want.SetupOnUpdate},
		{"public", want.Public},
		{"webhook_active", want.WebhookActive},
		{"single_file_name", want.SingleFileName != ""},
		{"single_file_paths", len(want.SingleFilePaths) > 0},
	} {
		if s.set {
			d.NotCompared = append(d.NotCompared, s.field)
		}
	}

	appPerms := app.Permissions.canonical()
	for k := range live.Installations {
		inst := &live.Installations[k]
		if inst.Suspended() {
			d.Suspended++
		}
		kind := inst.AccountType()
		grants := func(p Permission) bool { return grantable(kind, p) }
		// Both sides as installations see them (metadata at read once any
		// permission is set), after leaving out what the account cannot
		// grant: so metadata alone never makes an installation lag.
		pending := DiffPermissions(filterPermissions(inst.Permissions.canonical(), grants), filterPermissions(appPerms, grants))
		if len(pending.Added) == 0 && len(pending.Upgraded) == 0 {
			continue
		}
		lag := LaggingInstallation{
			ID: inst.ID, Account: inst.Account, Suspended: inst.Suspended(),
			Pending: PermissionDiff{Added: pending.Added, Upgraded: pending.Upgraded},
		}
		lag.Account.Type = kind
		lag.Approvals = lag.Pending.Approvals()
		if u, err := inst.AcceptPermissionsURL(Target{BaseURL: t.BaseURL, Plan: t.Plan}); err == nil {
			lag.AcceptURL = u
		}
		d.Lagging = append(d.Lagging, lag)
	}
	slices.SortFunc(d.Lagging, func(a, b LaggingInstallation) int {
		if c := strings.Compare(strings.ToLower(a.Account.Login), strings.ToLower(b.Account.Login)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return d, nil
}

// grantable reports whether an installation on an account of type kind
// holds permission p: the permissions it can grant.
func grantable(kind string, p Permission) bool {
	r := p.Resource()
	switch {
	case r == 0:
		return true // unknown to the catalogue: compared, the cautious reading
	case r == ResourceAccount:
		return false
	}
	switch kind {
	case AccountUser:
		return r == ResourceRepository
	case AccountOrganization:
		return r == ResourceRepository || r == ResourceOrganization
	case AccountEnterprise:
		return r == ResourceEnterprise
	}
	return true
}

// filterPermissions returns the permissions of ps that keep reports true.
func filterPermissions(ps Permissions, keep func(Permission) bool) Permissions {
	out := make(Permissions, len(ps))
	for p, l := range ps {
		if keep(p) {
			out[p] = l
		}
	}
	return out
}

// Empty reports whether there is nothing to do: the registration matches
// the code and every installation has accepted the app's permissions.
func (d *Drift) Empty() bool {
	return d.Registration.Empty() && len(d.Settings) == 0 && len(d.Lagging) == 0
}

// NeedsApproval reports whether anyone must approve anything for the app
// in code to reach every installation: the registration's change once made
// ([ConfigDiff.NeedsApproval]), or installations that have not yet accepted
// the app's current permissions.
func (d *Drift) NeedsApproval() bool {
	return d.Registration.NeedsApproval() || len(d.Lagging) > 0
}

// acceptedNote says where an app learns that an account accepted.
const acceptedNote = "When an account accepts, GitHub sends the app an installation webhook with action new_permissions_accepted."

// approvalWords says in words who must approve a change of kind a.
func approvalWords(a Approval) string {
	switch a {
	case ApprovalInstallations:
		return "each installation's account must accept"
	case ApprovalUsers:
		return "each user must authorize again"
	}
	return "takes effect at once"
}

// who says who may accept an installation's pending permissions.
func (l *LaggingInstallation) who() string {
	var s string
	switch l.Account.Type {
	case AccountOrganization:
		s = "an owner of the organization"
	case AccountEnterprise:
		s = "an owner of the enterprise"
	case AccountUser:
		s = "the user " + l.Account.Login
	default:
		s = "the account's owner"
	}
	if l.Approvals.RepositoryAdmins && l.Account.Type == AccountOrganization {
		s += " (repository permissions only: older GitHub pages say an admin of its repositories may too)"
	}
	return s
}

// approvalLines says who must approve the registration's change, one
// sentence a line.
func (a Approvals) lines(removals bool) []string {
	var out []string
	if a.Installations {
		s := "Each installation's account must accept the new repository, organization or enterprise permissions: an owner of the organization or enterprise, or the user of a personal account, whom GitHub notifies by email"
		if a.RepositoryAdmins {
			s += " (as only repository permissions change, older GitHub pages say the admins of the repositories it is installed on may accept too)"
		}
		out = append(out, s+". Nothing reaches an installation until its account accepts.")
	}
	if a.Users {
		out = append(out, "Each user who authorized the app must authorize it again for the new account permissions. GitHub does not notify them: the app must ask them.")
	}
	if removals {
		out = append(out, "Removed and lowered permissions take effect at once, for every installation.")
	}
	return out
}

// String writes d as stable plain text, for a terminal or a log; every
// value GitHub sent is stripped of control characters. For example:
//
//	GitHub App octoapp (id 1), owned by octocat (User), on https://github.com
//
//	The registration differs from the code:
//	  permissions:
//	    added      pull_requests: write   each installation's account must accept
//	...
func (d *Drift) String() string {
	var b strings.Builder
	line := func(indent int, parts ...string) {
		b.WriteString(strings.Repeat("  ", indent))
		for _, p := range parts {
			b.WriteString(p)
		}
		b.WriteByte('\n')
	}
	line(0, "GitHub App ", d.App.Slug, " (id ", strconv.FormatInt(d.App.ID, 10), "), owned by ",
		d.App.Owner.Login, " (", plainText(d.App.Owner.Type), "), on ", d.Target.webOrigin())
	line(0)

	reg := d.Registration
	if reg.Empty() && len(d.Settings) == 0 {
		line(0, "The registration matches the code.")
	} else {
		line(0, "The registration differs from the code:")
		if !reg.Permissions.Empty() {
			line(1, "permissions:")
			rows := permissionRows(reg.Permissions)
			width := 0
			for _, r := range rows {
				width = max(width, len(r.text))
			}
			for _, r := range rows {
				line(2, r.verb, " ", r.text, strings.Repeat(" ", width-len(r.text)), "   ", approvalWords(r.approval))
			}
		}
		if len(reg.AddedEvents)+len(reg.RemovedEvents) > 0 {
			line(1, "events:")
			for _, e := range reg.AddedEvents {
				line(2, "added      ", string(e))
			}
			for _, e := range reg.RemovedEvents {
				line(2, "removed    ", string(e))
			}
		}
		if len(d.Settings) > 0 {
			line(1, "settings:")
			for _, s := range d.Settings {
				line(2, s.Field, strings.Repeat(" ", max(1, 12-len(s.Field))), quotedText(s.Live), " -> ", quotedText(s.Code))
			}
		}
		if !reg.Empty() {
			line(1, "Change permissions and events at ", d.PermissionsURL)
		}
		if len(d.Settings) > 0 {
			line(1, "Change the settings at ", d.SettingsURL)
		}
		if lines := reg.Approvals().lines(len(reg.Permissions.Downgraded)+len(reg.Permissions.Removed) > 0); len(lines) > 0 && !reg.Permissions.Empty() {
			line(1, "Who approves:")
			for _, l := range lines {
				line(2, "- ", l)
			}
		}
	}
	if len(d.NotCompared) > 0 {
		line(0, "Not compared, as GitHub's API does not return them: ", strings.Join(d.NotCompared, ", "), ".")
	}
	line(0)

	line(0, d.installationsSummary(), ".")
	for _, l := range d.Lagging {
		var parts []string
		for _, c := range l.Pending.Added {
			parts = append(parts, c.String())
		}
		for _, c := range l.Pending.Upgraded {
			parts = append(parts, c.String())
		}
		head := l.Account.Login + " (" + plainText(l.Account.Type) + ", installation " + strconv.FormatInt(l.ID, 10)
		if l.Suspended {
			head += ", suspended"
		}
		line(1, head, "): lacks ", strings.Join(parts, ", "))
		line(2, "who accepts: ", l.who())
		if l.AcceptURL != "" {
			line(2, "accept at ", l.AcceptURL)
		}
	}
	if len(d.Lagging) > 0 || reg.Approvals().Installations {
		line(0, acceptedNote)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// installationsSummary says how many installations there are and how many
// lag, without a final period.
func (d *Drift) installationsSummary() string {
	s := "Installations: " + strconv.Itoa(d.Installations)
	if d.Suspended > 0 {
		s += " (" + strconv.Itoa(d.Suspended) + " suspended)"
	}
	switch len(d.Lagging) {
	case 0:
		if d.Installations > 0 {
			s += "; every one has accepted the app's current permissions"
		}
	case 1:
		s += "; 1 has not accepted the app's current permissions"
	default:
		s += "; " + strconv.Itoa(len(d.Lagging)) + " have not accepted the app's current permissions"
	}
	return s
}

// A permissionRow is one line of a permission diff.
type permissionRow struct {
	verb     string // "added     ", padded to one width
	text     string // "issues: write"
	change   PermissionChange
	approval Approval
}

func permissionRows(d PermissionDiff) []permissionRow {
	var rows []permissionRow
	for _, part := range [...]struct {
		verb    string
		changes []PermissionChange
	}{{"added     ", d.Added}, {"upgraded  ", d.Upgraded}, {"downgraded", d.Downgraded}, {"removed   ", d.Removed}} {
		for _, c := range part.changes {
			rows = append(rows, permissionRow{part.verb, c.String(), c, c.Approval()})
		}
	}
	return rows
}

// plainText returns s with control characters (terminal escapes among them)
// replaced by spaces, cut as cleanAPIText cuts, "(none)" when empty.
func plainText(s string) string {
	if s == "" {
		return "(none)"
	}
	return cleanAPIText(s)
}

// quotedText returns s quoted for a line of text, control characters
// escaped, "(none)" when empty.
func quotedText(s string) string {
	if s == "" {
		return "(none)"
	}
	return strconv.Quote(cleanAPIText(s))
}

// Markdown writes d as Markdown for a comment a CI job posts on a pull
// request: a heading, tables of the registration's changes and of the
// installations that lag, links to the pages where each is done, and who
// must approve. Every value GitHub sent or the Config holds is escaped, so
// none can add markup or links of its own. The text is stable: the same
// Drift always gives the same Markdown.
func (d *Drift) Markdown() string {
	var b strings.Builder
	p := func(parts ...string) {
		for _, s := range parts {
			b.WriteString(s)
		}
		b.WriteString("\n")
	}
	title := "drift from the code"
	if d.Empty() {
		title = "in sync with the code"
	}
	p("### GitHub App `", d.App.Slug, "`: ", title)
	p()
	p("App `", d.App.Slug, "` (id ", strconv.FormatInt(d.App.ID, 10), "), owned by `", d.App.Owner.Login, "` (",
		mdText(d.App.Owner.Type), "), on ", d.Target.webOrigin(), ".")
	p()

	reg := d.Registration
	if reg.Empty() && len(d.Settings) == 0 {
		p("**The registration matches the code.**")
	} else {
		b.WriteString("**The registration differs from the code.**")
		if !reg.Empty() {
			b.WriteString(" Change permissions and events on the app's [permissions page](" + d.PermissionsURL + ")")
			if len(d.Settings) > 0 {
				b.WriteString(", the other settings on its [settings page](" + d.SettingsURL + ")")
			}
			b.WriteString(".")
		} else {
			b.WriteString(" Change it on the app's [settings page](" + d.SettingsURL + ").")
		}
		p()
		if !reg.Permissions.Empty() {
			p()
			p("| change | permission | on GitHub | in the code | who approves |")
			p("| --- | --- | --- | --- | --- |")
			for _, r := range permissionRows(reg.Permissions) {
				p("| ", strings.TrimSpace(r.verb), " | `", string(r.change.Permission), "` | ", r.change.Old.String(), " | ",
					r.change.New.String(), " | ", approvalWords(r.approval), " |")
			}
		}
		if len(reg.AddedEvents)+len(reg.RemovedEvents) > 0 {
			p()
			p("| change | event |")
			p("| --- | --- |")
			for _, e := range reg.AddedEvents {
				p("| added | `", string(e), "` |")
			}
			for _, e := range reg.RemovedEvents {
				p("| removed | `", string(e), "` |")
			}
		}
		if len(d.Settings) > 0 {
			p()
			p("| setting | on GitHub | in the code |")
			p("| --- | --- | --- |")
			for _, s := range d.Settings {
				p("| `", s.Field, "` | ", mdText(s.Live), " | ", mdText(s.Code), " |")
			}
		}
		if lines := reg.Approvals().lines(len(reg.Permissions.Downgraded)+len(reg.Permissions.Removed) > 0); len(lines) > 0 && !reg.Permissions.Empty() {
			p()
			p("**Who approves:**")
			p()
			for _, l := range lines {
				p("- ", l)
			}
		}
	}
	if len(d.NotCompared) > 0 {
		p()
		names := make([]string, len(d.NotCompared))
		for i, n := range d.NotCompared {
			names[i] = "`" + n + "`"
		}
		p("Not compared, as GitHub's API does not return them: ", strings.Join(names, ", "), ".")
	}
	p()
	if len(d.Lagging) == 0 {
		p(d.installationsSummary(), ".")
	} else {
		p("**", d.installationsSummary(), ".**")
		p()
		p("| account | installation | not accepted | who accepts | |")
		p("| --- | --- | --- | --- | --- |")
		for _, l := range d.Lagging {
			var parts []string
			for _, c := range l.Pending.Added {
				parts = append(parts, "`"+string(c.Permission)+"`: "+c.New.String())
			}
			for _, c := range l.Pending.Upgraded {
				parts = append(parts, "`"+string(c.Permission)+"`: "+c.Old.String()+" → "+c.New.String())
			}
			id := strconv.FormatInt(l.ID, 10)
			if l.Suspended {
				id += ", suspended"
			}
			link := ""
			if l.AcceptURL != "" {
				link = "[review and accept](" + l.AcceptURL + ")"
			}
			p("| `", l.Account.Login, "` (", mdText(l.Account.Type), ") | ", id, " | ", strings.Join(parts, "; "), " | ", mdText(l.who()), " | ", link, " |")
		}
	}
	if len(d.Lagging) > 0 || reg.Approvals().Installations {
		p()
		p("When an account accepts, GitHub sends the app an `installation` webhook with action `new_permissions_accepted`.")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// mdText escapes s for Markdown text, table cells among them: control
// characters become spaces, and every ASCII punctuation character that can
// start markup, a link, HTML or a cell's end is escaped with a backslash.
// Empty is "(none)".
func mdText(s string) string {
	if s == "" {
		return "(none)"
	}
	s = cleanAPIText(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '!', '~', '&', '{', '}', '"', '$':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
