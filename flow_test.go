package ghapp_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// documentedCode is the code of GitHub's documented redirect.
const documentedCode = "a180b1a3d263c81bc6441d7b990bae27d4c10679"

// gitHub is a local stand-in for GitHub, answering for every host the
// test's transport sends to it (it records the Host asked for): its
// registration pages take the form's POST and send the browser to the
// manifest's redirect_url with a code and the state, as GitHub does once
// the person confirms; its API converts the code with GitHub's documented
// example.
type gitHub struct {
	*httptest.Server
	answer []byte
	status atomic.Int32
	hold   chan struct{} // when not nil, the API waits for it to close
	called chan struct{} // a value for each conversion asked for

	mu          sync.Mutex
	posts       []registration
	conversions []*http.Request
}

type registration struct {
	host, path, state string
	manifest          ghapp.Manifest
}

func newGitHub(t *testing.T) *gitHub {
	g := &gitHub{answer: conversionExample(t), called: make(chan struct{}, 16)}
	g.status.Store(http.StatusCreated)
	register := func(w http.ResponseWriter, r *http.Request) {
		m, err := ghapp.ReadManifest(strings.NewReader(r.PostFormValue("manifest")))
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		state := r.URL.Query().Get("state")
		g.mu.Lock()
		g.posts = append(g.posts, registration{r.Host, r.URL.Path, state, m})
		g.mu.Unlock()
		http.Redirect(w, r, m.RedirectURL+"?code="+documentedCode+"&state="+url.QueryEscape(state), http.StatusFound)
	}
	convert := func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.conversions = append(g.conversions, r.Clone(context.Background()))
		hold := g.hold
		g.mu.Unlock()
		g.called <- struct{}{}
		if hold != nil {
			<-hold
		}
		w.Header().Set("Content-Type", "application/json")
		if r.PathValue("code") != documentedCode {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"message":"Not Found"}`)
			return
		}
		status := int(g.status.Load())
		w.WriteHeader(status)
		if status == http.StatusCreated {
			_, _ = w.Write(g.answer)
		} else {
			_, _ = io.WriteString(w, `{"message":"Validation Failed","documentation_url":"https://docs.github.com/rest"}`)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /settings/apps/new", register)
	mux.HandleFunc("POST /organizations/{org}/settings/apps/new", register)
	mux.HandleFunc("POST /api/v3/app-manifests/{code}/conversions", convert)
	mux.HandleFunc("POST /app-manifests/{code}/conversions", convert)
	g.Server = httptest.NewServer(mux)
	t.Cleanup(g.Close)
	return g
}

func (g *gitHub) holdAPI() (release func()) {
	ch := make(chan struct{})
	g.mu.Lock()
	g.hold = ch
	g.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

func (g *gitHub) conversionCount() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.conversions)
}

// platformHost is the host the tests' platform serves the flow on, over
// https as far as browser and cookies know.
const platformHost = "platform.example"

// world routes requests: the platform's host to the flow's server,
// loopback hosts as they are, and every other host (github.com,
// api.github.com, GHES, GHE.com) to the stand-in, all over plain http.
type world struct {
	gh       *gitHub
	platform *httptest.Server
}

func (w *world) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	switch host := r.URL.Hostname(); {
	case host == platformHost:
		r.URL.Scheme, r.URL.Host = "http", strings.TrimPrefix(w.platform.URL, "http://")
	case host == "127.0.0.1" || host == "localhost":
	default:
		r.URL.Scheme, r.URL.Host = "http", strings.TrimPrefix(w.gh.URL, "http://")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// recorder collects what the flow hands out: credentials, errors, log
// records and responses, to check that no secret is among them.
type recorder struct {
	mu       sync.Mutex
	created  []*ghapp.AppCredentials
	contexts []error // Created's request context's Err when called
	errs     []error
	log      bytes.Buffer
	seen     []string // responses' headers and bodies
	createdC chan *ghapp.AppCredentials
}

func (rec *recorder) errorsAre(t *testing.T, want ...error) {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.errs) != len(want) {
		t.Errorf("OnError got %v, want %d errors %v", rec.errs, len(want), want)
		return
	}
	for i, err := range rec.errs {
		if !errors.Is(err, want[i]) {
			t.Errorf("OnError's error %d is %v, want %v", i, err, want[i])
		}
	}
}

func (rec *recorder) createdCount() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.created)
}

// setup returns a flow whose Manifest gives m and target, served at
// https://platform.example/github/ (RedirectURL .../github/callback), a
// stand-in for GitHub, and what the flow handed out. change adjusts the
// flow before it serves.
func setup(t *testing.T, target func(*gitHub) ghapp.Target, change func(*ghapp.ManifestFlow)) (*ghapp.ManifestFlow, *world, *recorder) {
	t.Helper()
	gh := newGitHub(t)
	rec := &recorder{createdC: make(chan *ghapp.AppCredentials, 16)}
	w := &world{gh: gh}
	f := &ghapp.ManifestFlow{
		Manifest: func(r *http.Request) (ghapp.Manifest, ghapp.Target, error) {
			m := documentedManifestConfig().Manifest()
			if name := r.URL.Query().Get("name"); name != "" {
				m.Name = name
			}
			return m, target(gh), nil
		},
		RedirectURL: "https://" + platformHost + "/github/callback",
		Created: func(w http.ResponseWriter, r *http.Request, c *ghapp.AppCredentials) error {
			rec.mu.Lock()
			rec.created = append(rec.created, c)
			rec.contexts = append(rec.contexts, r.Context().Err())
			rec.mu.Unlock()
			rec.createdC <- c
			return nil
		},
		Client:  &http.Client{Transport: w},
		OnError: func(_ *http.Request, err error) { rec.mu.Lock(); rec.errs = append(rec.errs, err); rec.mu.Unlock() },
	}
	f.Logger = slog.New(slog.NewJSONHandler(&syncWriter{w: &rec.log, mu: &rec.mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if change != nil {
		change(f)
	}
	w.platform = httptest.NewServer(f)
	t.Cleanup(w.platform.Close)
	t.Cleanup(func() { checkNoSecrets(t, rec) })
	return f, w, rec
}

type syncWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// checkNoSecrets fails if a secret or the code shows in a response, a log
// record or an error the flow handed out.
func checkNoSecrets(t *testing.T, rec *recorder) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	outputs := append([]string{rec.log.String()}, rec.seen...)
	for _, err := range rec.errs {
		outputs = append(outputs, err.Error(), fmt.Sprintf("%+v", err))
	}
	for _, out := range outputs {
		for _, s := range []string{exampleClientSecret, exampleWebhookSecret, "PRIVATE KEY", documentedCode} {
			if strings.Contains(out, s) {
				t.Errorf("%q appears in %q", s, out)
			}
		}
	}
}

// browser is a Go HTTP client standing in for a browser: it keeps cookies
// and follows redirects, but stops at GitHub's installation page.
type browser struct {
	*http.Client
	rec *recorder
}

func newBrowser(t *testing.T, w *world, rec *recorder) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{&http.Client{Jar: jar, Transport: w, Timeout: 30 * time.Second, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if strings.HasSuffix(r.URL.Path, "/installations/new") {
			return http.ErrUseLastResponse
		}
		return nil
	}}, rec}
}

// page is a response the browser received.
type page struct {
	*http.Response
	body string
}

func (b *browser) do(t *testing.T, req *http.Request) page {
	t.Helper()
	resp, err := b.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if req.URL.Hostname() == platformHost { // GitHub's own pages hold the code
		b.rec.mu.Lock()
		b.rec.seen = append(b.rec.seen, fmt.Sprint(resp.Header), string(body))
		b.rec.mu.Unlock()
	}
	return page{resp, string(body)}
}

func (b *browser) get(t *testing.T, u string) page {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	return b.do(t, req)
}

var formActionAny = regexp.MustCompile(`action="([^"]*)"`)

