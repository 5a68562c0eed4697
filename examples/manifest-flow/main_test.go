package main

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// conversionExample is GitHub's documented answer to a manifest conversion,
// read from ../shared/reference beside the repository. Without it the test
// is skipped: the project does not copy reference files.
func conversionExample(t *testing.T) []byte {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "reference", "extracts", "app-manifest-conversion.openapi.json"))
	if err != nil {
		t.Skipf("GitHub's documented conversion example is not here: %v", err)
	}
	var doc map[string]json.RawMessage
	var example struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(doc["components.examples.integration-from-manifest"], &example); err != nil || example.Value == nil {
		t.Fatalf("no integration-from-manifest example: %v", err)
	}
	return example.Value
}

// gitHub is a local stand-in for github.com and its API: its registration
// page takes the posted manifest and sends the browser to redirect_url with a
// code, as GitHub does after the person confirms; its API converts that code.
type gitHub struct {
	*httptest.Server
	mu        sync.Mutex
	manifests []ghapp.Manifest
	states    []string
	codes     []string
}

const code = "a180b1a3d263c81bc6441d7b990bae27d4c10679"

func newGitHub(t *testing.T) *gitHub {
	g := &gitHub{}
	answer := conversionExample(t)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /settings/apps/new", func(w http.ResponseWriter, r *http.Request) {
		m, err := ghapp.ReadManifest(strings.NewReader(r.PostFormValue("manifest")))
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		state := r.URL.Query().Get("state")
		g.mu.Lock()
		g.manifests, g.states = append(g.manifests, m), append(g.states, state)
		g.mu.Unlock()
		http.Redirect(w, r, m.RedirectURL+"?code="+code+"&state="+url.QueryEscape(state), http.StatusFound)
	})
	mux.HandleFunc("POST /api/v3/app-manifests/{code}/conversions", func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.codes = append(g.codes, r.PathValue("code"))
		g.mu.Unlock()
		if r.PathValue("code") != code {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"message":"Not Found"}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(answer)
	})
	g.Server = httptest.NewServer(mux)
	t.Cleanup(g.Close)
	return g
}

