package ghapp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestParseSetupRedirect(t *testing.T) {
	tests := []struct {
		name, query string
		want        ghapp.SetupRedirect
		installed   bool
		requested   bool
	}{
		{"install", "installation_id=42&setup_action=install",
			ghapp.SetupRedirect{InstallationID: 42, SetupAction: ghapp.SetupActionInstall}, true, false},
		{"install with state", "?installation_id=42&setup_action=install&state=AB12t",
			ghapp.SetupRedirect{InstallationID: 42, SetupAction: ghapp.SetupActionInstall, State: "AB12t"}, true, false},
		{"update", "installation_id=42&setup_action=update",
			ghapp.SetupRedirect{InstallationID: 42, SetupAction: ghapp.SetupActionUpdate}, true, false},
		{"request: no installation yet", "setup_action=request&state=s",
			ghapp.SetupRedirect{SetupAction: ghapp.SetupActionRequest, State: "s"}, false, true},
		{"request with an ID is still a request", "setup_action=request&installation_id=7",
			ghapp.SetupRedirect{InstallationID: 7, SetupAction: ghapp.SetupActionRequest}, false, true},
		{"documented: installation_id alone", "installation_id=42",
			ghapp.SetupRedirect{InstallationID: 42}, true, false},
		{"callback with request_oauth_on_install", "code=8a0c0f8b4e7a3c4d9e1f&installation_id=42&setup_action=install&state=s",
			ghapp.SetupRedirect{InstallationID: 42, SetupAction: ghapp.SetupActionInstall, State: "s", Code: ghapp.NewSecret("8a0c0f8b4e7a3c4d9e1f")}, true, false},
		{"plain OAuth callback", "code=8a0c0f8b4e7a3c4d9e1f&state=s",
			ghapp.SetupRedirect{State: "s", Code: ghapp.NewSecret("8a0c0f8b4e7a3c4d9e1f")}, false, false},
		{"the setup URL's own parameters kept", "from=readme&installation_id=42&setup_action=install&from=docs",
			ghapp.SetupRedirect{InstallationID: 42, SetupAction: ghapp.SetupActionInstall, Other: url.Values{"from": {"readme", "docs"}}}, true, false},
		{"an action GitHub may add later", "installation_id=42&setup_action=transfer",
			ghapp.SetupRedirect{InstallationID: 42, SetupAction: "transfer"}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ghapp.ParseSetupRedirect(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseSetupRedirect mismatch (-want +got):\n%s", diff)
			}
			if got.Installed() != tt.installed || got.Requested() != tt.requested {
				t.Errorf("Installed() = %v, Requested() = %v; want %v, %v", got.Installed(), got.Requested(), tt.installed, tt.requested)
			}
		})
	}
}

