package ghapp

import "slices"

// A Builder builds a [Config] one setting at a time. Each setter is named
// after the Config field it sets and returns the Builder, so calls chain:
//
//	c, err := ghapp.New().Name("my-app").Permission(ghapp.PermissionChecks, ghapp.LevelWrite).Build()
//
// Single settings keep the last value given; list settings (CallbackURLs,
// Events, SingleFilePaths) add to what is there, leaving out values already
// present. Setters check nothing: [Builder.Build] reports every problem at
// once. The zero Builder is ready to use, and a nil *Builder acts as a new
// one.
type Builder struct {
	c Config
}

// New returns an empty Builder.
func New() *Builder { return new(Builder) }

// init returns b, or a new Builder if b is nil.
func (b *Builder) init() *Builder {
	if b == nil {
		return new(Builder)
	}
	return b
}

// Name sets [Config.Name].
func (b *Builder) Name(name string) *Builder { b = b.init(); b.c.Name = name; return b }

// Description sets [Config.Description].
func (b *Builder) Description(d string) *Builder { b = b.init(); b.c.Description = d; return b }

// HomepageURL sets [Config.HomepageURL], the url parameter.
func (b *Builder) HomepageURL(u string) *Builder { b = b.init(); b.c.HomepageURL = u; return b }

// CallbackURLs adds to [Config.CallbackURLs], leaving out URLs already there.
func (b *Builder) CallbackURLs(urls ...string) *Builder {
	b = b.init()
	b.c.CallbackURLs = appendNew(b.c.CallbackURLs, urls)
	return b
}

// RequestOAuthOnInstall sets [Config.RequestOAuthOnInstall].
func (b *Builder) RequestOAuthOnInstall(on bool) *Builder {
	b = b.init()
	b.c.RequestOAuthOnInstall = on
	return b
}

// SetupURL sets [Config.SetupURL].
func (b *Builder) SetupURL(u string) *Builder { b = b.init(); b.c.SetupURL = u; return b }

// SetupOnUpdate sets [Config.SetupOnUpdate].
func (b *Builder) SetupOnUpdate(on bool) *Builder { b = b.init(); b.c.SetupOnUpdate = on; return b }

// Public sets [Config.Public].
func (b *Builder) Public(on bool) *Builder { b = b.init(); b.c.Public = on; return b }

// WebhookActive sets [Config.WebhookActive].
func (b *Builder) WebhookActive(on bool) *Builder { b = b.init(); b.c.WebhookActive = on; return b }

// WebhookURL sets [Config.WebhookURL].
func (b *Builder) WebhookURL(u string) *Builder { b = b.init(); b.c.WebhookURL = u; return b }

// Events adds to [Config.Events], leaving out events already there.
func (b *Builder) Events(events ...Event) *Builder {
	b = b.init()
	b.c.Events = appendNew(b.c.Events, events)
	return b
}

// SingleFileName sets [Config.SingleFileName].
func (b *Builder) SingleFileName(name string) *Builder {
	b = b.init()
	b.c.SingleFileName = name
	return b
}

// SingleFilePaths adds to [Config.SingleFilePaths], leaving out paths
// already there.
func (b *Builder) SingleFilePaths(paths ...string) *Builder {
	b = b.init()
	b.c.SingleFilePaths = appendNew(b.c.SingleFilePaths, paths)
	return b
}

// Permission asks for p at level l, replacing any level given before;
// LevelNone removes p. The REST API's names count as p's registration name,
// so Permission("email_addresses", LevelRead) sets [PermissionEmails].
func (b *Builder) Permission(p Permission, l Level) *Builder {
	b = b.init()
	if c := p.Canonical(); c != "" {
		delete(b.c.Permissions, p) // a level given under the other name
		p = c
	}
	if l == LevelNone {
		delete(b.c.Permissions, p)
		return b
	}
	if b.c.Permissions == nil {
		b.c.Permissions = Permissions{}
	}
	b.c.Permissions[p] = l
	return b
}

// Config returns a copy of the configuration built so far, without
// checking it.
func (b *Builder) Config() Config {
	if b == nil {
		return Config{}
	}
	c := b.c
	c.CallbackURLs = slices.Clip(slices.Clone(c.CallbackURLs))
	c.Events = slices.Clip(slices.Clone(c.Events))
	c.SingleFilePaths = slices.Clip(slices.Clone(c.SingleFilePaths))
	if c.Permissions != nil {
		ps := make(Permissions, len(c.Permissions))
		for p, l := range c.Permissions {
			ps[p] = l
		}
		c.Permissions = ps
	}
	return c
}

// Build returns the Config, or, when [Config.Validate] finds problems, a
// zero Config and all of them. The Config shares nothing with the Builder,
// which can go on being used.
func (b *Builder) Build() (Config, error) {
	c := b.Config()
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// appendNew appends the values of add that list does not hold yet.
func appendNew[T comparable](list, add []T) []T {
	for _, v := range add {
		if !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}
