package ghapp_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// FuzzSameProblems writes one configuration, possibly full of mistakes,
// both as a registration link and as a manifest, and checks that
// ParseRegistrationURL and ReadManifest find the same problems, each once,
// under each input's own names.
func FuzzSameProblems(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
	f.Add([]byte{3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3})
	f.Add([]byte{7, 200, 13, 1, 99, 42, 5, 5, 5, 5, 5, 8, 8, 8, 250, 2, 2, 2, 9, 9, 9})
	f.Fuzz(checkSameProblems)
}

// checkSameProblems is FuzzSameProblems' property for one input.
func checkSameProblems(t *testing.T, data []byte) {
	link, manifest := twoForms(&data)
	_, _, lerr := ghapp.ParseRegistrationURL(link)
	_, merr := ghapp.ReadManifest(strings.NewReader(manifest))
	lp, mp := problems(lerr), problems(merr)
	for i, p := range mp {
		mp[i] = linkName(p)
	}
	for _, ps := range [][]string{lp, mp} {
		sorted := slices.Clone(ps)
		slices.Sort(sorted)
		if len(slices.Compact(sorted)) != len(ps) {
			t.Fatalf("a problem reported twice: %q\nlink: %s\nmanifest: %s", ps, link, manifest)
		}
	}
	slices.Sort(lp)
	slices.Sort(mp)
	if diff := cmp.Diff(lp, mp); diff != "" {
		t.Fatalf("problems differ (-link +manifest):\n%s\nlink: %s\nmanifest: %s\nlink errors: %v\nmanifest errors: %v", diff, link, manifest, lerr, merr)
	}
}

// linkName turns a manifest's field, in a problems line, into the link's.
func linkName(problem string) string {
	for _, r := range [][2]string{{"default_permissions.", "permissions."}, {"default_events", "events"}, {"hook_attributes.url", "webhook_url"}} {
		if strings.HasPrefix(problem, r[0]) {
			return r[1] + problem[len(r[0]):]
		}
	}
	return problem
}

// twoForms writes a configuration chosen by data as a link and as a
// manifest, by hand, mistakes and all. It keeps to settings both forms
// have: the homepage is always given, and the webhook, when there is one,
// is on.
func twoForms(data *[]byte) (link, manifest string) {
	q := url.Values{}
	m := map[string]any{}
	set := func(key, mkey, val string) {
		q.Set(key, val)
		m[mkey] = val
	}
	if name := pick(data, []string{"", "octo-app", strings.Repeat("n", 35), "a\u202eb", "tab\there", "日本語"}); name != "" {
		set("name", "name", name)
	}
	set("url", "url", pick(data, []string{"https://example.com", "ftp://example.com", "https://user@example.com", "https://a..b"}))
	if d := pick(data, []string{"", "An app", "line\nbreak", "nul\x00"}); d != "" {
		set("description", "description", d)
	}
	var callbacks []string
	for n := pick(data, []int{0, 1, 2, 3}); n > 0; n-- {
		callbacks = append(callbacks, pick(data, []string{"https://a.example/cb", "https://b.example/cb", "http://a.example/cb", "nope", "https://a.example/cb#frag"}))
	}
	if len(callbacks) > 0 {
		q["callback_urls[]"] = callbacks
		m["callback_urls"] = callbacks
	}
	flag := func(key string) {
		if pick(data, []bool{false, true}) {
			q.Set(key, "true")
			m[key] = true
		}
	}
	flag("request_oauth_on_install")
	if s := pick(data, []string{"", "https://example.com/setup", "setup"}); s != "" {
		set("setup_url", "setup_url", s)
	}
	flag("setup_on_update")
	flag("public")
	if h := pick(data, []string{"", "https://example.com/hook", "not a url"}); h != "" {
		q.Set("webhook_active", "true")
		q.Set("webhook_url", h)
		m["hook_attributes"] = map[string]any{"url": h}
	}
	perms := map[string]string{}
	for n := pick(data, []int{0, 1, 2, 3, 4}); n > 0; n-- {
		name := pick(data, []string{"issues", "contents", "workflows", "checks", "metadata", "repository_projects", "brand_new_permission", "pull-requests", "Checks", "team_discussions"})
		levels := []string{"read", "write", "admin", "none", "rw", ""}
		if !ghapp.Permission(name).Known() {
			// A link cannot tell a permission it does not know with a bad
			// level from a parameter it does not know: give it a level.
			levels = levels[:3]
		}
		perms[name] = pick(data, levels)
	}
	mperms := map[string]string{}
	for name, level := range perms {
		q.Set(name, level)
		mperms[name] = level
	}
	if len(mperms) > 0 {
		m["default_permissions"] = mperms
	}
	var events []string
	for n := pick(data, []int{0, 1, 2, 3, 4}); n > 0; n-- {
		events = append(events, pick(data, []string{"issues", "push", "check_run", "installation", "sponsorship", "brand_new_event", "pull-request", "issues"}))
	}
	if len(events) > 0 {
		q["events[]"] = events
		m["default_events"] = events
	}
	out, _ := json.Marshal(m)
	return "https://github.com/settings/apps/new?" + q.Encode(), string(out)
}

// TestSameProblems runs FuzzSameProblems' check on every byte value at
// each of the first positions, so that each choice is met without the
// fuzzer.
func TestSameProblems(t *testing.T) {
	for pos := 0; pos < 24; pos++ {
		for b := 0; b < 12; b++ {
			data := make([]byte, 40)
			for i := range data {
				data[i] = byte((i*7 + b) % 13)
			}
			data[pos] = byte(b)
			checkSameProblems(t, data)
		}
	}
}
