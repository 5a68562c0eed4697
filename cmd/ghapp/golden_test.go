package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// A cliCase is one run of the command, whose exit code, stdout and stderr
// a golden file holds.
type cliCase struct {
	name  string
	args  []string
	stdin string
	code  int // the exit code wanted, checked beside the golden file
}

// in names a fixture.
func in(name string) string { return "testdata/input/" + name }

// cliCases covers every subcommand's output in each of its formats, each
// mistake class of each input form, and the exit codes.
var cliCases = []cliCase{
	// lint: each input form, each format.
	{name: "lint-good", args: []string{"lint", in("manifest-good.json"), in("app-good.yml"), in("links-good.txt")}, code: exitOK},
	{name: "lint-manifest-text", args: []string{"lint", in("manifest-bad.json"), in("manifest-required.json"), in("manifest-syntax.json")}, code: exitFindings},
	{name: "lint-manifest-json", args: []string{"lint", "--format", "json", in("manifest-bad.json")}, code: exitFindings},
	{name: "lint-manifest-github", args: []string{"lint", "--format", "github", in("manifest-bad.json")}, code: exitFindings},
	{name: "lint-manifest-sarif", args: []string{"lint", "--format", "sarif", in("manifest-bad.json")}, code: exitFindings},
	{name: "lint-yaml-text", args: []string{"lint", in("app-bad.yml"), in("app-required.yml"), in("app-syntax.yml")}, code: exitFindings},
	{name: "lint-yaml-json", args: []string{"lint", "--format", "json", in("app-bad.yml")}, code: exitFindings},
	{name: "lint-yaml-github", args: []string{"lint", "--format", "github", in("app-bad.yml")}, code: exitFindings},
	{name: "lint-yaml-sarif", args: []string{"lint", "--format", "sarif", in("app-bad.yml")}, code: exitFindings},
	{name: "lint-links-text", args: []string{"lint", in("links-bad.txt")}, code: exitFindings},
	{name: "lint-links-json", args: []string{"lint", "--format", "json", in("links-bad.txt")}, code: exitFindings},
	{name: "lint-links-github", args: []string{"lint", "--format", "github", in("links-bad.txt")}, code: exitFindings},
	{name: "lint-links-sarif", args: []string{"lint", "--format", "sarif", in("links-bad.txt")}, code: exitFindings},
	{name: "lint-link-argument", args: []string{"lint", "https://github.com/settings/apps/new?name=octoapp&chekcs=write"}, code: exitFindings},
	{name: "lint-stdin", args: []string{"lint", "-"}, stdin: "name: octoapp\nurl: https://example.com\ndefault_events: [issues]\n", code: exitFindings},
	// app.yml as Probot reads it.
	{name: "lint-yaml-duplicate-key", args: []string{"lint", in("app-duplicate.yml")}, code: exitFindings},
	{name: "lint-yaml-unknown-key", args: []string{"lint", in("app-unknown.yml")}, code: exitFindings},
	{name: "lint-yaml-documents", args: []string{"lint", in("app-empty.yml"), in("app-comment.yml"), in("app-two.yml"), in("app-notutf8.yml")}, code: exitFindings},
	{name: "lint-yaml-merge-and-tags", args: []string{"lint", in("app-merge.yml"), in("app-tags.yml")}, code: exitFindings},
	{name: "lint-yaml-alias", args: []string{"lint", in("app-alias.yml")}, code: exitOK},
	{name: "lint-probot-package-json", args: []string{"lint", in("probot/app.yml"), in("probot-badhome/app.yml"), in("probot-badpkg/app.yml")}, code: exitFindings},
	{name: "manifest-probot-defaults", args: []string{"manifest", in("probot/app.yml")}, code: exitOK},
	// targets.
	{name: "lint-plan", args: []string{"lint", "--plan", "ghes-3.17", in("manifest-plans.json")}, code: exitFindings},
	{name: "lint-plan-ghec", args: []string{"lint", "--plan", "ghec", in("manifest-plans.json")}, code: exitFindings},
	{name: "lint-links-target", args: []string{"lint", "--base", "https://GitHub.Example.com/", "--org", "octo-org", "--plan", "ghes-3.17", in("links-target.txt")}, code: exitFindings},
	{name: "lint-unknown-names", args: []string{"lint", in("manifest-unknown.json")}, code: exitFindings},
	{name: "lint-allow-unknown", args: []string{"lint", "--allow-unknown", in("manifest-unknown.json")}, code: exitOK},
	{name: "lint-flags-after-files", args: []string{"lint", in("manifest-plans.json"), "--plan", "ghes-3.17", "--format", "json"}, code: exitFindings},
	{name: "lint-control-text", args: []string{"lint", in("manifest-control.json")}, code: exitFindings},
	{name: "lint-control-json", args: []string{"lint", "--format", "json", in("manifest-control.json")}, code: exitFindings},
	{name: "lint-control-github", args: []string{"lint", "--format", "github", in("manifest-control.json")}, code: exitFindings},
	// exit codes of lint's usage and input errors.
	{name: "lint-missing-file", args: []string{"lint", in("nope.json"), in("manifest-good.json")}, code: exitInput},
	{name: "lint-no-file", args: []string{"lint"}, code: exitUsage},
	{name: "lint-bad-format", args: []string{"lint", "--format", "jsn", in("app-good.yml")}, code: exitUsage},
	{name: "lint-unknown-flag", args: []string{"lint", "--pln", "ghes", in("app-good.yml")}, code: exitUsage},
	{name: "lint-bad-plan", args: []string{"lint", "--plan", "ghes-3.1", in("app-good.yml")}, code: exitUsage},
	{name: "lint-bad-target", args: []string{"lint", "--base", "ftp://github.example.com", "--org", "-octo-", in("app-good.yml")}, code: exitUsage},
	{name: "lint-flag-value-missing", args: []string{"lint", in("app-good.yml"), "--plan"}, code: exitUsage},

	// url.
	{name: "url-manifest", args: []string{"url", in("manifest-good.json")}, code: exitOK},
	{name: "url-yaml-org-base", args: []string{"url", "--org", "octo-org", "--base", "https://github.example.com", in("app-good.yml")}, code: exitOK},
	{name: "url-probot-defaults", args: []string{"url", in("probot/app.yml")}, code: exitOK},
	{name: "url-plan", args: []string{"url", "--base", "https://github.example.com", "--plan", "ghes-3.17", in("manifest-plans.json")}, code: exitFindings},
	{name: "url-bad-input-text", args: []string{"url", in("app-bad.yml")}, code: exitFindings},
	{name: "url-bad-input-json", args: []string{"url", "--format", "json", in("app-bad.yml")}, code: exitFindings},
	{name: "url-bad-input-github", args: []string{"url", "--format", "github", in("app-bad.yml")}, code: exitFindings},
	{name: "url-parse", args: []string{"url", "--parse", "https://github.com/settings/apps/new?name=octoapp&url=https://example.com&webhook_active=false&webhook_url=https://example.com/hooks&contents=read&events[]=push"}, code: exitOK},
	{name: "url-parse-github-example", args: []string{"url", "--parse", "https://github.com/settings/apps/new?name=octocat-github-app&description=An%20Octocat%20App&callback_urls[]=https://example.com&request_oauth_on_install=true&public=true&checks=write&events[]=check_run&events[]=check_suite"}, code: exitFindings},
	{name: "url-parse-single-file", args: []string{"url", "--parse", in("link-single-file.txt")}, code: exitFindings},
	{name: "url-parse-with-target", args: []string{"url", "--parse", "--org", "octo-org", "https://github.com/settings/apps/new"}, code: exitUsage},
	{name: "url-two-links", args: []string{"url", in("links-good.txt")}, code: exitUsage},

	// manifest.
	{name: "manifest-yaml-to-json", args: []string{"manifest", in("app-good.yml")}, code: exitOK},
	{name: "manifest-json-to-yaml", args: []string{"manifest", "--to", "yaml", in("manifest-good.json")}, code: exitOK},
	{name: "manifest-json-to-link", args: []string{"manifest", "--to", "link", "--org", "octo-org", in("manifest-good.json")}, code: exitOK},
	{name: "manifest-link-to-yaml", args: []string{"manifest", "--to", "yaml", "https://github.com/settings/apps/new?name=octoapp&url=https://example.com&public=true&issues=write&events[]=issues"}, code: exitOK},
	{name: "manifest-link-to-link", args: []string{"manifest", "--to", "link", "https://GITHUB.com/settings/apps/new?events%5B%5D=issues&issues=write&name=octo+app"}, code: exitOK},
	{name: "manifest-findings-json", args: []string{"manifest", "--format", "json", "--to", "yaml", "https://github.com/settings/apps/new?name=octoapp&single_file=read&single_file_name=app.yml"}, code: exitFindings},
	{name: "manifest-findings-github", args: []string{"manifest", "--format", "github", in("app-unknown.yml")}, code: exitFindings},
	{name: "manifest-bad-to", args: []string{"manifest", "--to", "yml", in("app-good.yml")}, code: exitUsage},
	{name: "manifest-target-without-link", args: []string{"manifest", "--org", "octo-org", in("app-good.yml")}, code: exitUsage},

	// diff.
	{name: "diff-text", args: []string{"diff", in("manifest-old.json"), in("app-new.yml")}, code: exitOK},
	{name: "diff-markdown", args: []string{"diff", "--format", "markdown", in("manifest-old.json"), in("app-new.yml")}, code: exitOK},
	{name: "diff-json", args: []string{"diff", "--format", "json", in("manifest-old.json"), in("app-new.yml")}, code: exitOK},
	{name: "diff-github", args: []string{"diff", "--format", "github", in("manifest-old.json"), in("app-new.yml")}, code: exitOK},
	{name: "diff-fail-on-approval", args: []string{"diff", "--fail-on-approval", in("manifest-old.json"), in("app-new.yml")}, code: exitFindings},
	{name: "diff-downgrade", args: []string{"diff", "--fail-on-approval", "--format", "markdown", in("manifest-old.json"), in("manifest-downgrade.json")}, code: exitOK},
	{name: "diff-no-change", args: []string{"diff", "--format", "markdown", in("manifest-good.json"), in("app-good.yml")}, code: exitOK},
	{name: "diff-link", args: []string{"diff", in("manifest-old.json"), "https://github.com/settings/apps/new?url=https://example.com&contents=read&events[]=push"}, code: exitOK},
	{name: "diff-bad-input", args: []string{"diff", in("app-duplicate.yml"), in("manifest-syntax.json")}, code: exitFindings},
	{name: "diff-one-argument", args: []string{"diff", in("manifest-old.json")}, code: exitUsage},

	// scopes.
	{name: "scopes-missing", args: []string{"scopes", "check", "--granted", "repo, read:org", "--required", "user:email,read:org"}, code: exitFindings},
	{name: "scopes-missing-json", args: []string{"scopes", "check", "--format", "json", "--granted", "repo:status, read:org, brand_new", "--required", "repo,read:org,workflow", "--client-id", "Ov23liExample"}, code: exitFindings},
	{name: "scopes-client-id", args: []string{"scopes", "check", "--granted", "repo:status", "--required", "repo", "--client-id", "Ov23liExample", "--base", "https://github.example.com"}, code: exitFindings},
	{name: "scopes-nothing-missing", args: []string{"scopes", "check", "--granted", "repo, admin:org", "--required", "repo:status read:org"}, code: exitOK},
	{name: "scopes-no-granted-scopes", args: []string{"scopes", "check", "--granted", "", "--required", "gist"}, code: exitFindings},
	{name: "scopes-unknown-required", args: []string{"scopes", "check", "--granted", "repo", "--required", "user:emial,packages:read"}, code: exitUsage},
	{name: "scopes-granted-missing", args: []string{"scopes", "check", "--required", "repo"}, code: exitUsage},
	{name: "scopes-no-subcommand", args: []string{"scopes", "chek", "--granted", "repo", "--required", "repo"}, code: exitUsage},
	{name: "scopes-bad-client-id", args: []string{"scopes", "check", "--granted", "", "--required", "repo", "--client-id", "bad id"}, code: exitUsage},

	// explain.
	{name: "explain-permission", args: []string{"explain", "pull_requests"}, code: exitOK},
	{name: "explain-event", args: []string{"explain", "check_run"}, code: exitOK},
	{name: "explain-scope", args: []string{"explain", "repo"}, code: exitOK},
	{name: "explain-two-kinds", args: []string{"explain", "issues"}, code: exitOK},
	{name: "explain-rest-name", args: []string{"explain", "email_addresses"}, code: exitOK},
	{name: "explain-json", args: []string{"explain", "--format", "json", "workflows"}, code: exitOK},
	{name: "explain-unknown", args: []string{"explain", "pull-request"}, code: exitFindings},
	{name: "explain-unknown-json", args: []string{"explain", "--format", "json", "packages:read"}, code: exitFindings},
	{name: "explain-retired", args: []string{"explain", "team_discussions"}, code: exitFindings},

	// help.
	{name: "help", args: []string{"help"}, code: exitOK},
	{name: "help-lint", args: []string{"help", "lint"}, code: exitOK},
	{name: "help-url", args: []string{"url", "-h"}, code: exitOK},
	{name: "help-manifest", args: []string{"manifest", "--help"}, code: exitOK},
	{name: "help-diff", args: []string{"help", "diff"}, code: exitOK},
	{name: "help-scopes", args: []string{"scopes", "check", "-h"}, code: exitOK},
	{name: "help-explain", args: []string{"help", "explain"}, code: exitOK},
	{name: "help-create", args: []string{"help", "create"}, code: exitOK},
	{name: "help-drift", args: []string{"help", "drift"}, code: exitOK},
	{name: "help-unknown", args: []string{"help", "lnt"}, code: exitUsage},
	{name: "no-arguments", args: nil, code: exitUsage},
	{name: "unknown-command", args: []string{"lnit", "app.yml"}, code: exitUsage},
	{name: "version", args: []string{"version"}, code: exitOK},
	{name: "flag-before-command", args: []string{"--format", "json", "lint"}, code: exitUsage},

	// create and drift, where they end before serving or asking GitHub;
	// create_test.go and drift_test.go run them against stand-ins. A
	// create that should not serve has a short --timeout, so that it fails
	// rather than waits if it does.
	{name: "create-bad-manifest", args: []string{"create", "--timeout", "5s", "--org", "octo-org", in("manifest-bad.json")}, code: exitFindings},
	{name: "create-bad-link", args: []string{"create", "--timeout", "5s", "https://github.com/settings/apps/new?name=octoapp&chekcs=write"}, code: exitFindings},
	{name: "create-unreadable", args: []string{"create", in("nope.json")}, code: exitInput},
	{name: "create-no-file", args: []string{"create"}, code: exitUsage},
	{name: "create-bad-target", args: []string{"create", "--base", "ftp://github.example.com", in("app-good.yml")}, code: exitUsage},
	{name: "create-bad-timeout", args: []string{"create", "--timeout", "0s", in("app-good.yml")}, code: exitUsage},
	{name: "create-env-exists", args: []string{"create", "--timeout", "5s", "--env", in("app-good.yml"), in("manifest-good.json")}, code: exitUsage},
	{name: "drift-bad-input", args: []string{"drift", "--app-id", "1", "--key", in("nope.pem"), in("manifest-bad.json")}, code: exitFindings},
	{name: "drift-bad-input-github", args: []string{"drift", "--format", "github", "--app-id", "1", "--key", in("nope.pem"), in("app-unknown.yml")}, code: exitFindings},
	{name: "drift-missing-key", args: []string{"drift", "--app-id", "1", "--key", in("nope.pem"), in("app-good.yml")}, code: exitInput},
	{name: "drift-not-a-key", args: []string{"drift", "--app-id", "1", "--key", in("not-a-key.pem"), in("app-good.yml")}, code: exitInput},
	{name: "drift-unreadable", args: []string{"drift", "--app-id", "1", "--key", in("not-a-key.pem"), in("nope.yml")}, code: exitInput},
	{name: "drift-no-app-id", args: []string{"drift", "--key", "app.pem", in("app-good.yml")}, code: exitUsage},
	{name: "drift-no-key", args: []string{"drift", "--app-id", "12345", in("app-good.yml")}, code: exitUsage},
	{name: "drift-bad-format", args: []string{"drift", "--format", "sarif", "--app-id", "1", "--key", "app.pem", in("app-good.yml")}, code: exitUsage},
	{name: "drift-bad-plan", args: []string{"drift", "--plan", "ghes-3.1", "--base", "https://github.example.com", "--app-id", "1", "--key", "app.pem", in("app-good.yml")}, code: exitUsage},
	{name: "drift-bad-client-id", args: []string{"drift", "--client-id", "Iv1 x", "--app-id", "1", "--key", "app.pem", in("app-good.yml")}, code: exitUsage},
}