// submit posts the form of a start page, as its script does.
func (b *browser) submit(t *testing.T, start page) page {
	t.Helper()
	a, v := formActionAny.FindStringSubmatch(start.body), formManifest.FindStringSubmatch(start.body)
	if a == nil || v == nil {
		t.Fatalf("no form in %s\n%s", start.Status, start.body)
	}
	req, _ := http.NewRequest(http.MethodPost, html.UnescapeString(a[1]), strings.NewReader(url.Values{"manifest": {html.UnescapeString(v[1])}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(t, req)
}

// startURL is where the platform starts flows.
const startURL = "https://" + platformHost + "/github/new"

// callbackURL posts the start page's form without following GitHub's
// redirect back, and returns that redirect's URL.
func (b *browser) callbackURL(t *testing.T, start page) string {
	t.Helper()
	c := *b.Client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	saved := b.Client
	b.Client = &c
	defer func() { b.Client = saved }()
	p := b.submit(t, start)
	if p.StatusCode != http.StatusFound {
		t.Fatalf("registration page: %s", p.Status)
	}
	return p.Header.Get("Location")
}

func cookieOf(resp *http.Response) *http.Cookie {
	for _, c := range resp.Cookies() {
		if strings.Contains(c.Name, "ghapp_flow_") {
			return c
		}
	}
	return nil
}

// checkDocumentedCredentials fails unless c holds the documented example's
// app and secrets.
func checkDocumentedCredentials(t *testing.T, c *ghapp.AppCredentials) {
	t.Helper()
	got := []any{c.ID, c.Slug, c.ClientID, c.ClientSecret.Reveal(), c.WebhookSecret.Reveal(), strings.HasPrefix(c.PEM.Reveal(), "-----BEGIN RSA PRIVATE KEY-----\n")}
	want := []any{int64(1), "octoapp", "Iv1.8a61f9b3a7aba766", exampleClientSecret, exampleWebhookSecret, true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("credentials mismatch (-want +got):\n%s", diff)
	}
}

func TestManifestFlow(t *testing.T) {
	tests := []struct {
		name           string
		target         func(*gitHub) ghapp.Target
		formAction     string // before the state
		conversionHost string
		conversionPath string
	}{
		{"personal account", func(*gitHub) ghapp.Target { return ghapp.Target{} },
			"https://github.com/settings/apps/new", "api.github.com", "/app-manifests/" + documentedCode + "/conversions"},
		{"organization", func(*gitHub) ghapp.Target { return ghapp.Target{Organization: "octo-org"} },
			"https://github.com/organizations/octo-org/settings/apps/new", "api.github.com", "/app-manifests/" + documentedCode + "/conversions"},
		{"GitHub Enterprise Server", func(*gitHub) ghapp.Target {
			return ghapp.Target{BaseURL: "https://github.example.com", Organization: "octo-org"}
		},
			"https://github.example.com/organizations/octo-org/settings/apps/new", "github.example.com", "/api/v3/app-manifests/" + documentedCode + "/conversions"},
		{"GHE.com", func(*gitHub) ghapp.Target { return ghapp.Target{BaseURL: "https://octocorp.ghe.com"} },
			"https://octocorp.ghe.com/settings/apps/new", "api.octocorp.ghe.com", "/app-manifests/" + documentedCode + "/conversions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, w, rec := setup(t, tt.target, nil)
			b := newBrowser(t, w, rec)
			start := b.get(t, startURL)
			if start.StatusCode != http.StatusOK {
				t.Fatalf("start: %s\n%s", start.Status, start.body)
			}
			origin := tt.formAction[:strings.Index(tt.formAction[len("https://"):], "/")+len("https://")]
			wantHeaders := map[string]string{
				"Cache-Control":           "no-store",
				"Referrer-Policy":         "no-referrer",
				"X-Content-Type-Options":  "nosniff",
				"Content-Type":            "text/html; charset=utf-8",
				"Content-Security-Policy": "default-src 'none'; script-src " + ghapp.FormScriptHash + "; form-action " + origin + " https://" + platformHost + "; base-uri 'none'; frame-ancestors 'none'",
			}
			for k, v := range wantHeaders {
				if got := start.Header.Get(k); got != v {
					t.Errorf("start page %s = %q, want %q", k, got, v)
				}
			}
			cookie := cookieOf(start.Response)
			if cookie == nil {
				t.Fatalf("no flow cookie: %v", start.Header["Set-Cookie"])
			}
			gotCookie := []any{strings.HasPrefix(cookie.Name, "__Host-ghapp_flow_"), cookie.Path, cookie.MaxAge, cookie.HttpOnly, cookie.Secure, cookie.SameSite, cookie.Domain}
			if diff := cmp.Diff([]any{true, "/", 3600, true, true, http.SameSiteLaxMode, ""}, gotCookie); diff != "" {
				t.Errorf("cookie mismatch (-want +got):\n%s", diff)
			}
			action := html.UnescapeString(formActionAny.FindStringSubmatch(start.body)[1])
			if want := tt.formAction + "?state=" + cookie.Value; action != want {
				t.Errorf("form action %q, want %q", action, want)
			}

			end := b.submit(t, start)
			if end.StatusCode != http.StatusSeeOther || end.Header.Get("Location") != "https://github.com/apps/octoapp/installations/new" {
				t.Fatalf("after the callback: %s to %q\n%s", end.Status, end.Header.Get("Location"), end.body)
			}
			if c := cookieOf(end.Response); c == nil || c.MaxAge >= 0 || c.Name != cookie.Name {
				t.Errorf("the callback did not delete the flow's cookie: %v", end.Header["Set-Cookie"])
			}
			for k := range wantHeaders {
				if k == "Cache-Control" || k == "Referrer-Policy" {
					if end.Header.Get(k) != wantHeaders[k] {
						t.Errorf("callback %s = %q", k, end.Header.Get(k))
					}
				}
			}
			if rec.createdCount() != 1 {
				t.Fatalf("Created called %d times", rec.createdCount())
			}
			checkDocumentedCredentials(t, rec.created[0])
			if rec.contexts[0] != nil {
				t.Errorf("Created's context: %v", rec.contexts[0])
			}
			gh := w.gh
			if len(gh.posts) != 1 || gh.posts[0].state != cookie.Value || gh.posts[0].manifest.RedirectURL != "https://"+platformHost+"/github/callback" {
				t.Errorf("GitHub received %+v", gh.posts)
			}
			if len(gh.conversions) != 1 {
				t.Fatalf("%d conversions", len(gh.conversions))
			}
			r := gh.conversions[0]
			got := []string{r.Host, r.URL.Path, r.Header.Get("Accept"), r.Header.Get("X-GitHub-Api-Version"), r.Header.Get("User-Agent")[:5]}
			if diff := cmp.Diff([]string{tt.conversionHost, tt.conversionPath, "application/vnd.github+json", ghapp.APIVersion, "ghapp"}, got); diff != "" {
				t.Errorf("conversion request mismatch (-want +got):\n%s", diff)
			}
			rec.errorsAre(t)
			if log := rec.log.String(); !strings.Contains(log, "manifest flow started") || !strings.Contains(log, "created an app") || strings.Contains(log, cookie.Value) {
				t.Errorf("log:\n%s", log)
			}
		})
	}
}

// TestManifestFlowLoopbackTarget: the stand-in itself as the target (a
// loopback GHES), and the flow on http on a loopback host: the cookie is
// not Secure, has no prefix, and is scoped to the callback's path.
func TestManifestFlowLoopbackTarget(t *testing.T) {
	gh := newGitHub(t)
	got := make(chan *ghapp.AppCredentials, 1)
	f := &ghapp.ManifestFlow{
		Manifest: func(*http.Request) (ghapp.Manifest, ghapp.Target, error) {
			return documentedManifestConfig().Manifest(), ghapp.Target{BaseURL: gh.URL}, nil
		},
		Created: func(_ http.ResponseWriter, _ *http.Request, c *ghapp.AppCredentials) error { got <- c; return nil },
	}
	srv := httptest.NewServer(f)
	defer srv.Close()
	f.RedirectURL = srv.URL + "/callback"
	jar, _ := cookiejar.New(nil)
	b := &browser{&http.Client{Jar: jar, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if strings.HasSuffix(r.URL.Path, "/installations/new") {
			return http.ErrUseLastResponse
		}
		return nil
	}}, &recorder{}}
	start := b.get(t, srv.URL+"/")
	c := cookieOf(start.Response)
	if c == nil || c.Secure || !strings.HasPrefix(c.Name, "ghapp_flow_") || c.Path != "/callback" || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
		t.Fatalf("cookie %+v", c)
	}
	end := b.submit(t, start)
	if end.StatusCode != http.StatusSeeOther {
		t.Fatalf("end: %s\n%s", end.Status, end.body)
	}
	checkDocumentedCredentials(t, <-got)
	if r := gh.conversions[0]; r.URL.Path != "/api/v3/app-manifests/"+documentedCode+"/conversions" {
		t.Errorf("conversion at %s", r.URL.Path)
	}
}

