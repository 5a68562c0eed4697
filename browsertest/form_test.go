package browsertest

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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

// browser starts headless Chromium with a fresh profile, and extra flags
// when given, and returns a chromedp context for one tab, which ends
// within limit.
func browser(t *testing.T, limit time.Duration, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path := chromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, append([]chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	}, extra...)...)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil { // start the browser now
		t.Fatalf("starting Chromium: %v", err)
	}
	return tab
}

// serveOn serves h on a new loopback listener and returns its port.
func serveOn(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().(*net.TCPAddr).AddrPort().String()[len("127.0.0.1:"):]
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
	began := time.Now()
	tab := browser(t, 60*time.Second)

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
	// The registration page on another origin than the form's: localhost
	// against 127.0.0.1.
	target := ghapp.Target{BaseURL: strings.Replace(registration.URL, "127.0.0.1", "localhost", 1)}
	var page bytes.Buffer
	if err := m.WriteForm(&page, target, state); err != nil {
		t.Fatal(err)
	}
	form := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(page.Bytes())
	}))
	defer form.Close()

	if err := chromedp.Do(tab, chromedp.Navigate(form.URL+"/")); err != nil {
		t.Fatal(err)
	}
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
	case <-tab.Done():
		t.Fatalf("Chromium posted nothing within the time limit: %v", tab.Err())
	}
	t.Logf("form test in Chromium: %v", time.Since(began).Round(time.Millisecond))
}