func TestParseSetupRedirectErrors(t *testing.T) {
	const code = "8a0c0f8b4e7a3c4d9e1f"
	tests := []struct {
		name, query string
		want        []string
	}{
		{"empty", "", []string{": ErrRequired"}},
		{"only the setup URL's own", "from=readme", []string{": ErrRequired"}},
		{"install without an ID", "setup_action=install", []string{"installation_id: ErrRequired"}},
		{"ID not a number", "installation_id=abc&setup_action=install", []string{"installation_id: ErrInvalidFormat"}},
		{"ID zero", "installation_id=0", []string{"installation_id: ErrInvalidFormat"}},
		{"ID twice", "installation_id=1&installation_id=2", []string{"installation_id: ErrDuplicate"}},
		{"action with markup", "installation_id=1&setup_action=%3Cscript%3E", []string{"setup_action: ErrInvalidFormat"}},
		{"state with control", "installation_id=1&state=%1B%5B31m", []string{"state: ErrInvalidText"}},
		{"code with a space", "code=" + code + "%20x&state=s", []string{"code: ErrInvalidFormat"}},
		{"bad escape", "installation_id=1&state=%g0", []string{"state: ErrMalformed"}},
		{"only a bad escape", "state=%g0", []string{"state: ErrMalformed"}},
		{"cancelled", "error=access_denied&error_description=The+user+has+denied+your+application+access.&state=s", []string{"error: ErrDenied"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ghapp.ParseSetupRedirect(tt.query)
			if diff := cmp.Diff(tt.want, liveProblems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
			if err != nil && strings.Contains(err.Error(), code) {
				t.Errorf("the error shows the code: %v", err)
			}
		})
	}
	_, err := ghapp.ParseSetupRedirect("error=access_denied&error_description=The+user+has+denied+your+application+access.&state=s")
	if want := `ghapp: error: GitHub sent "access_denied": The user has denied your application access.`; err == nil || err.Error() != want {
		t.Errorf("error text = %v, want %s", err, want)
	}
}

func TestSetupRedirectHidesCode(t *testing.T) {
	const code = "8a0c0f8b4e7a3c4d9e1f"
	r, err := ghapp.ParseSetupRedirect("code=" + code + "&installation_id=42&setup_action=install&state=s")
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("redirect", "r", r)
	asJSON, _ := json.Marshal(r)
	for _, out := range []string{
		fmt.Sprint(r), fmt.Sprintf("%v %+v %#v", r, r, r), fmt.Sprintf("%v", []any{r}), logged.String(), string(asJSON),
	} {
		if strings.Contains(out, code) {
			t.Errorf("output shows the code: %s", out)
		}
		if !strings.Contains(out, "redacted") {
			t.Errorf("output does not say the code is hidden: %s", out)
		}
	}
}

// FuzzParseSetupRedirect: a query made as GitHub makes one, from any
// values ParseSetupRedirect accepts, reads back as those values; and no
// query makes it panic or show a code in an error.
func FuzzParseSetupRedirect(f *testing.F) {
	f.Add(int64(42), "install", "AB12t", "", "from", "readme", "installation_id=1&setup_action=request")
	f.Add(int64(0), "request", "", "8a0c0f8b4e7a3c4d9e1f", "", "", "error=access_denied&state=s")
	f.Add(int64(-3), "", "a b", "c d", "installation_id", "9", "code=%zz")
	f.Fuzz(func(t *testing.T, id int64, action, state, code, otherKey, otherVal, raw string) {
		v := url.Values{}
		want := ghapp.SetupRedirect{InstallationID: id, SetupAction: ghapp.SetupAction(action), State: state, Code: ghapp.NewSecret(code)}
		if id != 0 {
			v.Set("installation_id", strconv.FormatInt(id, 10))
		}
		for k, s := range map[string]string{"setup_action": action, "state": state, "code": code} {
			if s != "" {
				v.Set(k, s)
			}
		}
		switch otherKey {
		case "", "installation_id", "setup_action", "state", "code", "error", "error_description", "error_uri":
		default:
			v.Set(otherKey, otherVal)
			want.Other = url.Values{otherKey: {otherVal}}
		}
		got, err := ghapp.ParseSetupRedirect(v.Encode())
		if err == nil && cmp.Diff(want, got) != "" {
			t.Fatalf("ParseSetupRedirect(%q) mismatch (-want +got):\n%s", v.Encode(), cmp.Diff(want, got))
		}
		if err != nil {
			// A short code can be in a message by chance ("0000" in
			// "U+0000"); GitHub's have 20 characters.
			if len(code) >= 12 && strings.Contains(err.Error(), code) {
				t.Fatalf("error shows the code %q: %v", code, err)
			}
			if rest := notFieldErrors(err); rest != nil {
				t.Fatalf("errors that are not *FieldError: %v", rest)
			}
		}
		if id > 0 && plain(action) && !strings.ContainsAny(state, "\x00\x01\x1b\x7f") && err != nil && code == "" && state == "" && otherKey == "" {
			t.Fatalf("ParseSetupRedirect(%q): %v", v.Encode(), err)
		}

		r, err := ghapp.ParseSetupRedirect(raw)
		if err != nil && !r.Code.IsZero() && strings.Contains(err.Error(), r.Code.Reveal()) {
			t.Fatalf("error shows the code: %v", err)
		}
	})
}

// plain reports whether s is a setup action ParseSetupRedirect takes.
func plain(s string) bool {
	if s == "" || len(s) > 64 {
		return s == ""
	}
	for _, c := range s {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func ExampleParseSetupRedirect() {
	// A stand-in for GitHub's API (on GitHub Enterprise Server's layout,
	// /api/v3), which knows installation 42 of the app, on octo-org, and
	// a user who can reach it.
	const installation = `{"id": 42, "app_id": 1, "account": {"login": "octo-org", "id": 9, "type": "Organization"},
		"target_type": "Organization", "permissions": {"checks": "write", "metadata": "read"}, "events": ["check_run"],
		"repository_selection": "all", "suspended_at": null}`
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		switch {
		case r.URL.Path == "/api/v3/app/installations/42" && strings.HasPrefix(auth, "Bearer ey"): // the app's JWT
			fmt.Fprint(w, installation)
		case r.URL.Path == "/api/v3/user/installations" && auth == "Bearer ghu_example":
			fmt.Fprint(w, `{"total_count": 1, "installations": [`+installation+`]}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"message": "Not Found"}`)
		}
	}))
	defer api.Close()
	target := ghapp.Target{BaseURL: api.URL}

	// The app's setup URL handler reads what GitHub appended: here, after
	// a person installed the app from an InstallRequest with state AB12t.
	redirect, err := ghapp.ParseSetupRedirect("installation_id=42&setup_action=install&state=AB12t")
	if err != nil {
		fmt.Println(err)
		return
	}
	if redirect.Requested() {
		fmt.Println("an owner was asked to install the app: no installation yet")
		return
	}
	fmt.Println("installed:", redirect.Installed(), redirect.InstallationID)

	// 1. The state is the one the app put in the link.
	if err := ghapp.CheckState(redirect.State, "AB12t"); err != nil {
		fmt.Println(err)
		return
	}
	// 2. The installation exists: read it as the app, with its JWT. (A real
	// program reads its key with ghapp.ParsePrivateKey.)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		fmt.Println(err)
		return
	}
	app := &ghapp.AppTransport{Key: key, AppID: 1, ClientID: "Iv1.ab1112223334445c", Target: target}
	inst, err := ghapp.GetInstallation(context.Background(), app.Client(), target, redirect.InstallationID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("the app is installed on %s (%s)\n", inst.Account.Login, inst.AccountType())

	// 3. It belongs to the person who came back: with their user access
	// token (from the OAuth web flow), it is among their installations.
	user := &http.Client{Transport: bearer{"ghu_example"}}
	if _, err := ghapp.FindUserInstallation(context.Background(), user, target, redirect.InstallationID); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("confirmed: the user can reach installation", redirect.InstallationID)

	// A spoofed installation_id fails the checks.
	spoofed, _ := ghapp.ParseSetupRedirect("installation_id=7&setup_action=install&state=AB12t")
	_, err = ghapp.GetInstallation(context.Background(), app.Client(), target, spoofed.InstallationID)
	fmt.Println(errors.Is(err, ghapp.ErrNotFound))
	_, err = ghapp.FindUserInstallation(context.Background(), user, target, spoofed.InstallationID)
	fmt.Println(err)
	// Output:
	// installed: true 42
	// the app is installed on octo-org (Organization)
	// confirmed: the user can reach installation 42
	// true
	// ghapp: installation_id: installation 7 is not one the user can reach
}