func personal(*gitHub) ghapp.Target { return ghapp.Target{} }

// TestManifestFlowCookieFixation: on https the flow's cookie is a __Host-
// one, which only the platform's own host can set. A sibling subdomain
// can set any other cookie for it (Domain=), __Secure- ones included, as
// the reviewer's attack did: the attacker starts a flow, creates the app
// on GitHub, plants the flow's cookie under such a name in the victim's
// browser and has the victim open GitHub's redirect back, so that the
// attacker's app is saved under the victim's session. Such a cookie must
// not complete a flow.
func TestManifestFlowCookieFixation(t *testing.T) {
	for _, prefix := range []string{"__Secure-", ""} {
		t.Run("planted as "+prefix+"ghapp_flow_", func(t *testing.T) {
			_, w, rec := setup(t, personal, nil)
			attacker := newBrowser(t, w, rec)
			start := attacker.get(t, startURL)
			cookie := cookieOf(start.Response)
			link := attacker.callbackURL(t, start)
			base := cookie.Name[strings.Index(cookie.Name, "ghapp_flow_"):]
			victim := newBrowser(t, w, rec)
			u, _ := url.Parse("https://" + platformHost + "/github/callback")
			victim.Jar.SetCookies(u, []*http.Cookie{{Name: prefix + base, Value: cookie.Value, Path: "/"}})
			p := victim.get(t, link)
			if p.StatusCode != http.StatusBadRequest || rec.createdCount() != 0 || w.gh.conversionCount() != 0 {
				t.Errorf("the victim's request: %s, Created called %d times, %d exchanges", p.Status, rec.createdCount(), w.gh.conversionCount())
			}
			rec.errorsAre(t, ghapp.ErrMissingCookie)
			// The attacker's own browser, which the platform gave the
			// cookie, still completes.
			if p := attacker.get(t, link); p.StatusCode != http.StatusSeeOther {
				t.Errorf("the flow's own browser: %s", p.Status)
			}
		})
	}
}

