package ghapp

import (
	"strconv"
	"strings"
)

// The pages on GitHub where an app's owner changes its registration and
// where an installation's account reviews it. They are the same on
// github.com, GHE.com and GitHub Enterprise Server, on each one's host (only
// the public and install pages differ, /github-apps/ on GitHub Enterprise
// Server; see [InstallRequest]).
//
// GitHub's pages document none of these paths but one: they say to reach
// the settings through menus ("Settings", "Developer settings", "GitHub
// Apps", "Edit"; "Configure" for an installation). The REST API's
// documented html_url of an installation,
// https://github.com/organizations/github/settings/installations/1, gives
// an organization's installation page; the others are the paths GitHub's
// own pages and emails link to, and may change without notice.

// Account types, as the REST API writes them in an account's "type" and an
// installation's "target_type".
const (
	AccountUser         = "User"
	AccountOrganization = "Organization"
	AccountEnterprise   = "Enterprise"
)

// settingsPrefix returns the path of the settings of the account of type
// kind named login: /settings for a user, /organizations/LOGIN/settings
// for an organization, /enterprises/SLUG/settings for an enterprise.
func settingsPrefix(field, kind, login string) (string, *FieldError) {
	if kind == AccountUser {
		return "/settings", nil
	}
	if !safeLogin(login) {
		return "", fieldErr(field, ErrInvalidTarget, "%s is not a GitHub login", quoteBounded(login))
	}
	switch kind {
	case AccountOrganization:
		return "/organizations/" + login + "/settings", nil
	case AccountEnterprise:
		return "/enterprises/" + login + "/settings", nil
	}
	return "", fieldErr("type", ErrInvalidTarget, "%s is not an account type GitHub has settings pages for (User, Organization, Enterprise)", quoteBounded(kind))
}

// settingsPage returns the page at rest under the settings of the account
// t.Organization names (the signed-in user's when empty), on t's host.
func (t Target) settingsPage(rest string) (string, error) {
	origin, _, err := t.resolve()
	if err != nil {
		return "", err
	}
	kind := AccountUser
	if t.Organization != "" {
		kind = AccountOrganization
	}
	prefix, ferr := settingsPrefix("organization", kind, t.Organization)
	if ferr != nil {
		return "", ferr
	}
	return origin + prefix + rest, nil
}

// accountPage returns the page at rest under the settings of the account
// of type kind named login, on t's host. t must name no organization, or
// that account.
func (t Target) accountPage(kind, login, rest string) (string, error) {
	origin, _, err := t.resolve()
	if err != nil {
		return "", err
	}
	if t.Organization != "" && !strings.EqualFold(t.Organization, login) {
		return "", fieldErr("organization", ErrInvalidTarget,
			"the target names %s, the account is %s; leave the organization out", t.Organization, quoteBounded(login))
	}
	prefix, ferr := settingsPrefix("login", kind, login)
	if ferr != nil {
		return "", ferr
	}
	return origin + prefix + rest, nil
}

// AppSettingsURL returns the settings page of the app whose slug is given,
// owned by t.Organization, or by the signed-in user when t names no
// organization: https://github.com/settings/apps/SLUG, or
// https://github.com/organizations/ORG/settings/apps/SLUG, on t's host.
// There the owner changes the app's name, description, URLs and webhook.
// GitHub does not document the path (see above). It returns a
// [*FieldError] wrapping [ErrInvalidTarget] for a bad t, and one for the
// slug as [InstallRequest.URL] checks it.
func (t Target) AppSettingsURL(slug string) (string, error) {
	if err := checkSlug("slug", slug); err != nil {
		return "", err
	}
	return t.settingsPage("/apps/" + slug)
}

// AppPermissionsURL returns the "Permissions & events" page of the app,
// where its owner changes the permissions and events it asks for:
// [Target.AppSettingsURL] followed by /permissions. GitHub does not document
// the path. It returns the errors AppSettingsURL returns.
func (t Target) AppPermissionsURL(slug string) (string, error) {
	page, err := t.AppSettingsURL(slug)
	if err != nil {
		return "", err
	}
	return page + "/permissions", nil
}

