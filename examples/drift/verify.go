package main

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// verify checks an app's JSON Web Token as GitHub does: an RS256 signature
// by the app's key, iat not in the future, exp not past and at most ten
// minutes on, and an issuer.
func verify(token string, pub *rsa.PublicKey, now time.Time) error {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return errors.New("not a JSON Web Token")
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig); err != nil {
		return err
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return err
	}
	var c struct {
		IAT, EXP int64
		ISS      string
	}
	if err := json.Unmarshal(payload, &c); err != nil {
		return err
	}
	switch t := now.Unix(); {
	case c.ISS == "":
		return errors.New("no issuer")
	case c.IAT > t+1:
		return errors.New("issued in the future")
	case c.EXP <= t || c.EXP > t+600:
		return errors.New("expired, or more than ten minutes on")
	}
	return nil
}