// TestManifestFlowWrongPath: GitHub's redirect back reaching the handler on
// a path other than RedirectURL's (mounted under http.StripPrefix, or
// behind a proxy that rewrites paths) is a misconfiguration: 500, an error
// naming RedirectURL for OnError, and no new flow that would lose the
// code without a word, as the reviewer found.
func TestManifestFlowWrongPath(t *testing.T) {
	t.Run("under StripPrefix", func(t *testing.T) {
		var mu sync.Mutex
		var errs []error
		f := &ghapp.ManifestFlow{
			Manifest: func(*http.Request) (ghapp.Manifest, ghapp.Target, error) {
				return documentedManifestConfig().Manifest(), ghapp.Target{}, nil
			},
			RedirectURL: "https://platform.example/github/callback",
			Created:     func(http.ResponseWriter, *http.Request, *ghapp.AppCredentials) error { return nil },
			OnError:     func(_ *http.Request, err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() },
		}
		mux := http.NewServeMux()
		mux.Handle("/github/", http.StripPrefix("/github", f))
		rr := httptest.NewRecorder()
		mux.ServeHTTP(rr, httptest.NewRequest(http.MethodGet, "https://platform.example/github/callback?code="+documentedCode+"&state=abc", nil))
		if rr.Code != http.StatusInternalServerError || len(rr.Result().Cookies()) != 0 || strings.Contains(rr.Body.String(), "<form") ||
			!strings.Contains(rr.Body.String(), "GitHub created the app") || strings.Contains(rr.Body.String(), documentedCode) {
			t.Errorf("%d, cookies %v\n%s", rr.Code, rr.Result().Cookies(), rr.Body)
		}
		mu.Lock()
		defer mu.Unlock()
		var fe *ghapp.FieldError
		if len(errs) != 1 || !errors.As(errs[0], &fe) || fe.Field != "RedirectURL" || !errors.Is(errs[0], ghapp.ErrInvalidURL) {
			t.Fatalf("OnError got %v, want a FieldError for RedirectURL wrapping ErrInvalidURL", errs)
		}
		if !strings.Contains(errs[0].Error(), `"/callback"`) || !strings.Contains(errs[0].Error(), `"/github/callback"`) {
			t.Errorf("the error does not name both paths: %v", errs[0])
		}
	})
	for _, tt := range []struct {
		name, query string
		status      int
	}{
		{"code and state", "?code=" + documentedCode + "&state=abc", http.StatusInternalServerError},
		{"empty code and state", "?code=&state=", http.StatusInternalServerError},
		{"state alone", "?state=abc", http.StatusOK},
		{"code alone", "?code=" + documentedCode, http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, w, rec := setup(t, personal, nil)
			p := newBrowser(t, w, rec).get(t, "https://"+platformHost+"/callback"+tt.query)
			if p.StatusCode != tt.status || (cookieOf(p.Response) != nil) != (tt.status == http.StatusOK) {
				t.Errorf("%s, cookie %v; want %d", p.Status, cookieOf(p.Response), tt.status)
			}
			if tt.status != http.StatusOK {
				rec.errorsAre(t, ghapp.ErrInvalidURL)
			}
		})
	}
}

