package ghapp_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
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
	if r.Header.Get("Accept") != "application/vnd.github+json" || r.Header.Get("X-GitHub-Api-Version") != ghapp.APIVersion {
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
		[3]bool{creds.ClientSecret == "1726be1638095a19edd134c77bde3aa2ece1e5d8", creds.WebhookSecret == "e340154128314309424b7c8e90325147d99fdafa", strings.HasPrefix(creds.PEM, "-----BEGIN RSA PRIVATE KEY-----\n")},
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
		{name: "bad level", status: 201, body: bytes.Replace(example, []byte(`"read"`), []byte(`"owner"`), 1), want: ghapp.ErrBadResponse, requests: 1},
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
	if creds.WebhookSecret != "" {
		t.Errorf("WebhookSecret = %q for null", creds.WebhookSecret)
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

func testCredentials(t testing.TB) *ghapp.AppCredentials {
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(rsaKey(t))})
	return &ghapp.AppCredentials{
		ID: 42, Slug: "octoapp", Name: "Octo App", HTMLURL: "https://github.com/apps/octoapp", ClientID: "Iv1.client",
		Owner:        ghapp.Account{Login: "octo", Type: "Organization"},
		ClientSecret: "client-secret-value", WebhookSecret: "webhook-secret-value", PEM: string(pemKey),
		Permissions: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelWrite},
	}
}

func TestAppCredentialsNeverPrintSecrets(t *testing.T) {
	c := testCredentials(t)
	secrets := []string{c.ClientSecret, c.WebhookSecret, "PRIVATE KEY", c.PEM[40:80]}
	var outputs []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%T %v"} {
		if verb == "%T %v" {
			outputs = append(outputs, fmt.Sprintf(verb, c, c))
			continue
		}
		outputs = append(outputs, fmt.Sprintf(verb, *c), fmt.Sprintf(verb, c))
		outputs = append(outputs, fmt.Sprintf(verb, []ghapp.AppCredentials{*c}), fmt.Sprintf(verb, struct{ C *ghapp.AppCredentials }{c}))
	}
	outputs = append(outputs, fmt.Sprint(c), fmt.Sprintln(*c), c.String(), c.GoString())
	for _, v := range []any{c, *c, []ghapp.AppCredentials{*c}, map[string]any{"c": c}} {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		outputs = append(outputs, string(data))
		if !strings.Contains(string(data), `"client_secret":"[redacted]"`) || !strings.Contains(string(data), `"client_id":"Iv1.client"`) {
			t.Errorf("JSON lacks the public fields or the redaction mark: %s", data)
		}
	}
	for _, handler := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
	} {
		var b bytes.Buffer
		logger := slog.New(handler(&b))
		logger.Info("created", "app", c, "value", *c)
		logger.Info("created", slog.Any("app", c))
		// Inside other values, slog's JSON handler falls back to JSON.
		logger.Info("created", "result", struct{ Creds ghapp.AppCredentials }{*c}, "all", []ghapp.AppCredentials{*c}, "ptr", []*ghapp.AppCredentials{c})
		outputs = append(outputs, b.String())
		if !strings.Contains(b.String(), "octoapp") || !strings.Contains(b.String(), "[redacted]") {
			t.Errorf("log lacks the app or the redaction mark: %s", b.String())
		}
	}
	for _, out := range outputs {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("a secret appears in %q", out)
			}
		}
	}
	if !strings.Contains(fmt.Sprintf("%+v", c), `ClientID: "Iv1.client"`) {
		t.Errorf("%%+v lost the public fields: %+v", c)
	}
}

func TestPrivateKey(t *testing.T) {
	key := rsaKey(t)
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(key)
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	tests := []struct {
		name string
		pem  string
		ok   bool
	}{
		{"pkcs1", string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})), true},
		{"pkcs8", string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})), true},
		{"ec", string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER})), false},
		{"certificate", string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{1}})), false},
		{"garbage pkcs1", string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: []byte{1, 2}})), false},
		{"not pem", "nope", false},
	}
	for _, tt := range tests {
		c := &ghapp.AppCredentials{PEM: tt.pem}
		k, err := c.PrivateKey()
		if tt.ok && (err != nil || !k.Equal(key)) {
			t.Errorf("%s: %v", tt.name, err)
		}
		if !tt.ok && !errors.Is(err, ghapp.ErrInvalidKey) {
			t.Errorf("%s: %v, want ErrInvalidKey", tt.name, err)
		}
	}
}

func TestWriteEnvFile(t *testing.T) {
	c := testCredentials(t)
	c.PEM = "-----BEGIN RSA PRIVATE KEY-----\nAAA\n-----END RSA PRIVATE KEY-----\n"
	c.WebhookSecret = `we"ird\secret`
	path := filepath.Join(t.TempDir(), ".env")
	if err := c.WriteEnvFile(path, false); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	want := `APP_ID="42"
PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\nAAA\n-----END RSA PRIVATE KEY-----\n"
WEBHOOK_SECRET="we\"ird\\secret"
GITHUB_CLIENT_ID="Iv1.client"
GITHUB_CLIENT_SECRET="client-secret-value"
`
	if diff := cmp.Diff(want, string(data)); diff != "" {
		t.Errorf("env file mismatch (-want +got):\n%s", diff)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if err := c.WriteEnvFile(path, false); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second write: %v, want fs.ErrExist", err)
	}
	other := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(other, []byte("OLD=1\nMORE=2\nEVEN_MORE=3\n"+strings.Repeat("x", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := c.WriteEnvFile(other, true); err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(other)
	if string(data) != want {
		t.Errorf("overwritten file:\n%s", data)
	}
	if fi, _ := os.Stat(other); fi.Mode().Perm() != 0o600 {
		t.Errorf("overwritten mode %v, want 0600", fi.Mode().Perm())
	}
	if err := c.WriteEnvFile(filepath.Join(t.TempDir(), "missing", ".env"), false); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("write into a missing directory: %v", err)
	}
}
