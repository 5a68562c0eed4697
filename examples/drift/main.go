// Command drift prints how a GitHub App on GitHub differs from its manifest
// file, what to change, and which installations have not accepted its
// permissions yet, with who must approve each change:
//
//	go run ./examples/drift -manifest app.json -app-id 12345 -key app.pem [-client-id Iv1.…] [-base URL] [-markdown]
//
// It authenticates as the app with a JSON Web Token signed by its private
// key (ghapp.AppTransport), reads the app, its webhook and its installations
// (ghapp.ReadLive) and compares them with the manifest (ghapp.DiffLive).
// -markdown writes the report for a comment a CI job posts on a pull
// request; -check makes the command exit with status 3 when anything
// differs, so that a CI step fails.
//
// With -demo it runs against a local stand-in for GitHub's API, with a key
// it makes itself, and needs no network:
//
//	go run ./examples/drift -demo
package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/ghapp-dev/ghapp"
)

// errDrift says that the app differs from the manifest, with -check.
var errDrift = errors.New("the app on GitHub differs from the manifest")

func main() {
	err := run(context.Background(), os.Stdout, os.Args[1:])
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	case errors.Is(err, errDrift):
		os.Exit(3)
	default:
		fmt.Fprintln(os.Stderr, "drift:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	manifest, key, clientID, base, plan string
	appID                               int64
	markdown, check, demo               bool
}

func run(ctx context.Context, w io.Writer, args []string) error {
	var o options
	fs := flag.NewFlagSet("drift", flag.ContinueOnError)
	fs.StringVar(&o.manifest, "manifest", "", "the app's manifest `file` (JSON, as for the manifest flow)")
	fs.Int64Var(&o.appID, "app-id", 0, "the app's `ID`")
	fs.StringVar(&o.key, "key", "", "the app's private key, a PEM `file`")
	fs.StringVar(&o.clientID, "client-id", "", "the app's client `ID`, which GitHub recommends as the token's issuer (default: the app ID)")
	fs.StringVar(&o.base, "base", "", "GitHub Enterprise Server or GHE.com `origin` (default: https://github.com)")
	fs.StringVar(&o.plan, "plan", "", "the server's `plan`, such as ghes-3.17, for a GitHub Enterprise Server older than the newest")
	fs.BoolVar(&o.markdown, "markdown", false, "write Markdown, for a pull request comment")
	fs.BoolVar(&o.check, "check", false, "exit with status 3 when the app differs from the manifest")
	fs.BoolVar(&o.demo, "demo", false, "run against a built-in stand-in for GitHub, with no network")
	fs.SetOutput(w)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}

	var manifest io.Reader
	var key *rsa.PrivateKey
	if o.demo {
		if o.manifest != "" || o.key != "" || o.base != "" || o.appID != 0 {
			return errors.New("-demo brings its own manifest, key and GitHub: leave out -manifest, -key, -base and -app-id")
		}
		var stop func()
		var err error
		if key, o.base, stop, err = demo(); err != nil {
			return err
		}
		defer stop()
		o.appID, o.clientID, manifest = 1, "Iv1.demo0000000000", strings.NewReader(demoManifest)
	} else {
		if o.manifest == "" || o.key == "" || o.appID <= 0 {
			return errors.New("-manifest, -key and -app-id are required (or -demo)")
		}
		f, err := os.Open(o.manifest)
		if err != nil {
			return err
		}
		defer f.Close()
		manifest = f
		pemData, err := os.ReadFile(o.key)
		if err != nil {
			return err
		}
		if key, err = ghapp.ParsePrivateKey(pemData); err != nil {
			return fmt.Errorf("%s: %w", o.key, err)
		}
	}

	m, err := ghapp.ReadManifest(manifest)
	if err != nil {
		return fmt.Errorf("manifest:\n%w", err)
	}
	want, err := m.Config()
	if err != nil {
		return fmt.Errorf("manifest:\n%w", err)
	}
	target := ghapp.Target{BaseURL: o.base}
	if o.plan != "" {
		if target.Plan, err = ghapp.ParsePlan(o.plan); err != nil {
			return err
		}
	}
	tr := &ghapp.AppTransport{Key: key, AppID: o.appID, ClientID: o.clientID, Target: target}
	live, err := ghapp.ReadLive(ctx, tr.Client(), target)
	if err != nil {
		return err
	}
	d, err := ghapp.DiffLive(want, live, target)
	if err != nil {
		return err
	}
	if o.markdown {
		fmt.Fprintln(w, d.Markdown())
	} else {
		fmt.Fprintln(w, d)
	}
	if o.check && !d.Empty() {
		return errDrift
	}
	return nil
}

// demoManifest is the app in code for -demo: it asks for pull requests,
// which the app on the stand-in does not have yet.
const demoManifest = `{
  "name": "Octo CI",
  "url": "https://example.com/octo-ci",
  "hook_attributes": {"url": "https://example.com/octo-ci/webhook"},
  "default_permissions": {"checks": "write", "contents": "read", "pull_requests": "read"},
  "default_events": ["check_run", "check_suite", "pull_request"]
}`

// demo starts a local stand-in for GitHub's API, on GitHub Enterprise
// Server's layout (/api/v3), holding an app made for the demo and two of
// its installations, one of which has not accepted its permissions. It
// answers only requests with a token the demo's key signed.
func demo() (key *rsa.PrivateKey, base string, stop func(), err error) {
	if key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		return nil, "", nil, err
	}
	const app = `{"id": 1, "slug": "octo-ci", "client_id": "Iv1.demo0000000000", "name": "Octo CI",
		"owner": {"login": "octo-org", "id": 10, "type": "Organization"},
		"description": "", "external_url": "https://example.com/octo-ci", "html_url": "https://github.example.com/github-apps/octo-ci",
		"permissions": {"metadata": "read", "checks": "write", "contents": "read"},
		"events": ["check_run", "check_suite"]}`
	const installations = `[
		{"id": 21, "app_id": 1, "app_slug": "octo-ci", "account": {"login": "octo-org", "id": 10, "type": "Organization"},
		 "target_type": "Organization", "permissions": {"metadata": "read", "checks": "write", "contents": "read"},
		 "events": ["check_run", "check_suite"], "repository_selection": "all", "suspended_at": null},
		{"id": 22, "app_id": 1, "app_slug": "octo-ci", "account": {"login": "octocat", "id": 11, "type": "User"},
		 "target_type": "User", "permissions": {"metadata": "read", "checks": "read"},
		 "events": ["check_run"], "repository_selection": "selected", "suspended_at": null}
	]`
	answers := map[string]string{
		"/api/v3/app":               app,
		"/api/v3/app/hook/config":   `{"content_type": "json", "insecure_ssl": "0", "secret": "********", "url": "https://example.com/octo-ci/webhook"}`,
		"/api/v3/app/installations": installations,
	}
	pub := key.Public()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || verify(token, pub.(*rsa.PublicKey), time.Now()) != nil {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"message": "A JSON web token could not be decoded"}`)
			return
		}
		body, ok := answers[r.URL.Path]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"message": "Not Found"}`)
			return
		}
		fmt.Fprint(w, body)
	}))
	return key, s.URL, s.Close, nil
}
