package ghapp_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/ghapp-dev/ghapp"
)

// exampleAnswer is a conversion answer of the kind GitHub gives, cut down;
// its key is a placeholder, which PrivateKey refuses.
const exampleAnswer = `{"id": 1, "slug": "octoapp", "name": "Octocat App", "owner": {"login": "octocat", "id": 1, "type": "User"},
"html_url": "https://github.com/apps/octoapp", "permissions": {"metadata": "read", "issues": "write"}, "events": ["issues"],
"client_id": "Iv1.8a61f9b3a7aba766", "client_secret": "1726be1638095a19edd134c77bde3aa2ece1e5d8",
"webhook_secret": "e340154128314309424b7c8e90325147d99fdafa", "pem": "-----BEGIN RSA PRIVATE KEY-----\nMIIB...\n-----END RSA PRIVATE KEY-----\n"}`

func ExampleConvertManifestCode() {
	// A stand-in for GitHub Enterprise Server's API, answering the
	// conversion as GitHub does.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/app-manifests/a180b1a3d263c81bc6441d7b990bae27d4c10679/conversions") {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(exampleAnswer))
	}))
	defer api.Close()

	// The code GitHub sent to the manifest's redirect_url, and the target
	// the flow started on (a loopback host stands in for the server).
	target := ghapp.Target{BaseURL: api.URL}
	creds, err := ghapp.ConvertManifestCode(context.Background(), nil, target, "a180b1a3d263c81bc6441d7b990bae27d4c10679")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(creds.ID, creds.Slug, creds.ClientID, creds.Permissions)
	fmt.Println("client secret:", creds.ClientSecret)

	// A code that cannot be one of GitHub's never reaches the network.
	_, err = ghapp.ConvertManifestCode(context.Background(), nil, target, "../../user")
	fmt.Println(err)
	// Output:
	// 1 octoapp Iv1.8a61f9b3a7aba766 map[issues:write metadata:read]
	// client secret: [redacted]
	// ghapp: code: not a manifest code (1 to 256 letters, digits, - and _)
}

func ExampleAppCredentials() {
	// Credentials as the manifest flow gives them back; the key is made
	// here in its place.
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		log.Fatal(err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	creds := &ghapp.AppCredentials{
		ID: 1, Slug: "octoapp", ClientID: "Iv1.8a61f9b3a7aba766",
		ClientSecret:  ghapp.NewSecret("1726be1638095a19edd134c77bde3aa2ece1e5d8"),
		WebhookSecret: ghapp.NewSecret("e340154128314309424b7c8e90325147d99fdafa"),
		PEM:           ghapp.NewSecret(string(keyPEM)),
	}

	// Printed or logged, the secrets never show.
	fmt.Println(creds.WebhookSecret)
	fmt.Println(strings.Contains(fmt.Sprintf("%+v", creds), creds.ClientSecret.Reveal()))

	// RevealJSON is the one way to store them all, for a secret store;
	// ParseCredentials reads them back whole.
	data, err := creds.RevealJSON()
	if err != nil {
		log.Fatal(err)
	}
	back, err := ghapp.ParseCredentials(data)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.ClientSecret.Equal(creds.ClientSecret), back.PEM.Equal(creds.PEM))

	// PrivateKey reads the key that signs the app's JSON Web Tokens.
	if k, err := back.PrivateKey(); err != nil || !k.Equal(key) {
		log.Fatal("the key did not read back")
	}

	// An env file with Probot's names, written atomically, mode 0600.
	dir, err := os.MkdirTemp("", "ghapp-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, ".env")
	if err := creds.WriteEnvFile(path, false); err != nil {
		log.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		log.Fatal(err)
	}
	env, _ := os.ReadFile(path)
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(string(env)), "\n") {
		if name, _, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, " ") {
			names = append(names, name)
		}
	}
	fmt.Println(info.Mode().Perm(), names)
	// Output:
	// [redacted]
	// false
	// true true
	// -rw------- [APP_ID PRIVATE_KEY WEBHOOK_SECRET GITHUB_CLIENT_ID GITHUB_CLIENT_SECRET]
}
