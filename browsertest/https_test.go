package browsertest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ghapp-dev/ghapp"
)

// tlsBrowser is browser with certificate errors ignored, for httptest's
// TLS servers.
func tlsBrowser(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	return browser(t, limit, chromedp.Flag("ignore-certificate-errors", true))
}

// TestManifestFlowHTTPSInChromium runs the whole flow over https, where
// the flow's cookie is a __Host- one (Secure, Path=/, no Domain): Chromium
// must keep it and send it with GitHub's cross-site redirect back, or the
// flow would end in ErrMissingCookie. ManifestFlow is served on
// https://localhost:PORT, the stand-in for GitHub on
// https://127.0.0.1:PORT2, another site.
func TestManifestFlowHTTPSInChromium(t *testing.T) {
	answer := conversionExample(t)
	tab := tlsBrowser(t, 90*time.Second)

	var mu sync.Mutex
	var callbackCookies []string
	var flowErrs []error
	gitHub := http.NewServeMux()
	var gitHubOrigin string
	gitHub.HandleFunc("POST /settings/apps/new", func(w http.ResponseWriter, r *http.Request) {
		m, err := ghapp.ReadManifest(strings.NewReader(r.PostFormValue("manifest")))
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = confirmPage.Execute(w, struct{ Name, RedirectURL, State string }{m.Name, m.RedirectURL, r.URL.Query().Get("state")})
	})
	gitHub.HandleFunc("POST /settings/apps/confirm", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.PostFormValue("redirect_url")+"?code="+code+"&state="+r.PostFormValue("state"), http.StatusFound)
	})
	gitHub.HandleFunc("POST /api/v3/app-manifests/{code}/conversions", func(w http.ResponseWriter, r *http.Request) {
		a := map[string]any{}
		for k, v := range answer {
			a[k] = v
		}
		a["html_url"] = gitHubOrigin + "/apps/octoapp"
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(a)
	})
	gitHub.HandleFunc("GET /apps/octoapp/installations/new", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `<!DOCTYPE html><title>Install Octocat App</title><p id="install">Install Octocat App</p>`)
	})
	gh := httptest.NewTLSServer(gitHub)
	t.Cleanup(gh.Close)
	gitHubOrigin = gh.URL

	created := make(chan *ghapp.AppCredentials, 1)
	flow := &ghapp.ManifestFlow{
		Manifest: func(*http.Request) (ghapp.Manifest, ghapp.Target, error) {
			return ghapp.Manifest{Name: "Octoapp", URL: "https://www.example.com"}, ghapp.Target{BaseURL: gitHubOrigin}, nil
		},
		Created: func(_ http.ResponseWriter, _ *http.Request, c *ghapp.AppCredentials) error {
			created <- c
			return nil
		},
		Client:  gh.Client(), // trusts httptest's certificate
		OnError: func(_ *http.Request, err error) { mu.Lock(); flowErrs = append(flowErrs, err); mu.Unlock() },
	}
	platform := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/github/callback" {
			mu.Lock()
			for _, c := range r.Cookies() {
				callbackCookies = append(callbackCookies, c.Name)
			}
			mu.Unlock()
		}
		flow.ServeHTTP(w, r)
	}))
	t.Cleanup(platform.Close)
	flowOrigin := strings.Replace(platform.URL, "127.0.0.1", "localhost", 1)
	flow.RedirectURL = flowOrigin + "/github/callback"

	steps, cancel := context.WithTimeout(tab, 20*time.Second)
	defer cancel()
	err := chromedp.Do(steps,
		chromedp.Navigate(flowOrigin+"/github/new"),
		chromedp.WaitVisible(chromedp.CSS("#create")),
		chromedp.Click(chromedp.CSS("#create")),
		chromedp.WaitVisible(chromedp.CSS("#install")),
	)
	mu.Lock()
	defer mu.Unlock()
	if err != nil {
		t.Fatalf("the browser did not reach the installation page: %v (cookies at the callback %v, errors %v)", err, callbackCookies, flowErrs)
	}
	select {
	case c := <-created:
		if c.ID != 1 || c.ClientSecret.Reveal() != answer["client_secret"] {
			t.Errorf("credentials of app %d", c.ID)
		}
	default:
		t.Fatal("Created was not called")
	}
	if len(callbackCookies) != 1 || !strings.HasPrefix(callbackCookies[0], "__Host-ghapp_flow_") || len(flowErrs) != 0 {
		t.Errorf("cookies sent with GitHub's redirect back: %v, want the flow's __Host- one; errors %v", callbackCookies, flowErrs)
	}
}
