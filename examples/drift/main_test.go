package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// documented returns GitHub's documented example answers of GET /app and
// GET /app/installations, read from ../shared/reference beside the
// repository. Without it the test is skipped: the project does not copy
// reference files.
func documented(t *testing.T) (app, installations json.RawMessage) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "reference", "extracts", "app-installations.openapi.json"))
	if err != nil {
		t.Skipf("GitHub's documented examples are not here: %v", err)
	}
	var doc struct {
		Operations map[string]map[string]struct {
			Responses map[string]struct {
				Examples map[string]json.RawMessage `json:"examples"`
			} `json:"responses"`
		} `json:"operations"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	ops := doc.Operations["ghes-3.19"]
	app = ops["GET /app"].Responses["200"].Examples["default"]
	installations = ops["GET /app/installations"].Responses["200"].Examples["default"]
	if app == nil || installations == nil {
		t.Fatal("no documented examples of GET /app and GET /app/installations")
	}
	return app, installations
}

// standIn is a local stand-in for GitHub Enterprise Server's API that
// answers with GitHub's documented examples, only to a JSON Web Token the
// key signed, and records the tokens' issuers.
type standIn struct {
	*httptest.Server
	mu      sync.Mutex
	issuers []string
}

func newStandIn(t *testing.T, key *rsa.PublicKey) *standIn {
	app, installations := documented(t)
	s := &standIn{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if err := verify(token, key, time.Now()); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprintf(w, `{"message": %q}`, "A JSON web token could not be decoded")
			return
		}
		if parts := strings.Split(token, "."); len(parts) == 3 {
			payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
			var c struct{ ISS string }
			_ = json.Unmarshal(payload, &c)
			s.mu.Lock()
			s.issuers = append(s.issuers, c.ISS)
			s.mu.Unlock()
		}
		switch r.URL.Path {
		case "/api/v3/app":
			_, _ = w.Write(app)
		case "/api/v3/app/installations":
			_, _ = w.Write(installations)
		case "/api/v3/app/hook/config":
			fmt.Fprint(w, `{"content_type": "json", "insecure_ssl": "0", "secret": "********", "url": "https://example.com/webhook"}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"message": "Not Found"}`)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// files writes a manifest and a key for the test and returns their paths.
func files(t *testing.T, key *rsa.PrivateKey, manifest string) (manifestPath, keyPath string) {
	dir := t.TempDir()
	manifestPath, keyPath = filepath.Join(dir, "app.json"), filepath.Join(dir, "app.pem")
	if err := os.WriteFile(manifestPath, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600); err != nil {
		t.Fatal(err)
	}
	return manifestPath, keyPath
}

// manifest is the documented app in code, with a permission and an event
// more, single_file dropped, and another homepage.
const manifest = `{
  "name": "Octocat App",
  "url": "https://example.org",
  "hook_attributes": {"url": "https://example.com/webhook"},
  "default_permissions": {"contents": "read", "issues": "write", "pull_requests": "read"},
  "default_events": ["push", "pull_request", "issues"]
}`

func TestRun(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s := newStandIn(t, &key.PublicKey)
	manifestPath, keyPath := files(t, key, manifest)
	for _, tt := range []struct {
		name, golden string
		args         []string
	}{
		{"text", "documented.txt", nil},
		{"markdown", "documented.md", []string{"-markdown"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			args := append([]string{"-manifest", manifestPath, "-app-id", "1", "-client-id", "Iv1.ab1112223334445c", "-key", keyPath, "-base", s.URL}, tt.args...)
			if err := run(context.Background(), &b, args); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", tt.golden), strings.ReplaceAll(b.String(), s.URL, "http://127.0.0.1:PORT"))
		})
	}
	s.mu.Lock()
	issuers := append([]string(nil), s.issuers...)
	s.issuers = nil
	s.mu.Unlock()
	if len(issuers) != 6 || issuers[0] != "Iv1.ab1112223334445c" {
		t.Errorf("issuers %q: want the client ID on each of 6 requests", issuers)
	}

	// GitHub Enterprise Server 3.17 takes the app ID as the issuer.
	if err := run(context.Background(), &strings.Builder{}, []string{"-manifest", manifestPath, "-app-id", "1", "-client-id", "Iv1.ab1112223334445c",
		"-key", keyPath, "-base", s.URL, "-plan", "ghes-3.17"}); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	if len(s.issuers) == 0 || s.issuers[0] != "1" {
		t.Errorf("issuers on GHES 3.17 %q, want the app ID", s.issuers)
	}
	s.mu.Unlock()

	// -check fails when anything differs.
	err = run(context.Background(), &strings.Builder{}, []string{"-manifest", manifestPath, "-app-id", "1", "-key", keyPath, "-base", s.URL, "-check"})
	if !errors.Is(err, errDrift) {
		t.Errorf("-check: %v, want errDrift", err)
	}
}

func TestRunDemo(t *testing.T) {
	var b strings.Builder
	if err := run(context.Background(), &b, []string{"-demo"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"GitHub App octo-ci (id 1)", "added      pull_requests: read", "octocat (User, installation 22): lacks contents: read, checks: read -> write"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}

func TestRunErrors(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s := newStandIn(t, &key.PublicKey)
	manifestPath, keyPath := files(t, key, manifest)
	_, otherKey := files(t, other, manifest)
	badManifest, _ := files(t, key, `{"url": "https://example.com", "default_permissions": {"checks": "maintain"}}`)
	junkKey := filepath.Join(t.TempDir(), "junk.pem")
	if err := os.WriteFile(junkKey, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	common := func(extra ...string) []string {
		return append([]string{"-app-id", "1", "-base", s.URL}, extra...)
	}
	for _, tt := range []struct {
		name string
		args []string
		is   error
		text string
	}{
		{"help", []string{"-h"}, flag.ErrHelp, ""},
		{"nothing", nil, nil, "-manifest, -key and -app-id are required"},
		{"demo with a manifest", []string{"-demo", "-manifest", manifestPath}, nil, "-demo brings its own"},
		{"wrong key", common("-manifest", manifestPath, "-key", otherKey), ghapp.ErrUnauthorized, ""},
		{"junk key", common("-manifest", manifestPath, "-key", junkKey), ghapp.ErrInvalidKey, ""},
		{"missing key", common("-manifest", manifestPath, "-key", filepath.Join(t.TempDir(), "none.pem")), os.ErrNotExist, ""},
		{"bad manifest", common("-manifest", badManifest, "-key", keyPath), ghapp.ErrUnknownLevel, ""},
		{"bad plan", common("-manifest", manifestPath, "-key", keyPath, "-plan", "ghes-2.0"), ghapp.ErrUnknownPlan, ""},
		{"bad base", []string{"-app-id", "1", "-base", "http://github.example.com", "-manifest", manifestPath, "-key", keyPath}, ghapp.ErrInvalidTarget, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			err := run(context.Background(), &b, tt.args)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v, want %v", err, tt.is)
			}
			if tt.text != "" && !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q lacks %q", err, tt.text)
			}
		})
	}
}

// golden compares got with the file at path, or writes it with -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}
