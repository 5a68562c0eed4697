package ghapp

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// Lengths of PKCE values (RFC 7636): a code verifier has 43 to 128
// characters; a code challenge made with S256, the only method GitHub
// accepts, has exactly 43.
const (
	maxPKCEVerifierLength = 128
	pkceChallengeLength   = 43
)

// pkceVerifierBytes is the number of random bytes in a new verifier: 32
// bytes, 256 bits, written in base64url without padding as 43 characters,
// the length RFC 7636 recommends.
const pkceVerifierBytes = 32

// NewPKCEVerifier returns a new PKCE code verifier: 32 bytes from
// [crypto/rand] written in base64url without padding, which makes 43
// characters of the unreserved set (letters, digits, "-" and "_") and 256
// bits of entropy, as RFC 7636 recommends. Keep it with the state until the
// code exchange, send [PKCEChallenge] of it in [AuthorizeRequest.CodeChallenge],
// and send the verifier itself as code_verifier when exchanging the code.
//
// It returns an error only when the system's random source fails.
func NewPKCEVerifier() (string, error) {
	var b [pkceVerifierBytes]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// PKCEChallenge returns the S256 code challenge of verifier: the SHA-256
// hash of its bytes, written in base64url without padding (43 characters).
// RFC 7636's example verifier "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
// gives "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".
//
// It does not check verifier: use one from [NewPKCEVerifier].
func PKCEChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// checkPKCEChallenge checks an S256 code challenge: 43 characters of
// base64url without padding that decode to the 32 bytes of a SHA-256 hash.
func checkPKCEChallenge(c string) *FieldError {
	const field = "code_challenge"
	if len(c) != pkceChallengeLength {
		hint := ""
		switch {
		case len(c) == pkceChallengeLength+1 && c[len(c)-1] == '=':
			hint = "; leave out the \"=\" padding"
		case len(c) > pkceChallengeLength && len(c) <= maxPKCEVerifierLength:
			hint = "; is it the verifier? Send PKCEChallenge(verifier)"
		}
		return fieldErr(field, ErrInvalidFormat, "%d characters; an S256 challenge has %d%s", len(c), pkceChallengeLength, hint)
	}
	for i := 0; i < len(c); i++ {
		if b := c[i]; !(isAlnum(b) || b == '-' || b == '_') {
			return fieldErr(field, ErrInvalidFormat, "byte %d is %q; an S256 challenge is base64url: letters, digits, - and _", i, b)
		}
	}
	if _, err := base64.RawURLEncoding.Strict().DecodeString(c); err != nil {
		// 43 characters carry 258 bits; the last 2 must be zero for 32 bytes.
		return fieldErr(field, ErrInvalidFormat, "%s is not the base64url of a SHA-256 hash", quoteBounded(c))
	}
	return nil
}
