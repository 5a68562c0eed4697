package ghapp

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// GitHub's limits on a registration.
const (
	MaxNameLength      = 34 // characters in an app's name
	MaxCallbackURLs    = 10 // callback_urls
	MaxSingleFilePaths = 10 // single_file_paths
)

// Config describes a GitHub App registration: the settings GitHub's "Register
// new GitHub App" page takes, each named after its query parameter. Write it
// as a literal or build it with [New]; [Config.Validate] checks it, and
// [Config.RegistrationURL] turns it into a link that opens the page filled in.
//
// A zero field is left out of the link: the page then shows GitHub's
// default, and asks the person registering the app for anything required,
// such as the name.
type Config struct {
	// Name is the app's name (name), at most 34 characters. GitHub turns it
	// into the app's slug, and it must be unique across GitHub.
	Name string
	// Description is shown to people installing the app (description).
	Description string
	// HomepageURL is the app's homepage (url).
	HomepageURL string
	// CallbackURLs are where GitHub may send users after they authorise
	// the app (callback_urls), at most 10; the first is the default.
	CallbackURLs []string
	// RequestOAuthOnInstall asks users to authorise the app while
	// installing it (request_oauth_on_install); they are then sent to the
	// first callback URL, so SetupURL cannot be used with it.
	RequestOAuthOnInstall bool
	// SetupURL is where users go after installing the app (setup_url).
	SetupURL string
	// SetupOnUpdate also sends users to SetupURL after they change an
	// installation (setup_on_update).
	SetupOnUpdate bool
	// Public lets any account install the app, not only its owner (public).
	Public bool
	// WebhookActive turns the app's webhook on (webhook_active); GitHub's
	// page starts with it off. It needs WebhookURL.
	WebhookActive bool
	// WebhookURL receives the app's webhook deliveries (webhook_url). The
	// webhook secret cannot be set by URL: it is typed on the page.
	WebhookURL string
	// Events are the webhook events the app subscribes to (events); each
	// needs one of its [Event.RequiredPermissions].
	Events []Event
	// SingleFileName is a file the single_file permission gives access to
	// (single_file_name).
	SingleFileName string
	// SingleFilePaths are up to 10 more such files (single_file_paths).
	SingleFilePaths []string
	// Permissions are the permissions the app asks for, each at a level it
	// allows. A permission at LevelNone is the same as one left out.
	Permissions Permissions
}

// Validate checks c against every rule GitHub applies to a registration,
// for any plan (see [Config.RegistrationURL] for one plan's), and returns
// nil or every problem at once: an [errors.Join] of [*FieldError] values,
// each naming the setting by its wire name ("name", "callback_urls[10]",
// "permissions.workflows", "events[2]") and wrapping a sentinel such as
// [ErrInvalidURL], [ErrLevelNotAllowed] or [ErrEventNeedsPermission].
//
// The rules: the name is valid UTF-8 without control characters, at most
// [MaxNameLength] characters; every URL setting is an absolute http or https
// URL with a host, without credentials, spaces or control characters (and,
// but for url, without a fragment); at most [MaxCallbackURLs] callback URLs
// and [MaxSingleFilePaths] single-file paths, none given twice; single-file
// settings need the single_file permission and are relative paths inside
// the repository; setup_url cannot be used with request_oauth_on_install,
// which needs a callback URL; setup_on_update needs setup_url; webhook_active
// needs webhook_url; each permission is known and asked for at a level it
// allows; each event is known, one an app can choose, given once, and has
// one of its required permissions at read or above (metadata counts once any
// permission is set, since GitHub then grants it at read).
func (c Config) Validate() error {
	return c.validate(0)
}

