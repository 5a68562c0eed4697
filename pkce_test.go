package ghapp_test

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"log"
	"strings"
	"testing"

	"github.com/ghapp-dev/ghapp"
)

// RFC 7636, appendix B: the example verifier and its S256 challenge.
const (
	rfcVerifier  = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	rfcChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
)

func TestPKCEChallenge(t *testing.T) {
	tests := []struct {
		name, verifier, want string
	}{
		{"RFC 7636 appendix B", rfcVerifier, rfcChallenge},
		// The challenge of the empty string is the SHA-256 of nothing.
		{"empty", "", "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ghapp.PKCEChallenge(tt.verifier); got != tt.want {
				t.Errorf("PKCEChallenge(%q) = %q, want %q", tt.verifier, got, tt.want)
			}
		})
	}
}

func TestNewPKCEVerifier(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 100; i++ {
		v, err := ghapp.NewPKCEVerifier()
		if err != nil {
			t.Fatal(err)
		}
		if len(v) != 43 {
			t.Errorf("NewPKCEVerifier() = %q, %d characters; want 43", v, len(v))
		}
		raw, err := base64.RawURLEncoding.Strict().DecodeString(v)
		if err != nil || len(raw) != 32 {
			t.Errorf("NewPKCEVerifier() = %q: not 32 bytes of base64url (%v)", v, err)
		}
		if seen[v] {
			t.Fatalf("NewPKCEVerifier() gave %q twice", v)
		}
		seen[v] = true
		// Its challenge is one an authorize URL accepts.
		c := ghapp.PKCEChallenge(v)
		sum := sha256.Sum256([]byte(v))
		if want := base64.RawURLEncoding.EncodeToString(sum[:]); c != want {
			t.Errorf("PKCEChallenge(%q) = %q, want %q", v, c, want)
		}
		if _, err := (ghapp.AuthorizeRequest{ClientID: "x", CodeChallenge: c}).URL(ghapp.Target{}); err != nil {
			t.Errorf("URL with challenge %q: %v", c, err)
		}
	}
}

func ExamplePKCEChallenge() {
	// The example of RFC 7636, appendix B.
	fmt.Println(ghapp.PKCEChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
	// Output:
	// E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM
}

func ExampleNewPKCEVerifier() {
	verifier, err := ghapp.NewPKCEVerifier() // keep it, with the state, until the code exchange
	if err != nil {
		log.Fatal(err)
	}
	link, err := ghapp.AuthorizeRequest{
		ClientID:      "Ov23liExample",
		State:         "8bd4f3c2e1a0",
		CodeChallenge: ghapp.PKCEChallenge(verifier),
	}.URL(ghapp.Target{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(verifier), strings.Contains(link, "&code_challenge_method=S256"))
	// Output:
	// 43 true
}
