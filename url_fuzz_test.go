package ghapp_test

import (
	"math/rand"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ghapp-dev/ghapp"
)

// FuzzParseRegistrationURL: no input panics, and whatever the parser
// accepts re-encodes to a link that parses back to the same Config and
// Target.
func FuzzParseRegistrationURL(f *testing.F) {
	f.Add(seedURL)
	f.Add("https://github.com/organizations/o/settings/apps/new?name=a+b&events%5B%5D=push&contents=read")
	f.Add("https://octo.ghe.com/settings/apps/new?email_addresses=read&single_file=read&single_file_paths[]=a/b")
	f.Add("http://127.0.0.1:9/settings/apps/new?name=%E6%97%A5&webhook_active=true&webhook_url=https://h.example/x?y=1")
	f.Add("https://github.com/settings/apps/new?name=a&name=b&events=push#x")
	f.Add("http://0??=0") // a parameter named "?"
	f.Fuzz(func(t *testing.T, raw string) {
		c, target, err := ghapp.ParseRegistrationURL(raw)
		if err != nil {
			if other := notFieldErrors(err); other != nil {
				t.Fatalf("ParseRegistrationURL(%q): problems that are not *FieldErrors: %v", raw, other)
			}
			return
		}
		link, err := c.RegistrationURL(target)
		if err != nil {
			t.Fatalf("ParseRegistrationURL(%q) accepted %+v, %+v, which does not encode: %v", raw, c, target, err)
		}
		c2, target2, err := ghapp.ParseRegistrationURL(link)
		if err != nil {
			t.Fatalf("re-encoded link %q does not parse: %v", link, err)
		}
		if diff := cmp.Diff(c, c2, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip of %q mismatch (-first +second):\n%s", raw, diff)
		}
		if target != target2 {
			t.Fatalf("round trip of %q: target %+v, then %+v", raw, target, target2)
		}
	})
}

// texts are hostile strings for the generated configurations.
var texts = []string{"", "plain", "a&b", "k=v", "#frag", "1+1", "100%", "a;b", "[x]", `"q"`, "'s'", "日本語", "😀", " spaced ", "a/b:c", "?q", "%zz", "é\u0301"}

// pick returns an element of list chosen by the next byte of data.
func pick[T any](data *[]byte, list []T) T {
	if len(*data) == 0 {
		return list[0]
	}
	b := (*data)[0]
	*data = (*data)[1:]
	return list[int(b)%len(list)]
}

var roundTrips atomic.Int64 // configurations FuzzRegistrationURLRoundTrip found valid

// FuzzRegistrationURLRoundTrip builds configurations from the fuzzer's bytes,
// full of hostile text, and checks that every valid one parses back from its
// link unchanged.
func FuzzRegistrationURLRoundTrip(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17})
	f.Add([]byte("hostile configuration seed"))
	f.Fuzz(runRoundTrip)
}

// runRoundTrip is FuzzRegistrationURLRoundTrip's property. The bytes choose
// a configuration that is valid by construction for its target (permissions
// and events on the target's plan, each event with a permission it needs,
// settings that need others given together), so that most inputs reach the
// round trip; the texts are hostile.
func runRoundTrip(t *testing.T, data []byte) {
	bools := []bool{false, true}
	urls := []string{"https://example.com", "https://example.com/a?b=c&d=e", "http://127.0.0.1:8080/cb", "https://例え.jp/パス", "https://h.example/%20x", "https://h.example/a+b;c"}
	targets := []ghapp.Target{{}, {Organization: "octo-org"}, {BaseURL: "https://github.example.com"}, {BaseURL: "https://octo.ghe.com", Organization: "a"}, {BaseURL: "http://localhost:1"}}
	target := pick(&data, targets)
	plan := ghapp.PlanGitHubCom
	switch {
	case target.BaseURL == "https://octo.ghe.com":
		plan = ghapp.PlanGHEC
	case target.BaseURL != "":
		plan = ghapp.LatestGHES()
	}
	var perms []ghapp.Permission
	for _, p := range ghapp.KnownPermissions() {
		if p.AvailableOn(plan) {
			perms = append(perms, p)
		}
	}
	var events []ghapp.Event
	for _, e := range ghapp.KnownEvents() {
		if e.Subscribable() && e.AvailableOn(plan) {
			events = append(events, e)
		}
	}

	c := ghapp.Config{
		Name:        pick(&data, texts) + pick(&data, texts),
		Description: pick(&data, texts) + "\n" + pick(&data, texts),
		Public:      pick(&data, bools),
	}
	if pick(&data, bools) {
		c.HomepageURL = pick(&data, urls) + "#" + pick(&data, texts)
	}
	for n := pick(&data, []int{0, 1, 2, 3}); n > 0; n-- {
		c.CallbackURLs = appendOnce(c.CallbackURLs, pick(&data, urls))
	}
	if len(c.CallbackURLs) > 0 && pick(&data, bools) {
		c.RequestOAuthOnInstall = true
	} else if pick(&data, bools) {
		c.SetupURL = pick(&data, urls)
		c.SetupOnUpdate = pick(&data, bools)
	}
	if pick(&data, bools) {
		c.WebhookURL = pick(&data, urls)
		c.WebhookActive = pick(&data, bools)
	}
	set := func(p ghapp.Permission) {
		if c.Permissions == nil {
			c.Permissions = ghapp.Permissions{}
		}
		c.Permissions[p] = pick(&data, p.Levels())
	}
	for n := pick(&data, []int{0, 1, 2, 3}); n > 0; n-- {
		set(pick(&data, perms))
	}
	for n := pick(&data, []int{0, 1, 2, 3}); n > 0; n-- {
		e := pick(&data, events)
		if !slices.Contains(c.Events, e) {
			c.Events = append(c.Events, e)
		}
		if needs := e.RequiredPermissions(); len(needs) > 0 {
			if p := pick(&data, needs); c.Permissions[p] < ghapp.LevelRead {
				set(p)
			}
		}
	}
	if pick(&data, bools) {
		set(ghapp.PermissionSingleFile)
		c.SingleFileName = pick(&data, texts) + ".txt"
		for n := pick(&data, []int{0, 1, 2}); n > 0; n-- {
			c.SingleFilePaths = appendOnce(c.SingleFilePaths, "dir/"+pick(&data, texts))
		}
	}

	link, err := c.RegistrationURL(target)
	if err != nil {
		return // invalid after all: the hostile texts may break a rule
	}
	roundTrips.Add(1)
	back, backTarget, err := ghapp.ParseRegistrationURL(link)
	if err != nil {
		t.Fatalf("link %q of %+v does not parse: %v", link, c, err)
	}
	if diff := cmp.Diff(c, back, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("round trip of %q mismatch (-want +got):\n%s", link, diff)
	}
	if backTarget != target {
		t.Fatalf("target %+v came back as %+v", target, backTarget)
	}
}

