package main

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ghapp-dev/ghapp"
)

// This file holds the local stand-ins for GitHub that create and drift
// are tested against, answering with GitHub's documented examples, which
// are read at test time from ../shared/reference beside the repository:
// the project does not copy reference files, so without them the tests
// are skipped.

// reference reads a file of GitHub's reference extracts, or skips t.
func reference(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "reference", "extracts", name))
	if err != nil {
		t.Skipf("GitHub's documented examples are not here: %v", err)
	}
	return data
}

// apiExamples returns GitHub's documented answers of GET /app and GET
// /app/installations on GitHub Enterprise Server 3.19, the API layout
// (/api/v3) a loopback stand-in has.
func apiExamples(t testing.TB) (app, installations json.RawMessage) {
	t.Helper()
	var doc struct {
		Operations map[string]map[string]struct {
			Responses map[string]struct {
				Examples map[string]json.RawMessage `json:"examples"`
			} `json:"responses"`
		} `json:"operations"`
	}
	if err := json.Unmarshal(reference(t, "app-installations.openapi.json"), &doc); err != nil {
		t.Fatal(err)
	}
	ops := doc.Operations["ghes-3.19"]
	app = ops["GET /app"].Responses["200"].Examples["default"]
	installations = ops["GET /app/installations"].Responses["200"].Examples["default"]
	if app == nil || installations == nil {
		t.Fatal("no documented examples of GET /app and GET /app/installations")
	}
	return app, installations
}

// conversionExample returns GitHub's documented answer to a manifest
// conversion (POST /app-manifests/{code}/conversions).
func conversionExample(t testing.TB) json.RawMessage {
	t.Helper()
	var doc map[string]json.RawMessage
	var example struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(reference(t, "app-manifest-conversion.openapi.json"), &doc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(doc["components.examples.integration-from-manifest"], &example); err != nil || example.Value == nil {
		t.Fatalf("no integration-from-manifest example: %v", err)
	}
	return example.Value
}

// The secrets of GitHub's documented conversion answer, and the code the
// stand-in sends back: none may ever be printed.
const (
	documentedClientSecret  = "1726be1638095a19edd134c77bde3aa2ece1e5d8"
	documentedWebhookSecret = "e340154128314309424b7c8e90325147d99fdafa"
	standInCode             = "a180b1a3d263c81bc6441d7b990bae27d4c10679"
)

// secretsOf returns the texts that must never be printed: the secrets of
// the documented answer, each line of its private key, and the code.
func secretsOf(t testing.TB, answer json.RawMessage) []string {
	t.Helper()
	var v struct {
		PEM string `json:"pem"`
	}
	if err := json.Unmarshal(answer, &v); err != nil {
		t.Fatal(err)
	}
	out := []string{documentedClientSecret, documentedWebhookSecret, standInCode}
	for line := range strings.Lines(v.PEM) {
		if line = strings.TrimSpace(line); len(line) > 16 && !strings.HasPrefix(line, "-----") {
			out = append(out, line)
		}
	}
	return out
}

// checkNoSecret fails when s holds any of secrets.
func checkNoSecret(t testing.TB, stream, s string, secrets []string) {
	t.Helper()
	for _, secret := range secrets {
		if strings.Contains(s, secret) {
			t.Errorf("%s holds a secret (%.8s...):\n%s", stream, secret, s)
		}
	}
}

// A gitHubWeb is a local stand-in for GitHub's registration page and the
// manifest conversion: the page takes the posted manifest and sends the
// browser to its redirect_url with a code and the state, as GitHub does
// once the person confirms; the API converts that code with the documented
// answer.
type gitHubWeb struct {
	*httptest.Server
	called chan struct{} // a conversion was asked for

	mu        sync.Mutex
	answer    []byte
	status    int           // of the conversion; 0 is 201
	hold      chan struct{} // when not nil, the conversion waits for it to close
	manifests []ghapp.Manifest
	pages     []string // the paths the manifests were posted to
}

func newGitHubWeb(t *testing.T) *gitHubWeb {
	g := &gitHubWeb{answer: conversionExample(t), called: make(chan struct{}, 8)}
	register := func(w http.ResponseWriter, r *http.Request) {
		m, err := ghapp.ReadManifest(strings.NewReader(r.PostFormValue("manifest")))
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		g.mu.Lock()
		g.manifests, g.pages = append(g.manifests, m), append(g.pages, r.URL.Path)
		g.mu.Unlock()
		http.Redirect(w, r, m.RedirectURL+"?code="+standInCode+"&state="+url.QueryEscape(r.URL.Query().Get("state")), http.StatusFound)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /settings/apps/new", register)
	mux.HandleFunc("POST /organizations/{org}/settings/apps/new", register)
	mux.HandleFunc("POST /api/v3/app-manifests/{code}/conversions", func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		hold, answer, status := g.hold, g.answer, g.status
		g.mu.Unlock()
		g.called <- struct{}{}
		if hold != nil {
			<-hold
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if r.PathValue("code") != standInCode || status == http.StatusNotFound {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest"}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(answer)
	})
	g.Server = httptest.NewServer(mux)
	t.Cleanup(g.Close)
	return g
}

// holdConversions makes conversions wait until release is called.
func (g *gitHubWeb) holdConversions() (release func()) {
	ch := make(chan struct{})
	g.mu.Lock()
	g.hold = ch
	g.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

// A gitHubAPI is a local stand-in for GitHub Enterprise Server's REST API
// (/api/v3) as an app reads itself: GET /app, GET /app/hook/config and GET
// /app/installations, answered only to a JSON Web Token that key signed
// (401 otherwise, with GitHub's message). It records the tokens' issuers.
type gitHubAPI struct {
	*httptest.Server
	key *rsa.PublicKey

	mu            sync.Mutex
	app           json.RawMessage
	installations json.RawMessage
	failure       *apiFailure // when set, every request gets it
	issuers       []string
}

// An apiFailure is an answer other than success.
type apiFailure struct {
	status int
	header map[string]string
	body   string
}

func newGitHubAPI(t *testing.T, key *rsa.PublicKey) *gitHubAPI {
	app, installations := apiExamples(t)
	g := &gitHubAPI{key: key, app: app, installations: installations}
	g.Server = httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(g.Close)
	return g
}

func (g *gitHubAPI) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	iss, err := verifyJWT(token, g.key, time.Now())
	if err != nil {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"message":"A JSON web token could not be decoded","documentation_url":"https://docs.github.com/rest"}`)
		return
	}
	g.mu.Lock()
	g.issuers = append(g.issuers, iss)
	app, installations, failure := g.app, g.installations, g.failure
	g.mu.Unlock()
	if failure != nil {
		for k, v := range failure.header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(failure.status)
		_, _ = io.WriteString(w, failure.body)
		return
	}
	switch r.URL.Path {
	case "/api/v3/app":
		_, _ = w.Write(app)
	case "/api/v3/app/installations":
		_, _ = w.Write(installations)
	case "/api/v3/app/hook/config":
		// GitHub's documented example of the webhook's configuration.
		_, _ = io.WriteString(w, `{"content_type":"json","insecure_ssl":"0","secret":"********","url":"https://example.com/webhook"}`)
	default:
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}`)
	}
}

func (g *gitHubAPI) takeIssuers() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := g.issuers
	g.issuers = nil
	return out
}

