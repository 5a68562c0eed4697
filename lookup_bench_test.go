package ghapp_test

import (
	"testing"

	"github.com/ghapp-dev/ghapp"
)

// TestLookupsDoNotAllocate holds the catalogue's promise: looking a known
// name up costs no allocation.
func TestLookupsDoNotAllocate(t *testing.T) {
	granted := []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeUser, ghapp.ScopeAdminOrg}
	required := []ghapp.Scope{ghapp.ScopeRepoStatus, ghapp.ScopeUserEmail, ghapp.ScopeReadOrg, ghapp.ScopePublicRepo}
	tests := []struct {
		name string
		f    func()
	}{
		{"ParseLevel", func() { _, _ = ghapp.ParseLevel("write") }},
		{"ParsePermission", func() { _, _ = ghapp.ParsePermission("pull_requests") }},
		{"ParsePermission alias", func() { _, _ = ghapp.ParsePermission("email_addresses") }},
		{"ParseEvent", func() { _, _ = ghapp.ParseEvent("workflow_run") }},
		{"ParseScope", func() { _, _ = ghapp.ParseScope("read:org") }},
		{"ParsePlan", func() { _, _ = ghapp.ParsePlan("ghes-3.19") }},
		{"Permission.Allows", func() { _ = ghapp.PermissionWorkflows.Allows(ghapp.LevelWrite) }},
		{"Permission.AvailableOn", func() { _ = ghapp.PermissionBlocking.AvailableOn(ghapp.PlanGHES319) }},
		{"Event.Subscribable", func() { _ = ghapp.EventSponsorship.Subscribable() }},
		{"Scope.Includes", func() { _ = ghapp.ScopeAdminOrg.Includes(ghapp.ScopeReadOrg) }},
		{"MissingScopes all granted", func() { _ = ghapp.MissingScopes(granted, required) }},
		{"Level.String", func() { _ = ghapp.LevelAdmin.String() }},
	}
	for _, tt := range tests {
		if n := testing.AllocsPerRun(100, tt.f); n != 0 {
			t.Errorf("%s: %v allocations per call, want 0", tt.name, n)
		}
	}
}

// mapBaseline is the obvious alternative to the generated switch: a map
// from name to row, built once. The benchmarks below report both in the
// same run so the ratio is visible.
var mapBaseline = func() map[string]int {
	m := map[string]int{}
	for i, p := range ghapp.KnownPermissions() {
		m[string(p)] = i
	}
	return m
}()

// Typed sinks keep results alive without boxing them into an interface,
// which would allocate and hide the lookup's own cost.
var (
	sinkPermission ghapp.Permission
	sinkEvent      ghapp.Event
	sinkLevel      ghapp.Level
	sinkInt        int
	sinkBool       bool
	sinkScopes     []ghapp.Scope
	sinkErr        error
)

// names is a spread of permission names: first, middle, last, an alias and
// an unknown name.
var names = []string{"actions", "pull_requests", "watching", "email_addresses", "organization_copilot_spaces"}

func BenchmarkParsePermission(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkPermission, sinkErr = ghapp.ParsePermission(names[i%len(names)])
	}
}

func BenchmarkBaselineMapLookup(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkInt = mapBaseline[names[i%len(names)]]
	}
}

func BenchmarkParseLevel(b *testing.B) {
	b.ReportAllocs()
	levels := []string{"read", "write", "admin", "none"}
	for i := 0; i < b.N; i++ {
		sinkLevel, sinkErr = ghapp.ParseLevel(levels[i%len(levels)])
	}
}

func BenchmarkParseEvent(b *testing.B) {
	b.ReportAllocs()
	events := []string{"check_run", "pull_request_review", "workflow_run", "installation"}
	for i := 0; i < b.N; i++ {
		sinkEvent, sinkErr = ghapp.ParseEvent(events[i%len(events)])
	}
}

func BenchmarkPermissionAllows(b *testing.B) {
	b.ReportAllocs()
	ps := []ghapp.Permission{ghapp.PermissionChecks, ghapp.PermissionWorkflows, ghapp.PermissionOrganizationProjects, ghapp.PermissionWatching}
	for i := 0; i < b.N; i++ {
		sinkBool = ps[i%len(ps)].Allows(ghapp.LevelWrite)
	}
}

func BenchmarkMissingScopesAllGranted(b *testing.B) {
	b.ReportAllocs()
	granted, _ := ghapp.ParseScopes("repo, user, admin:org, gist, workflow")
	required, _ := ghapp.ParseScopes("repo:status, user:email, read:org, public_repo, gist")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkScopes = ghapp.MissingScopes(granted, required)
	}
}

func BenchmarkParsePermissionUnknown(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkPermission, sinkErr = ghapp.ParsePermission("pull-requests")
	}
}
