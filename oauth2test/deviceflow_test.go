package oauth2test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/ghapp-dev/ghapp"
)

// TestDeviceFlow runs the device flow with x/oauth2 against the stand-in,
// once for each of GitHub's documented answers to a poll, and checks what
// reaches the caller: a token whose scopes pass CheckScopes, or an error
// that wraps the code's ghapp sentinel. The stand-in's interval is one
// second, so the subtests run in parallel; slow_down costs six seconds more,
// as it does on GitHub.
func TestDeviceFlow(t *testing.T) {
	required := []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeReadOrg}
	tests := []struct {
		name string
		// app sets the app up; poll acts as the user at each poll; change
		// changes what the client sends after DeviceAuth.
		app    func(s *stand)
		poll   func(d *device, poll int)
		change func(conf *oauth2.Config, da *oauth2.DeviceAuthResponse)
		// autoDetect leaves x/oauth2's AuthStyle at its default,
		// AuthStyleAutoDetect, instead of AuthStyleInParams.
		autoDetect bool
		// timeout bounds the polling; 0 is the device code's own expiry.
		timeout time.Duration
		// want is the error's sentinel, nil for a token; answers are the
		// token endpoint's answers, in order.
		want    error
		answers []string
	}{
		{
			name:    "authorization_pending, then the user approves",
			poll:    func(d *device, poll int) { approveAt(d, poll, 3) },
			answers: []string{"authorization_pending", "authorization_pending", "token"},
		},
		{
			// GitHub adds 5 seconds to the interval; x/oauth2 does too, so
			// its next poll is not too soon and gets the token.
			name: "slow_down",
			poll: func(d *device, poll int) {
				if poll == 1 {
					d.answer("slow_down")
				}
				approveAt(d, poll, 2)
			},
			answers: []string{"slow_down", "token"},
		},
		{
			name:    "expired_token",
			poll:    func(d *device, poll int) { expireAt(d, poll, 2) },
			want:    ghapp.ErrExpiredToken,
			answers: []string{"authorization_pending", "expired_token"},
		},
		{
			name:    "access_denied",
			poll:    func(d *device, poll int) { d.deny() },
			want:    ghapp.ErrAccessDenied,
			answers: []string{"access_denied"},
		},
		{
			// GitHub answers the device code request itself, with 400.
			name: "device_flow_disabled",
			app:  func(s *stand) { s.deviceFlow = false },
			want: ghapp.ErrDeviceFlowDisabled,
		},
		{
			name: "incorrect_device_code",
			change: func(_ *oauth2.Config, da *oauth2.DeviceAuthResponse) {
				da.DeviceCode = "3584d83530557fdd1f46af8289938c8ef79f9dc5"
			},
			want:    ghapp.ErrIncorrectDeviceCode,
			answers: []string{"incorrect_device_code"},
		},
		{
			name:    "incorrect_client_credentials",
			change:  func(conf *oauth2.Config, _ *oauth2.DeviceAuthResponse) { conf.ClientID = "Ov23liOther" },
			want:    ghapp.ErrIncorrectClientCredentials,
			answers: []string{"incorrect_client_credentials"},
		},
		{
			// x/oauth2's default sends a failed token request again with
			// the credentials moved: two polls within the interval, the
			// second of which GitHub answers with slow_down. At every poll
			// the interval grows by 5 seconds; OAuthEndpoint's doc says to
			// set AuthStyleInParams.
			name:       "AuthStyleAutoDetect polls twice",
			autoDetect: true,
			timeout:    2500 * time.Millisecond,
			want:       context.DeadlineExceeded,
			answers:    []string{"authorization_pending", "slow_down"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStand(t, clientID, clientSecret, callback)
			if tt.app != nil {
				tt.app(s)
			}
			s.onPoll = tt.poll
			style := oauth2.AuthStyleInParams
			if tt.autoDetect {
				style = oauth2.AuthStyleAutoDetect
			}
			conf := config(t, s, style, required...)
			conf.ClientSecret = "" // the device flow needs the client ID only

			ctx := context.Background()
			da, err := conf.DeviceAuth(ctx)
			if err != nil {
				err = githubError(err)
				if tt.want == nil || !errors.Is(err, tt.want) {
					t.Fatalf("DeviceAuth: %v, want %v", err, tt.want)
				}
				if len(tt.answers) > 0 {
					t.Fatalf("DeviceAuth failed, want answers %v", tt.answers)
				}
				return
			}
			if da.VerificationURI != s.URL+"/login/device" || len(da.DeviceCode) != 40 || len(da.UserCode) != 9 {
				t.Errorf("device authorization %+v, want GitHub's shape", da)
			}
			if tt.change != nil {
				tt.change(conf, da)
			}
			if tt.timeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.timeout)
				defer cancel()
			}
			tok, err := conf.DeviceAccessToken(ctx, da)
			var answers []string
			for _, ex := range s.exchanges() {
				answers = append(answers, ex.answer)
			}
			if diff := cmp.Diff(tt.answers, answers); diff != "" {
				t.Errorf("the token endpoint's answers (-want +got):\n%s", diff)
			}
			if tt.want != nil {
				if err = githubError(err); !errors.Is(err, tt.want) {
					t.Fatalf("DeviceAccessToken: %v, want %v", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(githubError(err))
			}
			if err := ghapp.CheckScopes(tokenScopes(t, tok), required); err != nil {
				t.Error(err)
			}
		})
	}
}

// approveAt has the user approve at poll at.
func approveAt(d *device, poll, at int) {
	if poll >= at {
		d.approve()
	}
}

// expireAt lets the device code expire at poll at.
func expireAt(d *device, poll, at int) {
	if poll >= at {
		d.expire()
	}
}
