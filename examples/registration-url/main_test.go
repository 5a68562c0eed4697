package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestRun(t *testing.T) {
	tests := []struct {
		t    ghapp.Target
		want string
		err  error
	}{
		{ghapp.Target{}, "https://github.com/settings/apps/new?name=octocat-github-app&description=An%20Octocat%20App&callback_urls[]=https://example.com&request_oauth_on_install=true&public=true&checks=write&events[]=check_run&events[]=check_suite\n", nil},
		{ghapp.Target{BaseURL: "https://github.example.com", Organization: "octo-org"}, "https://github.example.com/organizations/octo-org/settings/apps/new?name=octocat-github-app&description=An%20Octocat%20App&callback_urls[]=https://example.com&request_oauth_on_install=true&public=true&checks=write&events[]=check_run&events[]=check_suite\n", nil},
		{ghapp.Target{Organization: "-bad-"}, "", ghapp.ErrInvalidTarget},
	}
	for _, tt := range tests {
		var b strings.Builder
		err := run(&b, tt.t)
		if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("run(%+v) error = %v, want %v", tt.t, err, tt.err)
		}
		if diff := cmp.Diff(tt.want, b.String()); diff != "" {
			t.Errorf("run(%+v) output mismatch (-want +got):\n%s", tt.t, diff)
		}
	}
}
