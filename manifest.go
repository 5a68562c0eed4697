package ghapp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// A Manifest is a GitHub App manifest: the JSON the manifest flow posts to
// GitHub's registration page, which then creates the app in one step (see
// [Manifest.WriteForm] and [ConvertManifestCode]). Its JSON keys are exactly
// those GitHub documents.
//
// json.Unmarshal into a Manifest is strict: an unknown key (a typo such as
// default_permission), a key given twice, an unknown permission, level or
// event, and a webhook secret are errors naming the key. [ReadManifest]
// also checks the manifest's rules.
type Manifest struct {
	// Name is the app's name (name); GitHub lets the person registering the
	// app choose one if it is empty.
	Name string `json:"name,omitempty"`
	// URL is the app's homepage (url). Required.
	URL string `json:"url"`
	// HookAttributes configures the app's webhook (hook_attributes); nil
	// registers the app without one.
	HookAttributes *HookAttributes `json:"hook_attributes,omitempty"`
	// RedirectURL is where GitHub sends the person registering the app,
	// with a one-hour code for [ConvertManifestCode] (redirect_url).
	RedirectURL string `json:"redirect_url,omitempty"`
	// CallbackURLs are where GitHub may send users after they authorise
	// the app (callback_urls), at most 10.
	CallbackURLs []string `json:"callback_urls,omitempty"`
	// SetupURL is where users go after installing the app (setup_url).
	SetupURL string `json:"setup_url,omitempty"`
	// Description is shown to people installing the app (description).
	Description string `json:"description,omitempty"`
	// Public lets any account install the app (public).
	Public bool `json:"public,omitempty"`
	// DefaultEvents are the webhook events the app subscribes to
	// (default_events).
	DefaultEvents []Event `json:"default_events,omitempty"`
	// DefaultPermissions are the permissions the app asks for
	// (default_permissions).
	DefaultPermissions Permissions `json:"default_permissions,omitempty"`
	// RequestOAuthOnInstall asks users to authorise the app while
	// installing it (request_oauth_on_install).
	RequestOAuthOnInstall bool `json:"request_oauth_on_install,omitempty"`
	// SetupOnUpdate sends users to SetupURL after they change an
	// installation too (setup_on_update).
	SetupOnUpdate bool `json:"setup_on_update,omitempty"`
}

// HookAttributes is a manifest's webhook.
type HookAttributes struct {
	// URL receives the webhook deliveries (hook_attributes.url). Required.
	URL string `json:"url"`
	// Active turns the webhook on or off (hook_attributes.active); nil
	// means GitHub's default for manifests, on.
	Active *bool `json:"active,omitempty"`
}

// Manifest returns the manifest of c. A webhook URL becomes
// hook_attributes, with active written only when it differs from GitHub's
// manifest default (on): Config.WebhookActive false gives "active": false.
// Permissions at LevelNone are left out and the REST API's permission names
// become registration names.
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
		RequestOAuthOnInstall: c.RequestOAuthOnInstall,
		SetupOnUpdate:         c.SetupOnUpdate,
	}
	if c.WebhookURL != "" || c.WebhookActive {
		m.HookAttributes = &HookAttributes{URL: c.WebhookURL}
		if !c.WebhookActive {
			off := false
			m.HookAttributes.Active = &off
		}
	}
	m.DefaultPermissions = c.Permissions.canonical()
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
	}
	if h := m.HookAttributes; h != nil {
		c.WebhookURL = h.URL
		c.WebhookActive = h.Active == nil || *h.Active
	}
	return c
}

// manifestField turns a Config wire name into a manifest's:
// "permissions.x" is "default_permissions.x", "events[2]" is
// "default_events[2]", webhook_url and webhook_active are under
// hook_attributes; the rest are the same.
func manifestField(field string) string {
	switch {
	case strings.HasPrefix(field, "permissions."):
		return "default_" + field
	case strings.HasPrefix(field, "events["):
		return "default_" + field
	case field == "webhook_url":
		return "hook_attributes.url"
	case field == "webhook_active":
		return "hook_attributes.active"
	}
	return field
}

// Validate checks m against every rule of a manifest and returns nil or all
// problems, joined, each a [*FieldError] named by the manifest's own keys
// ("url", "hook_attributes.url", "default_permissions.workflows",
// "default_events[2]"): url is required, and so is hook_attributes.url when
// hook_attributes is present; redirect_url, when set, is an absolute http or
// https URL; and the rules of [Config.Validate] hold.
func (m Manifest) Validate() error {
	return m.validate(0)
}

