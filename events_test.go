package ghapp_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestEventFacts(t *testing.T) {
	ghesOnly := []ghapp.Plan{ghapp.PlanGHES317, ghapp.PlanGHES318, ghapp.PlanGHES319, ghapp.PlanGHES320, ghapp.PlanGHES321, ghapp.PlanGHES322}
	dotcomGHEC := []ghapp.Plan{ghapp.PlanGitHubCom, ghapp.PlanGHEC}
	tests := []struct {
		e            ghapp.Event
		needs        []ghapp.Permission
		subscribable bool
		always       bool
		plans        []ghapp.Plan
	}{
		{ghapp.EventCheckRun, []ghapp.Permission{ghapp.PermissionChecks}, true, false, all},
		{ghapp.EventCheckSuite, []ghapp.Permission{ghapp.PermissionChecks}, true, false, all},
		{ghapp.EventPush, []ghapp.Permission{ghapp.PermissionContents}, true, false, all},
		{ghapp.EventCommitComment, []ghapp.Permission{ghapp.PermissionContents}, true, false, all},
		{ghapp.EventLabel, []ghapp.Permission{ghapp.PermissionMetadata}, true, false, all},
		{ghapp.EventPublic, []ghapp.Permission{ghapp.PermissionMetadata}, true, false, all},
		{ghapp.EventPullRequestReview, []ghapp.Permission{ghapp.PermissionPullRequests}, true, false, all},
		{ghapp.EventMilestone, []ghapp.Permission{ghapp.PermissionIssues, ghapp.PermissionPullRequests}, true, false, all},
		{ghapp.EventProject, []ghapp.Permission{ghapp.PermissionRepositoryProjects, ghapp.PermissionOrganizationProjects}, true, false, all},
		{ghapp.EventProjectCard, []ghapp.Permission{ghapp.PermissionRepositoryProjects, ghapp.PermissionOrganizationProjects}, true, false, all},
		{ghapp.EventProjectColumn, []ghapp.Permission{ghapp.PermissionRepositoryProjects, ghapp.PermissionOrganizationProjects}, true, false, all},
		{ghapp.EventRepositoryRuleset, []ghapp.Permission{ghapp.PermissionAdministration, ghapp.PermissionOrganizationAdministration}, true, false, all},
		{ghapp.EventOrgBlock, []ghapp.Permission{ghapp.PermissionOrganizationAdministration}, true, false, dotcomGHEC},
		{ghapp.EventCustomProperty, []ghapp.Permission{ghapp.PermissionOrganizationCustomProperties}, true, false, all},
		{ghapp.EventCodeScanningAlert, []ghapp.Permission{ghapp.PermissionSecurityEvents}, true, false, all},
		{ghapp.EventDependabotAlert, []ghapp.Permission{ghapp.PermissionVulnerabilityAlerts}, true, false, all},
		{ghapp.EventRegistryPackage, []ghapp.Permission{ghapp.PermissionPackages}, true, false, all},
		{ghapp.EventMergeGroup, []ghapp.Permission{ghapp.PermissionMergeQueues}, true, false, dotcomGHEC},
		{ghapp.EventIssueDependencies, []ghapp.Permission{ghapp.PermissionIssues}, true, false, []ghapp.Plan{ghapp.PlanGitHubCom, ghapp.PlanGHEC, ghapp.PlanGHES319, ghapp.PlanGHES320, ghapp.PlanGHES321, ghapp.PlanGHES322}},
		{ghapp.EventIssueRelatesTo, []ghapp.Permission{ghapp.PermissionIssues}, true, false, []ghapp.Plan{ghapp.PlanGitHubCom}},
		{ghapp.EventRepositoryAdvisory, []ghapp.Permission{ghapp.PermissionRepositoryAdvisories}, true, false, dotcomGHEC},
		{ghapp.EventSecurityAdvisory, nil, true, false, all},
		{ghapp.EventMeta, nil, true, false, all},
		{ghapp.EventInstallation, nil, false, true, all},
		{ghapp.EventInstallationRepositories, nil, false, true, all},
		{ghapp.EventGitHubAppAuthorization, nil, false, true, all},
		{ghapp.EventPing, nil, false, true, all},
		{ghapp.EventSponsorship, nil, false, false, all},
		{ghapp.EventMarketplacePurchase, nil, false, false, dotcomGHEC},
		{ghapp.EventPackage, nil, false, false, all},
		{ghapp.EventProjectsV2, nil, false, false, all},
		{ghapp.EventProjectsV2Item, nil, false, false, all},
		{ghapp.EventProjectsV2StatusUpdate, nil, false, false, dotcomGHEC},
		{ghapp.EventRepositoryImport, nil, false, false, dotcomGHEC},
		{ghapp.EventRepositoryVulnerabilityAlert, nil, false, false, all},
		{ghapp.EventCacheSync, nil, true, false, ghesOnly},
		{ghapp.EventEnterprise, nil, false, false, ghesOnly},
		{ghapp.EventUser, nil, false, false, ghesOnly},
		{ghapp.EventBypassRequestSecretScanning, []ghapp.Permission{ghapp.PermissionSecretScanningAlerts}, true, false, all[1:]},
		{ghapp.EventOrganizationCustomPropertyValues, nil, true, false, []ghapp.Plan{ghapp.PlanGHEC, ghapp.PlanGHES321, ghapp.PlanGHES322}},
	}
	for _, tt := range tests {
		t.Run(string(tt.e), func(t *testing.T) {
			type facts struct {
				Known, Subscribable, AlwaysDelivered bool
				Needs                                []ghapp.Permission
				Plans                                []ghapp.Plan
			}
			want := facts{true, tt.subscribable, tt.always, tt.needs, tt.plans}
			got := facts{tt.e.Known(), tt.e.Subscribable(), tt.e.AlwaysDelivered(), tt.e.RequiredPermissions(), tt.e.Plans()}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			checkAvailableOn(t, tt.plans, tt.e.AvailableOn)
		})
	}
}

