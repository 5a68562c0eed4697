package ghapp_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// loopbackRun runs ServeLoopback in the background with a flow on the
// stand-in gh, and returns the start page's URL and the run's result.
func loopbackRun(t *testing.T, ctx context.Context, gh *gitHub, f *ghapp.ManifestFlow, opts ghapp.LoopbackOptions) (string, chan loopbackResult) {
	t.Helper()
	if f.Manifest == nil {
		f.Manifest = func(*http.Request) (ghapp.Manifest, ghapp.Target, error) {
			return documentedManifestConfig().Manifest(), ghapp.Target{BaseURL: gh.URL}, nil
		}
	}
	ready := make(chan string, 1)
	opts.Ready = func(u string) { ready <- u }
	done := make(chan loopbackResult, 1)
	go func() {
		c, err := ghapp.ServeLoopback(ctx, f, opts)
		done <- loopbackResult{c, err}
	}()
	select {
	case u := <-ready:
		return u, done
	case r := <-done:
		t.Fatalf("ServeLoopback ended before serving: %v", r.err)
	}
	return "", nil
}

type loopbackResult struct {
	creds *ghapp.AppCredentials
	err   error
}

// loopbackBrowser follows every redirect but GitHub's installation page.
func loopbackBrowser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{&http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if strings.HasSuffix(r.URL.Path, "/installations/new") {
			return http.ErrUseLastResponse
		}
		return nil
	}}, &recorder{}}
}

func TestServeLoopback(t *testing.T) {
	gh := newGitHub(t)
	var createdCalls int
	f := &ghapp.ManifestFlow{Created: func(http.ResponseWriter, *http.Request, *ghapp.AppCredentials) error { createdCalls++; return nil }}
	start, done := loopbackRun(t, context.Background(), gh, f, ghapp.LoopbackOptions{})
	origin, token, _ := strings.Cut(start, "/?token=")
	if !strings.HasPrefix(origin, "http://127.0.0.1:") || strings.Contains(origin[len("http://"):], "/") || len(token) != 43 {
		t.Errorf("start URL %q, want http://127.0.0.1:PORT/?token= and 43 characters", start)
	}
	b := loopbackBrowser()
	end := b.submit(t, b.get(t, start))
	if end.StatusCode != http.StatusSeeOther || end.Header.Get("Location") != "https://github.com/apps/octoapp/installations/new" {
		t.Errorf("end: %s %v", end.Status, end.Header)
	}
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	checkDocumentedCredentials(t, r.creds)
	if createdCalls != 1 {
		t.Errorf("Created called %d times", createdCalls)
	}
	if gh.posts[0].manifest.RedirectURL != origin+"/callback" {
		t.Errorf("redirect_url %q", gh.posts[0].manifest.RedirectURL)
	}
	if f.RedirectURL != "" {
		t.Errorf("the caller's flow was changed: %q", f.RedirectURL)
	}
	// One app, then the server is gone.
	if _, err := http.Get(start); err == nil {
		t.Error("the server still answers after the app was created")
	}
}

