package ghapp

import (
	"errors"
	"net/url"
	"slices"
	"strings"

	"github.com/google/go-querystring/query"
)

// registrationParams are the query parameters of a registration URL, as
// go-querystring encodes them. Field order is the documented order.
type registrationParams struct {
	Name                  string           `url:"name,omitempty"`
	Description           string           `url:"description,omitempty"`
	URL                   string           `url:"url,omitempty"`
	CallbackURLs          []string         `url:"callback_urls,brackets,omitempty"`
	RequestOAuthOnInstall bool             `url:"request_oauth_on_install,omitempty"`
	SetupURL              string           `url:"setup_url,omitempty"`
	SetupOnUpdate         bool             `url:"setup_on_update,omitempty"`
	Public                bool             `url:"public,omitempty"`
	Permissions           permissionParams `url:"permissions"`
	WebhookActive         bool             `url:"webhook_active,omitempty"`
	WebhookURL            string           `url:"webhook_url,omitempty"`
	Events                []Event          `url:"events,brackets,omitempty"`
	SingleFileName        string           `url:"single_file_name,omitempty"`
	SingleFilePaths       []string         `url:"single_file_paths,brackets,omitempty"`
}

// paramsBefore and paramsAfter are the keys written before and after the
// permissions, in GitHub's documented order.
var (
	paramsBefore = [...]string{"name", "description", "url", "callback_urls[]", "request_oauth_on_install", "setup_url", "setup_on_update", "public"}
	paramsAfter  = [...]string{"webhook_active", "webhook_url", "events[]", "single_file_name", "single_file_paths[]"}
)

// permissionParams encodes a Permissions map as one parameter per
// permission, under its registration name.
type permissionParams Permissions

// EncodeValues is go-querystring's hook for a field that flattens into
// several keys; key, the field's own name, is not used.
func (ps permissionParams) EncodeValues(_ string, v *url.Values) error {
	Permissions(ps).each(func(p Permission, l Level) { v.Set(string(p), l.String()) })
	return nil
}

func (c Config) params() registrationParams {
	return registrationParams{
		Name:                  c.Name,
		Description:           c.Description,
		URL:                   c.HomepageURL,
		CallbackURLs:          c.CallbackURLs,
		RequestOAuthOnInstall: c.RequestOAuthOnInstall,
		SetupURL:              c.SetupURL,
		SetupOnUpdate:         c.SetupOnUpdate,
		Public:                c.Public,
		Permissions:           permissionParams(c.Permissions),
		WebhookActive:         c.WebhookActive,
		WebhookURL:            c.WebhookURL,
		Events:                c.Events,
		SingleFileName:        c.SingleFileName,
		SingleFilePaths:       c.SingleFilePaths,
	}
}

// Values returns c's registration parameters as [url.Values], for callers
// who want the standard encoding (url.Values.Encode sorts the keys and
// writes a space as "+"). Array parameters end in "[]"; permissions use
// their registration names; false booleans, empty settings and permissions
// at LevelNone are left out. It does not validate c.
func (c Config) Values() url.Values {
	v, err := query.Values(c.params())
	if err != nil {
		// go-querystring fails only for types it cannot encode, and every
		// field of registrationParams is a string, bool or slice of them.
		return url.Values{}
	}
	return v
}

// RegistrationURL returns the link that opens GitHub's "Register new GitHub
// App" page for t filled in with c: https://github.com/settings/apps/new, or
// /organizations/ORG/settings/apps/new for an organization, on t's host.
//
// Parameters come in the order GitHub's documentation uses, permissions
// among them sorted by name, and each value is escaped readably: every byte
// but letters, digits, "-._~", ":" and "/" is percent-encoded, so a space is
// %20, and array keys keep their "[]". The same Config always gives the
// same link.
//
// It returns every problem at once, as [Config.Validate] does, adding those
// with t (wrapping [ErrInvalidTarget]) and the permissions and events t's
// plan lacks (wrapping [ErrNotOnPlan]).
func (c Config) RegistrationURL(t Target) (string, error) {
	origin, plan, err := t.resolve()
	if err != nil {
		return "", errors.Join(err, c.validate(0))
	}
	if err := c.validate(plan.set()); err != nil {
		return "", err
	}
	return c.encode(origin + t.registrationPath()), nil
}

// encode writes page followed by c's parameters in the documented order.
func (c Config) encode(page string) string {
	v := c.Values()
	var b strings.Builder
	b.Grow(len(page) + 256)
	b.WriteString(page)
	sep := byte('?')
	write := func(key string) {
		for _, val := range v[key] {
			b.WriteByte(sep)
			sep = '&'
			b.WriteString(key) // keys are plain names, with "[]" for arrays
			b.WriteByte('=')
			writeEscaped(&b, val)
		}
	}
	for _, k := range paramsBefore {
		write(k)
	}
	perms := make([]string, 0, len(c.Permissions))
	for k := range v {
		if !slices.Contains(paramsBefore[:], k) && !slices.Contains(paramsAfter[:], k) {
			perms = append(perms, k) // a permission
		}
	}
	slices.Sort(perms)
	for _, k := range perms {
		write(k)
	}
	for _, k := range paramsAfter {
		write(k)
	}
	return b.String()
}

