package ghapp

import (
	"maps"
	"slices"
)

// A Builder builds a [Config] one setting at a time. Each setter is named
// after the Config field it sets and returns the Builder, so calls chain:
//
//	c, err := ghapp.New().Name("my-app").Permission(ghapp.PermissionChecks, ghapp.LevelWrite).Build()
//
// Single settings keep the last value given; list settings (CallbackURLs,
// Events, SingleFilePaths) add to what is there, leaving out values already
// present. Setters check nothing: [Builder.Build] reports every problem at
// once. The zero Builder is ready to use, like a [strings.Builder]; a nil
// *Builder is not, and using one panics.
type Builder struct {
	c Config
}

// New returns an empty Builder.
func New() *Builder { return new(Builder) }

// Name sets [Config.Name].
func (b *Builder) Name(name string) *Builder { b.c.Name = name; return b }

// Description sets [Config.Description].
func (b *Builder) Description(d string) *Builder { b.c.Description = d; return b }

// HomepageURL sets [Config.HomepageURL], the url parameter.
func (b *Builder) HomepageURL(u string) *Builder { b.c.HomepageURL = u; return b }

// CallbackURLs adds to [Config.CallbackURLs], leaving out URLs already there.
func (b *Builder) CallbackURLs(urls ...string) *Builder {
	b.c.CallbackURLs = appendNew(b.c.CallbackURLs, urls)
	return b
}

// RequestOAuthOnInstall sets [Config.RequestOAuthOnInstall].
func (b *Builder) RequestOAuthOnInstall(on bool) *Builder {
	b.c.RequestOAuthOnInstall = on
	return b
}

// SetupURL sets [Config.SetupURL].
func (b *Builder) SetupURL(u string) *Builder { b.c.SetupURL = u; return b }

// SetupOnUpdate sets [Config.SetupOnUpdate].
func (b *Builder) SetupOnUpdate(on bool) *Builder { b.c.SetupOnUpdate = on; return b }

// Public sets [Config.Public].
func (b *Builder) Public(on bool) *Builder { b.c.Public = on; return b }

// WebhookActive sets [Config.WebhookActive].
func (b *Builder) WebhookActive(on bool) *Builder { b.c.WebhookActive = on; return b }

// WebhookURL sets [Config.WebhookURL] and, when u is not empty, turns the
// webhook on ([Config.WebhookActive]): whoever gives a webhook URL means it
// to receive deliveries. A later WebhookActive(false) turns it off again.
func (b *Builder) WebhookURL(u string) *Builder {
	b.c.WebhookURL = u
	if u != "" {
		b.c.WebhookActive = true
	}
	return b
}

// Events adds to [Config.Events], leaving out events already there.
func (b *Builder) Events(events ...Event) *Builder {
	b.c.Events = appendNew(b.c.Events, events)
	return b
}

// SingleFileName sets [Config.SingleFileName].
func (b *Builder) SingleFileName(name string) *Builder {
	b.c.SingleFileName = name
	return b
}

// SingleFilePaths adds to [Config.SingleFilePaths], leaving out paths
// already there.
func (b *Builder) SingleFilePaths(paths ...string) *Builder {
	b.c.SingleFilePaths = appendNew(b.c.SingleFilePaths, paths)
	return b
}

// Permission asks for p at level l, replacing any level given before;
// LevelNone removes p. The REST API's names count as p's registration name,
// so Permission("email_addresses", LevelRead) sets [PermissionEmails].
func (b *Builder) Permission(p Permission, l Level) *Builder {
	if c := p.Canonical(); c != p {
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

// Config returns the configuration built so far, without checking it. It
// shares nothing with the Builder: changing one never changes the other.
func (b *Builder) Config() Config {
	c := b.c
	c.CallbackURLs = slices.Clip(slices.Clone(c.CallbackURLs))
	c.Events = slices.Clip(slices.Clone(c.Events))
	c.SingleFilePaths = slices.Clip(slices.Clone(c.SingleFilePaths))
	c.Permissions = maps.Clone(c.Permissions)
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

// appendNew appends the values of add that list does not hold yet, in
// time linear in the two lists.
func appendNew[T comparable](list, add []T) []T {
	if len(list)+len(add) <= 16 {
		for _, v := range add {
			if !slices.Contains(list, v) {
				list = append(list, v)
			}
		}
		return list
	}
	have := make(map[T]struct{}, len(list)+len(add))
	for _, v := range list {
		have[v] = struct{}{}
	}
	for _, v := range add {
		if _, ok := have[v]; !ok {
			have[v] = struct{}{}
			list = append(list, v)
		}
	}
	return list
}
