package main

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestRunScopes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"stand-in", []string{"-state", "s1"}, `GitHub answered 404 Not Found; X-OAuth-Scopes: read:org, repo:status; X-Accepted-OAuth-Scopes: admin:repo_hook, read:repo_hook, repo, write:repo_hook
token has: read:org, repo:status
missing: read:repo_hook
  (the endpoint accepts any one of admin:repo_hook, read:repo_hook, repo, write:repo_hook)
authorize again, keeping what the token has: https://github.com/login/oauth/authorize?client_id=Ov23liExampleClient&scope=read:org%20read:repo_hook%20repo:status&state=s1
`},
		{"stand-in with required", []string{"-state", "s2", "-required", "read:org,repo:status"}, `GitHub answered 404 Not Found; X-OAuth-Scopes: read:org, repo:status; X-Accepted-OAuth-Scopes: admin:repo_hook, read:repo_hook, repo, write:repo_hook
token has: read:org, repo:status
missing: nothing
`},
		{"header", []string{"-scopes", "repo:status, read:org", "-required", "repo,read:org,workflow", "-state", "s3", "-client-id", "Iv1.abc"}, `token has: repo:status, read:org
missing: repo, workflow
authorize again, keeping what the token has: https://github.com/login/oauth/authorize?client_id=Iv1.abc&scope=read:org%20repo%20workflow&state=s3
`},
		{"empty header", []string{"-scopes", "", "-required", "user:email", "-state", "s4", "-base", "https://octo.ghe.com"}, `token has: (none)
missing: user:email
authorize again, keeping what the token has: https://octo.ghe.com/login/oauth/authorize?client_id=Ov23liExampleClient&scope=user:email&state=s4
`},
		{"granted by an including scope", []string{"-scopes", "repo, user", "-required", "repo:status,user:email"}, `token has: repo, user
missing: nothing
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := run(&b, tt.args); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("output mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRunRandomState(t *testing.T) {
	var b strings.Builder
	if err := run(&b, []string{"-scopes", "", "-required", "gist"}); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`&state=[A-Za-z0-9_-]{43}\n$`).MatchString(b.String()) {
		t.Errorf("output %q lacks a random state", b.String())
	}
}

func TestRunDiff(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	old := write("old.json", `{"name": "octo-ci", "url": "https://example.com",
		"hook_attributes": {"url": "https://example.com/hook"},
		"default_permissions": {"checks": "write", "contents": "read", "email_addresses": "read"},
		"default_events": ["check_run", "check_suite"]}`)
	raised := write("raised.json", `{"name": "octo-ci", "url": "https://example.com",
		"default_permissions": {"checks": "write", "contents": "write", "pull_requests": "read", "emails": "read"},
		"default_events": ["check_run", "pull_request"]}`)
	lowered := write("lowered.json", `{"url": "https://example.com", "default_permissions": {"checks": "read", "contents": "read", "emails": "read"},
		"default_events": ["check_run", "check_suite"]}`)
	badLevel := write("bad.json", `{"url": "https://example.com", "default_permissions": {"checks": "maintain"}}`)
	badEvent := write("bad-event.json", `{"url": "https://example.com", "default_events": ["check-run"], "default_permissions": {"checks": "read"}}`)
	typo := write("typo.json", `{"url": "https://example.com", "default_permission": {"checks": "read"}}`)

	tests := []struct {
		name     string
		old, new string
		want     string
	}{
		{"raised", old, raised, `permissions:
  added      pull_requests: read
  upgraded   contents: read -> write
events:
  added      pull_request
  removed    check_suite
Installations must approve the new permissions.
`},
		{"lowered", old, lowered, `permissions:
  downgraded checks: write -> read
Installations need not approve anything.
`},
		{"same", old, old, "no change\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := run(&b, []string{"-old", tt.old, "-new", tt.new}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("output mismatch (-want +got):\n%s", diff)
			}
		})
	}

	errs := []struct {
		name string
		args []string
		is   error
	}{
		{"unknown level", []string{"-old", old, "-new", badLevel}, ghapp.ErrUnknownLevel},
		{"unknown event", []string{"-old", badEvent, "-new", old}, ghapp.ErrUnknownEvent},
		{"missing file", []string{"-old", old, "-new", filepath.Join(dir, "nope.json")}, os.ErrNotExist},
		{"misspelt key", []string{"-old", old, "-new", typo}, ghapp.ErrUnknownParameter},
		{"unknown scope", []string{"-scopes", "repo", "-required", "repo,org:read"}, ghapp.ErrUnknownScope},
		{"retired scope", []string{"-required", "read:discussion"}, ghapp.ErrRetired},
		{"bad base", []string{"-scopes", "", "-required", "repo", "-base", "http://github.example.com"}, ghapp.ErrInvalidTarget},
	}
	for _, tt := range errs {
		if err := run(&strings.Builder{}, tt.args); !errors.Is(err, tt.is) {
			t.Errorf("%s: run error = %v, want %v", tt.name, err, tt.is)
		}
	}
	for _, args := range [][]string{{"-old", old}, {"-scopes", "repo"}, {"extra"}, {"-nope"}} {
		if err := run(&strings.Builder{}, args); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}
