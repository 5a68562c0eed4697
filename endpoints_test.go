package ghapp_test

import (
	"errors"
	"fmt"
	"log"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestOAuthEndpoint(t *testing.T) {
	endpoint := func(origin string) ghapp.OAuthEndpoint {
		return ghapp.OAuthEndpoint{AuthURL: origin + "/login/oauth/authorize", TokenURL: origin + "/login/oauth/access_token",
			DeviceAuthURL: origin + "/login/device/code"}
	}
	tests := []struct {
		name     string
		t        ghapp.Target
		want     ghapp.OAuthEndpoint
		problems []string
	}{
		{name: "github.com", t: ghapp.Target{}, want: endpoint("https://github.com")},
		{name: "github.com written out", t: ghapp.Target{BaseURL: "https://GitHub.com/"}, want: endpoint("https://github.com")},
		{name: "an enterprise account on github.com", t: ghapp.Target{Plan: ghapp.PlanGHEC}, want: endpoint("https://github.com")},
		{name: "GHE.com", t: ghapp.Target{BaseURL: "https://octocorp.ghe.com"}, want: endpoint("https://octocorp.ghe.com")},
		{name: "GitHub Enterprise Server", t: ghapp.Target{BaseURL: "https://github.example.com"}, want: endpoint("https://github.example.com")},
		{name: "GitHub Enterprise Server on a port", t: ghapp.Target{BaseURL: "https://github.example.com:8443"}, want: endpoint("https://github.example.com:8443")},
		{name: "an older GitHub Enterprise Server", t: ghapp.Target{BaseURL: "https://github.example.com", Plan: ghapp.PlanGHES317},
			want: endpoint("https://github.example.com")},
		{name: "a loopback stand-in", t: ghapp.Target{BaseURL: "http://127.0.0.1:8080"}, want: endpoint("http://127.0.0.1:8080")},

		{name: "an organization", t: ghapp.Target{Organization: "octo-org"}, problems: []string{"organization: ErrInvalidTarget"}},
		{name: "the API host", t: ghapp.Target{BaseURL: "https://api.github.com"}, problems: []string{"base_url: ErrInvalidTarget"}},
		{name: "GHE.com's API host", t: ghapp.Target{BaseURL: "https://api.octocorp.ghe.com"}, problems: []string{"base_url: ErrInvalidTarget"}},
		{name: "http", t: ghapp.Target{BaseURL: "http://github.example.com"}, problems: []string{"base_url: ErrInvalidTarget"}},
		{name: "a path", t: ghapp.Target{BaseURL: "https://github.example.com/api/v3"}, problems: []string{"base_url: ErrInvalidTarget"}},
		{name: "a GHES plan on github.com", t: ghapp.Target{Plan: ghapp.PlanGHES319}, problems: []string{"plan: ErrInvalidTarget"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.t.OAuthEndpoint()
			if diff := cmp.Diff(tt.problems, problems(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if err != nil {
				return
			}
			// The authorize link starts with the endpoint's AuthURL.
			link, err := ghapp.AuthorizeRequest{ClientID: "Ov23liExample"}.URL(tt.t)
			if err != nil || !strings.HasPrefix(link, got.AuthURL+"?") {
				t.Errorf("AuthorizeRequest.URL = %q, %v; want it under %s", link, err, got.AuthURL)
			}
		})
	}
}

func TestOAuthError(t *testing.T) {
	// Every code GitHub documents for the device flow, the code exchange
	// and the refresh, with its sentinel.
	codes := []struct {
		code string
		want error
	}{
		{"authorization_pending", ghapp.ErrAuthorizationPending},
		{"slow_down", ghapp.ErrSlowDown},
		{"expired_token", ghapp.ErrExpiredToken},
		{"unsupported_grant_type", ghapp.ErrUnsupportedGrantType},
		{"incorrect_client_credentials", ghapp.ErrIncorrectClientCredentials},
		{"incorrect_device_code", ghapp.ErrIncorrectDeviceCode},
		{"access_denied", ghapp.ErrAccessDenied},
		{"device_flow_disabled", ghapp.ErrDeviceFlowDisabled},
		{"redirect_uri_mismatch", ghapp.ErrRedirectURIMismatch},
		{"bad_verification_code", ghapp.ErrBadVerificationCode},
		{"unverified_user_email", ghapp.ErrUnverifiedUserEmail},
		{"bad_refresh_token", ghapp.ErrBadRefreshToken},
	}
	for _, c := range codes {
		t.Run(c.code, func(t *testing.T) {
			err := error(&ghapp.OAuthError{Code: c.code})
			if !errors.Is(err, c.want) || !errors.Is(err, ghapp.ErrOAuth) {
				t.Errorf("%v does not wrap its sentinel and ErrOAuth", err)
			}
			for _, other := range codes {
				if other.code != c.code && errors.Is(err, other.want) {
					t.Errorf("%v wraps %v too", err, other.want)
				}
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "ghapp: OAuth error "+c.code+": ") {
				t.Errorf("Error() = %q, want the code and advice", msg)
			}
		})
	}
	unknown := &ghapp.OAuthError{Code: "brand_new_code"}
	if got := unknown.Unwrap(); len(got) != 1 || got[0] != ghapp.ErrOAuth {
		t.Errorf("an unknown code unwraps to %v, want ErrOAuth alone", got)
	}
	cause := errors.New("oauth2: the original")
	wrapped := &ghapp.OAuthError{Code: "slow_down", Err: cause}
	if !errors.Is(wrapped, cause) {
		t.Error("Err is not in the chain")
	}
}

func TestOAuthErrorText(t *testing.T) {
	tests := []struct {
		e    *ghapp.OAuthError
		want string
	}{
		{&ghapp.OAuthError{Code: "device_flow_disabled", Description: "Device Flow must be explicitly enabled for this App", URI: "https://docs.github.com"},
			"ghapp: OAuth error device_flow_disabled: the device flow is not enabled for this app; enable it in the app's settings (Enable Device Flow) " +
				"(GitHub says: Device Flow must be explicitly enabled for this App; see https://docs.github.com)"},
		{&ghapp.OAuthError{Code: "brand_new_code", Description: "New."}, "ghapp: OAuth error brand_new_code (GitHub says: New.)"},
		{&ghapp.OAuthError{}, "ghapp: OAuth error without a code"},
		{&ghapp.OAuthError{Code: "x\x1b[2J", Description: "a\nb\x00\xff", URI: "\t"}, "ghapp: OAuth error x [2J (GitHub says: a b)"},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
	// A server's long description is cut.
	long := &ghapp.OAuthError{Code: "slow_down", Description: strings.Repeat("é", 1000), URI: strings.Repeat("u", 1000)}
	if n := len(long.Error()); n > 800 {
		t.Errorf("Error() is %d bytes for a 3000-byte answer", n)
	}
}

func ExampleTarget_OAuthEndpoint() {
	for _, t := range []ghapp.Target{{}, {BaseURL: "https://octocorp.ghe.com"}, {BaseURL: "https://github.example.com"}} {
		ep, err := t.OAuthEndpoint()
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(ep.AuthURL)
		fmt.Println(ep.TokenURL)
		fmt.Println(ep.DeviceAuthURL)
	}
	// Output:
	// https://github.com/login/oauth/authorize
	// https://github.com/login/oauth/access_token
	// https://github.com/login/device/code
	// https://octocorp.ghe.com/login/oauth/authorize
	// https://octocorp.ghe.com/login/oauth/access_token
	// https://octocorp.ghe.com/login/device/code
	// https://github.example.com/login/oauth/authorize
	// https://github.example.com/login/oauth/access_token
	// https://github.example.com/login/device/code
}

func ExampleOAuthError() {
	// What GitHub answers when an app has not enabled the device flow, as
	// x/oauth2's RetrieveError holds it.
	err := error(&ghapp.OAuthError{Code: "device_flow_disabled",
		Description: "Device Flow must be explicitly enabled for this App", URI: "https://docs.github.com"})
	switch {
	case errors.Is(err, ghapp.ErrAuthorizationPending), errors.Is(err, ghapp.ErrSlowDown):
		fmt.Println("poll again")
	case errors.Is(err, ghapp.ErrDeviceFlowDisabled):
		fmt.Println("enable the device flow in the app's settings")
	}
	// Output:
	// enable the device flow in the app's settings
}
