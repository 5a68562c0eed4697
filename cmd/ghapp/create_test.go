package main

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var startRE = regexp.MustCompile(`Open (http://127\.0\.0\.1:[0-9]+/\?token=[A-Za-z0-9_-]+) in a browser`)

// startRepl returns what normalize replaces in a transcript for the start
// address create printed: its token, which is new on every run, and its
// origin.
func startRepl(start string) []string {
	origin, token, _ := strings.Cut(start, "/?token=")
	return []string{token, "TOKEN", origin, "http://127.0.0.1:PORT"}
}

// root returns the start address's origin and "/", where the callback
// path starts.
func root(start string) string {
	origin, _, _ := strings.Cut(start, "?")
	return origin
}

// address waits for the address create prints, or fails t when the
// command ends first.
func (s *session) address(t *testing.T) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := startRE.FindStringSubmatch(s.stdout.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-s.done:
			s.done <- code
			t.Fatalf("create ended with %d before serving\n%s", code, s.fmtStreams())
		case <-time.After(5 * time.Millisecond):
		}
	}
	t.Fatalf("create printed no address\n%s", s.fmtStreams())
	return ""
}

// A browser keeps cookies and follows no redirect, so that a test takes
// each step of the flow itself, as a browser would.
type browser struct{ client *http.Client }

func newBrowser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{&http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var (
	actionRE   = regexp.MustCompile(`action="([^"]*)"`)
	manifestRE = regexp.MustCompile(`name="manifest" value="([^"]*)"`)
)

// register opens the page at start and posts its form to the registration
// page, which answers with GitHub's redirect back: the callback address,
// with the code.
func (b *browser) register(t *testing.T, start string) string {
	t.Helper()
	resp, err := b.client.Get(start)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	action, value := actionRE.FindSubmatch(page), manifestRE.FindSubmatch(page)
	if resp.StatusCode != http.StatusOK || action == nil || value == nil {
		t.Fatalf("start page: %s, no form in\n%s", resp.Status, page)
	}
	resp, err = b.client.PostForm(html.UnescapeString(string(action[1])), url.Values{"manifest": {html.UnescapeString(string(value[1]))}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("registration page: %s", resp.Status)
	}
	return resp.Header.Get("Location")
}

// back follows GitHub's redirect back to the command and returns the
// answer: 303 to the installation page, or an error page.
func (b *browser) back(t *testing.T, callback string) *http.Response {
	t.Helper()
	resp, err := b.client.Get(callback)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// flow runs the whole flow in a browser: open the page, post it, come back.
func (b *browser) flow(t *testing.T, start string) *http.Response {
	t.Helper()
	return b.back(t, b.register(t, start))
}

// tempNameRE matches the random part of the temporary file WriteEnvFile
// writes before it takes the env file's name.
var tempNameRE = regexp.MustCompile(`\.tmp-[0-9a-f]+`)

// normalize replaces what changes from run to run in the command's output:
// the stand-in's address, the loopback server's, the test's folder, and
// the names of temporary files.
func normalize(s string, repl ...string) string {
	return tempNameRE.ReplaceAllString(strings.NewReplacer(repl...).Replace(s), ".tmp-RANDOM")
}

// checkCredentialsFile checks that path holds the documented credentials with
// Probot's names, and is readable by its owner only.
func checkCredentialsFile(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatalf("no env file: %v", err)
	}
	if fi.Mode() != 0o600 {
		t.Errorf("%s has mode %v, want 0600", path, fi.Mode())
	}
	data, _ := os.ReadFile(path)
	for _, line := range []string{`APP_ID="1"`, `WEBHOOK_SECRET="` + documentedWebhookSecret + `"`, `GITHUB_CLIENT_ID="Iv1.8a61f9b3a7aba766"`,
		`GITHUB_CLIENT_SECRET="` + documentedClientSecret + `"`, `PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\n`} {
		if !strings.Contains(string(data), line) {
			t.Errorf("%s lacks %s:\n%s", path, line, data)
		}
	}
}

// TestCreate runs the whole flow for each input form, on a personal
// account and an organization: the env file holds the credentials, mode
// 0600; the output (a golden file) holds no secret; GitHub received the
// manifest, sent back to the command's own address.
func TestCreate(t *testing.T) {
	for _, tt := range []struct {
		name string
		args func(base string) []string
		page string // where the manifest is posted
		app  string // the app's name GitHub received
	}{
		{"manifest-personal", func(base string) []string { return []string{"--base", base, in("manifest-good.json")} },
			"/settings/apps/new", "octoapp"},
		{"yaml-organization", func(base string) []string { return []string{"--org", "octo-org", "--base", base, in("app-good.yml")} },
			"/organizations/octo-org/settings/apps/new", "octoapp"},
		{"link", func(base string) []string {
			return []string{base + "/organizations/octo-org/settings/apps/new?name=octo%20link&url=https://example.com&issues=write&events[]=issues"}
		}, "/organizations/octo-org/settings/apps/new", "octo link"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			gh := newGitHubWeb(t)
			dir := t.TempDir()
			env := filepath.Join(dir, ".env")
			args := append([]string{"create", "--env", env}, tt.args(gh.URL)...)
			s := startSession(t, args)
			start := s.address(t)
			resp := newBrowser().flow(t, start)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "https://github.com/apps/octoapp/installations/new" {
				t.Errorf("after the redirect back: %s to %q", resp.Status, resp.Header.Get("Location"))
			}
			code := s.wait(t)
			if code != exitOK {
				t.Errorf("exit code %d, want %d\n%s", code, exitOK, s.fmtStreams())
			}
			checkCredentialsFile(t, env)
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("files left in the folder: %v", entries)
			}
			secrets := secretsOf(t, gh.answer)
			checkNoSecret(t, "stdout", s.stdout.String(), secrets)
			checkNoSecret(t, "stderr", s.stderr.String(), secrets)
			checkTerminalSafe(t, "stdout", s.stdout.String())
			if len(gh.manifests) != 1 || gh.manifests[0].Name != tt.app || gh.manifests[0].RedirectURL != root(start)+"callback" {
				t.Errorf("GitHub received %+v, want %s sent back to %scallback", gh.manifests, tt.app, root(start))
			}
			if diff := cmp.Diff([]string{tt.page}, gh.pages); diff != "" {
				t.Errorf("registration page mismatch (-want +got):\n%s", diff)
			}
			// The command has ended: nothing serves at its address.
			if resp, err := http.Get(start); err == nil {
				resp.Body.Close()
				t.Error("create still serves after the app was created")
			}
			repl := slices.Concat([]string{gh.URL, "http://127.0.0.1:GITHUB"}, startRepl(start), []string{dir, "$TMP"})
			golden(t, filepath.Join("testdata", "golden", "create-"+tt.name+".txt"),
				normalize(transcript(args, code, s.stdout.String(), s.stderr.String()), repl...))
		})
	}
}

