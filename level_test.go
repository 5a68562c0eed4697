package ghapp_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ghapp-dev/ghapp"
)

func TestParseLevel(t *testing.T) {
	tests := []struct {
		in         string
		want       ghapp.Level
		suggestion string // "" for success
		wantErr    bool
	}{
		{in: "", want: ghapp.LevelNone},
		{in: "none", want: ghapp.LevelNone},
		{in: "read", want: ghapp.LevelRead},
		{in: "write", want: ghapp.LevelWrite},
		{in: "admin", want: ghapp.LevelAdmin},
		{in: "read-all", wantErr: true},
		{in: "Write ", wantErr: true, suggestion: "write"},
		{in: "READ", wantErr: true, suggestion: "read"},
		{in: "owner", wantErr: true},
		{in: "wirte", wantErr: true, suggestion: "write"},
		{in: "no access", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ghapp.ParseLevel(tt.in)
			if !tt.wantErr {
				if err != nil || got != tt.want {
					t.Fatalf("ParseLevel(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
				}
				return
			}
			if !errors.Is(err, ghapp.ErrUnknownLevel) {
				t.Fatalf("ParseLevel(%q) error = %v, want ErrUnknownLevel", tt.in, err)
			}
			var fe *ghapp.FieldError
			var ne *ghapp.NameError
			if !errors.As(err, &fe) || fe.Field != "" || !errors.As(err, &ne) {
				t.Fatalf("ParseLevel(%q) error = %#v, want *FieldError{Field: level} around *NameError", tt.in, err)
			}
			if diff := cmp.Diff(ghapp.NameError{Name: tt.in, Suggestion: tt.suggestion, Err: ghapp.ErrUnknownLevel}, *ne, cmpopts.EquateErrors()); diff != "" {
				t.Errorf("NameError mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLevelString(t *testing.T) {
	tests := []struct {
		l    ghapp.Level
		want string
	}{
		{ghapp.LevelNone, "none"},
		{ghapp.LevelRead, "read"},
		{ghapp.LevelWrite, "write"},
		{ghapp.LevelAdmin, "admin"},
		{ghapp.Level(7), "Level(7)"},
		{ghapp.Level(255), "Level(255)"},
	}
	for _, tt := range tests {
		if got := tt.l.String(); got != tt.want {
			t.Errorf("Level(%d).String() = %q, want %q", uint8(tt.l), got, tt.want)
		}
	}
	if !(ghapp.LevelNone < ghapp.LevelRead && ghapp.LevelRead < ghapp.LevelWrite && ghapp.LevelWrite < ghapp.LevelAdmin) {
		t.Error("levels are not ordered none < read < write < admin")
	}
	var zero ghapp.Level
	if zero != ghapp.LevelNone {
		t.Error("zero Level is not LevelNone")
	}
}

func TestLevelJSON(t *testing.T) {
	in := map[string]ghapp.Level{"issues": ghapp.LevelWrite, "metadata": ghapp.LevelRead}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(data), `{"issues":"write","metadata":"read"}`; got != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
	var back map[string]ghapp.Level
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, back); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}

	if _, err := json.Marshal(map[string]ghapp.Level{"issues": 9}); !errors.Is(err, ghapp.ErrUnknownLevel) {
		t.Errorf("Marshal(Level(9)) error = %v, want ErrUnknownLevel", err)
	}
	var bad map[string]ghapp.Level
	if err := json.Unmarshal([]byte(`{"issues":"read-all"}`), &bad); !errors.Is(err, ghapp.ErrUnknownLevel) {
		t.Errorf("Unmarshal(read-all) error = %v, want ErrUnknownLevel", err)
	}
}

func FuzzParseLevel(f *testing.F) {
	for _, s := range []string{"", "none", "read", "write", "admin", "Write ", "read-all", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ghapp.ParseLevel(s)
		if err != nil {
			if !errors.Is(err, ghapp.ErrUnknownLevel) {
				t.Fatalf("ParseLevel(%q) error %v does not wrap ErrUnknownLevel", s, err)
			}
			return
		}
		// Whatever parses prints back to a name that parses to the same level.
		back, err := ghapp.ParseLevel(l.String())
		if err != nil || back != l {
			t.Fatalf("ParseLevel(%q) = %v; ParseLevel(%q) = %v, %v", s, l, l.String(), back, err)
		}
	})
}

func TestLevelStringParses(t *testing.T) {
	for l := ghapp.LevelNone; l <= ghapp.LevelAdmin; l++ {
		if got, err := ghapp.ParseLevel(l.String()); err != nil || got != l {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v", l.String(), got, err, l)
		}
	}
}

func TestParsePlan(t *testing.T) {
	tests := []struct {
		in   string
		want ghapp.Plan
		err  error
	}{
		{"github.com", ghapp.PlanGitHubCom, nil},
		{"ghec", ghapp.PlanGHEC, nil},
		{"ghes-3.17", ghapp.PlanGHES317, nil},
		{"ghes-3.19", ghapp.PlanGHES319, nil},
		{"ghes", ghapp.LatestGHES(), nil},
		{"ghes-3.16", 0, ghapp.ErrUnknownPlan},
		{"GitHub.com", 0, ghapp.ErrUnknownPlan},
		{"", 0, ghapp.ErrUnknownPlan},
	}
	for _, tt := range tests {
		got, err := ghapp.ParsePlan(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("ParsePlan(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
	var names []string
	for _, p := range ghapp.KnownPlans() {
		names = append(names, p.String())
		if back, err := ghapp.ParsePlan(p.String()); err != nil || back != p {
			t.Errorf("ParsePlan(%q) = %v, %v", p, back, err)
		}
	}
	if diff := cmp.Diff([]string{"github.com", "ghec", "ghes-3.17", "ghes-3.18", "ghes-3.19", "ghes-3.20", "ghes-3.21", "ghes-3.22"}, names); diff != "" {
		t.Errorf("KnownPlans mismatch (-want +got):\n%s", diff)
	}
	if ghapp.LatestGHES() != ghapp.PlanGHES322 || !ghapp.PlanGHES317.GHES() || ghapp.PlanGHEC.GHES() || ghapp.Plan(0).Known() {
		t.Error("LatestGHES, GHES or Known is wrong")
	}
	if got := ghapp.Plan(0).String(); got != "Plan(0)" {
		t.Errorf("Plan(0).String() = %q", got)
	}
	if got := ghapp.Plan(99).String(); got != "Plan(99)" {
		t.Errorf("Plan(99).String() = %q", got)
	}
}
