package ghapp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ghapp-dev/ghapp"
)

var (
	keyOnce sync.Once
	testKey *rsa.PrivateKey
)

// rsaKey returns one RSA key for the whole test run.
func rsaKey(t testing.TB) *rsa.PrivateKey {
	keyOnce.Do(func() {
		var err error
		if testKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			t.Fatal(err)
		}
	})
	return testKey
}

// conversionExample returns GitHub's documented answer to a manifest
// conversion, read from ../shared/reference when it is there, and otherwise
// one with the same fields and a key made for the test.
func conversionExample(t testing.TB) []byte {
	data, err := os.ReadFile(filepath.Join("..", "shared", "reference", "extracts", "app-manifest-conversion.openapi.json"))
	if err == nil {
		var doc map[string]json.RawMessage
		var example struct {
			Value json.RawMessage `json:"value"`
		}
		if json.Unmarshal(data, &doc) == nil && json.Unmarshal(doc["components.examples.integration-from-manifest"], &example) == nil && example.Value != nil {
			return example.Value
		}
		t.Fatalf("%s holds no integration-from-manifest example", "app-manifest-conversion.openapi.json")
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey(t))})
	out, _ := json.Marshal(map[string]any{
		"id": 1, "slug": "octoapp", "node_id": "MDxOkludGVncmF0aW9uMQ==",
		"owner": map[string]any{"login": "github", "id": 1, "node_id": "MDEyOk9yZ2FuaXphdGlvbjE=", "type": "User", "site_admin": true},
		"name":  "Octocat App", "description": "", "external_url": "https://example.com", "html_url": "https://github.com/apps/octoapp",
		"created_at": "2017-07-08T16:18:44-04:00", "updated_at": "2017-07-08T16:18:44-04:00",
		"permissions": map[string]string{"metadata": "read", "contents": "read", "issues": "write", "single_file": "write"},
		"events":      []string{"push", "pull_request"},
		"client_id":   "Iv1.8a61f9b3a7aba766", "client_secret": "1726be1638095a19edd134c77bde3aa2ece1e5d8",
		"webhook_secret": "e340154128314309424b7c8e90325147d99fdafa", "pem": string(pemKey),
	})
	return out
}

// standIn is a local stand-in for GitHub's API that answers every request
// with status and body, and counts and records what it was asked.
type standIn struct {
	*httptest.Server
	requests atomic.Int32
	mu       sync.Mutex
	last     *http.Request
}

func newStandIn(t *testing.T, status int, body []byte) *standIn {
	s := &standIn{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.mu.Lock()
		s.last = r
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *standIn) target() ghapp.Target { return ghapp.Target{BaseURL: s.URL} }

func TestConvertManifestCode(t *testing.T) {
	s := newStandIn(t, http.StatusCreated, conversionExample(t))
	const code = "a180b1a3d263c81bc6441d7b990bae27d4c10679"
	creds, err := ghapp.ConvertManifestCode(context.Background(), nil, s.target(), code)
	if err != nil {
		t.Fatal(err)
	}
	r := s.last
	if r.Method != http.MethodPost || r.URL.Path != "/api/v3/app-manifests/"+code+"/conversions" {
		t.Errorf("request %s %s", r.Method, r.URL.Path)
	}
	if r.Header.Get("Accept") != "application/vnd.github+json" || r.Header.Get("X-GitHub-Api-Version") != ghapp.APIVersion ||
		!strings.HasPrefix(r.Header.Get("User-Agent"), "ghapp") {
		t.Errorf("headers %v", r.Header)
	}
	created := time.Date(2017, 7, 8, 20, 18, 44, 0, time.UTC)
	type public struct {
		ID                                       int64
		Slug, NodeID, Name, ExternalURL, HTMLURL string
		Owner                                    ghapp.Account
		Permissions                              ghapp.Permissions
		Events                                   []ghapp.Event
		ClientID                                 string
		Secrets                                  [3]bool
		Created                                  bool
		InstallURL                               string
	}
	want := public{1, "octoapp", "MDxOkludGVncmF0aW9uMQ==", "Octocat App", "https://example.com", "https://github.com/apps/octoapp",
		ghapp.Account{Login: "github", ID: 1, NodeID: "MDEyOk9yZ2FuaXphdGlvbjE=", Type: "User"},
		ghapp.Permissions{ghapp.PermissionMetadata: ghapp.LevelRead, ghapp.PermissionContents: ghapp.LevelRead, ghapp.PermissionIssues: ghapp.LevelWrite, ghapp.PermissionSingleFile: ghapp.LevelWrite},
		[]ghapp.Event{ghapp.EventPush, ghapp.EventPullRequest}, "Iv1.8a61f9b3a7aba766", [3]bool{true, true, true}, true,
		"https://github.com/apps/octoapp/installations/new"}
	got := public{creds.ID, creds.Slug, creds.NodeID, creds.Name, creds.ExternalURL, creds.HTMLURL, creds.Owner, creds.Permissions, creds.Events, creds.ClientID,
		[3]bool{creds.ClientSecret.Reveal() == "1726be1638095a19edd134c77bde3aa2ece1e5d8", creds.WebhookSecret.Reveal() == "e340154128314309424b7c8e90325147d99fdafa", strings.HasPrefix(creds.PEM.Reveal(), "-----BEGIN RSA PRIVATE KEY-----\n")},
		creds.CreatedAt.Equal(created), creds.InstallURL()}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("credentials mismatch (-want +got):\n%s", diff)
	}
	if _, err := creds.PrivateKey(); err != nil {
		t.Errorf("PrivateKey: %v", err)
	}
}