func TestKnownEvents(t *testing.T) {
	es := ghapp.KnownEvents()
	if len(es) != 86 {
		t.Errorf("len(KnownEvents()) = %d, want 86", len(es))
	}
	for _, e := range es {
		if got, err := ghapp.ParseEvent(string(e)); err != nil || got != e {
			t.Errorf("ParseEvent(%q) = %q, %v", e, got, err)
		}
		for _, p := range e.RequiredPermissions() {
			if !p.Known() || p.Canonical() != p || !p.Allows(ghapp.LevelRead) && !p.Allows(ghapp.LevelWrite) {
				t.Errorf("%s needs %s, which is not a registration name", e, p)
			}
		}
		if !e.Subscribable() && e.RequiredPermissions() != nil {
			t.Errorf("%s cannot be subscribed to yet needs %v", e, e.RequiredPermissions())
		}
	}
	es[0] = "changed"
	if ghapp.KnownEvents()[0] == "changed" {
		t.Error("KnownEvents returns a shared slice")
	}
	needs := ghapp.EventMilestone.RequiredPermissions()
	needs[0] = "changed"
	if ghapp.EventMilestone.RequiredPermissions()[0] == "changed" {
		t.Error("RequiredPermissions returns a shared slice")
	}
	unknown := ghapp.Event("nope")
	if unknown.Known() || unknown.Subscribable() || unknown.AlwaysDelivered() || unknown.RequiredPermissions() != nil || unknown.Plans() != nil || unknown.AvailableOn(ghapp.PlanGitHubCom) {
		t.Error("an unknown event has facts")
	}
}

func TestParseEventErrors(t *testing.T) {
	tests := []struct{ in, suggestion string }{
		{"pull-request", "pull_request"},
		{"Pull_Request", "pull_request"},
		{"pull_requests", "pull_request"},
		{"check-run", "check_run"},
		{"checkrun", "check_run"},
		{"installations", "installation"},
		{"nope", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			e, err := ghapp.ParseEvent(tt.in)
			var fe *ghapp.FieldError
			var ne *ghapp.NameError
			if e != "" || !errors.Is(err, ghapp.ErrUnknownEvent) || !errors.As(err, &fe) || fe.Field != "" || !errors.As(err, &ne) {
				t.Fatalf("ParseEvent(%q) = %q, %v; want a *FieldError{Field: event} wrapping ErrUnknownEvent", tt.in, e, err)
			}
			if ne.Suggestion != tt.suggestion {
				t.Errorf("suggestion = %q, want %q", ne.Suggestion, tt.suggestion)
			}
		})
	}
}

func TestEventUnmarshalText(t *testing.T) {
	var e ghapp.Event
	if err := e.UnmarshalText([]byte("check_run")); err != nil || e != ghapp.EventCheckRun {
		t.Errorf("UnmarshalText(check_run) = %q, %v", e, err)
	}
	if err := e.UnmarshalText([]byte("check-run")); !errors.Is(err, ghapp.ErrUnknownEvent) || e != ghapp.EventCheckRun {
		t.Errorf("UnmarshalText(check-run) = %q, %v; want the old value and ErrUnknownEvent", e, err)
	}
}

func FuzzParseEvent(f *testing.F) {
	for _, e := range ghapp.KnownEvents() {
		f.Add(string(e))
	}
	f.Add("pull-request")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ghapp.ParseEvent(s)
		if err != nil {
			var ne *ghapp.NameError
			if !errors.Is(err, ghapp.ErrUnknownEvent) || !errors.As(err, &ne) {
				t.Fatalf("ParseEvent(%q) error %v: want a NameError wrapping ErrUnknownEvent", s, err)
			}
			if ne.Suggestion != "" && !ghapp.Event(ne.Suggestion).Known() {
				t.Fatalf("suggestion %q is not an event", ne.Suggestion)
			}
			return
		}
		if string(e) != s || !e.Known() {
			t.Fatalf("ParseEvent(%q) = %q", s, e)
		}
	})
}
