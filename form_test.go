package ghapp_test

import (
	"bytes"
	"errors"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// hostileManifest has a name and description built to break out of an
// HTML attribute, a script or a URL.
func hostileManifest() ghapp.Manifest {
	m := documentedManifestConfig().Manifest()
	m.Name = `O"></form><script>x()</script>`
	m.Description = "</script><script>alert('x')</script> & \"quotes\" 'single' <!-- --> ]]> \u2028 日本語 😀"
	m.RedirectURL = "https://example.com/redirect?x=1&y=2"
	return m
}

var (
	formAction   = regexp.MustCompile(`<form id="ghapp-manifest-form" action="([^"]*)" method="post">`)
	formManifest = regexp.MustCompile(`<input type="hidden" name="manifest" value="([^"]*)">`)
)

func TestWriteForm(t *testing.T) {
	tests := []struct {
		name   string
		m      ghapp.Manifest
		t      ghapp.Target
		state  string
		action string
	}{
		{"documented", documentedManifestConfig().Manifest(), ghapp.Target{}, "abc123", "https://github.com/settings/apps/new?state=abc123"},
		{"organization", documentedManifestConfig().Manifest(), ghapp.Target{Organization: "octo-org"}, "abc123", "https://github.com/organizations/octo-org/settings/apps/new?state=abc123"},
		{"ghes", documentedManifestConfig().Manifest(), ghapp.Target{BaseURL: "https://github.example.com"}, "s", "https://github.example.com/settings/apps/new?state=s"},
		{"hostile", hostileManifest(), ghapp.Target{}, `a&b"c<d>e f#g`, "https://github.com/settings/apps/new?state=a%26b%22c%3Cd%3Ee+f%23g"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.m.WriteForm(&b, tt.t, tt.state); err != nil {
				t.Fatal(err)
			}
			page := b.String()
			golden := filepath.Join("testdata", "form", tt.name+".html")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestWriteForm -update)", err)
			}
			if diff := cmp.Diff(string(want), page); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
			}
			// One form, one hidden field, one fixed script: no value changed
			// the page's structure.
			for tag, n := range map[string]int{"<form": 1, "<input": 1, "<script": 1, "</script>": 1, "<button": 1} {
				if got := strings.Count(page, tag); got != n {
					t.Errorf("%d %q in the page, want %d", got, tag, n)
				}
			}
			a := formAction.FindStringSubmatch(page)
			v := formManifest.FindStringSubmatch(page)
			if a == nil || v == nil {
				t.Fatalf("no form action or manifest field in\n%s", page)
			}
			if got := html.UnescapeString(a[1]); got != tt.action {
				t.Errorf("action = %q, want %q", got, tt.action)
			}
			if got := html.UnescapeString(v[1]); got != tt.m.String() {
				t.Errorf("manifest field = %q, want %q", got, tt.m.String())
			}
		})
	}
}

func TestWriteFormErrors(t *testing.T) {
	tests := []struct {
		name  string
		m     ghapp.Manifest
		t     ghapp.Target
		state string
		want  []string
	}{
		{"empty state", documentedManifestConfig().Manifest(), ghapp.Target{}, "", []string{"state: ErrRequired"}},
		{"bad target", documentedManifestConfig().Manifest(), ghapp.Target{BaseURL: "http://github.example.com"}, "s", []string{"base_url: ErrInvalidTarget"}},
		{"invalid manifest", ghapp.Manifest{Name: "x"}, ghapp.Target{}, "s", []string{"url: ErrRequired"}},
		{"plan", ghapp.Manifest{URL: "https://h.example", DefaultPermissions: ghapp.Permissions{ghapp.PermissionEnterpriseAdministration: ghapp.LevelRead}}, ghapp.Target{}, "s",
			[]string{"default_permissions.enterprise_administration: ErrNotOnPlan"}},
		{"all at once", ghapp.Manifest{}, ghapp.Target{Organization: "-"}, "", []string{"state: ErrRequired", "organization: ErrInvalidTarget", "url: ErrRequired"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			err := tt.m.WriteForm(&b, tt.t, tt.state)
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %d bytes despite the error", b.Len())
			}
		})
	}
	var fw failingWriter
	if err := documentedManifestConfig().Manifest().WriteForm(&fw, ghapp.Target{}, "s"); !errors.Is(err, errWrite) {
		t.Errorf("WriteForm to a failing writer: %v", err)
	}
}

var errWrite = errors.New("write failed")

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestState(t *testing.T) {
	seen := map[string]bool{}
	valid := regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)
	for i := 0; i < 100; i++ {
		s, err := ghapp.NewState()
		if err != nil {
			t.Fatal(err)
		}
		if !valid.MatchString(s) {
			t.Fatalf("NewState() = %q, want 43 base64url characters (256 bits)", s)
		}
		if seen[s] {
			t.Fatalf("NewState() repeated %q", s)
		}
		seen[s] = true
	}
	tests := []struct {
		got, want string
		ok        bool
	}{
		{"abc123", "abc123", true},
		{"abc124", "abc123", false},
		{"abc12", "abc123", false},
		{"", "abc123", false},
		{"", "", false},
		{"x", "", false},
	}
	for _, tt := range tests {
		err := ghapp.CheckState(tt.got, tt.want)
		if (err == nil) != tt.ok {
			t.Errorf("CheckState(%q, %q) = %v", tt.got, tt.want, err)
		}
		if err != nil && !errors.Is(err, ghapp.ErrStateMismatch) {
			t.Errorf("CheckState(%q, %q) = %v, want ErrStateMismatch", tt.got, tt.want, err)
		}
		if err != nil && tt.got != "" && strings.Contains(err.Error(), tt.got) {
			t.Errorf("CheckState's error %q shows the state", err)
		}
	}
}