func TestConvertManifestCodeErrors(t *testing.T) {
	example := conversionExample(t)
	without := func(field string) []byte {
		var m map[string]any
		_ = json.Unmarshal(example, &m)
		delete(m, field)
		out, _ := json.Marshal(m)
		return out
	}
	huge := append([]byte(`{"id":1,"pad":"`), bytes.Repeat([]byte("x"), 1<<20)...)
	huge = append(huge, `"}`...)
	tests := []struct {
		name     string
		status   int
		body     []byte
		target   func(*standIn) ghapp.Target
		ctx      func() context.Context
		want     error
		requests int32
	}{
		{name: "2xx without the secrets", status: 200, body: []byte(`{"id":1,"client_secret":"s3cr3t-in-body"}`), want: ghapp.ErrBadResponse, requests: 1},
		{name: "404", status: 404, body: []byte(`{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}`), want: ghapp.ErrCodeRejected, requests: 1},
		{name: "422", status: 422, body: []byte(`{"message":"Validation Failed"}`), want: ghapp.ErrCodeRejected, requests: 1},
		{name: "500", status: 500, body: []byte(`oops`), want: ghapp.ErrAPI, requests: 1},
		{name: "redirect not followed", status: 302, body: nil, want: ghapp.ErrAPI, requests: 1},
		{name: "not JSON", status: 201, body: []byte(`<html>`), want: ghapp.ErrBadResponse, requests: 1},
		{name: "no id", status: 201, body: without("id"), want: ghapp.ErrBadResponse, requests: 1},
		{name: "no pem", status: 201, body: without("pem"), want: ghapp.ErrBadResponse, requests: 1},
		{name: "no client_id", status: 201, body: without("client_id"), want: ghapp.ErrBadResponse, requests: 1},
		{name: "no client_secret", status: 201, body: without("client_secret"), want: ghapp.ErrBadResponse, requests: 1},
		{name: "id not a number", status: 201, body: replaceField(t, example, "id", "one"), want: ghapp.ErrBadResponse, requests: 1},
		{name: "pem not a string", status: 201, body: replaceField(t, example, "pem", 7), want: ghapp.ErrBadResponse, requests: 1},
		{name: "a JSON list", status: 201, body: []byte(`[{"id":1}]`), want: ghapp.ErrBadResponse, requests: 1},
		{name: "null", status: 201, body: []byte(`null`), want: ghapp.ErrBadResponse, requests: 1},
		{name: "too large", status: 201, body: huge, want: ghapp.ErrBadResponse, requests: 1},
		{name: "cancelled", status: 201, body: example, ctx: func() context.Context {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx
		}, want: context.Canceled},
		{name: "http elsewhere", status: 201, body: example, target: func(*standIn) ghapp.Target { return ghapp.Target{BaseURL: "http://github.example.com"} }, want: ghapp.ErrInvalidTarget},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStandIn(t, tt.status, tt.body)
			target := s.target()
			if tt.target != nil {
				target = tt.target(s)
			}
			ctx := context.Background()
			if tt.ctx != nil {
				ctx = tt.ctx()
			}
			creds, err := ghapp.ConvertManifestCode(ctx, nil, target, "a180b1a3d263c81bc6441d7b990bae27d4c10679")
			if creds != nil || !errors.Is(err, tt.want) {
				t.Fatalf("ConvertManifestCode = %v, %v; want %v", creds, err, tt.want)
			}
			if got := s.requests.Load(); got != tt.requests {
				t.Errorf("%d requests reached the stand-in, want %d", got, tt.requests)
			}
		})
	}
}

