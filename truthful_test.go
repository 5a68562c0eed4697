package ghapp_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ghapp-dev/ghapp"
)

// TestCompleteReports: every problem is reported, each once, under the
// input's own names, and none that follows only from another.
func TestCompleteReports(t *testing.T) {
	manifest := func(s string) error {
		_, err := ghapp.ReadManifest(strings.NewReader(s))
		return err
	}
	link := func(q string) error {
		_, _, err := ghapp.ParseRegistrationURL("https://github.com/settings/apps/new?" + q)
		return err
	}
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"a typo keeps the rest of the permissions",
			manifest(`{"url":"https://example.com","default_permissions":{"issues":"write","pull-requests":"write"},"default_events":["issues"]}`),
			[]string{"default_permissions.pull-requests: ErrUnknownPermission"}},
		{"a bad level hides nothing",
			manifest(`{"url":"https://example.com","default_permissions":{"workflows":"read","issues":"rw"}}`),
			[]string{"default_permissions.workflows: ErrLevelNotAllowed", "default_permissions.issues: ErrUnknownLevel"}},
		{"an event is not blamed for its permission's bad level", link("issues=rw&events[]=issues"),
			[]string{"permissions.issues: ErrUnknownLevel"}},
		{"nor in a manifest", manifest(`{"url":"https://example.com","default_permissions":{"issues":"rw"},"default_events":["issues"]}`),
			[]string{"default_permissions.issues: ErrUnknownLevel"}},
		{"nor when the permissions are no object", manifest(`{"url":"https://example.com","default_permissions":[],"default_events":["issues"]}`),
			[]string{"default_permissions: ErrMalformed"}},
		{"a value of the wrong type is not also missing", manifest(`{"url":5}`), []string{"url: ErrMalformed"}},
		{"a bad element is reported once", manifest(`{"url":"https://e.example","callback_urls":[5,"https://a.example"]}`),
			[]string{"callback_urls[0]: ErrMalformed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, problems(tt.err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s\nerror: %v", diff, tt.err)
			}
		})
	}
	// A duplicate is named in the input's words, both of its places.
	for _, tt := range []struct {
		err  error
		want string
	}{
		{manifest(`{"url":"https://e.example","default_permissions":{"issues":"read"},"default_events":["issues","issues"]}`),
			"ghapp: default_events[1] (line 1, column 95): issues is already default_events[0]"},
		{link("issues=read&events[]=issues&events[]=issues"),
			"ghapp: events[1] (line 1, column 66): issues is already events[0]"},
	} {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("error %v, want %s", tt.err, tt.want)
		}
	}
}

// TestManifestPositions: each problem of a manifest carries the line and
// column of its key or value, and they come in the order they stand.
func TestManifestPositions(t *testing.T) {
	const in = `{
  "name": "octo\u0000app",
  "url": "https://example.com",
  "hook_attributes": {"url": "https://example.com/h", "secret": "x"},
  "default_permissions": {
    "issues": "write",
    "pull-requests": "write",
    "contents": "owner"
  },
  "default_events": ["issues", "sponsorship", "pull-request"],
  "default_permission": {}
}`
	_, err := ghapp.ReadManifest(strings.NewReader(in))
	type at struct {
		Field        string
		Line, Column int
	}
	var got []at
	for _, fe := range fieldErrors(err) {
		got = append(got, at{fe.Field, fe.Line, fe.Column})
	}
	want := []at{
		{"name", 2, 11},
		{"hook_attributes.secret", 4, 55},
		{"default_permissions.pull-requests", 7, 5},
		{"default_permissions.contents", 8, 17},
		{"default_events[1]", 10, 32},
		{"default_events[2]", 10, 47},
		{"default_permission", 11, 3},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions mismatch (-want +got):\n%s\nerror: %v", diff, err)
	}
}