// start runs the tool with args in the background and returns its page's
// address, its output and a channel with its result.
func start(t *testing.T, args []string, opt options) (string, *strings.Builder, chan error) {
	t.Helper()
	ready := make(chan string, 1)
	opt.ready = func(addr string) { ready <- addr }
	out := &strings.Builder{}
	done := make(chan error, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	go func() { done <- run(ctx, args, out, opt) }()
	select {
	case addr := <-ready:
		return addr, out, done
	case err := <-done:
		t.Fatalf("run ended before serving: %v", err)
	}
	return "", nil, nil
}

var (
	actionRE   = regexp.MustCompile(`action="([^"]*)"`)
	manifestRE = regexp.MustCompile(`name="manifest" value="([^"]*)"`)
)

func TestWholeFlow(t *testing.T) {
	gh := newGitHub(t)
	dir := t.TempDir()
	manifestFile := filepath.Join(dir, "app.json")
	const manifest = `{"name":"Octoapp","url":"https://www.example.com","hook_attributes":{"url":"https://example.com/github/events"},"callback_urls":["https://example.com/callback"],"public":true,"default_permissions":{"issues":"write","checks":"write"},"default_events":["issues","issue_comment","check_suite","check_run"]}`
	if err := os.WriteFile(manifestFile, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	env := filepath.Join(dir, ".env")
	addr, out, done := start(t, []string{"-manifest", manifestFile, "-base", gh.URL, "-env", env}, options{})

	// The browser: load the page, submit its form, follow the redirect.
	resp, err := http.Get(addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	action, value := actionRE.FindSubmatch(page), manifestRE.FindSubmatch(page)
	if action == nil || value == nil {
		t.Fatalf("no form in\n%s", page)
	}
	resp, err = http.PostForm(html.UnescapeString(string(action[1])), url.Values{"manifest": {html.UnescapeString(string(value[1]))}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "https://github.com/apps/octoapp/installations/new") {
		t.Fatalf("after the redirect: %s\n%s", resp.Status, body)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	// GitHub received the manifest, with redirect_url set to the tool.
	if len(gh.manifests) != 1 || gh.manifests[0].RedirectURL != addr+"/redirect" || gh.manifests[0].Name != "Octoapp" {
		t.Errorf("GitHub received %+v", gh.manifests)
	}
	if len(gh.states) != 1 || len(gh.states[0]) != 43 {
		t.Errorf("state %q, want a 43-character random state", gh.states)
	}
	wantOut := "Open " + addr + "/ in your browser to register \"Octoapp\" on GitHub.\n" +
		"Created Octocat App (app ID 1).\n" +
		"Credentials written to " + env + ".\n" +
		"App page: https://github.com/apps/octoapp\n" +
		"Install it: https://github.com/apps/octoapp/installations/new\n"
	if diff := cmp.Diff(wantOut, out.String()); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
	data, err := os.ReadFile(env)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{`APP_ID="1"`, `WEBHOOK_SECRET="e340154128314309424b7c8e90325147d99fdafa"`, `GITHUB_CLIENT_ID="Iv1.8a61f9b3a7aba766"`,
		`GITHUB_CLIENT_SECRET="1726be1638095a19edd134c77bde3aa2ece1e5d8"`, `PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\n`} {
		if !strings.Contains(string(data), line) {
			t.Errorf("env file lacks %s", line)
		}
	}
	if fi, _ := os.Stat(env); fi.Mode().Perm() != 0o600 {
		t.Errorf("env file mode %v", fi.Mode().Perm())
	}
}

// TestDocumentedRedirect feeds the tool the redirect of GitHub's documentation,
// https://example.com/redirect?code=a180b1a3d263c81bc6441d7b990bae27d4c10679&state=abc123,
// at its own address.
func TestDocumentedRedirect(t *testing.T) {
	gh := newGitHub(t)
	env := filepath.Join(t.TempDir(), ".env")
	addr, _, done := start(t, []string{"-name", "Octoapp", "-base", gh.URL, "-env", env}, options{state: "abc123"})

	// A redirect with another state is refused and changes nothing.
	resp, err := http.Get(addr + "/redirect?code=" + code + "&state=abc124")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || len(gh.codes) != 0 {
		t.Fatalf("wrong state: %s, %d codes exchanged", resp.Status, len(gh.codes))
	}

	documented, _ := url.Parse("https://example.com/redirect?code=a180b1a3d263c81bc6441d7b990bae27d4c10679&state=abc123")
	resp, err = http.Get(addr + documented.Path + "?" + documented.RawQuery)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("documented redirect: %s", resp.Status)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{code}, gh.codes); diff != "" {
		t.Errorf("codes exchanged mismatch (-want +got):\n%s", diff)
	}
}

func TestRejectedCode(t *testing.T) {
	gh := newGitHub(t)
	addr, _, done := start(t, []string{"-name", "x", "-base", gh.URL, "-env", filepath.Join(t.TempDir(), ".env")}, options{state: "s"})
	resp, err := http.Get(addr + "/redirect?code=0000&state=s")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := <-done; !errors.Is(err, ghapp.ErrCodeRejected) || resp.StatusCode != http.StatusBadGateway {
		t.Errorf("run = %v, page %s; want ErrCodeRejected and 502", err, resp.Status)
	}
}

func TestRunRefuses(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, ".env")
	_ = os.WriteFile(existing, nil, 0o600)
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte(`{"url":"https://h.example","default_permission":{}}`), 0o644)
	tests := []struct {
		name string
		args []string
		want error
	}{
		{"existing env file", []string{"-env", existing}, nil},
		{"env file in a missing folder", []string{"-env", filepath.Join(dir, "missing", ".env")}, os.ErrNotExist},
		{"not loopback", []string{"-listen", "0.0.0.0:0", "-env", filepath.Join(dir, "a")}, nil},
		{"bad manifest", []string{"-manifest", bad, "-env", filepath.Join(dir, "b")}, ghapp.ErrUnknownParameter},
		{"missing manifest", []string{"-manifest", filepath.Join(dir, "none.json"), "-env", filepath.Join(dir, "c")}, os.ErrNotExist},
		{"bad target", []string{"-base", "http://github.example.com", "-env", filepath.Join(dir, "d")}, ghapp.ErrInvalidTarget},
		{"no homepage", []string{"-homepage", "", "-env", filepath.Join(dir, "e")}, ghapp.ErrRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, io.Discard, options{ready: func(string) { t.Error("served the page despite the problem") }})
			if err == nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("run(%v) = %v, want an error wrapping %v", tt.args, err, tt.want)
			}
		})
	}
}

// TestInterruptedLeavesNoFile: a flow stopped before GitHub answers removes
// the env file it reserved, which is still empty.
func TestInterruptedLeavesNoFile(t *testing.T) {
	env := filepath.Join(t.TempDir(), ".env")
	ctx, cancel := context.WithCancel(context.Background())
	err := run(ctx, []string{"-name", "x", "-env", env}, io.Discard, options{ready: func(string) {
		if fi, err := os.Stat(env); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("env file not reserved with mode 0600: %v", err)
		}
		cancel()
	}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("run = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(env); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the reserved env file is still there: %v", err)
	}
}

// TestCredentialsNeverLost: when the reserved env file can no longer be
// written (its folder is gone), the credentials go to the terminal instead.
func TestCredentialsNeverLost(t *testing.T) {
	gh := newGitHub(t)
	dir := filepath.Join(t.TempDir(), "sub")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	addr, out, done := start(t, []string{"-name", "x", "-base", gh.URL, "-env", filepath.Join(dir, ".env")}, options{state: "s"})
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(addr + "/redirect?code=" + code + "&state=s")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := <-done; !errors.Is(err, os.ErrNotExist) {
		t.Errorf("run = %v, want the write error", err)
	}
	for _, want := range []string{"Created Octocat App (app ID 1).", "keep them safe", `APP_ID="1"`, `GITHUB_CLIENT_SECRET="1726be1638095a19edd134c77bde3aa2ece1e5d8"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
