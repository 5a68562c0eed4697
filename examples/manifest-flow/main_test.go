package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
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
	answer []byte
	called chan struct{}
	hold   chan struct{} // when not nil, the API waits for it to close

	mu        sync.Mutex
	manifests []ghapp.Manifest
	states    []string
	codes     []string
}

const code = "a180b1a3d263c81bc6441d7b990bae27d4c10679"

const (
	clientSecret = "1726be1638095a19edd134c77bde3aa2ece1e5d8"
	envText      = `GITHUB_CLIENT_SECRET="` + clientSecret + `"`
)

func newGitHub(t *testing.T) *gitHub {
	g := &gitHub{answer: conversionExample(t), called: make(chan struct{}, 8)}
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
		hold, answer := g.hold, g.answer
		g.mu.Unlock()
		g.called <- struct{}{}
		if hold != nil {
			<-hold
		}
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

func (g *gitHub) holdAPI() (release func()) {
	ch := make(chan struct{})
	g.mu.Lock()
	g.hold = ch
	g.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

func (g *gitHub) exchanges() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.codes)
}

// start runs the tool with args in the background and returns its page's
// address, its output and a channel with its result.
func start(t *testing.T, ctx context.Context, args []string) (string, *syncBuffer, chan error) {
	t.Helper()
	ready := make(chan string, 1)
	out := &syncBuffer{}
	done := make(chan error, 1)
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	t.Cleanup(cancel)
	go func() { done <- run(ctx, args, out, options{ready: func(u string) { ready <- u }}) }()
	select {
	case addr := <-ready:
		return addr, out, done
	case err := <-done:
		t.Fatalf("run ended before serving: %v", err)
	}
	return "", nil, nil
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var (
	actionRE   = regexp.MustCompile(`action="([^"]*)"`)
	manifestRE = regexp.MustCompile(`name="manifest" value="([^"]*)"`)
)

// browser keeps cookies and follows redirects, but not to GitHub's
// installation page, nor (follow false) back from the registration page.
type browser struct {
	client *http.Client
	follow bool
}

func newBrowser() *browser {
	b := &browser{follow: true}
	jar, _ := cookiejar.New(nil)
	b.client = &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if !b.follow || strings.HasSuffix(r.URL.Path, "/installations/new") {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	return b
}

func (b *browser) get(t *testing.T, ctx context.Context, u string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// callback loads the page and submits its form, and returns GitHub's
// redirect back, without following it.
func (b *browser) callback(t *testing.T, startURL string) string {
	t.Helper()
	_, page := b.get(t, context.Background(), startURL)
	action, value := actionRE.FindStringSubmatch(page), manifestRE.FindStringSubmatch(page)
	if action == nil || value == nil {
		t.Fatalf("no form in\n%s", page)
	}
	b.follow = false
	defer func() { b.follow = true }()
	resp, err := b.client.PostForm(html.UnescapeString(action[1]), url.Values{"manifest": {html.UnescapeString(value[1])}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("registration page: %s", resp.Status)
	}
	return resp.Header.Get("Location")
}

func TestWholeFlow(t *testing.T) {
	gh := newGitHub(t)
	dir := t.TempDir()
	manifestFile := filepath.Join(dir, "app.json")
	const manifest = `{"name":"Octoapp","url":"https://www.example.com","hook_attributes":{"url":"https://example.com/github/events"},"callback_urls":["https://example.com/callback"],"public":true,"default_permissions":{"issues":"write","checks":"write"},"default_events":["issues","issue_comment","check_suite","check_run"]}`
	if err := os.WriteFile(manifestFile, []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	env := filepath.Join(dir, ".env")
	addr, out, done := start(t, context.Background(), []string{"-manifest", manifestFile, "-base", gh.URL, "-env", env})

	b := newBrowser()
	resp, _ := b.get(t, context.Background(), b.callback(t, addr))
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "https://github.com/apps/octoapp/installations/new" {
		t.Fatalf("after the redirect: %s %v", resp.Status, resp.Header)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	// GitHub received the manifest, with redirect_url set to the tool.
	origin, token, _ := strings.Cut(addr, "/?token=")
	if len(token) != 43 {
		t.Errorf("printed address %q, want one with the run's token", addr)
	}
	if len(gh.manifests) != 1 || gh.manifests[0].RedirectURL != origin+"/callback" || gh.manifests[0].Name != "Octoapp" {
		t.Errorf("GitHub received %+v", gh.manifests)
	}
	if len(gh.states) != 1 || len(gh.states[0]) != 43 {
		t.Errorf("state %q, want a 43-character random state", gh.states)
	}
	wantOut := "Open " + addr + " in your browser to register \"Octoapp\" on GitHub.\n" +
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
		envText, `PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\n`} {
		if !strings.Contains(string(data), line) {
			t.Errorf("env file lacks %s", line)
		}
	}
	if fi, _ := os.Lstat(env); fi.Mode() != 0o600 {
		t.Errorf("env file mode %v", fi.Mode())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("files left in the folder: %v", entries)
	}
	// The tool has ended: a replayed redirect reaches nothing, and the env
	// file stays.
	if _, err := http.Get(addr); err == nil {
		t.Error("the tool still serves after the app was created")
	}
	if again, _ := os.ReadFile(env); !bytes.Equal(again, data) {
		t.Error("the env file changed")
	}
}

// TestDoubleRedirect: a second redirect back (a double click, a replay)
// while the first is being exchanged makes no second exchange, and never
// touches the env file the first wrote.
func TestDoubleRedirect(t *testing.T) {
	gh := newGitHub(t)
	env := filepath.Join(t.TempDir(), ".env")
	addr, _, done := start(t, context.Background(), []string{"-name", "Octoapp", "-base", gh.URL, "-env", env})
	b := newBrowser()
	callback := b.callback(t, addr)
	release := gh.holdAPI()
	statuses := make(chan int, 2)
	for i := 0; i < 2; i++ {
		go func() {
			resp, err := b.client.Get(callback)
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	<-gh.called
	time.Sleep(50 * time.Millisecond)
	release()
	for i := 0; i < 2; i++ {
		if s := <-statuses; s != http.StatusSeeOther {
			t.Errorf("callback %d: status %d", i, s)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := gh.exchanges(); n != 1 {
		t.Errorf("%d exchanges", n)
	}
	if data, err := os.ReadFile(env); err != nil || !strings.Contains(string(data), envText) {
		t.Errorf("env file: %v\n%s", err, data)
	}
}

// TestClosedTab: the browser goes away while the code is exchanged; the
// credentials are written all the same.
func TestClosedTab(t *testing.T) {
	gh := newGitHub(t)
	env := filepath.Join(t.TempDir(), ".env")
	addr, _, done := start(t, context.Background(), []string{"-name", "Octoapp", "-base", gh.URL, "-env", env})
	b := newBrowser()
	callback := b.callback(t, addr)
	release := gh.holdAPI()
	ctx, closeTab := context.WithCancel(context.Background())
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, callback, nil)
		if resp, err := b.client.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	<-gh.called
	closeTab()
	time.Sleep(50 * time.Millisecond)
	release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(env); err != nil || !strings.Contains(string(data), envText) {
		t.Errorf("env file: %v\n%s", err, data)
	}
}

// TestInterrupted: stopped before GitHub answers (Ctrl-C, SIGTERM), the
// tool leaves the env file as it was: absent, or the old one even with
// -overwrite; never an empty one.
func TestInterrupted(t *testing.T) {
	for _, old := range []string{"", "OLD=1\n"} {
		name := "no env file"
		if old != "" {
			name = "old env file with -overwrite"
		}
		t.Run(name, func(t *testing.T) {
			env := filepath.Join(t.TempDir(), ".env")
			args := []string{"-name", "x", "-env", env}
			if old != "" {
				if err := os.WriteFile(env, []byte(old), 0o600); err != nil {
					t.Fatal(err)
				}
				args = append(args, "-overwrite")
			}
			ctx, cancel := context.WithCancel(context.Background())
			_, _, done := start(t, ctx, args)
			if data, err := os.ReadFile(env); old == "" && !errors.Is(err, fs.ErrNotExist) || old != "" && string(data) != old {
				t.Errorf("while serving, the env file is %q, %v", data, err)
			}
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Errorf("run = %v, want context.Canceled", err)
			}
			data, err := os.ReadFile(env)
			if old == "" && !errors.Is(err, fs.ErrNotExist) || old != "" && string(data) != old {
				t.Errorf("after the interruption, the env file is %q, %v", data, err)
			}
		})
	}
}

// TestSIGTERM runs the program itself and sends it SIGTERM: it stops, says
// why, and leaves no env file.
func TestSIGTERM(t *testing.T) {
	if os.Getenv("MANIFEST_FLOW_HELPER") == "1" {
		os.Args = append([]string{"manifest-flow"}, strings.Split(os.Getenv("MANIFEST_FLOW_ARGS"), "\t")...)
		main()
		os.Exit(0)
	}
	env := filepath.Join(t.TempDir(), ".env")
	cmd := exec.Command(os.Args[0], "-test.run=^TestSIGTERM$")
	cmd.Env = append(os.Environ(), "MANIFEST_FLOW_HELPER=1", "MANIFEST_FLOW_ARGS="+strings.Join([]string{"-name", "x", "-env", env}, "\t"))
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line := make([]byte, 200)
	if n, err := stdout.Read(line); err != nil || !bytes.HasPrefix(line[:n], []byte("Open http://127.0.0.1:")) {
		t.Fatalf("first output %q, %v", line[:n], err)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(stderr.String(), "context canceled") {
		t.Errorf("exit %v, stderr %q", err, stderr.String())
	}
	if _, err := os.Lstat(env); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an env file was left: %v", err)
	}
}

// TestSymlinkSwappedIn: a link put at the env file's path while the tool
// waits is neither followed nor replaced; the credentials are printed
// instead, and the file the link points to is untouched.
func TestSymlinkSwappedIn(t *testing.T) {
	for _, overwrite := range []bool{false, true} {
		t.Run("overwrite="+map[bool]string{false: "false", true: "true"}[overwrite], func(t *testing.T) {
			gh := newGitHub(t)
			dir := t.TempDir()
			env, precious := filepath.Join(dir, ".env"), filepath.Join(dir, "precious")
			if err := os.WriteFile(precious, []byte("keep"), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"-name", "x", "-base", gh.URL, "-env", env}
			if overwrite {
				args = append(args, "-overwrite")
			}
			addr, out, done := start(t, context.Background(), args)
			if err := os.Symlink(precious, env); err != nil {
				t.Fatal(err)
			}
			b := newBrowser()
			resp, _ := b.get(t, context.Background(), b.callback(t, addr))
			if resp.StatusCode != http.StatusInternalServerError {
				t.Errorf("callback: %s", resp.Status)
			}
			if err := <-done; !errors.Is(err, ghapp.ErrUnsafeFile) {
				t.Errorf("run = %v, want ErrUnsafeFile", err)
			}
			if data, _ := os.ReadFile(precious); string(data) != "keep" {
				t.Errorf("the link's target holds %q", data)
			}
			if fi, err := os.Lstat(env); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("the link was replaced: %v", err)
			}
			checkPrinted(t, out.String())
		})
	}
}

// checkPrinted fails unless out holds the credentials as JSON that reads
// back whole.
func checkPrinted(t *testing.T, out string) {
	t.Helper()
	i := strings.Index(out, "keep them safe:\n")
	if i < 0 {
		t.Fatalf("the credentials were not printed:\n%s", out)
	}
	creds, err := ghapp.ParseCredentials([]byte(strings.TrimSpace(out[i+len("keep them safe:\n"):])))
	if err != nil || creds.ClientSecret.Reveal() != clientSecret || creds.ID != 1 {
		t.Errorf("the printed credentials read as %v, %v", creds, err)
	}
}

// TestCredentialsNeverLost: when the env file can no longer be written
// (its folder is gone), the credentials go to the terminal instead.
func TestCredentialsNeverLost(t *testing.T) {
	gh := newGitHub(t)
	dir := filepath.Join(t.TempDir(), "sub")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	addr, out, done := start(t, context.Background(), []string{"-name", "x", "-base", gh.URL, "-env", filepath.Join(dir, ".env")})
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	b := newBrowser()
	b.get(t, context.Background(), b.callback(t, addr))
	if err := <-done; !errors.Is(err, os.ErrNotExist) {
		t.Errorf("run = %v, want the write error", err)
	}
	if !strings.Contains(out.String(), "Created Octocat App (app ID 1).") {
		t.Errorf("output:\n%s", out.String())
	}
	checkPrinted(t, out.String())
}

// TestHostileAnswer: terminal escape sequences in the app's name and page
// URL never reach the terminal.
func TestHostileAnswer(t *testing.T) {
	gh := newGitHub(t)
	var m map[string]any
	_ = json.Unmarshal(gh.answer, &m)
	m["name"] = "\x1b]0;owned\x07Octo\x1b[2J\u009b31m"
	m["html_url"] = "https://github.com/apps/octo\x1b[2J"
	gh.answer, _ = json.Marshal(m)
	env := filepath.Join(t.TempDir(), ".env")
	addr, out, done := start(t, context.Background(), []string{"-name", "x", "-base", gh.URL, "-env", env})
	b := newBrowser()
	b.get(t, context.Background(), b.callback(t, addr))
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(out.String(), "\x1b\x07\u009b") {
		t.Errorf("escape sequences printed: %q", out.String())
	}
	if !strings.Contains(out.String(), `Created "\x1b]0;owned\aOcto\x1b[2J\u009b31m" (app ID 1).`) {
		t.Errorf("output:\n%s", out.String())
	}
}

// TestStartToken: another program on the machine, which can reach the
// port but was not given the printed address, cannot start a flow, and so
// cannot hand the tool an app of its own; the person's browser, with the
// address, still can.
func TestStartToken(t *testing.T) {
	gh := newGitHub(t)
	env := filepath.Join(t.TempDir(), ".env")
	addr, _, done := start(t, context.Background(), []string{"-name", "x", "-base", gh.URL, "-env", env})
	origin, _, _ := strings.Cut(addr, "?")
	for _, u := range []string{origin, origin + "?token=", origin + "?token=guessed", origin + "other?token=" + addr[len(origin)+len("?token="):] + "x"} {
		resp, body := newBrowser().get(t, context.Background(), u)
		if resp.StatusCode != http.StatusForbidden || len(resp.Cookies()) != 0 || strings.Contains(body, "<form") {
			t.Errorf("%s: %s, cookies %v", u, resp.Status, resp.Cookies())
		}
	}
	b := newBrowser()
	if resp, _ := b.get(t, context.Background(), b.callback(t, addr)); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the person's browser: %s", resp.Status)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if n := len(gh.manifests); n != 1 {
		t.Errorf("GitHub received %d manifests, want the person's only", n)
	}
}

// TestHostCheck: a request with another Host, as a DNS rebinding page
// sends, is refused; no timeout means the tool gives up after -timeout.
func TestHostCheck(t *testing.T) {
	gh := newGitHub(t)
	addr, _, done := start(t, context.Background(), []string{"-name", "x", "-base", gh.URL, "-env", filepath.Join(t.TempDir(), ".env"), "-timeout", "2s"})
	req, _ := http.NewRequest(http.MethodGet, addr, nil)
	req.Host = "rebound.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("Host rebound.example: %s", resp.Status)
	}
	if err := <-done; !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("run = %v, want DeadlineExceeded after -timeout", err)
	}
}

func TestRejectedCode(t *testing.T) {
	gh := newGitHub(t)
	addr, _, done := start(t, context.Background(), []string{"-name", "x", "-base", gh.URL, "-env", filepath.Join(t.TempDir(), ".env")})
	b := newBrowser()
	callback := b.callback(t, addr)
	resp, _ := b.get(t, context.Background(), strings.Replace(callback, code, "0000", 1))
	if err := <-done; !errors.Is(err, ghapp.ErrCodeRejected) || resp.StatusCode != http.StatusBadGateway {
		t.Errorf("run = %v, page %s; want ErrCodeRejected and 502", err, resp.Status)
	}
}

func TestRunRefuses(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, ".env")
	_ = os.WriteFile(existing, nil, 0o600)
	link := filepath.Join(dir, "link")
	_ = os.Symlink(existing, link)
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte(`{"url":"https://h.example","default_permission":{}}`), 0o644)
	tests := []struct {
		name string
		args []string
		want error
	}{
		{"existing env file", []string{"-env", existing}, fs.ErrExist},
		{"a link at the env file", []string{"-env", link, "-overwrite"}, ghapp.ErrUnsafeFile},
		{"env file in a missing folder", []string{"-env", filepath.Join(dir, "missing", ".env")}, os.ErrNotExist},
		{"not loopback", []string{"-listen", "0.0.0.0:0", "-env", filepath.Join(dir, "a")}, ghapp.ErrHostNotAllowed},
		{"bad manifest", []string{"-manifest", bad, "-env", filepath.Join(dir, "b")}, ghapp.ErrUnknownParameter},
		{"missing manifest", []string{"-manifest", filepath.Join(dir, "none.json"), "-env", filepath.Join(dir, "c")}, os.ErrNotExist},
		{"bad target", []string{"-base", "http://github.example.com", "-env", filepath.Join(dir, "d")}, ghapp.ErrInvalidTarget},
		{"no homepage", []string{"-homepage", "", "-env", filepath.Join(dir, "e")}, ghapp.ErrRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := run(context.Background(), tt.args, io.Discard, options{ready: func(string) { t.Error("served the page despite the problem") }})
			if !errors.Is(err, tt.want) {
				t.Errorf("run(%v) = %v, want an error wrapping %v", tt.args, err, tt.want)
			}
		})
	}
	if data, err := os.ReadFile(existing); err != nil || len(data) != 0 {
		t.Errorf("the existing env file changed: %q, %v", data, err)
	}
}

func TestASCIIJSON(t *testing.T) {
	in := map[string]string{"k": "é\x1b😀\u009b\u2028"}
	data, _ := json.Marshal(in)
	out := asciiJSON(data)
	var back map[string]string
	if err := json.Unmarshal([]byte(out), &back); err != nil || back["k"] != in["k"] {
		t.Errorf("asciiJSON(%s) = %s, reads back as %q, %v", data, out, back, err)
	}
	for _, r := range out {
		if r < 0x20 || r > 0x7e {
			t.Errorf("asciiJSON left %q", r)
		}
	}
}
