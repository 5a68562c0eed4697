package ghapp

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
)

// registration is the one table of a GitHub App's registration settings:
// one field for each parameter of GitHub's registration link, in the order
// GitHub's documentation writes them, and redirect_url, which only
// manifests have. Everything the package knows of a setting's names is in
// its tags, and nowhere else:
//
//   - url is the link's parameter ("callback_urls[]"), "-" for none.
//     go-querystring reads it to encode a link; the permissions field's
//     name, "permissions", is the prefix of its wire names
//     ("permissions.checks"), since each permission is a parameter of its
//     own.
//   - manifest is the manifest's key, where it is not the parameter's name
//     without "[]" ("default_events", "hook_attributes.url"); "-" for none.
//
// A field's type says what kind of value the setting holds, and each holds
// a pointer to where the value lives (see [Config.bind]): go-querystring
// calls its EncodeValues hook, which writes the value with no formatting
// of its own, and the parsers call its set method.
//
// The constants p... below name the fields by position, the fields of the
// embedded structs in their places, for the code that needs one setting's
// name (Validate's rules, the manifest's order).
type registration struct {
	Name                  text  `url:"name"`
	Description           text  `url:"description"`
	HomepageURL           link  `url:"url"`
	CallbackURLs          links `url:"callback_urls[]"`
	RequestOAuthOnInstall flag  `url:"request_oauth_on_install"`
	*setupParams          `url:",omitempty"`
	Public                flag   `url:"public"`
	Permissions           perms  `url:"permissions" manifest:"default_permissions"`
	WebhookActive         flag   `url:"webhook_active" manifest:"hook_attributes.active"`
	WebhookURL            link   `url:"webhook_url" manifest:"hook_attributes.url"`
	Events                events `url:"events[]" manifest:"default_events"`
	*singleFileParams     `url:",omitempty"`
}

// setupParams and singleFileParams are settings most apps leave unset,
// apart so that go-querystring passes over them in one step when they
// are: Config.wire leaves them nil then. Their fields are in the table's
// order, where they stand.
type setupParams struct {
	SetupURL      link `url:"setup_url"`
	SetupOnUpdate flag `url:"setup_on_update"`
}

type singleFileParams struct {
	SingleFileName  path  `url:"single_file_name" manifest:"-"`
	SingleFilePaths paths `url:"single_file_paths[]" manifest:"-"`
	RedirectURL     link  `url:"-" manifest:"redirect_url"`
}

// param names a field of registration by its position.
type param uint8

// The fields of registration, in order; a test checks that the names match.
const (
	pName param = iota
	pDescription
	pHomepageURL
	pCallbackURLs
	pRequestOAuthOnInstall
	pSetupURL
	pSetupOnUpdate
	pPublic
	pPermissions
	pWebhookActive
	pWebhookURL
	pEvents
	pSingleFileName
	pSingleFilePaths
	pRedirectURL
	nParams
)

// A paramKind is what a setting holds.
type paramKind uint8

const (
	kindText   paramKind = iota + 1 // text
	kindURL                         // an absolute http(s) URL
	kindPath                        // a path in a repository
	kindBool                        // true or false
	kindURLs                        // a list of URLs
	kindPaths                       // a list of paths
	kindEvents                      // a list of events
	kindPerms                       // permissions, each a parameter of its own
)

// paramInfo is what registration's tags and types say of one setting.
type paramInfo struct {
	key      string // the link's parameter, "" for none
	manifest string // the manifest's key, "" for none
	kind     paramKind
	index    []int // the field's index in registration, for FieldByIndex
	name     string
}

// list reports whether the setting is a list ("events[]").
func (pi *paramInfo) list() bool {
	return pi.kind == kindURLs || pi.kind == kindPaths || pi.kind == kindEvents
}

// base returns the link's parameter without "[]": the name of the list
// whose elements are key.
func (pi *paramInfo) base() string { return strings.TrimSuffix(pi.key, "[]") }

var (
	paramsOnce  sync.Once
	paramsTable [nParams]paramInfo
	paramsByKey map[string]param // the settings by link parameter, permissions' prefix aside
)