// TestRoundTripGeneratorReachesTheProperty runs the round-trip property on
// 2,000 pseudo-random inputs and fails if fewer than half of them make a
// valid configuration: a generator that rarely passes validation would
// leave the property untested.
func TestRoundTripGeneratorReachesTheProperty(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	before := roundTrips.Load()
	const n = 2000
	for i := 0; i < n; i++ {
		data := make([]byte, 40)
		r.Read(data)
		runRoundTrip(t, data)
	}
	if valid := roundTrips.Load() - before; valid < n/2 {
		t.Errorf("%d of %d inputs made a valid configuration, want at least half", valid, n)
	}
}

// appendOnce appends v unless list holds it.
func appendOnce(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

// FuzzBuilder runs a sequence of setter calls chosen by the fuzzer: nothing
// panics, Build agrees with Validate, and a built Config round-trips.
func FuzzBuilder(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})
	f.Add([]byte("builder"))
	perms := append(ghapp.KnownPermissions(), "email_addresses", "nope", "")
	events := append(ghapp.KnownEvents(), "nope", "")
	levels := []ghapp.Level{ghapp.LevelNone, ghapp.LevelRead, ghapp.LevelWrite, ghapp.LevelAdmin, 7}
	urls := []string{"", "https://example.com", "nope", "https://a.example/x#y", "http://localhost/"}
	f.Fuzz(func(t *testing.T, data []byte) {
		b := new(ghapp.Builder) // the zero Builder is ready to use
		if len(data) > 0 && data[0]%2 == 0 {
			b = ghapp.New()
		}
		for steps := 0; len(data) > 0 && steps < 64; steps++ {
			switch pick(&data, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}) {
			case 0:
				b = b.Name(pick(&data, texts))
			case 1:
				b = b.Description(pick(&data, texts))
			case 2:
				b = b.HomepageURL(pick(&data, urls))
			case 3:
				b = b.CallbackURLs(pick(&data, urls), pick(&data, urls))
			case 4:
				b = b.RequestOAuthOnInstall(pick(&data, []bool{false, true}))
			case 5:
				b = b.SetupURL(pick(&data, urls))
			case 6:
				b = b.SetupOnUpdate(pick(&data, []bool{false, true}))
			case 7:
				b = b.Public(pick(&data, []bool{false, true}))
			case 8:
				b = b.WebhookActive(pick(&data, []bool{false, true}))
			case 9:
				b = b.WebhookURL(pick(&data, urls))
			case 10:
				b = b.Events(pick(&data, events))
			case 11:
				b = b.SingleFileName(pick(&data, texts))
			case 12:
				b = b.SingleFilePaths(pick(&data, texts))
			case 13:
				b = b.Permission(pick(&data, perms), pick(&data, levels))
			}
		}
		c, err := b.Build()
		if verr := b.Config().Validate(); (err == nil) != (verr == nil) {
			t.Fatalf("Build error %v, Validate error %v", err, verr)
		}
		if err != nil {
			return
		}
		for p, l := range c.Permissions {
			if l == ghapp.LevelNone || p.Canonical() != p {
				t.Fatalf("built Permissions hold %s at %v", p, l)
			}
		}
		// Valid for some plan: encode on a loopback target, which accepts
		// any plan, with the plan of the first permission or event.
		plan := ghapp.LatestGHES()
		for p := range c.Permissions {
			plan = p.Plans()[0]
		}
		link, err := c.RegistrationURL(ghapp.Target{BaseURL: "http://127.0.0.1:1", Plan: plan})
		if err != nil {
			return // not every valid Config fits one plan
		}
		back, _, err := ghapp.ParseRegistrationURL(link)
		if err != nil {
			t.Fatalf("link %q does not parse: %v", link, err)
		}
		if diff := cmp.Diff(c, back, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("round trip mismatch (-want +got):\n%s", diff)
		}
	})
}
