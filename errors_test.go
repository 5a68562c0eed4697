package ghapp_test

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// exportedSentinels returns the names of the exported error variables
// errors.go declares.
func exportedSentinels(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, spec := range g.Specs {
			for _, n := range spec.(*ast.ValueSpec).Names {
				if n.IsExported() && strings.HasPrefix(n.Name, "Err") {
					names = append(names, n.Name)
				}
			}
		}
	}
	return names
}

// TestSentinelsListed: every exported sentinel of errors.go is in the
// tests' list, and no other file of the package declares one.
func TestSentinelsListed(t *testing.T) {
	var listed []string
	for _, s := range sentinels {
		listed = append(listed, s.name)
	}
	declared := exportedSentinels(t)
	slices.Sort(listed)
	slices.Sort(declared)
	if diff := cmp.Diff(declared, listed); diff != "" {
		t.Errorf("sentinels of errors.go (-declared +listed in helpers_test.go):\n%s", diff)
	}
	pkgs, err := parser.ParseDir(token.NewFileSet(), ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go") && fi.Name() != "errors.go"
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, pkg := range pkgs {
		for name, f := range pkg.Files {
			for _, d := range f.Decls {
				if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
					for _, spec := range g.Specs {
						for _, n := range spec.(*ast.ValueSpec).Names {
							if n.IsExported() && strings.HasPrefix(n.Name, "Err") {
								t.Errorf("%s declares the sentinel %s; sentinels live in errors.go", name, n.Name)
							}
						}
					}
				}
			}
		}
	}
}