// TestConvertManifestCodeAnySuccess: a success other than 201 still gives
// the app, and no error ever quotes a success's body.
func TestConvertManifestCodeAnySuccess(t *testing.T) {
	s := newStandIn(t, http.StatusOK, conversionExample(t))
	creds, err := ghapp.ConvertManifestCode(context.Background(), nil, s.target(), "abc")
	if err != nil || creds.ID != 1 {
		t.Fatalf("200 answer: %v, %v", creds, err)
	}
	s2 := newStandIn(t, http.StatusOK, []byte(`{"client_secret":"s3cr3t-in-body","pem":"-----BEGIN"}`))
	_, err = ghapp.ConvertManifestCode(context.Background(), nil, s2.target(), "abc")
	if !errors.Is(err, ghapp.ErrBadResponse) || strings.Contains(err.Error(), "s3cr3t") || strings.Contains(err.Error(), "BEGIN") {
		t.Errorf("error %v: want ErrBadResponse without the body", err)
	}
}

func TestConvertManifestCodeAPIError(t *testing.T) {
	s := newStandIn(t, 404, []byte(`{"message":"Not Found","documentation_url":"https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest"}`))
	_, err := ghapp.ConvertManifestCode(context.Background(), nil, s.target(), "abc")
	var ae *ghapp.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an *APIError", err)
	}
	want := ghapp.APIError{Op: "manifest conversion", StatusCode: 404, Status: "404 Not Found", Message: "Not Found",
		DocumentationURL: "https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest", RateLimitRemaining: -1}
	if diff := cmp.Diff(want, *ae, cmpopts.IgnoreUnexported(ghapp.APIError{})); diff != "" {
		t.Errorf("APIError mismatch (-want +got):\n%s", diff)
	}
	if !errors.Is(err, ghapp.ErrCodeRejected) || !errors.Is(err, ghapp.ErrAPI) {
		t.Errorf("error %v: want ErrCodeRejected and ErrAPI", err)
	}
	if got := err.Error(); got != "ghapp: manifest conversion: GitHub answered 404 Not Found (the code is expired, used or unknown): Not Found" {
		t.Errorf("Error() = %q", got)
	}
}

func TestConvertManifestCodeBadCodes(t *testing.T) {
	s := newStandIn(t, 201, conversionExample(t))
	for _, code := range []string{"", "a/b", "a?b", "a b", "../x", "%2e%2e", "a#b", "a.b", "日本", "a\nb", strings.Repeat("a", 257)} {
		_, err := ghapp.ConvertManifestCode(context.Background(), nil, s.target(), code)
		var fe *ghapp.FieldError
		if !errors.Is(err, ghapp.ErrInvalidCode) || !errors.As(err, &fe) || fe.Field != "code" {
			t.Errorf("code %q: %v, want a FieldError{Field: code} wrapping ErrInvalidCode", code, err)
		}
	}
	if n := s.requests.Load(); n != 0 {
		t.Errorf("%d requests reached the network", n)
	}
}