// TestManifestFlowReplay: a callback replayed after the flow ended (a
// double click, the back button, an attacker with the URL and the cookie)
// finds the state gone: no second exchange, no second Created.
func TestManifestFlowReplay(t *testing.T) {
	_, w, rec := setup(t, personal, nil)
	b := newBrowser(t, w, rec)
	start := b.get(t, startURL)
	cookie := cookieOf(start.Response)
	callback := b.callbackURL(t, start)
	if p := b.get(t, callback); p.StatusCode != http.StatusSeeOther {
		t.Fatalf("first callback: %s", p.Status)
	}
	// The jar dropped the deleted cookie; put it back as a replay would.
	req, _ := http.NewRequest(http.MethodGet, callback, nil)
	req.AddCookie(&http.Cookie{Name: cookie.Name, Value: cookie.Value})
	p := b.do(t, req)
	if p.StatusCode != http.StatusBadRequest || !strings.Contains(p.body, "completed already") {
		t.Errorf("replay: %s\n%s", p.Status, p.body)
	}
	if n := w.gh.conversionCount(); n != 1 {
		t.Errorf("%d exchanges", n)
	}
	if n := rec.createdCount(); n != 1 {
		t.Errorf("Created called %d times", n)
	}
	rec.errorsAre(t, ghapp.ErrUnknownState)
}

// TestManifestFlowConcurrentCallbacks: two callbacks for one flow at once
// make one exchange and one call of Created; both browsers end on the
// installation page.
func TestManifestFlowConcurrentCallbacks(t *testing.T) {
	_, w, rec := setup(t, personal, nil)
	b := newBrowser(t, w, rec)
	start := b.get(t, startURL)
	callback := b.callbackURL(t, start)
	release := w.gh.holdAPI()
	defer release()
	results := make(chan page, 2)
	for i := 0; i < 2; i++ {
		go func() {
			req, _ := http.NewRequest(http.MethodGet, callback, nil)
			resp, err := b.Do(req)
			if err != nil {
				results <- page{}
				return
			}
			resp.Body.Close()
			results <- page{Response: resp}
		}()
	}
	<-w.gh.called // the first exchange is under way
	time.Sleep(50 * time.Millisecond)
	release()
	for i := 0; i < 2; i++ {
		p := <-results
		if p.Response == nil || p.StatusCode != http.StatusSeeOther || p.Header.Get("Location") != "https://github.com/apps/octoapp/installations/new" {
			t.Errorf("callback %d: %+v", i, p.Response)
		}
	}
	if n := w.gh.conversionCount(); n != 1 {
		t.Errorf("%d exchanges, want 1", n)
	}
	if n := rec.createdCount(); n != 1 {
		t.Errorf("Created called %d times, want 1", n)
	}
}