// writeEscaped writes s with every byte percent-encoded except letters,
// digits, "-._~", ":" and "/".
func writeEscaped(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '/' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
}

// paramKind is how ParseRegistrationURL reads a parameter.
type paramKind uint8

const (
	paramText paramKind = iota + 1
	paramURL
	paramBool
	paramList
)

// registrationKeys are the parameters a registration URL may hold, besides
// the permissions.
var registrationKeys = [...]struct {
	key  string
	kind paramKind
}{
	{"name", paramText}, {"description", paramText}, {"url", paramURL},
	{"callback_urls[]", paramList}, {"request_oauth_on_install", paramBool},
	{"setup_url", paramURL}, {"setup_on_update", paramBool}, {"public", paramBool},
	{"webhook_active", paramBool}, {"webhook_url", paramURL}, {"events[]", paramList},
	{"single_file_name", paramText}, {"single_file_paths[]", paramList},
}

// notSettable explains the parameters GitHub does not take in a
// registration URL.
func notSettable(key string) string {
	switch strings.TrimSuffix(key, "[]") {
	case "webhook_secret":
		return "a webhook secret can never be set through the URL; type it on the registration page"
	case "redirect_url":
		return "redirect_url belongs to the manifest flow, not to registration URLs"
	case "hook_attributes", "default_events", "default_permissions", "manifest":
		return key + " belongs to a manifest, not to registration URLs"
	}
	return ""
}

// ParseRegistrationURL reads a registration link back into the Config and
// Target that [Config.RegistrationURL] would make it from. It reads what
// browsers and people write: "[]" raw or as %5B%5D, a space as %20 or "+",
// parameters in any order, the REST API's permission names.
//
// It checks the link with the same rules as RegistrationURL, and names every
// mistake a hand-written link can hold instead of ignoring it:
// "events=" or "callback_urls=" without "[]" and "callback_url"
// ([ErrUnknownParameter], suggesting the right name); webhook_secret or
// redirect_url ([ErrNotSettable]); a parameter given twice ([ErrDuplicate]);
// a boolean other than true or false ([ErrInvalidBool]); a level GitHub does
// not have ([ErrUnknownLevel]); text after "#", which browsers never send
// ([ErrMalformed]); a page other than a registration page, or a scheme other
// than http(s) ([ErrInvalidTarget]). All problems come back at once, joined;
// the Config and Target then hold what could be read.
//
// The Target's BaseURL is "" for https://github.com and the origin
// otherwise; its Plan is zero.
func ParseRegistrationURL(raw string) (Config, Target, error) {
	var (
		c    Config
		t    Target
		errs []error
	)
	u, err := url.Parse(raw)
	if err != nil {
		return c, t, fieldErr("", ErrMalformed, "malformed URL: %v", errors.Unwrap(err))
	}
	if u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		return c, t, fieldErr("base_url", ErrInvalidTarget, "%q is not an http or https link", raw)
	}
	if host := originHost(u); u.Scheme != "https" || host != "github.com" {
		t.BaseURL = u.Scheme + "://" + host
	}
	if u.User != nil {
		errs = append(errs, fieldErr("base_url", ErrInvalidTarget, "the link holds credentials"))
	}
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		errs = append(errs, fieldErr("#", ErrMalformed, "%q after # never reaches GitHub; escape # as %%23", raw[i+1:]))
	}
	switch path := strings.TrimSuffix(u.Path, "/"); {
	case path == "/settings/apps/new":
	case strings.HasPrefix(path, "/organizations/") && strings.HasSuffix(path, "/settings/apps/new") &&
		len(path) > len("/organizations//settings/apps/new"):
		t.Organization = path[len("/organizations/") : len(path)-len("/settings/apps/new")]
	default:
		errs = append(errs, fieldErr("path", ErrInvalidTarget,
			"%q is not a registration page (/settings/apps/new or /organizations/ORG/settings/apps/new)", path))
	}
	var plans planSet // which plans the link may be for: 0 is any
	if _, hostPlan, loopback, err := parseBaseURL(t.BaseURL); err == nil {
		plans = linkPlans(hostPlan, loopback)
	}
	if _, _, terr := t.resolve(); terr != nil {
		errs = append(errs, terr)
	}

	errs = append(errs, c.readQuery(u.RawQuery)...)
	if verr := c.validate(plans); verr != nil {
		errs = append(errs, verr)
	}
	return c, t, errors.Join(errs...)
}