// TestSentinelsReachable: each sentinel is what some input gives, through
// the package's exported functions.
func TestSentinelsReachable(t *testing.T) {
	api := func(status int, body string) ghapp.Target {
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
		}))
		t.Cleanup(s.Close)
		return ghapp.Target{BaseURL: s.URL}
	}
	link := func(q string) error {
		_, _, err := ghapp.ParseRegistrationURL("https://github.com/settings/apps/new?" + q)
		return err
	}
	manifest := func(m string) error {
		_, err := ghapp.ReadManifest(strings.NewReader(m))
		return err
	}
	convert := func(t ghapp.Target) error {
		_, err := ghapp.ConvertManifestCode(context.Background(), nil, t, "abc")
		return err
	}
	reach := map[string]func() error{
		"ErrUnknownLevel":      func() error { _, err := ghapp.ParseLevel("rw"); return err },
		"ErrUnknownPlan":       func() error { _, err := ghapp.ParsePlan("ghes-2.0"); return err },
		"ErrUnknownPermission": func() error { _, err := ghapp.ParsePermission("pull-requests"); return err },
		"ErrUnknownEvent":      func() error { _, err := ghapp.ParseEvent("pull-request"); return err },
		"ErrUnknownScope":      func() error { _, err := ghapp.ParseScope("packages:read"); return err },
		"ErrRetired":           func() error { _, err := ghapp.ParseScope("write:discussion"); return err },
		"ErrDuplicate":         func() error { return link("name=a&name=b") },
		"ErrRequired":          func() error { return manifest(`{"name":"x"}`) },
		"ErrTooMany": func() error {
			return ghapp.Config{CallbackURLs: strings.Split("https://a/0 https://a/1 https://a/2 https://a/3 https://a/4 https://a/5 https://a/6 https://a/7 https://a/8 https://a/9 https://a/10", " ")}.Validate()
		},
		"ErrTooLong":     func() error { return ghapp.Config{Name: strings.Repeat("n", 35)}.Validate() },
		"ErrInvalidText": func() error { return ghapp.Config{Name: "a\u202eb"}.Validate() },
		"ErrInvalidURL":  func() error { return ghapp.Config{HomepageURL: "ftp://x"}.Validate() },
		"ErrInvalidPath": func() error { return link("single_file=read&single_file_name=../x") },
		"ErrConflict": func() error {
			return link("request_oauth_on_install=true&callback_urls[]=https://a.example&setup_url=https://a.example")
		},
		"ErrLevelNotAllowed":      func() error { return link("workflows=read") },
		"ErrEventNeedsPermission": func() error { return link("events[]=push") },
		"ErrNotSubscribable":      func() error { return link("events[]=installation") },
		"ErrNotOnPlan":            func() error { return link("enterprise_custom_properties=read") },
		"ErrInvalidTarget":        func() error { _, err := ghapp.Config{}.RegistrationURL(ghapp.Target{Organization: "-x"}); return err },
		"ErrUnknownParameter":     func() error { return link("colour=blue") },
		"ErrNotSettable":          func() error { return link("webhook_secret=x") },
		"ErrInvalidBool":          func() error { return link("public=yes") },
		"ErrMalformed":            func() error { return manifest(`{"url":`) },
		"ErrInvalidFormat": func() error {
			_, err := ghapp.AuthorizeRequest{ClientID: "c", Login: "-x"}.URL(ghapp.Target{})
			return err
		},
		"ErrStateMismatch": func() error { return ghapp.CheckState("a", "b") },
		"ErrMissingScopes": func() error {
			return ghapp.CheckResponseScopes(http.Header{"X-Accepted-Oauth-Scopes": {"repo"}})
		},
		"ErrMissingPermissions": func() error {
			return ghapp.CheckResponsePermissions(http.Header{"X-Accepted-Github-Permissions": {"checks=write"}}, nil)
		},
		"ErrInvalidCode": func() error {
			_, err := ghapp.ConvertManifestCode(context.Background(), nil, ghapp.Target{}, "a/b")
			return err
		},
		"ErrCodeRejected": func() error { return convert(api(404, `{"message":"Not Found"}`)) },
		"ErrAPI":          func() error { return convert(api(500, `{}`)) },
		"ErrBadResponse":  func() error { return convert(api(201, `{}`)) },
		"ErrInvalidKey":   func() error { _, err := (&ghapp.AppCredentials{}).PrivateKey(); return err },
		"ErrUnauthorized": func() error { _, err := ghapp.GetApp(context.Background(), nil, api(401, `{}`)); return err },
		"ErrForbidden":    func() error { _, err := ghapp.GetApp(context.Background(), nil, api(403, `{}`)); return err },
		"ErrNotFound": func() error {
			_, err := ghapp.GetInstallation(context.Background(), nil, api(404, `{}`), 1)
			return err
		},
		"ErrRateLimited":                func() error { _, err := ghapp.GetApp(context.Background(), nil, api(429, `{}`)); return err },
		"ErrDenied":                     func() error { _, err := ghapp.ParseSetupRedirect("error=access_denied"); return err },
		"ErrOAuth":                      func() error { return &ghapp.OAuthError{Code: "something_new"} },
		"ErrAuthorizationPending":       func() error { return &ghapp.OAuthError{Code: "authorization_pending"} },
		"ErrSlowDown":                   func() error { return &ghapp.OAuthError{Code: "slow_down"} },
		"ErrExpiredToken":               func() error { return &ghapp.OAuthError{Code: "expired_token"} },
		"ErrAccessDenied":               func() error { return &ghapp.OAuthError{Code: "access_denied"} },
		"ErrDeviceFlowDisabled":         func() error { return &ghapp.OAuthError{Code: "device_flow_disabled"} },
		"ErrUnsupportedGrantType":       func() error { return &ghapp.OAuthError{Code: "unsupported_grant_type"} },
		"ErrIncorrectClientCredentials": func() error { return &ghapp.OAuthError{Code: "incorrect_client_credentials"} },
		"ErrIncorrectDeviceCode":        func() error { return &ghapp.OAuthError{Code: "incorrect_device_code"} },
		"ErrBadVerificationCode":        func() error { return &ghapp.OAuthError{Code: "bad_verification_code"} },
		"ErrRedirectURIMismatch":        func() error { return &ghapp.OAuthError{Code: "redirect_uri_mismatch"} },
		"ErrUnverifiedUserEmail":        func() error { return &ghapp.OAuthError{Code: "unverified_user_email"} },
		"ErrBadRefreshToken":            func() error { return &ghapp.OAuthError{Code: "bad_refresh_token"} },
		"ErrOutOfRange": func() error {
			_, err := ghapp.FineGrainedTokenRequest{ExpiresIn: 400}.URL(ghapp.Target{})
			return err
		},
		"ErrNotAccepted": func() error {
			return ghapp.CheckInstallationPermissions(ghapp.Permissions{ghapp.PermissionChecks: ghapp.LevelWrite}, nil,
				[]ghapp.Permissions{{ghapp.PermissionChecks: ghapp.LevelWrite}})
		},
		"ErrPartialResponse": func() error {
			_, err := ghapp.ParseCredentials([]byte(`{"id":1,"client_id":"Iv1.x","client_secret":"s3cr3t","pem":"-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n","created_at":"yesterday"}`))
			return err
		},
		"ErrUnsafeFile": func() error {
			dir := t.TempDir()
			link := filepath.Join(dir, ".env")
			if err := os.Symlink(filepath.Join(dir, "elsewhere"), link); err != nil {
				t.Fatal(err)
			}
			keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey(t))})
			c := ghapp.AppCredentials{ID: 1, ClientID: "Iv1.x", ClientSecret: ghapp.NewSecret("s3cr3t"), PEM: ghapp.NewSecret(string(keyPEM))}
			return c.WriteEnvFile(link, true)
		},
		"ErrStoreFull": func() error {
			f := testFlow(nil)
			ghapp.SetMaxPending(f, 1)
			store := ghapp.DefaultStore(f)
			expires := time.Now().Add(time.Hour)
			if err := store.Put(context.Background(), "a", []byte("x"), expires); err != nil {
				return err
			}
			return store.Put(context.Background(), "b", []byte("x"), expires)
		},
		"ErrUnknownState": func() error {
			_, err := ghapp.DefaultStore(testFlow(nil)).Take(context.Background(), "never-issued")
			return err
		},
		"ErrMissingCookie": func() error {
			var got error
			f := testFlow(func(_ *http.Request, err error) { got = err })
			f.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "https://platform.example/cb?state=s&code=c", nil))
			return got
		},
		"ErrHostNotAllowed": func() error {
			_, err := ghapp.ServeLoopback(context.Background(), testFlow(nil), ghapp.LoopbackOptions{Addr: "192.0.2.1:0"})
			return err
		},
		"ErrTooManyPending": func() error {
			var got error
			f := testFlow(func(_ *http.Request, err error) { got = err })
			f.MaxPendingPerClient = 1
			for i := 0; i < 2; i++ {
				f.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "https://platform.example/new", nil))
			}
			return got
		},
		"ErrInvalidStartToken": func() error {
			var got error
			f := testFlow(func(_ *http.Request, err error) { got = err })
			ctx, cancel := context.WithCancel(context.Background())
			_, _ = ghapp.ServeLoopback(ctx, f, ghapp.LoopbackOptions{Ready: func(start string) {
				defer cancel()
				if resp, err := http.Get(start[:strings.Index(start, "?")]); err == nil {
					resp.Body.Close()
				}
			}})
			return got
		},
	}
	for _, s := range sentinels {
		t.Run(s.name, func(t *testing.T) {
			f, ok := reach[s.name]
			if !ok {
				t.Fatalf("no input given for %s: add one to this test", s.name)
			}
			if err := f(); !errors.Is(err, s.err) {
				t.Errorf("got %v, want an error wrapping %s", err, s.name)
			}
		})
	}
}