// TestCreateEnvFile: an existing env file is refused before anything is
// served, unless --overwrite, which replaces it (mode 0600 even if it
// was not) once the new one is complete; a link or a folder at its place,
// or a folder that is missing, is refused before serving too.
func TestCreateEnvFile(t *testing.T) {
	t.Run("exists", func(t *testing.T) {
		env := filepath.Join(t.TempDir(), ".env")
		if err := os.WriteFile(env, []byte("OLD=1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		var stdout, stderr bytes.Buffer
		code := run([]string{"create", "--timeout", "5s", "--env", env, "--base", "http://127.0.0.1:1", in("app-good.yml")}, strings.NewReader(""), &stdout, &stderr)
		if code != exitUsage || stdout.Len() != 0 || !strings.Contains(stderr.String(), "--overwrite") {
			t.Errorf("exit code %d, want %d, nothing served, a word of --overwrite\nstdout:\n%s\nstderr:\n%s", code, exitUsage, &stdout, &stderr)
		}
		if data, _ := os.ReadFile(env); string(data) != "OLD=1\n" {
			t.Errorf("the env file changed: %q", data)
		}
	})
	t.Run("overwrite", func(t *testing.T) {
		gh := newGitHubWeb(t)
		env := filepath.Join(t.TempDir(), ".env")
		if err := os.WriteFile(env, []byte("OLD=1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		s := startSession(t, []string{"create", "--overwrite", "--env", env, "--base", gh.URL, in("app-good.yml")})
		start := s.address(t)
		if data, _ := os.ReadFile(env); string(data) != "OLD=1\n" {
			t.Errorf("while serving, the env file is %q", data)
		}
		newBrowser().flow(t, start)
		if code := s.wait(t); code != exitOK {
			t.Errorf("exit code %d, want %d\n%s", code, exitOK, s.fmtStreams())
		}
		checkCredentialsFile(t, env)
	})
	dir := t.TempDir()
	link := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), link); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, env string
	}{
		{"a link", link},
		{"a folder", dir},
		{"in a missing folder", filepath.Join(dir, "missing", ".env")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"create", "--timeout", "5s", "--overwrite", "--env", tt.env, "--base", "http://127.0.0.1:1", in("app-good.yml")}, strings.NewReader(""), &stdout, &stderr)
			if code != exitInput || stdout.Len() != 0 {
				t.Errorf("exit code %d, want %d, nothing served\nstdout:\n%s\nstderr:\n%s", code, exitInput, &stdout, &stderr)
			}
		})
	}
	if _, err := os.Lstat(filepath.Join(dir, "elsewhere")); err == nil {
		t.Error("a file was written through the link")
	}
}

