package ghapp

import (
	"net/url"
	"strings"
)

// A Manifest is a GitHub App manifest: the JSON the manifest flow posts to
// GitHub's registration page, which then creates the app in one step (see
// [Manifest.WriteForm] and [ConvertManifestCode]). Its JSON keys are exactly
// those GitHub documents; the field comments name them.
//
// There are three ways in, each with its job: [ReadManifest] reads a
// manifest from a file or request, strictly and with every rule checked
// (json.Unmarshal into a Manifest does the same); [Manifest.Validate]
// checks one built in code; [Config.Manifest] makes one from a [Config],
// and [Manifest.Config] goes back.
type Manifest struct {
	// Name is the app's name (name); GitHub lets the person registering the
	// app choose one if it is empty.
	Name string
	// URL is the app's homepage (url). Required.
	URL string
	// HookAttributes configures the app's webhook (hook_attributes); nil
	// registers the app without one.
	HookAttributes *HookAttributes
	// RedirectURL is where GitHub sends the person registering the app,
	// with a one-hour code for [ConvertManifestCode] (redirect_url). The
	// code is a credential for the new app, so the URL must be https, or
	// http on a loopback host.
	RedirectURL string
	// CallbackURLs are where GitHub may send users after they authorise
	// the app (callback_urls), at most 10.
	CallbackURLs []string
	// SetupURL is where users go after installing the app (setup_url).
	SetupURL string
	// Description is shown to people installing the app (description).
	Description string
	// Public lets any account install the app (public).
	Public bool
	// DefaultEvents are the webhook events the app subscribes to
	// (default_events).
	DefaultEvents []Event
	// DefaultPermissions are the permissions the app asks for
	// (default_permissions).
	DefaultPermissions Permissions
	// RequestOAuthOnInstall asks users to authorise the app while
	// installing it (request_oauth_on_install).
	RequestOAuthOnInstall bool
	// SetupOnUpdate sends users to SetupURL after they change an
	// installation too (setup_on_update).
	SetupOnUpdate bool
	// AllowUnknown is [Config.AllowUnknown] for the manifest: it accepts
	// well-formed permission and event names the catalogue does not know.
	// It is not a key of GitHub's, so the JSON does not carry it.
	AllowUnknown bool
}

// HookAttributes is a manifest's webhook. Its JSON tags, for callers who
// encode it on its own, are the keys the manifest's table gives it (a
// test holds them to it).
type HookAttributes struct {
	// URL receives the webhook deliveries (hook_attributes.url). Required.
	URL string `json:"url"`
	// Active turns the webhook on or off (hook_attributes.active); nil
	// means GitHub's default for manifests, on.
	Active *bool `json:"active,omitempty"`
}

// Manifest returns the manifest of c. A webhook URL becomes
// hook_attributes, with active written only when it differs from GitHub's
// manifest default (on): see the table on [Config]. Permissions at
// LevelNone are left out and the REST API's permission names become
// registration names.
//
// Two settings have no manifest key and are not carried: SingleFileName and
// SingleFilePaths (register such an app with [Config.RegistrationURL]);
// [Manifest.Config] gives back everything else. RedirectURL, which only the
// manifest flow has, is left for the caller to set.
func (c Config) Manifest() Manifest {
	m := Manifest{
		Name:                  c.Name,
		URL:                   c.HomepageURL,
		CallbackURLs:          c.CallbackURLs,
		SetupURL:              c.SetupURL,
		Description:           c.Description,
		Public:                c.Public,
		DefaultEvents:         c.Events,
		DefaultPermissions:    c.Permissions.canonical(),
		RequestOAuthOnInstall: c.RequestOAuthOnInstall,
		SetupOnUpdate:         c.SetupOnUpdate,
		AllowUnknown:          c.AllowUnknown,
	}
	if c.WebhookURL != "" || c.WebhookActive {
		m.HookAttributes = &HookAttributes{URL: c.WebhookURL}
		if !c.WebhookActive {
			off := false
			m.HookAttributes.Active = &off
		}
	}
	return m
}

// Config returns the configuration m describes, and the problems
// [Manifest.Validate] finds in m (the Config then holds what m says). The
// webhook is active when hook_attributes is present and does not turn it
// off. RedirectURL has no Config counterpart.
func (m Manifest) Config() (Config, error) {
	return m.config(), m.Validate()
}

func (m Manifest) config() Config {
	c := Config{
		Name:                  m.Name,
		Description:           m.Description,
		HomepageURL:           m.URL,
		CallbackURLs:          m.CallbackURLs,
		RequestOAuthOnInstall: m.RequestOAuthOnInstall,
		SetupURL:              m.SetupURL,
		SetupOnUpdate:         m.SetupOnUpdate,
		Public:                m.Public,
		Events:                m.DefaultEvents,
		Permissions:           m.DefaultPermissions,
		AllowUnknown:          m.AllowUnknown,
	}
	if h := m.HookAttributes; h != nil {
		c.WebhookURL = h.URL
		c.WebhookActive = h.Active == nil || *h.Active
	}
	return c
}

// Validate checks m against every rule of a manifest and returns nil or all
// problems, joined, each a [*FieldError] named by the manifest's own keys
// ("url", "hook_attributes.url", "default_permissions.workflows",
// "default_events[2]"): url is required, and so is hook_attributes.url when
// hook_attributes is present; redirect_url, when set, is an absolute https
// URL, or http on a loopback host (localhost, 127.0.0.0/8, [::1]), without
// a fragment; and the rules of [Config.Validate] hold.
func (m Manifest) Validate() error {
	ck := checker{src: &manifestNames}
	ck.manifest(&m, 0)
	return ck.join()
}

// manifest checks m; when plans is not 0, also that one of plans knows
// each permission and event.
func (ck *checker) manifest(m *Manifest, plans planSet) {
	if m.URL == "" {
		ck.problem(pHomepageURL, -1, "", ErrRequired, "a manifest needs the app's homepage URL")
	}
	if m.HookAttributes != nil && m.HookAttributes.URL == "" {
		ck.problem(pWebhookURL, -1, "", ErrRequired, "hook_attributes needs a url: the manifest flow has no page on which to type it")
	}
	if m.RedirectURL != "" {
		if err := checkRedirect(m.RedirectURL); err != nil && ck.room(ErrInvalidURL) {
			err.Field = ck.src.name(pRedirectURL, -1, "")
			ck.keep(err, pRedirectURL, -1, "")
		}
	}
	c := m.config()
	ck.config(&c, plans)
}

// checkRedirect checks a URL that receives a credential (a manifest's
// redirect_url, an authorize request's redirect_uri): a URL setting
// without a fragment, https unless the host is a loopback one.
func checkRedirect(s string) *FieldError {
	if err := checkURL("", s, false); err != nil {
		return err
	}
	u, _ := url.Parse(s) // checkURL parsed it
	if u.Scheme == "http" && !isLoopback(strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")) {
		return fieldErr("", ErrInvalidURL,
			"%s is http; use https, since what GitHub sends there is a credential (http is for loopback hosts only: localhost, 127.0.0.0/8, [::1])", quoteURL(s))
	}
	return nil
}

// String returns m as JSON, as the manifest flow posts it.
func (m Manifest) String() string {
	data, err := m.MarshalJSON()
	if err != nil {
		return "ghapp.Manifest(" + err.Error() + ")"
	}
	return string(data)
}