// TestManifestFlowRefusals: callbacks that must not reach GitHub, and
// starts that must not serve a form.
func TestManifestFlowRefusals(t *testing.T) {
	tests := []struct {
		name   string
		change func(*ghapp.ManifestFlow)
		// run returns the response to check.
		run    func(t *testing.T, b *browser, w *world, f *ghapp.ManifestFlow) page
		status int
		text   string // in the page
		want   error
	}{
		{"no cookie", nil, func(t *testing.T, b *browser, w *world, _ *ghapp.ManifestFlow) page {
			callback := b.callbackURL(t, b.get(t, startURL))
			other := newBrowser(t, w, b.rec)
			return other.get(t, callback)
		}, http.StatusBadRequest, "started in another browser", ghapp.ErrMissingCookie},
		{"wrong state", nil, func(t *testing.T, b *browser, _ *world, _ *ghapp.ManifestFlow) page {
			b.callbackURL(t, b.get(t, startURL))
			s, _ := ghapp.NewState()
			return b.get(t, "https://"+platformHost+"/github/callback?code="+documentedCode+"&state="+s)
		}, http.StatusBadRequest, "did not start", ghapp.ErrStateMismatch},
		{"bad code", nil, func(t *testing.T, b *browser, _ *world, _ *ghapp.ManifestFlow) page {
			callback := b.callbackURL(t, b.get(t, startURL))
			return b.get(t, strings.Replace(callback, "code="+documentedCode, "code=..%2Fx", 1))
		}, http.StatusBadRequest, "no valid code", ghapp.ErrInvalidCode},
		{"no code", nil, func(t *testing.T, b *browser, _ *world, _ *ghapp.ManifestFlow) page {
			callback := b.callbackURL(t, b.get(t, startURL))
			return b.get(t, strings.Replace(callback, "code="+documentedCode, "", 1))
		}, http.StatusBadRequest, "no valid code", ghapp.ErrInvalidCode},
		{"expired", nil, func(t *testing.T, b *browser, _ *world, f *ghapp.ManifestFlow) page {
			callback := b.callbackURL(t, b.get(t, startURL))
			clock.Add(61 * time.Minute)
			return b.get(t, callback)
		}, http.StatusBadRequest, "expired", ghapp.ErrUnknownState},
		{"expired in a store that keeps it", func(f *ghapp.ManifestFlow) { f.States = &foreverStore{data: map[string][]byte{}} },
			func(t *testing.T, b *browser, _ *world, f *ghapp.ManifestFlow) page {
				callback := b.callbackURL(t, b.get(t, startURL))
				clock.Add(61 * time.Minute)
				return b.get(t, callback)
			}, http.StatusBadRequest, "expired", ghapp.ErrUnknownState},
		{"422 from the API", nil, func(t *testing.T, b *browser, w *world, _ *ghapp.ManifestFlow) page {
			w.gh.status.Store(http.StatusUnprocessableEntity)
			return b.submit(t, b.get(t, startURL))
		}, http.StatusBadGateway, "did not accept the code", ghapp.ErrCodeRejected},
		{"full store", func(f *ghapp.ManifestFlow) { ghapp.SetMaxPending(f, 2) }, func(t *testing.T, b *browser, _ *world, _ *ghapp.ManifestFlow) page {
			for i := 0; i < 2; i++ {
				if p := b.get(t, startURL); p.StatusCode != http.StatusOK {
					t.Fatalf("start %d: %s", i, p.Status)
				}
			}
			p := b.get(t, startURL)
			if p.Header.Get("Retry-After") == "" || cookieOf(p.Response) != nil {
				t.Errorf("full store: Retry-After %q, cookie %v", p.Header.Get("Retry-After"), cookieOf(p.Response))
			}
			return p
		}, http.StatusServiceUnavailable, "Try again", ghapp.ErrStoreFull},
		{"not allowed", func(f *ghapp.ManifestFlow) { f.Allow = func(*http.Request) error { return errNotAdmin } },
			func(t *testing.T, b *browser, _ *world, _ *ghapp.ManifestFlow) page { return b.get(t, startURL) },
			http.StatusForbidden, "may not create", errNotAdmin},
		{"POST", nil, func(t *testing.T, b *browser, _ *world, _ *ghapp.ManifestFlow) page {
			p := b.do(t, mustRequest(http.MethodPost, startURL))
			if p.Header.Get("Allow") != http.MethodGet {
				t.Errorf("Allow %q", p.Header.Get("Allow"))
			}
			return p
		}, http.StatusMethodNotAllowed, "GET", nil},
		{"HEAD", nil, func(t *testing.T, b *browser, _ *world, _ *ghapp.ManifestFlow) page {
			return b.do(t, mustRequest(http.MethodHead, startURL))
		},
			http.StatusMethodNotAllowed, "", nil},
		{"manifest error", func(f *ghapp.ManifestFlow) {
			f.Manifest = func(*http.Request) (ghapp.Manifest, ghapp.Target, error) {
				return ghapp.Manifest{}, ghapp.Target{}, errNoTeam
			}
		}, func(t *testing.T, b *browser, _ *world, _ *ghapp.ManifestFlow) page { return b.get(t, startURL) },
			http.StatusBadRequest, "cannot be created", errNoTeam},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock = &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
			f, w, rec := setup(t, personal, func(f *ghapp.ManifestFlow) {
				ghapp.SetFlowClock(f, clock.Now)
				if tt.change != nil {
					tt.change(f)
				}
			})
			b := newBrowser(t, w, rec)
			p := tt.run(t, b, w, f)
			if p.StatusCode != tt.status || !strings.Contains(p.body, tt.text) {
				t.Errorf("%s, want %d with %q:\n%s", p.Status, tt.status, tt.text, p.body)
			}
			if tt.status != http.StatusBadGateway && w.gh.conversionCount() != 0 {
				t.Errorf("%d exchanges", w.gh.conversionCount())
			}
			if n := rec.createdCount(); n != 0 {
				t.Errorf("Created called %d times", n)
			}
			if p.Header.Get("Cache-Control") != "no-store" || p.Header.Get("Referrer-Policy") != "no-referrer" ||
				tt.status != http.StatusMethodNotAllowed && !strings.HasPrefix(p.Header.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Errorf("headers %v", p.Header)
			}
			if strings.Contains(p.body, "<script") {
				t.Errorf("an error page with a script:\n%s", p.body)
			}
			if tt.want != nil {
				rec.errorsAre(t, tt.want)
			}
		})
	}
}

// TestManifestFlowStateKeptOnRefusal: a callback refused for its cookie or
// code leaves the flow for the browser that started it.
func TestManifestFlowStateKeptOnRefusal(t *testing.T) {
	_, w, rec := setup(t, personal, nil)
	b := newBrowser(t, w, rec)
	callback := b.callbackURL(t, b.get(t, startURL))
	newBrowser(t, w, rec).get(t, callback)                                        // another browser
	b.get(t, strings.Replace(callback, "code="+documentedCode, "code=%2e%2e", 1)) // a bad code
	if p := b.get(t, callback); p.StatusCode != http.StatusSeeOther {
		t.Errorf("the right browser, after the refusals: %s\n%s", p.Status, p.body)
	}
	if rec.createdCount() != 1 {
		t.Errorf("Created called %d times", rec.createdCount())
	}
}