func (m Manifest) validate(plans planSet) error {
	var errs []error
	if m.URL == "" {
		errs = append(errs, fieldErr("url", ErrRequired, "a manifest needs the app's homepage URL"))
	}
	hookURLMissing := m.HookAttributes != nil && m.HookAttributes.URL == ""
	if hookURLMissing {
		errs = append(errs, fieldErr("hook_attributes.url", ErrRequired, "hook_attributes needs a url"))
	}
	if m.RedirectURL != "" {
		if err := checkURL("redirect_url", m.RedirectURL, false); err != nil {
			errs = append(errs, err)
		}
	}
	if err := m.config().validate(plans); err != nil {
		for _, e := range unjoin(err) {
			fe, ok := e.(*FieldError)
			if !ok {
				errs = append(errs, e)
				continue
			}
			if fe.Field == "webhook_url" && hookURLMissing && errors.Is(fe, ErrRequired) {
				continue // the same problem as hook_attributes.url above
			}
			errs = append(errs, &FieldError{Field: manifestField(fe.Field), Err: fe.Err})
		}
	}
	return errors.Join(errs...)
}

// ReadManifest reads a manifest as JSON from r, strictly (see [Manifest]),
// and checks it with [Manifest.Validate]. It returns every problem at once;
// the Manifest then holds what could be read.
func ReadManifest(r io.Reader) (Manifest, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Manifest{}, err
	}
	var m Manifest
	readErr := m.read(data)
	var fe *FieldError
	if readErr != nil && errors.As(readErr, &fe) && fe.Field == "" {
		return m, readErr // not a JSON object: there is nothing to check
	}
	// Check the rules too, leaving out the fields reading already faulted.
	faulted := map[string]bool{}
	for _, e := range unjoin(readErr) {
		if fe, ok := e.(*FieldError); ok {
			faulted[fe.Field] = true
		}
	}
	errs := []error{readErr}
	for _, e := range unjoin(m.Validate()) {
		if fe, ok := e.(*FieldError); !ok || !faulted[fe.Field] {
			errs = append(errs, e)
		}
	}
	return m, errors.Join(errs...)
}

// UnmarshalJSON reads a manifest strictly: every problem with a key or a
// value is a [*FieldError] naming it, all of them joined. A webhook secret,
// which GitHub creates itself in the manifest flow, wraps [ErrNotSettable];
// an unknown key wraps [ErrUnknownParameter] and suggests the key most
// likely meant. It does not check the rules of [Manifest.Validate].
func (m *Manifest) UnmarshalJSON(data []byte) error {
	var n Manifest
	if err := n.read(data); err != nil {
		return err
	}
	*m = n
	return nil
}

// manifestKeys are the keys of a manifest, in documented order.
var manifestKeys = [...]string{"name", "url", "hook_attributes", "redirect_url", "callback_urls", "setup_url",
	"description", "public", "default_events", "default_permissions", "request_oauth_on_install", "setup_on_update"}