// params returns the table of settings, read from registration's tags on
// first use (so that importing the package does no work).
func params() *[nParams]paramInfo {
	paramsOnce.Do(func() {
		n := 0
		var walk func(t reflect.Type, index []int)
		walk = func(t reflect.Type, index []int) {
			for i := range t.NumField() {
				f := t.Field(i)
				at := append(slices.Clip(index), i)
				if f.Anonymous {
					walk(f.Type.Elem(), at)
					continue
				}
				if n == int(nParams) {
					return
				}
				pi := &paramsTable[n]
				n++
				pi.index, pi.name = at, f.Name
				if k := f.Tag.Get("url"); k != "-" {
					pi.key = k
				}
				switch m := f.Tag.Get("manifest"); m {
				case "-":
				case "":
					pi.manifest = strings.TrimSuffix(pi.key, "[]")
				default:
					pi.manifest = m
				}
				pi.kind = reflect.Zero(f.Type).Interface().(setting).kind() // a method on the zero value
			}
		}
		walk(reflect.TypeOf(registration{}), nil)
		paramsByKey = make(map[string]param, nParams)
		for p := range nParams {
			if pi := &paramsTable[p]; pi.key != "" && pi.kind != kindPerms {
				paramsByKey[pi.key] = p
			}
		}
	})
	return &paramsTable
}

// key returns the link's name of setting p ("setup_url").
func (p param) key() string { return params()[p].key }

// paramNamed returns the setting whose link parameter is key, and whether
// there is one. The permissions' prefix is not a parameter.
func paramNamed(key string) (param, bool) {
	params()
	p, ok := paramsByKey[key]
	return p, ok
}

// manifestParam returns the setting whose manifest key is key.
func manifestParam(key string) (param, bool) {
	for i := range params() {
		if params()[i].manifest == key {
			return param(i), true
		}
	}
	return 0, false
}

// A setting is a field of registration: a pointer to where one setting's
// value lives.
type setting interface {
	// kind says what the setting holds; it is called on the zero value.
	kind() paramKind
	// set sets the value from the text of a link's parameter; for a list,
	// it appends an element.
	set(s string)
	// empty reports whether the value is unset (zero).
	empty() bool
}

// field returns r's setting p; r must be bound whole (see Config.bind).
func (r *registration) field(p param) setting {
	return reflect.ValueOf(r).Elem().FieldByIndex(params()[p].index).Interface().(setting)
}

// bind returns the table bound to c, whole: setting it sets c. The
// manifest's redirect_url, which a Config does not have, is bound to
// redirect.
func (c *Config) bind(redirect *string) registration {
	r := c.wire()
	if r.setupParams == nil {
		r.setupParams = c.setup()
	}
	if r.singleFileParams == nil {
		r.singleFileParams = c.singleFile()
	}
	r.RedirectURL = link{text{redirect}}
	return r
}

// wire returns the table bound to c for go-querystring to encode, the
// groups of rarely set settings left nil when c leaves them unset. Its
// redirect_url is bound to nothing: encode only.
func (c *Config) wire() registration {
	r := registration{
		Name:                  text{&c.Name},
		Description:           text{&c.Description},
		HomepageURL:           link{text{&c.HomepageURL}},
		CallbackURLs:          links{list{&c.CallbackURLs}},
		RequestOAuthOnInstall: flag{&c.RequestOAuthOnInstall},
		Public:                flag{&c.Public},
		Permissions:           perms{&c.Permissions},
		WebhookActive:         flag{&c.WebhookActive},
		WebhookURL:            link{text{&c.WebhookURL}},
		Events:                events{&c.Events},
	}
	if c.SetupURL != "" || c.SetupOnUpdate {
		r.setupParams = c.setup()
	}
	if c.SingleFileName != "" || len(c.SingleFilePaths) > 0 {
		r.singleFileParams = c.singleFile()
		r.RedirectURL = link{text{&noRedirect}}
	}
	return r
}