// validate checks c; when plans is not empty, it also checks that one of
// plans knows each permission and event.
func (c Config) validate(plans planSet) error {
	var errs []error
	add := func(err *FieldError) { errs = append(errs, err) }

	if err := checkText("name", c.Name, false); err != nil {
		add(err)
	} else if n := utf8.RuneCountInString(c.Name); n > MaxNameLength {
		add(fieldErr("name", ErrTooLong, "%d characters, GitHub allows %d", n, MaxNameLength))
	}
	if err := checkText("description", c.Description, true); err != nil {
		add(err)
	}

	if c.HomepageURL != "" {
		if err := checkURL("url", c.HomepageURL, true); err != nil {
			add(err)
		}
	}
	if len(c.CallbackURLs) > MaxCallbackURLs {
		add(fieldErr("callback_urls", ErrTooMany, "%d callback URLs, GitHub allows %d", len(c.CallbackURLs), MaxCallbackURLs))
	}
	for i, u := range c.CallbackURLs {
		if err := checkURL("callback_urls[]", u, false); err != nil {
			err.Field = indexed("callback_urls", i)
			add(err)
		} else if j := slices.Index(c.CallbackURLs[:i], u); j >= 0 {
			add(fieldErr(indexed("callback_urls", i), ErrDuplicate, "%q is already callback_urls[%d]", u, j))
		}
	}
	if c.SetupURL != "" {
		if err := checkURL("setup_url", c.SetupURL, false); err != nil {
			add(err)
		}
	}
	if c.WebhookURL != "" {
		if err := checkURL("webhook_url", c.WebhookURL, false); err != nil {
			add(err)
		}
	}

	if c.RequestOAuthOnInstall && c.SetupURL != "" {
		add(fieldErr("setup_url", ErrConflict, "cannot be used with request_oauth_on_install, which sends users to the callback URL instead"))
	}
	if c.RequestOAuthOnInstall && len(c.CallbackURLs) == 0 {
		add(fieldErr("callback_urls", ErrRequired, "request_oauth_on_install sends users to the first callback URL, and there is none"))
	}
	if c.SetupOnUpdate && c.SetupURL == "" {
		add(fieldErr("setup_url", ErrRequired, "setup_on_update is true, and GitHub ignores it without a setup URL"))
	}
	if c.WebhookActive && c.WebhookURL == "" {
		add(fieldErr("webhook_url", ErrRequired, "webhook_active is true, and an active webhook needs a URL"))
	}

	errs = append(errs, c.validateSingleFile()...)
	errs = append(errs, c.Permissions.validate(plans)...)
	errs = append(errs, c.validateEvents(plans)...)
	return errors.Join(errs...)
}

// checkText checks that s is valid UTF-8 without control characters;
// multiline allows line breaks and tabs.
func checkText(field, s string, multiline bool) *FieldError {
	if !utf8.ValidString(s) {
		return fieldErr(field, ErrInvalidText, "not valid UTF-8")
	}
	for i, r := range s {
		if multiline && (r == '\n' || r == '\r' || r == '\t') {
			continue
		}
		if unicode.IsControl(r) {
			return fieldErr(field, ErrInvalidText, "control character %U at byte %d", r, i)
		}
	}
	return nil
}

// checkURL checks a URL setting: absolute http or https with a host, no
// credentials, no spaces or control characters, and no fragment unless
// fragmentOK.
func checkURL(field, s string, fragmentOK bool) *FieldError {
	if s == "" {
		return fieldErr(field, ErrInvalidURL, "empty")
	}
	if !utf8.ValidString(s) {
		return fieldErr(field, ErrInvalidURL, "not valid UTF-8")
	}
	for i, r := range s {
		if r == ' ' || unicode.IsControl(r) || unicode.IsSpace(r) {
			return fieldErr(field, ErrInvalidURL, "%q holds a space or control character at byte %d; escape it", s, i)
		}
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fieldErr(field, ErrInvalidURL, "%q does not parse: %v", s, errors.Unwrap(err))
	case u.Scheme != "http" && u.Scheme != "https":
		return fieldErr(field, ErrInvalidURL, "%q is not an absolute http or https URL", s)
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		return fieldErr(field, ErrInvalidURL, "%q has no host", s)
	case u.User != nil:
		return fieldErr(field, ErrInvalidURL, "%q holds credentials; GitHub would show them to everyone", s)
	case !fragmentOK && (u.Fragment != "" || strings.HasSuffix(s, "#")):
		return fieldErr(field, ErrInvalidURL, "%q has a fragment, which GitHub does not send", s)
	}
	return nil
}