// TestManifestFlowTwoTabs: two flows started in one browser both complete:
// each has its own cookie.
func TestManifestFlowTwoTabs(t *testing.T) {
	_, w, rec := setup(t, personal, nil)
	b := newBrowser(t, w, rec)
	first, second := b.get(t, startURL+"?name=first"), b.get(t, startURL+"?name=second")
	for _, start := range []page{first, second} {
		if p := b.submit(t, start); p.StatusCode != http.StatusSeeOther {
			t.Errorf("%s\n%s", p.Status, p.body)
		}
	}
	if rec.createdCount() != 2 {
		t.Errorf("Created called %d times", rec.createdCount())
	}
}

// TestManifestFlowBrowserGone: the browser disconnects while the code is
// being exchanged; the credentials still reach Created, on a context that
// is not cancelled.
func TestManifestFlowBrowserGone(t *testing.T) {
	_, w, rec := setup(t, personal, nil)
	b := newBrowser(t, w, rec)
	callback := b.callbackURL(t, b.get(t, startURL))
	release := w.gh.holdAPI()
	defer release()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, callback, nil)
		resp, err := b.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	<-w.gh.called
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("the browser's request: %v", err)
	}
	time.Sleep(50 * time.Millisecond) // the server sees the connection close
	release()
	select {
	case c := <-rec.createdC:
		checkDocumentedCredentials(t, c)
	case <-time.After(10 * time.Second):
		t.Fatal("Created was never called")
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.contexts[0] != nil {
		t.Errorf("Created's context is done: %v", rec.contexts[0])
	}
}

var (
	errNotAdmin   = errors.New("not an admin")
	errNoTeam     = errors.New("no such team")
	errVaultDown  = errors.New("vault unreachable")
	clock         *fakeClock
	hostileNameRE = regexp.MustCompile(`(?i)<(script|img|svg)`)
)

func mustRequest(method, u string) *http.Request {
	r, _ := http.NewRequest(method, u, nil)
	return r
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// foreverStore is a StateStore that never expires anything: the flow
// checks the expiry it stored itself.
type foreverStore struct {
	mu   sync.Mutex
	data map[string][]byte
}

func (s *foreverStore) Put(_ context.Context, state string, data []byte, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[state] = data
	return nil
}

func (s *foreverStore) Take(_ context.Context, state string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.data[state]
	if !ok {
		return nil, ghapp.ErrUnknownState
	}
	delete(s.data, state)
	return d, nil
}

// TestManifestFlowCreatedFails: an error of Created gives a page that says
// the app was created but not saved, without a secret, and goes to
// OnError.
func TestManifestFlowCreatedFails(t *testing.T) {
	_, w, rec := setup(t, personal, func(f *ghapp.ManifestFlow) {
		created := f.Created
		f.Created = func(w http.ResponseWriter, r *http.Request, c *ghapp.AppCredentials) error {
			_ = created(w, r, c)
			return fmt.Errorf("storing app %d: %w", c.ID, errVaultDown)
		}
	})
	b := newBrowser(t, w, rec)
	p := b.submit(t, b.get(t, startURL))
	if p.StatusCode != http.StatusInternalServerError || !strings.Contains(p.body, "but this server could not save") {
		t.Errorf("%s\n%s", p.Status, p.body)
	}
	rec.errorsAre(t, errVaultDown)
	if rec.createdCount() != 1 {
		t.Errorf("Created called %d times", rec.createdCount())
	}
}

// TestManifestFlowCreatedWrites: when Created writes the response, the
// handler adds nothing.
func TestManifestFlowCreatedWrites(t *testing.T) {
	_, w, rec := setup(t, personal, func(f *ghapp.ManifestFlow) {
		f.Created = func(w http.ResponseWriter, _ *http.Request, c *ghapp.AppCredentials) error {
			w.WriteHeader(http.StatusAccepted)
			_, _ = io.WriteString(w, "saved "+c.Slug)
			return nil
		}
	})
	b := newBrowser(t, w, rec)
	p := b.submit(t, b.get(t, startURL))
	if p.StatusCode != http.StatusAccepted || p.body != "saved octoapp" || p.Header.Get("Location") != "" {
		t.Errorf("%s %q %v", p.Status, p.body, p.Header)
	}
}

// TestManifestFlowPartialAnswer: an answer with a field the package does
// not expect still gives Created the credentials; the problem goes to
// OnError.
func TestManifestFlowPartialAnswer(t *testing.T) {
	_, w, rec := setup(t, personal, nil)
	w.gh.answer = replaceField(t, w.gh.answer, "permissions", map[string]string{"contents": "maintain"})
	b := newBrowser(t, w, rec)
	if p := b.submit(t, b.get(t, startURL)); p.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s\n%s", p.Status, p.body)
	}
	checkDocumentedCredentials(t, rec.created[0])
	rec.errorsAre(t, ghapp.ErrPartialResponse)
}

