package ghapp_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
	"github.com/ghapp-dev/ghapp/internal/catalog"
)

// TestTokenTablesMatchCatalogue checks the generated token table against
// the parsed catalogue through the package's own methods, so that a change
// to the generator that loses a fact fails here.
func TestTokenTablesMatchCatalogue(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Tokens) == 0 {
		t.Fatal("the catalogue has no token permissions")
	}
	var names []ghapp.TokenPermission
	for _, ct := range c.Tokens {
		tp := ghapp.TokenPermission(ct.Name)
		names = append(names, tp)
		var levels []ghapp.Level
		for _, l := range ct.Levels {
			lv, err := ghapp.ParseLevel(l)
			if err != nil {
				t.Fatal(err)
			}
			levels = append(levels, lv)
		}
		var plans []ghapp.Plan
		for _, n := range ct.Plans {
			p, err := ghapp.ParsePlan(n)
			if err != nil {
				t.Fatal(err)
			}
			plans = append(plans, p)
		}
		type facts struct {
			Known    bool
			Levels   []ghapp.Level
			Resource string
			Title    string
			Plans    []ghapp.Plan
		}
		want := facts{true, levels, ct.Resource, ct.Title, plans}
		got := facts{tp.Known(), tp.Levels(), tp.Resource().String(), tp.Title(), tp.Plans()}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("token permission %s mismatch (-want +got):\n%s", ct.Name, diff)
		}
		for l := ghapp.LevelRead; l <= ghapp.LevelAdmin; l++ {
			if got, want := tp.Allows(l), containsLevel(levels, l); got != want {
				t.Errorf("%s.Allows(%v) = %v, want %v", ct.Name, l, got, want)
			}
		}
		for _, a := range ct.Aliases {
			if got, err := ghapp.ParseTokenPermission(a); err != nil || got != tp {
				t.Errorf("ParseTokenPermission(%q) = %q, %v; want %q", a, got, err, tp)
			}
			if got := ghapp.TokenPermission(a).Canonical(); got != tp {
				t.Errorf("Canonical(%q) = %q, want %q", a, got, tp)
			}
		}
	}
	if diff := cmp.Diff(names, ghapp.KnownTokenPermissions()); diff != "" {
		t.Errorf("KnownTokenPermissions mismatch (-want +got):\n%s", diff)
	}
}

func containsLevel(levels []ghapp.Level, l ghapp.Level) bool {
	for _, x := range levels {
		if x == l {
			return true
		}
	}
	return false
}

func TestTokenPermissionFacts(t *testing.T) {
	// The differences from the app permissions that the documentation's
	// tables show.
	tests := []struct {
		p        ghapp.TokenPermission
		levels   []ghapp.Level
		resource ghapp.Resource
	}{
		{ghapp.TokenPermissionMetadata, []ghapp.Level{ghapp.LevelRead}, ghapp.ResourceRepository},
		{ghapp.TokenPermissionWorkflows, []ghapp.Level{ghapp.LevelWrite}, ghapp.ResourceRepository},
		{ghapp.TokenPermissionCopilotRequests, []ghapp.Level{ghapp.LevelWrite}, ghapp.ResourceAccount},
		// GitHub's example link asks for it at read; its table lists
		// copilot_requests at write only.
		{ghapp.TokenPermissionUserCopilotRequests, []ghapp.Level{ghapp.LevelRead}, ghapp.ResourceAccount},
		{ghapp.TokenPermissionUserEvents, []ghapp.Level{ghapp.LevelRead}, ghapp.ResourceAccount},
		{ghapp.TokenPermissionOrganizationModels, []ghapp.Level{ghapp.LevelRead}, ghapp.ResourceOrganization},
		{ghapp.TokenPermissionOrganizationCodespacesSettings, []ghapp.Level{ghapp.LevelRead, ghapp.LevelWrite}, ghapp.ResourceOrganization},
		{ghapp.TokenPermissionOrganizationProjects, []ghapp.Level{ghapp.LevelRead, ghapp.LevelWrite, ghapp.LevelAdmin}, ghapp.ResourceOrganization},
	}
	for _, tt := range tests {
		t.Run(string(tt.p), func(t *testing.T) {
			if diff := cmp.Diff(tt.levels, tt.p.Levels()); diff != "" {
				t.Errorf("Levels mismatch (-want +got):\n%s", diff)
			}
			if got := tt.p.Resource(); got != tt.resource {
				t.Errorf("Resource() = %v, want %v", got, tt.resource)
			}
			if !tt.p.AvailableOn(ghapp.PlanGitHubCom) || !tt.p.AvailableOn(ghapp.PlanGHEC) || tt.p.AvailableOn(ghapp.LatestGHES()) {
				t.Errorf("AvailableOn: want github.com and GHEC only, got %v", tt.p.Plans())
			}
		})
	}
	// Names GitHub Apps have and tokens do not.
	for _, name := range []string{"checks", "packages", "single_file"} {
		if ghapp.TokenPermission(name).Known() || !ghapp.Permission(name).Known() {
			t.Errorf("%s: want an app permission that tokens lack", name)
		}
	}
}

func TestParseTokenPermission(t *testing.T) {
	tests := []struct {
		in, want, suggestion string
	}{
		{"contents", "contents", ""},
		{"user_copilot_requests", "user_copilot_requests", ""},
		{"copilot_requests", "copilot_requests", ""},
		{"pull-requests", "", "pull_requests"},
		{"Contents", "", "contents"},
		{"user_event", "", "user_events"},
		{"checks", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ghapp.ParseTokenPermission(tt.in)
			if string(got) != tt.want {
				t.Errorf("ParseTokenPermission(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if tt.want != "" {
				if err != nil {
					t.Errorf("error %v", err)
				}
				return
			}
			var ne *ghapp.NameError
			if !errors.Is(err, ghapp.ErrUnknownPermission) || !errors.As(err, &ne) {
				t.Fatalf("error %v, want a *NameError for ErrUnknownPermission", err)
			}
			if ne.Suggestion != tt.suggestion {
				t.Errorf("suggestion %q, want %q", ne.Suggestion, tt.suggestion)
			}
		})
	}
	if ghapp.TokenPermission("nope").Levels() != nil || ghapp.TokenPermission("nope").Resource() != 0 ||
		ghapp.TokenPermission("nope").Title() != "" || ghapp.TokenPermission("nope").Plans() != nil ||
		ghapp.TokenPermission("nope").Allows(ghapp.LevelNone) || ghapp.TokenPermission("nope").Canonical() != "nope" {
		t.Error("an unknown token permission has facts")
	}
}
