package browsertest

import (
	"context"
	"encoding/json"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// conversionExample returns GitHub's documented answer to a manifest
// conversion, from ../shared/reference beside the repository.
func conversionExample(t *testing.T) map[string]any {
	data, err := os.ReadFile(filepath.Join("..", "..", "shared", "reference", "extracts", "app-manifest-conversion.openapi.json"))
	if err != nil {
		t.Skipf("GitHub's documented conversion example is not here: %v", err)
	}
	var doc map[string]json.RawMessage
	var example struct {
		Value map[string]any `json:"value"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(doc["components.examples.integration-from-manifest"], &example); err != nil || example.Value == nil {
		t.Fatalf("no integration-from-manifest example: %v", err)
	}
	return example.Value
}

const code = "a180b1a3d263c81bc6441d7b990bae27d4c10679"

// confirmPage stands in for GitHub's page that asks the person to create
// the app.
var confirmPage = template.Must(template.New("confirm").Parse(`<!DOCTYPE html>
<title>Create GitHub App</title>
<form action="/settings/apps/confirm" method="post">
<input type="hidden" name="redirect_url" value="{{.RedirectURL}}">
<input type="hidden" name="state" value="{{.State}}">
<button id="create" type="submit">Create GitHub App for {{.Name}}</button>
</form>`))

// TestManifestFlowInChromium runs the whole flow in headless Chromium:
// ManifestFlow serves the start page on http://127.0.0.1:PORT; the page
// submits itself to a stand-in for GitHub's registration page on
// http://localhost:PORT2, another site, as github.com is; the stand-in
// sends the browser back with a code; ManifestFlow checks the cookie,
// exchanges the code with the stand-in's API (GitHub's documented answer)
// and sends the browser to the installation page.
func TestManifestFlowInChromium(t *testing.T) {
	began := time.Now()
	answer := conversionExample(t)
	tab := browser(t, 90*time.Second)

	var mu sync.Mutex
	var registered []url.Values // the state the registration page got
	var conversions []*http.Request
	gitHub := http.NewServeMux()
	var gitHubOrigin string
	// GitHub's registration page shows the app and a button; once the
	// person clicks it, GitHub sends the browser to redirect_url. The click
	// makes the redirect back start from GitHub's site, as it does for real,
	// so the flow's cookie is sent only because it is SameSite=Lax.
	gitHub.HandleFunc("POST /settings/apps/new", func(w http.ResponseWriter, r *http.Request) {
		m, err := ghapp.ReadManifest(strings.NewReader(r.PostFormValue("manifest")))
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		mu.Lock()
		registered = append(registered, r.URL.Query())
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = confirmPage.Execute(w, struct{ Name, RedirectURL, State string }{m.Name, m.RedirectURL, r.URL.Query().Get("state")})
	})
	gitHub.HandleFunc("POST /settings/apps/confirm", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.PostFormValue("redirect_url")+"?code="+code+"&state="+url.QueryEscape(r.PostFormValue("state")), http.StatusFound)
	})
	gitHub.HandleFunc("POST /api/v3/app-manifests/{code}/conversions", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		conversions = append(conversions, r.Clone(r.Context()))
		mu.Unlock()
		if r.PathValue("code") != code {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		a := map[string]any{}
		for k, v := range answer {
			a[k] = v
		}
		a["html_url"] = gitHubOrigin + "/apps/octoapp" // so that the installation page is the stand-in's
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(a)
	})
	gitHub.HandleFunc("GET /apps/octoapp/installations/new", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `<!DOCTYPE html><title>Install Octocat App</title><p id="install">Install Octocat App</p>`)
	})
	gitHubOrigin = "http://localhost:" + serveOn(t, gitHub)

	created := make(chan *ghapp.AppCredentials, 1)
	var flowErrs []error
	flow := &ghapp.ManifestFlow{
		Manifest: func(*http.Request) (ghapp.Manifest, ghapp.Target, error) {
			return ghapp.Manifest{
				Name: "Octoapp", URL: "https://www.example.com",
				DefaultPermissions: ghapp.Permissions{ghapp.PermissionIssues: ghapp.LevelWrite},
				DefaultEvents:      []ghapp.Event{ghapp.EventIssues},
			}, ghapp.Target{BaseURL: gitHubOrigin}, nil
		},
		Created: func(_ http.ResponseWriter, _ *http.Request, c *ghapp.AppCredentials) error {
			created <- c
			return nil
		},
		OnError: func(_ *http.Request, err error) { mu.Lock(); flowErrs = append(flowErrs, err); mu.Unlock() },
	}
	var callbackCookies []string
	flowPort := serveOn(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/github/callback" {
			mu.Lock()
			for _, c := range r.Cookies() {
				callbackCookies = append(callbackCookies, c.Name)
			}
			mu.Unlock()
		}
		flow.ServeHTTP(w, r)
	}))
	flowOrigin := "http://127.0.0.1:" + flowPort
	flow.RedirectURL = flowOrigin + "/github/callback"

	steps, cancel := context.WithTimeout(tab, 20*time.Second)
	defer cancel()
	err := chromedp.Do(steps,
		chromedp.Navigate(flowOrigin+"/github/new"),
		chromedp.WaitVisible(chromedp.CSS("#create")), // GitHub's page, after the form submitted itself
		chromedp.Click(chromedp.CSS("#create")),
		chromedp.WaitVisible(chromedp.CSS("#install")),
	)
	var location, title string
	if err == nil {
		location, err = chromedp.Run(tab, chromedp.Location())
	}
	if err == nil {
		title, err = chromedp.Run(tab, chromedp.Title())
	}
	if err != nil {
		mu.Lock()
		defer mu.Unlock()
		t.Fatalf("the browser did not reach the installation page: %v (registered %v, conversions %d, errors %v)", err, registered, len(conversions), flowErrs)
	}
	if want := gitHubOrigin + "/apps/octoapp/installations/new"; location != want || title != "Install Octocat App" {
		t.Errorf("the browser ended on %q (%q), want %q", location, title, want)
	}
	var c *ghapp.AppCredentials
	select {
	case c = <-created:
	default:
		t.Fatal("Created was not called")
	}
	got := []any{c.ID, c.Slug, c.ClientID, c.ClientSecret.Reveal(), c.WebhookSecret.Reveal(), strings.HasPrefix(c.PEM.Reveal(), "-----BEGIN RSA PRIVATE KEY-----\n")}
	want := []any{answer["id"].(float64), answer["slug"], answer["client_id"], answer["client_secret"], answer["webhook_secret"], true}
	got[0] = float64(got[0].(int64))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("credentials mismatch (-want +got):\n%s", diff)
	}
	if _, err := c.PrivateKey(); err != nil {
		t.Errorf("PrivateKey: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(callbackCookies) != 1 || !strings.HasPrefix(callbackCookies[0], "ghapp_flow_") {
		t.Errorf("cookies sent with GitHub's redirect back: %v, want the flow's", callbackCookies)
	}
	if len(registered) != 1 || len(conversions) != 1 || len(flowErrs) != 0 {
		t.Errorf("%d registrations, %d conversions, errors %v", len(registered), len(conversions), flowErrs)
	}
	if r := conversions[0]; r.Header.Get("Accept") != "application/vnd.github+json" || r.Header.Get("X-GitHub-Api-Version") != ghapp.APIVersion {
		t.Errorf("conversion headers %v", r.Header)
	}
	t.Logf("whole flow in Chromium: %v", time.Since(began).Round(time.Millisecond))
}