// TestManifestFlowHostileManifest: names and descriptions built to break
// the page are escaped on the form page and on the error page.
func TestManifestFlowHostileManifest(t *testing.T) {
	tests := []struct {
		name   string
		status int
		want   error
	}{
		{`O"></form><script>x()</script>`, http.StatusOK, nil},
		{`<img src=x onerror=alert(1)>`, http.StatusOK, nil},
		{`<script>alert(1)</script>` + strings.Repeat("x", 40), http.StatusBadRequest, ghapp.ErrTooLong},
		{"<svg onload=alert(1)>\x1b[2J", http.StatusBadRequest, ghapp.ErrInvalidText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, w, rec := setup(t, personal, nil)
			b := newBrowser(t, w, rec)
			p := b.get(t, startURL+"?name="+url.QueryEscape(tt.name))
			if p.StatusCode != tt.status {
				t.Fatalf("%s\n%s", p.Status, p.body)
			}
			scripts := 0
			if tt.status == http.StatusOK {
				scripts = 1
			}
			if n := len(hostileNameRE.FindAllString(p.body, -1)); n != scripts {
				t.Errorf("%d script or element tags in the page, want %d:\n%s", n, scripts, p.body)
			}
			if tt.status == http.StatusBadRequest && !strings.Contains(p.body, "<li>ghapp: name: ") {
				t.Errorf("the page does not list the problem:\n%s", p.body)
			}
			if tt.want != nil {
				rec.errorsAre(t, tt.want)
			}
		})
	}
}

// TestManifestFlowValidate: a flow without its required fields, or with a
// redirect URL that would expose the code, answers 500 to every request.
func TestManifestFlowValidate(t *testing.T) {
	ok := func(*http.Request) (ghapp.Manifest, ghapp.Target, error) {
		return ghapp.Manifest{}, ghapp.Target{}, nil
	}
	created := func(http.ResponseWriter, *http.Request, *ghapp.AppCredentials) error { return nil }
	tests := []struct {
		name string
		f    *ghapp.ManifestFlow
		want []string
	}{
		{"empty", &ghapp.ManifestFlow{}, []string{"Manifest: ErrRequired", "Created: ErrRequired", "RedirectURL: ErrRequired"}},
		{"http elsewhere", &ghapp.ManifestFlow{Manifest: ok, Created: created, RedirectURL: "http://platform.example/cb"}, []string{"RedirectURL: ErrInvalidURL"}},
		{"relative", &ghapp.ManifestFlow{Manifest: ok, Created: created, RedirectURL: "/cb"}, []string{"RedirectURL: ErrInvalidURL"}},
		{"query", &ghapp.ManifestFlow{Manifest: ok, Created: created, RedirectURL: "https://platform.example/cb?x=1"}, []string{"RedirectURL: ErrInvalidURL"}},
		{"no path", &ghapp.ManifestFlow{Manifest: ok, Created: created, RedirectURL: "https://platform.example/"}, []string{"RedirectURL: ErrInvalidURL"}},
		{"ok", &ghapp.ManifestFlow{Manifest: ok, Created: created, RedirectURL: "https://platform.example/cb"}, nil},
		{"loopback http", &ghapp.ManifestFlow{Manifest: ok, Created: created, RedirectURL: "http://127.0.0.1:8080/cb"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f.Validate()
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
			rr := httptest.NewRecorder()
			tt.f.ServeHTTP(rr, httptest.NewRequest(http.MethodGet, "/", nil))
			if (err != nil) != (rr.Code == http.StatusInternalServerError) {
				t.Errorf("ServeHTTP answered %d", rr.Code)
			}
		})
	}
}

// TestManifestFlowValidateNil: a nil flow is a FieldError, not a panic.
func TestManifestFlowValidateNil(t *testing.T) {
	var f *ghapp.ManifestFlow
	if diff := cmp.Diff([]string{"ManifestFlow: ErrRequired"}, problems(f.Validate())); diff != "" {
		t.Errorf("problems mismatch (-want +got):\n%s", diff)
	}
}

// TestManifestFlowErrorPage: ErrorPage replaces the built-in page.
func TestManifestFlowErrorPage(t *testing.T) {
	_, w, rec := setup(t, personal, func(f *ghapp.ManifestFlow) {
		f.ErrorPage = func(w http.ResponseWriter, _ *http.Request, status int, err error) {
			w.WriteHeader(status)
			fmt.Fprintf(w, "custom %d %v", status, errors.Is(err, ghapp.ErrMissingCookie))
		}
	})
	p := newBrowser(t, w, rec).get(t, "https://"+platformHost+"/github/callback?state=x&code=y")
	if p.StatusCode != http.StatusBadRequest || p.body != "custom 400 true" || p.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("%s %q", p.Status, p.body)
	}
}

// TestFormScriptHash: the hash the form page's policy allows is the hash
// of its script.
func TestFormScriptHash(t *testing.T) {
	var b bytes.Buffer
	if err := documentedManifestConfig().Manifest().WriteForm(&b, ghapp.Target{}, "s"); err != nil {
		t.Fatal(err)
	}
	script := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindStringSubmatch(b.String())
	if script == nil || script[1] != ghapp.FormScript {
		t.Fatalf("the page's script is not FormScript:\n%s", b.String())
	}
	sum := sha256.Sum256([]byte(script[1]))
	if want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; ghapp.FormScriptHash != want {
		t.Errorf("FormScriptHash = %s, want %s", ghapp.FormScriptHash, want)
	}
}