// InstallationSettingsURL returns the settings page of the installation
// with the given id on t.Organization's account, or on the signed-in user's
// personal account when t names no organization:
// https://github.com/organizations/ORG/settings/installations/ID, as the
// REST API's documented html_url of an installation shows, or
// https://github.com/settings/installations/ID, on t's host. There the
// account reviews the app's permissions, picks its repositories, and
// suspends or uninstalls it. GitHub documents the organization's path only
// through that html_url, and the personal one not at all. It returns a
// [*FieldError] wrapping [ErrInvalidTarget] for a bad t, or
// [ErrInvalidFormat] for an id that is not positive.
func (t Target) InstallationSettingsURL(id int64) (string, error) {
	if id <= 0 {
		return "", fieldErr("installation_id", ErrInvalidFormat, "%d is not an installation's ID, which is positive", id)
	}
	return t.settingsPage("/installations/" + strconv.FormatInt(id, 10))
}

// AcceptPermissionsURL returns the page where the account of the
// installation with the given id reviews the permissions the app asks for
// and has not been granted, and accepts them:
// [Target.InstallationSettingsURL] followed by /permissions/update. GitHub
// does not document the path; it is the one its notification emails link
// to, and the installation's settings page leads to it too. When the
// account accepts, GitHub sends the app an installation webhook with action
// new_permissions_accepted. It returns the errors InstallationSettingsURL
// returns.
func (t Target) AcceptPermissionsURL(id int64) (string, error) {
	page, err := t.InstallationSettingsURL(id)
	if err != nil {
		return "", err
	}
	return page + "/permissions/update", nil
}

// SettingsURL returns the app's settings page on t's GitHub, under its
// owner's account: [Target.AppSettingsURL] for the owner, or
// https://github.com/enterprises/SLUG/settings/apps/APP for an app an
// enterprise owns. GitHub does not document these paths. t must name no
// organization, or the app's owner. It returns a [*FieldError] wrapping
// [ErrInvalidTarget] for a bad t or an owner GitHub has no such page for.
func (a *App) SettingsURL(t Target) (string, error) {
	if err := checkSlug("slug", a.Slug); err != nil {
		return "", err
	}
	return t.accountPage(a.Owner.Type, a.Owner.Login, "/apps/"+a.Slug)
}

// PermissionsURL returns the app's "Permissions & events" page on t's
// GitHub: [App.SettingsURL] followed by /permissions, where its owner
// changes the permissions and events it asks for. GitHub does not document
// the path. It returns the errors SettingsURL returns.
func (a *App) PermissionsURL(t Target) (string, error) {
	page, err := a.SettingsURL(t)
	if err != nil {
		return "", err
	}
	return page + "/permissions", nil
}

// SettingsURL returns the installation's settings page on t's GitHub,
// under the account it is installed on ([Installation.AccountType]):
// [Target.InstallationSettingsURL] for that account, or
// https://github.com/enterprises/SLUG/settings/installations/ID for an
// enterprise, which GitHub does not document either. t must name no
// organization, or that account. It returns a [*FieldError] wrapping
// [ErrInvalidTarget] for a bad t or an account GitHub has no such page for.
func (i *Installation) SettingsURL(t Target) (string, error) {
	if i.ID <= 0 {
		return "", fieldErr("id", ErrInvalidFormat, "%d is not an installation's ID, which is positive", i.ID)
	}
	return t.accountPage(i.AccountType(), i.Account.Login, "/installations/"+strconv.FormatInt(i.ID, 10))
}

// AcceptPermissionsURL returns the page where the installation's account
// reviews and accepts the permissions the app asks for and the
// installation has not been granted: [Installation.SettingsURL] followed by
// /permissions/update (see [Target.AcceptPermissionsURL]). It returns the
// errors SettingsURL returns.
func (i *Installation) AcceptPermissionsURL(t Target) (string, error) {
	page, err := i.SettingsURL(t)
	if err != nil {
		return "", err
	}
	return page + "/permissions/update", nil
}

// safeLogin reports whether s can be an account's login or an enterprise's
// slug as the REST API sends it, safe in a path: 1 to 100 letters, digits,
// "-" and "_". It is looser than validLogin, which checks what GitHub
// accepts for new accounts, since older logins break today's rules.
func safeLogin(s string) bool {
	if len(s) == 0 || len(s) > 100 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