// verifyJWT checks an RS256 JSON Web Token as GitHub does an app's: its
// signature by pub, an issuer, issued no later than now and expiring
// within ten minutes. It returns the issuer.
func verifyJWT(token string, pub *rsa.PublicKey, now time.Time) (string, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return "", errors.New("not a JSON Web Token")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		return "", err
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "", err
	}
	var c struct {
		IAT, EXP int64
		ISS      string
	}
	if err := json.Unmarshal(payload, &c); err != nil {
		return "", err
	}
	switch t := now.Unix(); {
	case c.ISS == "":
		return "", errors.New("no issuer")
	case c.IAT > t+1:
		return "", errors.New("issued in the future")
	case c.EXP <= t || c.EXP > t+600:
		return "", errors.New("expired, or more than ten minutes on")
	}
	return c.ISS, nil
}

// newKey makes an RSA key and writes it, PEM-encoded as GitHub gives it,
// into dir; it returns the key and the file's path.
func newKey(t testing.TB, dir, name string) (*rsa.PrivateKey, string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	data := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return key, path
}

// keyLines returns the base64 lines of the PEM file at path: what no
// output may show.
func keyLines(t testing.TB, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for line := range strings.Lines(string(data)) {
		if line = strings.TrimSpace(line); !strings.HasPrefix(line, "-----") && line != "" {
			out = append(out, line)
		}
	}
	return out
}

// A syncBuffer is a bytes.Buffer safe for a test to read while the
// command writes.
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

// A session is one run of the command in the background, as a person at
// a terminal runs it: its streams, its exit code once it ends, and its
// Ctrl-C.
type session struct {
	stdout, stderr *syncBuffer
	done           chan int
	interrupt      context.CancelFunc
}

// startSession runs the command line args in the background.
func startSession(t *testing.T, args []string) *session {
	t.Helper()
	s := &session{stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan int, 1)}
	a := newApp(strings.NewReader(""), s.stdout, s.stderr)
	ctrlC, interrupt := context.WithCancel(context.Background())
	s.interrupt = interrupt
	t.Cleanup(interrupt)
	a.interrupt = func(parent context.Context) (context.Context, context.CancelFunc) {
		ctx, cancel := context.WithCancel(parent)
		stop := context.AfterFunc(ctrlC, cancel)
		return ctx, func() { stop(); cancel() }
	}
	go func() { s.done <- a.main(args) }()
	return s
}

// wait returns the exit code, failing t if the command runs on.
func (s *session) wait(t *testing.T) int {
	t.Helper()
	select {
	case code := <-s.done:
		return code
	case <-time.After(30 * time.Second):
		t.Fatalf("the command runs on\nstdout:\n%s\nstderr:\n%s", s.stdout, s.stderr)
	}
	return 0
}

// fmtStreams shows both streams for a failure's message.
func (s *session) fmtStreams() string {
	return fmt.Sprintf("stdout:\n%s\nstderr:\n%s", s.stdout, s.stderr)
}