// TestServeLoopbackHost: a request naming another host, as a DNS rebinding
// page's would, is refused and does not end the run.
func TestServeLoopbackHost(t *testing.T) {
	gh := newGitHub(t)
	var mu sync.Mutex
	var errs []error
	f := &ghapp.ManifestFlow{OnError: func(_ *http.Request, err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() }}
	start, done := loopbackRun(t, context.Background(), gh, f, ghapp.LoopbackOptions{})
	for _, host := range []string{"evil.example", "evil.example:" + start[strings.LastIndex(start, ":")+1:len(start)-1], "localhost", "127.0.0.1:1"} {
		req, _ := http.NewRequest(http.MethodGet, start, nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMisdirectedRequest || len(resp.Cookies()) != 0 {
			t.Errorf("Host %q: %s, cookies %v", host, resp.Status, resp.Cookies())
		}
	}
	mu.Lock()
	if len(errs) != 4 || !errors.Is(errs[0], ghapp.ErrHostNotAllowed) {
		t.Errorf("OnError got %v", errs)
	}
	mu.Unlock()
	// Still serving: the real browser completes.
	b := loopbackBrowser()
	b.submit(t, b.get(t, start))
	if r := <-done; r.err != nil || r.creds == nil {
		t.Errorf("ServeLoopback = %v, %v", r.creds, r.err)
	}
}

// TestServeLoopbackToken: a local client without the start URL's token
// (another program or user of the machine, which can find the port) can
// neither start a flow nor, therefore, hand the tool an app of its own, as
// the reviewer's could when the start page needed nothing. Its refusals
// go to OnError and do not end the run; the person's browser, with the
// URL Ready received, still completes.
func TestServeLoopbackToken(t *testing.T) {
	gh := newGitHub(t)
	var mu sync.Mutex
	var errs []error
	var seen []string // the requests Manifest saw
	f := &ghapp.ManifestFlow{
		Manifest: func(r *http.Request) (ghapp.Manifest, ghapp.Target, error) {
			mu.Lock()
			seen = append(seen, r.URL.String()+" "+r.RequestURI)
			mu.Unlock()
			return documentedManifestConfig().Manifest(), ghapp.Target{BaseURL: gh.URL}, nil
		},
		OnError: func(_ *http.Request, err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() },
	}
	start, done := loopbackRun(t, context.Background(), gh, f, ghapp.LoopbackOptions{})
	origin, token, _ := strings.Cut(start, "?token=")
	other, _ := ghapp.NewState()
	for _, u := range []string{origin, origin + "?token=", origin + "?token=" + other, origin + "?token=" + token[:42],
		origin + "?token=" + token + "x", origin + "new?Token=" + token} {
		attacker := loopbackBrowser()
		p := attacker.get(t, u)
		if p.StatusCode != http.StatusForbidden || len(p.Cookies()) != 0 || strings.Contains(p.body, "<form") || strings.Contains(p.body, token) {
			t.Errorf("%s: %s, cookies %v\n%s", u, p.Status, p.Cookies(), p.body)
		}
	}
	mu.Lock()
	if len(errs) != 6 {
		t.Errorf("OnError got %v, want 6 errors", errs)
	}
	for _, err := range errs {
		if !errors.Is(err, ghapp.ErrInvalidStartToken) {
			t.Errorf("OnError got %v, want ErrInvalidStartToken", err)
		}
	}
	mu.Unlock()
	if n := len(gh.posts); n != 0 {
		t.Errorf("%d registrations", n)
	}
	// The token is good for the run: a reload of the start page, and
	// another path with it, start flows too.
	b := loopbackBrowser()
	if p := b.get(t, origin+"again?token="+token); p.StatusCode != http.StatusOK {
		t.Errorf("another path with the token: %s", p.Status)
	}
	end := b.submit(t, b.get(t, start))
	if end.StatusCode != http.StatusSeeOther {
		t.Errorf("the person's browser: %s\n%s", end.Status, end.body)
	}
	if r := <-done; r.err != nil || r.creds == nil {
		t.Errorf("ServeLoopback = %v, %v", r.creds, r.err)
	}
	mu.Lock()
	defer mu.Unlock()
	if diff := cmp.Diff([]string{"/again /again", "/ /"}, seen); diff != "" {
		t.Errorf("requests Manifest saw mismatch (-want +got):\n%s", diff)
	}
}

// TestServeLoopbackEnds: the time limit, the caller's cancellation, and an
// exchange under way when they come.
func TestServeLoopbackEnds(t *testing.T) {
	t.Run("time limit", func(t *testing.T) {
		_, done := loopbackRun(t, context.Background(), newGitHub(t), &ghapp.ManifestFlow{}, ghapp.LoopbackOptions{Timeout: 50 * time.Millisecond})
		if r := <-done; r.creds != nil || !errors.Is(r.err, context.DeadlineExceeded) {
			t.Errorf("ServeLoopback = %v, %v; want DeadlineExceeded", r.creds, r.err)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		_, done := loopbackRun(t, ctx, newGitHub(t), &ghapp.ManifestFlow{}, ghapp.LoopbackOptions{})
		cancel()
		if r := <-done; r.creds != nil || !errors.Is(r.err, context.Canceled) {
			t.Errorf("ServeLoopback = %v, %v; want Canceled", r.creds, r.err)
		}
	})
	t.Run("cancelled during the exchange", func(t *testing.T) {
		gh := newGitHub(t)
		ctx, cancel := context.WithCancel(context.Background())
		start, done := loopbackRun(t, ctx, gh, &ghapp.ManifestFlow{}, ghapp.LoopbackOptions{})
		release := gh.holdAPI()
		b := loopbackBrowser()
		startPage := b.get(t, start)
		go func() { _, _ = b.Do(mustRequest(http.MethodGet, b.callbackURL(t, startPage))) }()
		<-gh.called
		cancel() // Ctrl-C while GitHub answers
		time.Sleep(50 * time.Millisecond)
		release()
		r := <-done
		if r.err != nil {
			t.Fatalf("ServeLoopback = %v", r.err)
		}
		checkDocumentedCredentials(t, r.creds)
	})
	t.Run("the code is rejected", func(t *testing.T) {
		gh := newGitHub(t)
		gh.status.Store(http.StatusUnprocessableEntity)
		start, done := loopbackRun(t, context.Background(), gh, &ghapp.ManifestFlow{}, ghapp.LoopbackOptions{})
		b := loopbackBrowser()
		if p := b.submit(t, b.get(t, start)); p.StatusCode != http.StatusBadGateway {
			t.Errorf("%s", p.Status)
		}
		if r := <-done; r.creds != nil || !errors.Is(r.err, ghapp.ErrCodeRejected) {
			t.Errorf("ServeLoopback = %v, %v; want ErrCodeRejected", r.creds, r.err)
		}
	})
	t.Run("Created fails", func(t *testing.T) {
		f := &ghapp.ManifestFlow{Created: func(http.ResponseWriter, *http.Request, *ghapp.AppCredentials) error { return errVaultDown }}
		start, done := loopbackRun(t, context.Background(), newGitHub(t), f, ghapp.LoopbackOptions{})
		b := loopbackBrowser()
		b.submit(t, b.get(t, start))
		r := <-done
		if !errors.Is(r.err, errVaultDown) {
			t.Errorf("error %v, want Created's", r.err)
		}
		checkDocumentedCredentials(t, r.creds)
	})
}

func TestServeLoopbackRefuses(t *testing.T) {
	ok := &ghapp.ManifestFlow{Manifest: func(*http.Request) (ghapp.Manifest, ghapp.Target, error) {
		return ghapp.Manifest{}, ghapp.Target{}, nil
	}}
	for _, addr := range []string{"0.0.0.0:0", "192.0.2.1:0", "localhost:0", "example.com:80", "127.0.0.1"} {
		if _, err := ghapp.ServeLoopback(context.Background(), ok, ghapp.LoopbackOptions{Addr: addr}); !errors.Is(err, ghapp.ErrHostNotAllowed) {
			t.Errorf("Addr %q: %v, want ErrHostNotAllowed", addr, err)
		}
	}
	if _, err := ghapp.ServeLoopback(context.Background(), &ghapp.ManifestFlow{}, ghapp.LoopbackOptions{}); !errors.Is(err, ghapp.ErrRequired) {
		t.Errorf("no Manifest: %v, want ErrRequired", err)
	}
	_, err := ghapp.ServeLoopback(context.Background(), nil, ghapp.LoopbackOptions{})
	if diff := cmp.Diff([]string{"ManifestFlow: ErrRequired"}, problems(err)); diff != "" {
		t.Errorf("nil flow: problems mismatch (-want +got):\n%s", diff)
	}
	if _, err := ghapp.ServeLoopback(context.Background(), ok, ghapp.LoopbackOptions{Addr: "[::1]:0", Timeout: time.Millisecond}); err != nil &&
		!errors.Is(err, context.DeadlineExceeded) && !strings.Contains(err.Error(), "listen") {
		t.Errorf("[::1]: %v", err)
	}
}
