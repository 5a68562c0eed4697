package ghapp_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ghapp-dev/ghapp"
)

// The sizes the scaling benchmarks run at: the cost per byte at 1 MB stays
// within twice the cost per byte at 1 KB, for every function that reads
// input a caller may not control.
var scalingSizes = []int{1 << 10, 64 << 10, 1 << 20}

// repeatTo repeats unit, numbered with %d, until the text has n bytes.
func repeatTo(n int, sep, unit string) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(fmt.Sprintf(unit, i))
	}
	return b.String()
}

// scalingInputs builds, for each family of functions, an input of about n
// bytes that makes it do the most work: unknown names, which cost
// suggestions, lists that need duplicate checks.
var scalingInputs = map[string]func(n int) func() error{
	"ParseRegistrationURL/unknown-parameters": func(n int) func() error {
		link := "https://github.com/settings/apps/new?" + repeatTo(n, "&", "colour%d=blue")
		return func() error { _, _, err := ghapp.ParseRegistrationURL(link); return err }
	},
	"ParseRegistrationURL/events": func(n int) func() error {
		link := "https://github.com/settings/apps/new?issues=read&" + repeatTo(n, "&", "events[]=brand_new_event%d")
		return func() error { _, _, err := ghapp.ParseRegistrationURL(link); return err }
	},
	"ParseRegistrationURL/callbacks": func(n int) func() error {
		link := "https://github.com/settings/apps/new?" + repeatTo(n, "&", "callback_urls[]=https://a.example/%d")
		return func() error { _, _, err := ghapp.ParseRegistrationURL(link); return err }
	},
	"ReadManifest/unknown-keys": func(n int) func() error {
		m := `{"url":"https://e.example",` + repeatTo(n, ",", `"colour%d":"blue"`) + "}"
		return func() error { _, err := ghapp.ReadManifest(strings.NewReader(m)); return err }
	},
	"ReadManifest/unknown-permissions": func(n int) func() error {
		m := `{"url":"https://e.example","default_permissions":{` + repeatTo(n, ",", `"perm-%d":"read"`) + "}}"
		return func() error { _, err := ghapp.ReadManifest(strings.NewReader(m)); return err }
	},
	"ReadManifest/events": func(n int) func() error {
		m := `{"url":"https://e.example","default_events":[` + repeatTo(n, ",", `"event_%d"`) + "]}"
		return func() error { _, err := ghapp.ReadManifest(strings.NewReader(m)); return err }
	},
	"Config.Validate/single-file-paths": func(n int) func() error {
		c := ghapp.Config{SingleFilePaths: strings.Split(repeatTo(n, " ", "dir/file%d"), " "), Permissions: ghapp.Permissions{ghapp.PermissionSingleFile: ghapp.LevelRead}}
		return c.Validate
	},
	"Config.Validate/events": func(n int) func() error {
		var events []ghapp.Event
		for _, e := range strings.Split(repeatTo(n, " ", "event_%d"), " ") {
			events = append(events, ghapp.Event(e))
		}
		c := ghapp.Config{Events: events, AllowUnknown: true}
		return c.Validate
	},
	"CheckResponseScopes": func(n int) func() error {
		h := http.Header{"X-Oauth-Scopes": {repeatTo(n/2, ", ", "new:scope%d")}, "X-Accepted-Oauth-Scopes": {repeatTo(n/2, ", ", "other:scope%d")}}
		return func() error { return ghapp.CheckResponseScopes(h) }
	},
	"CheckResponsePermissions": func(n int) func() error {
		h := http.Header{"X-Accepted-Github-Permissions": {repeatTo(n, "; ", "perm%d=write")}}
		return func() error {
			return ghapp.CheckResponsePermissions(h, ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelRead})
		}
	},
	"ParseScopes": func(n int) func() error {
		s := repeatTo(n, ", ", "scope%d")
		return func() error { _, err := ghapp.ParseScopes(s); return err }
	},
	"NormalizeScopes": func(n int) func() error {
		scopes := ghapp.SplitScopes(repeatTo(n, ",", "new:scope%d,repo,repo:status"))
		return func() error { _ = ghapp.NormalizeScopes(scopes); return nil }
	},
	"DiffScopes": func(n int) func() error {
		a := ghapp.SplitScopes(repeatTo(n/2, ",", "new:scope%d"))
		b := ghapp.SplitScopes(repeatTo(n/2, ",", "other:scope%d"))
		return func() error { _ = ghapp.DiffScopes(a, b); return nil }
	},
	"DescribeScopes": func(n int) func() error {
		scopes := ghapp.SplitScopes(repeatTo(n, ",", "new:scope%d,gist"))
		return func() error { _ = ghapp.DescribeScopes(scopes); return nil }
	},
	"ParseFineGrainedTokenURL/unknown-parameters": func(n int) func() error {
		link := "https://github.com/settings/personal-access-tokens/new?" + repeatTo(n, "&", "colour%d=blue")
		return func() error { _, _, err := ghapp.ParseFineGrainedTokenURL(link); return err }
	},
	"ParseFineGrainedTokenURL/unknown-permissions": func(n int) func() error {
		link := "https://github.com/settings/personal-access-tokens/new?" + repeatTo(n, "&", "contnets%d=read")
		return func() error { _, _, err := ghapp.ParseFineGrainedTokenURL(link); return err }
	},
	"ParseFineGrainedTokenURL/duplicates": func(n int) func() error {
		link := "https://github.com/settings/personal-access-tokens/new?" + repeatTo(n, "&", "name=n%d&contents=read")
		return func() error { _, _, err := ghapp.ParseFineGrainedTokenURL(link); return err }
	},
	"ParseFineGrainedTokenURL/bad-levels": func(n int) func() error {
		link := "https://github.com/settings/personal-access-tokens/new?contents=" + strings.Repeat("x", n)
		return func() error { _, _, err := ghapp.ParseFineGrainedTokenURL(link); return err }
	},
	"ParseFineGrainedTokenURL/bad-escapes": func(n int) func() error {
		link := "https://github.com/settings/personal-access-tokens/new?" + repeatTo(n, "&", "name%d=%%zz")
		return func() error { _, _, err := ghapp.ParseFineGrainedTokenURL(link); return err }
	},
	"ParseFineGrainedTokenURL/long-duplicate-keys": func(n int) func() error {
		key := strings.Repeat("k", n/2)
		link := "https://github.com/settings/personal-access-tokens/new?" + key + "=read&" + key + "=read"
		return func() error { _, _, err := ghapp.ParseFineGrainedTokenURL(link); return err }
	},
	"ParseFineGrainedTokenURL/semicolons": func(n int) func() error {
		link := "https://github.com/settings/personal-access-tokens/new?" + repeatTo(n, "&", "name=a;%d")
		return func() error { _, _, err := ghapp.ParseFineGrainedTokenURL(link); return err }
	},
	"ParseClassicTokenURL/unknown-parameters": func(n int) func() error {
		link := "https://github.com/settings/tokens/new?" + repeatTo(n, "&", "colour%d=blue")
		return func() error { _, _, err := ghapp.ParseClassicTokenURL(link); return err }
	},
	"ParseClassicTokenURL/scopes-repeated": func(n int) func() error {
		link := "https://github.com/settings/tokens/new?" + repeatTo(n, "&", "scopes=repo%d")
		return func() error { _, _, err := ghapp.ParseClassicTokenURL(link); return err }
	},
	"ParseClassicTokenURL/unknown-scopes": func(n int) func() error {
		link := "https://github.com/settings/tokens/new?scopes=" + repeatTo(n, ",", "new:scope%d")
		return func() error { _, _, err := ghapp.ParseClassicTokenURL(link); return err }
	},
	"ParseClassicTokenURL/bad-escapes": func(n int) func() error {
		link := "https://github.com/settings/tokens/new?" + repeatTo(n, "&", "description%d=%%zz")
		return func() error { _, _, err := ghapp.ParseClassicTokenURL(link); return err }
	},
	"ParseClassicTokenURL/long-duplicate-keys": func(n int) func() error {
		key := strings.Repeat("k", n/2)
		link := "https://github.com/settings/tokens/new?" + key + "=x&" + key + "=x"
		return func() error { _, _, err := ghapp.ParseClassicTokenURL(link); return err }
	},
	"ParseInstallURL/unknown-parameters": func(n int) func() error {
		link := "https://github.com/apps/octoapp/installations/new?" + repeatTo(n, "&", "colour%d=blue")
		return func() error { _, _, err := ghapp.ParseInstallURL(link); return err }
	},
	"ParseInstallURL/repositories": func(n int) func() error {
		link := "https://github.com/apps/octoapp/installations/new/permissions?suggested_target_id=1&" + repeatTo(n, "&", "repository_ids[]=%d&repository_ids[]=-1")
		return func() error { _, _, err := ghapp.ParseInstallURL(link); return err }
	},
	"ParseInstallURL/duplicates": func(n int) func() error {
		link := "https://github.com/apps/octoapp/installations/new?" + repeatTo(n, "&", "state=s%d")
		return func() error { _, _, err := ghapp.ParseInstallURL(link); return err }
	},
	"ParseInstallURL/bad-escapes": func(n int) func() error {
		link := "https://github.com/apps/octoapp/installations/new?" + repeatTo(n, "&", "state%d=%%zz")
		return func() error { _, _, err := ghapp.ParseInstallURL(link); return err }
	},
	"ParseInstallURL/long-duplicate-keys": func(n int) func() error {
		key := strings.Repeat("k", n/2)
		link := "https://github.com/apps/octoapp/installations/new?" + key + "=x&" + key + "=x"
		return func() error { _, _, err := ghapp.ParseInstallURL(link); return err }
	},
	"ParseSetupRedirect/duplicates": func(n int) func() error {
		q := repeatTo(n, "&", "installation_id=%d&setup_action=install")
		return func() error { _, err := ghapp.ParseSetupRedirect(q); return err }
	},
	"ParseSetupRedirect/bad-values": func(n int) func() error {
		q := "installation_id=" + strings.Repeat("x", n/2) + "&setup_action=" + strings.Repeat("y", n/2)
		return func() error { _, err := ghapp.ParseSetupRedirect(q); return err }
	},
	"ParseSetupRedirect/bad-escapes": func(n int) func() error {
		q := repeatTo(n, "&", "other%d=%%zz")
		return func() error { _, err := ghapp.ParseSetupRedirect(q); return err }
	},
	"ParseSetupRedirect/long-duplicate-keys": func(n int) func() error {
		key := strings.Repeat("k", n/2)
		q := "installation_id=1&" + key + "=%zz&" + key + "=%zz"
		return func() error { _, err := ghapp.ParseSetupRedirect(q); return err }
	},
	"ParseAcceptedPermissions": func(n int) func() error {
		s := repeatTo(n, "; ", "Perm-%d=read,contents=admin")
		return func() error { _, err := ghapp.ParseAcceptedPermissions(s); return err }
	},
}

// BenchmarkScaling runs each family at 1 KB, 64 KB and 1 MB and reports the
// cost per byte, so that a run shows whether it stays flat.
func BenchmarkScaling(b *testing.B) {
	for _, name := range sortedKeys(scalingInputs) {
		for _, n := range scalingSizes {
			f := scalingInputs[name](n)
			b.Run(name+"/size="+strconv.Itoa(n>>10)+"KB", func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					sinkErr = f()
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/byte")
			})
		}
	}
}

// TestErrorsStayShort: however long the input, the error is short: the
// first problems of each kind, then a count of the rest.
func TestErrorsStayShort(t *testing.T) {
	for _, name := range sortedKeys(scalingInputs) {
		err := scalingInputs[name](1 << 20)()
		if err == nil {
			continue
		}
		if n := len(err.Error()); n > 16<<10 {
			t.Errorf("%s: a 1 MB input gives an error of %d bytes", name, n)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
