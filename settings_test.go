package ghapp_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestSettingsURLs(t *testing.T) {
	type pages struct{ App, Permissions, Installation, Accept string }
	tests := []struct {
		name string
		t    ghapp.Target
		want pages
	}{
		{"personal, github.com", ghapp.Target{}, pages{
			"https://github.com/settings/apps/octoapp",
			"https://github.com/settings/apps/octoapp/permissions",
			"https://github.com/settings/installations/1",
			"https://github.com/settings/installations/1/permissions/update",
		}},
		{"organization, github.com", ghapp.Target{Organization: "github"}, pages{
			"https://github.com/organizations/github/settings/apps/octoapp",
			"https://github.com/organizations/github/settings/apps/octoapp/permissions",
			// The REST API's documented html_url of an installation.
			"https://github.com/organizations/github/settings/installations/1",
			"https://github.com/organizations/github/settings/installations/1/permissions/update",
		}},
		{"organization, GHE.com", ghapp.Target{BaseURL: "https://octocorp.ghe.com", Organization: "octo-org"}, pages{
			"https://octocorp.ghe.com/organizations/octo-org/settings/apps/octoapp",
			"https://octocorp.ghe.com/organizations/octo-org/settings/apps/octoapp/permissions",
			"https://octocorp.ghe.com/organizations/octo-org/settings/installations/1",
			"https://octocorp.ghe.com/organizations/octo-org/settings/installations/1/permissions/update",
		}},
		{"personal, GitHub Enterprise Server", ghapp.Target{BaseURL: "https://GitHub.Example.com:443/", Plan: ghapp.PlanGHES317}, pages{
			"https://github.example.com/settings/apps/octoapp",
			"https://github.example.com/settings/apps/octoapp/permissions",
			"https://github.example.com/settings/installations/1",
			"https://github.example.com/settings/installations/1/permissions/update",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got pages
			var errs [4]error
			got.App, errs[0] = tt.t.AppSettingsURL("octoapp")
			got.Permissions, errs[1] = tt.t.AppPermissionsURL("octoapp")
			got.Installation, errs[2] = tt.t.InstallationSettingsURL(1)
			got.Accept, errs[3] = tt.t.AcceptPermissionsURL(1)
			for _, err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("pages mismatch (-want +got):\n%s", diff)
			}
		})
	}

	errs := []struct {
		name string
		err  error
		want []string
	}{
		{"bad slug", second(ghapp.Target{}.AppSettingsURL("Octo App")), []string{"slug: ErrInvalidFormat"}},
		{"no slug", second(ghapp.Target{}.AppPermissionsURL("")), []string{"slug: ErrRequired"}},
		{"bad organization", second(ghapp.Target{Organization: "-x"}.AppSettingsURL("octoapp")), []string{"organization: ErrInvalidTarget"}},
		{"bad base URL", second(ghapp.Target{BaseURL: "http://github.example.com"}.InstallationSettingsURL(1)), []string{"base_url: ErrInvalidTarget"}},
		{"no installation", second(ghapp.Target{}.AcceptPermissionsURL(0)), []string{"installation_id: ErrInvalidFormat"}},
	}
	for _, tt := range errs {
		if diff := cmp.Diff(tt.want, problems(tt.err)); diff != "" {
			t.Errorf("%s: problems mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func second(_ string, err error) error { return err }

// TestAccountPages: an App's and an Installation's pages follow the account
// GitHub names, as the documented html_url shows.
func TestAccountPages(t *testing.T) {
	ex := apiExamples(t, "api.github.com")
	var app ghapp.App
	app.Slug = "octoapp"
	tests := []struct {
		name      string
		owner     ghapp.Account
		target    ghapp.Target
		app, perm string
	}{
		{"user", ghapp.Account{Login: "octocat", Type: ghapp.AccountUser}, ghapp.Target{},
			"https://github.com/settings/apps/octoapp", "https://github.com/settings/apps/octoapp/permissions"},
		{"organization", ghapp.Account{Login: "octo-org", Type: ghapp.AccountOrganization}, ghapp.Target{BaseURL: "https://github.example.com"},
			"https://github.example.com/organizations/octo-org/settings/apps/octoapp", "https://github.example.com/organizations/octo-org/settings/apps/octoapp/permissions"},
		{"enterprise", ghapp.Account{Login: "octo-ent", Type: ghapp.AccountEnterprise}, ghapp.Target{Organization: "octo-ent"},
			"https://github.com/enterprises/octo-ent/settings/apps/octoapp", "https://github.com/enterprises/octo-ent/settings/apps/octoapp/permissions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app.Owner = tt.owner
			a, err := app.SettingsURL(tt.target)
			if err != nil {
				t.Fatal(err)
			}
			p, err := app.PermissionsURL(tt.target)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{tt.app, tt.perm}, []string{a, p}); diff != "" {
				t.Errorf("pages mismatch (-want +got):\n%s", diff)
			}
		})
	}
	app.Owner = ghapp.Account{Login: "octocat", Type: "Bot"}
	if _, err := app.SettingsURL(ghapp.Target{}); cmp.Diff([]string{"type: ErrInvalidTarget"}, problems(err)) != "" {
		t.Errorf("a Bot owner: %v", err)
	}
	app.Owner = ghapp.Account{Login: "octo-org", Type: ghapp.AccountOrganization}
	if _, err := app.SettingsURL(ghapp.Target{Organization: "other-org"}); cmp.Diff([]string{"organization: ErrInvalidTarget"}, problems(err)) != "" {
		t.Errorf("another organization: %v", err)
	}

	// The documented installation: its target_type is Organization, so its
	// page is an organization's, of the shape of its documented html_url.
	g := newFakeGitHub(t, "/api/v3")
	g.installations = []map[string]any{documentedInstallation(t, ex)}
	inst, err := ghapp.GetInstallation(ctx(t), nil, ghapp.Target{BaseURL: g.URL}, 1)
	if err != nil {
		t.Fatal(err)
	}
	page, err := inst.SettingsURL(ghapp.Target{})
	if err != nil {
		t.Fatal(err)
	}
	// The documented example names the organization "github" in html_url
	// and "octocat" in account: the page is built from the account.
	if want := "https://github.com/organizations/octocat/settings/installations/1"; page != want {
		t.Errorf("SettingsURL = %s, want %s", page, want)
	}
	if shape := "https://github.com/organizations/github/settings/installations/1"; inst.HTMLURL != shape {
		t.Errorf("documented html_url = %s, want %s", inst.HTMLURL, shape)
	}
	accept, _ := inst.AcceptPermissionsURL(ghapp.Target{})
	if want := page + "/permissions/update"; accept != want {
		t.Errorf("AcceptPermissionsURL = %s, want %s", accept, want)
	}
	inst.TargetType = ""
	if page, _ := inst.SettingsURL(ghapp.Target{}); page != "https://github.com/settings/installations/1" {
		t.Errorf("without target_type, the account's type (User) counts: %s", page)
	}
}
