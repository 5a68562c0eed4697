package ghapp_test

import "github.com/ghapp-dev/ghapp"

// The sentinels of issue 14's block in errors.go, added to the table that
// problems reads so that its lines name them.
func init() {
	sentinels = append(sentinels, []struct {
		name string
		err  error
	}{
		{"ErrOAuth", ghapp.ErrOAuth},
		{"ErrAuthorizationPending", ghapp.ErrAuthorizationPending},
		{"ErrSlowDown", ghapp.ErrSlowDown},
		{"ErrExpiredToken", ghapp.ErrExpiredToken},
		{"ErrAccessDenied", ghapp.ErrAccessDenied},
		{"ErrDeviceFlowDisabled", ghapp.ErrDeviceFlowDisabled},
		{"ErrUnsupportedGrantType", ghapp.ErrUnsupportedGrantType},
		{"ErrIncorrectClientCredentials", ghapp.ErrIncorrectClientCredentials},
		{"ErrIncorrectDeviceCode", ghapp.ErrIncorrectDeviceCode},
		{"ErrBadVerificationCode", ghapp.ErrBadVerificationCode},
		{"ErrRedirectURIMismatch", ghapp.ErrRedirectURIMismatch},
		{"ErrUnverifiedUserEmail", ghapp.ErrUnverifiedUserEmail},
		{"ErrBadRefreshToken", ghapp.ErrBadRefreshToken},
		{"ErrOutOfRange", ghapp.ErrOutOfRange},
		{"ErrNotAccepted", ghapp.ErrNotAccepted},
	}...)
}