// setParam sets c's setting p from the text of a link's parameter, as
// the setting's kind reads it: for a list, it appends an element. It does
// what c.bind(...).field(p).set(s) does, without reflection, for
// ParseRegistrationURL's speed.
func (c *Config) setParam(p param, s string) {
	switch p {
	case pName:
		c.Name = s
	case pDescription:
		c.Description = s
	case pHomepageURL:
		c.HomepageURL = s
	case pCallbackURLs:
		c.CallbackURLs = append(c.CallbackURLs, s)
	case pRequestOAuthOnInstall:
		c.RequestOAuthOnInstall = s == "true"
	case pSetupURL:
		c.SetupURL = s
	case pSetupOnUpdate:
		c.SetupOnUpdate = s == "true"
	case pPublic:
		c.Public = s == "true"
	case pWebhookActive:
		c.WebhookActive = s == "true"
	case pWebhookURL:
		c.WebhookURL = s
	case pEvents:
		c.Events = append(c.Events, Event(s))
	case pSingleFileName:
		c.SingleFileName = s
	case pSingleFilePaths:
		c.SingleFilePaths = append(c.SingleFilePaths, s)
	}
}

// noRedirect is what a Config's redirect_url is bound to for encoding,
// which reads it and never writes it.
var noRedirect string

func (c *Config) setup() *setupParams {
	return &setupParams{SetupURL: link{text{&c.SetupURL}}, SetupOnUpdate: flag{&c.SetupOnUpdate}}
}

func (c *Config) singleFile() *singleFileParams {
	return &singleFileParams{SingleFileName: path{text{&c.SingleFileName}}, SingleFilePaths: paths{list{&c.SingleFilePaths}}}
}

// text is a setting holding text.
type text struct{ p *string }

func (text) kind() paramKind  { return kindText }
func (t text) set(s string)   { *t.p = s }
func (t text) empty() bool    { return *t.p == "" }
func (t text) String() string { return *t.p }

// EncodeValues implements go-querystring's Encoder.
func (t text) EncodeValues(key string, v *url.Values) error {
	if *t.p != "" {
		(*v)[key] = []string{*t.p}
	}
	return nil
}

// link is a setting holding a URL.
type link struct{ text }

func (link) kind() paramKind { return kindURL }

// path is a setting holding a path in a repository.
type path struct{ text }

func (path) kind() paramKind { return kindPath }

// flag is a setting holding a boolean; a link writes only true.
type flag struct{ p *bool }

func (flag) kind() paramKind { return kindBool }
func (f flag) set(s string)  { *f.p = s == "true" }
func (f flag) empty() bool   { return !*f.p }

// EncodeValues implements go-querystring's Encoder.
func (f flag) EncodeValues(key string, v *url.Values) error {
	if *f.p {
		(*v)[key] = []string{"true"}
	}
	return nil
}

// list is a setting holding a list of strings.
type list struct{ p *[]string }

func (l list) set(s string) { *l.p = append(*l.p, s) }
func (l list) empty() bool  { return len(*l.p) == 0 }

// EncodeValues implements go-querystring's Encoder.
func (l list) EncodeValues(key string, v *url.Values) error {
	if len(*l.p) > 0 {
		(*v)[key] = *l.p
	}
	return nil
}

// links is a setting holding a list of URLs.
type links struct{ list }

func (links) kind() paramKind { return kindURLs }

// paths is a setting holding a list of paths.
type paths struct{ list }

func (paths) kind() paramKind { return kindPaths }

// events is a setting holding a list of events.
type events struct{ p *[]Event }

func (events) kind() paramKind { return kindEvents }
func (e events) set(s string)  { *e.p = append(*e.p, Event(s)) }
func (e events) empty() bool   { return len(*e.p) == 0 }

// EncodeValues implements go-querystring's Encoder.
func (e events) EncodeValues(key string, v *url.Values) error {
	if len(*e.p) > 0 {
		names := make([]string, len(*e.p))
		for i, ev := range *e.p {
			names[i] = string(ev)
		}
		(*v)[key] = names
	}
	return nil
}

// perms is the setting holding the permissions, each a parameter of its
// own named by its registration name.
type perms struct{ p *Permissions }

func (perms) kind() paramKind { return kindPerms }
func (perms) set(string)      {} // permissions are read by name; see readParam
func (ps perms) empty() bool  { return !ps.p.any() }

// EncodeValues implements go-querystring's Encoder: the field flattens into
// one parameter for each permission asked for.
func (ps perms) EncodeValues(_ string, v *url.Values) error {
	ps.p.each(func(p Permission, l Level) { (*v)[string(p)] = []string{l.String()} })
	return nil
}
