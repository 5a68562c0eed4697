package ghapp_test

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/google/go-querystring/query"

	"github.com/ghapp-dev/ghapp"
)

// bareParams is the documented example's fields as plain go-querystring
// would encode them: the baseline the library's encoding is measured against.
type bareParams struct {
	Name                  string   `url:"name,omitempty"`
	Description           string   `url:"description,omitempty"`
	URL                   string   `url:"url,omitempty"`
	CallbackURLs          []string `url:"callback_urls,brackets,omitempty"`
	RequestOAuthOnInstall bool     `url:"request_oauth_on_install,omitempty"`
	SetupURL              string   `url:"setup_url,omitempty"`
	SetupOnUpdate         bool     `url:"setup_on_update,omitempty"`
	Public                bool     `url:"public,omitempty"`
	Checks                string   `url:"checks,omitempty"`
	WebhookActive         bool     `url:"webhook_active,omitempty"`
	WebhookURL            string   `url:"webhook_url,omitempty"`
	Events                []string `url:"events,brackets,omitempty"`
	SingleFileName        string   `url:"single_file_name,omitempty"`
	SingleFilePaths       []string `url:"single_file_paths,brackets,omitempty"`
}

var sinkString string

// bareFull is a whole configuration as plain go-querystring would encode
// it, the permissions through an EncodeValues hook: the baseline of
// BenchmarkEverything.
type bareFull struct {
	Name                  string    `url:"name,omitempty"`
	Description           string    `url:"description,omitempty"`
	URL                   string    `url:"url,omitempty"`
	CallbackURLs          []string  `url:"callback_urls,brackets,omitempty"`
	RequestOAuthOnInstall bool      `url:"request_oauth_on_install,omitempty"`
	SetupURL              string    `url:"setup_url,omitempty"`
	SetupOnUpdate         bool      `url:"setup_on_update,omitempty"`
	Public                bool      `url:"public,omitempty"`
	Permissions           barePerms `url:"permissions"`
	WebhookActive         bool      `url:"webhook_active,omitempty"`
	WebhookURL            string    `url:"webhook_url,omitempty"`
	Events                []string  `url:"events,brackets,omitempty"`
	SingleFileName        string    `url:"single_file_name,omitempty"`
	SingleFilePaths       []string  `url:"single_file_paths,brackets,omitempty"`
}

type barePerms map[string]string

func (ps barePerms) EncodeValues(_ string, v *url.Values) error {
	for p, l := range ps {
		v.Set(p, l)
	}
	return nil
}

func bareOf(c ghapp.Config) bareFull {
	b := bareFull{Name: c.Name, Description: c.Description, URL: c.HomepageURL, CallbackURLs: c.CallbackURLs,
		RequestOAuthOnInstall: c.RequestOAuthOnInstall, SetupURL: c.SetupURL, SetupOnUpdate: c.SetupOnUpdate, Public: c.Public,
		Permissions: barePerms{}, WebhookActive: c.WebhookActive, WebhookURL: c.WebhookURL, SingleFileName: c.SingleFileName,
		SingleFilePaths: c.SingleFilePaths}
	for p, l := range c.Permissions {
		b.Permissions[string(p)] = l.String()
	}
	for _, e := range c.Events {
		b.Events = append(b.Events, string(e))
	}
	return b
}

// BenchmarkDocumented compares, in one run, the documented example's cost
// through the library (build, validate, encode) with bare go-querystring.
func BenchmarkDocumented(b *testing.B) {
	b.Run("baseline=go-querystring", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			p := bareParams{Name: "octocat-github-app", Description: "An Octocat App", CallbackURLs: []string{"https://example.com"},
				RequestOAuthOnInstall: true, Public: true, Checks: "write", Events: []string{"check_run", "check_suite"}}
			v, _ := query.Values(p)
			sinkString = "https://github.com/settings/apps/new?" + v.Encode()
		}
	})
	b.Run("build+validate+encode", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			c, err := ghapp.New().Name("octocat-github-app").Description("An Octocat App").CallbackURLs("https://example.com").
				RequestOAuthOnInstall(true).Public(true).Permission(ghapp.PermissionChecks, ghapp.LevelWrite).
				Events(ghapp.EventCheckRun, ghapp.EventCheckSuite).Build()
			if err != nil {
				b.Fatal(err)
			}
			sinkString, sinkErr = c.RegistrationURL(ghapp.Target{})
		}
	})
	c := documented()
	b.Run("validate", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkErr = c.Validate()
		}
	})
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkString, sinkErr = c.RegistrationURL(ghapp.Target{})
		}
	})
}

// BenchmarkParseDocumented compares ParseRegistrationURL of the documented
// link with url.Parse and Query of the same link.
func BenchmarkParseDocumented(b *testing.B) {
	b.Run("baseline=url.Parse+Query", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			u, err := url.Parse(seedURL)
			if err != nil {
				b.Fatal(err)
			}
			sinkInt = len(u.Query())
		}
	})
	b.Run("ParseRegistrationURL", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			c, _, err := ghapp.ParseRegistrationURL(seedURL)
			if err != nil {
				b.Fatal(err)
			}
			sinkString = c.Name
		}
	})
}

// BenchmarkEverything encodes and parses growing parts of the configuration
// with every github.com permission and event, to show the cost growing
// linearly with the number of parameters.
func BenchmarkEverything(b *testing.B) {
	all := everything()
	perms := make([]ghapp.Permission, 0, len(all.Permissions))
	for _, p := range ghapp.KnownPermissions() {
		if _, ok := all.Permissions[p]; ok {
			perms = append(perms, p)
		}
	}
	for _, frac := range []int{1, 2, 4} { // a quarter, a half, all
		c := all
		c.Permissions = ghapp.Permissions{}
		for _, p := range perms[:len(perms)*frac/4] {
			c.Permissions[p] = all.Permissions[p]
		}
		if c.Permissions[ghapp.PermissionSingleFile] == ghapp.LevelNone {
			c.SingleFileName, c.SingleFilePaths = "", nil
		}
		c.Events = nil
		for _, e := range all.Events[:len(all.Events)*frac/4] {
			if (ghapp.Config{Events: []ghapp.Event{e}, Permissions: c.Permissions}).Validate() == nil {
				c.Events = append(c.Events, e)
			}
		}
		params := len(c.Permissions) + len(c.Events)
		link, err := c.RegistrationURL(ghapp.Target{})
		if err != nil {
			b.Fatal(err)
		}
		bare := bareOf(c)
		b.Run("baseline=go-querystring/params="+strconv.Itoa(params), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				v, _ := query.Values(bare)
				sinkString = "https://github.com/settings/apps/new?" + v.Encode()
			}
		})
		b.Run("encode/params="+strconv.Itoa(params), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				sinkString, sinkErr = c.RegistrationURL(ghapp.Target{})
			}
		})
		b.Run("parse/params="+strconv.Itoa(params), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				_, _, sinkErr = ghapp.ParseRegistrationURL(link)
			}
		})
	}
}