// TestManifestSyntaxError: a syntax error keeps *json.SyntaxError for
// errors.As, with its position as line and column.
func TestManifestSyntaxError(t *testing.T) {
	_, err := ghapp.ReadManifest(strings.NewReader("{\n  \"url\": \"https://example.com\",\n  \"name\": oops\n}"))
	var se *json.SyntaxError
	var fe *ghapp.FieldError
	if !errors.As(err, &se) || !errors.Is(err, ghapp.ErrMalformed) || !errors.As(err, &fe) {
		t.Fatalf("error %v: want a FieldError wrapping ErrMalformed and a *json.SyntaxError", err)
	}
	if fe.Line != 3 || fe.Column != 11 {
		t.Errorf("position %d:%d, want 3:11 (error %v)", fe.Line, fe.Column, err)
	}
}

// TestHostileText: what encoding/json would let through, or change, is
// refused.
func TestHostileText(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"invalid UTF-8", "{\"url\":\"https://e.example\",\"name\":\"a\xffb\"}", []string{": ErrMalformed"}},
		{"lone surrogate", `{"url":"https://e.example","name":"a\ud800b"}`, []string{"name: ErrMalformed"}},
		{"lone low surrogate", `{"url":"https://e.example","description":"\udc00"}`, []string{"description: ErrMalformed"}},
		{"surrogate pair", `{"url":"https://e.example","name":"\ud83d\ude00"}`, nil},
		{"null level", `{"url":"https://e.example","default_permissions":{"issues":null}}`, []string{"default_permissions.issues: ErrUnknownLevel"}},
		{"null name", `{"url":"https://e.example","name":null}`, []string{"name: ErrMalformed"}},
		{"right-to-left override in the name", `{"url":"https://e.example","name":"abc\u202egnp.exe"}`, []string{"name: ErrInvalidText"}},
		{"zero-width space in the name", `{"url":"https://e.example","name":"octo\u200bapp"}`, []string{"name: ErrInvalidText"}},
		{"bidirectional isolate in the description", `{"url":"https://e.example","description":"a\u2066b"}`, []string{"description: ErrInvalidText"}},
		{"http redirect_url", `{"url":"https://e.example","redirect_url":"http://e.example/cb"}`, []string{"redirect_url: ErrInvalidURL"}},
		{"http redirect_url on loopback", `{"url":"https://e.example","redirect_url":"http://127.0.0.1:8000/cb"}`, nil},
		{"http redirect_url on localhost", `{"url":"https://e.example","redirect_url":"http://localhost:8000/cb"}`, nil},
		{"http redirect_url under .localhost", `{"url":"https://e.example","redirect_url":"http://evil.localhost/cb"}`, []string{"redirect_url: ErrInvalidURL"}},
		{"redirect_url with a fragment", `{"url":"https://e.example","redirect_url":"https://e.example/cb#x"}`, []string{"redirect_url: ErrInvalidURL"}},
		{"text after the object", `{"url":"https://e.example"} {}`, []string{": ErrMalformed"}},
		{"not an object", `["url"]`, []string{": ErrMalformed"}},
		{"webhook secret", `{"url":"https://e.example","webhook_secret":"x"}`, []string{"webhook_secret: ErrNotSettable"}},
		{"a link's single-file setting", `{"url":"https://e.example","single_file_name":"x"}`, []string{"single_file_name: ErrNotSettable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ghapp.ReadManifest(strings.NewReader(tt.in))
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}

// TestAllowUnknown: with AllowUnknown, well-formed names the catalogue
// lacks round-trip through link and manifest; without it they are
// refused, and the parse functions hand back the partial value; malformed
// names are refused either way.
func TestAllowUnknown(t *testing.T) {
	c := ghapp.Config{
		Name:         "future",
		HomepageURL:  "https://example.com",
		WebhookURL:   "https://example.com/hook",
		Permissions:  ghapp.Permissions{"brand_new_permission": ghapp.LevelWrite, ghapp.PermissionIssues: ghapp.LevelRead},
		Events:       []ghapp.Event{ghapp.EventIssues, "brand_new_event"},
		AllowUnknown: true,
	}
	c.WebhookActive = true
	for _, target := range []ghapp.Target{{}, {BaseURL: "https://github.example.com", Plan: ghapp.PlanGHES317}} {
		link, err := c.RegistrationURL(target)
		if err != nil {
			t.Fatalf("RegistrationURL(%+v): %v", target, err)
		}
		if !strings.Contains(link, "brand_new_permission=write") || !strings.Contains(link, "events[]=brand_new_event") {
			t.Errorf("link %s lacks the unknown names", link)
		}
		// Read back, the only problems are the unknown names, so the
		// Config comes back whole, and validates with AllowUnknown.
		back, _, err := ghapp.ParseRegistrationURL(link)
		if diff := cmp.Diff([]string{"permissions.brand_new_permission: ErrUnknownPermission", "events[1]: ErrUnknownEvent"}, problems(err)); diff != "" {
			t.Errorf("problems mismatch (-want +got):\n%s", diff)
		}
		back.AllowUnknown = true
		if err := back.Validate(); err != nil {
			t.Errorf("Validate with AllowUnknown: %v", err)
		}
		if diff := cmp.Diff(c, back); diff != "" {
			t.Errorf("link round trip mismatch (-want +got):\n%s", diff)
		}
	}
	m := c.Manifest()
	if !m.AllowUnknown {
		t.Error("Config.Manifest drops AllowUnknown")
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ghapp.ReadManifest(strings.NewReader(string(data)))
	if diff := cmp.Diff([]string{"default_events[1]: ErrUnknownEvent", "default_permissions.brand_new_permission: ErrUnknownPermission"}, problems(err)); diff != "" {
		t.Errorf("manifest problems mismatch (-want +got):\n%s", diff)
	}
	back.AllowUnknown = true
	cb, err := back.Config()
	if err != nil {
		t.Errorf("Manifest.Config with AllowUnknown: %v", err)
	}
	if diff := cmp.Diff(c, cb, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("manifest round trip mismatch (-want +got):\n%s", diff)
	}
	var um ghapp.Manifest
	if err := json.Unmarshal(data, &um); !errors.Is(err, ghapp.ErrUnknownPermission) || um.DefaultPermissions["brand_new_permission"] != ghapp.LevelWrite {
		t.Errorf("Unmarshal: %v, %+v; want the partial manifest and ErrUnknownPermission", err, um)
	}

	// Without AllowUnknown, refused everywhere.
	strict := c
	strict.AllowUnknown = false
	if _, err := strict.RegistrationURL(ghapp.Target{}); !errors.Is(err, ghapp.ErrUnknownPermission) || !errors.Is(err, ghapp.ErrUnknownEvent) {
		t.Errorf("RegistrationURL without AllowUnknown: %v", err)
	}
	if err := strict.Manifest().WriteForm(new(strings.Builder), ghapp.Target{}, "s"); !errors.Is(err, ghapp.ErrUnknownPermission) {
		t.Errorf("WriteForm without AllowUnknown: %v", err)
	}

	// Malformed names are refused either way, and no partial value comes
	// back for them.
	for _, name := range []string{"Brand-New", "brand new", strings.Repeat("a", 101), "brand.new", "ünknown"} {
		bad := c
		bad.Permissions = ghapp.Permissions{ghapp.Permission(name): ghapp.LevelRead}
		bad.Events = []ghapp.Event{ghapp.Event(name)}
		err := bad.Validate()
		if !errors.Is(err, ghapp.ErrUnknownPermission) || !errors.Is(err, ghapp.ErrUnknownEvent) {
			t.Errorf("%q with AllowUnknown: %v", name, err)
		}
		got, _, err := ghapp.ParseRegistrationURL("https://github.com/settings/apps/new?events[]=" + strings.ReplaceAll(name, " ", "%20"))
		if err == nil || got.Events != nil {
			t.Errorf("ParseRegistrationURL of the event %q: %+v, %v; want an error and a zero Config", name, got, err)
		}
	}
	// A level past admin is never accepted.
	if err := (ghapp.Config{Permissions: ghapp.Permissions{"brand_new": ghapp.Level(9)}, AllowUnknown: true}).Validate(); !errors.Is(err, ghapp.ErrUnknownLevel) {
		t.Errorf("Level(9) with AllowUnknown: %v", err)
	}
	// Descriptions and diffs keep unknown names.
	if d := ghapp.DescribePermissions(c.Permissions); len(d) != 2 || d[len(d)-1].Name != "brand_new_permission" {
		t.Errorf("DescribePermissions = %v", d)
	}
	if d := ghapp.DiffConfigs(ghapp.Config{}, c); !strings.Contains(d.String(), "brand_new_permission") || !strings.Contains(d.String(), "brand_new_event") {
		t.Errorf("DiffConfigs drops unknown names:\n%s", d)
	}
}

// TestWebhookCombinations: every combination of a webhook URL and
// WebhookActive, as a link and as a manifest.
func TestWebhookCombinations(t *testing.T) {
	const u = "https://example.com/hook"
	off, on := false, true
	tests := []struct {
		name       string
		url        string
		active     bool
		linkParams string
		hook       *ghapp.HookAttributes
		manifest   []string // problems of the manifest
	}{
		{"neither", "", false, "", nil, nil},
		{"active without a URL", "", true, "&webhook_active=true", &ghapp.HookAttributes{}, []string{"hook_attributes.url: ErrRequired"}},
		{"a URL, off", u, false, "&webhook_url=https://example.com/hook", &ghapp.HookAttributes{URL: u, Active: &off}, nil},
		{"a URL, on", u, true, "&webhook_active=true&webhook_url=https://example.com/hook", &ghapp.HookAttributes{URL: u}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ghapp.Config{Name: "hooks", HomepageURL: "https://example.com", WebhookURL: tt.url, WebhookActive: tt.active}
			link, err := c.RegistrationURL(ghapp.Target{})
			if err != nil {
				t.Fatal(err)
			}
			if want := "https://github.com/settings/apps/new?name=hooks&url=https://example.com" + tt.linkParams; link != want {
				t.Errorf("link %s\nwant %s", link, want)
			}
			back, _, err := ghapp.ParseRegistrationURL(link)
			if err != nil || back.WebhookURL != tt.url || back.WebhookActive != tt.active {
				t.Errorf("link parses back to %q, %v, %v", back.WebhookURL, back.WebhookActive, err)
			}
			m := c.Manifest()
			if diff := cmp.Diff(tt.hook, m.HookAttributes); diff != "" {
				t.Errorf("hook_attributes mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.manifest, problems(m.Validate())); diff != "" {
				t.Errorf("manifest problems mismatch (-want +got):\n%s", diff)
			}
			if tt.manifest != nil {
				return
			}
			mc, err := m.Config()
			if err != nil || mc.WebhookURL != tt.url || mc.WebhookActive != tt.active {
				t.Errorf("manifest reads back to %q, %v, %v", mc.WebhookURL, mc.WebhookActive, err)
			}
		})
	}
	// A manifest's own default is on: hook_attributes without active.
	m, err := ghapp.ReadManifest(strings.NewReader(`{"url":"https://e.example","hook_attributes":{"url":"https://e.example/h"}}`))
	if c, _ := m.Config(); err != nil || !c.WebhookActive {
		t.Errorf("hook_attributes without active: %+v, %v; want the webhook on", c, err)
	}
	_ = on
}

// TestNewPermissionsOnNewPlans: custom_properties_for_organizations came in
// GitHub Enterprise Server 3.20.
func TestNewPermissionsOnNewPlans(t *testing.T) {
	c := ghapp.Config{Permissions: ghapp.Permissions{ghapp.PermissionCustomPropertiesForOrganizations: ghapp.LevelRead}}
	ghes := func(p ghapp.Plan) ghapp.Target { return ghapp.Target{BaseURL: "https://github.example.com", Plan: p} }
	if _, err := c.RegistrationURL(ghes(ghapp.PlanGHES322)); err != nil {
		t.Errorf("ghes-3.22: %v", err)
	}
	if _, err := c.RegistrationURL(ghes(0)); err != nil {
		t.Errorf("the newest GHES: %v", err)
	}
	_, err := c.RegistrationURL(ghes(ghapp.PlanGHES319))
	if !errors.Is(err, ghapp.ErrNotOnPlan) || !strings.Contains(err.Error(), "ghes-3.20") || !strings.Contains(err.Error(), "github.com") {
		t.Errorf("ghes-3.19: %v; want ErrNotOnPlan naming the plans that have it", err)
	}
	m := ghapp.Manifest{URL: "https://e.example", DefaultEvents: []ghapp.Event{ghapp.EventOrganizationCustomPropertyValues}}
	if err := m.WriteForm(new(strings.Builder), ghes(ghapp.PlanGHES321), "s"); err != nil {
		t.Errorf("organization_custom_property_values on ghes-3.21: %v", err)
	}
	if err := m.WriteForm(new(strings.Builder), ghes(ghapp.PlanGHES320), "s"); !errors.Is(err, ghapp.ErrNotOnPlan) {
		t.Errorf("organization_custom_property_values on ghes-3.20: %v", err)
	}
}

// TestPlanLifecycle: release and end-of-support dates, and plans past the
// catalogue.
func TestPlanLifecycle(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		plan          ghapp.Plan
		released, end string
	}{
		{ghapp.PlanGHES317, "2025-06-03", "2026-08-25"},
		{ghapp.PlanGHES319, "2025-12-09", "2026-12-09"},
		{ghapp.PlanGHES322, "2026-08-25", "2027-08-25"},
	}
	for _, tt := range tests {
		if got := tt.plan.Released(); !got.Equal(day(tt.released)) {
			t.Errorf("%v.Released() = %v, want %s", tt.plan, got, tt.released)
		}
		if got := tt.plan.SupportEnds(); !got.Equal(day(tt.end)) {
			t.Errorf("%v.SupportEnds() = %v, want %s", tt.plan, got, tt.end)
		}
	}
	now := day("2026-12-02")
	for plan, want := range map[ghapp.Plan]bool{
		ghapp.PlanGitHubCom: true, ghapp.PlanGHEC: true, ghapp.PlanGHES317: false, ghapp.PlanGHES318: false,
		ghapp.PlanGHES319: true, ghapp.PlanGHES322: true, ghapp.Plan(0): false, ghapp.Plan(99): false,
	} {
		if got := plan.Supported(now); got != want {
			t.Errorf("%v.Supported(2026-12-02) = %v, want %v", plan, got, want)
		}
	}
	if ghapp.PlanGHES319.Supported(day("2026-12-09")) || !ghapp.PlanGHES319.Supported(day("2026-12-08")) {
		t.Error("ghes-3.19's support ends at the start of 2026-12-09")
	}
	if !ghapp.PlanGitHubCom.Released().IsZero() || !ghapp.PlanGHEC.SupportEnds().IsZero() {
		t.Error("github.com and GHEC have no dates")
	}
	// A version newer than the catalogue names the newest and what to do.
	_, err := ghapp.ParsePlan("ghes-3.23")
	if !errors.Is(err, ghapp.ErrUnknownPlan) || !strings.Contains(err.Error(), "ghes-3.22") || !strings.Contains(err.Error(), "AllowUnknown") {
		t.Errorf("ParsePlan(ghes-3.23) = %v", err)
	}
	if _, err := ghapp.ParsePlan("ghes-4.0"); !strings.Contains(fmtErr(err), "newer") {
		t.Errorf("ParsePlan(ghes-4.0) = %v", err)
	}
	if _, err := ghapp.ParsePlan("ghes-3.16"); strings.Contains(fmtErr(err), "newer") {
		t.Errorf("ParsePlan(ghes-3.16) = %v; an older version is not newer", err)
	}
	// Plans are stored by name.
	data, err := json.Marshal(map[string]ghapp.Plan{"plan": ghapp.PlanGHES320, "none": 0})
	if err != nil || string(data) != `{"none":"","plan":"ghes-3.20"}` {
		t.Errorf("Marshal = %s, %v", data, err)
	}
	var back map[string]ghapp.Plan
	if err := json.Unmarshal(data, &back); err != nil || back["plan"] != ghapp.PlanGHES320 || back["none"] != 0 {
		t.Errorf("Unmarshal = %v, %v", back, err)
	}
	if _, err := json.Marshal(ghapp.Plan(99)); !errors.Is(err, ghapp.ErrUnknownPlan) {
		t.Errorf("Marshal(Plan(99)) = %v", err)
	}
	if err := json.Unmarshal([]byte(`"ghes-9.9"`), new(ghapp.Plan)); !errors.Is(err, ghapp.ErrUnknownPlan) {
		t.Errorf("Unmarshal(ghes-9.9) = %v", err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
