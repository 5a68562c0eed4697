package browsertest

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/ghapp-dev/ghapp"
)

// chromium returns the path of a Chromium binary, or skips the test (fails
// it in CI) when there is none.
func chromium(t *testing.T) string {
	t.Helper()
	for _, c := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser", "/usr/bin/chromium"} {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no Chromium: install Debian's chromium package (.ci/run does)")
	}
	t.Skip("no Chromium; install Debian's chromium package to run this test")
	return ""
}

// posted is what the stand-in registration page received.
type posted struct {
	manifest, state, contentType string
}

// TestFormSubmitsItselfInChromium serves the form page of a manifest whose
// name and description try to break out of the page, opens it in headless
// Chromium, and checks that the page posts the manifest and the state to the
// registration page byte for byte.
func TestFormSubmitsItselfInChromium(t *testing.T) {
	browser := chromium(t)

	got := make(chan posted, 1)
	registration := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/settings/apps/new" {
			http.NotFound(w, r)
			return
		}
		select {
		case got <- posted{r.PostFormValue("manifest"), r.URL.Query().Get("state"), r.Header.Get("Content-Type")}:
		default:
		}
		_, _ = w.Write([]byte("<!DOCTYPE html><title>received</title>"))
	}))
	defer registration.Close()

	m := ghapp.Manifest{
		Name:        `O"></form><script>x()</script>`,
		URL:         "https://www.example.com",
		Description: "</script><script>document.forms[0].manifest.value='pwned'</script> & \"quotes\" 'single' <!-- \u2028 日本語 😀",
		RedirectURL: "https://example.com/redirect?x=1&y=2",
		HookAttributes: &ghapp.HookAttributes{
			URL: "https://example.com/github/events",
		},
		DefaultPermissions: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelWrite, ghapp.PermissionChecks: ghapp.LevelWrite},
		DefaultEvents:      []ghapp.Event{ghapp.EventIssues, ghapp.EventCheckRun},
	}
	const state = `s&t"a<t>e f#g+h`
	target := ghapp.Target{BaseURL: registration.URL}
	var page bytes.Buffer
	if err := m.WriteForm(&page, target, state); err != nil {
		t.Fatal(err)
	}
	form := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page.Bytes())
	}))
	defer form.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir="+t.TempDir(), form.URL+"/")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()

	select {
	case p := <-got:
		if p.manifest != m.String() {
			t.Errorf("posted manifest:\n%q\nwant\n%q", p.manifest, m.String())
		}
		if p.state != state {
			t.Errorf("posted state %q, want %q", p.state, state)
		}
		if p.contentType != "application/x-www-form-urlencoded" {
			t.Errorf("Content-Type %q", p.contentType)
		}
		back, err := ghapp.ReadManifest(bytes.NewReader([]byte(p.manifest)))
		if err != nil || back.Description != m.Description || back.Name != m.Name {
			t.Errorf("the posted manifest reads as %+v, %v", back, err)
		}
	case <-ctx.Done():
		t.Fatalf("Chromium posted nothing within the time limit; its output:\n%s", stderr.String())
	}
}