// TestCreateWriteFails: when the env file cannot be written once the app
// exists, the credentials go to a new file beside it, which the command
// names (exit 3); when that fails too, it says how to get new ones. No
// secret is printed either way.
func TestCreateWriteFails(t *testing.T) {
	for _, tt := range []struct {
		name      string
		overwrite bool
		// meanwhile changes the folder while the command waits for GitHub.
		meanwhile func(t *testing.T, dir, env string)
		saved     string // the file the credentials are in, "" for none
		status    int    // the browser's page after the redirect back
	}{
		{"env file made meanwhile", false, func(t *testing.T, dir, env string) { write(t, env, "SQUATTER=1\n") },
			".env.app-1", http.StatusSeeOther},
		{"link put in its place", true, func(t *testing.T, dir, env string) {
			if err := os.Symlink(filepath.Join(dir, "precious"), env); err != nil {
				t.Fatal(err)
			}
		}, ".env.app-1", http.StatusSeeOther},
		{"fallback name taken", false, func(t *testing.T, dir, env string) {
			write(t, env, "SQUATTER=1\n")
			write(t, env+".app-1", "TAKEN=1\n")
		}, ".env.app-1-1", http.StatusSeeOther},
		{"folder gone", false, func(t *testing.T, dir, env string) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}, "", http.StatusInternalServerError},
	} {
		t.Run(tt.name, func(t *testing.T) {
			gh := newGitHubWeb(t)
			top := t.TempDir()
			dir := filepath.Join(top, "app")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, "precious"), "keep")
			env := filepath.Join(dir, ".env")
			args := []string{"create", "--env", env, "--base", gh.URL, in("app-good.yml")}
			if tt.overwrite {
				args = append(args, "--overwrite")
			}
			s := startSession(t, args)
			start := s.address(t)
			tt.meanwhile(t, dir, env)
			resp := newBrowser().flow(t, start)
			if resp.StatusCode != tt.status {
				t.Errorf("after the redirect back: %s, want %d", resp.Status, tt.status)
			}
			if code := s.wait(t); code != exitInput {
				t.Errorf("exit code %d, want %d\n%s", code, exitInput, s.fmtStreams())
			}
			secrets := secretsOf(t, gh.answer)
			checkNoSecret(t, "stdout", s.stdout.String(), secrets)
			checkNoSecret(t, "stderr", s.stderr.String(), secrets)
			if tt.saved != "" {
				saved := filepath.Join(dir, tt.saved)
				checkCredentialsFile(t, saved)
				if !strings.Contains(s.stdout.String(), "Credentials written to "+saved+" instead") {
					t.Errorf("the output does not say where the credentials are\n%s", s.fmtStreams())
				}
				if data, _ := os.ReadFile(filepath.Join(dir, "precious")); string(data) != "keep" {
					t.Errorf("the link's target holds %q", data)
				}
			} else {
				for _, want := range []string{"the app exists", "settings page, " + gh.URL + "/settings/apps/octoapp,", "generate a new private key"} {
					if !strings.Contains(s.stderr.String(), want) {
						t.Errorf("stderr lacks %q\n%s", want, s.fmtStreams())
					}
				}
			}
			repl := slices.Concat([]string{gh.URL, "http://127.0.0.1:GITHUB"}, startRepl(start), []string{top, "$TMP"})
			name := "create-write-fails-" + strings.ReplaceAll(tt.name, " ", "-")
			golden(t, filepath.Join("testdata", "golden", name+".txt"),
				normalize(transcript(args, exitInput, s.stdout.String(), s.stderr.String()), repl...))
		})
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestCreateBadManifest: a manifest's mistakes are reported as lint
// reports them, before anything is served, and exit 1.
func TestCreateBadManifest(t *testing.T) {
	for _, file := range []string{"manifest-bad.json", "app-bad.yml", "manifest-plans.json"} {
		t.Run(file, func(t *testing.T) {
			env := filepath.Join(t.TempDir(), ".env")
			target := []string{"--org", "octo-org", "--base", "https://github.example.com", "--plan", "ghes-3.17"}
			var stdout, stderr bytes.Buffer
			code := run(append([]string{"create", "--timeout", "5s", "--env", env, in(file)}, target...), strings.NewReader(""), &stdout, &stderr)
			if code != exitFindings || stdout.Len() != 0 {
				t.Errorf("exit code %d, want %d, nothing served\nstdout:\n%s\nstderr:\n%s", code, exitFindings, &stdout, &stderr)
			}
			var lint bytes.Buffer
			run(append([]string{"lint", in(file)}, target...), strings.NewReader(""), &lint, io.Discard)
			if diff := cmp.Diff(lint.String(), stderr.String()); diff != "" {
				t.Errorf("create's findings differ from lint's (-lint +create):\n%s", diff)
			}
			if _, err := os.Lstat(env); err == nil {
				t.Error("an env file was written")
			}
		})
	}
}

