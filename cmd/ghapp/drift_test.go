package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// documentedClientID is the client ID of GitHub's documented app.
const documentedClientID = "Iv1.ab1112223334445c"

// consistentApp returns GitHub's documented app with pull_requests: read
// added: the example subscribes to pull_request without the permission
// the event needs, which no manifest may ask for, so no manifest is in
// sync with it as it is.
func consistentApp(t *testing.T, app json.RawMessage) json.RawMessage {
	t.Helper()
	var a map[string]any
	if err := json.Unmarshal(app, &a); err != nil {
		t.Fatal(err)
	}
	perms, ok := a["permissions"].(map[string]any)
	if !ok {
		t.Fatalf("the documented app has no permissions: %s", app)
	}
	perms["pull_requests"] = "read"
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// acceptedInstallations returns GitHub's documented installation, changed
// to have accepted every permission of the documented app: in sync.
func acceptedInstallations(t *testing.T, app, installations json.RawMessage) json.RawMessage {
	t.Helper()
	var a struct {
		Permissions map[string]string `json:"permissions"`
	}
	var list []map[string]any
	if err := json.Unmarshal(app, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(installations, &list); err != nil || len(list) != 1 {
		t.Fatalf("documented installations: %v (%d)", err, len(list))
	}
	list[0]["permissions"] = a.Permissions
	data, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestDrift runs drift against the stand-in for GitHub's API, answering
// with GitHub's documented app and installation, in each format: in sync
// (the app made consistent, the installation changed to have accepted its
// permissions) and
// drifting (app.yml changed, the installation as documented, lagging);
// then with a key GitHub refuses (401), an API that is not there (404),
// and the rate limit. Each run's exit code and output are a golden file;
// no output holds the key; each token names the client ID when given,
// else the app ID.
func TestDrift(t *testing.T) {
	dir := t.TempDir()
	key, keyPath := newKey(t, dir, "app.pem")
	_, otherKey := newKey(t, dir, "other.pem")
	secrets := append(keyLines(t, keyPath), keyLines(t, otherKey)...)
	notFound := &apiFailure{status: http.StatusNotFound, body: `{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}`}
	rateLimited := &apiFailure{status: http.StatusForbidden,
		header: map[string]string{"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1700000000"},
		body:   `{"message":"API rate limit exceeded for installation ID 1.","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}`}
	for _, tt := range []struct {
		name     string
		input    string
		flags    []string
		accepted bool
		key      string
		failure  *apiFailure
		code     int
	}{
		{"sync-text", "drift-sync.json", nil, true, keyPath, nil, exitOK},
		{"sync-markdown", "drift-sync.json", []string{"--format", "markdown", "--client-id", documentedClientID}, true, keyPath, nil, exitOK},
		{"sync-json", "drift-sync.json", []string{"--format", "json"}, true, keyPath, nil, exitOK},
		{"sync-github", "drift-sync.json", []string{"--format", "github"}, true, keyPath, nil, exitOK},
		{"changed-text", "drift-changed.yml", nil, false, keyPath, nil, exitFindings},
		{"changed-markdown", "drift-changed.yml", []string{"--format", "markdown"}, false, keyPath, nil, exitFindings},
		{"changed-json", "drift-changed.yml", []string{"--format", "json", "--client-id", documentedClientID}, false, keyPath, nil, exitFindings},
		{"changed-github", "drift-changed.yml", []string{"--format", "github"}, false, keyPath, nil, exitFindings},
		{"installation-lags", "drift-sync.json", []string{"--format", "github"}, false, keyPath, nil, exitFindings},
		{"unauthorized", "drift-sync.json", nil, true, otherKey, nil, exitInput},
		{"unauthorized-github", "drift-sync.json", []string{"--format", "github", "--client-id", documentedClientID}, true, otherKey, nil, exitInput},
		{"not-found", "drift-sync.json", nil, true, keyPath, notFound, exitInput},
		{"rate-limited", "drift-sync.json", nil, true, keyPath, rateLimited, exitInput},
	} {
		t.Run(tt.name, func(t *testing.T) {
			api := newGitHubAPI(t, &key.PublicKey)
			if tt.input == "drift-sync.json" {
				api.app = consistentApp(t, api.app)
			}
			if tt.accepted {
				api.installations = acceptedInstallations(t, api.app, api.installations)
			}
			api.failure = tt.failure
			args := append([]string{"drift", "--app-id", "1", "--key", tt.key, "--base", api.URL}, tt.flags...)
			args = append(args, in(tt.input))
			var stdout, stderr bytes.Buffer
			code := run(args, strings.NewReader(""), &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, &stdout, &stderr)
			}
			checkTerminalSafe(t, "stdout", stdout.String())
			checkTerminalSafe(t, "stderr", stderr.String())
			checkNoSecret(t, "stdout", stdout.String(), secrets)
			checkNoSecret(t, "stderr", stderr.String(), secrets)
			issuer := "1"
			for i, f := range tt.flags {
				if f == "--client-id" {
					issuer = tt.flags[i+1]
				}
			}
			for _, iss := range api.takeIssuers() {
				if iss != issuer {
					t.Errorf("a token's issuer is %q, want %q", iss, issuer)
				}
			}
			if strings.HasSuffix(tt.name, "-json") {
				var v struct {
					InSync bool `json:"in_sync"`
				}
				if err := json.Unmarshal(stdout.Bytes(), &v); err != nil || v.InSync != (code == exitOK) {
					t.Errorf("json output: in_sync %v for exit %d, %v", v.InSync, code, err)
				}
			}
			golden(t, filepath.Join("testdata", "golden", "drift-"+tt.name+".txt"),
				normalize(transcript(args, code, stdout.String(), stderr.String()), api.URL, "http://127.0.0.1:PORT", dir, "$TMP"))
		})
	}
}

// TestDriftGitHubPlaces: each difference's workflow command stands on the
// line of app.yml that holds it; a lagging installation has no line.
func TestDriftGitHubPlaces(t *testing.T) {
	dir := t.TempDir()
	key, keyPath := newKey(t, dir, "app.pem")
	api := newGitHubAPI(t, &key.PublicKey)
	var stdout bytes.Buffer
	run([]string{"drift", "--format", "github", "--app-id", "1", "--key", keyPath, "--base", api.URL, in("drift-changed.yml")}, strings.NewReader(""), &stdout, &bytes.Buffer{})
	var got []string
	for line := range strings.Lines(stdout.String()) {
		if strings.HasPrefix(line, "::") {
			head, _, _ := strings.Cut(strings.TrimPrefix(line, "::"), "::")
			got = append(got, head)
		}
	}
	file := "file=" + escapeProperty(in("drift-changed.yml"))
	want := []string{
		"error " + file + ",line=13,col=3,title=ghapp drift", // pull_requests added
		"error " + file + ",line=11,col=3,title=ghapp drift", // contents raised
		"error " + file + ",line=11,col=3,title=ghapp drift", // single_file removed: default_permissions
		"error " + file + ",line=17,col=5,title=ghapp drift", // the issues event
		"error " + file + ",line=5,col=6,title=ghapp drift",  // url
		"error " + file + ",line=7,col=8,title=ghapp drift",  // webhook_url
		"error title=ghapp drift",                            // the lagging installation
		"notice title=ghapp drift",                           // not compared
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("workflow commands mismatch (-want +got):\n%s\n%s", diff, &stdout)
	}
}

// TestDriftHostile: escape sequences in what GitHub answers (the app's
// name, its owner's type) never reach the terminal, in any format.
func TestDriftHostile(t *testing.T) {
	dir := t.TempDir()
	key, keyPath := newKey(t, dir, "app.pem")
	api := newGitHubAPI(t, &key.PublicKey)
	var app map[string]any
	if err := json.Unmarshal(api.app, &app); err != nil {
		t.Fatal(err)
	}
	app["name"] = "Octocat\x1b]0;owned\x07 App\u202e\u009b2J"
	app["description"] = "\x1b[31mred"
	api.app, _ = json.Marshal(app)
	for _, format := range []string{formatText, formatMarkdown, formatJSON, formatGitHub} {
		t.Run(format, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run([]string{"drift", "--format", format, "--app-id", "1", "--key", keyPath, "--base", api.URL, in("drift-changed.yml")},
				strings.NewReader(""), &stdout, &stderr)
			if code != exitFindings {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitFindings, &stdout, &stderr)
			}
			if !strings.Contains(stdout.String(), "name") {
				t.Errorf("the name's difference is not shown:\n%s", &stdout)
			}
			checkTerminalSafe(t, "stdout", stdout.String())
			checkTerminalSafe(t, "stderr", stderr.String())
		})
	}
}