func TestFieldErrorText(t *testing.T) {
	tests := []struct {
		err  *ghapp.FieldError
		want string
	}{
		{&ghapp.FieldError{Field: "name", Err: ghapp.ErrRequired}, "ghapp: name: required"},
		{&ghapp.FieldError{Err: ghapp.ErrRequired}, "ghapp: required"},
		{&ghapp.FieldError{Field: "url", Err: ghapp.ErrRequired, Line: 3, Column: 5}, "ghapp: url (line 3, column 5): required"},
		{&ghapp.FieldError{Err: ghapp.ErrMalformed, Line: 1, Column: 2}, "ghapp: line 1, column 2: malformed"},
		{&ghapp.FieldError{Field: "x"}, "ghapp: x: <nil>"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	// A message names its input once: by the field for a key, in the
	// message for a value.
	_, _, err := ghapp.ParseRegistrationURL("https://github.com/settings/apps/new?pull-requests=write&events[]=pull-request")
	want := []string{
		`ghapp: permissions.pull-requests (line 1, column 38): unknown permission (did you mean "pull_requests"?)`,
		`ghapp: events[0] (line 1, column 58): unknown event "pull-request" (did you mean "pull_request"?)`,
	}
	if diff := cmp.Diff(want, strings.Split(err.Error(), "\n")); diff != "" {
		t.Errorf("messages mismatch (-want +got):\n%s", diff)
	}
}

func TestFieldErrorJSON(t *testing.T) {
	tests := []struct {
		err  *ghapp.FieldError
		want string
	}{
		{&ghapp.FieldError{Field: "name", Err: ghapp.ErrRequired}, `{"field":"name","message":"required"}`},
		{&ghapp.FieldError{Field: "default_events[2]", Err: ghapp.ErrUnknownEvent, Line: 4, Column: 7},
			`{"field":"default_events[2]","message":"unknown event","line":4,"column":7}`},
	}
	for _, tt := range tests {
		data, err := json.Marshal(tt.err)
		if err != nil || string(data) != tt.want {
			t.Errorf("Marshal = %s, %v; want %s", data, err, tt.want)
		}
	}
	// A manifest's problem as a tool reports it.
	_, err := ghapp.ReadManifest(strings.NewReader("{\n  \"url\": \"https://h.example\",\n  \"default_events\": [\"push\"]\n}"))
	var fe *ghapp.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v", err)
	}
	data, _ := json.Marshal(fe)
	if want := `{"field":"default_events[0]","message":"push needs read or above on contents","line":3,"column":22}`; string(data) != want {
		t.Errorf("Marshal = %s, want %s", data, want)
	}
}

// testFlow is a ManifestFlow that registers a small app on github.com,
// its errors passed to onError.
func testFlow(onError func(*http.Request, error)) *ghapp.ManifestFlow {
	return &ghapp.ManifestFlow{
		Manifest: func(*http.Request) (ghapp.Manifest, ghapp.Target, error) {
			return ghapp.Manifest{Name: "octo", URL: "https://platform.example"}, ghapp.Target{}, nil
		},
		RedirectURL: "https://platform.example/cb",
		Created:     func(http.ResponseWriter, *http.Request, *ghapp.AppCredentials) error { return nil },
		OnError:     onError,
	}
}

// TestErrorsRedactUserinfo: a link with user information (a token, often)
// is named in errors without it, whether or not the link parses.
func TestErrorsRedactUserinfo(t *testing.T) {
	const secret = "ghp_s3cr3ts3cr3t"
	tests := []struct {
		name string
		run  func() error
	}{
		{"Config.Validate/url", func() error {
			return ghapp.Config{Name: "a", HomepageURL: "https://" + secret + "@example.com"}.Validate()
		}},
		{"Config.Validate/callback", func() error {
			return ghapp.Config{Name: "a", HomepageURL: "https://example.com", CallbackURLs: []string{"https://x:" + secret + "@example.com/cb"}}.Validate()
		}},
		{"Config.Validate/webhook", func() error {
			return ghapp.Config{Name: "a", HomepageURL: "https://example.com", WebhookURL: "http://" + secret + "@example.com/hook"}.Validate()
		}},
		{"Config.Validate/unparsable", func() error {
			return ghapp.Config{Name: "a", HomepageURL: "https://" + secret + "@exa mple.com"}.Validate()
		}},
		{"Config.RegistrationURL/base", func() error {
			_, err := ghapp.Config{Name: "a", HomepageURL: "https://example.com"}.RegistrationURL(ghapp.Target{BaseURL: "https://" + secret + "@ghe.example.com"})
			return err
		}},
		{"ParseRegistrationURL", func() error {
			_, _, err := ghapp.ParseRegistrationURL("ftp://" + secret + "@github.com/settings/apps/new")
			return err
		}},
		{"ParseInstallURL", func() error {
			_, _, err := ghapp.ParseInstallURL("ftp://" + secret + "@github.com/apps/a/installations/new")
			return err
		}},
		{"ParseFineGrainedTokenURL", func() error {
			_, _, err := ghapp.ParseFineGrainedTokenURL("ftp://" + secret + "@github.com/settings/personal-access-tokens/new")
			return err
		}},
		{"ParseClassicTokenURL", func() error {
			_, _, err := ghapp.ParseClassicTokenURL("https://" + secret + "@github.com/settings/tokens/new")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q holds the user information", err)
			}
		})
	}
}