func TestConvertManifestCodeTolerates(t *testing.T) {
	var m map[string]any
	_ = json.Unmarshal(conversionExample(t), &m)
	m["new_field"] = map[string]any{"x": 1}
	m["permissions"] = map[string]string{"email_addresses": "read", "future_permission": "write"}
	m["events"] = []string{"push", "future_event"}
	m["webhook_secret"] = nil
	body, _ := json.Marshal(m)
	s := newStandIn(t, 201, body)
	creds, err := ghapp.ConvertManifestCode(context.Background(), http.DefaultClient, s.target(), "abc")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ghapp.Permissions{ghapp.PermissionEmails: ghapp.LevelRead, "future_permission": ghapp.LevelWrite}, creds.Permissions); diff != "" {
		t.Errorf("permissions mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]ghapp.Event{ghapp.EventPush, "future_event"}, creds.Events); diff != "" {
		t.Errorf("events mismatch (-want +got):\n%s", diff)
	}
	if !creds.WebhookSecret.IsZero() {
		t.Errorf("WebhookSecret set for null")
	}
}

func TestAPIURL(t *testing.T) {
	tests := []struct{ base, want string }{
		{"", "https://api.github.com"},
		{"https://github.com", "https://api.github.com"},
		{"https://github.com:443/", "https://api.github.com"},
		{"https://octocorp.ghe.com", "https://api.octocorp.ghe.com"},
		{"https://github.example.com", "https://github.example.com/api/v3"},
		{"https://github.example.com:8443", "https://github.example.com:8443/api/v3"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v3"},
		{"http://github.example.com", ""},
		{"https://api.octo.ghe.com", ""},
		{"https://api.github.com", ""},
		{"nope", ""},
	}
	for _, tt := range tests {
		if got := (ghapp.Target{BaseURL: tt.base}).APIURL(); got != tt.want {
			t.Errorf("APIURL(%q) = %q, want %q", tt.base, got, tt.want)
		}
	}
}

// replaceField returns the JSON object answer with key set to value (or
// left out when value is nil).
func replaceField(t testing.TB, answer []byte, key string, value any) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(answer, &m); err != nil {
		t.Fatal(err)
	}
	if value == nil {
		delete(m, key)
	} else {
		m[key] = value
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The documented example's secrets.
const (
	exampleClientSecret  = "1726be1638095a19edd134c77bde3aa2ece1e5d8"
	exampleWebhookSecret = "e340154128314309424b7c8e90325147d99fdafa"
)

// partialFields lists the fields of the *FieldErrors in err that wrap
// ErrPartialResponse, in order; a problem of another kind shows as "?".
func partialFields(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if fe, ok := err.(*ghapp.FieldError); ok {
			if errors.Is(fe, ghapp.ErrPartialResponse) {
				out = append(out, fe.Field)
			} else {
				out = append(out, "?")
			}
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if err != nil {
			out = append(out, "?")
		}
	}
	walk(err)
	return out
}

// checkSecretsKept fails unless creds hold the documented example's ID and
// secrets, and err names none of them.
func checkSecretsKept(t *testing.T, creds *ghapp.AppCredentials, err error) {
	t.Helper()
	if creds == nil {
		t.Fatalf("no credentials; error %v", err)
	}
	got := []any{creds.ID, creds.ClientID, creds.ClientSecret.Reveal(), creds.WebhookSecret.Reveal(), strings.HasPrefix(creds.PEM.Reveal(), "-----BEGIN RSA PRIVATE KEY-----\n")}
	want := []any{int64(1), "Iv1.8a61f9b3a7aba766", exampleClientSecret, exampleWebhookSecret, true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ID and secrets mismatch (-want +got):\n%s", diff)
	}
	if err != nil {
		for _, s := range []string{exampleClientSecret, exampleWebhookSecret, "PRIVATE KEY"} {
			if strings.Contains(err.Error(), s) {
				t.Errorf("error %q shows a secret", err)
			}
		}
	}
}

// TestConvertManifestCodeLenient: an answer whose other fields are not what
// the package expects still gives the ID and the three secrets, with an
// error wrapping ErrPartialResponse that names each such field, and the
// fields that could be read.
func TestConvertManifestCodeLenient(t *testing.T) {
	example := conversionExample(t)
	var doc map[string]any
	_ = json.Unmarshal(example, &doc)
	owner := doc["owner"].(map[string]any)
	with := func(key string, value any) []byte { return replaceField(t, example, key, value) }
	documentedPermissions := ghapp.Permissions{ghapp.PermissionMetadata: ghapp.LevelRead, ghapp.PermissionContents: ghapp.LevelRead, ghapp.PermissionIssues: ghapp.LevelWrite, ghapp.PermissionSingleFile: ghapp.LevelWrite}
	manyEvents := make([]any, 30)
	for i := range manyEvents {
		manyEvents[i] = map[string]any{"name": "push"}
	}
	ownerWith := func(key string, value any) map[string]any {
		o := map[string]any{}
		for k, v := range owner {
			o[k] = v
		}
		o[key] = value
		return o
	}
	type public struct {
		Owner       ghapp.Account
		Permissions ghapp.Permissions
		Events      []ghapp.Event
		CreatedAt   time.Time
		Name        string
	}
	documentedOwner := ghapp.Account{Login: "github", ID: 1, NodeID: "MDEyOk9yZ2FuaXphdGlvbjE=", Type: "User"}
	documentedTime := time.Date(2017, 7, 8, 20, 18, 44, 0, time.UTC)
	documented := public{documentedOwner, documentedPermissions, []ghapp.Event{ghapp.EventPush, ghapp.EventPullRequest}, documentedTime, "Octocat App"}
	change := func(f func(*public)) public {
		p := documented
		f(&p)
		return p
	}
	tests := []struct {
		name    string
		body    []byte
		partial []string // the fields reported; nil: no error
		want    public
	}{
		{"level maintain", with("permissions", map[string]any{"metadata": "read", "contents": "maintain", "issues": "write", "single_file": "write"}),
			[]string{"permissions.contents"}, change(func(p *public) {
				p.Permissions = ghapp.Permissions{ghapp.PermissionMetadata: ghapp.LevelRead, ghapp.PermissionIssues: ghapp.LevelWrite, ghapp.PermissionSingleFile: ghapp.LevelWrite}
			})},
		{"level a number", with("permissions", map[string]any{"issues": 2}), []string{"permissions.issues"}, change(func(p *public) { p.Permissions = nil })},
		{"permissions a string", with("permissions", "all"), []string{"permissions"}, change(func(p *public) { p.Permissions = nil })},
		{"permission key with an escape", with("permissions", map[string]any{"issues": "write", "\x1b[31mred": "read"}), []string{"permissions"},
			change(func(p *public) { p.Permissions = ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelWrite} })},
		{"unknown permission kept", with("permissions", map[string]any{"future_permission": "write"}), nil,
			change(func(p *public) { p.Permissions = ghapp.Permissions{"future_permission": ghapp.LevelWrite} })},
		{"created_at in another format", with("created_at", "2017-07-08 16:18:44 -0400"), []string{"created_at"}, change(func(p *public) { p.CreatedAt = time.Time{} })},
		{"created_at in Unix seconds", with("created_at", 1499545124), nil, documented},
		{"created_at an object", with("created_at", map[string]any{"seconds": 1}), []string{"created_at"}, change(func(p *public) { p.CreatedAt = time.Time{} })},
		{"owner a string", with("owner", "github"), []string{"owner"}, change(func(p *public) { p.Owner = ghapp.Account{} })},
		{"owner id a string", with("owner", ownerWith("id", "abc")), []string{"owner.id"}, change(func(p *public) { p.Owner.ID = 0 })},
		{"owner login a number", with("owner", ownerWith("login", 7)), []string{"owner.login"}, change(func(p *public) { p.Owner.Login = "" })},
		{"owner an enterprise", with("owner", map[string]any{"id": 5, "slug": "octo-enterprise", "name": "Octo", "node_id": "E_1", "html_url": "https://github.com/enterprises/octo"}), nil,
			change(func(p *public) {
				p.Owner = ghapp.Account{Login: "octo-enterprise", ID: 5, NodeID: "E_1", Type: "Enterprise"}
			})},
		{"events as objects", with("events", []any{map[string]any{"name": "push"}, map[string]any{"name": "pull_request"}}), []string{"events[0]", "events[1]"},
			change(func(p *public) { p.Events = []ghapp.Event{} })},
		{"events mixed", with("events", []any{"push", map[string]any{"x": 1}, "future_event"}), []string{"events[1]"},
			change(func(p *public) { p.Events = []ghapp.Event{ghapp.EventPush, "future_event"} })},
		{"events an object", with("events", map[string]any{"push": true}), []string{"events"}, change(func(p *public) { p.Events = nil })},
		{"name an object", with("name", map[string]any{"en": "Octocat App"}), []string{"name"}, change(func(p *public) { p.Name = "" })},
		{"webhook_secret a number", replaceField(t, with("webhook_secret", 7), "name", "Octocat App"), []string{"webhook_secret"}, documented},
		{"id a string of digits", with("id", "1"), nil, documented},
		{"many bad events, bounded", with("events", manyEvents), nil, change(func(p *public) { p.Events = []ghapp.Event{} })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStandIn(t, http.StatusCreated, tt.body)
			creds, err := ghapp.ConvertManifestCode(context.Background(), nil, s.target(), "abc")
			if tt.name == "webhook_secret a number" {
				if creds == nil || !creds.WebhookSecret.IsZero() || creds.ClientSecret.Reveal() != exampleClientSecret {
					t.Fatalf("credentials %v, %v", creds, err)
				}
			} else {
				checkSecretsKept(t, creds, err)
			}
			if tt.name == "many bad events, bounded" {
				if n := len(partialFields(err)); n != 21 || !errors.Is(err, ghapp.ErrPartialResponse) {
					t.Errorf("%d problems reported, want 20 and a count: %v", n, err)
				}
			} else {
				if diff := cmp.Diff(tt.partial, partialFields(err)); diff != "" {
					t.Errorf("partial fields mismatch (-want +got):\n%s", diff)
				}
				if (tt.partial != nil) != errors.Is(err, ghapp.ErrPartialResponse) {
					t.Errorf("error %v: ErrPartialResponse is %v, want %v", err, errors.Is(err, ghapp.ErrPartialResponse), tt.partial != nil)
				}
			}
			if err != nil && strings.ContainsAny(err.Error(), "\x1b\x00") {
				t.Errorf("error %q holds control characters", err)
			}
			got := public{creds.Owner, creds.Permissions, creds.Events, creds.CreatedAt, creds.Name}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("other fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestConvertManifestCodeAliases: a permission under both of its names
// gives one level, the registration name's, whatever the order of the keys
// and of Go's map iteration.
func TestConvertManifestCodeAliases(t *testing.T) {
	example := conversionExample(t)
	want := ghapp.Permissions{ghapp.PermissionEmails: ghapp.LevelRead, ghapp.PermissionKeys: ghapp.LevelWrite, ghapp.PermissionIssues: ghapp.LevelWrite}
	for _, perms := range []string{
		`{"emails":"read","email_addresses":"write","keys":"write","git_ssh_keys":"read","issues":"write"}`,
		`{"email_addresses":"write","emails":"read","git_ssh_keys":"read","keys":"write","issues":"write"}`,
		`{"git_ssh_keys":"read","issues":"write","email_addresses":"write","keys":"write","emails":"read"}`,
	} {
		body := replaceField(t, example, "permissions", json.RawMessage(perms))
		for i := 0; i < 200; i++ {
			creds, err := ghapp.ParseCredentials(body)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, creds.Permissions); diff != "" {
				t.Fatalf("%s, run %d: permissions mismatch (-want +got):\n%s", perms, i, diff)
			}
		}
		s := newStandIn(t, http.StatusCreated, body)
		creds, err := ghapp.ConvertManifestCode(context.Background(), nil, s.target(), "abc")
		if err != nil || !cmp.Equal(want, creds.Permissions) {
			t.Errorf("%s: ConvertManifestCode gave %v, %v", perms, creds, err)
		}
	}
	// Only the REST API's name: it becomes the registration name.
	body := replaceField(t, example, "permissions", map[string]string{"email_addresses": "write", "git_ssh_keys": "read"})
	creds, err := ghapp.ParseCredentials(body)
	if err != nil || !cmp.Equal(ghapp.Permissions{ghapp.PermissionEmails: ghapp.LevelWrite, ghapp.PermissionKeys: ghapp.LevelRead}, creds.Permissions) {
		t.Errorf("REST names alone: %v, %v", creds, err)
	}
}

// TestConvertManifestCodeProxyEcho: a proxy's failure page that echoes a
// request or a secret never reaches the error; GitHub's own message and
// documentation URL do.
func TestConvertManifestCodeProxyEcho(t *testing.T) {
	const leak = "client_secret=hunter2-leaked-secret"
	tests := []struct {
		name, body, message string
	}{
		{"html echo", "<html><body>502 Bad Gateway. Upstream said: " + leak + "&pem=-----BEGIN RSA PRIVATE KEY-----</body></html>", ""},
		{"json echo", `{"message":"Bad Gateway","documentation_url":"https://docs.github.com/rest","request":"` + leak + `","pem":"-----BEGIN RSA PRIVATE KEY-----"}`, "Bad Gateway"},
		{"text echo", leak, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStandIn(t, http.StatusBadGateway, []byte(tt.body))
			creds, err := ghapp.ConvertManifestCode(context.Background(), nil, s.target(), "abc")
			var ae *ghapp.APIError
			if creds != nil || !errors.As(err, &ae) || !errors.Is(err, ghapp.ErrAPI) || ae.StatusCode != http.StatusBadGateway {
				t.Fatalf("ConvertManifestCode = %v, %v; want an *APIError for 502", creds, err)
			}
			if ae.Message != tt.message {
				t.Errorf("Message = %q, want %q", ae.Message, tt.message)
			}
			text := fmt.Sprintf("%v %+v %#v", err, ae, ae)
			for _, s := range []string{"hunter2", "client_secret", "PRIVATE KEY"} {
				if strings.Contains(text, s) {
					t.Errorf("the error shows %q: %s", s, text)
				}
			}
		})
	}
}

// TestConvertManifestCodeNoRedirect: with a caller's client that follows
// redirects, a 307 or 308 (which would replay the POST and its code) is not
// followed to any host, and the caller's client is left unchanged.
func TestConvertManifestCodeNoRedirect(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			elsewhere := newStandIn(t, http.StatusCreated, conversionExample(t))
			redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", elsewhere.URL+"/steal")
				w.WriteHeader(status)
			}))
			defer redirecting.Close()
			hc := &http.Client{Timeout: 5 * time.Second} // follows redirects
			creds, err := ghapp.ConvertManifestCode(context.Background(), hc, ghapp.Target{BaseURL: redirecting.URL}, "abc")
			var ae *ghapp.APIError
			if creds != nil || !errors.As(err, &ae) || ae.StatusCode != status {
				t.Errorf("ConvertManifestCode = %v, %v; want an *APIError for %d", creds, err, status)
			}
			if n := elsewhere.requests.Load(); n != 0 {
				t.Errorf("the redirect was followed: %d requests reached the other host", n)
			}
			if hc.CheckRedirect != nil || hc.Timeout != 5*time.Second {
				t.Error("the caller's client was changed")
			}
		})
	}
}