func TestGolden(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range cliCases {
		if seen[c.name] {
			t.Fatalf("two cases named %s", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(c.args, strings.NewReader(c.stdin), &stdout, &stderr)
			if code != c.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, c.code, &stdout, &stderr)
			}
			checkTerminalSafe(t, "stdout", stdout.String())
			checkTerminalSafe(t, "stderr", stderr.String())
			golden(t, filepath.Join("testdata", "golden", c.name+".txt"), transcript(c.args, code, stdout.String(), stderr.String()))
		})
	}
}

// transcript is what a golden file holds: the command line, the exit
// code and both streams.
func transcript(args []string, code int, stdout, stderr string) string {
	var b strings.Builder
	b.WriteString("$ ghapp")
	for _, a := range args {
		b.WriteString(" " + shellQuote(a))
	}
	b.WriteString("\nexit " + strconv.Itoa(code) + "\n-- stdout --\n" + stdout + "-- stderr --\n" + stderr)
	return b.String()
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./:=,@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// golden compares got with the golden file path, or rewrites it with
// -update.
func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// checkTerminalSafe fails when s, written without colour, holds anything
// that could drive a terminal: a control character but a line break, a
// bidirectional control, or a byte that is not UTF-8.
func checkTerminalSafe(t *testing.T, stream, s string) {
	t.Helper()
	for i, r := range s {
		if r == '\n' {
			continue
		}
		if (r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD")) || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			t.Errorf("%s holds %U at byte %d: %q", stream, r, i, s[max(0, i-20):min(len(s), i+20)])
			return
		}
	}
}