// linkPlans returns the plans a registration link on a host of hostPlan may
// have been made for, since a link does not name its plan: github.com
// serves github.com and enterprise accounts (GHEC), GHES hosts any GHES
// version, and a loopback host stands in for any plan (0).
func linkPlans(hostPlan Plan, loopback bool) planSet {
	switch {
	case loopback:
		return 0
	case hostPlan == PlanGitHubCom:
		return 1<<PlanGitHubCom | 1<<PlanGHEC
	case hostPlan.GHES():
		var s planSet
		for _, p := range KnownPlans() {
			if p.GHES() {
				s |= 1 << p
			}
		}
		return s
	}
	return 1 << hostPlan
}

// readQuery sets c from a raw query string and returns the problems found
// while reading; Validate's rules are checked afterwards.
func (c *Config) readQuery(rawQuery string) []error {
	var errs []error
	seen := map[string]bool{}
	for _, part := range strings.Split(rawQuery, "&") {
		if part == "" {
			continue
		}
		rawKey, rawVal, _ := strings.Cut(part, "=")
		key, kerr := url.QueryUnescape(rawKey)
		val, verr := url.QueryUnescape(rawVal)
		if kerr != nil || verr != nil {
			errs = append(errs, fieldErr(rawKey, ErrMalformed, "%q is not validly escaped", part))
			continue
		}
		if key == "" {
			errs = append(errs, fieldErr("", ErrMalformed, "%q is a value without a parameter name", part))
			continue
		}
		if err := c.readParam(key, val, seen); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// readParam sets the setting key names to val. seen holds the single
// settings and permissions already read.
func (c *Config) readParam(key, val string, seen map[string]bool) error {
	kind := paramKind(0)
	for _, k := range registrationKeys {
		if k.key == key {
			kind = k.kind
		}
	}
	if kind == paramList {
		switch key {
		case "callback_urls[]":
			c.CallbackURLs = append(c.CallbackURLs, val)
		case "events[]":
			c.Events = append(c.Events, Event(val))
		case "single_file_paths[]":
			c.SingleFilePaths = append(c.SingleFilePaths, val)
		}
		return nil
	}
	if kind != 0 {
		if seen[key] {
			return fieldErr(key, ErrDuplicate, "given more than once; GitHub reads one value")
		}
		seen[key] = true
		if kind == paramBool {
			if val != "true" && val != "false" {
				return fieldErr(key, ErrInvalidBool, "%q is not true or false", val)
			}
			b := val == "true"
			switch key {
			case "request_oauth_on_install":
				c.RequestOAuthOnInstall = b
			case "setup_on_update":
				c.SetupOnUpdate = b
			case "public":
				c.Public = b
			case "webhook_active":
				c.WebhookActive = b
			}
			return nil
		}
		switch key {
		case "name":
			c.Name = val
		case "description":
			c.Description = val
		case "url":
			c.HomepageURL = val
		case "setup_url":
			c.SetupURL = val
		case "webhook_url":
			c.WebhookURL = val
		case "single_file_name":
			c.SingleFileName = val
		}
		return nil
	}

	if why := notSettable(key); why != "" {
		return fieldErr(key, ErrNotSettable, "%s", why)
	}
	if p := Permission(key).Canonical(); p.Known() {
		field := "permissions." + string(p)
		if seen[field] {
			return fieldErr(field, ErrDuplicate, "given more than once (as %s); GitHub reads one value", key)
		}
		seen[field] = true
		if val == "" {
			return fieldErr(field, ErrUnknownLevel, "%s has no level; write read or write, or leave it out for no access", key)
		}
		l, err := ParseLevel(val)
		if err != nil {
			return unknownLevel(field, val)
		}
		if l != LevelNone {
			if c.Permissions == nil {
				c.Permissions = Permissions{}
			}
			c.Permissions[p] = l
		}
		return nil
	}
	return unknownParam(key, val)
}

// unknownParam explains a key that is neither a parameter nor a permission:
// an unknown permission when the value is a level or the closest name is a
// permission, an unknown parameter otherwise.
func unknownParam(key, val string) error {
	if retiredPermission(key) != "" {
		return unknownPermissionKey("permissions.", key)
	}
	base := strings.TrimSuffix(key, "[]")
	if i := strings.IndexByte(base, '['); i > 0 && strings.HasSuffix(base, "]") {
		base = base[:i] // events[0]
	}
	suggestion := ""
	for _, k := range registrationKeys {
		name := strings.TrimSuffix(k.key, "[]")
		if base == name || base+"s" == name || loose(base) == name || loose(base)+"s" == name {
			suggestion = k.key // events -> events[], callback_url -> callback_urls[]
			break
		}
	}
	if suggestion == "" {
		suggestion = suggest(base, func(yield func(string) bool) {
			for _, k := range registrationKeys {
				if !yield(k.key) {
					return
				}
			}
		})
	}
	_, levelErr := ParseLevel(val)
	if suggestion == "" {
		if s := suggestPermission(key); s != "" || levelErr == nil {
			return unknownKey("permissions.", key, ErrUnknownPermission, s, "", "")
		}
	}
	return unknownKey("", key, ErrUnknownParameter, suggestion, "", "")
}