// checkRepoPath checks a single-file path: relative, inside the repository.
func checkRepoPath(field, p string) *FieldError {
	if err := checkText(field, p, false); err != nil {
		err.Err = &detail{err: ErrInvalidPath, msg: message(err.Err)}
		return err
	}
	switch {
	case p == "":
		return fieldErr(field, ErrInvalidPath, "empty")
	case strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`):
		return fieldErr(field, ErrInvalidPath, "%q starts with a slash; write the path from the repository root without one", p)
	}
	for _, seg := range strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '\\' }) {
		if seg == ".." {
			return fieldErr(field, ErrInvalidPath, "%q leaves the repository with ..", p)
		}
	}
	return nil
}

func (c Config) validateSingleFile() []error {
	var errs []error
	if c.SingleFileName != "" {
		if err := checkRepoPath("single_file_name", c.SingleFileName); err != nil {
			errs = append(errs, err)
		}
	}
	if len(c.SingleFilePaths) > MaxSingleFilePaths {
		errs = append(errs, fieldErr("single_file_paths", ErrTooMany, "%d paths, GitHub allows %d", len(c.SingleFilePaths), MaxSingleFilePaths))
	}
	for i, p := range c.SingleFilePaths {
		if err := checkRepoPath("single_file_paths[]", p); err != nil {
			err.Field = indexed("single_file_paths", i)
			errs = append(errs, err)
		} else if j := slices.Index(c.SingleFilePaths[:i], p); j >= 0 {
			errs = append(errs, fieldErr(indexed("single_file_paths", i), ErrDuplicate, "%q is already single_file_paths[%d]", p, j))
		}
	}
	if (c.SingleFileName != "" || len(c.SingleFilePaths) > 0) && c.Permissions.level(PermissionSingleFile) == LevelNone {
		errs = append(errs, fieldErr("permissions.single_file", ErrRequired, "single_file_name and single_file_paths need the single_file permission at read or write"))
	}
	return errs
}

func (c Config) validateEvents(plans planSet) []error {
	var errs []error
	anyPermission := c.Permissions.any()
	var seen [(len(eventTable) + 63) / 64]uint64 // events met so far, by table index
	for i, e := range c.Events {
		ei := e.info()
		field := func() string { return indexed("events", i) } // only on the error path
		var dup bool
		if ei != nil {
			j := eventIndex(string(e))
			dup = seen[j/64]&(1<<(j%64)) != 0
			seen[j/64] |= 1 << (j % 64)
		}
		switch {
		case ei == nil:
			errs = append(errs, unknownEvent(field(), string(e)))
			continue
		case ei.delivery == deliveryAlways:
			errs = append(errs, fieldErr(field(), ErrNotSubscribable, "every app receives %s without subscribing; leave it out", e))
			continue
		case ei.delivery == deliveryNever:
			errs = append(errs, fieldErr(field(), ErrNotSubscribable, "apps cannot receive %s; only other kinds of webhook can", e))
			continue
		case dup:
			errs = append(errs, fieldErr(field(), ErrDuplicate, "%s is already events[%d]", e, slices.Index(c.Events, e)))
			continue
		case plans != 0 && ei.plans&plans == 0:
			errs = append(errs, fieldErr(field(), ErrNotOnPlan, "%s is not on %s", e, plans))
		}
		if len(ei.needs) == 0 {
			continue
		}
		ok := false
		for _, p := range ei.needs {
			l := c.Permissions.level(p)
			ok = ok || l >= LevelRead || (p == PermissionMetadata && anyPermission)
		}
		if !ok {
			var names []string
			for _, p := range ei.needs {
				names = append(names, string(p))
			}
			errs = append(errs, fieldErr(field(), ErrEventNeedsPermission, "%s needs read or above on %s", e, strings.Join(names, " or ")))
		}
	}
	return errs
}

// indexed returns the wire name of element i of a list: "events[2]".
func indexed(list string, i int) string {
	return list + "[" + strconv.Itoa(i) + "]"
}

// validate checks each permission: known, at an allowed level, named once,
// and, when plans is not empty, on one of plans. Problems come sorted by
// name.
func (ps Permissions) validate(plans planSet) []error {
	if len(ps) == 0 {
		return nil
	}
	var buf [8]Permission // most apps ask for a few permissions
	names := buf[:0]
	for p := range ps {
		names = append(names, p)
	}
	slices.Sort(names)
	var errs []error
	for _, p := range names {
		l := ps[p]
		field := "permissions." + string(p)
		pi := p.info()
		switch {
		case pi == nil:
			errs = append(errs, unknownPermissionKey("permissions.", string(p)))
		case int(l) >= len(levelNames):
			errs = append(errs, unknownLevel(field, l.String()))
		case !p.Allows(l):
			errs = append(errs, fieldErr(field, ErrLevelNotAllowed, "%s allows %s, not %s", pi.name, levelList(pi.levels), l))
		case pi.name != p && hasKey(ps, pi.name):
			errs = append(errs, fieldErr(field, ErrDuplicate, "%s is another name of %s, which is also set", p, pi.name))
		case plans != 0 && l != LevelNone && pi.plans&plans == 0:
			errs = append(errs, fieldErr(field, ErrNotOnPlan, "%s is not on %s", pi.name, plans))
		}
	}
	return errs
}

func hasKey(ps Permissions, p Permission) bool {
	_, ok := ps[p]
	return ok
}

// levelList writes a level set as "read or write".
func levelList(s levelSet) string {
	var names []string
	for l := LevelRead; l <= LevelAdmin; l++ {
		if s.has(l) {
			names = append(names, l.String())
		}
	}
	if len(names) == 1 {
		return "only " + names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
