package ghapp

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"
)

// RFC 7515, appendix A.2: "Example JWS Using RSASSA-PKCS1-v1_5 SHA-256",
// the RSA key of its JWK (n, e, d and the first prime p; the second prime
// is n/p), its JWS Signing Input and the signature it gives. RS256 is
// deterministic, so signRS256 must give the same bytes.
const (
	rfc7515N = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"
	rfc7515D = "Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ"
	rfc7515P = "4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc"

	rfc7515Input     = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
	rfc7515Signature = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"
)

func rfc7515Key(t *testing.T) *rsa.PrivateKey {
	num := func(s string) *big.Int {
		b, err := base64.RawURLEncoding.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return new(big.Int).SetBytes(b)
	}
	n, p := num(rfc7515N), num(rfc7515P)
	q, rem := new(big.Int).QuoRem(n, p, new(big.Int))
	if rem.Sign() != 0 {
		t.Fatal("p does not divide n: the key is mistyped")
	}
	k := &rsa.PrivateKey{PublicKey: rsa.PublicKey{N: n, E: 65537}, D: num(rfc7515D), Primes: []*big.Int{p, q}}
	if err := k.Validate(); err != nil {
		t.Fatal(err)
	}
	k.Precompute()
	return k
}

func TestSignRS256RFC7515(t *testing.T) {
	got, err := signRS256(rfc7515Key(t), rfc7515Input)
	if err != nil {
		t.Fatal(err)
	}
	if want := rfc7515Input + "." + rfc7515Signature; got != want {
		t.Errorf("signRS256 of RFC 7515's A.2 input =\n%s\nwant\n%s", got, want)
	}
}

// TestAppTransportRenews: the token is reused while it has more than a
// minute to live, and made again after; many goroutines asking at once get
// one token.
func TestAppTransportRenews(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	tr := &AppTransport{Key: key, AppID: 1, ClientID: "Iv1.ab1112223334445c", now: func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return now
	}}
	advance := func(d time.Duration) {
		mu.Lock()
		now = now.Add(d)
		mu.Unlock()
	}
	first, err := tr.Token()
	if err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	tokens := make([]string, 32)
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tokens[i], _ = tr.Token()
		}()
	}
	wg.Wait()
	for _, tok := range tokens {
		if tok != first {
			t.Fatal("concurrent callers got another token")
		}
	}

	advance(8*time.Minute - time.Second) // 1 min 1 s before exp
	if tok, _ := tr.Token(); tok != first {
		t.Error("a new token with more than a minute left")
	}
	advance(time.Second) // exactly a minute before exp
	second, _ := tr.Token()
	if second == first || second == "" {
		t.Error("the same token a minute before it expires")
	}
	if !strings.HasPrefix(second, jwtHeader+".") {
		t.Errorf("token %q", second)
	}
	if tok, _ := tr.Token(); tok != second {
		t.Error("the renewed token is not reused")
	}
}