// TestCreateStops: Ctrl-C and --timeout end the wait, exit 3, and leave
// the env file as it was; an exchange under way when Ctrl-C comes is let
// finish, and its credentials are saved.
func TestCreateStops(t *testing.T) {
	t.Run("Ctrl-C", func(t *testing.T) {
		dir := t.TempDir()
		env := filepath.Join(dir, ".env")
		write(t, env, "OLD=1\n")
		s := startSession(t, []string{"create", "--overwrite", "--env", env, "--base", "http://127.0.0.1:1", in("app-good.yml")})
		s.address(t)
		s.interrupt()
		if code := s.wait(t); code != exitInput || !strings.Contains(s.stderr.String(), "interrupted") {
			t.Errorf("exit code %d, want %d, saying it was interrupted\n%s", code, exitInput, s.fmtStreams())
		}
		if data, _ := os.ReadFile(env); string(data) != "OLD=1\n" {
			t.Errorf("the env file is %q", data)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("files left in the folder: %v", entries)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		env := filepath.Join(t.TempDir(), ".env")
		args := []string{"create", "--timeout", "300ms", "--env", env, "--base", "http://127.0.0.1:1", in("app-good.yml")}
		s := startSession(t, args)
		start := s.address(t)
		code := s.wait(t)
		if code != exitInput {
			t.Errorf("exit code %d, want %d\n%s", code, exitInput, s.fmtStreams())
		}
		if _, err := os.Lstat(env); err == nil {
			t.Error("an env file was written")
		}
		golden(t, filepath.Join("testdata", "golden", "create-timeout.txt"),
			normalize(transcript(args, code, s.stdout.String(), s.stderr.String()), slices.Concat(startRepl(start), []string{filepath.Dir(env), "$TMP"})...))
	})
	t.Run("Ctrl-C during the exchange", func(t *testing.T) {
		gh := newGitHubWeb(t)
		env := filepath.Join(t.TempDir(), ".env")
		s := startSession(t, []string{"create", "--env", env, "--base", gh.URL, in("app-good.yml")})
		b := newBrowser()
		callback := b.register(t, s.address(t))
		release := gh.holdConversions()
		defer release()
		answered := make(chan *http.Response, 1)
		go func() {
			resp, err := b.client.Get(callback)
			if err == nil {
				resp.Body.Close()
			}
			answered <- resp
		}()
		<-gh.called
		s.interrupt()
		time.Sleep(50 * time.Millisecond)
		release()
		if code := s.wait(t); code != exitOK {
			t.Errorf("exit code %d, want %d\n%s", code, exitOK, s.fmtStreams())
		}
		checkCredentialsFile(t, env)
		if resp := <-answered; resp == nil || resp.StatusCode != http.StatusSeeOther {
			t.Errorf("after the redirect back: %v", resp)
		}
	})
}

// TestCreateCodeRejected: GitHub refuses the code: exit 3, no env file,
// and the browser's page says the exchange failed.
func TestCreateCodeRejected(t *testing.T) {
	gh := newGitHubWeb(t)
	gh.status = http.StatusNotFound
	env := filepath.Join(t.TempDir(), ".env")
	args := []string{"create", "--env", env, "--base", gh.URL, in("app-good.yml")}
	s := startSession(t, args)
	start := s.address(t)
	if resp := newBrowser().flow(t, start); resp.StatusCode != http.StatusBadGateway {
		t.Errorf("after the redirect back: %s, want 502", resp.Status)
	}
	code := s.wait(t)
	if code != exitInput {
		t.Errorf("exit code %d, want %d\n%s", code, exitInput, s.fmtStreams())
	}
	if _, err := os.Lstat(env); err == nil {
		t.Error("an env file was written")
	}
	checkNoSecret(t, "stderr", s.stderr.String(), []string{standInCode})
	golden(t, filepath.Join("testdata", "golden", "create-code-rejected.txt"),
		normalize(transcript(args, code, s.stdout.String(), s.stderr.String()),
			slices.Concat([]string{gh.URL, "http://127.0.0.1:GITHUB"}, startRepl(start), []string{filepath.Dir(env), "$TMP"})...))
}

// TestCreateHostileAnswer: escape sequences in GitHub's answer (the app's
// name and page) never reach the terminal.
func TestCreateHostileAnswer(t *testing.T) {
	gh := newGitHubWeb(t)
	var m map[string]any
	if err := json.Unmarshal(gh.answer, &m); err != nil {
		t.Fatal(err)
	}
	m["name"] = "\x1b]0;owned\x07Octo\x1b[2J\u009b31m\u202e"
	m["html_url"] = "https://github.com/apps/octo\x1b[2J"
	gh.answer, _ = json.Marshal(m)
	env := filepath.Join(t.TempDir(), ".env")
	s := startSession(t, []string{"create", "--env", env, "--base", gh.URL, in("app-good.yml")})
	newBrowser().flow(t, s.address(t))
	if code := s.wait(t); code != exitOK {
		t.Errorf("exit code %d, want %d\n%s", code, exitOK, s.fmtStreams())
	}
	checkTerminalSafe(t, "stdout", s.stdout.String())
	checkTerminalSafe(t, "stderr", s.stderr.String())
	if !strings.Contains(s.stdout.String(), `Created "\x1b]0;owned\aOcto\x1b[2J\u009b31m\u202e" (app ID 1)`) {
		t.Errorf("the app's name is not shown escaped\n%s", s.fmtStreams())
	}
}

// TestCreateRefusedRequests: requests the flow refuses (another Host, as
// a DNS rebinding page sends; a callback without the flow's cookie) are
// said on stderr and do not end the wait.
func TestCreateRefusedRequests(t *testing.T) {
	env := filepath.Join(t.TempDir(), ".env")
	s := startSession(t, []string{"create", "--env", env, "--base", "http://127.0.0.1:1", in("app-good.yml")})
	start := s.address(t)
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, start, nil)
	req.Host = "rebound.example"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("Host rebound.example: %s", resp.Status)
	}
	resp = newBrowser().back(t, root(start)+"callback?code="+standInCode+"&state=x")
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a callback without the cookie: %s", resp.Status)
	}
	select {
	case code := <-s.done:
		t.Fatalf("create ended (%d) on a refused request\n%s", code, s.fmtStreams())
	case <-time.After(50 * time.Millisecond):
	}
	s.interrupt()
	s.wait(t)
	if got := s.stderr.String(); !strings.Contains(got, "host not allowed") || !strings.Contains(got, "cookie is missing") {
		t.Errorf("stderr does not say why the requests were refused:\n%s", got)
	}
	checkNoSecret(t, "stderr", s.stderr.String(), []string{standInCode})
	if _, err := os.Lstat(env); err == nil {
		t.Error("an env file was written")
	}
}
