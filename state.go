package ghapp

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
)

// NewState returns a new random state for the manifest flow, the OAuth web
// flow or an installation link: 256 bits from crypto/rand, written as 43
// characters of unpadded base64url, safe in a URL without escaping. It fails
// only if the system's random source does.
func NewState() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// CheckState checks got, the state that came back with a redirect, against
// want, the state the flow started with. It returns nil when they are the
// same, and otherwise a [*FieldError] with field "state" wrapping
// [ErrStateMismatch], which names neither value. It takes the same time
// whatever the first difference, so it gives an attacker nothing to time.
// An empty want never matches.
func CheckState(got, want string) error {
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return fieldErr("state", ErrStateMismatch, "the state that came back is not the one the flow started with")
	}
	return nil
}