// TestAPIErrorStatusRebuilt: the reason phrase a server or proxy sends is
// not kept; the status comes from the code and its standard text.
func TestAPIErrorStatusRebuilt(t *testing.T) {
	tests := []struct {
		code       int
		status     string
		wantStatus string
	}{
		{401, "401 token ghp_leakedleakedleaked", "401 Unauthorized"},
		{404, "404 \x1b[31mred", "404 Not Found"},
		{599, "599 whatever ghp_leakedleakedleaked", "599"},
	}
	for _, tt := range tests {
		hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: tt.code, Status: tt.status, Header: http.Header{},
				Body: io.NopCloser(strings.NewReader(`{"message":"no"}`)), Request: r}, nil
		})}
		_, err := ghapp.ConvertManifestCode(context.Background(), hc, ghapp.Target{}, "abc")
		var ae *ghapp.APIError
		if !errors.As(err, &ae) {
			t.Fatalf("status %q: error %v is not an *APIError", tt.status, err)
		}
		if diff := cmp.Diff(tt.wantStatus, ae.Status); diff != "" {
			t.Errorf("status %q: Status (-want +got):\n%s", tt.status, diff)
		}
		if strings.Contains(err.Error(), "leaked") || strings.Contains(err.Error(), "\x1b") {
			t.Errorf("status %q: error %q echoes the reason phrase", tt.status, err)
		}
	}
}
