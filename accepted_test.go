package ghapp_test

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestParseAcceptedPermissions(t *testing.T) {
	const (
		read  = ghapp.LevelRead
		write = ghapp.LevelWrite
		admin = ghapp.LevelAdmin
	)
	tests := []struct {
		in   string
		want []ghapp.Permissions
	}{
		// The examples of GitHub's documentation and changelog.
		{"contents=read", []ghapp.Permissions{{ghapp.PermissionContents: read}}},
		{"pull_requests=write,contents=read", []ghapp.Permissions{{ghapp.PermissionPullRequests: write, ghapp.PermissionContents: read}}},
		{"pull_requests=read,contents=read; issues=read,contents=read", []ghapp.Permissions{
			{ghapp.PermissionPullRequests: read, ghapp.PermissionContents: read},
			{ghapp.PermissionIssues: read, ghapp.PermissionContents: read}}},
		{"repository_projects=write; organization_projects=admin", []ghapp.Permissions{
			{ghapp.PermissionRepositoryProjects: write}, {ghapp.PermissionOrganizationProjects: admin}}},
		// What GitHub sends for an endpoint any token may use.
		{"allows_permissionless_access=true", []ghapp.Permissions{{}}},
		{"allows_permissionless_access=false", nil},
		{"contents=read; allows_permissionless_access=true", []ghapp.Permissions{{ghapp.PermissionContents: read}, {}}},
		{"", nil},
		{" ; , ;", nil},
		{" issues = write ,\tcontents=read ", []ghapp.Permissions{{ghapp.PermissionIssues: write, ghapp.PermissionContents: read}}},
		{"email_addresses=read", []ghapp.Permissions{{ghapp.PermissionEmails: read}}},
		{"brand_new_permission=write", []ghapp.Permissions{{"brand_new_permission": write}}},
		{"issues=read,issues=write,issues=read", []ghapp.Permissions{{ghapp.PermissionIssues: write}}},
	}
	for _, tt := range tests {
		got, err := ghapp.ParseAcceptedPermissions(tt.in)
		if err != nil {
			t.Errorf("ParseAcceptedPermissions(%q): %v", tt.in, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseAcceptedPermissions(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseAcceptedPermissionsErrors(t *testing.T) {
	const field = "X-Accepted-GitHub-Permissions: "
	tests := []struct {
		in       string
		want     []ghapp.Permissions // what could be read
		problems []string
	}{
		{"contents", nil, []string{field + "ErrMalformed"}},
		{"=read", nil, []string{field + "ErrMalformed"}},
		{"con tents=read", nil, []string{field + "ErrMalformed"}},
		{"contents=maintain", nil, []string{field + "ErrUnknownLevel"}},
		{"contents=", nil, []string{field + "ErrUnknownLevel"}},
		{"contents=none", nil, []string{field + "ErrUnknownLevel"}},
		{"contents=Read", nil, []string{field + "ErrUnknownLevel"}},
		{"allows_permissionless_access=yes", nil, []string{field + "ErrMalformed"}},
		// A set with a problem is left out; the others are read.
		{"issues=read,contents=rea; pull_requests=write", []ghapp.Permissions{{ghapp.PermissionPullRequests: ghapp.LevelWrite}},
			[]string{field + "ErrUnknownLevel"}},
		{"a; b=read; c=x", []ghapp.Permissions{{"b": ghapp.LevelRead}}, []string{field + "ErrMalformed", field + "ErrUnknownLevel"}},
	}
	for _, tt := range tests {
		got, err := ghapp.ParseAcceptedPermissions(tt.in)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseAcceptedPermissions(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
		if diff := cmp.Diff(tt.problems, problems(err)); diff != "" {
			t.Errorf("ParseAcceptedPermissions(%q) problems mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
	_, err := ghapp.ParseAcceptedPermissions("contents=wirte")
	var ne *ghapp.NameError
	if !errors.As(err, &ne) || ne.Suggestion != "write" {
		t.Errorf("ParseAcceptedPermissions(contents=wirte) = %v, want a suggestion of write", err)
	}
}

func TestCheckResponsePermissionsHeader(t *testing.T) {
	have := ghapp.Permissions{ghapp.PermissionStatuses: ghapp.LevelWrite}
	tests := []struct {
		name string
		h    http.Header
		met  bool
	}{
		{"absent", http.Header{}, true},
		{"nil", nil, true},
		{"empty", header("X-Accepted-GitHub-Permissions", ""), true},
		{"canonical", header("X-Accepted-GitHub-Permissions", "checks=write"), false},
		{"hand-written", http.Header{"X-Accepted-GitHub-Permissions": {"statuses=read"}}, true},
		{"two lines, second met", http.Header{"X-Accepted-Github-Permissions": {"checks=read", "statuses=write"}}, true},
		{"two lines, none met", http.Header{"X-Accepted-Github-Permissions": {"checks=read", "statuses=admin"}}, false},
	}
	for _, tt := range tests {
		err := ghapp.CheckResponsePermissions(tt.h, have)
		if (err == nil) != tt.met {
			t.Errorf("%s: CheckResponsePermissions = %v, want met %v", tt.name, err, tt.met)
		}
	}
}

func TestCheckPermissions(t *testing.T) {
	const (
		read  = ghapp.LevelRead
		write = ghapp.LevelWrite
		admin = ghapp.LevelAdmin
	)
	tests := []struct {
		name     string
		have     ghapp.Permissions
		accepted string
		want     *ghapp.MissingPermissionsError // nil: met
	}{
		{"nothing asked", nil, "", nil},
		{"exact", ghapp.Permissions{ghapp.PermissionContents: read}, "contents=read", nil},
		{"higher level", ghapp.Permissions{ghapp.PermissionContents: write}, "contents=read", nil},
		{"admin meets write", ghapp.Permissions{ghapp.PermissionOrganizationProjects: admin}, "organization_projects=write", nil},
		{"second alternative", ghapp.Permissions{ghapp.PermissionIssues: read, ghapp.PermissionContents: read},
			"pull_requests=read,contents=read; issues=read,contents=read", nil},
		{"REST API name held", ghapp.Permissions{"email_addresses": read}, "emails=read", nil},
		{"REST API name asked", ghapp.Permissions{ghapp.PermissionEmails: write}, "email_addresses=read", nil},
		{"metadata is implied", ghapp.Permissions{ghapp.PermissionIssues: read}, "metadata=read", nil},
		{"unknown name held", ghapp.Permissions{"brand_new": write}, "brand_new=read", nil},
		{"permissionless", nil, "allows_permissionless_access=true", nil},
		{"too low", ghapp.Permissions{ghapp.PermissionContents: read}, "contents=write",
			&ghapp.MissingPermissionsError{Alternatives: []ghapp.Permissions{{ghapp.PermissionContents: write}}, Add: ghapp.Permissions{ghapp.PermissionContents: write}}},
		{"metadata alone is not implied", nil, "metadata=read",
			&ghapp.MissingPermissionsError{Alternatives: []ghapp.Permissions{{ghapp.PermissionMetadata: read}}, Add: ghapp.Permissions{ghapp.PermissionMetadata: read}}},
		{"metadata write is not implied", ghapp.Permissions{ghapp.PermissionIssues: read}, "metadata=write",
			&ghapp.MissingPermissionsError{Alternatives: []ghapp.Permissions{{ghapp.PermissionMetadata: write}}, Add: ghapp.Permissions{ghapp.PermissionMetadata: write}}},
		{"fewest changes", ghapp.Permissions{ghapp.PermissionContents: read},
			"pull_requests=write,issues=write,contents=read; checks=write,contents=write",
			&ghapp.MissingPermissionsError{
				Alternatives: []ghapp.Permissions{
					{ghapp.PermissionPullRequests: write, ghapp.PermissionIssues: write},
					{ghapp.PermissionChecks: write, ghapp.PermissionContents: write}},
				Add: ghapp.Permissions{ghapp.PermissionPullRequests: write, ghapp.PermissionIssues: write}}},
		{"first of equals", nil, "checks=read; statuses=read",
			&ghapp.MissingPermissionsError{
				Alternatives: []ghapp.Permissions{{ghapp.PermissionChecks: read}, {ghapp.PermissionStatuses: read}},
				Add:          ghapp.Permissions{ghapp.PermissionChecks: read}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			accepted, err := ghapp.ParseAcceptedPermissions(tt.accepted)
			if err != nil {
				t.Fatal(err)
			}
			err = ghapp.CheckPermissions(tt.have, accepted)
			rerr := ghapp.CheckResponsePermissions(header("X-Accepted-GitHub-Permissions", tt.accepted), tt.have)
			if diff := cmp.Diff(err, rerr, cmp.Comparer(func(a, b error) bool {
				var am, bm *ghapp.MissingPermissionsError
				return a == nil && b == nil || errors.As(a, &am) && errors.As(b, &bm) && cmp.Equal(am, bm)
			})); diff != "" {
				t.Errorf("CheckResponsePermissions differs from CheckPermissions (-parsed +header):\n%s", diff)
			}
			if tt.want == nil {
				if err != nil {
					t.Errorf("CheckPermissions = %v, want nil", err)
				}
				return
			}
			var me *ghapp.MissingPermissionsError
			if !errors.As(err, &me) || !errors.Is(err, ghapp.ErrMissingPermissions) {
				t.Fatalf("CheckPermissions = %v, want a *MissingPermissionsError", err)
			}
			if diff := cmp.Diff(tt.want, me); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			// Adding what Add says meets the check.
			after := ghapp.Permissions{}
			for p, l := range tt.have {
				after[p] = l
			}
			for p, l := range me.Add {
				after[p] = l
			}
			if err := ghapp.CheckPermissions(after, accepted); err != nil {
				t.Errorf("CheckPermissions(%v) after adding Add = %v", after, err)
			}
		})
	}
}

func TestCheckResponsePermissionsMalformed(t *testing.T) {
	h := header("X-Accepted-GitHub-Permissions", "checks=write; statuses")
	err := ghapp.CheckResponsePermissions(h, ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelRead})
	want := []string{"?: ghapp: missing permissions: add checks=write", "X-Accepted-GitHub-Permissions: ErrMalformed"}
	if diff := cmp.Diff(want, problems(err)); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
	if err := ghapp.CheckResponsePermissions(nil, nil); err != nil {
		t.Errorf("CheckResponsePermissions(nil) = %v", err)
	}
}

// formatAccepted writes alternatives back in the header's form, names
// sorted.
func formatAccepted(alts []ghapp.Permissions) string {
	var sets []string
	for _, alt := range alts {
		var pairs []string
		for p, l := range alt {
			pairs = append(pairs, string(p)+"="+l.String())
		}
		if len(pairs) == 0 {
			pairs = []string{"allows_permissionless_access=true"}
		}
		slices.Sort(pairs)
		sets = append(sets, strings.Join(pairs, ","))
	}
	return strings.Join(sets, "; ")
}

func FuzzAcceptedPermissions(f *testing.F) {
	for _, s := range []string{
		"contents=read", "pull_requests=write,contents=read", "pull_requests=read,contents=read; issues=read,contents=read",
		"repository_projects=write; organization_projects=admin", "allows_permissionless_access=true", "", ";;,=,",
		"email_addresses=read,emails=write", "x=y=z", "a=read;b", "\xff=read",
		strings.Repeat("contents=owner;", 25), // more problems of a kind than are kept
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		alts, parseErr := ghapp.ParseAcceptedPermissions(s)
		ps := problems(parseErr)
		for i, p := range ps {
			// Past 20 problems of a kind, the rest are counted in lines
			// of their own, which name no field.
			if i >= 20 && strings.HasPrefix(p, ": Err") {
				continue
			}
			if !strings.HasPrefix(p, "X-Accepted-GitHub-Permissions: Err") {
				t.Fatalf("ParseAcceptedPermissions(%q): problem %q", s, p)
			}
		}
		for _, alt := range alts {
			for p, l := range alt {
				if l < ghapp.LevelRead || l > ghapp.LevelAdmin || p == "" {
					t.Fatalf("ParseAcceptedPermissions(%q) gave %q=%v", s, p, l)
				}
			}
		}
		// Written back, the alternatives read the same. (Only the
		// permissionless alternative is written once, at the end.)
		back, err := ghapp.ParseAcceptedPermissions(formatAccepted(alts))
		if err != nil {
			t.Fatalf("ParseAcceptedPermissions(%q): %v", formatAccepted(alts), err)
		}
		if diff := cmp.Diff(alts, back); diff != "" {
			t.Fatalf("round trip of %q mismatch (-first +second):\n%s", s, diff)
		}
		// Each alternative meets the check, and the union of the others'
		// Add does.
		for _, alt := range alts {
			if err := ghapp.CheckPermissions(alt, alts); err != nil {
				t.Fatalf("CheckPermissions(%v, %v) = %v", alt, alts, err)
			}
		}
		if err := ghapp.CheckPermissions(nil, alts); err != nil {
			var me *ghapp.MissingPermissionsError
			if !errors.As(err, &me) || len(me.Alternatives) != len(alts) {
				t.Fatalf("CheckPermissions(nil, %v) = %v", alts, err)
			}
			if err := ghapp.CheckPermissions(me.Add, alts); err != nil {
				t.Fatalf("CheckPermissions(Add) = %v", err)
			}
		}
		// The header path and the parsed path agree.
		for _, have := range append([]ghapp.Permissions{nil}, alts...) {
			herr := ghapp.CheckResponsePermissions(http.Header{"X-Accepted-Github-Permissions": {s}}, have)
			perr := ghapp.CheckPermissions(have, alts)
			if (herr == nil) != (perr == nil && parseErr == nil) {
				t.Fatalf("%q with %v: CheckResponsePermissions = %v, CheckPermissions = %v, parse error %v", s, have, herr, perr, parseErr)
			}
			var hm, pm *ghapp.MissingPermissionsError
			if errors.As(herr, &hm) != errors.As(perr, &pm) || hm != nil && !cmp.Equal(hm, pm) {
				t.Fatalf("%q with %v: CheckResponsePermissions = %v, CheckPermissions = %v", s, have, herr, perr)
			}
		}
	})
}

func ExampleParseAcceptedPermissions() {
	// The example of GitHub's page on troubleshooting the REST API.
	alts, err := ghapp.ParseAcceptedPermissions("pull_requests=read,contents=read; issues=read,contents=read")
	fmt.Println(alts, err)
	// Output:
	// [map[contents:read pull_requests:read] map[contents:read issues:read]] <nil>
}

func ExampleCheckPermissions() {
	// An installation token's permissions, and the header of a 403 answer.
	have := ghapp.Permissions{ghapp.PermissionContents: ghapp.LevelRead, ghapp.PermissionIssues: ghapp.LevelRead}
	accepted, _ := ghapp.ParseAcceptedPermissions("pull_requests=write,contents=write; issues=write")
	err := ghapp.CheckPermissions(have, accepted)
	fmt.Println(err)

	var missing *ghapp.MissingPermissionsError
	if errors.As(err, &missing) {
		fmt.Println("fewest changes:", missing.Add)
	}
	// Output:
	// ghapp: missing permissions: add contents=write and pull_requests=write; or add issues=write
	// fewest changes: map[issues:write]
}

func TestCheckInstallationPermissions(t *testing.T) {
	const (
		read  = ghapp.LevelRead
		write = ghapp.LevelWrite
	)
	accepted := func(s string) []ghapp.Permissions {
		alts, err := ghapp.ParseAcceptedPermissions(s)
		if err != nil {
			t.Fatal(err)
		}
		return alts
	}
	tests := []struct {
		name                       string
		registration, installation ghapp.Permissions
		header                     string
		want                       *ghapp.InstallationPermissionsError // nil: no error
		notAccepted                bool
	}{
		{name: "the installation has it", registration: ghapp.Permissions{ghapp.PermissionIssues: write},
			installation: ghapp.Permissions{ghapp.PermissionIssues: write}, header: "issues=write"},
		{name: "nothing asked", header: ""},
		{name: "metadata comes with any permission", registration: ghapp.Permissions{ghapp.PermissionIssues: read},
			installation: ghapp.Permissions{ghapp.PermissionIssues: read}, header: "metadata=read"},
		{name: "REST API names", registration: ghapp.Permissions{"email_addresses": read},
			installation: ghapp.Permissions{"email_addresses": read}, header: "emails=read"},
		{
			name:         "the installation lags",
			registration: ghapp.Permissions{ghapp.PermissionIssues: write, ghapp.PermissionContents: read},
			installation: ghapp.Permissions{ghapp.PermissionIssues: read, ghapp.PermissionContents: read},
			header:       "issues=write",
			want:         &ghapp.InstallationPermissionsError{Accept: ghapp.Permissions{ghapp.PermissionIssues: write}},
			notAccepted:  true,
		},
		{
			name:         "the registration lacks it",
			registration: ghapp.Permissions{ghapp.PermissionContents: read},
			installation: ghapp.Permissions{ghapp.PermissionContents: read},
			header:       "issues=write",
			want: &ghapp.InstallationPermissionsError{Register: ghapp.Permissions{ghapp.PermissionIssues: write},
				Accept: ghapp.Permissions{ghapp.PermissionIssues: write}},
		},
		{
			name:         "both: one to register, one to accept",
			registration: ghapp.Permissions{ghapp.PermissionContents: write},
			installation: ghapp.Permissions{ghapp.PermissionContents: read},
			header:       "pull_requests=write,contents=write",
			want: &ghapp.InstallationPermissionsError{Register: ghapp.Permissions{ghapp.PermissionPullRequests: write},
				Accept: ghapp.Permissions{ghapp.PermissionPullRequests: write, ghapp.PermissionContents: write}},
		},
		{
			// Accepting is less work than changing the registration.
			name:         "the alternative the registration meets wins",
			registration: ghapp.Permissions{ghapp.PermissionIssues: write},
			installation: ghapp.Permissions{ghapp.PermissionContents: read},
			header:       "pull_requests=write; issues=write",
			want:         &ghapp.InstallationPermissionsError{Accept: ghapp.Permissions{ghapp.PermissionIssues: write}},
			notAccepted:  true,
		},
		{
			name:         "the first of equal alternatives",
			registration: ghapp.Permissions{},
			installation: ghapp.Permissions{},
			header:       "pull_requests=write; issues=write",
			want: &ghapp.InstallationPermissionsError{Register: ghapp.Permissions{ghapp.PermissionPullRequests: write},
				Accept: ghapp.Permissions{ghapp.PermissionPullRequests: write}},
		},
		{
			name:         "fewer changes to the installation break a tie",
			registration: ghapp.Permissions{ghapp.PermissionContents: read, ghapp.PermissionIssues: read},
			installation: ghapp.Permissions{ghapp.PermissionContents: read},
			header:       "checks=write,issues=read; checks=write,contents=read",
			want: &ghapp.InstallationPermissionsError{Register: ghapp.Permissions{ghapp.PermissionChecks: write},
				Accept: ghapp.Permissions{ghapp.PermissionChecks: write}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ghapp.CheckInstallationPermissions(tt.registration, tt.installation, accepted(tt.header))
			if tt.want == nil {
				if err != nil {
					t.Errorf("CheckInstallationPermissions = %v, want nil", err)
				}
				return
			}
			var ie *ghapp.InstallationPermissionsError
			if !errors.As(err, &ie) || !errors.Is(err, ghapp.ErrMissingPermissions) {
				t.Fatalf("CheckInstallationPermissions = %v, want an *InstallationPermissionsError", err)
			}
			if diff := cmp.Diff(tt.want, ie); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if got := errors.Is(err, ghapp.ErrNotAccepted); got != tt.notAccepted {
				t.Errorf("errors.Is(ErrNotAccepted) = %v, want %v", got, tt.notAccepted)
			}
			// Once registered and accepted, the installation passes.
			after := ghapp.Permissions{}
			for p, l := range tt.installation {
				after[p] = l
			}
			for p, l := range ie.Accept {
				after[p] = max(after[p], l)
			}
			if err := ghapp.CheckInstallationPermissions(after, after, accepted(tt.header)); err != nil {
				t.Errorf("after accepting %v: %v", ie.Accept, err)
			}
		})
	}
}

func TestInstallationPermissionsErrorText(t *testing.T) {
	tests := []struct {
		e    *ghapp.InstallationPermissionsError
		want string
	}{
		{&ghapp.InstallationPermissionsError{Accept: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelWrite}},
			"ghapp: permissions not accepted: the app's registration asks for issues=write, but the installation has not accepted it: " +
				"an owner of the installation's account must approve the app's new permissions"},
		{&ghapp.InstallationPermissionsError{Register: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelWrite},
			Accept: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelWrite}},
			"ghapp: missing permissions: add issues=write to the app's registration, then have the installation accept it"},
		{&ghapp.InstallationPermissionsError{Register: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite, ghapp.PermissionIssues: ghapp.LevelRead},
			Accept: ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite, ghapp.PermissionIssues: ghapp.LevelRead, ghapp.PermissionContents: ghapp.LevelWrite}},
			"ghapp: missing permissions: add checks=write, issues=read to the app's registration, then have the installation accept them " +
				"and the permission the registration already asks for"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func ExampleCheckInstallationPermissions() {
	// A 403 answer's header, the app's registration (GET /app) and the
	// installation token's permissions: the app asks for issues=write,
	// but the organization has not accepted it yet.
	accepted, _ := ghapp.ParseAcceptedPermissions("issues=write")
	registration := ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelWrite, ghapp.PermissionMetadata: ghapp.LevelRead}
	installation := ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelRead, ghapp.PermissionMetadata: ghapp.LevelRead}
	err := ghapp.CheckInstallationPermissions(registration, installation, accepted)
	fmt.Println(errors.Is(err, ghapp.ErrNotAccepted))
	fmt.Println(err)
	// Output:
	// true
	// ghapp: permissions not accepted: the app's registration asks for issues=write, but the installation has not accepted it: an owner of the installation's account must approve the app's new permissions
}