// read fills m from data, key by key, collecting every problem.
func (m *Manifest) read(data []byte) error {
	var errs []error
	err := readObject(data, "", func(key string, raw json.RawMessage) {
		field := key
		bad := func(want string, err error) {
			errs = append(errs, fieldErr(field, ErrMalformed, "want %s: %v", want, err))
		}
		switch key {
		case "name", "url", "redirect_url", "setup_url", "description":
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				bad("a string", err)
				return
			}
			switch key {
			case "name":
				m.Name = s
			case "url":
				m.URL = s
			case "redirect_url":
				m.RedirectURL = s
			case "setup_url":
				m.SetupURL = s
			case "description":
				m.Description = s
			}
		case "public", "request_oauth_on_install", "setup_on_update":
			var b bool
			if err := json.Unmarshal(raw, &b); err != nil {
				errs = append(errs, fieldErr(field, ErrInvalidBool, "want true or false, not %s", raw))
				return
			}
			switch key {
			case "public":
				m.Public = b
			case "request_oauth_on_install":
				m.RequestOAuthOnInstall = b
			case "setup_on_update":
				m.SetupOnUpdate = b
			}
		case "callback_urls":
			if err := json.Unmarshal(raw, &m.CallbackURLs); err != nil {
				bad("an array of strings", err)
			}
		case "default_events":
			var names []string
			if err := json.Unmarshal(raw, &names); err != nil {
				bad("an array of event names", err)
				return
			}
			m.DefaultEvents = make([]Event, len(names))
			for i, n := range names {
				m.DefaultEvents[i] = Event(n) // Validate reports unknown events by index
			}
		case "default_permissions":
			var ps Permissions
			if err := json.Unmarshal(raw, &ps); err != nil {
				var joined interface{ Unwrap() []error }
				if errors.As(err, &joined) {
					for _, e := range joined.Unwrap() {
						if fe, ok := e.(*FieldError); ok {
							e = &FieldError{Field: "default_permissions." + fe.Field, Err: fe.Err}
						}
						errs = append(errs, e)
					}
				} else {
					bad("an object of permission levels", err)
				}
				return
			}
			m.DefaultPermissions = ps
		case "hook_attributes":
			m.HookAttributes = &HookAttributes{}
			herr := readObject(raw, "hook_attributes.", func(key string, raw json.RawMessage) {
				field := "hook_attributes." + key
				switch key {
				case "url":
					if err := json.Unmarshal(raw, &m.HookAttributes.URL); err != nil {
						errs = append(errs, fieldErr(field, ErrMalformed, "want a string: %v", err))
					}
				case "active":
					var b bool
					if err := json.Unmarshal(raw, &b); err != nil {
						errs = append(errs, fieldErr(field, ErrInvalidBool, "want true or false, not %s", raw))
						return
					}
					m.HookAttributes.Active = &b
				case "secret", "webhook_secret":
					errs = append(errs, fieldErr(field, ErrNotSettable, "GitHub creates the webhook secret in the manifest flow; ConvertManifestCode returns it"))
				default:
					errs = append(errs, &FieldError{Field: field, Err: &NameError{Name: key, Err: ErrUnknownParameter,
						Suggestion: suggest(key, func(yield func(string) bool) { _ = yield("url") && yield("active") })}})
				}
			}, &errs)
			if herr != nil {
				errs = append(errs, herr)
			}
		case "webhook_secret", "secret":
			errs = append(errs, fieldErr(field, ErrNotSettable, "GitHub creates the webhook secret in the manifest flow; ConvertManifestCode returns it"))
		default:
			errs = append(errs, &FieldError{Field: field, Err: &NameError{Name: key, Err: ErrUnknownParameter,
				Suggestion: suggestManifestKey(key)}})
		}
	}, &errs)
	if err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// suggestManifestKey suggests a manifest key for an unknown one, knowing
// the registration URL's names for the same settings.
func suggestManifestKey(key string) string {
	switch strings.TrimSuffix(loose(key), "[]") {
	case "events":
		return "default_events"
	case "permissions":
		return "default_permissions"
	case "webhook_url", "hook_url", "webhook":
		return "hook_attributes"
	case "callback_url":
		return "callback_urls"
	case "homepage_url", "homepage":
		return "url"
	}
	return suggest(key, func(yield func(string) bool) {
		for _, k := range manifestKeys {
			if !yield(k) {
				return
			}
		}
	})
}

// readObject walks the JSON object in data and calls each for every key
// and its raw value, in order. A key given twice is reported in errs (with
// prefix before the key), and only its first value is read. The error
// returned is for data that is not a JSON object.
func readObject(data []byte, prefix string, each func(key string, raw json.RawMessage), errs *[]error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	field := strings.TrimSuffix(prefix, ".")
	t, err := dec.Token()
	if err != nil {
		return fieldErr(field, ErrMalformed, "not JSON: %v", err)
	}
	if t != json.Delim('{') {
		return fieldErr(field, ErrMalformed, "want a JSON object, not %v", t)
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fieldErr(field, ErrMalformed, "not JSON: %v", err)
		}
		key := t.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fieldErr(prefix+key, ErrMalformed, "not JSON: %v", err)
		}
		if seen[key] {
			*errs = append(*errs, fieldErr(prefix+key, ErrDuplicate, "given more than once"))
			continue
		}
		seen[key] = true
		each(key, raw)
	}
	if _, err := dec.Token(); err != nil {
		return fieldErr(field, ErrMalformed, "not JSON: %v", err)
	}
	if dec.More() || dec.InputOffset() < int64(len(bytes.TrimRight(data, " \t\r\n"))) {
		return fieldErr(field, ErrMalformed, "text after the JSON object")
	}
	return nil
}

// MarshalJSON writes m as GitHub reads it: default_permissions under their
// registration names, without the permissions at LevelNone (GitHub has no
// "none"); a permission set under both of its names is written once, at the
// registration name's level.
func (m Manifest) MarshalJSON() ([]byte, error) {
	type plain Manifest // without the methods
	p := plain(m)
	p.DefaultPermissions = m.DefaultPermissions.canonical()
	return json.Marshal(p)
}

// String returns m as JSON, as the manifest flow posts it.
func (m Manifest) String() string {
	data, err := json.Marshal(m)
	if err != nil {
		return fmt.Sprintf("ghapp.Manifest(%v)", err)
	}
	return string(data)
}
