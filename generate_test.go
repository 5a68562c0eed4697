package ghapp

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp/internal/catalog"
)

// TestGeneratedFilesAreCurrent re-runs the generator in memory and fails
// with a diff when a committed catalog_*.go file differs from what the
// catalogue gives. Run "go generate ./..." to mend it.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatalf("catalog.txt: %v", err)
	}
	files, err := c.Generate()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("%s: %v (run go generate ./...)", name, err)
			continue
		}
		if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
			t.Errorf("%s is stale; run go generate ./... (-want +got):\n%s", name, diff)
		}
	}
}

// TestTablesMatchCatalogue checks the generated tables against the parsed
// catalogue through the package's own methods, so a change to the
// generator that loses a fact fails here even when the files are current.
func TestTablesMatchCatalogue(t *testing.T) {
	c, err := catalog.Load()
	if err != nil {
		t.Fatal(err)
	}
	planOf := func(names []string) []Plan {
		var out []Plan
		for _, n := range names {
			p, err := ParsePlan(n)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p)
		}
		return out
	}
	for _, cp := range c.Permissions {
		p := Permission(cp.Name)
		if cp.Retired != "" {
			if _, err := ParsePermission(cp.Name); err == nil {
				t.Errorf("retired permission %q parses", cp.Name)
			}
			continue
		}
		var levels []Level
		for _, l := range cp.Levels {
			lv, err := ParseLevel(l)
			if err != nil {
				t.Fatal(err)
			}
			levels = append(levels, lv)
		}
		type facts struct {
			Known    bool
			Levels   []Level
			Resource string
			Title    string
			Plans    []Plan
		}
		want := facts{true, levels, cp.Resource, cp.Title, planOf(cp.Plans)}
		got := facts{p.Known(), p.Levels(), p.Resource().String(), p.Title(), p.Plans()}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("permission %s mismatch (-want +got):\n%s", cp.Name, diff)
		}
		want2 := "Read " + strings.ToLower(cp.Doc[:1]) + cp.Doc[1:]
		if d := DescribePermissions(Permissions{p: LevelRead}); len(d) != 1 || d[0].Text != want2 {
			t.Errorf("DescribePermissions(%s: read) = %v, want text %q", cp.Name, d, want2)
		}
		for _, a := range cp.Aliases {
			if got, err := ParsePermission(a); err != nil || got != p {
				t.Errorf("ParsePermission(%q) = %q, %v; want %q", a, got, err, p)
			}
		}
	}
	for _, ce := range c.Events {
		e := Event(ce.Name)
		var needs []Permission
		for _, n := range ce.Needs {
			needs = append(needs, Permission(n))
		}
		type facts struct {
			Needs                         []Permission
			Subscribable, AlwaysDelivered bool
			Plans                         []Plan
		}
		want := facts{needs, ce.Delivery == "subscribe", ce.Delivery == "always", planOf(ce.Plans)}
		got := facts{e.RequiredPermissions(), e.Subscribable(), e.AlwaysDelivered(), e.Plans()}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("event %s mismatch (-want +got):\n%s", ce.Name, diff)
		}
	}
	for _, cs := range c.Scopes {
		s := Scope(cs.Name)
		if cs.Retired != "" {
			if _, err := ParseScope(cs.Name); err == nil {
				t.Errorf("retired scope %q parses", cs.Name)
			}
			continue
		}
		for _, other := range c.Scopes {
			if other.Retired != "" {
				continue
			}
			want := false
			for _, n := range c.Closure(cs.Name) {
				want = want || n == other.Name
			}
			if got := s.Includes(Scope(other.Name)); got != want {
				t.Errorf("%s.Includes(%s) = %v, want %v", cs.Name, other.Name, got, want)
			}
		}
		if diff := cmp.Diff(planOf(cs.Plans), s.Plans()); diff != "" {
			t.Errorf("scope %s plans mismatch (-want +got):\n%s", cs.Name, diff)
		}
		access, err := ParseLevel(cs.Access)
		if err != nil {
			t.Fatalf("scope %s: access: %v", cs.Name, err)
		}
		if d := DescribeScopes([]Scope{s}); len(d) != 1 || d[0] != (Description{Name: cs.Name, Level: access, Text: cs.Doc}) {
			t.Errorf("DescribeScopes(%s) = %v, want level %v and the catalogue's doc", cs.Name, d, access)
		}
		if s.Reported() == cs.Unreported {
			t.Errorf("%s.Reported() = %v", cs.Name, s.Reported())
		}
	}
}
